"""Streaming CSV for the exports: a pass-through buffer and spreadsheet-safe cells."""

from datetime import UTC

# A spreadsheet runs a cell that starts with one of these as a formula
# ("=HYPERLINK(...)" typed into a claim); tab and carriage return too (OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class Echo:
    """A file-like object whose write returns the line, for csv.writer to stream."""

    def write(self, value: str) -> str:
        return value


def csv_cell(value) -> str:
    """The value as CSV text, quoted as plain text if a spreadsheet would run it."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def utc_iso(value) -> str:
    """An aware datetime as ISO 8601 in UTC ("" for none)."""
    return value.astimezone(UTC).isoformat() if value else ""
