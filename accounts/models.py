import datetime

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from accounts.ethnic_groups import ETHNIC_GROUP_CHOICES
from accounts.roles import PERMISSIONS, Role


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class PartyStanding(models.TextChoices):
    NON_MEMBER = "NON_MEMBER", _("Not a party member")
    PROBATIONARY = "PROBATIONARY", _("Probationary member")
    FULL = "FULL", _("Full member")


class User(AbstractUser):
    """A person. Login name is ``username``; ``real_name`` is the 姓名 shown everywhere."""

    first_name = None
    last_name = None
    real_name = models.CharField(_("real name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    ethnic_group = models.CharField(_("ethnic group"), max_length=10, choices=ETHNIC_GROUP_CHOICES, blank=True)
    # Validated by accounts.identity; shown masked except to the person and holders of view_identity.
    id_number = models.CharField(_("ID number"), max_length=18, null=True, blank=True, unique=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    party_standing = models.CharField(
        _("party standing"), max_length=12, choices=PartyStanding.choices, default=PartyStanding.NON_MEMBER
    )
    # Date of admission as probationary member, or date full membership began (党龄 counts from it).
    party_standing_since = models.DateField(_("party standing since"), null=True, blank=True)
    # 留党察看: rights are suspended until this date inclusive.
    party_watch_until = models.DateField(_("party probation (留党察看) until"), null=True, blank=True)

    REQUIRED_FIELDS = ["real_name"]
    objects = UserManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.real_name or self.username

    def get_full_name(self):
        return self.real_name

    def get_short_name(self):
        return self.real_name

    def is_full_member_on(self, day: datetime.date) -> bool:
        return self.party_standing == PartyStanding.FULL and (
            self.party_standing_since is None or self.party_standing_since <= day
        )

    def has_full_rights_on(self, day: datetime.date) -> bool:
        """A full member whose rights are not suspended by 留党察看 on that day (may vote, introduce, train)."""
        return self.is_full_member_on(day) and (self.party_watch_until is None or self.party_watch_until < day)


class OrganisationKind(models.TextChoices):
    BUREAU = "BUREAU", _("Education bureau")
    COMMUNITY = "COMMUNITY", _("Education community")
    SCHOOL = "SCHOOL", _("School")
    PARTY_COMMITTEE = "PARTY_COMMITTEE", _("Party committee")
    GENERAL_BRANCH = "GENERAL_BRANCH", _("General party branch")
    BRANCH = "BRANCH", _("Party branch")
    PARTY_GROUP = "PARTY_GROUP", _("Party group")


class CommunityType(models.TextChoices):
    FUSION = "FUSION", _("Fusion (融合型)")
    CO_BUILD = "CO_BUILD", _("Co-building (共建型)")
    COLLABORATION = "COLLABORATION", _("Collaboration (协作型)")


# Which kinds may sit directly under which: None is the root.
ALLOWED_PARENT_KINDS: dict[str, set] = {
    OrganisationKind.BUREAU: {None, OrganisationKind.BUREAU},
    OrganisationKind.COMMUNITY: {OrganisationKind.BUREAU},
    OrganisationKind.SCHOOL: {OrganisationKind.BUREAU, OrganisationKind.COMMUNITY},
    OrganisationKind.PARTY_COMMITTEE: {
        None,
        OrganisationKind.BUREAU,
        OrganisationKind.SCHOOL,
        OrganisationKind.PARTY_COMMITTEE,
    },
    OrganisationKind.GENERAL_BRANCH: {OrganisationKind.PARTY_COMMITTEE},
    OrganisationKind.BRANCH: {
        OrganisationKind.PARTY_COMMITTEE,
        OrganisationKind.GENERAL_BRANCH,
        OrganisationKind.SCHOOL,
    },
    OrganisationKind.PARTY_GROUP: {OrganisationKind.BRANCH},
}


class Organisation(MP_Node):
    """A node of the organisation tree (materialised path: subtree = one indexed prefix query)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    community_type = models.CharField(_("community type"), max_length=16, choices=CommunityType.choices, blank=True)
    is_core_school = models.BooleanField(_("core school of its community"), default=False)
    has_approval_authority = models.BooleanField(_("has approval authority (具有审批权限)"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    node_order_by = ["code"]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        permissions = PERMISSIONS
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="COMMUNITY") | Q(community_type=""), name="community_type_only_on_communities"
            ),
            models.CheckConstraint(condition=~Q(kind="COMMUNITY") | ~Q(community_type=""), name="community_has_type"),
            models.CheckConstraint(condition=Q(kind="SCHOOL") | Q(is_core_school=False), name="core_flag_on_schools"),
            models.CheckConstraint(
                condition=Q(kind="PARTY_COMMITTEE") | Q(has_approval_authority=False),
                name="approval_authority_on_committees",
            ),
        ]

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date):
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class Membership(models.Model):
    """A person holds a role in an organisation between two business dates (valid_to inclusive).

    ``permissions_applied`` records whether the guardian grants for this row are in force,
    so the periodic sync finds the rows whose validity started or ended since it last ran.
    """

    user = models.ForeignKey(User, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    permissions_applied = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="membership_dates_in_order",
            ),
        ]
        indexes = [models.Index(fields=["user", "organisation"]), models.Index(fields=["permissions_applied"])]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"

    def is_active_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


class ApiToken(models.Model):
    """A key for the API (``Authorization: Token <key>``), issued at each sign-in through the API.

    Only the SHA-256 of the key is stored: the key is shown once, in the sign-in answer. A token ends at
    ``expires_at`` (settings.API_TOKEN_HOURS after issue), when revoked (sign-out through the API, by its owner,
    on a password change), or when the person is deactivated.
    """

    user = models.ForeignKey(User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("key starts with"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("issued at"))
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("issued to address"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["user", "expires_at"])]

    def __str__(self):
        return f"{self.prefix}… · {self.user}"


class ActivationQuerySet(models.QuerySet):
    def revoke_open(self, user, *, now=None) -> int:
        """Revoke the person's links not yet used (a new link replaces them; deactivation ends them)."""
        return self.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=now or timezone.now()
        )


class Activation(models.Model):
    """A one-time activation link: the person it names sets their own password with it (accounts.activation).

    Only the SHA-256 of the code is stored: the code is shown once, on the sheet the administrator prints (or in the
    email). A link works until ``expires_at`` (settings.ACTIVATION_DAYS after issue), once (``used_at``), and only
    while it is the person's newest: issuing another one revokes it (``revoked_at``).
    """

    user = models.ForeignKey(User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="activations")
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("issued at"))
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, verbose_name=_("issued by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ActivationQuerySet.as_manager()

    class Meta:
        verbose_name = _("activation link")
        verbose_name_plural = _("activation links")
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d}"
