"""The accounts library's errors; each refusal carries the code a GraphQL or HTTP surface reports."""

from __future__ import annotations


class AccountError(Exception):
    """A request to the accounts registry that cannot be carried out (duplicate id, unknown token, bad expiry, ...)."""


class AccessDenied(Exception):
    """Base of the two refusals; ``code`` is the machine-readable reason a surface puts in its error extensions."""

    code = "ACCESS_DENIED"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def extensions(self) -> dict[str, str]:
        """GraphQL error extensions: graphql-core copies them from the original error onto the reported one."""
        return {"code": self.code}


class Unauthenticated(AccessDenied):
    """No credentials where some are needed, or credentials that do not check out (HTTP 401)."""

    code = "UNAUTHENTICATED"


class Forbidden(AccessDenied):
    """The caller is known but its roles do not allow the action (HTTP 403)."""

    code = "FORBIDDEN"
