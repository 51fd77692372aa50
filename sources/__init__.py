"""Sources: the documents and pages that evidence is quoted from."""
