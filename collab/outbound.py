"""Outbound HTTP for webhooks: signed bodies, no redirects, through config.outbound.

The address guard (public addresses only, connecting to the checked IP) is
config.outbound's; WEBHOOK_ALLOWED_NETWORKS widens it for webhooks.
"""

import hashlib
import hmac
import time
from dataclasses import dataclass

from django.conf import settings

from config import outbound

RefusedAddress = outbound.RefusedAddress
SIGNATURE_HEADER = "ClaimTrail-Signature"


@dataclass(frozen=True)
class Answer:
    status: int
    body: str


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The signature header's value: ``t=<unix time>,v1=<hex HMAC-SHA256>`` over
    ``"<t>." + body``, as Stripe signs its webhooks."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def check_address(ip: str) -> None:
    outbound.check_address(ip, allowed_networks=settings.WEBHOOK_ALLOWED_NETWORKS)


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """POST ``body`` to ``url`` (never following a redirect) and read the answer."""
    connection, path = outbound.connect(
        url,
        timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
        allowed_networks=settings.WEBHOOK_ALLOWED_NETWORKS,
    )
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read(2000).decode("utf-8", "replace")
        return Answer(response.status, text)
    finally:
        connection.close()
