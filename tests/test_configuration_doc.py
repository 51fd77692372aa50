"""docs/configuration.md lists every environment variable the settings read."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READER = re.compile(r"\benv_(?:str|bool|int|float|list)\(\s*\"([A-Z0-9_]+)\"")
DOCUMENTED = re.compile(r"^\| `([A-Z0-9_]+)` \|", re.MULTILINE)


def test_every_variable_the_settings_read_is_documented_once():
    read = set(READER.findall((ROOT / "config" / "settings.py").read_text()))
    documented = DOCUMENTED.findall((ROOT / "docs" / "configuration.md").read_text())

    assert len(read) > 20  # the pattern still finds the readers
    assert sorted(read - set(documented)) == []
    assert sorted(set(documented) - read) == []
    assert len(documented) == len(set(documented))
