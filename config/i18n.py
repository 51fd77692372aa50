"""The translation catalogs: where they are, and how they are extracted and compiled.

`make messages` runs this module; tests/test_translations.py extracts with the same
arguments, so a catalog that passes the test is the one `make messages` writes.
"""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# "." is the root catalog (templates/, in locale/); each app with Python strings to
# translate adds its directory (its catalog is <dir>/locale/).
I18N_CATALOG_DIRS = ["."]

# The languages translated, as locale directory names (English is the source).
I18N_LANGUAGES = ["de", "zh_Hans"]

# Only these feed the root catalog; every other top-level directory is skipped.
ROOT_SOURCES = {"templates", "static"}


def makemessages_args(catalog_dir: str, base: Path = BASE_DIR) -> list[str]:
    """`django-admin makemessages` arguments for a catalog, run inside its directory."""
    args = ["makemessages", "--no-obsolete", "--no-location"]
    for language in I18N_LANGUAGES:
        args += ["-l", language]
    if catalog_dir == ".":
        skipped = sorted(
            entry.name
            for entry in base.iterdir()
            if entry.is_dir() and entry.name not in ROOT_SOURCES | {"locale"}
        )
        # "<dir>/?*" matches the files under a top-level directory only: makemessages
        # also matches a pattern against each name, so "desk/*" (or "desk") would skip
        # templates/desk/ too.
        args += [arg for name in skipped for arg in ("-i", f"{name}/?*")]
        args += ["-i", "*.py"]
    else:
        args += ["-i", "migrations/*", "-i", "locale/*"]
    return args


def django_admin(args: list[str], cwd: Path) -> None:
    """Runs django-admin without the project's settings.

    With settings, makemessages would write an app's strings into the first of
    LOCALE_PATHS (the root catalog); without, into the directory's own locale/.
    """
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    subprocess.run(
        [sys.executable, "-m", "django", *args], cwd=cwd, env=env, check=True
    )


def compilemessages_args(catalog_dir: str, base: Path = BASE_DIR) -> list[str]:
    """compilemessages walks the tree: the root compiles its own locale/ only."""
    args = ["compilemessages"]
    if catalog_dir == ".":
        args += [
            arg
            for entry in sorted(base.iterdir())
            if entry.is_dir() and entry.name != "locale"
            for arg in ("-i", entry.name)
        ]
    return args


def main() -> None:
    for catalog_dir in I18N_CATALOG_DIRS:
        where = BASE_DIR / catalog_dir
        (where / "locale").mkdir(exist_ok=True)
        django_admin(makemessages_args(catalog_dir), where)
        django_admin(compilemessages_args(catalog_dir), where)


if __name__ == "__main__":
    main()
