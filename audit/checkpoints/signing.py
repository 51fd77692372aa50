"""The checkpoint key (Ed25519, from the environment) and the statement it signs."""

import hashlib
import json
from base64 import b64decode, b64encode
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Versioned and specific, so that a signature over a checkpoint can never be
# mistaken for a signature over anything else made with the same key.
STATEMENT_PREFIX = b"claimtrail-audit-checkpoint/1\n"
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
KEY_SETTING = "AUDIT_CHECKPOINT_KEY"


@dataclass(frozen=True)
class Head:
    """What a checkpoint states: the trail's size and last link at a moment."""

    at: datetime
    event_count: int
    head_seq: int
    head_hash: str

    def statement(self) -> bytes:
        body = {
            "at": format_time(self.at),
            "event_count": self.event_count,
            "head_hash": self.head_hash,
            "head_seq": self.head_seq,
        }
        return STATEMENT_PREFIX + json.dumps(
            body, sort_keys=True, separators=(",", ":")
        ).encode("ascii")


def format_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime(TIME_FORMAT)


def parse_time(text: str) -> datetime:
    return datetime.strptime(text, TIME_FORMAT).replace(tzinfo=UTC)


def signing_key() -> Ed25519PrivateKey:
    """The key from AUDIT_CHECKPOINT_KEY; with DEBUG on and none set, a development
    key derived from SECRET_KEY (stable across restarts, worthless in production)."""
    configured = getattr(settings, KEY_SETTING, "")
    if configured:
        return load_private_key(configured)
    if settings.DEBUG:
        seed = hashlib.sha256(
            b"claimtrail-audit-checkpoint-development-key\n"
            + settings.SECRET_KEY.encode()
        ).digest()
        return Ed25519PrivateKey.from_private_bytes(seed)
    raise ImproperlyConfigured(
        f"Set {KEY_SETTING} to sign audit checkpoints "
        "(manage.py audit_checkpoint --generate-key prints a new one)."
    )


def has_signing_key() -> bool:
    return bool(getattr(settings, KEY_SETTING, "")) or settings.DEBUG


def load_private_key(text: str) -> Ed25519PrivateKey:
    """An Ed25519 private key: base64 of its 32 raw bytes, or a PKCS#8 PEM."""
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_private_key(text.encode(), password=None)
        else:
            key = Ed25519PrivateKey.from_private_bytes(b64decode(text, validate=True))
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"{KEY_SETTING} is not an Ed25519 key: {exc}"
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"{KEY_SETTING} must be an Ed25519 key.")
    return key


def generate_private_key() -> str:
    """A new private key, as AUDIT_CHECKPOINT_KEY takes it (base64 of 32 bytes)."""
    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return b64encode(raw).decode("ascii")


def public_key_b64(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return b64encode(raw).decode("ascii")


def key_id(public_key: str) -> str:
    """A short name for a public key: the first 16 hex digits of its SHA-256."""
    try:
        raw = b64decode(public_key, validate=True)
    except ValueError:
        return "invalid"
    return hashlib.sha256(raw).hexdigest()[:16]


def sign(head: Head, key: Ed25519PrivateKey) -> str:
    return b64encode(key.sign(head.statement())).decode("ascii")


def signature_is_valid(head: Head, public_key: str, signature: str) -> bool:
    try:
        verifier = Ed25519PublicKey.from_public_bytes(
            b64decode(public_key, validate=True)
        )
        verifier.verify(b64decode(signature, validate=True), head.statement())
    except (InvalidSignature, ValueError):
        return False
    return True


def trusted_public_keys(extra: list[str] = ()) -> set[str]:
    """Keys whose checkpoints are believed: this server's own, the retired ones
    listed in AUDIT_CHECKPOINT_TRUSTED_KEYS, and any the reader names."""
    keys = {k.strip() for k in getattr(settings, "AUDIT_CHECKPOINT_TRUSTED_KEYS", [])}
    keys.update(k.strip() for k in extra)
    if has_signing_key():
        keys.add(public_key_b64(signing_key()))
    return {k for k in keys if k}
