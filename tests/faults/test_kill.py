"""kill -9 in the middle of the work (the issue: "Kill -9 of a gunicorn worker during a review
submit and of the certificate worker mid-batch: no partial writes, the batch resumes").

Real processes, real signals, real databases (SQLite, or PostgreSQL with TEST_DATABASE_URL):

- A review submit under gunicorn: the worker kills itself with SIGKILL once the submission's
  UPDATE, scores and audit event are sent and before COMMIT (the test's own WSGI wrapper,
  `tests/faults/kill_hook.py`, armed by a file). The juror's connection drops, the review is the
  draft it was, gunicorn's master starts a new worker, and the same submit sent again is stored
  exactly once.
- The certificate batch (`flask certificates generate` in a process of its own) is killed with
  SIGKILL after some certificates were issued: every issued one has its whole PDF, the job is
  taken over only once its heartbeat is older than CERTIFICATE_JOB_STALE_SECONDS, and the
  resumed run issues the rest, each certificate once, with the codes planned before the kill.
"""
from __future__ import annotations

import hashlib
import http.client
import io
import json
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Iterator
from urllib.parse import urlencode

import pytest
from pypdf import PdfReader
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from app import create_app, storage
from app.audit.chain import verify_chain
from app.audit.models import AuditEvent
from app.certificates import jobs, services
from app.certificates.models import Certificate, CertificateJob
from app.db_types import utcnow
from app.extensions import db, limiter
from app.nominations.models import Nomination
from tests.certificates.conftest import certificates_of, world  # noqa: F401  (fixture)
from tests.conftest import make_test_app
from tests.faults import kill_hook

from _bench_server import (Server, csrf_token_in, server_env, start_gunicorn,  # scripts/
                           stop_gunicorn, wait_until_answering)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60.0
REQUEST_TIMEOUT = 30.0


# -- databases ----------------------------------------------------------------------------------

