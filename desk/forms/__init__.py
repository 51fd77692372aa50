"""Forms of the desk's pages, one module per page family."""
