"""Record ids as they arrive from outside: positive, and within 64 bits."""

# The largest id any of our databases stores (a signed 64-bit integer). SQLite's
# driver raises OverflowError for a larger number in a query, a 500 unless the
# id is refused first; Django guards only some lookups (exact, lt, gt) itself.
MAX_ID = 2**63 - 1


def parse_id(raw) -> int | None:
    """The id ``raw`` names, or None if it is not a positive 64-bit integer."""
    text = str(raw).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None