@contextmanager
def own_database(tmp_path: Path) -> Iterator[str]:
    """A database of the kind the suite runs on: a SQLite file, or (with TEST_DATABASE_URL on
    PostgreSQL) a database of its own on that server, dropped afterwards. Not the suite's own:
    these tests leave processes writing for seconds, and a second pytest run on the same
    TEST_DATABASE_URL (another person's, at the same time) empties that database's tables."""
    configured = os.environ.get("TEST_DATABASE_URL", "")
    if not configured.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'kill.db'}"
        return
    name = f"test_kill_{os.getpid()}"
    admin = create_engine(configured, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(configured).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def database_url(tmp_path_factory) -> Iterator[str]:
    """This module's own database, in place of the suite's (see `own_database`): its schema as
    the suite makes it. A SQLite file is put in WAL mode (it stays so): the test polls while a
    runner commits certificate after certificate, and in the default journal mode a reader can
    wait out the whole batch behind those commits on a busy machine."""
    with own_database(tmp_path_factory.mktemp("kill-db")) as url:
        schema_app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        with schema_app.app_context():
            db.create_all()
            if db.engine.dialect.name == "sqlite":
                with db.engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA journal_mode=WAL")
            db.engine.dispose()
        yield url


@pytest.fixture(scope="module")
def _shared_app(database_url):
    """tests/conftest.py's application, on this module's database: the `app` fixture (and
    every factory) work here as everywhere else."""
    app = make_test_app(database_url)
    yield app, dict(app.config), app.instance_path, dict(vars(limiter))
    with app.app_context():
        db.session.remove()
        db.engine.dispose()  # nothing left connected to the database about to be dropped


# -- gunicorn -----------------------------------------------------------------------------------

# Hooks added to the command-line settings of scripts/_bench_server.py: each worker's boot and
# exit, one line each, so the test sees which worker died and which replaced it.
WORKER_HOOKS = '''
WORKERS_LOG = {workers_log!r}


def _note(line):
    with open(WORKERS_LOG, "a", encoding="utf-8") as log:
        log.write(line + "\\n")


def post_fork(server, worker):  # in the new worker
    import os
    _note("boot %d" % os.getpid())


def child_exit(server, worker):  # in the master, once it has reaped a worker
    _note("exit %d" % worker.pid)
'''


def start_killable_gunicorn(workdir: Path, env: dict) -> Server:
    """gunicorn with one sync worker serving the test's wrapper of the app, with the hooks above
    as its config file (not the project's gunicorn.conf.py); returns once a worker answers."""
    hooks = workdir / "gunicorn_kill_hooks.py"
    hooks.write_text(WORKER_HOOKS.format(workers_log=str(_workers_log(workdir))))
    return start_gunicorn("kill", "tests.faults.kill_hook:create_app()", env, workdir, 1,
                          ["--config", str(hooks), "--timeout", "30",
                           "--graceful-timeout", "10"])


def _workers_log(workdir: Path) -> Path:
    return workdir / "workers.log"


def worker_events(server: Server) -> list[tuple[str, int]]:
    log = _workers_log(server.pidfile.parent)
    if not log.exists():
        return []
    return [(kind, int(pid)) for kind, pid in (line.split() for line in log.read_text().splitlines())]


def live_workers(server: Server) -> set[int]:
    booted, exited = set(), set()
    for kind, pid in worker_events(server):
        (booted if kind == "boot" else exited).add(pid)
    return booted - exited


def server_log(server: Server) -> str:
    return server.log.read_text(errors="replace") if server.log.exists() else ""


# -- HTTP ---------------------------------------------------------------------------------------

@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


def request(port: int, method: str, path: str, *, body: bytes = b"", content_type: str = "",
            cookies: dict[str, str] | None = None, headers: dict[str, str] | None = None,
            timeout: float = REQUEST_TIMEOUT) -> Answer:
    """One request on a fresh connection; the cookies it sets are put into `cookies`. A dropped
    connection raises (http.client.RemoteDisconnected is a ConnectionResetError)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        sent = {"Accept-Language": "es", "Connection": "close", **(headers or {})}
        if content_type:
            sent["Content-Type"] = content_type
        if cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        answer = Answer(response.status, response.headers, response.read())
    finally:
        connection.close()
    if cookies is not None:
        for header in answer.headers.get_all("Set-Cookie") or []:
            name, _eq, value = header.split(";", 1)[0].partition("=")
            cookies[name.strip()] = value.strip()
    return answer


# -- the jury -----------------------------------------------------------------------------------

PASSWORD = "una clave larga de prueba"
JUROR_EMAIL = "julia.jurado@example.org"


@dataclass
class Jury:
    assignment_id: int
    criterion_ids: list[int]


def build_jury() -> Jury:
    """An edition in judging with a jury category of three weighted criteria, an eligible
    nomination, and a juror with a profile, past the conflict declaration, assigned to it in the
    open default round. Runs in the app context of the database under test."""
    from app.accounts.models import User
    from app.accounts.services import hash_password
    from app.editions.models import Category, Edition, RubricCriterion
    from app.judging.models import Assignment, ConflictDeclaration, JurorProfile
    from app.judging.rounds import ensure_default_round

    now = datetime.now(timezone.utc)
    edition = Edition(year=2026, name="Premios Safe City 2026", timezone="America/Lima",
                      status="judging", nominations_open_at=now - timedelta(days=30),
                      nominations_close_at=now - timedelta(days=10),
                      judging_close_at=now + timedelta(days=30))
    category = Category(edition=edition, code="INN", name_es="Innovación", name_en="Innovation",
                        kind="jury", position=1, admits_institution=True, min_reviews=1)
    for position in range(1, 4):
        category.criteria.append(RubricCriterion(
            name_es=f"Criterio {position}", name_en=f"Criterion {position}",
            weight=Decimal(10 * position), position=position, is_tie_breaker=position == 1))
    password_hash = hash_password(PASSWORD)
    nominator = User(email="nora@example.org", name="Nora Nominadora",
                     password_hash=password_hash, email_confirmed_at=now)
    nominator.add_role("nominator")
    juror = User(email=JUROR_EMAIL, name="Julia Jurado", password_hash=password_hash,
                 email_confirmed_at=now)
    juror.add_role("juror")
    db.session.add_all([edition, category, nominator, juror])
    db.session.flush()
    nomination = Nomination(
        reference="SCA-2026-INN-0001", category_id=category.id, submitter_id=nominator.id,
        status="eligible", nominee_type="institution", nominee_name="Serenazgo de Lima",
        title="Cámaras con analítica en paraderos", summary="Patrullaje integrado.",
        problem="Robos al paso en paraderos.", intervention="Cámaras enlazadas.",
        submitted_at=now)
    db.session.add_all([nomination, JurorProfile(user_id=juror.id, organisation="Universidad",
                                                 country="PE", expertise="Seguridad ciudadana"),
                        ConflictDeclaration(juror_id=juror.id, category_id=category.id,
                                            declared_at=now)])
    round_ = ensure_default_round(category)
    assignment = Assignment(round=round_, juror_id=juror.id, nomination=nomination)
    db.session.add(assignment)
    db.session.commit()
    return Jury(assignment.id, [c.id for c in category.criteria])


@dataclass(frozen=True)
class ReviewState:
    status: str
    version: int
    submitted_at: datetime | None
    overall_comment: str
    scores: dict[int, int | None]
    comments: dict[int, str]
    audit: tuple[tuple[str, str | None], ...]  # (action, object id) of every event


def review_state(assignment_id: int) -> ReviewState:
    """What the database holds (read in a short transaction, so SQLite's lock is not kept)."""
    from app.judging.models import Review
    db.session.expire_all()
    try:
        review = db.session.scalar(select(Review).where(Review.assignment_id == assignment_id))
        assert review is not None
        events = db.session.execute(select(AuditEvent.action, AuditEvent.object_id)
                                    .order_by(AuditEvent.id)).all()
        return ReviewState(review.status, review.version, review.submitted_at,
                           review.overall_comment,
                           {s.criterion_id: s.score for s in review.scores},
                           {s.criterion_id: s.comment for s in review.scores},
                           tuple((action, object_id) for action, object_id in events))
    finally:
        db.session.rollback()


def audit_chain_problems() -> list[str]:
    try:
        return verify_chain(db.session()).problems
    finally:
        db.session.rollback()


def log_in(port: int) -> dict[str, str]:
    """Through the real login form, with its CSRF token; the session cookies."""
    cookies: dict[str, str] = {}
    page = request(port, "GET", "/login", cookies=cookies)
    assert page.status == 200
    form = urlencode({"csrf_token": csrf_token_in(page.body), "email": JUROR_EMAIL,
                      "password": PASSWORD}).encode()
    answer = request(port, "POST", "/login", body=form, cookies=cookies,
                     content_type="application/x-www-form-urlencoded")
    assert answer.status == 302 and "/login" not in answer.location, answer.body[:500]
    return cookies


def test_a_worker_killed_during_a_review_submit_writes_nothing_and_the_retry_counts_once(
        app, tmp_path):
    jury = build_jury()
    arm, note = tmp_path / "kill.armed", tmp_path / "kill.note.json"
    # the same storage and outbox folders as the `app` fixture's (tmp_path/storage, /outbox)
    env = server_env(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path,
                     **{kill_hook.ARM_FILE: str(arm), kill_hook.NOTE_FILE: str(note)})
    server = start_killable_gunicorn(tmp_path, env)
    try:
        _submit_killed_then_retried(server, jury, arm, note, draft_scores=[4, 5, None],
                                    submitted_scores=[8, 9, 10])
    finally:
        stop_gunicorn(server)
    assert server.process.returncode == 0, server_log(server)[-3000:]


def _submit_killed_then_retried(server: Server, jury: Jury, arm: Path, note: Path,
                                draft_scores: list, submitted_scores: list) -> None:
    port, assignment = server.port, jury.assignment_id
    master = server.master_pid()
    cookies = log_in(port)
    page = request(port, "GET", f"/jury/assignments/{assignment}", cookies=cookies)
    assert page.status == 200
    token = csrf_token_in(page.body)

    # A draft, saved as the scoring page's script saves it: version 1.
    draft = {"version": "0", "overall_comment": "Primer borrador"}
    for criterion_id, score in zip(jury.criterion_ids, draft_scores):
        draft[f"score_{criterion_id}"] = "" if score is None else str(score)
        draft[f"comment_{criterion_id}"] = "Anotación del borrador"
    saved = request(port, "POST", f"/jury/assignments/{assignment}/draft",
                    body=json.dumps(draft).encode(), content_type="application/json",
                    cookies=cookies, headers={"Accept": "application/json", "X-CSRFToken": token})
    assert saved.status == 200 and json.loads(saved.body) == {
        "ok": True, "version": 1, "saved_at": json.loads(saved.body)["saved_at"]}
    before = review_state(assignment)
    assert (before.status, before.version, before.submitted_at) == ("draft", 1, None)
    assert before.scores == dict(zip(jury.criterion_ids, draft_scores))
    assert [action for action, _id in before.audit] == ["user.login", "review.draft_saved"]

    # Submit, from that version, with every criterion scored: the worker dies before COMMIT.
    submit = {"csrf_token": token, "version": "1", "action": "submit",
              "overall_comment": "Propuesta sólida, con resultados medidos."}
    for criterion_id, score in zip(jury.criterion_ids, submitted_scores):
        submit[f"score_{criterion_id}"] = str(score)
        submit[f"comment_{criterion_id}"] = "Bien sustentado."
    body = urlencode(submit).encode()
    (victim,) = live_workers(server)
    arm.write_text("armed")
    with pytest.raises(ConnectionError):  # the connection dropped: no answer at all
        request(port, "POST", f"/jury/assignments/{assignment}/submit", body=body,
                cookies=dict(cookies), content_type="application/x-www-form-urlencoded")

    # It died where it was meant to: its submission sent, not committed.
    assert not arm.exists()
    died = json.loads(note.read_text())
    assert died["pid"] == victim
    assert died["path"] == f"/jury/assignments/{assignment}/submit"
    writes = died["writes"]
    assert any(w.startswith("UPDATE reviews SET") and "submitted_at" in w for w in writes), writes
    assert any(w.startswith("UPDATE review_scores SET") for w in writes), writes
    assert any(w.startswith("INSERT INTO audit_events") for w in writes), writes

    # gunicorn's master reaped the killed worker and started another; the master itself lives.
    deadline = time.monotonic() + START_TIMEOUT
    while not (("exit", victim) in worker_events(server) and live_workers(server)):
        assert server.process.poll() is None, server_log(server)[-3000:]
        assert time.monotonic() < deadline, f"no new worker:\n{server_log(server)[-3000:]}"
        time.sleep(0.05)
    (replacement,) = live_workers(server)
    assert replacement != victim and server.master_pid() == master
    with pytest.raises(ProcessLookupError):
        os.kill(victim, 0)
    wait_until_answering(server)
    assert f"Worker (pid:{victim}) was sent SIGKILL" in server_log(server)

    # No partial write: the draft as it was, no trace of the submission, the audit chain whole.
    assert review_state(assignment) == before
    assert audit_chain_problems() == []

    # The juror sends the same submit again (same page, same session): stored, once.
    retried = request(port, "POST", f"/jury/assignments/{assignment}/submit", body=body,
                      cookies=cookies, content_type="application/x-www-form-urlencoded")
    assert retried.status == 302 and retried.location.endswith("/jury"), retried.body[:500]
    after = review_state(assignment)
    assert (after.status, after.version) == ("submitted", 2) and after.submitted_at is not None
    assert after.scores == dict(zip(jury.criterion_ids, submitted_scores))
    assert set(after.comments.values()) == {"Bien sustentado."}
    assert after.overall_comment == "Propuesta sólida, con resultados medidos."
    assert [action for action, _id in after.audit] == [
        "user.login", "review.draft_saved", "review.submitted"]

    # A third send (a double click, a browser's retry) changes nothing.
    again = request(port, "POST", f"/jury/assignments/{assignment}/submit", body=body,
                    cookies=cookies, content_type="application/x-www-form-urlencoded")
    assert again.status == 409
    assert review_state(assignment) == after
    assert audit_chain_problems() == []
    assert live_workers(server) == {replacement}


# -- the certificate batch ----------------------------------------------------------------------

EXTRA_FINALISTS = 24  # with the world's 6: 30 certificates, a run of a few seconds
TOTAL = 6 + EXTRA_FINALISTS
KILL_AFTER = 3  # issued certificates seen before the kill
STALE_SECONDS = 5


@pytest.fixture
def batch(world):  # noqa: F811  (the fixture imported above)
    for number in range(EXTRA_FINALISTS):
        db.session.add(Nomination(
            category=world.esp, submitter_id=world.carla.id, status="finalist",
            nominee_type="institution", title="Escuela segura",
            nominee_name=f"Institución Educativa Nº {number + 1} «Señor de Luren»",
            reference=f"SCA-2026-ESP-{number + 100:04d}"))
    db.session.commit()
    return world


def _issued_count(edition_id: int) -> int:
    try:
        return db.session.scalar(select(func.count()).select_from(Certificate).where(
            Certificate.edition_id == edition_id, Certificate.status == "issued"))
    finally:
        db.session.rollback()  # end the read: SQLite's lock must not hold the runner up


def _the_job() -> CertificateJob:
    db.session.expire_all()
    (job,) = db.session.scalars(select(CertificateJob)).all()
    return job


def _audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def _assert_whole(certificate: Certificate) -> None:
    """An issued certificate: its PDF stored whole, matching the row's SHA-256."""
    assert certificate.issued_at is not None and certificate.pdf_sha256
    data = storage.read(certificate.pdf_sha256)
    assert hashlib.sha256(data).hexdigest() == certificate.pdf_sha256
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert len(PdfReader(io.BytesIO(data)).pages) == 1


def _assert_storage_holds_no_torn_file(storage_dir: Path) -> None:
    """Every file stored under a hash holds exactly that content (a write cut short stays in a
    temporary file that no row names)."""
    for path in storage_dir.rglob("*"):
        if path.is_file() and not path.name.startswith(".tmp-"):
            assert hashlib.sha256(path.read_bytes()).hexdigest() == path.name, path


def _certificates_cli(env: dict, log: Path) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "app", "certificates", "generate",
             "--edition", "2026", "--processes", "2"],
            cwd=PROJECT_ROOT, env=env, start_new_session=True, stdout=out, stderr=out)


