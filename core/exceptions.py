"""Domain errors carry a stable machine-readable code and a translated message.

Services raise these; the API error handler and the page views turn them into
responses. Raising one must happen before anything is written, or inside the
transaction that the caller rolls back, so that a refused action changes nothing.
"""


class ApplicationError(Exception):
    status_code = 400

    def __init__(self, code: str, message, *, fields: dict | None = None, status: int | None = None):
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.fields = fields or {}
        if status is not None:
            self.status_code = status


class ConflictError(ApplicationError):
    """The object changed underneath the caller (e.g. a task already completed): HTTP 409."""

    status_code = 409
