from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.identity import mask_id_number
from accounts.models import Membership, Organisation, User
from accounts.roles import Role


class PersonSerializer(serializers.ModelSerializer):
    """A person as others see them. The ID number is masked unless the view says the viewer may
    see it unmasked (context ``identity_visible``) or the viewer is the person."""

    id_number = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "real_name", "gender", "ethnic_group", "party_standing", "id_number"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_id_number(self, person: User) -> str | None:
        if not person.id_number:
            return None
        request = self.context.get("request")
        if self.context.get("identity_visible") or (request is not None and request.user.pk == person.pk):
            return person.id_number
        return mask_id_number(person.id_number)


class MeSerializer(PersonSerializer):
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


class MembershipSerializer(serializers.ModelSerializer):
    person = PersonSerializer(source="user", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "person", "role", "valid_from", "valid_to"]


class MembershipCreateSerializer(serializers.Serializer):
    user = serializers.SlugRelatedField(slug_field="username", queryset=User.objects.filter(is_active=True))
    role = serializers.ChoiceField(choices=Role.choices)
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True)


class MembershipEndSerializer(serializers.Serializer):
    valid_to = serializers.DateField(help_text=_("Last day of the membership (inclusive)."))


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
