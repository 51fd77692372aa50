"""Outbound HTTP for webhooks: public addresses only, signed bodies, no redirects.

The host is resolved once and every address checked before connecting, and the
connection goes to the address that was checked, so a name that resolves to a
private address (or changes between the check and the request) is refused.
"""

import hashlib
import hmac
import http.client
import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

SIGNATURE_HEADER = "ClaimTrail-Signature"


class RefusedAddress(Exception):
    """The webhook's address is not one ClaimTrail may call."""


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


def _allowed_networks():
    return [
        ipaddress.ip_network(cidr, strict=False)
        for cidr in settings.WEBHOOK_ALLOWED_NETWORKS
    ]


def check_address(ip: str) -> None:
    address = ipaddress.ip_address(ip)
    if getattr(address, "ipv4_mapped", None):
        address = address.ipv4_mapped
    if any(address in network for network in _allowed_networks()):
        return
    if not address.is_global or address.is_multicast:
        raise RefusedAddress(
            f"{address} is a private, loopback or reserved address; webhooks go to "
            "public addresses only (see WEBHOOK_ALLOWED_NETWORKS)."
        )


def resolve(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, the checked address to connect to) for ``url``."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise RefusedAddress("Webhook addresses are http:// or https:// URLs.")
    if parts.username or parts.password:
        raise RefusedAddress("Webhook addresses carry no user name or password.")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise RefusedAddress(f"{parts.hostname} does not resolve: {exc}") from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    for address in addresses:
        check_address(address)
    return parts.scheme, parts.hostname, port, addresses[0]


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """POST ``body`` to ``url`` (never following a redirect) and read the answer."""
    scheme, host, port, address = resolve(url)
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    timeout = settings.WEBHOOK_TIMEOUT_SECONDS
    connection_class = (
        http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(host, port, timeout=timeout)

    def connect_to_checked(_address, timeout=timeout, source_address=None):
        return socket.create_connection((address, port), timeout, source_address)

    # http.client connects through this hook; TLS still checks the host name.
    connection._create_connection = connect_to_checked
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read(2000).decode("utf-8", "replace")
        return Answer(response.status, text)
    finally:
        connection.close()
