"""Every URL name the docs give is routed: a page moved to another app moves its name."""

import re
from pathlib import Path

from django.urls import get_resolver

ROOT = Path(__file__).resolve().parent.parent
NAME = re.compile(r"`((?:desk|reviews|audit|collab|sources|claims|api)(?::[\w-]+)+)`")


def _routed(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from _routed(pattern, inner)
        elif pattern.name:
            yield namespace + pattern.name


def test_every_url_name_in_the_docs_is_routed():
    routed = set(_routed(get_resolver()))
    named = {
        (path.name, name)
        for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
        for name in NAME.findall(path.read_text(encoding="utf-8"))
    }
    assert len(named) > 20  # the pattern still finds the names
    assert sorted((doc, name) for doc, name in named if name not in routed) == []
