"""The documented workflow diagram is the one the model and the workflow table declare."""

from pathlib import Path

from django.conf import settings

from reviews.diagram import workflow_markdown, workflow_transitions


def test_every_transition_of_the_design_is_declared():
    declared = {
        (source, target, name) for source, target, name, _ in workflow_transitions()
    }
    assert declared == {
        ("new", "researching", "start_research"),
        ("new", "not_checkable", "mark_not_checkable"),
        ("researching", "in_review", "submit_for_review"),
        ("researching", "new", "release"),
        ("in_review", "researching", "return_for_research"),
        ("in_review", "published", "approve"),
        ("published", "researching", "reopen"),
        ("not_checkable", "researching", "reopen"),
    }


def test_docs_workflow_md_is_up_to_date():
    path = Path(settings.BASE_DIR) / "docs" / "workflow.md"
    assert path.read_text(encoding="utf-8") == workflow_markdown(), (
        "Run `manage.py workflow_diagram --write` and commit docs/workflow.md."
    )
