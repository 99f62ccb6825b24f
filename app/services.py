"""The composition root: builds the adapters the web app and every Lambda handler use.

Views and handlers ask for ``services()``; tests can swap a part by building Services themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from app.adapters.cognito import CognitoSignIn
from app.adapters.dynamo import models
from app.adapters.dynamo.api_keys import ApiKeyRepository
from app.adapters.dynamo.attempts import ConfirmAttempts
from app.adapters.dynamo.calls import CallTasks
from app.adapters.dynamo.case_list import CaseList
from app.adapters.dynamo.cases import CaseRepository
from app.adapters.dynamo.documents import DocumentRepository
from app.adapters.dynamo.idempotency import IdempotencyStore
from app.adapters.dynamo.imports import ImportJobs
from app.adapters.dynamo.links import DebtorLinks
from app.adapters.dynamo.locks import Locks
from app.adapters.dynamo.organisations import OrganisationRepository
from app.adapters.dynamo.plan_requests import PlanRequests
from app.adapters.dynamo.sends import Sends
from app.adapters.dynamo.timeline import Timeline
from app.adapters.mail import Mailer
from app.adapters.queue import ActionQueue
from app.adapters.sms import Texter
from app.adapters.storage import Storage
from app.api.claim_list import ClaimList
from app.auth.tokens import TokenVerifier


@dataclass
class Clock:
    """The one place that reads the time; the domain is handed dates by whoever holds a Clock.

    Locally, ``flask simulate`` moves time forward by writing an offset in seconds to ``offset_file``;
    the portal, the scheduler and the worker all read it, so a person can watch cases age.
    """

    offset: timedelta = field(default_factory=timedelta)
    offset_file: str = ""

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset + self.simulated()

    def simulated(self) -> timedelta:
        if not self.offset_file:
            return timedelta()
        try:
            with open(self.offset_file) as f:
                return timedelta(seconds=float(f.read().strip() or 0))
        except (OSError, ValueError):
            return timedelta()

    def advance(self, by: timedelta) -> None:
        if not self.offset_file:
            raise RuntimeError("this clock cannot be moved: no CLOCK_FILE is configured")
        seconds = (self.simulated() + by).total_seconds()
        with open(self.offset_file, "w") as f:
            f.write(f"{seconds:.0f}\n")

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
    timeline: Timeline
    sends: Sends
    links: DebtorLinks
    calls: CallTasks
    mailer: Mailer
    texter: Texter
    portal_url: str
    attempts: ConfirmAttempts = field(default_factory=ConfirmAttempts)
    plan_requests: PlanRequests = field(default_factory=PlanRequests)


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
        clock=Clock(offset_file=config.get("CLOCK_FILE", "")),
        api_keys=ApiKeyRepository(),
        idempotency=IdempotencyStore(),
        claim_list=ClaimList(),
        timeline=Timeline(),
        sends=Sends(),
        links=DebtorLinks(),
        calls=CallTasks(),
        mailer=Mailer(config.get("MAIL_FROM", ""), config.get("SES_CONFIGURATION_SET", "")),
        texter=Texter(),
        portal_url=config.get("PORTAL_URL", ""),
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
