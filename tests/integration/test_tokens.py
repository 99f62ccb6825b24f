"""The ID token from Cognito is checked: signature, issuer, audience, expiry and use."""

import gzip
import json
from importlib import resources

import jwt
import pytest

from app.auth.tokens import InvalidToken, TokenVerifier
from tests.conftest import PASSWORD


@pytest.fixture
def verifier(aws):
    return TokenVerifier(
        jwks_url=aws["COGNITO_JWKS_URL"],
        issuer=f"https://cognito-idp.eu-central-1.amazonaws.com/{aws['COGNITO_USER_POOL_ID']}",
        audience=aws["COGNITO_CLIENT_ID"],
    )


@pytest.fixture
def tokens(aws, create_user, org_id):
    from app.adapters.clients import client

    email = create_user(org_id=org_id)
    answer = client("cognito-idp").initiate_auth(
        ClientId=aws["COGNITO_CLIENT_ID"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": PASSWORD},
    )
    return answer["AuthenticationResult"]


def moto_signing_key():
    # moto signs with this published test key: with it we forge tokens that differ in one claim.
    packed = resources.files("moto.cognitoidp").joinpath("resources/jwks-private.json.gz")
    return jwt.PyJWK(json.loads(gzip.decompress(packed.read_bytes()))).key


def test_a_real_id_token_is_accepted(verifier, tokens, org_id):
    claims = verifier.verify_id_token(tokens["IdToken"])
    assert claims["custom:org_id"] == org_id
    assert claims["cognito:groups"] == ["creditor"]


def test_an_access_token_is_not_an_id_token(verifier, tokens):
    with pytest.raises(InvalidToken):
        verifier.verify_id_token(tokens["AccessToken"])


def test_a_tampered_token_is_refused(verifier, tokens):
    header, _payload, signature = tokens["IdToken"].split(".")
    claims = jwt.decode(tokens["IdToken"], options={"verify_signature": False})
    claims["custom:org_id"] = "someone-else"
    forged_payload = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    with pytest.raises(InvalidToken):
        verifier.verify_id_token(f"{header}.{forged_payload}.{signature}")


@pytest.mark.parametrize(
    ("claim", "value"),
    [
        ("exp", 1_700_000_000),  # long past
        ("aud", "another-client"),
        ("iss", "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_other"),
    ],
)
def test_wrong_expiry_audience_or_issuer_is_refused(verifier, tokens, claim, value):
    claims = jwt.decode(tokens["IdToken"], options={"verify_signature": False})
    claims[claim] = value
    forged = jwt.encode(claims, moto_signing_key(), algorithm="RS256", headers={"kid": "dummy"})
    assert verifier.verify_id_token(
        jwt.encode(
            {
                **claims,
                claim: jwt.decode(tokens["IdToken"], options={"verify_signature": False})[claim],
            },
            moto_signing_key(),
            algorithm="RS256",
            headers={"kid": "dummy"},
        )
    )  # the same key and claims but the right value pass: only the one claim is wrong
    with pytest.raises(InvalidToken):
        verifier.verify_id_token(forged)
