"""Where the translation catalogs live: the root one and each app's (make messages)."""

I18N_CATALOG_DIRS = [".", "reviews", "collab", "desk"]