def _kill_group(process: subprocess.Popen) -> None:
    """SIGKILL to what is left of the process group the runner leads (its rendering processes),
    then reap the runner itself."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        assert process.poll() is not None  # every process of the group is gone already
    process.wait()


def test_a_certificate_batch_killed_mid_run_leaves_no_partial_certificate_and_resumes(
        app, batch, tmp_path):
    edition_id = batch.edition.id
    app.config["CERTIFICATE_JOB_STALE_SECONDS"] = STALE_SECONDS  # as the runners below
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "STORAGE_DIR": app.config["STORAGE_DIR"],
           "MAIL_OUTBOX_DIR": app.config["MAIL_OUTBOX_DIR"],
           "PUBLIC_BASE_URL": "http://awards.test",
           "CERTIFICATE_JOB_STALE_SECONDS": str(STALE_SECONDS)}
    log = tmp_path / "runner.log"

    runner = _certificates_cli(env, log)
    try:
        deadline = time.monotonic() + 60
        while _issued_count(edition_id) < KILL_AFTER:
            assert runner.poll() is None, log.read_text()
            assert time.monotonic() < deadline, f"nothing issued in 60 s:\n{log.read_text()}"
            time.sleep(0.02)
        os.kill(runner.pid, signal.SIGKILL)  # the runner, as the OOM killer or `kill -9` would
        assert runner.wait(timeout=30) == -signal.SIGKILL
    finally:
        _kill_group(runner)

    # While its heartbeat is fresh, the dead runner's job is not taken over.
    job = _the_job()
    heartbeat = job.heartbeat_at
    assert utcnow() - heartbeat < timedelta(seconds=STALE_SECONDS), "the machine stalled"
    assert job.status == "running" and not jobs.is_stale(job)
    with pytest.raises(jobs.JobBusy):
        jobs.run_job(job.id, processes=1)

    # No partial write: issued ones whole, the rest pending with their planned codes, the job's
    # progress that of the rows.
    certificates = certificates_of(batch.edition)
    issued = [c for c in certificates if c.status == "issued"]
    pending = [c for c in certificates if c.status == "pending"]
    assert KILL_AFTER <= len(issued) < TOTAL, "the kill came after the batch had finished"
    assert len(issued) + len(pending) == len(certificates) == TOTAL
    for certificate in issued:
        _assert_whole(certificate)
    assert all(c.pdf_sha256 is None and c.issued_at is None for c in pending)
    assert len({c.code for c in certificates}) == len({c.short_code for c in certificates}) == TOTAL
    assert len({services.key_of(c) for c in certificates}) == TOTAL
    _assert_storage_holds_no_torn_file(Path(app.config["STORAGE_DIR"]))
    planned = {c.id: (c.code, c.short_code) for c in certificates}
    issued_before = {c.id: (c.pdf_sha256, c.issued_at) for c in issued}
    job = _the_job()
    assert (job.status, job.done, job.total, job.heartbeat_at) == (
        "running", len(issued), TOTAL, heartbeat)
    assert _audit_actions().count("certificates.planned") == 1
    assert verify_chain(db.session()).problems == []
    db.session.rollback()

    # Once its heartbeat is older than CERTIFICATE_JOB_STALE_SECONDS, it is seen as stale.
    deadline = time.monotonic() + STALE_SECONDS + 30
    while not jobs.is_stale(_the_job()):
        assert time.monotonic() < deadline, "the dead runner's job never became stale"
        db.session.rollback()
        time.sleep(0.2)
    db.session.rollback()
    assert utcnow() - heartbeat >= timedelta(seconds=STALE_SECONDS)

    # Started again, the batch takes the job over and issues the rest, each certificate once.
    resume_log = tmp_path / "resumed.log"
    resumed = _certificates_cli(env, resume_log)
    try:
        assert resumed.wait(timeout=120) == 0, resume_log.read_text()
    finally:
        _kill_group(resumed)
    assert f"{TOTAL} of {TOTAL} certificate(s)" in resume_log.read_text()

    certificates = certificates_of(batch.edition)
    assert len(certificates) == TOTAL and {c.status for c in certificates} == {"issued"}
    assert {c.id: (c.code, c.short_code) for c in certificates} == planned  # no new codes
    for certificate in certificates:
        _assert_whole(certificate)
        if certificate.id in issued_before:  # not issued a second time
            assert (certificate.pdf_sha256, certificate.issued_at) == issued_before[certificate.id]
    unmailable = batch.awards[3].id  # the ranking's municipality has no representative
    assert all(c.emailed_at for c in certificates if c.award_id != unmailable)
    _assert_storage_holds_no_torn_file(Path(app.config["STORAGE_DIR"]))
    job_after = _the_job()
    assert job_after.id == job.id
    assert (job_after.status, job_after.done, job_after.total, job_after.error) == (
        "done", TOTAL, TOTAL, "")
    actions = _audit_actions()
    assert actions.count("certificates.planned") == 1
    assert actions.count("certificates.generated") == 1
    assert verify_chain(db.session()).problems == []
