"""Every translation catalog is complete: each string is translated, and compiled."""

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from config.i18n import (
    BASE_DIR,
    I18N_CATALOG_DIRS,
    I18N_LANGUAGES,
    ROOT_SOURCES,
    django_admin,
    makemessages_args,
)

pytestmark = pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="needs gettext (xgettext, msgfmt): apt-get install gettext",
)

# %(name)s, %s, %d and {name}; "%%" is a literal percent sign.
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{[A-Za-z_][A-Za-z0-9_]*\}")
SHOWN = 5  # untranslated strings named in a failure


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def key(entry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def translations(entry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def extract(catalog_dir: str, into: Path) -> Path:
    """The catalog's sources copied into `into`, extracted there as `make messages`
    does (into an empty locale/, so that nothing is merged from the committed one)."""
    source = BASE_DIR / catalog_dir
    if catalog_dir == ".":
        for name in ROOT_SOURCES:
            if (source / name).is_dir():
                shutil.copytree(source / name, into / name)
    else:
        shutil.copytree(
            source, into, ignore=shutil.ignore_patterns("locale", "__pycache__")
        )
    (into / "locale").mkdir(exist_ok=True)
    django_admin(makemessages_args(catalog_dir, base=into), into)
    return into / "locale"


def problems_of(extracted: polib.POFile, committed_po: Path) -> list[str]:
    """What is missing or wrong in the committed .po and .mo, the worst first."""
    if not committed_po.exists():
        return [f"{committed_po} does not exist: run `make messages`"]
    committed = polib.pofile(str(committed_po))
    by_key = {key(entry): entry for entry in committed if not entry.obsolete}
    untranslated, fuzzy, mismatched = [], [], []
    for wanted in extracted:
        entry = by_key.get(key(wanted))
        if entry is None or not all(translations(entry)):
            untranslated.append(wanted.msgid)
        elif entry.fuzzy:
            fuzzy.append(entry.msgid)
        else:
            expected = placeholders(entry.msgid) | placeholders(entry.msgid_plural)
            for text in translations(entry):
                if not placeholders(text) <= expected or (
                    not entry.msgid_plural and placeholders(text) != expected
                ):
                    mismatched.append(f"{entry.msgid!r} -> {text!r}")
    found = []
    for what, msgids in (
        ("untranslated (or missing)", untranslated),
        ("fuzzy (check the translation, then remove the fuzzy flag)", fuzzy),
        ("with other placeholders than the English", mismatched),
    ):
        if msgids:
            shown = "\n    ".join(str(m) for m in msgids[:SHOWN])
            found.append(f"{len(msgids)} string(s) {what}, e.g.:\n    {shown}")
    found.extend(stale_mo(committed, committed_po.with_suffix(".mo")))
    return found


def stale_mo(committed: polib.POFile, mo_path: Path) -> list[str]:
    """The compiled .mo must hold exactly the .po's translations."""
    if not mo_path.exists():
        return [f"{mo_path.name} is missing: run `make messages` (compilemessages)"]
    want = {
        key(entry): translations(entry)
        for entry in committed.translated_entries()
        if not entry.obsolete
    }
    have = {
        key(entry): translations(entry)
        for entry in polib.mofile(str(mo_path))
        if entry.msgid  # the header
    }
    if want == have:
        return []
    differ = sorted(k[1] for k in want.keys() ^ have.keys()) or sorted(
        k[1] for k in want if want[k] != have.get(k)
    )
    return [
        f"{mo_path.name} does not match the .po (stale: run `make messages`), "
        f"e.g. {differ[:SHOWN]}"
    ]


def check_catalog(catalog_dir: str, tmp_path: Path) -> list[str]:
    extracted_locale = extract(catalog_dir, tmp_path / "copy")
    failures = []
    for language in I18N_LANGUAGES:
        relative = Path(language, "LC_MESSAGES", "django.po")
        extracted = polib.pofile(str(extracted_locale / relative))
        committed_po = (BASE_DIR / catalog_dir / "locale" / relative).resolve()
        shown = committed_po.relative_to(BASE_DIR.resolve())
        for problem in problems_of(extracted, committed_po):
            failures.append(f"{shown} [{language}]: {problem}")
    return failures


@pytest.mark.parametrize("catalog_dir", I18N_CATALOG_DIRS)
def test_every_string_is_translated_and_compiled(catalog_dir, tmp_path):
    failures = check_catalog(catalog_dir, tmp_path)
    assert not failures, "\n".join(failures)


# The test of the test: a throwaway catalog, right and then broken in each way.

TEMPLATE = (
    '{% load i18n %}<p>{% translate "Claims" %}</p>'
    "{% blocktranslate trimmed with n=count %}Claim #{{ n }} is merged."
    "{% endblocktranslate %}"
)
GOOD = {
    "Claims": "Behauptungen",
    "Claim #%(n)s is merged.": "Behauptung #%(n)s ist zusammengeführt.",
}


def write_catalog(root: Path, translated: dict[str, str], fuzzy=(), compile_=True):
    (root / "templates").mkdir(parents=True, exist_ok=True)
    (root / "templates" / "page.html").write_text(TEMPLATE)
    for language in I18N_LANGUAGES:
        folder = root / "locale" / language / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        po = polib.POFile()
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
        for msgid, msgstr in translated.items():
            entry = polib.POEntry(msgid=msgid, msgstr=msgstr)
            if msgid in fuzzy:
                entry.flags.append("fuzzy")
            po.append(entry)
        po.save(str(folder / "django.po"))
        if compile_:
            subprocess.run(
                ["msgfmt", "-o", str(folder / "django.mo"), str(folder / "django.po")],
                check=True,
            )


@pytest.fixture
def throwaway(tmp_path, monkeypatch):
    """check_catalog on a catalog in tmp_path instead of the project's."""
    root = tmp_path / "project"
    monkeypatch.setattr(f"{__name__}.BASE_DIR", root)
    monkeypatch.setattr(f"{__name__}.ROOT_SOURCES", {"templates"})
    return root, lambda: check_catalog(".", tmp_path / "work")


def test_the_check_passes_a_complete_catalog(throwaway):
    root, check = throwaway
    write_catalog(root, GOOD)
    assert check() == []


def test_the_check_names_an_untranslated_string(throwaway):
    root, check = throwaway
    write_catalog(root, {**GOOD, "Claims": ""})
    failures = check()
    assert len(failures) == len(I18N_LANGUAGES)
    assert "locale/de/LC_MESSAGES/django.po [de]" in failures[0]
    assert "1 string(s) untranslated" in failures[0] and "Claims" in failures[0]


def test_the_check_names_a_string_missing_from_the_catalog(throwaway):
    root, check = throwaway
    write_catalog(root, {"Claims": "Behauptungen"})
    assert "Claim #%(n)s is merged." in check()[0]


def test_the_check_refuses_a_fuzzy_translation(throwaway):
    root, check = throwaway
    write_catalog(root, GOOD, fuzzy={"Claims"})
    assert "1 string(s) fuzzy" in check()[0]


def test_the_check_refuses_a_lost_placeholder(throwaway):
    root, check = throwaway
    write_catalog(
        root, {**GOOD, "Claim #%(n)s is merged.": "Behauptung ist zusammengeführt."}
    )
    assert "other placeholders" in check()[0]


def test_the_check_refuses_a_stale_mo(throwaway):
    root, check = throwaway
    write_catalog(root, GOOD)
    po_path = root / "locale" / "de" / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(po_path))
    po.find("Claims").msgstr = "Aussagen"
    po.save(str(po_path))  # edited, not compiled
    failures = check()
    assert len(failures) == 1
    assert "django.mo does not match the .po" in failures[0] and "Claims" in failures[0]
