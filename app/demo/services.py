"""Loads the demo edition; every step looks for what exists first, so it can run again safely."""
from __future__ import annotations

import csv
import io
import secrets
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from werkzeug.security import check_password_hash

from app.accounts import services as accounts
from app.accounts.models import Role, User
from app.awards import services as awards
from app.demo import content
from app.editions import services as editions
from app.editions.models import Edition, EditionStatus
from app.extensions import db
from app.i18n import to_utc
from app.judging import assignments, conflicts, profiles, reviews, rounds
from app.judging.models import Assignment, ConflictDeclaration
from app.library.services import import_history, preview_history
from app.municipalities.models import Municipality, Representation
from app.municipalities.services import decide_representation, request_representation, seed_districts
from app.demo.pdf import demo_pdf
from app.nominations import services as nominations
from app.nominations.models import Nomination, NominationStatus
from app.perception.models import PerceptionImport
from app.perception.services import Source, import_file

CREDENTIALS_FILE = "demo-logins.txt"
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
QUARTERLY_FILE = DATA_DIR / "perception_quarterly_synthetic.csv"
MICRODATA_FILE = DATA_DIR / "perception_microdata_synthetic_2026T3.csv"
MICRODATA_PERIOD = "2026-T3"
INDICATOR_KEYS = ("indicator", "baseline", "result", "unit", "source", "period")


def load_demo(instance_path: Path) -> list[tuple[str, str, str]]:
    """Create whatever of the demo is missing; returns (role, email, password) for every demo login."""
    seed_districts()
    credentials = _read_credentials(instance_path / CREDENTIALS_FILE)
    logins = []
    for role, person in demo_people():
        password = _ensure_user(role, person, credentials)
        logins.append((role, person["email"], password))
    _write_credentials(instance_path / CREDENTIALS_FILE, credentials)
    _ensure_representations()
    edition = _ensure_edition()
    _ensure_nominations(edition)
    _ensure_perception_data()
    _ensure_ranking_settings(edition)
    _ensure_jury_demo()
    ensure_history()
    return logins


def demo_people() -> list[tuple[str, dict]]:
    return ([(Role.ORGANISER.value, content.ORGANISER)]
            + [(Role.JUROR.value, j) for j in content.JURORS]
            + [(Role.NOMINATOR.value, n) for n in content.NOMINATORS])


def demo_logins(instance_path: Path) -> list[tuple[str, str, str]]:
    """The kept demo passwords that open this database's accounts (the file may be older)."""
    credentials = _read_credentials(instance_path / CREDENTIALS_FILE)
    rows = []
    for role, person in demo_people():
        user = accounts.find_user_by_email(person["email"])
        password = credentials.get(person["email"], "")
        valid = user is not None and password and check_password_hash(user.password_hash, password)
        rows.append((role, person["email"], password if valid else "(unknown)"))
    return rows


def _read_credentials(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    pairs = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if "\t" in line)
    return {email: password for email, password in pairs}


