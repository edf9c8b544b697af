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
