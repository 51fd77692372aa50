"""The translation catalogs: each directory's ``locale/`` (``.``: the root's)."""

I18N_CATALOG_DIRS = [".", "claims", "sources", "audit", "config"]
