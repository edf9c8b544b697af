"""Errors a use case raises; the API layer maps each to one HTTP status."""


class DomainError(Exception):
    """A rule of the domain refused the request."""

    status = 422

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


class InvalidInput(DomainError):
    status = 422
