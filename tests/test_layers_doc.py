"""The layers drawn in the docs are the import-linter contract; it covers every app."""

import tomllib
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def _contract() -> dict:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]
    contracts = {c["id"]: c for c in config["importlinter"]["contracts"]}
    return {
        "roots": config["importlinter"]["root_packages"],
        "layers": contracts["layers"],
        "no-cycles": contracts["no-cycles"],
    }


def _drawn_layers(doc: str, heading: str) -> list[str]:
    """The apps on the first line of the first drawing under ``heading``."""
    text = (ROOT / "docs" / doc).read_text()
    section = text.split(f"\n{heading}\n", 1)[1]
    drawing = section.split("```\n", 2)[1]
    return [app.strip() for app in drawing.splitlines()[0].split("->")]


@pytest.mark.parametrize(
    ("doc", "heading"),
    [
        ("architecture.md", "## Apps and the direction of dependencies"),
        ("design.md", "## How the code is divided"),
    ],
)
def test_the_drawn_layers_are_the_contract(doc, heading):
    assert _drawn_layers(doc, heading) == _contract()["layers"]["layers"]


def test_every_app_of_the_project_is_in_a_layer():
    project_apps = {
        app.split(".")[0]
        for app in settings.INSTALLED_APPS
        if (ROOT / app.split(".")[0]).is_dir()
    }
    contract = _contract()

    assert set(contract["layers"]["layers"]) == project_apps
    assert set(contract["roots"]) == project_apps
    assert set(contract["no-cycles"]["ancestors"]) == project_apps
