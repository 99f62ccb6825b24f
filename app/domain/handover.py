"""Handing claims over: which claims join which case, which are new cases, which are duplicates.

Pure planning over what storage already knows (invoice numbers and debtor keys of this creditor), so
the same rules serve the form, the spreadsheet import and the API, and can be tested without AWS.

Every hand-over has an id (the import chunk, the API idempotency key, the form's one-time nonce).
An invoice stored earlier by the *same* hand-over is not a duplicate but a replay: a worker that died
half-way, or a retried request, runs the same hand-over again and finishes what was left, writing
the same records under the same keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from app.domain.claim import Claim
from app.domain.debtor import Debtor


@dataclass(frozen=True)
class Incoming:
    debtor: Debtor
    claim: Claim
    ref: str = ""  # where it came from, for messages: "row 12", "claims[3]"


@dataclass(frozen=True)
class Known:
    invoices: dict[str, str] = field(default_factory=dict)  # invoice number -> case id
    handed_over_by: dict[str, str] = field(default_factory=dict)  # invoice number -> hand-over id
    cases: dict[str, str] = field(default_factory=dict)  # debtor match key -> case id
    currencies: dict[str, str] = field(default_factory=dict)  # case id -> currency


@dataclass(frozen=True)
class Duplicate:
    incoming: Incoming
    case_id: str
    reason: str


@dataclass(frozen=True)
class Refused:
    incoming: Incoming
    field: str
    message: str


@dataclass
class CaseChange:
    case_id: str
    debtor: Debtor
    currency: str
    is_new: bool
    claims: list[Incoming] = field(default_factory=list)
    new_keys: list[str] = field(default_factory=list)  # debtor match keys not yet pointing here


@dataclass
class Plan:
    changes: dict[str, CaseChange] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    replayed: set[str] = field(default_factory=set)  # invoices this same hand-over had already stored

    @property
    def accepted(self) -> int:
        return sum(len(c.claims) for c in self.changes.values())

    @property
    def new_cases(self) -> list[CaseChange]:
        return [c for c in self.changes.values() if c.is_new]


def plan(
    incoming: Iterable[Incoming], known: Known, new_case_id: Callable[[], str], handover_id: str = ""
) -> Plan:
    result = Plan()
    replayed = {n for n, by in known.handed_over_by.items() if handover_id and by == handover_id}
    invoices = {n: c for n, c in known.invoices.items() if n not in replayed}
    cases = dict(known.cases)
    currencies = dict(known.currencies)
    seen_at: dict[str, str] = {}
    for item in incoming:
        number = item.claim.invoice_number
        if number in invoices:
            where = seen_at.get(number)
            reason = (
                f"Invoice {number} appears twice in this hand-over ({where} and {item.ref})."
                if where
                else f"Invoice {number} was handed over before; it is not stored twice."
            )
            result.duplicates.append(Duplicate(item, invoices[number], reason))
            continue
        case_id = known.invoices[number] if number in replayed else None
        case_id = case_id or next((cases[k] for k in item.debtor.match_keys if k in cases), None)
        if case_id is not None and currencies.get(case_id, item.claim.currency) != item.claim.currency:
            result.refused.append(
                Refused(
                    item,
                    "currency",
                    f"The debtor's other claims are in {currencies[case_id]}; "
                    f"hand this one over in {currencies[case_id]} too.",
                )
            )
            continue
        if case_id is None:
            case_id = new_case_id()
            result.changes[case_id] = CaseChange(case_id, item.debtor, item.claim.currency, is_new=True)
            currencies[case_id] = item.claim.currency
        elif case_id not in result.changes:
            result.changes[case_id] = CaseChange(case_id, item.debtor, item.claim.currency, is_new=False)
        if number in replayed:
            result.replayed.add(number)
        result.changes[case_id].claims.append(item)
        for key in item.debtor.match_keys:
            if key not in cases:
                cases[key] = case_id
                result.changes[case_id].new_keys.append(key)
        invoices[number] = case_id
        seen_at[number] = item.ref or "this hand-over"
    return result
