"""People for an HR system (issue 17 item 2), under /api/v1/people/: list, add (with a first role), read, change,
deactivate and reactivate, activation links and access resets, through the same services, rules and audit events as
the pages. Roles are granted and ended with /api/v1/organisations/<id>/memberships/ and /api/v1/memberships/<id>/end/.
ID numbers are masked in every answer unless ``?unmask=1`` is asked by a holder of view_identity (audited); a number
sent is checked and stored."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response

from accounts import activation, people, selectors
from accounts.models import User
from accounts.people_serializers import (
    ActivationRequestSerializer,
    IssuedLinkSerializer,
    PersonAdminSerializer,
    PersonCreateSerializer,
    PersonUpdateSerializer,
)
from accounts.permissions import may_administer_people, person_for_user
from core.client_ip import client_ip

UNMASK = OpenApiParameter(
    "unmask",
    bool,
    description="The whole ID number (needs view_identity where the person holds a role, else 403; every such "
    "read, and every refused one, is an audit event).",
)
ACTIVE = OpenApiParameter("is_active", bool, description="Only active (true) or deactivated (false) people.")


class PeopleApi(ListAPIView, GenericAPIView):
    """People with a current or past role where the caller administers people (manage_members or
    manage_security_roles); 403 to whoever administers nobody. POST adds a person with their first role: the
    person sets their own password through an activation link (pages: 人员 → 打印激活链接)."""

    serializer_class = PersonAdminSerializer
    queryset = User.objects.none()  # for the schema; requests use get_queryset
    search_fields = ["real_name", "username"]
    ordering_fields = ["real_name", "username", "id"]
    ordering = ["real_name", "id"]

    def _check(self):
        if not may_administer_people(self.request.user):
            raise PermissionDenied

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return User.objects.none()
        self._check()
        found = selectors.people_administered_by(self.request.user)
        active = self.request.query_params.get("is_active")
        if active in ("true", "1", "false", "0"):
            found = found.filter(is_active=active in ("true", "1"))
        return found

    @extend_schema(parameters=[ACTIVE])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=PersonCreateSerializer, responses={201: PersonAdminSerializer})
    def post(self, request):
        self._check()
        serializer = PersonCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        person = people.person_add(actor=request.user, ip=client_ip(request), **serializer.validated_data)
        return Response(PersonAdminSerializer(person).data, status=status.HTTP_201_CREATED)


class PersonApi(GenericAPIView):
    """One person: 404 unless they hold (or held) a role where the caller belongs, 403 unless the caller
    administers people there. PATCH changes their record (not the login name, never the password)."""

    serializer_class = PersonAdminSerializer

    @extend_schema(parameters=[UNMASK], responses=PersonAdminSerializer)
    def get(self, request, pk):
        person = person_for_user(request.user, pk)
        body = PersonAdminSerializer(person).data
        if request.query_params.get("unmask") in ("1", "true") and person.id_number:
            body["id_number"] = people.person_identity_reveal(reader=request.user, person=person, ip=client_ip(request))
        return Response(body)

    @extend_schema(request=PersonUpdateSerializer, responses=PersonAdminSerializer)
    def patch(self, request, pk):
        person = person_for_user(request.user, pk)
        serializer = PersonUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        person = people.person_update(actor=request.user, person=person, ip=client_ip(request), **serializer.data_in())
        return Response(PersonAdminSerializer(person).data)


class _PersonChange(GenericAPIView):
    serializer_class = PersonAdminSerializer
    change = staticmethod(people.person_deactivate)

    @extend_schema(request=None, responses=PersonAdminSerializer)
    def post(self, request, pk):
        person = person_for_user(request.user, pk)
        person = self.change(actor=request.user, person=person, ip=client_ip(request))
        return Response(PersonAdminSerializer(person).data)


class PersonDeactivateApi(_PersonChange):
    """The person can no longer sign in; their sessions, API tokens and activation links end (409 if already)."""


class PersonReactivateApi(_PersonChange):
    """The person may sign in again (409 if already active)."""

    change = staticmethod(people.person_reactivate)


class PeopleActivationApi(GenericAPIView):
    """Activation links for people who have not set a password yet (added or imported), all or nothing: one person
    the caller does not reach answers 404, one who may not get a link refuses the request (409) and nobody's link
    changes. ``delivery`` "print": the answer carries each code and link, once (they are stored only as hashes);
    "email": they are sent to the people's addresses and the answer carries none."""

    serializer_class = ActivationRequestSerializer
    queryset = User.objects.none()  # for the schema: the people named are read from the caller's reach

    @extend_schema(request=ActivationRequestSerializer, responses={201: IssuedLinkSerializer(many=True)})
    def post(self, request):
        if not may_administer_people(request.user):
            raise PermissionDenied
        serializer = ActivationRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        named = set(serializer.validated_data["people"])
        found = list(selectors.people_administered_by(request.user).filter(pk__in=named).order_by("real_name", "pk"))
        if len(found) != len(named):  # someone the caller does not reach, as if they did not exist
            raise Http404
        delivery = serializer.validated_data["delivery"]
        links = activation.activations_issue(actor=request.user, people=found, delivery=delivery, ip=client_ip(request))
        context = {"request": request, "with_code": delivery == "print"}
        return Response(IssuedLinkSerializer(links, many=True, context=context).data, status=status.HTTP_201_CREATED)


class PersonResetAccessApi(GenericAPIView):
    """The person's password, sessions and API tokens end; the answer carries their new activation code and link,
    once (409 when the person is deactivated)."""

    serializer_class = IssuedLinkSerializer
    queryset = User.objects.none()  # for the schema: the person is read through person_for_user

    @extend_schema(request=None, responses={201: IssuedLinkSerializer})
    def post(self, request, pk):
        person = person_for_user(request.user, pk)
        link = activation.access_reset(actor=request.user, person=person, ip=client_ip(request))
        context = {"request": request, "with_code": True}
        return Response(IssuedLinkSerializer(link, context=context).data, status=status.HTTP_201_CREATED)
