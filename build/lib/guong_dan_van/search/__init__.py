"""Search: one interface, an embedded engine (default) and Meilisearch (production)."""
