"""The one guard for outbound HTTP: public addresses only, connecting to the checked IP.

The host is resolved once and every address checked before connecting, and the
connection goes to the address that was checked, so a name that resolves to a
private address (or changes between the check and the request: DNS rebinding)
is refused. Webhooks (collab.outbound) and source snapshots (sources.fetch) call
through here; neither follows a redirect without checking its target again.
"""

import http.client
import ipaddress
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit


class RefusedAddress(Exception):
    """The address is not one ClaimTrail may call."""


def check_address(
    ip: str, *, allowed_networks: Iterable[str] = (), allow_private: bool = False
) -> None:
    """Refuse a private, loopback, link-local or reserved address (or multicast)
    unless it lies in ``allowed_networks`` or ``allow_private`` is set."""
    address = ipaddress.ip_address(ip)
    if getattr(address, "ipv4_mapped", None):
        address = address.ipv4_mapped
    if allow_private:
        return
    networks = [ipaddress.ip_network(cidr, strict=False) for cidr in allowed_networks]
    if any(address in network for network in networks):
        return
    if not address.is_global or address.is_multicast:
        raise RefusedAddress(
            f"{address} is a private, loopback or reserved address; ClaimTrail "
            "calls public addresses only."
        )


def resolve(
    url: str, *, allowed_networks: Iterable[str] = (), allow_private: bool = False
) -> tuple[str, str, int, str]:
    """(scheme, host, port, the checked address to connect to) for ``url``."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise RefusedAddress("Only http:// and https:// addresses are called.")
    if parts.username or parts.password:
        raise RefusedAddress("Addresses with a user name or password are refused.")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise RefusedAddress(f"{parts.hostname} does not resolve: {exc}") from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    for address in addresses:
        check_address(
            address, allowed_networks=allowed_networks, allow_private=allow_private
        )
    return parts.scheme, parts.hostname, port, addresses[0]


def connect(
    url: str, *, timeout: float, **guard
) -> tuple[http.client.HTTPConnection, str]:
    """A connection to ``url``'s checked address, and the path to request.

    ``guard`` is passed to ``resolve`` (``allowed_networks``, ``allow_private``).
    """
    scheme, host, port, address = resolve(url, **guard)
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    connection_class = (
        http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(host, port, timeout=timeout)

    def connect_to_checked(_address, timeout=timeout, source_address=None):
        return socket.create_connection((address, port), timeout, source_address)

    # http.client connects through this hook; TLS still checks the host name.
    connection._create_connection = connect_to_checked
    return connection, path


@dataclass
class Response:
    """One answer, its body read up to a size cap and a total time limit."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    too_large: bool = False  # the body went past the cap and was cut there
    too_slow: bool = False  # the total time ran out and the body was cut there

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


def get(
    url: str, *, timeout: float, max_bytes: int, headers: dict, **guard
) -> Response:
    """GET ``url`` once (a redirect is returned, never followed), reading at most
    ``max_bytes`` of the body within ``timeout`` seconds in all."""
    deadline = time.monotonic() + timeout
    connection, path = connect(url, timeout=timeout, **guard)
    try:
        connection.request("GET", path, headers=headers)
        answer = connection.getresponse()
        response = Response(
            status=answer.status,
            headers={name.lower(): value for name, value in answer.getheaders()},
        )
        chunks, size = [], 0
        while True:
            if time.monotonic() > deadline:
                response.too_slow = True
                break
            try:
                chunk = answer.read1(64 * 1024)
            except TimeoutError:
                response.too_slow = True
                break
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                response.too_large = True
                break
        response.body = b"".join(chunks)[:max_bytes]
        return response
    finally:
        connection.close()
