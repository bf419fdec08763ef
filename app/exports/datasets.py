"""What organisers download per edition, each dataset a table in the reader's language (headers
and labels; Spanish by default) built in a number of queries that does not grow with the rows.

The figures come from the features that own them: the leaderboards from `judging.results`, the
rankings from `awards.services` / `perception.services`, the audit log from `audit.viewer`, the
nominations from their own export; nothing is recomputed here. Times are in the edition's zone.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.models import User
from app.audit import viewer
from app.awards import services as awards
from app.certificates import queries as certificate_queries
from app.certificates.documents import KIND_LABELS as CERTIFICATE_KIND_LABELS
from app.certificates.documents import PLACE_DISTINCTIONS
from app.certificates.documents import STATUS_LABELS as CERTIFICATE_STATUS_LABELS
from app.certificates.models import Certificate
from app.editions.models import Category, CategoryKind, Edition, RubricCriterion
from app.exports.tables import DATETIME, DECIMAL, INTEGER, Column, Table
from app.extensions import db
from app.i18n import localized, to_local
from app.judging import results
from app.judging.aggregation import FLAG_HIGH_SPREAD, FLAG_TOO_FEW_REVIEWS
from app.judging.models import Assignment, Review, ReviewScore, Round
from app.nominations import export as nomination_export
from app.nominations import queries as nomination_queries
from app.nominations.export import STATUS_LABELS as NOMINATION_STATUS_LABELS
from app.nominations.models import Nomination
from app.perception import services as perception

REVIEW_STATUS_LABELS = {"draft": _l("Draft"), "submitted": _l("Submitted")}
REVIEW_SOURCE_LABELS = {"online": _l("Online"), "import": _l("Imported from a file")}
FLAG_LABELS = {FLAG_TOO_FEW_REVIEWS: _l("Too few reviews"), FLAG_HIGH_SPREAD: _l("Jurors disagree")}
RANKING_STATUS_LABELS = {"ranked": _l("Ranked"), "insufficient_sample": _l("Insufficient sample")}


def _label(labels: Mapping, value: str | None) -> str:
    return str(labels[value]) if value in labels else (value or "")


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _time_header(text: str, edition: Edition) -> str:
    return _("%(column)s (%(zone)s)", column=text, zone=edition.timezone)


# -- nominations --------------------------------------------------------------------------------

def nominations(edition: Edition, args: Mapping) -> Table:
    """Every nomination except drafts: the organisers' list export of the whole edition."""
    return nomination_export.table(edition, nomination_queries.Filters(edition=edition.year))


# -- reviews ------------------------------------------------------------------------------------

def reviews(edition: Edition, args: Mapping) -> Table:
    """One row per review and criterion, drafts included (the status says which), in one query."""
    statement = (
        select(Category.code, Round.position, Nomination.reference, User.name, User.email,
               RubricCriterion, ReviewScore.score, ReviewScore.scale_min, ReviewScore.scale_max,
               ReviewScore.comment, Review.overall_comment, Review.status, Review.source,
               Review.submitted_at)
        .select_from(Review)
        .join(Assignment, Assignment.id == Review.assignment_id)
        .join(Round, Round.id == Assignment.round_id)
        .join(Nomination, Nomination.id == Assignment.nomination_id)
        .join(Category, Category.id == Nomination.category_id)
        .join(User, User.id == Assignment.juror_id)
        .outerjoin(ReviewScore, ReviewScore.review_id == Review.id)
        .outerjoin(RubricCriterion, RubricCriterion.id == ReviewScore.criterion_id)
        .where(Category.edition_id == edition.id)
        .order_by(Category.position, Category.code, Round.position, Nomination.reference,
                  User.name, User.email, Review.id, RubricCriterion.position))
    columns = [Column(_("Category code")), Column(_("Round"), INTEGER), Column(_("Reference")),
               Column(_("Juror")), Column(_("Juror email")), Column(_("Criterion")),
               Column(_("Weight"), DECIMAL, digits=2), Column(_("Score"), INTEGER),
               Column(_("Scale minimum"), INTEGER), Column(_("Scale maximum"), INTEGER),
               Column(_("Criterion comment")), Column(_("Overall comment")),
               Column(_("Review status")), Column(_("Source")),
               Column(_time_header(_("Submitted at"), edition), DATETIME)]
    rows = [[code, round_position, reference, name, email,
             localized(criterion, "name") if criterion else "",
             criterion.weight if criterion else None, score, scale_min, scale_max,
             comment or "", overall_comment or "", _label(REVIEW_STATUS_LABELS, status),
             _label(REVIEW_SOURCE_LABELS, source), to_local(submitted_at, edition.timezone)]
            for (code, round_position, reference, name, email, criterion, score, scale_min,
                 scale_max, comment, overall_comment, status, source, submitted_at)
            in db.session.execute(statement)]
    return Table(_("Reviews"), columns, rows)


