"""Units (đơn vị): the tree of bodies that nominate, enter, judge and publish, and their 2025 history."""
