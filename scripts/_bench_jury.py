"""A jury at work, for `bench-judging-submit` and `load-test`: an edition in judging with jury
categories, jurors past their conflict declarations with their assignments, built through the
application's models and services; and the simulated juror, who logs in through the real login
form and scores as the scoring page does (JSON autosave with the X-CSRFToken header and the
version, then the form post of Submit).

Call the building functions inside the application's app context.
"""
from __future__ import annotations

import asyncio
import json
import random
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator
from urllib.parse import urlencode

from _bench_server import Response, Run, csrf_token_in, http, timed

PASSWORD = "banco de pruebas 2026"
CRITERIA = 6


@dataclass
class JuryCategory:
    code: str
    category_id: int
    round_id: int
    criterion_ids: list[int]
    assignments: dict[str, list[int]]  # juror email → assignment ids, in the juror's own order


def judging_edition(year: int = 2026):
    """The edition in judging and its organiser (not committed)."""
    from app.accounts.models import User
    from app.editions.models import Edition
    from app.extensions import db

    edition = Edition(year=year, name=f"Premios Safe City {year}", status="judging")
    organiser = User(email=f"organizadora{year}@example.org", name="Organizadora",
                     password_hash="-")
    organiser.add_role("organiser")
    db.session.add_all([edition, organiser])
    db.session.flush()
    return edition, organiser


def make_people(count: int, role: str, prefix: str, password_hash: str) -> list:
    """`count` confirmed users with `role` (jurors get a profile), committed."""
    from app.accounts.models import User
    from app.db_types import utcnow
    from app.extensions import db
    from app.judging.models import JurorProfile

    now = utcnow()
    people = []
    for number in range(count):
        person = User(email=f"{prefix}{number:03d}@example.org", name=f"{prefix} {number + 1:03d}",
                      password_hash=password_hash, email_confirmed_at=now)
        person.add_role(role)
        people.append(person)
    db.session.add_all(people)
    db.session.flush()
    if role == "juror":
        db.session.add_all([JurorProfile(user_id=p.id, organisation="Universidad", country="PE",
                                         expertise="Seguridad ciudadana") for p in people])
    db.session.commit()
    return people


def jury_category(edition, organiser, code: str, nominations: int, jurors: list,
                  reviewers: int) -> JuryCategory:
    """A jury category of CRITERIA weighted criteria with `nominations` eligible institution
    nominations, its default round assigned automatically among `jurors` (K = `reviewers`), and
    those jurors' declarations of no conflict."""
    from sqlalchemy import select

    from app.db_types import utcnow
    from app.editions.models import Category, RubricCriterion
    from app.extensions import db
    from app.judging.assignments import run_automatic
    from app.judging.models import Assignment, ConflictDeclaration
    from app.judging.rounds import ensure_default_round
    from app.nominations.models import Nomination

    now = utcnow()
    category = Category(edition=edition, code=code, name_es=f"Categoría {code}", kind="jury",
                        admits_institution=True, min_reviews=reviewers)
    for i in range(CRITERIA):
        category.criteria.append(RubricCriterion(
            name_es=f"Criterio {i + 1}", weight=Decimal(10 + 5 * (i % 3)), position=i + 1,
            is_tie_breaker=(i == 0)))
    db.session.add(category)
    db.session.flush()
    db.session.add_all([Nomination(
        reference=f"SCA-{edition.year}-{code}-{n:05d}", category_id=category.id,
        submitter_id=organiser.id, status="eligible", nominee_type="institution",
        nominee_name=f"Institución {code} {n}", title=f"Programa de seguridad {n}",
        summary="Patrullaje integrado con la comunidad.", problem="Robos al paso en paraderos.",
        intervention="Cámaras y serenazgo enlazados.", submitted_at=now)
        for n in range(1, nominations + 1)])
    round_ = ensure_default_round(category)
    db.session.commit()
    run_automatic(organiser, round_, k=reviewers, seed=edition.year,
                  juror_ids=[j.id for j in jurors])
    # What conflicts.declare records for a juror with no conflict, without its nominee page
    # (reloading thousands of nominations a hundred times would take a minute).
    db.session.add_all([ConflictDeclaration(juror_id=j.id, category_id=category.id,
                                            declared_at=now) for j in jurors])
    db.session.commit()
    rows = db.session.execute(select(Assignment.juror_id, Assignment.id)
                              .where(Assignment.round_id == round_.id)
                              .order_by(Assignment.juror_id, Assignment.order_key,
                                        Assignment.id)).all()
    by_id: dict[int, list[int]] = {j.id: [] for j in jurors}
    for juror_id, assignment_id in rows:
        by_id[juror_id].append(assignment_id)
    return JuryCategory(code, category.id, round_.id, [c.id for c in category.criteria],
                        {j.email: by_id[j.id] for j in jurors})