# -- leaderboards -------------------------------------------------------------------------------

def _jury_categories(edition: Edition) -> list[Category]:
    return [c for c in edition.categories if c.kind == CategoryKind.JURY.value]


def leaderboards(edition: Edition, args: Mapping) -> Table:
    """The latest round's leaderboard of every jury category, as `judging.results` ranks it: a
    fixed number of queries per category, whatever the number of nominations and reviews."""
    columns = [Column(_("Category code")), Column(_("Round"), INTEGER),
               Column(_("Position"), INTEGER), Column(_("Tied")), Column(_("Reference")),
               Column(_("Title")), Column(_("Nominee")), Column(_("Status")),
               Column(_("Score"), DECIMAL, digits=2), Column(_("Mean"), DECIMAL, digits=2),
               Column(_("Median"), DECIMAL, digits=2),
               Column(_("Trimmed mean"), DECIMAL, digits=2),
               Column(_("Normalised score (z)"), DECIMAL, digits=2),
               Column(_("Reviews"), INTEGER), Column(_("Spread"), DECIMAL, digits=2),
               Column(_("Flags")), Column(_("Tie-break criterion mean"), DECIMAL, digits=2)]
    rows = []
    for category in _jury_categories(edition):
        board = results.load(category)
        round_position = board.round.position if board.round else None
        for row in board.rows:
            s = row.standing
            rows.append([category.code, round_position, s.position, _yes_no(s.tied),
                         row.nomination.reference, row.nomination.title, row.nomination.nominee,
                         _label(NOMINATION_STATUS_LABELS, row.nomination.status), s.score,
                         s.score_mean, s.score_median, s.score_trimmed, s.score_z, s.n_reviews,
                         s.spread, ", ".join(_label(FLAG_LABELS, f) for f in s.flags),
                         s.tie_break_mean])
    return Table(_("Leaderboards"), columns, rows)


# -- rankings -----------------------------------------------------------------------------------

def _ranking_sets(edition: Edition) -> list[tuple[str, list, list]]:
    """(category code, quarters, rows) of each ranking category with a chosen ranking (over its
    eligible municipalities); without any, the latest quarter's public ranking."""
    sets = []
    for category in edition.categories:
        if category.kind != CategoryKind.RANKING.value:
            continue
        periods = awards.ranking_periods(category)
        if periods:
            sets.append((category.code, periods, awards.eligible_ranking(category)))
    if not sets:
        latest = perception.latest_period()
        if latest is not None:
            sets.append(("", [latest], perception.ranking([latest])))
    return sets


