"""API for the signed-in person, organisations and memberships (under /api/v1/)."""

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView, ListAPIView, RetrieveAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import organisations, roles, selectors, services, tokens
from accounts.lockout import LOCKED_OUT, lockout_message
from accounts.models import ApiToken, Membership, Organisation
from accounts.permissions import organisation_for_user, organisations_visible_to, perms_in_chain
from accounts.serializers import (
    MembershipCreateSerializer,
    MembershipEndSerializer,
    MembershipSerializer,
    MeSerializer,
    OrganisationCreateSerializer,
    OrganisationSerializer,
    OrganisationUpdateSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
    TokenSerializer,
)
from core.client_ip import client_ip
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
        # A new token at each sign-in (never the previous one), expiring after settings.API_TOKEN_HOURS; audited.
        token, key = tokens.token_issue(user=user, ip=client_ip(request))
        return Response({"token": key, "id": token.pk, "expires_at": token.expires_at})


class SignOutApi(APIView):
    """Revokes the token the request is signed in with (a session-authenticated call has none to revoke)."""

    @extend_schema(request=None, responses={204: None}, operation_id="auth_sign_out")
    def post(self, request):
        if not isinstance(request.auth, ApiToken):
            raise ApplicationError("not_token_authenticated", _("This request is not signed in with an API token."))
        tokens.token_revoke(token=request.auth, actor=request.user, ip=client_ip(request), reason="sign_out")
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenListApi(ListAPIView):
    """The caller's API tokens that still sign in, newest first (never their keys)."""

    serializer_class = TokenSerializer
    pagination_class = None  # at most API_TOKENS_PER_USER
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        return tokens.tokens_of_user(self.request.user)

    def get_serializer_context(self):
        return super().get_serializer_context() | {"current": getattr(self.request, "auth", None)}


