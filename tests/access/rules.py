"""Who may reach each endpoint: every route of the app must be declared here.

The roles (tests/access/test_access_matrix.py, one `world` per endpoint): anonymous; "owner", the
confirmed representative of the world's municipality who wrote its nominations; "nominator", a
nominator of ANOTHER municipality; "assigned", the juror assigned to the judged nomination (declared,
free of conflicts); "juror", a juror assigned to nothing; "conflicted", a juror assigned to the
judged nomination who declared a conflict with it; "organiser".

PUBLIC: everyone, signed in or not. SIGNED_IN: any account; anonymous visitors go to the login
page. ORGANISER: organisers only; anonymous visitors go to the login page, other roles get 403.
OWNER: the object's submitting side (the owner) and organisers.
SUBMITTER: like OWNER, but organisers are refused too (they never write a municipality's text).
JUROR: every account with the juror role (assigned, unassigned, conflicted); others get 403.
ASSIGNED: the juror assigned to the object (when free of conflicts and declared) and organisers,
who read it; the unassigned and the conflicted juror are refused.
SCORER: like ASSIGNED, but organisers are refused too (only the assigned juror scores).
Where an OWNER / SUBMITTER URL names an object that is not the owner's, NOT_THE_OWNERS says so.
Later features add their endpoints (and the objects their URLs need) to this table.
"""
from __future__ import annotations

PUBLIC = "public"
SIGNED_IN = "signed_in"
ORGANISER = "organiser"
OWNER = "owner"
SUBMITTER = "submitter"
JUROR = "juror"
ASSIGNED = "assigned"
SCORER = "scorer"

# The owner and the assigned juror go last: their allowed posts may change the world (withdraw
# the nomination, delete its attachment) that the roles refused before them saw unchanged.
ROLES = ("anonymous", "nominator", "juror", "conflicted", "organiser", "assigned", "owner")

# OWNER / SUBMITTER endpoints whose URL object is not the owner's: there the owner is one more
# nominator and is refused (endpoint -> why).
NOT_THE_OWNERS: dict[str, str] = {
    "cooperation.replicate": "the library programme is the owner's own municipality's; only "
                             "another municipality's representatives ask to replicate it",
}

