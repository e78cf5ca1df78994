"""What every domain shares: errors, permissions, audit, text folding, pagination."""
