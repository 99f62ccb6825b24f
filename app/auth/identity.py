"""Who is signed in, as the portal sees it after verifying Cognito's ID token."""

from __future__ import annotations

from dataclasses import dataclass

CREDITOR, OPERATOR, ADMIN = "creditor", "operator", "admin"


@dataclass(frozen=True)
class Identity:
    sub: str
    email: str
    org_id: str  # custom:org_id, set by an administrator on the Cognito user
    groups: tuple[str, ...]
    expires_at: int  # the ID token's exp: the session ends with it

    def has_role(self, role: str) -> bool:
        return role in self.groups or ADMIN in self.groups

    def to_session(self) -> dict:
        return {
            "sub": self.sub,
            "email": self.email,
            "org_id": self.org_id,
            "groups": list(self.groups),
            "exp": self.expires_at,
        }

    @classmethod
    def from_session(cls, data: dict) -> Identity:
        return cls(data["sub"], data["email"], data["org_id"], tuple(data["groups"]), data["exp"])

    @classmethod
    def from_claims(cls, claims: dict) -> Identity:
        return cls(
            sub=claims["sub"],
            email=claims.get("email", ""),
            org_id=claims.get("custom:org_id", ""),
            groups=tuple(claims.get("cognito:groups", ())),
            expires_at=int(claims["exp"]),
        )
