"""API tokens: issued on sign-in, stored hashed (django-rest-knox), listed, revoked.

A token's secret is shown once, in the response that issues it; the database keeps
only its SHA-512 digest and a 15-character prefix that names it. Tokens expire
(``API_TOKEN_TTL_DAYS``), can be revoked by their owner or an administrator, and are
all revoked when the owner's password changes. Nobody can create a token for
someone else: the only way to get one is the owner's username and password.
Issues and revocations are announced by signals that the audit trail records
(config sits below audit and cannot call it).
"""

import math

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiExample, extend_schema
from knox.models import AuthToken
from rest_framework import exceptions, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import READ_ERRORS, LockedOut, error_responses
from config.api_fields import StrictCharField
from config.cache_middleware import PRIVATE
from config.roles import is_editor, is_researcher, role_names
from config.signals import token_issued, token_revoked

# --- services ------------------------------------------------------------------------


@transaction.atomic
def token_issue(*, user) -> tuple[AuthToken, str]:
    """A new token for ``user`` and its secret, which is never stored."""
    token, secret = AuthToken.objects.create(user=user)
    token_issued.send(sender=AuthToken, user=user, token=token)
    return token, secret


@transaction.atomic
def token_revoke(*, token: AuthToken, actor, reason: str) -> None:
    """Revoke one token; ``actor`` is its owner, an administrator, or None (system)."""
    token_revoked.send(
        sender=AuthToken, user=token.user, token=token, actor=actor, reason=reason
    )
    token.delete()


@transaction.atomic
def tokens_revoke_all(*, user, actor, reason: str) -> int:
    tokens = list(AuthToken.objects.filter(user=user).select_related("user"))
    for token in tokens:
        token_revoke(token=token, actor=actor, reason=reason)
    return len(tokens)


def note_password_change(sender, instance, **kwargs) -> None:
    """pre_save of a user: remember whether the password hash is about to change."""
    if instance.pk is None:
        return
    stored = (
        type(instance)
        ._default_manager.filter(pk=instance.pk)
        .values_list("password", flat=True)
        .first()
    )
    instance._password_changed = stored is not None and stored != instance.password


def revoke_on_password_change(sender, instance, created, **kwargs) -> None:
    """post_save of a user: a new password revokes every token of the old one."""
    if getattr(instance, "_password_changed", False):
        instance._password_changed = False
        tokens_revoke_all(user=instance, actor=None, reason="password changed")


# --- selectors -------------------------------------------------------------------------


def tokens_of(user):
    return AuthToken.objects.filter(user=user).order_by("-created")


# --- API ------------------------------------------------------------------------------


class TokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes ``Authorization: Token <token>``."""

    target_class = "config.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                'A token from POST /api/v1/auth/token/, sent as "Token <token>".'
            ),
        }


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()
    roles = serializers.ListField(
        child=serializers.ChoiceField(["Administrator", "Editor", "Researcher"])
    )
    is_editor = serializers.BooleanField()
    is_researcher = serializers.BooleanField()


def me_payload(user) -> dict:
    return {
        "id": user.pk,
        "username": user.get_username(),
        "name": user.get_full_name() or user.get_username(),
        "roles": role_names(user),
        "is_editor": is_editor(user),
        "is_researcher": is_researcher(user),
    }


class MeView(APIView):
    """The signed-in user and their roles."""

    @extend_schema(
        tags=["auth"],
        responses={200: MeSerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request):
        return Response(MeSerializer(me_payload(request.user)).data)


class TokenRequestSerializer(serializers.Serializer):
    username = StrictCharField(max_length=150)
    password = StrictCharField(max_length=4096, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(
        help_text="Send as 'Authorization: Token <token>'. Shown only in this "
        "response: ClaimTrail keeps a digest, not the token."
    )
    id = serializers.CharField(help_text="The token's public name (its prefix).")
    expiry = serializers.DateTimeField(allow_null=True)
    user = MeSerializer()


class TokenListItemSerializer(serializers.Serializer):
    id = serializers.CharField(source="token_key", help_text="The token's prefix.")
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField(allow_null=True)
    expired = serializers.SerializerMethodField()
    current = serializers.SerializerMethodField()

    def get_expired(self, token) -> bool:
        return token.expiry is not None and token.expiry < timezone.now()

    def get_current(self, token) -> bool:
        """True for the token that signed this request."""
        return token.pk == getattr(self.context.get("auth"), "pk", None)


class TokenView(APIView):
    """Exchange a username and password for a new API token.

    Sign-in attempts are throttled like the sign-in form (django-axes), and the
    token's creation is recorded in the audit trail.
    """

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        tags=["auth"],
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, **error_responses(400, 429)},
        examples=[
            OpenApiExample(
                "credentials",
                value={"username": "edith", "password": "claimtrail-demo"},
                request_only=True,
            )
        ],
        auth=[],
    )
    def post(self, request):
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        http_request = request._request
        username = form.validated_data["username"]
        # The audit trail names the channel (the sign-in form is the default).
        http_request.sign_in_channel = "API token request"
        if AxesProxyHandler.is_locked(http_request, {"username": username}):
            # Refused without checking the password: not counted as a failure,
            # so refusals do not extend the lock.
            raise _locked_out(http_request, username)
        user = authenticate(
            request=http_request,
            username=username,
            password=form.validated_data["password"],
        )
        # A wrong password that reached the limit is still a wrong password
        # (400); the lock refuses the attempts after it.
        http_request.__dict__.pop("axes_locked_out", None)
        if user is None or not user.is_active:
            raise exceptions.ValidationError(
                {"non_field_errors": ["Unable to sign in with these credentials."]}
            )
        token, secret = token_issue(user=user)
        return Response(
            {
                "token": secret,
                "id": token.token_key,
                "expiry": token.expiry,
                "user": me_payload(user),
            },
            # The answer holds a secret and goes to a client that was not signed
            # in, so the middleware would not mark it (RFC 6749 §5.1: no-store).
            headers={"Cache-Control": PRIVATE},
        )


def _locked_out(request, username: str) -> LockedOut:
    """The lockout, with Retry-After the time left until the cool-off ends."""
    locked = LockedOut()
    cool_off = get_cool_off(request)
    if cool_off:  # DRF turns ``wait`` into a Retry-After header
        last = (
            AccessAttempt.objects.filter(
                username=username, ip_address=get_client_ip_address(request)
            )
            .order_by("-attempt_time")
            .values_list("attempt_time", flat=True)
            .first()
        )
        left = cool_off - (timezone.now() - last) if last else cool_off
        locked.wait = max(1, math.ceil(left.total_seconds()))
    return locked


class TokenListView(APIView):
    """The signed-in user's own tokens, without their secrets."""

    @extend_schema(
        tags=["auth"],
        responses={
            200: TokenListItemSerializer(many=True),
            **error_responses(*READ_ERRORS),
        },
    )
    def get(self, request):
        return Response(
            TokenListItemSerializer(
                tokens_of(request.user), many=True, context={"auth": request.auth}
            ).data
        )


class TokenDetailView(APIView):
    """Revoke one of the signed-in user's tokens (the current one too)."""

    @extend_schema(
        tags=["auth"],
        responses={204: None, **error_responses(401, 403, 404)},
    )
    def delete(self, request, token_id: str):
        token = get_object_or_404(tokens_of(request.user), token_key=token_id)
        token_revoke(token=token, actor=request.user, reason="revoked by its owner")
        return Response(status=204)
