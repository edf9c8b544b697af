"""Errors a use case raises; the API layer maps each to one HTTP status."""


class DomainError(Exception):
    """A rule of the domain refused the request."""

    status = 422

    def __init__(self, message: str, *, field: str | None = None, location: str = "body") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.location = location  # where the field is: body, path or query


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


class InvalidInput(DomainError):
    status = 422


class StoreUnavailable(Exception):
    """A store the request needs (MySQL, the graph) does not answer: a connection could
    not be opened or was lost. The API answers 503 with ``Retry-After`` (ADR 49); a
    consumer parks the record on its queue until the store is back (ADR 54). The
    driver's error is the ``__cause__``, for the logs only."""

    retry_after_seconds = 5

    def __init__(self, store: str) -> None:
        super().__init__(f"the {store} is unavailable")
        self.store = store
