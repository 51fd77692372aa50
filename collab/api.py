"""The API of a person's own notifications: list them (unread first), mark them read."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from collab.selectors import inbox
from collab.serializers import (
    MarkedReadSerializer,
    MarkReadSerializer,
    NotificationSerializer,
)
from collab.services.notifications import notifications_mark_read
from config.api import READ_ERRORS, IsStaffMember, error_responses, read_schemas


@extend_schema_view(
    **read_schemas(
        NotificationSerializer,
        list_summary="Your notifications, unread first, newest first",
        retrieve_summary="One of your notifications",
        list_errors=(),
    )
)
class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Only the requesting user's own notifications exist here."""

    serializer_class = NotificationSerializer
    permission_classes = [IsStaffMember]
    filterset_class = None

    def get_queryset(self):
        return inbox(user=self.request.user)

    @extend_schema(
        summary="Mark this notification read",
        operation_id="notifications_read_one",
        request=None,
        responses={200: MarkedReadSerializer, **error_responses(*READ_ERRORS, 404)},
    )
    @action(detail=True, methods=["post"], url_path="read")
    def read(self, request, pk=None):
        notification = self.get_object()
        marked = notifications_mark_read(actor=request.user, ids=[notification.pk])
        return Response({"marked": marked})

    @extend_schema(
        summary="Mark your notifications read (the given ones, or all)",
        operation_id="notifications_read_many",
        request=MarkReadSerializer,
        responses={200: MarkedReadSerializer, **error_responses(400, *READ_ERRORS)},
    )
    @action(detail=False, methods=["post"], url_path="read")
    def read_all(self, request):
        body = MarkReadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        marked = notifications_mark_read(
            actor=request.user, ids=body.validated_data.get("ids")
        )
        return Response({"marked": marked}, status=status.HTTP_200_OK)
