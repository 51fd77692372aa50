"""The desk's views, one module per page family."""
