"""The party process's own endpoints beside the kit's generic API (workflows.kit.apis): the political review,
read by its readers only and recorded."""

from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from core.api.inputs import client_facts
from workflows.kit.access import case_for_user
from workflows.party.models import PoliticalReview
from workflows.party.serializers import PoliticalReviewSerializer
from workflows.party.services import political_review_read


class PoliticalReviewApi(GenericAPIView):
    serializer_class = PoliticalReviewSerializer
    queryset = PoliticalReview.objects.none()  # for the schema
    pagination_class = None  # every review of the case, as a plain list

    @extend_schema(responses=PoliticalReviewSerializer(many=True))
    def get(self, request, pk):
        case = case_for_user("party", request.user, pk)
        reviews = political_review_read(user=request.user, case=case, **client_facts(request))
        return Response(PoliticalReviewSerializer(reviews, many=True).data)
