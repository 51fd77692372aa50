"""What a stored body is and what it says: the describer the claims app registers.

Sniffing and extracting text (HTML with trafilatura, PDF with pdfminer) is done
once, by claims.formats; sources sits below claims, so the claims app registers
its describer here when it starts (as apps register their audit messages).
"""

from collections.abc import Callable

Describer = Callable[[bytes], tuple[str, str]]
_describer: list[Describer] = []


def register_describer(describe: Describer) -> None:
    """``describe(body) -> (content type, extracted text)``; the last one wins."""
    _describer[:] = [describe]


def describe(body: bytes) -> tuple[str, str]:
    """The sniffed content type and the text of ``body`` ("" when it has none)."""
    if not body:
        return "", ""
    if _describer:
        return _describer[0](body)
    return "application/octet-stream", ""
