"""The pages of the records that audit events name: the desk owns them."""

from audit.registry import register_subject


def register() -> None:
    register_subject("claims.claim", route="desk:claim_detail")
    register_subject("claims.report", route="desk:report_detail")
    register_subject("sources.source", route="desk:source_detail")
