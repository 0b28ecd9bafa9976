"""API tokens: issued at each sign-in, stored as a SHA-256 of the key, expiring, revocable (issue #15 item 11).

A request authenticates with ``Authorization: Token <key>``, as with DRF's authtoken before. The key is shown once,
in the sign-in answer; the database holds only its digest (a 160-bit random key needs no slow hash), so a copy of
the table signs nobody in. Writes (issue, revoke) are audited in the same transaction.
"""

import datetime
import functools
import hashlib
import secrets

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from accounts.models import ApiToken, User
from audit.services import actor_organisation, audit_record
from core.dates import business_today

KEYWORD = "Token"
# last_used_at is written at most once a minute per token, not on every request.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token <key>``: a token not revoked, not expired, of an active person."""

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            key = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token header.")) from None
        now = timezone.now()
        token = _live_token(key_digest(key), now)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The token is invalid, expired or revoked."))
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token.user, token

    def authenticate_header(self, request):
        return KEYWORD  # 401 with WWW-Authenticate, as DRF's TokenAuthentication answered


def _live_token(digest: str, now: datetime.datetime) -> ApiToken | None:
    """The token with this digest, neither revoked nor expired, with its person: what
    ``ApiToken.objects.select_related("user").filter(...).first()`` read, written as SQL because every API request
    asks it and Django took longer to build the statement than PostgreSQL to answer it (issue 16 item 8). The row
    becomes models as the ORM makes them: each column through its converters, then ``from_db``."""
    alias = router.db_for_read(ApiToken)
    connection = connections[alias]
    sql, columns = _live_token_sql(alias)
    with connection.cursor() as cursor:
        cursor.execute(sql, [digest, connection.ops.adapt_datetimefield_value(now)])
        row = cursor.fetchone()
    if row is None:
        return None
    loaded = {ApiToken: ([], []), User: ([], [])}
    for value, (model, attname, column, converters) in zip(row, columns, strict=True):
        for converter in converters:
            value = converter(value, column, connection)
        loaded[model][0].append(attname)
        loaded[model][1].append(value)
    token = ApiToken.from_db(alias, *loaded[ApiToken])
    token.user = User.from_db(alias, *loaded[User])
    return token


@functools.cache
def _live_token_sql(alias: str) -> tuple[str, list[tuple]]:
    """The statement, and per column its model, attribute, expression and converters (as the ORM's compiler has)."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    columns = []
    for model, table in ((ApiToken, "t"), (User, "u")):
        for field in model._meta.concrete_fields:
            column = field.get_col(table)
            converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            columns.append((model, field.attname, column, converters))
    selected = ", ".join(f"{column.alias}.{quote(column.target.column)}" for _m, _a, column, _c in columns)
    sql = (
        f"SELECT {selected} FROM {quote(ApiToken._meta.db_table)} t"  # noqa: S608 (names from the models)
        f" INNER JOIN {quote(User._meta.db_table)} u ON t.{quote('user_id')} = u.{quote('id')}"
        f" WHERE t.{quote('key_hash')} = %s AND t.{quote('revoked_at')} IS NULL AND t.{quote('expires_at')} > %s"
        f" ORDER BY t.{quote('id')} LIMIT 1"
    )
    return sql, columns


def tokens_of_user(user: User) -> QuerySet[ApiToken]:
    """The person's tokens that still sign in, newest first."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()).order_by("-pk")


def token_issue(*, user: User, ip: str | None = None) -> tuple[ApiToken, str]:
    """A new token for the person; returns the row and the key (which is not stored). Beyond
    API_TOKENS_PER_USER valid tokens, the oldest are revoked."""
    key = secrets.token_hex(20)
    now = timezone.now()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            key_hash=key_digest(key),
            prefix=key[:8],
            created_at=now,
            expires_at=now + datetime.timedelta(hours=settings.API_TOKEN_HOURS),
            ip=ip,
        )
        live = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now).order_by("-pk")
        surplus = list(live.values_list("pk", flat=True)[settings.API_TOKENS_PER_USER :])
        if surplus:
            ApiToken.objects.filter(pk__in=surplus).update(revoked_at=now)
        audit_record(
            process="admin",
            action="token_issue",
            actor=user,
            organisation=actor_organisation(user),  # a sign-in through the API: the person's auditors see it
            business_date=business_today(),
            data={
                "token": token.pk,
                "prefix": token.prefix,
                "expires_at": token.expires_at.isoformat(),
                "revoked_oldest": surplus,
            },
            ip=ip,
        )
    return token, key


def token_revoke(*, token: ApiToken, actor: User, ip: str | None = None, reason: str = "revoke") -> None:
    """End one token (its owner revokes it, or signs out with it through the API)."""
    with transaction.atomic():
        changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        if changed:
            audit_record(
                process="admin",
                action="token_revoke",
                actor=actor,
                organisation=actor_organisation(token.user),
                business_date=business_today(),
                data={"token": token.pk, "prefix": token.prefix, "subject": token.user_id, "reason": reason},
                ip=ip,
            )


def tokens_revoke_all(*, user: User) -> int:
    """End every token of the person; the caller records why (a password change) in its own event."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def tokens_purge(*, older_than: datetime.timedelta = datetime.timedelta(days=7)) -> int:
    """Delete tokens expired or revoked more than ``older_than`` ago (a periodic job): they sign nobody in, and their
    issue and revocation are in the audit trail. Returns how many went."""
    cutoff = timezone.now() - older_than
    expired = ApiToken.objects.filter(expires_at__lt=cutoff) | ApiToken.objects.filter(revoked_at__lt=cutoff)
    deleted, _by_model = expired.delete()
    return deleted


def uses_the_api(user) -> bool:
    """Staff, and integrators: whoever has signed in to the API (an API token issued, even expired or revoked). Only
    they are offered the API documentation (the navigation); it stays readable at its address by anyone."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_staff or user.api_tokens.exists()