# endpoint -> (HTTP method, URL values, rule); URL values may name objects of the `world`
# fixture in braces, e.g. "{criterion_id}".
RULES: dict[str, tuple[str, dict, str]] = {
    "static": ("GET", {"filename": "app.css"}, PUBLIC),
    "bootstrap.static": ("GET", {"filename": "css/bootstrap.min.css"}, PUBLIC),
    # public
    "rankings.latest_ranking": ("GET", {}, PUBLIC),
    "rankings.show_ranking": ("GET", {"period": "2026-T3"}, PUBLIC),
    "rankings.ranking_csv": ("GET", {"period": "2026-T3"}, PUBLIC),
    # perception imports (organiser); an unknown token is a 404, after the role check
    "perception_admin.list_imports": ("GET", {}, ORGANISER),
    "perception_admin.upload": ("GET", {}, ORGANISER),
    "perception_admin.preview": ("GET", {"token": "not-a-token"}, ORGANISER),
    "perception_admin.confirm": ("POST", {"token": "not-a-token"}, ORGANISER),
    "perception_admin.cancel": ("POST", {"token": "not-a-token"}, ORGANISER),
    "public.home": ("GET", {}, PUBLIC),
    "public.set_language": ("POST", {}, PUBLIC),
    # operations: liveness and readiness probes (app/ops)
    "ops.healthz": ("GET", {}, PUBLIC),
    "ops.readyz": ("GET", {}, PUBLIC),
    "editions.public_edition": ("GET", {"year": 2026}, PUBLIC),
    # accounts
    "accounts.register": ("GET", {}, PUBLIC),
    "accounts.login": ("GET", {}, PUBLIC),
    "accounts.logout": ("POST", {}, PUBLIC),
    "accounts.confirm_email": ("GET", {"token": "not-a-token"}, PUBLIC),
    "accounts.forgot_password": ("GET", {}, PUBLIC),
    "accounts.reset_password": ("GET", {"token": "not-a-token"}, PUBLIC),
    "accounts.accept_invitation": ("GET", {"token": "{invitation_token}"}, PUBLIC),
    "accounts.resend_confirmation": ("POST", {}, SIGNED_IN),
    "accounts.profile": ("GET", {}, SIGNED_IN),
    "accounts.change_password": ("POST", {}, SIGNED_IN),
    "accounts.list_users": ("GET", {}, ORGANISER),
    "accounts.invite": ("POST", {}, ORGANISER),
    "accounts.revoke_invitation": ("POST", {"invitation_id": "{invitation_id}"}, ORGANISER),
    "accounts.set_active": ("POST", {"user_id": "{other_user_id}"}, ORGANISER),
    # editions (organiser)
    "editions.list_editions": ("GET", {}, ORGANISER),
    "editions.create_edition": ("GET", {}, ORGANISER),
    "editions.show_edition": ("GET", {"year": 2026}, ORGANISER),
    "editions.edit_edition": ("GET", {"year": 2026}, ORGANISER),
    "editions.transition": ("POST", {"year": 2026, "name": "close_nominations"}, ORGANISER),
    "editions.create_category": ("GET", {"year": 2026}, ORGANISER),
    "editions.show_category": ("GET", {"year": 2026, "code": "INN"}, ORGANISER),
    "editions.edit_category": ("GET", {"year": 2026, "code": "INN"}, ORGANISER),
    "editions.add_criterion": ("POST", {"year": 2026, "code": "INN"}, ORGANISER),
    "editions.edit_criterion": ("GET", {"year": 2026, "code": "INN", "criterion_id": "{criterion_id}"}, ORGANISER),
    "editions.delete_criterion": ("POST", {"year": 2026, "code": "INN", "criterion_id": "{criterion_id}"}, ORGANISER),
    # representations
    "representations.request_representation": ("GET", {}, SIGNED_IN),
    "representations.list_representations": ("GET", {}, ORGANISER),
    "representations.decide_representation": ("POST", {"representation_id": "{representation_id}"}, ORGANISER),
    # nominations (the submitting side; OWNER = the submitter or a confirmed representative)
    "nominations.my_nominations": ("GET", {}, SIGNED_IN),
    "nominations.start_nomination": ("GET", {}, SIGNED_IN),
    "nominations.edit_nomination": ("GET", {"nomination_id": "{nomination_id}"}, SUBMITTER),
    "nominations.autosave": ("POST", {"nomination_id": "{nomination_id}"}, SUBMITTER),
    "nominations.show_nomination": ("GET", {"nomination_id": "{nomination_id}"}, OWNER),
    "nominations.receipt": ("GET", {"nomination_id": "{submitted_id}"}, OWNER),
    "nominations.upload_attachment": ("POST", {"nomination_id": "{nomination_id}"}, SUBMITTER),
    "nominations.download_attachment": ("GET", {"nomination_id": "{nomination_id}", "attachment_id": "{attachment_id}"}, OWNER),
    "nominations.delete_attachment": ("POST", {"nomination_id": "{nomination_id}", "attachment_id": "{attachment_id}"}, SUBMITTER),
    "nominations.withdraw_nomination": ("POST", {"nomination_id": "{nomination_id}"}, SUBMITTER),
    "nominations.set_publication_consent": ("POST", {"nomination_id": "{nomination_id}"}, SUBMITTER),
    "nominations.set_attachment_public": ("POST", {"nomination_id": "{nomination_id}", "attachment_id": "{attachment_id}"}, SUBMITTER),
    # nominations (organiser)
    "organiser_nominations.list_nominations": ("GET", {}, ORGANISER),
    "organiser_nominations.show_nomination": ("GET", {"nomination_id": "{nomination_id}"}, ORGANISER),
    "organiser_nominations.screen_nomination": ("POST", {"nomination_id": "{nomination_id}"}, ORGANISER),
    "organiser_nominations.screen_selected": ("POST", {}, ORGANISER),
    "organiser_nominations.export_csv": ("GET", {}, ORGANISER),
    "organiser_nominations.export_xlsx": ("GET", {}, ORGANISER),
    # hybrid judging: importing paper scores, exporting submitted reviews (organiser)
    "review_imports.show_import": ("GET", {"year": 2026, "code": "INN"}, ORGANISER),
    "review_imports.preview_import": ("POST", {"year": 2026, "code": "INN"}, ORGANISER),
    "review_imports.confirm_import": ("POST", {"year": 2026, "code": "INN"}, ORGANISER),
    "review_imports.export_csv": ("GET", {"year": 2026, "code": "INN"}, ORGANISER),
    "review_imports.export_xlsx": ("GET", {"year": 2026, "code": "INN"}, ORGANISER),
    # the ranking category: its ranking settings and deliberation (organiser)
    "awards.ranking_settings": ("GET", {"year": 2026, "code": "PER"}, ORGANISER),
    "awards.deliberation": ("GET", {"year": 2026, "code": "PER"}, ORGANISER),
    "awards.recompute_places": ("POST", {"year": 2026, "code": "PER"}, ORGANISER),
    "awards.confirm_places": ("POST", {"year": 2026, "code": "PER"}, ORGANISER),
    # deliberation of every category, and the edition's overview (organiser)
    "awards.overview": ("GET", {"year": 2026}, ORGANISER),
    "awards.reopen_places": ("POST", {"year": 2026, "code": "INN"}, ORGANISER),
    "awards.declare_void": ("POST", {"year": 2026, "code": "INN"}, ORGANISER),
    "awards.undo_void": ("POST", {"year": 2026, "code": "INN"}, ORGANISER),
    # closing an edition and checking its seal (organiser); published results (public: 404
    # while the edition is not published)
    "closing.close_edition": ("POST", {"year": 2026}, ORGANISER),
    "closing.verify_seal": ("POST", {"year": 2026}, ORGANISER),
    "results_public.results": ("GET", {"year": 2026}, PUBLIC),
    "results_public.score_matrix_csv": ("GET", {"year": 2026}, PUBLIC),
    "results_public.seal_document": ("GET", {"year": 2026}, PUBLIC),
    "results_public.result_photo": ("GET", {"year": 2026, "attachment_id": 999999}, PUBLIC),
    # leaderboards of jury categories (organiser)
    "results.leaderboard": ("GET", {"year": 2026, "code": "INN"}, ORGANISER),
    "results.leaderboard_csv": ("GET", {"year": 2026, "code": "INN"}, ORGANISER),
    "results.move": ("POST", {"year": 2026, "code": "INN"}, ORGANISER),
    # jury of a category: rounds, settings, assignments, load and progress (organiser)
    "assignments.jury": ("GET", {"year": 2026, "code": "INN"}, ORGANISER),
    "assignments.update_settings": ("POST", {"year": 2026, "code": "INN"}, ORGANISER),
    "assignments.add_round": ("POST", {"year": 2026, "code": "INN"}, ORGANISER),
    "assignments.edit_round_dates": ("POST", {"year": 2026, "code": "INN", "round_id": "{round_id}"}, ORGANISER),
    "assignments.close_round": ("POST", {"year": 2026, "code": "INN", "round_id": "{round_id}"}, ORGANISER),
    "assignments.reopen_round": ("POST", {"year": 2026, "code": "INN", "round_id": "{round_id}"}, ORGANISER),
    "assignments.automatic": ("POST", {"year": 2026, "code": "INN", "round_id": "{round_id}"}, ORGANISER),
    "assignments.add_assignments": ("POST", {"year": 2026, "code": "INN", "round_id": "{round_id}"}, ORGANISER),
    "assignments.remove_assignment": ("POST", {"year": 2026, "assignment_id": "{assignment_id}"}, ORGANISER),
    "assignments.remove_unstarted": ("POST", {"year": 2026, "code": "INN", "round_id": "{round_id}", "juror_id": "{juror_id}"}, ORGANISER),
    "assignments.remind_category": ("POST", {"year": 2026, "code": "INN"}, ORGANISER),
    "assignments.progress": ("GET", {"year": 2026}, ORGANISER),
    "assignments.remind_edition": ("POST", {"year": 2026}, ORGANISER),
    # municipalities (organiser)
    "municipalities.list_municipalities": ("GET", {}, ORGANISER),
    "municipalities.create_municipality": ("GET", {}, ORGANISER),
    "municipalities.edit_municipality": ("GET", {"municipality_id": "{municipality_id}"}, ORGANISER),
    # jurors: onboarding and conflicts of interest
    "accounts.decline_invitation": ("POST", {"token": "{invitation_token}"}, PUBLIC),
    "jurors.profile": ("GET", {}, JUROR),
    "jurors.declare_conflicts": ("GET", {"category_id": "{category_id}"}, JUROR),
    "jurors.add_conflict": ("POST", {"nomination_id": "{nomination_id}"}, JUROR),
    "jurors.edition_conflicts": ("GET", {"year": 2026}, ORGANISER),
    "jurors.dismiss_conflict": ("POST", {"year": 2026, "conflict_id": "{conflict_id}"}, ORGANISER),
    # jurors: scoring (the judged nomination, of an edition being judged)
    "reviews.dashboard": ("GET", {}, JUROR),
    "reviews.show_review": ("GET", {"assignment_id": "{judged_assignment_id}"}, ASSIGNED),
    "reviews.save_review": ("POST", {"assignment_id": "{judged_assignment_id}"}, SCORER),
    "reviews.submit_review": ("POST", {"assignment_id": "{judged_assignment_id}"}, SCORER),
    "reviews.autosave": ("POST", {"assignment_id": "{judged_assignment_id}"}, SCORER),
    "reviews.download_attachment": ("GET", {"nomination_id": "{judged_nomination_id}", "attachment_id": "{judged_attachment_id}"}, ASSIGNED),
    "reviews.reopen_review": ("POST", {"review_id": "{review_id}"}, ORGANISER),
    # certificates: organisers manage them, recipients (OWNER) download theirs, anyone checks one
    "certificates.overview": ("GET", {"year": 2026}, ORGANISER),
    "certificates.generate": ("POST", {"year": 2026}, ORGANISER),
    "certificates.job_status": ("GET", {"year": 2026}, ORGANISER),
    "certificates.download_zip": ("GET", {"year": 2026}, ORGANISER),
    "certificates.revoke": ("GET", {"year": 2026, "certificate_id": "{certificate_id}"}, ORGANISER),
    "certificates.reissue": ("GET", {"year": 2026, "certificate_id": "{certificate_id}"}, ORGANISER),
    "certificates.settings": ("GET", {"year": 2026}, ORGANISER),
    "certificates.preview": ("GET", {"year": 2026}, ORGANISER),
    "certificates.logo": ("GET", {"year": 2026}, ORGANISER),
    "certificates.download": ("GET", {"certificate_id": "{certificate_id}"}, OWNER),
    "certificates.verify": ("GET", {}, PUBLIC),
    "certificates.verify_code": ("GET", {"code": "{certificate_code}"}, PUBLIC),
    # the outbox: every mail sent, read back and resent (organiser)
    "notifications.outbox": ("GET", {}, ORGANISER),
    "notifications.message": ("GET", {"message_id": "{mail_message_id}"}, ORGANISER),
    "notifications.message_html": ("GET", {"message_id": "{mail_message_id}"}, ORGANISER),
    "notifications.message_source": ("GET", {"message_id": "{mail_message_id}"}, ORGANISER),
    "notifications.resend": ("POST", {"message_id": "{mail_message_id}"}, ORGANISER),
    # the public read-only API (/api/v1)
    "api.openapi_document": ("GET", {}, PUBLIC),
    "api.docs": ("GET", {}, PUBLIC),
    "api.list_editions": ("GET", {}, PUBLIC),
    "api.show_edition": ("GET", {"year": 2026}, PUBLIC),
    "api.list_categories": ("GET", {"year": 2026}, PUBLIC),
    "api.show_results": ("GET", {"year": 2026}, PUBLIC),
    "api.list_rankings": ("GET", {}, PUBLIC),
    "api.show_ranking": ("GET", {"period": "2026-T3"}, PUBLIC),
    "api.check_certificate": ("GET", {"code": "{certificate_code}"}, PUBLIC),
    # broadcasts: organisers write to a group of an edition
    "broadcasts.list_broadcasts": ("GET", {}, ORGANISER),
    "broadcasts.new_broadcast": ("GET", {}, ORGANISER),
    "broadcasts.show_broadcast": ("GET", {"broadcast_id": "{broadcast_id}"}, ORGANISER),
    # the audit log viewer and its download (organiser)
    "audit.log": ("GET", {}, ORGANISER),
    "audit.export_log": ("GET", {"fmt": "csv"}, ORGANISER),
    # an edition's exports (organiser)
    "exports.index": ("GET", {"year": 2026}, ORGANISER),
    "exports.download": ("GET", {"year": 2026, "dataset": "reviews", "fmt": "xlsx"}, ORGANISER),
    # cooperation: asking to replicate a programme (confirmed representatives of another
    # municipality: in the matrix nobody is one), a request's and an agreement's pages (their
    # two municipalities' representatives and organisers), the public list, the organisers'
    # queue, dashboard and actions
    "cooperation.replicate": ("GET", {"entry_id": "{cooperation_entry_id}"}, SUBMITTER),
    "cooperation.my_requests": ("GET", {}, SIGNED_IN),
    "cooperation.show_request": ("GET", {"request_id": "{cooperation_request_id}"}, OWNER),
    "cooperation.show_agreement": ("GET", {"agreement_id": "{agreement_id}"}, OWNER),
    "cooperation.signed_pdf": ("GET", {"agreement_id": "{agreement_id}"}, OWNER),
    "cooperation.public_agreements": ("GET", {}, PUBLIC),
    "organiser_cooperation.queue": ("GET", {}, ORGANISER),
    "organiser_cooperation.dashboard": ("GET", {}, ORGANISER),
    "organiser_cooperation.broker": ("POST", {"request_id": "{cooperation_request_id}"}, ORGANISER),
    "organiser_cooperation.decline": ("POST", {"request_id": "{cooperation_request_id}"}, ORGANISER),
    "organiser_cooperation.move": ("POST", {"agreement_id": "{agreement_id}", "target": "in_talks"}, ORGANISER),
    "organiser_cooperation.update_details": ("POST", {"agreement_id": "{agreement_id}"}, ORGANISER),
    "organiser_cooperation.upload_signed_pdf": ("POST", {"agreement_id": "{agreement_id}"}, ORGANISER),
    # the library of experiences (public; a document outside the library is a 404), the history
    # of earlier editions (organiser; an unknown award is a 404 after the role check), and the
    # public municipality pages
    "library.index": ("GET", {}, PUBLIC),
    "library.entry": ("GET", {"entry_id": "{cooperation_entry_id}"}, PUBLIC),
    "library.document": ("GET", {"entry_id": "{cooperation_entry_id}", "attachment_id": "{attachment_id}"}, PUBLIC),
    "library_admin.show_history": ("GET", {}, ORGANISER),
    "library_admin.preview_history": ("POST", {}, ORGANISER),
    "library_admin.confirm_history": ("POST", {}, ORGANISER),
    "library_admin.delete_history": ("POST", {"award_id": 999999}, ORGANISER),
    "municipality_pages.show": ("GET", {"municipality_id": "{municipality_id}"}, PUBLIC),
}
