"""The notification centre's API: list (``?unread=1``), the live counts, mark read, preferences."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response

from core.api.inputs import validated
from notifications import selectors
from notifications.delivery import live_counts
from notifications.models import Kind, Notification
from notifications.services import notifications_mark_read, preference_set


class NotificationSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_label", "title", "body", "url", "process", "case_id", "task_id"]
        fields += ["created_at", "read_at"]


class CountsSerializer(serializers.Serializer):
    unread = serializers.IntegerField()
    todo = serializers.IntegerField()


class ReadInput(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(), required=False)
    all = serializers.BooleanField(default=False)


class PreferenceSerializer(serializers.Serializer):
    email_kinds = serializers.ListField(child=serializers.ChoiceField(choices=Kind.choices))
    daily_digest = serializers.BooleanField()


class NotificationListApi(ListAPIView):
    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()  # for the schema

    @extend_schema(parameters=[OpenApiParameter("unread", bool, required=False)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        unread = self.request.query_params.get("unread") in ("1", "true")
        return selectors.notifications_of(self.request.user, unread_only=unread)


class CountsApi(GenericAPIView):
    serializer_class = CountsSerializer

    def get(self, request):
        return Response(live_counts(request.user))


class ReadApi(GenericAPIView):
    serializer_class = ReadInput

    @extend_schema(request=ReadInput, responses=CountsSerializer)
    def post(self, request):
        data = validated(ReadInput, request.data)
        notifications_mark_read(user=request.user, ids=None if data["all"] else data.get("ids", []))
        return Response(live_counts(request.user))


class PreferenceApi(GenericAPIView):
    serializer_class = PreferenceSerializer

    def get(self, request):
        return Response(selectors.preference_of(request.user))

    def put(self, request):
        data = validated(PreferenceSerializer, request.data)
        preference_set(user=request.user, email_kinds=data["email_kinds"], daily_digest=data["daily_digest"])
        return Response(selectors.preference_of(request.user))
