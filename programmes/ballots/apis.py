"""The votes' API under /api/v1/programmes/reviews/: list and create, a vote, its steps (nominees, open, close,
publish), casting a ballot, the results, the auditors' verification and a school's 三星. The same services and access
helpers as the pages; errors come out as {"code", "message"} through the project's handler."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Organisation, User
from core.api.inputs import validated
from core.dates import business_today
from core.exceptions import ApplicationError
from core.school_year import school_year_of
from programmes.ballots import selectors, services
from programmes.ballots.access import may_read_counts, poll_for_user, school_for_user
from programmes.ballots.models import Poll, PollKind, PollStatus

MAX_ID = 2**63 - 1  # a database key: anything larger names nothing


def id_field(**options):
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **options)


class PollInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PollKind.choices)
    organisation = id_field()
    title = serializers.CharField(max_length=120)
    opens = serializers.DateField()
    closes = serializers.DateField()
    places = serializers.IntegerField(required=False, min_value=1, max_value=99)
    nominees = serializers.ListField(child=id_field(), required=False, default=list, max_length=200)


class NomineesInput(serializers.Serializer):
    nominees = serializers.ListField(child=id_field(), allow_empty=False, max_length=200)


class BallotInput(serializers.Serializer):
    # candidate id -> choice code (EXCELLENT/COMPETENT/BASICALLY/INCOMPETENT/ABSTAIN or FOR/AGAINST/ABSTAIN)
    marks = serializers.DictField(child=serializers.CharField(max_length=12))


class PollOutput(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    status_label = serializers.CharField(source="get_status_display")
    organisation_name = serializers.CharField(source="organisation.name")
    candidates = serializers.SerializerMethodField()

    class Meta:
        model = Poll
        fields = ["id", "kind", "kind_label", "organisation", "organisation_name", "school_year", "title", "opens"]
        fields += ["closes", "places", "status", "status_label", "eligible", "candidates"]

    def get_candidates(self, poll) -> list[dict]:
        return [
            {"id": c.pk, "person": c.person_id, "name": c.person.real_name}
            for c in poll.candidates.select_related("person")
        ]


def _people(ids: list[int]) -> list[User]:
    found = {person.pk: person for person in User.objects.filter(pk__in=ids)}
    if len(found) != len(set(ids)):
        message = _("Nominate members of the branch only.")
        raise ApplicationError("nominee_not_eligible", message, fields={"nominees": [str(message)]})
    return [found[pk] for pk in ids]


def _detail(request, poll: Poll) -> dict:
    body = PollOutput(poll).data
    body["my_ballot_cast"] = selectors.has_voted(request.user, poll)  # null: not a voter here
    body["turnout"] = selectors.turnout(poll) if poll.status != PollStatus.DRAFT else None
    body["results_available"] = may_read_counts(request.user, poll)
    return body


class PollListApi(APIView):
    """GET: the votes the caller sees; POST: a new review (one a school year per branch) or election."""

    @extend_schema(responses=PollOutput(many=True))
    def get(self, request):
        polls = selectors.polls_for(request.user).order_by("-school_year", "-opens", "-pk")[:200]
        return Response(PollOutput(polls, many=True).data)

    @extend_schema(request=PollInput, responses={201: PollOutput})
    def post(self, request):
        data = validated(PollInput, request.data)
        organisation = Organisation.objects.filter(pk=data["organisation"]).first()
        if organisation is None:
            raise ApplicationError(
                "not_an_organiser", _("Only the branch's secretary or committee organises its votes."), status=403
            )
        facts = {"organisation": organisation, "title": data["title"], "opens": data["opens"], "closes": data["closes"]}
        if data["kind"] == PollKind.ELECTION:
            poll = services.election_create(
                actor=request.user, places=data.get("places") or 0, nominees=_people(data["nominees"]), **facts
            )
        else:
            poll = services.review_create(actor=request.user, **facts)
        return Response(PollOutput(poll).data, status=status.HTTP_201_CREATED)


class PollApi(APIView):
    @extend_schema(responses=PollOutput)
    def get(self, request, pk):
        return Response(_detail(request, poll_for_user(request.user, pk)))


class PollStepApi(APIView):
    """POST: open, close or publish the vote (its organisers)."""

    @extend_schema(request=None, responses=PollOutput)
    def post(self, request, pk, step):
        steps = {"open": services.poll_open, "close": services.poll_close, "publish": services.poll_publish}
        if step not in steps:
            raise Http404
        poll = poll_for_user(request.user, pk, organise=True)
        poll = steps[step](actor=request.user, poll=poll)
        return Response(_detail(request, poll))


class NomineesApi(APIView):
    """PUT: an election's nominees, before voting opens (its organisers)."""

    @extend_schema(request=NomineesInput, responses=PollOutput)
    def put(self, request, pk):
        poll = poll_for_user(request.user, pk, organise=True)
        data = validated(NomineesInput, request.data)
        poll = services.election_nominees_set(actor=request.user, poll=poll, nominees=_people(data["nominees"]))
        return Response(_detail(request, poll))


class BallotApi(APIView):
    """POST: the caller's ballot, a mark for every candidate. The answer says it was cast, never what it said."""

    @extend_schema(request=BallotInput, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, pk):
        poll = poll_for_user(request.user, pk)
        data = validated(BallotInput, request.data)
        services.ballot_cast(actor=request.user, poll=poll, marks=data["marks"])
        return Response({"cast": True}, status=status.HTTP_201_CREATED)


class ResultsApi(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        poll = poll_for_user(request.user, pk, counts=True)
        found = selectors.results(poll)
        rows = [
            {
                "person": row["person"],
                "name": row["name"],
                "counts": dict(zip([c for c, _l in found["choices"]], row["counts"], strict=True)),
                **({"outcome": row["outcome"]} if "outcome" in row else {}),
            }
            for row in found["rows"]
        ]
        turnout = {**found["turnout"], "percent": str(found["turnout"]["percent"])}
        return Response({"poll": poll.pk, "turnout": turnout, "tie": found["tie"], "rows": rows})


class VerifyApi(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        poll = poll_for_user(request.user, pk, verify=True)
        if not poll.closed_at:
            raise ApplicationError("poll_not_closed", _("Nothing to verify before voting closes."), status=409)
        found = selectors.verification(poll)
        rows = [{k: row[k] for k in ("name", "stored", "recounted", "matches")} for row in found["rows"]]
        body = {"ok": found["ok"], "problems": [str(p) for p in found["problems"]], "ballots": found["ballots"]}
        return Response({**body, "digest": found["digest"], "stored_digest": poll.digest, "rows": rows})


class StarsApi(APIView):
    """GET: who holds which star at the school in a school year (?year=, default the current one)."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        school = school_for_user(request.user, pk)
        year = request.query_params.get("year", "")
        year = int(year) if year.isdigit() else school_year_of(business_today())
        startable = selectors.may_start_stars(request.user, business_today())
        return Response(
            {
                "school": school.pk,
                "school_year": year,
                "holders": selectors.star_holders(school, year),
                "apply_definition": startable.pk if startable else None,
            }
        )
