"""The desk: every staff-facing page of claims, reports, sources and reviews."""
