"""The API of pairs, plans and pledges and responsibility letters under /api/v1/programmes/pairs/: the same access
helpers and services as the pages; refusals come out as {"code", "message"} through the project's handler."""

from django.contrib.auth import get_user_model
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Organisation
from core.api.inputs import validated
from core.exceptions import ApplicationError
from programmes.commitments import selectors, services
from programmes.commitments.access import letter_for_user, pair_for_user, pledge_for_user, programme_of
from programmes.commitments.models import Outcome, Pledge, PledgeKind, PledgeStatus, ResponsibilityLetter
from programmes.models import Pair


class PairOutput(serializers.ModelSerializer):
    mentor_name = serializers.CharField(source="mentor.real_name", read_only=True)
    mentee_name = serializers.CharField(source="mentee.real_name", read_only=True)
    end_reason = serializers.SerializerMethodField()

    class Meta:
        model = Pair
        fields = ["id", "programme", "mentor", "mentor_name", "mentee", "mentee_name", "goals", "duties"]
        fields += ["mentor_acknowledged_at", "mentee_acknowledged_at", "created_at", "ended_on", "end_reason"]

    def get_end_reason(self, pair) -> str:
        ending = getattr(pair, "ending", None)
        return ending.reason if ending is not None else ""


class PledgeOutput(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.real_name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)

    class Meta:
        model = Pledge
        fields = ["id", "programme", "person", "person_name", "kind", "kind_label", "version", "previous", "text"]
        fields += ["status", "status_label", "published_at", "outcome", "outcome_label", "review_comment"]
        fields += ["reviewed_by", "reviewed_at"]


class LetterOutput(serializers.ModelSerializer):
    group_name = serializers.CharField(source="group.name", read_only=True)

    class Meta:
        model = ResponsibilityLetter
        fields = ["id", "programme", "group", "group_name", "text", "duties", "issued_on", "issued_by"]
        fields += ["acknowledged_on", "acknowledged_by"]


class ProgrammeQuery(serializers.Serializer):
    programme = serializers.IntegerField()


class PairInput(serializers.Serializer):
    programme = serializers.IntegerField()
    mentor = serializers.IntegerField()
    mentee = serializers.IntegerField()
    goals = serializers.CharField(max_length=4000)
    duties = serializers.CharField(max_length=4000)


class PairUpdateInput(serializers.Serializer):
    goals = serializers.CharField(max_length=4000)
    duties = serializers.CharField(max_length=4000)


class PairEndInput(serializers.Serializer):
    ended_on = serializers.DateField()
    reason = serializers.CharField(max_length=300)


class PledgeInput(serializers.Serializer):
    programme = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=PledgeKind.choices)
    text = serializers.CharField(max_length=4000)


class PledgeTextInput(serializers.Serializer):
    text = serializers.CharField(max_length=4000)


class ReviewInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    comment = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class LetterInput(serializers.Serializer):
    programme = serializers.IntegerField()
    group = serializers.IntegerField()
    text = serializers.CharField(max_length=4000)
    duties = serializers.CharField(max_length=4000)


def _person(pk: int, field: str):
    person = get_user_model().objects.filter(pk=pk, is_active=True).first()
    if person is None:
        raise ApplicationError(
            "person_out_of_reach",
            _("Both people must belong to the programme's organisation."),
            fields={field: [str(pk)]},
        )
    return person


def _programme(request, data_or_query, *, organise: bool = False):
    data = validated(ProgrammeQuery, data_or_query)
    return programme_of(request.user, data["programme"], organise=organise)


class PairListApi(APIView):
    """GET ?programme=: the programme's pairs the caller sees; POST: a new pair (the programme's organisers)."""

    @extend_schema(parameters=[ProgrammeQuery], responses=PairOutput(many=True))
    def get(self, request):
        programme = _programme(request, request.query_params)
        return Response(PairOutput(selectors.pairs_of_programme(request.user, programme), many=True).data)

    @extend_schema(request=PairInput, responses={201: PairOutput})
    def post(self, request):
        programme = _programme(request, request.data, organise=True)
        data = validated(PairInput, request.data)
        pair = services.pair_create(
            actor=request.user,
            programme=programme,
            mentor=_person(data["mentor"], "mentor"),
            mentee=_person(data["mentee"], "mentee"),
            goals=data["goals"],
            duties=data["duties"],
        )
        return Response(PairOutput(pair).data, status=status.HTTP_201_CREATED)


class PairApi(APIView):
    """GET: one pair; PATCH: its goals and duties (an organiser, until both have acknowledged)."""

    @extend_schema(responses=PairOutput)
    def get(self, request, pk):
        return Response(PairOutput(pair_for_user(request.user, pk)).data)

    @extend_schema(request=PairUpdateInput, responses=PairOutput)
    def patch(self, request, pk):
        pair = pair_for_user(request.user, pk, act="organise")
        data = validated(PairUpdateInput, request.data)
        return Response(PairOutput(services.pair_update(actor=request.user, pair=pair, **data)).data)


