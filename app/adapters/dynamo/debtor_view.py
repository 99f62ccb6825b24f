"""The case as its debtor's page reads it: in two requests whatever the case's history.

The page needs the header, the claims and the evidence, never the timeline (which grows with every
contact). Sort keys order CLAIM# < DOC# < EVENT#, so one Query between "CLAIM#" and "DOC$" returns
the claims and the documents and stops before the first timeline entry.
"""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist

from app.adapters.dynamo import keys
from app.adapters.dynamo.documents import DocumentItem
from app.adapters.dynamo.mapping import to_case, to_claim, to_document
from app.adapters.dynamo.models import CaseItem, ClaimItem, PortalItem
from app.domain.case import Case
from app.domain.evidence import DocumentStatus


def read_case(org_id: str, case_id: str) -> tuple[Case, CaseItem] | None:
    """The case, and its header as stored (the engine's schedule: fees charged, a plan agreed)."""
    try:
        header = CaseItem.get(keys.org(org_id), keys.case_header(case_id))
    except DoesNotExist:
        return None
    claims, documents = [], []
    for item in PortalItem.query(keys.case_items(org_id, case_id), PortalItem.sk.between("CLAIM#", "DOC$")):
        if isinstance(item, ClaimItem):
            claims.append(to_claim(item))
        elif isinstance(item, DocumentItem) and item.status == DocumentStatus.ACCEPTED.value:
            documents.append(to_document(item))
    documents.sort(key=lambda d: d.uploaded_at, reverse=True)
    return to_case(header, claims, (), documents), header