def _write_credentials(path: Path, credentials: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{e}\t{p}\n" for e, p in sorted(credentials.items())), encoding="utf-8")
    path.chmod(0o600)


def _ensure_user(role: str, person: dict, credentials: dict[str, str]) -> str:
    """The demo password: generated for new accounts, remembered in instance/ for later runs."""
    user = accounts.find_user_by_email(person["email"])
    if user is None:
        password = secrets.token_urlsafe(12)
        accounts.create_user(person["email"], person["name"], password, [role],
                             person.get("locale", "es"), confirmed=True)
        db.session.commit()
        credentials[person["email"]] = password
    return credentials.get(person["email"], "(unchanged)")


def _ensure_representations() -> None:
    """Municipal nominators represent their municipality, confirmed by the demo organiser."""
    organiser = accounts.find_user_by_email(content.ORGANISER["email"])
    for person in content.NOMINATORS:
        if not person.get("municipality_ubigeo"):
            continue
        user = accounts.find_user_by_email(person["email"])
        municipality = db.session.scalar(select(Municipality).where(
            Municipality.country == "PE", Municipality.official_code == person["municipality_ubigeo"]))
        exists = db.session.scalar(select(Representation).where(
            Representation.user_id == user.id, Representation.municipality_id == municipality.id))
        if exists is None:
            representation = request_representation(user, municipality, person["position"],
                                                    person["phone"])
            decide_representation(organiser, representation, confirm=True)


def _local(value: str) -> datetime:
    return to_utc(datetime.fromisoformat(value), content.EDITION["timezone"])


def _ensure_edition() -> Edition:
    """The 2026 edition with its categories and rubrics, completing whatever an earlier run missed."""
    spec = content.EDITION
    edition = db.session.scalar(select(Edition).where(Edition.year == spec["year"]))
    if edition is None:
        edition = editions.create_edition({
            "year": spec["year"], "name": spec["name"], "timezone": spec["timezone"],
            "nominations_open_at": _local(spec["nominations_open"]),
            "nominations_close_at": _local(spec["nominations_close"]),
            "judging_close_at": _local(spec["judging_close"]),
            "ceremony_at": _local(spec["ceremony"]), "ceremony_place": spec["ceremony_place"],
            "score_aggregation": "mean", "juror_normalisation": False,
        })
    existing = {c.code: c for c in edition.categories}
    for position, spec_category in enumerate(content.CATEGORIES, start=1):
        category = existing.get(spec_category["code"])
        if category is None:
            category = editions.create_category(edition, _category_values(spec_category, position))
        if category.is_jury and not category.criteria and edition.status == EditionStatus.DRAFT.value:
            for criterion_position, criterion in enumerate(spec_category["criteria"], start=1):
                editions.add_criterion(category, {
                    "name_es": criterion["name_es"], "name_en": criterion["name_en"],
                    "guidance_es": criterion["guidance_es"], "guidance_en": criterion["guidance_en"],
                    "weight": Decimal(criterion["weight"]), "scale_min": 1, "scale_max": 10,
                    "is_tie_breaker": criterion["tie_breaker"], "position": criterion_position,
                })
    if edition.status == EditionStatus.DRAFT.value:
        editions.apply_transition(edition, "open_nominations")
    return edition


def _category_values(spec: dict, position: int) -> dict:
    admits, places = spec["admits"], spec["places"]
    return {
        "code": spec["code"], "position": position,
        "name_es": spec["name_es"], "name_en": spec["name_en"],
        "description_es": spec["description_es"], "description_en": spec["description_en"],
        "kind": spec["kind"],
        "admits_municipality": "municipality" in admits, "admits_person": "person" in admits,
        "admits_institution": "institution" in admits,
        "allows_self_nomination": spec["self_nomination"],
        "places_gold": places["gold"], "places_silver": places["silver"],
        "places_bronze": places["bronze"], "mentions": places["mentions"],
        "min_reviews": spec["min_reviews"],
    }


def _demo_moment(edition: Edition) -> datetime:
    """The demo's nominations are written as if 40 days into the call, whatever today's date."""
    return edition.nominations_open_at + timedelta(days=40)


def _ensure_nominations(edition: Edition) -> None:
    """The sample nominations, through the same services a nominator uses (so they obey the rules)."""
    if edition.status != EditionStatus.NOMINATIONS_OPEN.value:
        return
    now = _demo_moment(edition)
    categories = {c.code: c for c in edition.categories}
    municipalities = {m.official_code: m for m in db.session.scalars(
        select(Municipality).where(Municipality.country == "PE"))}
    users = {u.email: u for u in db.session.scalars(select(User))}
    existing = {(submitter_id, title) for submitter_id, title in db.session.execute(
        select(Nomination.submitter_id, Nomination.title))}
    submitted = []
    for spec in content.NOMINATIONS:
        submitter = users[spec["submitter"]]
        if (submitter.id, spec["title"]) in existing:
            continue
        category = categories[spec["category"]]
        nomination = nominations.start_nomination(
            submitter, category, spec["nominee_type"],
            municipalities.get(spec.get("municipality_ubigeo") or ""), now=now)
        nominations.save_draft(submitter, nomination, _nomination_values(spec), None, now=now)
        nominations.add_attachment(submitter, nomination, "informe-de-resultados.pdf",
                                   demo_pdf(spec["title"], _report_lines(spec)), now=now)
        if spec["status"] == NominationStatus.SUBMITTED.value:
            nominations.submit(submitter, nomination, now=now, notify=False)
            submitted.append(nomination)
    _screen_some(submitted, now)


def _nomination_values(spec: dict) -> dict:
    return {
        "nominee_name": spec.get("nominee_name") or "", "nominee_country": spec.get("nominee_country") or "",
        "nominee_role": spec.get("nominee_role") or "", "nominee_contact": spec.get("nominee_contact") or "",
        "title": spec["title"], "summary": spec["summary"], "problem": spec["problem"],
        "intervention": spec["intervention"], "contribution": spec.get("contribution") or "",
        "results": [{k: str(row[k]) for k in INDICATOR_KEYS} for row in spec["results"]],
        "period_start": min(row["period_start"] for row in spec["results"]),
        "period_end": max(row["period_end"] for row in spec["results"]),
        "budget_amount": str(spec["budget_amount"]), "budget_currency": spec["budget_currency"],
        "partners": spec["partners"], "evidence_links": spec["evidence_links"],
    }


def _report_lines(spec: dict) -> list[str]:
    lines = ["Informe de resultados (documento de ejemplo, datos ficticios)", ""]
    lines += [f"{row['indicator']}: {row['baseline']} -> {row['result']} {row['unit']} ({row['period']})"
              for row in spec["results"]]
    return lines


def _screen_some(submitted: list[Nomination], now: datetime) -> None:
    """Two eligible and one ineligible nomination, so the organiser's screening has examples."""
    if len(submitted) < 3:
        return
    organiser = accounts.find_user_by_email(content.ORGANISER["email"])
    nominations.screen(organiser, submitted[:2], eligible=True, now=now, notify=False)
    nominations.screen(organiser, submitted[2:3], eligible=False, now=now, notify=False,
                       reason="El programa aún no tiene resultados medidos con una línea de base.")


SYNTHETIC_SOURCE = Source(
    name="Encuesta de percepción — muestra SINTÉTICA", organisation="Premios Safe City (demo)",
    synthetic=True, public_note="Datos sintéticos de demostración; no provienen de una encuesta real.")


def _ensure_perception_data() -> None:
    """Every quarter of the synthetic aggregates, then the synthetic 2026-T3 microdata over them."""
    with QUARTERLY_FILE.open(encoding="utf-8") as fh:
        quarters = sorted({row["period"] for row in csv.DictReader(fh)})
    active = {i.period: i for i in db.session.scalars(
        select(PerceptionImport).where(PerceptionImport.active.is_(True)))}
    for quarter in quarters:
        if quarter not in active:
            with QUARTERLY_FILE.open("rb") as stream:
                active[quarter] = import_file(stream, QUARTERLY_FILE.name, quarter, SYNTHETIC_SOURCE)
    latest = active.get(MICRODATA_PERIOD)
    if latest is None or latest.shape != "microdata":
        with MICRODATA_FILE.open("rb") as stream:
            import_file(stream, MICRODATA_FILE.name, MICRODATA_PERIOD, SYNTHETIC_SOURCE,
                        replace=latest is not None)


def _ensure_ranking_settings(edition: Edition) -> None:
    """The ranking that decides each ranking category, unless an organiser already chose one."""
    for spec in content.CATEGORIES:
        category = next((c for c in edition.categories if c.code == spec["code"]), None)
        ranking = spec.get("ranking")
        if ranking is None or category is None or category.ranking_period is not None:
            continue
        codes = db.session.scalars(select(Municipality.official_code).where(
            Municipality.country == "PE",
            Municipality.province.in_(ranking["eligible_provinces"]))).all()
        awards.save_ranking_settings(category, awards.RankingSettings(
            period=ranking["period"], window_start=None,
            min_effective_n=ranking["min_effective_n"], eligible_codes=list(codes)))


# -- the jury at work: the previous edition, still in judging ---------------------------------

def _ensure_jury_demo() -> None:
    """Profiles for the demo jurors, then the 2025 edition in judging with its nominations,
    declarations, a seeded automatic assignment and a mix of submitted and draft reviews. The
    2026 edition stays in its call for nominations: judging data there would contradict it."""
    organiser = accounts.find_user_by_email(content.ORGANISER["email"])
    jurors = _ensure_juror_profiles()
    edition = _ensure_past_edition(organiser)
    if edition.status != EditionStatus.JUDGING.value:
        return
    spec = content.PAST_EDITION
    opened = _local(spec["judging_opened"])
    for category in (c for c in edition.categories if c.is_jury):
        _ensure_declarations(category, jurors, opened)
        round_ = rounds.current_round(category)
        started = db.session.scalar(select(Assignment.id).where(
            Assignment.round_id == round_.id).limit(1)) is not None
        if started:
            continue
        assignments.run_automatic(organiser, round_, seed=spec["assignment_seed"],
                                  juror_ids=[j.id for j in jurors])
        _write_reviews(category, round_, jurors, opened)
        # The deadline passed with reviews missing: the organiser lets the late jurors finish.
        rounds.update_round_dates(organiser, round_, None, None)


def _ensure_juror_profiles() -> list[User]:
    jurors = []
    for person in content.JURORS:
        user = accounts.find_user_by_email(person["email"])
        if profiles.profile_of(user) is None:
            profiles.save_profile(user, person["organisation"], person["country"], None,
                                  person["expertise"])
        jurors.append(user)
    return jurors


def _ensure_past_edition(organiser: User) -> Edition:
    """The 2025 edition through the same services and transitions as a real one, each step
    dated inside its phase."""
    spec = content.PAST_EDITION
    edition = db.session.scalar(select(Edition).where(Edition.year == spec["year"]))
    if edition is None:
        edition = editions.create_edition({
            "year": spec["year"], "name": spec["name"], "timezone": spec["timezone"],
            "nominations_open_at": _local(spec["nominations_open"]),
            "nominations_close_at": _local(spec["nominations_close"]),
            "judging_close_at": _local(spec["judging_close"]),
            "ceremony_at": _local(spec["ceremony"]), "ceremony_place": spec["ceremony_place"],
            "score_aggregation": "mean", "juror_normalisation": True,
        })
    if edition.status == EditionStatus.DRAFT.value:
        _past_categories(edition, organiser)
        editions.apply_transition(edition, "open_nominations", now=edition.nominations_open_at)
    if edition.status == EditionStatus.NOMINATIONS_OPEN.value:
        _past_nominations(edition, organiser)
        editions.apply_transition(edition, "close_nominations", now=edition.nominations_close_at)
    if edition.status == EditionStatus.SCREENING.value:
        editions.apply_transition(edition, "open_judging", now=_local(spec["judging_opened"]))
    return edition


def _past_categories(edition: Edition, organiser: User) -> None:
    specs = {c["code"]: c for c in content.CATEGORIES}
    existing = {c.code for c in edition.categories}
    for position, code in enumerate(content.PAST_EDITION["categories"], start=1):
        if code in existing:
            continue
        spec = specs[code]
        category = editions.create_category(edition, _category_values(spec, position))
        for criterion_position, criterion in enumerate(spec["criteria"], start=1):
            editions.add_criterion(category, {
                "name_es": criterion["name_es"], "name_en": criterion["name_en"],
                "guidance_es": criterion["guidance_es"], "guidance_en": criterion["guidance_en"],
                "weight": Decimal(criterion["weight"]), "scale_min": 1, "scale_max": 10,
                "is_tie_breaker": criterion["tie_breaker"], "position": criterion_position,
            })
        rounds.update_judging_settings(organiser, category, {
            "review_visibility": content.PAST_EDITION["review_visibility"][code],
            "blind_submitter": False, "blind_nominee": False, "overall_comment_required": True})


def _past_nominations(edition: Edition, organiser: User) -> None:
    """Submitted 40 days into the call by the municipal representatives, all screened eligible."""
    now = edition.nominations_open_at + timedelta(days=40)
    categories = {c.code: c for c in edition.categories}
    representatives = {p["municipality_ubigeo"]: p["email"] for p in content.NOMINATORS
                       if p.get("municipality_ubigeo")}
    municipalities = {m.official_code: m for m in db.session.scalars(
        select(Municipality).where(Municipality.country == "PE"))}
    existing = set(db.session.scalars(select(Nomination.title).where(
        Nomination.category_id.in_([c.id for c in categories.values()]))))
    submitted = []
    for spec in content.PAST_NOMINATIONS:
        if spec["title"] in existing:
            continue
        submitter = accounts.find_user_by_email(representatives[spec["municipality_ubigeo"]])
        nomination = nominations.start_nomination(
            submitter, categories[spec["category"]], "municipality",
            municipalities[spec["municipality_ubigeo"]], now=now)
        indicator, baseline, result, unit = spec["indicator"]
        nominations.save_draft(submitter, nomination, {
            "title": spec["title"], "summary": spec["summary"], "problem": spec["problem"],
            "intervention": spec["intervention"],
            "results": [{"indicator": indicator, "baseline": str(baseline), "result": str(result),
                         "unit": unit, "source": "Registro municipal", "period": "2024–2025"}],
            "period_start": "2024-01", "period_end": "2025-08",
            "budget_amount": str(spec["budget"]), "budget_currency": "PEN",
            "partners": "Policía Nacional del Perú y juntas vecinales del distrito.",
            "evidence_links": []}, None, now=now)
        report = nominations.add_attachment(
            submitter, nomination, "informe-de-resultados.pdf",
            demo_pdf(spec["title"], [f"{indicator}: {baseline} -> {result} {unit}"]), now=now)
        submitted.append(nominations.submit(submitter, nomination, now=now, notify=False,
                                            publication_consent=True))
        nominations.set_attachment_public(submitter, report, True)
    if submitted:
        nominations.screen(organiser, submitted, eligible=True, now=now + timedelta(days=50),
                           notify=False)


def _ensure_declarations(category, jurors: list[User], moment: datetime) -> None:
    """Every demo juror has gone through the nominee list; the declared conflicts are kept."""
    declared = set(db.session.scalars(select(ConflictDeclaration.juror_id).where(
        ConflictDeclaration.category_id == category.id)))
    listed = conflicts.nominee_list(category)
    for juror in jurors:
        if juror.id in declared:
            continue
        reasons = {(c["municipality_ubigeo"]): c["reason"] for c in content.PAST_CONFLICTS
                   if c["juror"] == juror.email and c["category"] == category.code}
        decisions = {n.id: reasons.get(n.municipality.official_code) for n in listed}
        conflicts.declare(juror, category, decisions, now=moment)


def _write_reviews(category, round_, jurors: list[User], opened: datetime) -> None:
    """Each juror works through their own order: submitted reviews, then drafts, then the rest
    untouched; scores follow the nomination's quality and the juror's habit."""
    specs = {spec["title"]: spec for spec in content.PAST_NOMINATIONS}
    plan = []  # (juror index, juror, position in their order, assignment, submitted?)
    for juror_index, juror in enumerate(jurors):
        habit = content.JURY_HABITS[juror.email]
        mine = db.session.scalars(select(Assignment).where(
            Assignment.round_id == round_.id, Assignment.juror_id == juror.id)
            .order_by(Assignment.order_key, Assignment.id)).all()
        to_submit = len(mine) if habit["submitted"] is None else habit["submitted"]
        plan += [(juror_index, juror, position, assignment, position < to_submit)
                 for position, assignment in enumerate(mine[:to_submit + habit["drafts"]])]
    divided: dict[int, list[int]] = {}  # nomination id -> its submitting jurors, strictest first
    for _i, juror, _p, assignment, submitted in plan:
        if submitted and specs[assignment.nomination.title].get("divides"):
            divided.setdefault(assignment.nomination_id, []).append(juror.id)
    bias = {juror.id: content.JURY_HABITS[juror.email]["bias"] for juror in jurors}
    for panel in divided.values():
        panel.sort(key=lambda juror_id: (bias[juror_id], juror_id))
    criteria = category.criteria
    for juror_index, juror, position, assignment, submitted in plan:
        spec = specs[assignment.nomination.title]
        shift = bias[juror.id]
        panel = divided.get(assignment.nomination_id)
        if panel and juror.id in panel:
            shift = DIVIDED_HIGH if juror.id == panel[-1] else (
                DIVIDED_LOW if juror.id == panel[0] else 0)
        scores = _demo_scores(criteria, spec["quality"] + shift, juror_index + len(spec["title"]))
        moment = opened + timedelta(days=1 + juror_index, hours=3 * position)
        level = ("low", "mid", "high")[min(2, max(0, (sum(scores) // len(scores) - 3) // 3))]
        values = reviews.ReviewValues(scores={c.id: s for c, s in zip(criteria, scores)},
                                      overall_comment=content.OVERALL_COMMENTS[level])
        if submitted:
            reviews.submit(assignment, values, 0, now=moment)
        else:
            values.scores[criteria[-1].id] = None
            reviews.save_draft(assignment, values, 0, now=moment)


# Where the jury is divided: the most generous member of the panel far above, the strictest far below.
DIVIDED_HIGH, DIVIDED_LOW = 3, -4


def _demo_scores(criteria, level: int, variation: int) -> list[int]:
    """Deterministic scores around `level`, with a small wobble from criterion to criterion."""
    return [min(c.scale_max, max(c.scale_min, level + (-1, 0, 1, 0, 0)[(variation * 3 + i * 2) % 5]))
            for i, c in enumerate(criteria)]


def ensure_history() -> None:
    """Earlier editions' awards in the library, through the organisers' importer (a row imported
    before is skipped, so nothing is written the second time)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["edición", "categoría", "puesto", "municipalidad o persona", "título",
                     "resumen", "país"])
    writer.writerows([h["year"], h["category"], h["place"], h["recipient"], h["title"],
                      h["summary"], h["country"]] for h in content.HISTORY)
    data = buffer.getvalue().encode("utf-8")
    if preview_history(data, "historia-demo.csv").awards:
        organiser = accounts.find_user_by_email(content.ORGANISER["email"])
        import_history(data, "historia-demo.csv", actor_id=organiser.id)
