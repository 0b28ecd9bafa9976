"""Serializers of the people API (accounts.people_apis). They parse; the services check (ID number, phone, email,
roles, dates, who may do what) and refuse with a stable code."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.ethnic_groups import ETHNIC_GROUP_CHOICES
from accounts.identity import mask_id_number
from accounts.models import Gender, Organisation, PartyStanding, User
from accounts.people import EDITABLE
from accounts.roles import Role


class PersonAdminSerializer(serializers.ModelSerializer):
    """A person as their administrator sees them: the ID number masked; ``activated`` is whether they have set a
    password of their own (else they are waiting for an activation link)."""

    id_number = serializers.SerializerMethodField()
    activated = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", *EDITABLE, "is_active", "activated"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_id_number(self, person: User) -> str | None:
        return mask_id_number(person.id_number) if person.id_number else None

    def get_activated(self, person: User) -> bool:
        return person.has_usable_password()


class PersonUpdateSerializer(serializers.Serializer):
    real_name = serializers.CharField(max_length=50)
    gender = serializers.ChoiceField(choices=Gender.choices, allow_blank=True)
    birth_date = serializers.DateField(allow_null=True)
    ethnic_group = serializers.ChoiceField(choices=ETHNIC_GROUP_CHOICES, allow_blank=True)
    id_number = serializers.CharField(
        max_length=30, allow_blank=True, write_only=True, help_text="18 characters; never returned unmasked."
    )
    phone = serializers.CharField(max_length=30, allow_blank=True)
    email = serializers.CharField(max_length=254, allow_blank=True)
    party_standing = serializers.ChoiceField(choices=PartyStanding.choices)
    party_standing_since = serializers.DateField(allow_null=True)
    party_watch_until = serializers.DateField(allow_null=True)

    def data_in(self) -> dict:
        """The fields sent; an empty ID number keeps the one on record."""
        values = dict(self.validated_data)
        if not values.get("id_number"):
            values.pop("id_number", None)
        return values


class PersonCreateSerializer(PersonUpdateSerializer):
    """A new person and their first role. ``organisation``: an organisation where the caller administers people
    (any other answers as one that does not exist)."""

    username = serializers.RegexField(r"^[\w.@+-]+\Z", max_length=150)
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.none())
    role = serializers.ChoiceField(choices=Role.choices)
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from accounts.selectors import organisations_administered_by

        request = self.context.get("request")
        if request is not None:
            self.fields["organisation"].queryset = organisations_administered_by(request.user)
        for name in ("gender", "birth_date", "ethnic_group", "id_number", "phone", "email"):
            self.fields[name].required = False
        for name in ("party_standing", "party_standing_since", "party_watch_until"):
            self.fields[name].required = False


class ActivationRequestSerializer(serializers.Serializer):
    people = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=500)
    delivery = serializers.ChoiceField(choices=[("print", "print"), ("email", "email")], default="print")


class IssuedLinkSerializer(serializers.Serializer):
    """A link just issued. ``code`` and ``url`` only when the caller hands the link out itself (printed): they are
    in this answer and nowhere else."""

    person = serializers.IntegerField(source="person.pk")
    expires_at = serializers.DateTimeField(source="activation.expires_at")
    code = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_code(self, link) -> str | None:
        return link.formatted_code if self.context.get("with_code") else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_url(self, link) -> str | None:
        request = self.context.get("request")
        if not self.context.get("with_code") or request is None:
            return None
        return request.build_absolute_uri(link.path)
