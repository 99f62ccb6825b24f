"""The composition root: builds the adapters the web app and every Lambda handler use.

Views and handlers ask for ``services()``; tests can swap a part by building Services themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from app.adapters.cognito import CognitoSignIn
from app.adapters.dynamo import models
from app.adapters.dynamo.api_keys import ApiKeyRepository
from app.adapters.dynamo.case_list import CaseList
from app.adapters.dynamo.cases import CaseRepository
from app.adapters.dynamo.documents import DocumentRepository
from app.adapters.dynamo.idempotency import IdempotencyStore
from app.adapters.dynamo.imports import ImportJobs
from app.adapters.dynamo.locks import Locks
from app.adapters.dynamo.organisations import OrganisationRepository
from app.adapters.queue import ActionQueue
from app.adapters.storage import Storage
from app.api.claim_list import ClaimList
from app.auth.tokens import TokenVerifier


@dataclass
class Clock:
    """The one place that reads the time; the domain is handed dates by whoever holds a Clock."""

    offset: timedelta = field(default_factory=timedelta)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def today(self) -> date:
        return self.now().date()


@dataclass
class Services:
    organisations: OrganisationRepository
    cases: CaseRepository
    documents: DocumentRepository
    case_list: CaseList
    locks: Locks
    storage: Storage
    imports: ImportJobs
    queue: ActionQueue
    cognito: CognitoSignIn
    tokens: TokenVerifier
    clock: Clock
    api_keys: ApiKeyRepository
    idempotency: IdempotencyStore
    claim_list: ClaimList


def build(config: dict) -> Services:
    models.bind(config["PORTAL_TABLE"], config["AWS_REGION"], config.get("AWS_ENDPOINT_URL"))
    return Services(
        organisations=OrganisationRepository(),
        cases=CaseRepository(),
        documents=DocumentRepository(),
        case_list=CaseList(),
        locks=Locks(),
        storage=Storage(config["EVIDENCE_BUCKET"]),
        imports=ImportJobs(),
        queue=ActionQueue(config["ACTIONS_QUEUE_URL"]),
        clock=Clock(),
        api_keys=ApiKeyRepository(),
        idempotency=IdempotencyStore(),
        claim_list=ClaimList(),
        cognito=CognitoSignIn(config["COGNITO_CLIENT_ID"]),
        tokens=TokenVerifier(
            jwks_url=config["COGNITO_JWKS_URL"],
            issuer=config["COGNITO_ISSUER"],
            audience=config["COGNITO_CLIENT_ID"],
        ),
    )


def services() -> Services:
    from flask import current_app

    return current_app.extensions["portal.services"]