def rankings(edition: Edition, args: Mapping) -> Table:
    columns = [Column(_("Category code")), Column(_("Quarters")), Column(_("Rank"), INTEGER),
               Column(_("Official code")), Column(_("Municipality")),
               Column(_("Perceived insecurity (%)"), DECIMAL, digits=1),
               Column(_("CI 95 low (%)"), DECIMAL, digits=1),
               Column(_("CI 95 high (%)"), DECIMAL, digits=1),
               Column(_("Respondents"), INTEGER), Column(_("Effective sample size"), DECIMAL, digits=1),
               Column(_("Best rank"), INTEGER), Column(_("Worst rank"), INTEGER),
               Column(_("Status"))]
    rows = []
    for code, periods, ranked in _ranking_sets(edition):
        quarters = str(periods[0]) if len(periods) == 1 else f"{periods[0]}–{periods[-1]}"
        for r in ranked:
            rows.append([code, quarters, r.rank, r.code, r.name, r.pct, r.ci_low, r.ci_high,
                         r.respondents, r.effective_n, r.rank_best, r.rank_worst,
                         _label(RANKING_STATUS_LABELS, r.status)])
    return Table(_("Rankings"), columns, rows)


# -- certificates -------------------------------------------------------------------------------

def certificates(edition: Edition, args: Mapping) -> Table:
    """Every certificate of the edition, pending and revoked ones included, in planning order."""
    found = list(db.session.scalars(select(Certificate).where(Certificate.edition_id == edition.id)
                                    .order_by(Certificate.id)))
    subjects = certificate_queries.subjects_for(found)
    zone = edition.timezone
    columns = [Column(_("Code")), Column(_("Short code")), Column(_("Kind")), Column(_("Place")),
               Column(_("Category code")), Column(_("Reference")), Column(_("Recipient")),
               Column(_("Recipient detail")), Column(_("Language")), Column(_("Status")),
               Column(_time_header(_("Issued at"), edition), DATETIME),
               Column(_time_header(_("Revoked at"), edition), DATETIME),
               Column(_("Revocation reason")),
               Column(_time_header(_("Mailed at"), edition), DATETIME)]
    rows = [[c.code, c.short_code, _label(CERTIFICATE_KIND_LABELS, c.kind),
             _label(PLACE_DISTINCTIONS, s.place), s.category.code if s.category else "",
             (s.nomination.reference or "") if s.nomination else "", c.recipient_name,
             c.recipient_detail, c.locale, _label(CERTIFICATE_STATUS_LABELS, c.status),
             to_local(c.issued_at, zone), to_local(c.revoked_at, zone), c.revoke_reason,
             to_local(c.emailed_at, zone)]
            for c, s in zip(found, subjects)]
    return Table(_("Certificates"), columns, rows)


# -- the audit log ------------------------------------------------------------------------------

def audit(edition: Edition, args: Mapping) -> Table:
    """The whole audit log (it spans editions), narrowed by the viewer's filters when given."""
    return viewer.table(viewer.parse_filters(args).filters, edition.timezone)


# -- the list -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    description: str
    build: Callable[[Edition, Mapping], Table]


DATASETS = {d.key: d for d in (
    Dataset("nominations", _l("Nominations"),
            _l("Every nomination except drafts: category, status, nominee, municipality and "
               "country, submitter, title, period, budget, submission time, attachments."),
            nominations),
    Dataset("reviews", _l("Reviews"),
            _l("One row per review and criterion: juror, criterion and weight, score, comments, "
               "status, source (online or imported) and submission time."),
            reviews),
    Dataset("leaderboards", _l("Leaderboards"),
            _l("The latest round of every jury category: position, score by each method, "
               "number of reviews, spread and flags."),
            leaderboards),
    Dataset("rankings", _l("Rankings"),
            _l("The perception ranking each ranking category uses (or the latest quarter's): "
               "index, interval, sample sizes and ranks."),
            rankings),
    Dataset("certificates", _l("Certificates"),
            _l("Every certificate: codes, kind, place, recipient, status, issue and revocation."),
            certificates),
    Dataset("audit", _l("Audit log"),
            _l("Every event of the audit log, of every edition, newest first."),
            audit),
)}
