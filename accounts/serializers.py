from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.identity import mask_id_number
from accounts.models import ApiToken, CommunityType, Membership, Organisation, OrganisationKind, User
from accounts.roles import Role


class PersonSerializer(serializers.ModelSerializer):
    """A person as others see them. The ID number is masked unless the view says the viewer asked to see it
    unmasked and may (context ``identity_visible``; the view records the read)."""

    id_number = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "real_name", "gender", "ethnic_group", "party_standing", "id_number"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_id_number(self, person: User) -> str | None:
        if not person.id_number:
            return None
        if self.context.get("identity_visible"):
            return person.id_number
        return mask_id_number(person.id_number)


class MeSerializer(PersonSerializer):
    """The signed-in person's own record: their own ID number is theirs to read."""

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_id_number(self, person: User) -> str | None:
        return person.id_number or None

    class Meta(PersonSerializer.Meta):
        fields = PersonSerializer.Meta.fields + [
            "birth_date",
            "phone",
            "email",
            "party_standing_since",
            "party_watch_until",
        ]


class OrganisationSerializer(serializers.ModelSerializer):
    parent_id = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "community_type",
            "is_core_school",
            "has_approval_authority",
            "depth",
            "parent_id",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_parent_id(self, organisation: Organisation) -> int | None:
        # Parents come from the view's path index, so a page of organisations costs no extra query per row.
        return self.context.get("parent_ids", {}).get(organisation.path[: -Organisation.steplen])


class OrganisationUpdateSerializer(serializers.Serializer):
    """What may change on an organisation (accounts.organisations.EDITABLE): not its kind, not its place."""

    code = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=100)
    community_type = serializers.ChoiceField(choices=CommunityType.choices, allow_blank=True)
    is_core_school = serializers.BooleanField()
    has_approval_authority = serializers.BooleanField()


class OrganisationCreateSerializer(OrganisationUpdateSerializer):
    """A new organisation. ``parent``: the id of an organisation where the caller administers people (above the new
    one); omitted or null: a top-level organisation (a superuser only)."""

    kind = serializers.ChoiceField(choices=OrganisationKind.choices)
    parent = serializers.IntegerField(required=False, allow_null=True, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("community_type", "is_core_school", "has_approval_authority"):
            self.fields[name].required = False


class MembershipSerializer(serializers.ModelSerializer):
    person = PersonSerializer(source="user", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "person", "role", "valid_from", "valid_to"]


class MembershipCreateSerializer(serializers.Serializer):
    """``user``: a login name among the people the view passes in context ``people`` (those the administrator
    reaches); anyone else gets the answer of a login name that does not exist."""

    user = serializers.SlugRelatedField(slug_field="username", queryset=User.objects.none())
    role = serializers.ChoiceField(choices=Role.choices)
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = self.context.get("people", User.objects.none())


class MembershipEndSerializer(serializers.Serializer):
    valid_to = serializers.DateField(help_text=_("Last day of the membership (inclusive)."))


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("The key: send it as `Authorization: Token <key>`. Shown only once."))
    id = serializers.IntegerField()
    expires_at = serializers.DateTimeField()


class TokenSerializer(serializers.ModelSerializer):
    current = serializers.SerializerMethodField(help_text=_("Whether this request is signed in with it."))

    class Meta:
        model = ApiToken
        fields = ["id", "prefix", "created_at", "expires_at", "last_used_at", "ip", "current"]

    def get_current(self, token) -> bool:
        return getattr(self.context.get("current"), "pk", None) == token.pk
