"""The creditor's cases: the list and one case's page."""

from __future__ import annotations

from flask import Blueprint, abort, g, render_template, request

from app.adapters.dynamo.case_list import SORTS, InvalidCursor
from app.auth.identity import CREDITOR
from app.auth.session import role_required
from app.domain.case import Phase
from app.services import services

bp = Blueprint("cases", __name__, url_prefix="/cases")


@bp.get("")
@role_required(CREDITOR)
def index():
    phase_value = request.args.get("phase", "")
    phase = Phase(phase_value) if phase_value in {p.value for p in Phase} else None
    sort = request.args.get("sort", "age")
    sort = sort if sort in SORTS else "age"
    debtor = request.args.get("debtor", "").strip()[:80]
    try:
        page = services().case_list.page(
            g.identity.org_id, phase=phase, sort=sort, debtor=debtor, cursor=request.args.get("after") or None
        )
    except InvalidCursor:
        abort(400)
    return render_template(
        "cases/index.html",
        page=page,
        phases=list(Phase),
        phase=phase,
        sort=sort,
        debtor=debtor,
        today=services().clock.today(),
    )


@bp.get("/<case_id>")
@role_required(CREDITOR)
def show(case_id: str):
    case = services().cases.get(g.identity.org_id, case_id)
    if case is None:
        abort(404)  # also when the case exists at another creditor: nothing says it does
    return render_template("cases/show.html", case=case, today=services().clock.today())
