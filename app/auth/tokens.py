"""Verification of the ID tokens Cognito hands out: signature, issuer, audience, expiry, use."""

from __future__ import annotations

import threading


class InvalidToken(Exception):
    pass


class TokenVerifier:
    def __init__(self, jwks_url: str, issuer: str, audience: str):
        self.jwks_url = jwks_url
        self.issuer = issuer
        self.audience = audience
        self._jwks = None
        self._lock = threading.Lock()

    def _keys(self):
        # PyJWT (and cryptography under it) is imported on the first sign-in, not at cold start.
        import jwt

        with self._lock:
            if self._jwks is None:
                self._jwks = jwt.PyJWKClient(self.jwks_url, cache_keys=True, lifespan=3600)
        return self._jwks

    def verify_id_token(self, token: str) -> dict:
        import jwt

        try:
            key = self._keys().get_signing_key_from_jwt(token)
            claims = jwt.decode(
                token,
                key.key,
                algorithms=["RS256"],
                audience=self.audience,
                issuer=self.issuer,
                options={"require": ["exp", "iat", "iss", "aud", "sub", "token_use"]},
                leeway=30,
            )
        except jwt.PyJWTError as exc:
            raise InvalidToken(str(exc)) from None
        if claims.get("token_use") != "id":
            raise InvalidToken("not an ID token")
        return claims
