"""Key builders: every creditor-owned key starts with ORG#<org id> (see models.py)."""

from __future__ import annotations

import unicodedata


def org(org_id: str) -> str:
    return f"ORG#{org_id}"


def case_header(case_id: str) -> str:
    return f"CASE#{case_id}"


def case_items(org_id: str, case_id: str) -> str:
    return f"ORG#{org_id}#CASE#{case_id}"


def invoice(number: str) -> str:
    return f"INVOICE#{number}"


def debtor(match_key: str) -> str:
    return f"DEBTOR#{match_key}"


def phase_collection(org_id: str, phase: str) -> str:
    return f"ORG#{org_id}#PHASE#{phase}"


def folded(name: str) -> str:
    """Lower case without accents, so 'Čeh' is found by typing 'ceh'."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def name(debtor_name: str, case_id: str) -> str:
    return f"NAME#{folded(debtor_name)}#{case_id}"


def age_order(oldest_due_iso: str, case_id: str) -> str:
    return f"{oldest_due_iso}#{case_id}"


def amount_order(cents: int, case_id: str) -> str:
    return f"{cents:015d}#{case_id}"
