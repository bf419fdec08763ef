"""Organisers browse the audit log (read-only) and download the filtered view."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from app.accounts.permissions import require
from app.audit import viewer
from app.exports import tables
from app.exports.downloads import send_table

bp = Blueprint("audit", __name__, url_prefix="/organiser/audit")
view_required = require(viewer.can_view_audit_log)


@bp.get("")
@view_required
def log():
    parsed = viewer.parse_filters(request.args)
    zone = viewer.zone_for(current_user)
    page = viewer.page(parsed.filters, zone)
    return render_template(
        "audit/organiser/log.html", page=page, filters=parsed.filters, problems=parsed.problems,
        typed=request.args, zone=zone, actions=viewer.actions(), object_types=viewer.object_types(),
        targets=viewer.object_targets(page.events), object_label=viewer.object_label,
        formats=tables.FORMATS)


@bp.get(f"/export.<any({', '.join(tables.FORMATS)}):fmt>")
@view_required
def export_log(fmt: str):
    """Every event of the filtered view (all its pages), newest first."""
    filters = viewer.parse_filters(request.args).filters
    return send_table(viewer.table(filters, viewer.zone_for(current_user)), fmt, "audit-log")
