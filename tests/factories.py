"""One factory per model. People get valid ID numbers; organisations go through the tree API."""

import datetime

import factory

from accounts import services
from accounts.identity import make_id_number
from accounts.models import Organisation, OrganisationKind, PartyStanding, User

TODAY = datetime.date(2026, 11, 21)


def factory_id_number(birth_date: datetime.date, n: int, gender: str = "F") -> str:
    """A valid ID number unique to the n-th person, whatever their birth date: the 3-digit sequence holds 500
    numbers of one gender (its last digit is odd for men, even for women), so every 500 people the region code
    moves on (3301xx and above; region codes are not checked, accounts.identity). Many people born the same day
    (the long race runs create thousands) never share a number."""
    region, sequence = divmod(n, 500)
    return make_id_number(f"{330100 + region:06d}", birth_date, sequence * 2 + (gender == "M"))


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    real_name = factory.Sequence(lambda n: f"测试{n}")
    gender = "F"
    birth_date = factory.Sequence(lambda n: datetime.date(1980, 1, 1) + datetime.timedelta(days=n))
    id_number = factory.LazyAttributeSequence(lambda o, n: factory_id_number(o.birth_date, n, o.gender))
    party_standing = PartyStanding.NON_MEMBER
    password = factory.django.Password("pw-for-tests-123")


class OrganisationFactory:
    """Organisations are tree nodes: build them through the service so paths are right."""

    _counter = 0

    @classmethod
    def create(cls, *, kind=OrganisationKind.BUREAU, parent=None, **fields) -> Organisation:
        cls._counter += 1
        fields.setdefault("code", f"ORG{cls._counter:05d}")
        fields.setdefault("name", f"组织{cls._counter}")
        if kind == OrganisationKind.COMMUNITY:
            fields.setdefault("community_type", "FUSION")
        return services.organisation_create(kind=kind, parent=parent, **fields)


def grant(user, organisation, role, *, valid_from=datetime.date(2025, 1, 1), valid_to=None, today=TODAY):
    return services.membership_grant(
        user=user, organisation=organisation, role=role, valid_from=valid_from, valid_to=valid_to, today=today
    )


def two_communities(bureau, *, tag: str = "") -> dict:
    """Under ``bureau``: a 融合型 community (城关, its core school and two members) and a 协作型 one (楚门, a core
    school and a member), every name prefixed with ``tag``; keyed as the ``yuhuan`` fixture names them."""
    from accounts.models import CommunityType

    kind = OrganisationKind
    fusion = OrganisationFactory.create(
        kind=kind.COMMUNITY, parent=bureau, name=f"{tag}城关教育共同体", community_type=CommunityType.FUSION
    )
    collab = OrganisationFactory.create(
        kind=kind.COMMUNITY, parent=bureau, name=f"{tag}楚门教育共同体", community_type=CommunityType.COLLABORATION
    )

    def school(parent, name, core=False):
        return OrganisationFactory.create(kind=kind.SCHOOL, parent=parent, name=f"{tag}{name}", is_core_school=core)

    return {
        "fusion": fusion,
        "collab": collab,
        "fusion_core": school(fusion, "城关第一小学", core=True),
        "fusion_member": school(fusion, "坎门小学"),
        "fusion_member2": school(fusion, "陈屿小学"),
        "collab_core": school(collab, "楚门中学", core=True),
        "collab_member": school(collab, "清港中学"),
    }