class TokenRevokeApi(APIView):
    """Revoke one of the caller's tokens; another person's token is not found (404)."""

    @extend_schema(request=None, responses={204: None}, operation_id="auth_token_revoke")
    def post(self, request, pk):
        token = get_object_or_404(ApiToken.objects.filter(user=request.user), pk=pk)
        tokens.token_revoke(token=token, actor=request.user, ip=client_ip(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeApi(RetrieveAPIView):
    serializer_class = MeSerializer

    def get_object(self):
        return self.request.user


def _organisation_body(request, organisation: Organisation) -> dict:
    parent = selectors.organisation_parent(organisation)
    context = {"request": request, "parent_ids": {parent.path: parent.pk} if parent else {}}
    return OrganisationSerializer(organisation, context=context).data


class OrganisationListApi(ListAPIView):
    """The organisations the caller belongs to and everything below them. POST adds one under ``parent`` (the same
    rule as the roster import page: the caller administers people at or above the parent; audited as
    organisation_create; a refusal is audited too)."""

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

    @extend_schema(request=OrganisationCreateSerializer, responses={201: OrganisationSerializer})
    def post(self, request):
        serializer = OrganisationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        parent_id = fields.pop("parent", None)
        parent = organisation_for_user(request.user, parent_id) if parent_id else None  # 404 to an outsider
        organisation = organisations.organisation_add(
            actor=request.user, parent=parent, ip=client_ip(request), **fields
        )
        return Response(_organisation_body(request, organisation), status=status.HTTP_201_CREATED)


class OrganisationDetailApi(GenericAPIView):
    """One organisation: 404 unless the caller belongs to it or above. PATCH changes its code, name, community type,
    core school and approval authority (not its kind or place): only an administrator of people above it (403,
    audited), audited as organisation_update."""

    serializer_class = OrganisationSerializer

    @extend_schema(responses=OrganisationSerializer)
    def get(self, request, pk):
        return Response(_organisation_body(request, organisation_for_user(request.user, pk)))

    @extend_schema(request=OrganisationUpdateSerializer, responses=OrganisationSerializer)
    def patch(self, request, pk):
        organisation = organisation_for_user(request.user, pk)
        serializer = OrganisationUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        organisation = organisations.organisation_update(
            actor=request.user, organisation=organisation, ip=client_ip(request), **serializer.validated_data
        )
        return Response(_organisation_body(request, organisation))


UNMASK = OpenApiParameter(
    "unmask",
    bool,
    description="Show ID numbers unmasked (needs view_identity there; every such read is an audit event).",
)


def _unmask_asked(request) -> bool:
    return request.query_params.get("unmask") in ("1", "true")


class OrganisationMembershipsApi(ListAPIView, GenericAPIView):
    """Memberships of one organisation: read with see_cases, grant with manage_members (there or above). A security
    administrator (manage_security_roles) reads and grants the security roles only. ID numbers are masked unless
    ``?unmask=1`` is asked by a holder of view_identity (audited as read_identity)."""

    serializer_class = MembershipSerializer
    queryset = Membership.objects.none()  # for the schema; requests use get_queryset
    ordering_fields = ["valid_from", "role"]

    def _organisation(self) -> Organisation:
        if not hasattr(self, "_org"):
            organisation = organisation_for_user(self.request.user, self.kwargs["pk"])  # 404 to an outsider
            held = perms_in_chain(self.request.user, organisation)
            wanted = {roles.SEE_CASES if self.request.method == "GET" else roles.MANAGE_MEMBERS}
            if not held & (wanted | {roles.MANAGE_SECURITY_ROLES}):
                raise PermissionDenied
            self._org, self._held = organisation, held
        return self._org

    def get_queryset(self):
        memberships = selectors.memberships_of_organisation(self._organisation())
        if roles.SEE_CASES not in self._held:  # the security administrator: the security roles only
            memberships = memberships.filter(role__in=roles.SECURITY_ROLES)
        return memberships

    def get_serializer_context(self):
        context = super().get_serializer_context()
        self._organisation()
        context["identity_visible"] = _unmask_asked(self.request) and roles.VIEW_IDENTITY in self._held
        return context

    @extend_schema(parameters=[UNMASK])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        if self.get_serializer_context()["identity_visible"]:
            rows = response.data.get("results", []) if isinstance(response.data, dict) else response.data
            shown = [row["person"]["id"] for row in rows if row["person"].get("id_number")]
            services.identity_read_record(
                reader=request.user, organisation=self._organisation(), people=shown, ip=client_ip(request)
            )
        return response

    @extend_schema(request=MembershipCreateSerializer, responses={201: MembershipSerializer}, parameters=[UNMASK])
    def post(self, request, pk):
        organisation = self._organisation()
        # Only people of the caller's own tree can be named: anyone else reads as an unknown login name.
        people = selectors.people_reached_by(request.user, roles.MANAGE_MEMBERS, roles.MANAGE_SECURITY_ROLES)
        serializer = MembershipCreateSerializer(data=request.data, context={"people": people})
        serializer.is_valid(raise_exception=True)
        membership = services.membership_grant(
            organisation=organisation, actor=request.user, ip=client_ip(request), **serializer.validated_data
        )
        context = self.get_serializer_context()
        body = MembershipSerializer(membership, context=context).data
        if context["identity_visible"] and body["person"].get("id_number"):
            services.identity_read_record(
                reader=request.user, organisation=organisation, people=[membership.user_id], ip=client_ip(request)
            )
        return Response(body, status=status.HTTP_201_CREATED)


class MembershipEndApi(GenericAPIView):
    serializer_class = MembershipEndSerializer

    @extend_schema(request=MembershipEndSerializer, responses=MembershipSerializer)
    def post(self, request, pk):
        membership = get_object_or_404(Membership.objects.select_related("organisation", "user"), pk=pk)
        organisation = organisation_for_user(request.user, membership.organisation_id)  # 404 to an outsider
        if not perms_in_chain(request.user, organisation) & {roles.MANAGE_MEMBERS, roles.MANAGE_SECURITY_ROLES}:
            raise PermissionDenied
        serializer = MembershipEndSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.membership_end(
            membership=membership,
            valid_to=serializer.validated_data["valid_to"],
            actor=request.user,
            ip=client_ip(request),
        )
        return Response(MembershipSerializer(membership, context={"request": request}).data)
