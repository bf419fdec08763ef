"""Loads the demo edition; every step looks for what exists first, so it can run again safely."""
from __future__ import annotations

import csv
import secrets
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from werkzeug.security import check_password_hash

from app.accounts import services as accounts
from app.accounts.models import Role, User
from app.demo import content
from app.editions import services as editions
from app.editions.models import Edition, EditionStatus
from app.extensions import db
from app.i18n import to_utc
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
