"""Reports, claims, their appearances and evidence, the workflow and the report importer."""
