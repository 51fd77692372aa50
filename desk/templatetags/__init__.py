"""Template tags of the ClaimTrail web pages."""
