"""API for the signed-in person, organisations and memberships (under /api/v1/)."""

from django.contrib.auth import authenticate
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.generics import GenericAPIView, ListAPIView, RetrieveAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import roles, selectors, services
from accounts.lockout import LOCKED_OUT, lockout_message
from accounts.models import Membership, Organisation
from accounts.permissions import has_org_perm, organisation_for_user, organisations_visible_to
from accounts.serializers import (
    MembershipCreateSerializer,
    MembershipEndSerializer,
    MembershipSerializer,
    MeSerializer,
    OrganisationSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
)
from core.exceptions import ApplicationError
from core.throttling import LoginRateThrottle


class TokenObtainApi(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginRateThrottle]

    @extend_schema(request=TokenRequestSerializer, responses=TokenResponseSerializer, operation_id="auth_token")
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(request, **serializer.validated_data)
        if user is None:
            # django-axes flags the request when this attempt locked the login name, or it already was locked.
            if getattr(request, "axes_locked_out", False):
                raise ApplicationError(LOCKED_OUT, lockout_message(), status=429)
            raise ApplicationError("invalid_credentials", _("The login name or password is wrong."))
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class MeApi(RetrieveAPIView):
    serializer_class = MeSerializer

    def get_object(self):
        return self.request.user


class OrganisationListApi(ListAPIView):
    serializer_class = OrganisationSerializer
    filterset_fields = ["kind", "community_type", "has_approval_authority"]
    search_fields = ["name", "code"]
    ordering_fields = ["path", "name", "code"]
    ordering = ["path"]

    def get_queryset(self):
        return organisations_visible_to(self.request.user)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        page = getattr(self, "_page", None) or []
        parent_paths = {org.path[: -Organisation.steplen] for org in page if org.depth > 1}
        context["parent_ids"] = dict(Organisation.objects.filter(path__in=parent_paths).values_list("path", "pk"))
        return context

    def paginate_queryset(self, queryset):
        self._page = super().paginate_queryset(queryset)
        return self._page


class OrganisationDetailApi(RetrieveAPIView):
    serializer_class = OrganisationSerializer

    def retrieve(self, request, *args, **kwargs):
        organisation = organisation_for_user(request.user, kwargs["pk"])
        parent = selectors.organisation_parent(organisation)
        context = self.get_serializer_context() | {"parent_ids": {parent.path: parent.pk} if parent else {}}
        return Response(OrganisationSerializer(organisation, context=context).data)


class OrganisationMembershipsApi(ListAPIView, GenericAPIView):
    """Memberships of one organisation: read with see_cases, grant with manage_members (there or above)."""

    serializer_class = MembershipSerializer
    queryset = Membership.objects.none()  # for the schema; requests use get_queryset
    ordering_fields = ["valid_from", "role"]

    def _organisation(self) -> Organisation:
        if not hasattr(self, "_org"):
            perm = roles.SEE_CASES if self.request.method == "GET" else roles.MANAGE_MEMBERS
            self._org = organisation_for_user(self.request.user, self.kwargs["pk"], perm=perm)
        return self._org

    def get_queryset(self):
        return selectors.memberships_of_organisation(self._organisation())

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["identity_visible"] = has_org_perm(self.request.user, roles.VIEW_IDENTITY, self._organisation())
        return context

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        if self.get_serializer_context()["identity_visible"]:
            rows = response.data.get("results", []) if isinstance(response.data, dict) else response.data
            shown = [row["person"]["id"] for row in rows if row["person"].get("id_number")]
            services.identity_read_record(
                reader=request.user, organisation=self._organisation(), people=shown, ip=request.META.get("REMOTE_ADDR")
            )
        return response

    @extend_schema(request=MembershipCreateSerializer, responses={201: MembershipSerializer})
    def post(self, request, pk):
        organisation = self._organisation()
        serializer = MembershipCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.membership_grant(
            organisation=organisation, actor=request.user, **serializer.validated_data
        )
        body = MembershipSerializer(membership, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)


class MembershipEndApi(GenericAPIView):
    serializer_class = MembershipEndSerializer

    @extend_schema(request=MembershipEndSerializer, responses=MembershipSerializer)
    def post(self, request, pk):
        membership = get_object_or_404(Membership.objects.select_related("organisation", "user"), pk=pk)
        organisation_for_user(request.user, membership.organisation_id, perm=roles.MANAGE_MEMBERS)
        serializer = MembershipEndSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.membership_end(
            membership=membership, valid_to=serializer.validated_data["valid_to"], actor=request.user
        )
        return Response(MembershipSerializer(membership, context={"request": request}).data)
