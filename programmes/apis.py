"""The programmes core's API under /api/v1/programmes/: programmes (list, create, read, change), their stages,
terms and quotas, adoption of a bureau's programme, the cultivation lists and the invitations to 组织生活会. The
same services and access helpers as the pages; refusals come out as {"code", "message"}."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Organisation, User
from core.api.inputs import validated
from core.exceptions import ApplicationError
from programmes import selectors, services
from programmes import serializers as s
from programmes.access import (
    adoptable_for_user,
    invitation_for_user,
    may_invite,
    organiser_roots,
    participant_for_user,
    programme_for_user,
)
from programmes.models import Quota, Stage, Term


def _person(pk, field: str) -> User:
    """A person named in the input; one who does not exist is out of reach like one of another school."""
    person = User.objects.filter(pk=pk).first() if pk is not None else None
    if person is None:
        raise ApplicationError(
            "person_out_of_reach" if field == "person" else "responsible_not_eligible",
            _("No such person in the programme's organisation."),
            fields={field: [str(pk)]},
        )
    return person


def _organisation(pk) -> Organisation:
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise ApplicationError(
            "organisation_out_of_reach",
            _("You do not run programmes for this organisation."),
            fields={"organisation": [str(pk)]},
        )
    return organisation


class ProgrammeListApi(APIView):
    """GET: the programmes the caller sees; POST: a new programme, filled with the seed's defaults."""

    @extend_schema(responses=s.ProgrammeSerializer(many=True))
    def get(self, request):
        return Response(s.ProgrammeSerializer(selectors.programmes_for_user(request.user), many=True).data)

    @extend_schema(request=s.ProgrammeCreateInput, responses=s.ProgrammeDetailSerializer)
    def post(self, request):
        if not organiser_roots(request.user):  # organises nothing anywhere
            raise PermissionDenied
        data = validated(s.ProgrammeCreateInput, request.data)
        data["organisation"] = _organisation(data["organisation"])
        programme = services.programme_create(actor=request.user, **data)
        return Response(s.ProgrammeDetailSerializer(programme).data, status=status.HTTP_201_CREATED)


class ProgrammeApi(APIView):
    @extend_schema(responses=s.ProgrammeDetailSerializer)
    def get(self, request, pk):
        return Response(s.ProgrammeDetailSerializer(programme_for_user(request.user, pk)).data)

    @extend_schema(request=s.ProgrammeUpdateInput, responses=s.ProgrammeDetailSerializer)
    def patch(self, request, pk):
        programme = programme_for_user(request.user, pk, organise=True)
        data = validated(s.ProgrammeUpdateInput, request.data)
        programme = services.programme_update(actor=request.user, programme=programme, **data)
        return Response(s.ProgrammeDetailSerializer(programme).data)


class AdoptApi(APIView):
    """POST: the caller's school or branch adopts this bureau programme (its own copy)."""

    @extend_schema(request=s.AdoptInput, responses=s.ProgrammeDetailSerializer)
    def post(self, request, pk):
        source = adoptable_for_user(request.user, pk)
        data = validated(s.AdoptInput, request.data)
        copy = services.programme_adopt(
            actor=request.user, source=source, organisation=_organisation(data["organisation"])
        )
        return Response(s.ProgrammeDetailSerializer(copy).data, status=status.HTTP_201_CREATED)


class StageListApi(APIView):
    @extend_schema(responses=s.StageSerializer(many=True))
    def get(self, request, pk):
        programme = programme_for_user(request.user, pk)
        return Response(s.StageSerializer(programme.stages.all(), many=True).data)

    @extend_schema(request=s.StageInput, responses=s.StageSerializer)
    def post(self, request, pk):
        programme = programme_for_user(request.user, pk, organise=True)
        data = validated(s.StageInput, request.data)
        stage = services.stage_add(actor=request.user, programme=programme, **data)
        return Response(s.StageSerializer(stage).data, status=status.HTTP_201_CREATED)


class StageApi(APIView):
    def _stage(self, request, pk, stage) -> Stage:
        programme = programme_for_user(request.user, pk, organise=True)
        return get_object_or_404(Stage, pk=stage, programme=programme)

    @extend_schema(request=s.StageInput, responses=s.StageSerializer)
    def put(self, request, pk, stage):
        found = self._stage(request, pk, stage)
        data = validated(s.StageInput, request.data)
        return Response(s.StageSerializer(services.stage_update(actor=request.user, stage=found, **data)).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk, stage):
        services.stage_remove(actor=request.user, stage=self._stage(request, pk, stage))
        return Response(status=status.HTTP_204_NO_CONTENT)


