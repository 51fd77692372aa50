"""The workflow table: a row for every declared transition, each row complete."""

import inspect

import pytest
from django.urls import reverse

from audit.registry import render_message
from claims.models import Claim
from reviews.workflow import WORKFLOW, claim_perform
from tests import states

DECLARED = {t.name for t in Claim._meta.get_field("status").get_all_transitions(Claim)}


def test_every_declared_transition_has_exactly_one_row():
    assert set(WORKFLOW) == DECLARED
    for name, step in WORKFLOW.items():
        assert step.name == name


@pytest.mark.parametrize("name", sorted(WORKFLOW))
def test_each_service_takes_the_inputs_its_row_names(name):
    step = WORKFLOW[name]
    parameters = inspect.signature(step.service).parameters
    keyword_only = {
        p.name for p in parameters.values() if p.kind is inspect.Parameter.KEYWORD_ONLY
    }
    assert keyword_only == {"claim", "actor", "expected_version"} | {
        f.name for f in step.fields
    }
    for field in step.required_fields:
        assert parameters[field.name].default is inspect.Parameter.empty, field.name


@pytest.mark.parametrize("name", sorted(WORKFLOW))
def test_each_route_is_the_steps_api_endpoint(name):
    step = WORKFLOW[name]
    url = reverse(f"api:v1:claim-action-{name.replace('_', '-')}", args=[7])
    assert url == f"/api/v1/claims/7/{step.route}/"


@pytest.mark.parametrize("name", sorted(WORKFLOW))
def test_each_message_is_what_the_trail_says(name):
    step = WORKFLOW[name]
    rendered = render_message(step.audit_action, {"actor": "edith", "subject": "#7"})
    assert rendered == step.message.format(actor="edith", subject="#7")


@pytest.mark.django_db
def test_a_step_refuses_an_input_its_row_does_not_name(researcher):
    claim = states.new_claim()
    with pytest.raises(TypeError, match="takes no reason"):
        claim_perform("start_research", claim=claim, actor=researcher, reason="x")


def test_a_row_must_name_a_declared_transition():
    from reviews.workflow import WorkflowStep, _table

    with pytest.raises(LookupError, match="flag_for_legal"):
        _table(
            WorkflowStep(
                name="flag_for_legal",
                label="Flag for legal review",
                service=lambda **kwargs: None,
                route="actions/flag_for_legal",
                message="{actor} flagged {subject}",
            )
        )
