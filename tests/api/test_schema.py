"""The OpenAPI schema and Swagger UI: complete, documented errors, no CDN."""

import re

import pytest
import yaml
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers

from claims.models import CLAIM_EDITABLE_FIELDS
from config.api_fields import StrictField

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        response = Client().get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_every_operation_documents_its_errors(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            # The token request and the public verdict search need no sign-in.
            if path not in ("/api/v1/auth/token/", "/api/v1/verdicts/"):
                assert {"401", "403"} <= codes, (method, path)
            # What the plumbing around every view may answer, besides its own.
            assert {"400", "406", "429", "500"} <= codes, (method, path)
            if "requestBody" in operation:
                assert {"413", "415"} <= codes, (method, path)
            for code in codes - {"200", "201", "202", "204", "304"}:
                content = operation["responses"][code]["content"]
                assert set(content) == {"application/problem+json"}, (path, code)
                problem = content["application/problem+json"]
                assert problem["schema"] == {"$ref": "#/components/schemas/Problem"}
                assert problem["examples"], (method, path, code)


def test_the_schema_is_valid_openapi(schema):
    from openapi_spec_validator import validate

    validate(schema)


def test_conflicts_are_documented_where_services_raise_them(schema):
    # PATCH /claims/{id}/, assign, POST /evidence/ and remove answered an
    # undocumented 409.
    paths = schema["paths"]
    assert "409" in paths["/api/v1/claims/{id}/"]["patch"]["responses"]
    assert "409" in paths["/api/v1/claims/{id}/assign/"]["post"]["responses"]
    assert "409" in paths["/api/v1/evidence/"]["post"]["responses"]
    assert "409" in paths["/api/v1/evidence/{id}/remove/"]["post"]["responses"]


def test_a_claims_reviews_take_no_claim_list_filters(schema):
    # GET /claims/{id}/reviews/ listed 11 filters of the claim list that did nothing.
    operation = schema["paths"]["/api/v1/claims/{id}/reviews/"]["get"]
    names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
    assert names == set()


def test_edits_document_428_and_412(schema):
    for path in ["/api/v1/claims/{id}/", "/api/v1/sources/{id}/"]:
        patch = schema["paths"][path]["patch"]
        assert {"412", "428"} <= set(patch["responses"])
        assert any(
            p["name"] == "If-Match" and p["required"] for p in patch["parameters"]
        )


def test_each_workflow_action_is_a_post_endpoint(schema):
    actions = [p for p in schema["paths"] if "/actions/" in p]

    assert sorted(a.split("/")[-2] for a in actions) == sorted(
        [
            "approve",
            "mark_not_checkable",
            "release",
            "reopen",
            "return_for_research",
            "start_research",
            "submit_for_review",
        ]
    )
    for path in actions:
        assert list(schema["paths"][path]) == ["post"]
        assert "409" in schema["paths"][path]["post"]["responses"]


def test_status_is_not_writable(schema):
    edit = schema["components"]["schemas"]["PatchedClaimEditRequest"]

    # Exactly what the edit service accepts.
    assert set(edit["properties"]) == set(CLAIM_EDITABLE_FIELDS)
    assert "status" not in edit["properties"]
    assert "verdict" not in edit["properties"]


def test_swagger_ui_is_served_without_a_cdn(client):
    response = client.get("/api/docs/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/" in html
    # The CSP allows no inline script, so Swagger UI's own script is a file too.
    assert re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", html) == []


def test_creates_and_reads_link_to_what_follows(schema):
    # The stateful phase of Schemathesis follows these links.
    paths = schema["paths"]
    source_links = paths["/api/v1/sources/"]["post"]["responses"]["201"]["links"]
    claim_links = paths["/api/v1/claims/{id}/"]["get"]["responses"]["200"]["links"]
    evidence_links = paths["/api/v1/evidence/"]["post"]["responses"]["201"]["links"]

    assert {link["parameters"]["path.id"] for link in source_links.values()} == {
        "$response.body#/id"
    }
    patch = paths["/api/v1/claims/{id}/"]["patch"]["operationId"]
    assert claim_links[patch]["parameters"]["header.If-Match"] == (
        "$response.header.ETag"
    )
    remove = paths["/api/v1/evidence/{id}/remove/"]["post"]["operationId"]
    assert remove in evidence_links


def test_every_operation_on_a_record_is_reached_by_a_link(schema):
    # An operation whose path names a record is reachable in the stateful phase
    # only through a link from an answer that holds the record's id.
    linked = {
        link["operationId"]
        for operations in schema["paths"].values()
        for operation in operations.values()
        if isinstance(operation, dict)
        for answer in operation.get("responses", {}).values()
        for link in answer.get("links", {}).values()
    }
    unreached = [
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        if "{" in path
        for method, operation in operations.items()
        if isinstance(operation, dict)
        and "operationId" in operation
        and operation["operationId"] not in linked
    ]
    assert unreached == []


def _request_serializers():
    generator = SchemaGenerator()
    generator._initialise_endpoints()
    for path, _, method, view in generator._get_paths_and_endpoints():
        if method not in {"POST", "PUT", "PATCH"}:
            continue
        found = view.schema.get_request_serializer()
        for serializer in found.values() if isinstance(found, dict) else [found]:
            if serializer is not None:
                yield (
                    f"{method} {path}",
                    (serializer() if isinstance(serializer, type) else serializer),
                )


def _loose_fields(serializer, where):
    for name, field in serializer.fields.items():
        if field.read_only:
            continue
        if isinstance(field, serializers.BaseSerializer):
            yield from _loose_fields(getattr(field, "child", field), f"{where}.{name}")
        elif isinstance(field, serializers.ListField):
            if not isinstance(field.child, StrictField):
                yield f"{where}.{name}[]: {type(field.child).__name__}"
        elif not isinstance(field, StrictField):
            yield f"{where}.{name}: {type(field).__name__}"


def test_every_input_field_holds_to_the_schema():
    # DRF's own fields accept what the schema refuses ("5" for an id, 1 for true,
    # an optional field sent empty in a form): Schemathesis finds each of them in
    # time, one CI run at a time. config.api_fields has the strict ones.
    bodies = dict(_request_serializers())
    assert len(bodies) >= 20  # the walk still finds the request bodies
    loose = [
        line
        for where, serializer in bodies.items()
        for line in _loose_fields(serializer, where)
    ]
    assert loose == []
