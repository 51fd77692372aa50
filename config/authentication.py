"""API authentication by token: knox's digest check, without writes on a read.

In its own module because DRF imports it while loading its settings, before any
view module can be imported.
"""

from django.utils import timezone
from knox.auth import TokenAuthentication as KnoxTokenAuthentication


class TokenAuthentication(KnoxTokenAuthentication):
    """knox's check of ``Authorization: Token <secret>``, without its clean-up.

    knox deletes a user's expired tokens whenever one of them is used; here an
    expired token is refused and kept, so that nothing changes on a read and the
    owner still sees it (as expired) in their list until they revoke it.
    """

    def _cleanup_token(self, auth_token) -> bool:
        return auth_token.expiry is not None and auth_token.expiry < timezone.now()