class TermApi(APIView):
    """PUT: a term's dates (``number``: 1 or 2)."""

    @extend_schema(request=s.TermInput, responses=s.TermSerializer)
    def put(self, request, pk, number):
        programme = programme_for_user(request.user, pk, organise=True)
        term = get_object_or_404(Term, programme=programme, number=number)
        data = validated(s.TermInput, request.data)
        return Response(s.TermSerializer(services.term_update(actor=request.user, term=term, **data)).data)


class QuotaListApi(APIView):
    @extend_schema(responses=s.QuotaSerializer(many=True))
    def get(self, request, pk):
        programme = programme_for_user(request.user, pk)
        return Response(s.QuotaSerializer(programme.quotas.all(), many=True).data)

    @extend_schema(request=s.QuotaInput, responses=s.QuotaSerializer)
    def post(self, request, pk):
        """Sets a quota (one per activity and audience: setting it again changes it)."""
        programme = programme_for_user(request.user, pk, organise=True)
        data = validated(s.QuotaInput, request.data)
        quota = services.quota_set(actor=request.user, programme=programme, **data)
        return Response(s.QuotaSerializer(quota).data)


class QuotaApi(APIView):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk, quota):
        programme = programme_for_user(request.user, pk, organise=True)
        services.quota_remove(actor=request.user, quota=get_object_or_404(Quota, pk=quota, programme=programme))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ParticipantListApi(APIView):
    @extend_schema(responses=s.ParticipantSerializer(many=True))
    def get(self, request, pk):
        programme = programme_for_user(request.user, pk)
        return Response(s.ParticipantSerializer(selectors.participants_of(programme), many=True).data)

    @extend_schema(request=s.ParticipantInput, responses=s.ParticipantSerializer)
    def post(self, request, pk):
        programme = programme_for_user(request.user, pk, organise=True)
        data = validated(s.ParticipantInput, request.data)
        data["person"] = _person(data["person"], "person")
        data["responsible"] = _person(data["responsible"], "responsible") if data["responsible"] else None
        participant = services.participant_add(actor=request.user, programme=programme, **data)
        return Response(s.ParticipantSerializer(participant).data, status=status.HTTP_201_CREATED)


class ParticipantApi(APIView):
    @extend_schema(responses=s.ParticipantSerializer)
    def get(self, request, pk):
        return Response(s.ParticipantSerializer(participant_for_user(request.user, pk)).data)

    @extend_schema(request=s.ParticipantUpdateInput, responses=s.ParticipantSerializer)
    def patch(self, request, pk):
        participant = participant_for_user(request.user, pk, organise=True)
        data = validated(s.ParticipantUpdateInput, request.data)
        data["responsible"] = _person(data["responsible"], "responsible") if data["responsible"] else None
        participant = services.participant_update(actor=request.user, participant=participant, **data)
        return Response(s.ParticipantSerializer(participant).data)


class ParticipantRemoveApi(APIView):
    @extend_schema(request=s.RemoveInput, responses=s.ParticipantSerializer)
    def post(self, request, pk):
        participant = participant_for_user(request.user, pk, organise=True)
        data = validated(s.RemoveInput, request.data)
        participant = services.participant_remove(actor=request.user, participant=participant, **data)
        return Response(s.ParticipantSerializer(participant).data)


class InvitationListApi(APIView):
    @extend_schema(responses=s.InvitationSerializer(many=True))
    def get(self, request, pk):
        participant = participant_for_user(request.user, pk)
        return Response(s.InvitationSerializer(participant.invitations.all(), many=True).data)

    @extend_schema(request=s.InvitationInput, responses=s.InvitationSerializer)
    def post(self, request, pk):
        participant = participant_for_user(request.user, pk)
        if not may_invite(request.user, participant):
            raise PermissionDenied
        data = validated(s.InvitationInput, request.data)
        invitation = services.invitation_create(actor=request.user, participant=participant, **data)
        return Response(s.InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


class AttendanceApi(APIView):
    @extend_schema(request=s.AttendanceInput, responses=s.InvitationSerializer)
    def post(self, request, pk):
        invitation = invitation_for_user(request.user, pk, record=True)
        data = validated(s.AttendanceInput, request.data)
        invitation = services.invitation_record(actor=request.user, invitation=invitation, **data)
        return Response(s.InvitationSerializer(invitation).data)