class PairAcknowledgeApi(APIView):
    @extend_schema(request=None, responses=PairOutput)
    def post(self, request, pk):
        pair = pair_for_user(request.user, pk, act="acknowledge")
        return Response(PairOutput(services.pair_acknowledge(actor=request.user, pair=pair)).data)


class PairEndApi(APIView):
    @extend_schema(request=PairEndInput, responses=PairOutput)
    def post(self, request, pk):
        pair = pair_for_user(request.user, pk, act="organise")
        data = validated(PairEndInput, request.data)
        return Response(PairOutput(services.pair_end(actor=request.user, pair=pair, **data)).data)


class PledgeListApi(APIView):
    """GET ?programme=: the programme's public plans and pledges, every version, and the caller's own drafts; POST:
    the caller's first version of a plan or pledge (a draft)."""

    @extend_schema(parameters=[ProgrammeQuery], responses=PledgeOutput(many=True))
    def get(self, request):
        programme = _programme(request, request.query_params)
        pledges = Pledge.objects.filter(programme=programme).select_related("person")
        pledges = pledges.exclude(status=PledgeStatus.DRAFT) | pledges.filter(person=request.user)
        return Response(PledgeOutput(pledges.order_by("person_id", "kind", "version"), many=True).data)

    @extend_schema(request=PledgeInput, responses={201: PledgeOutput})
    def post(self, request):
        programme = _programme(request, request.data)
        data = validated(PledgeInput, request.data)
        pledge = services.pledge_create(actor=request.user, programme=programme, kind=data["kind"], text=data["text"])
        return Response(PledgeOutput(pledge).data, status=status.HTTP_201_CREATED)


class PledgeApi(APIView):
    """GET: one version; PATCH: a draft's text (its person; a public version is refused, ``pledge_published``)."""

    @extend_schema(responses=PledgeOutput)
    def get(self, request, pk):
        return Response(PledgeOutput(pledge_for_user(request.user, pk)).data)

    @extend_schema(request=PledgeTextInput, responses=PledgeOutput)
    def patch(self, request, pk):
        pledge = pledge_for_user(request.user, pk, act="write")
        data = validated(PledgeTextInput, request.data)
        return Response(PledgeOutput(services.pledge_edit(actor=request.user, pledge=pledge, text=data["text"])).data)


class PledgeActionApi(APIView):
    """POST publish (make public), revise (the next version, {"text"}), review ({"outcome", "comment"})."""

    ACTIONS = ("publish", "revise", "review")

    @extend_schema(
        operation_id="v1_programmes_pairs_pledges_action",
        parameters=[OpenApiParameter("action", str, OpenApiParameter.PATH, enum=ACTIONS)],
        request=ReviewInput,
        responses={200: PledgeOutput, 201: PledgeOutput},
        description="publish: no body; revise: {text} (answers 201, the new version); review: {outcome, comment}.",
    )
    def post(self, request, pk, action):
        if action not in self.ACTIONS:
            raise Http404
        pledge = pledge_for_user(request.user, pk, act="review" if action == "review" else "write")
        if action == "publish":
            result = services.pledge_publish(actor=request.user, pledge=pledge)
            return Response(PledgeOutput(result).data)
        if action == "revise":
            data = validated(PledgeTextInput, request.data)
            result = services.pledge_revise(actor=request.user, pledge=pledge, text=data["text"])
            return Response(PledgeOutput(result).data, status=status.HTTP_201_CREATED)
        data = validated(ReviewInput, request.data)
        return Response(PledgeOutput(services.pledge_review(actor=request.user, pledge=pledge, **data)).data)


class LetterListApi(APIView):
    """GET ?programme=: the programme's letters; POST: a letter to one of its party groups (the organisers)."""

    @extend_schema(parameters=[ProgrammeQuery], responses=LetterOutput(many=True))
    def get(self, request):
        programme = _programme(request, request.query_params)
        return Response(LetterOutput(selectors.letters_of(programme), many=True).data)

    @extend_schema(request=LetterInput, responses={201: LetterOutput})
    def post(self, request):
        programme = _programme(request, request.data, organise=True)
        data = validated(LetterInput, request.data)
        group = Organisation.objects.filter(pk=data["group"]).first()
        if group is None:
            message = _("A responsibility letter goes to a party group of the programme's branch.")
            raise ApplicationError("not_a_party_group", message, fields={"group": [str(data["group"])]})
        letter = services.letter_issue(
            actor=request.user, programme=programme, group=group, text=data["text"], duties=data["duties"]
        )
        return Response(LetterOutput(letter).data, status=status.HTTP_201_CREATED)


class LetterApi(APIView):
    @extend_schema(responses=LetterOutput)
    def get(self, request, pk):
        return Response(LetterOutput(letter_for_user(request.user, pk)).data)


class LetterAcknowledgeApi(APIView):
    @extend_schema(request=None, responses=LetterOutput)
    def post(self, request, pk):
        letter = letter_for_user(request.user, pk)
        return Response(LetterOutput(services.letter_acknowledge(actor=request.user, letter=letter)).data)
