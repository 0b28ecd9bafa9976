"""One-time activation links (issue 17 item 2): a person added or imported, or whose access an administrator reset,
sets their own password with one; no administrator ever sees or sets it.

A code is 16 characters of an alphabet without look-alikes (0/O, 1/I/L, U), about 78 random bits, written in four
groups so that it can be typed from paper; the link carries it. Only its SHA-256 is stored (as for API tokens: a
random code of that length needs no slow hash). A link works once, until it expires (settings.ACTIVATION_DAYS),
and only while it is the person's newest: issuing one revokes the others. Every issue, reset and use is audited
in the transaction that makes it; emails go out once that transaction has committed.
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import Activation, User
from accounts.people import person_authorise
from audit.services import actor_organisation, audit_record
from core.dates import business_today
from core.exceptions import ApplicationError

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16


def normalise_code(text: str) -> str:
    return "".join(char for char in str(text or "").upper() if char.isalnum())


def format_code(code: str) -> str:
    return "-".join(code[start : start + 4] for start in range(0, len(code), 4))


def code_digest(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def activation_path(code: str) -> str:
    return reverse("activate", args=[format_code(code)])


@dataclass
class IssuedLink:
    """A link just issued: the code exists only here (and on the sheet or in the email made from it)."""

    person: User
    activation: Activation
    code: str

    @property
    def formatted_code(self) -> str:
        return format_code(self.code)

    @property
    def path(self) -> str:
        return activation_path(self.code)


def _issue(person: User, *, actor: User | None, now: datetime.datetime) -> tuple[Activation, str, int]:
    replaced = Activation.objects.revoke_open(person, now=now)
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    activation = Activation.objects.create(
        user=person,
        code_hash=code_digest(code),
        created_at=now,
        expires_at=now + datetime.timedelta(days=settings.ACTIVATION_DAYS),
        created_by=actor if actor is not None and actor.pk else None,
    )
    return activation, code, replaced


def _refuse_unless_all(people: list[User], test, code: str, message, status: int = 409) -> None:
    failing = [person.real_name for person in people if not test(person)]
    if failing:
        raise ApplicationError(code, message % {"names": "、".join(failing)}, status=status)


def activations_issue(
    *, actor: User | None, people: list[User], delivery: str = "print", ip: str | None = None
) -> list[IssuedLink]:
    """New links for people who have not set a password yet (new or imported people): for a printed sheet
    (``delivery`` "print") or sent to their email addresses ("email"). All or nothing: one person who may not get
    one refuses the request, and nobody's link changes."""
    if delivery not in ("print", "email"):
        raise ValueError(f"activations_issue: unknown delivery {delivery!r}")
    if not people:
        raise ApplicationError("people_required", _("Choose at least one person."))
    for person in people:
        person_authorise(actor=actor, person=person, action="activation_issue", ip=ip)
    _refuse_unless_all(
        people, lambda p: p.is_active, "person_inactive", _("Deactivated, so no activation link: %(names)s.")
    )
    _refuse_unless_all(
        people,
        lambda p: not p.has_usable_password(),
        "person_already_activated",
        _("Already set their own password (reset their access instead): %(names)s."),
    )
    if delivery == "email":
        _refuse_unless_all(
            people, lambda p: p.email, "person_without_email", _("No email address on record: %(names)s."), 400
        )
    now, today = timezone.now(), business_today()
    issued = []
    with transaction.atomic():
        for person in people:
            activation, code, replaced = _issue(person, actor=actor, now=now)
            link = IssuedLink(person, activation, code)
            issued.append(link)
            _record("activation_issue", actor, activation, today, ip, delivery=delivery, replaced=replaced)
            if delivery == "email":
                transaction.on_commit(lambda link=link: _send(link), robust=True)
    return issued


def _record(action: str, actor, activation, today, ip, **facts) -> None:
    """The audit event of a link issued to ``activation``'s person, filed under their organisation."""
    person = activation.user
    audit_record(
        process="admin",
        action=action,
        actor=actor,
        organisation=actor_organisation(person, on=today),
        business_date=today,
        data={
            "subject": person.pk,
            "activation": activation.pk,
            "expires_at": activation.expires_at.isoformat(),
            **facts,
        },
        ip=ip,
    )


def access_reset(*, actor: User | None, person: User, ip: str | None = None) -> IssuedLink:
    """The person's password stops working (so do their sessions, which carry its hash), their API tokens are
    revoked and their websockets close; a new activation link lets them set a new password."""
    from accounts.tokens import tokens_revoke_all
    from notifications.consumers import sockets_close_for_user

    person_authorise(actor=actor, person=person, action="access_reset", ip=ip)
    if not person.is_active:
        raise ApplicationError("person_inactive", _("This person is deactivated: reactivate them first."), status=409)
    now, today = timezone.now(), business_today()
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person.pk)
        person.set_unusable_password()
        person.save(update_fields=["password"])
        revoked = tokens_revoke_all(user=person)
        activation, code, replaced = _issue(person, actor=actor, now=now)
        _record("access_reset", actor, activation, today, ip, tokens_revoked=revoked, replaced=replaced)
        transaction.on_commit(lambda: sockets_close_for_user(person.pk), robust=True)
    return IssuedLink(person, activation, code)


def activation_for_code(code: str, *, now: datetime.datetime | None = None) -> Activation | None:
    """The live link with this code (not used, not revoked, not expired, its person active), or None."""
    if len(normalise_code(code)) != CODE_LENGTH:
        return None
    return (
        Activation.objects.select_related("user")
        .filter(
            code_hash=code_digest(code),
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now or timezone.now(),
            user__is_active=True,
        )
        .first()
    )


def _invalid() -> ApplicationError:
    message = _(
        "This activation link is not valid: it was used, replaced by a newer one, or it expired. "
        "Ask your administrator for a new one."
    )
    return ApplicationError("activation_invalid", message, status=410)


def activation_use(*, code: str, password: str, ip: str | None = None) -> User:
    """The person sets their own password (Django's password validators apply); the link is used up."""
    now = timezone.now()
    with transaction.atomic():
        found = activation_for_code(code, now=now)
        if found is None:
            raise _invalid()
        # Locked and read again: of two submissions of one link, the second finds it used.
        activation = Activation.objects.select_for_update().select_related("user").get(pk=found.pk)
        if activation.used_at is not None or activation.revoked_at is not None:
            raise _invalid()
        person = activation.user
        try:
            password_validation.validate_password(password, person)
        except ValidationError as error:
            raise ApplicationError(
                "password_invalid", " ".join(error.messages), fields={"new_password1": error.messages}
            ) from None
        person.set_password(password)
        person.save(update_fields=["password"])
        activation.used_at = now
        activation.save(update_fields=["used_at"])
        audit_record(
            process="admin",
            action="activation_use",
            actor=person,
            organisation=actor_organisation(person),
            business_date=business_today(),
            data={"subject": person.pk, "activation": activation.pk},
            ip=ip,
        )
    return person


def _send(link: IssuedLink) -> None:
    """The link by email, in the default language (the person has chosen none yet)."""
    url = settings.SITE_URL.rstrip("/") + link.path
    context = {"person": link.person, "url": url, "code": link.formatted_code, "expires_at": link.activation.expires_at}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/activation_email_subject.txt", context).strip()
        body = render_to_string("accounts/activation_email_body.txt", context)
    send_mail(subject, body, None, [link.person.email])