# -- what the scoring page sends ------------------------------------------------------------------

def draft_payload(criterion_ids: list[int], rng: random.Random, version: int) -> dict:
    """What static/review.js sends after a few choices: every field, unchosen scores empty."""
    payload: dict = {}
    for position, criterion_id in enumerate(criterion_ids):
        payload[f"score_{criterion_id}"] = str(rng.randint(1, 10)) if position < 4 else ""
        payload[f"comment_{criterion_id}"] = "Bien sustentado." if position == 0 else ""
    payload["overall_comment"] = "Propuesta sólida"
    payload["version"] = str(version)
    return payload


def submit_form(criterion_ids: list[int], rng: random.Random, token: str, version: int) -> dict:
    """What the scoring page's form posts when the juror presses Submit."""
    form = {"csrf_token": token, "version": str(version)}
    for position, criterion_id in enumerate(criterion_ids):
        form[f"score_{criterion_id}"] = str(rng.randint(1, 10))
        form[f"comment_{criterion_id}"] = "Bien sustentado." if position == 0 else ""
    form["overall_comment"] = "Propuesta sólida, con resultados medidos y replicables."
    form["action"] = "submit"
    return form


# -- simulated users ------------------------------------------------------------------------------

async def log_in(port: int, email: str, password: str = PASSWORD,
                 landing: str = "/jury") -> tuple[dict[str, str], str]:
    """Through the real login form; the session cookies and a CSRF token from `landing`."""
    page = await http(port, "GET", "/login")
    if page.status != 200:
        raise RuntimeError(f"GET /login answered {page.status}")
    cookies = dict(page.cookies)
    form = urlencode({"csrf_token": csrf_token_in(page.body), "email": email,
                      "password": password}).encode()
    answer = await http(port, "POST", "/login", body=form, cookies=cookies,
                        content_type="application/x-www-form-urlencoded")
    if answer.status != 302 or "/login" in answer.headers.get("location", ""):
        raise RuntimeError(f"login of {email} failed: HTTP {answer.status}")
    cookies.update(answer.cookies)
    start = await http(port, "GET", landing, cookies=cookies)
    if start.status != 200:
        raise RuntimeError(f"GET {landing} for {email} answered {start.status}")
    cookies.update(start.cookies)
    return cookies, csrf_token_in(start.body)


async def log_in_all(port: int, emails: list[str], landing: str = "/jury",
                     at_once: int = 20) -> list[tuple[dict[str, str], str]]:
    """Everyone logged in, `at_once` at a time (the password hash is deliberately slow)."""
    gate = asyncio.Semaphore(at_once)

    async def one(email: str):
        async with gate:
            return await log_in(port, email, landing=landing)
    return await asyncio.gather(*(one(email) for email in emails))


def draft_problem(response: Response) -> str | None:
    if response.status != 200:
        return f"HTTP {response.status}"
    try:
        answer = json.loads(response.body)
    except ValueError:
        return "not JSON"
    return None if answer.get("ok") is True and isinstance(answer.get("version"), int) else "not ok"


def submit_problem(response: Response) -> str | None:
    if response.status != 302:
        return f"HTTP {response.status}"
    if not response.headers.get("location", "").endswith("/jury"):
        return "redirected elsewhere"
    return None


async def pause(think: float, rng: random.Random) -> None:
    """A person's pause between two requests (none in a closed loop)."""
    if think:
        await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))


async def juror(port: int, email: str, assignments: Iterator[int], criterion_ids: list[int],
                session: tuple[dict[str, str], str], stop_at: float, run: Run,
                rng: random.Random, think: float = 0.0) -> None:
    """Draft then submit, one assignment after another, until the time is up (a later turn goes
    on with the assignments left)."""
    cookies, token = session
    for assignment_id in assignments:
        if time.perf_counter() >= stop_at:
            return
        body = json.dumps(draft_payload(criterion_ids, rng, 0)).encode()
        saved = await timed(run, "draft", http(
            port, "POST", f"/jury/assignments/{assignment_id}/draft", body=body,
            content_type="application/json", cookies=cookies,
            headers={"Accept": "application/json", "X-CSRFToken": token}), draft_problem)
        await pause(think, rng)
        if saved is None or time.perf_counter() >= stop_at:
            continue
        version = json.loads(saved.body)["version"]
        form = urlencode(submit_form(criterion_ids, rng, token, version)).encode()
        await timed(run, "submit", http(
            port, "POST", f"/jury/assignments/{assignment_id}/submit", body=form,
            content_type="application/x-www-form-urlencoded", cookies=cookies), submit_problem)
        await pause(think, rng)
    run.ran_out.add(email)
