"""Bulk generation of an edition's certificates, driven by database state.

A run (1) claims the edition's job row — atomically, so two runners never work at once unless the
first stopped sending heartbeats; (2) plans every missing certificate, codes included, in one
transaction; (3) renders the pending ones in a process pool and, in this process, stores each PDF,
marks it issued and commits, one certificate at a time; (4) mails what is issued and not yet
mailed. A runner that dies leaves pending rows and a stale heartbeat; the next run takes the job
over and carries on from the database, so no certificate is issued twice and none is skipped.

From the web, `launch` runs a job in a background thread of the serving process (the embedded
default; it works under `scripts/run` and gunicorn alike); the CLI runs it in the foreground.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import threading
from contextlib import contextmanager
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from datetime import datetime, timedelta
from typing import Callable

from flask import Flask, current_app
from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from app import storage
from app.audit.context import reset_actor_context, set_actor_context
from app.audit.services import record
from app.certificates import documents, queries, services
from app.certificates.models import Certificate, CertificateJob, CertificateStatus, JobStatus
from app.certificates.rendering import render_for_pool, warm_up
from app.db_types import utcnow
from app.editions.freeze import is_frozen
from app.editions.models import Edition
from app.extensions import db

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(seconds=60)
HEARTBEAT_EVERY = 5.0  # seconds between heartbeats while waiting for the pool
PLAN_ATTEMPTS = 3
IN_PROCESS_BELOW = 3  # so few pending certificates are rendered here, without starting a pool
IN_FLIGHT_PER_PROCESS = 6  # queued work per process, so a slow commit never leaves one idle

Progress = Callable[[int, int], None]


class JobBusy(Exception):
    """Another runner holds the job and is alive; the message is for the user."""


def stale_after() -> timedelta:
    return timedelta(seconds=current_app.config.get("CERTIFICATE_JOB_STALE_SECONDS",
                                                    STALE_AFTER.total_seconds()))


def default_processes() -> int:
    return int(current_app.config.get("CERTIFICATE_PROCESSES") or os.cpu_count() or 1)


def is_stale(job: CertificateJob, now: datetime | None = None) -> bool:
    now = now or utcnow()
    beat = job.heartbeat_at or job.started_at or job.created_at
    return job.status == JobStatus.RUNNING.value and beat < now - stale_after()


def active_job(edition: Edition) -> CertificateJob | None:
    return db.session.scalar(select(CertificateJob).where(
        CertificateJob.edition_id == edition.id,
        CertificateJob.status.in_((JobStatus.QUEUED.value, JobStatus.RUNNING.value)))
        .order_by(CertificateJob.id.desc()).limit(1))


def request_generation(edition: Edition, actor=None) -> CertificateJob:
    """The job to run for the edition: the unfinished one if there is one (a stale one is taken
    over by whoever runs it), else a new queued job. One transaction."""
    if not is_frozen(edition):
        raise services.CertificateError(_("Certificates are issued once the edition is closed."))
    services.lock_edition(edition)
    job = active_job(edition)
    if job is None:
        job = CertificateJob(edition_id=edition.id, status=JobStatus.QUEUED.value, total=0, done=0,
                             requested_by_id=getattr(actor, "id", None), error="")
        db.session.add(job)
        record("certificates.generation_requested", job, summary={"edition": edition.year})
    db.session.commit()
    return job


def claim(job_id: int) -> bool:
    """Take the job if it is queued, or running with a stale heartbeat; atomic on both databases."""
    now = utcnow()
    result = db.session.execute(
        update(CertificateJob).where(
            CertificateJob.id == job_id,
            or_(CertificateJob.status == JobStatus.QUEUED.value,
                and_(CertificateJob.status == JobStatus.RUNNING.value,
                     or_(CertificateJob.heartbeat_at.is_(None),
                         CertificateJob.heartbeat_at < now - stale_after()))))
        .values(status=JobStatus.RUNNING.value, heartbeat_at=now, error=""))
    db.session.commit()
    return result.rowcount == 1


def _plan(edition: Edition) -> int:
    """Plan in one transaction; a concurrent planner's codes or rows make us try again."""
    for attempt in range(PLAN_ATTEMPTS):
        try:
            planned = services.plan_certificates(edition)
            db.session.commit()
            return len(planned)
        except IntegrityError:
            db.session.rollback()
            if attempt == PLAN_ATTEMPTS - 1:
                raise
    return 0


def _counts(edition_id: int) -> tuple[int, int]:
    """(issued, issued + pending): the progress of the edition's certificates."""
    rows = dict(db.session.execute(
        select(Certificate.status, func.count()).where(
            Certificate.edition_id == edition_id,
            Certificate.status.in_((CertificateStatus.ISSUED.value, CertificateStatus.PENDING.value)))
        .group_by(Certificate.status)).all())
    issued = rows.get(CertificateStatus.ISSUED.value, 0)
    return issued, issued + rows.get(CertificateStatus.PENDING.value, 0)


def _beat(job_id: int, done: int, total: int) -> None:
    """Heartbeat and progress, in the caller's transaction."""
    db.session.execute(update(CertificateJob).where(CertificateJob.id == job_id)
                       .values(heartbeat_at=utcnow(), done=done, total=total)
                       .execution_options(synchronize_session=False))


def run_job(job_id: int, processes: int | None = None, progress: Progress | None = None,
            base_url: str | None = None) -> CertificateJob:
    """Run (or take over) a job to the end. Raises JobBusy when a live runner holds it."""
    if not claim(job_id):
        job = db.session.get(CertificateJob, job_id)
        if job is None or job.status != JobStatus.RUNNING.value:
            raise JobBusy(_("This generation run has already ended."))
        raise JobBusy(_("Certificates of this edition are being generated already (last sign of "
                        "life %(seconds)d seconds ago).", seconds=_age(job)))
    job = db.session.get(CertificateJob, job_id)
    edition_id = job.edition_id
    try:
        with _Renderer(processes or default_processes(), job_id) as renderer:
            if job.started_at is None:
                job.started_at = utcnow()
            _plan(db.session.get(Edition, edition_id))
            newly = _issue_pending(edition_id, renderer, progress, base_url)
        issued, total = _counts(edition_id)
        job = db.session.get(CertificateJob, job_id)
        job.status = JobStatus.DONE.value
        job.done, job.total = issued, total
        job.finished_at = job.heartbeat_at = utcnow()
        record("certificates.generated", job, summary={
            "edition": db.session.get(Edition, edition_id).year, "issued": newly, "total": total})
        db.session.commit()
        return job
    except BaseException as error:
        db.session.rollback()
        db.session.execute(update(CertificateJob).where(CertificateJob.id == job_id).values(
            status=JobStatus.FAILED.value, error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=utcnow()))
        db.session.commit()
        raise


def _issue_pending(edition_id: int, renderer: "_Renderer", progress: Progress | None,
                   base_url: str | None) -> int:
    """Render every pending certificate; per certificate, in this process: store the PDF, mark
    it issued, commit, mail it. Returns how many this run issued."""
    job_id = renderer.job_id
    issued, total = _counts(edition_id)
    _beat(job_id, issued, total)
    db.session.commit()
    if progress:
        progress(issued, total)
    edition = db.session.get(Edition, edition_id)
    edition_name = edition.name
    parts = documents.edition_parts(edition, queries.settings_for(edition), base_url)
    pending = list(db.session.scalars(select(Certificate).where(
        Certificate.edition_id == edition_id,
        Certificate.status == CertificateStatus.PENDING.value).order_by(Certificate.id)))
    subjects = queries.subjects_for(pending)
    people = services.addressees(pending, subjects)
    facts = {c.id: services.facts_of(c, s) for c, s in zip(pending, subjects)}
    db.session.commit()
    with _commits_without_expiry():
        newly = _render_and_issue(job_id, facts, people, parts, edition_name, renderer, progress,
                                  issued, total)
    _mail_leftovers(edition_id, parts.verify_url)
    return newly


@contextmanager
def _commits_without_expiry():
    """The loop below commits once per certificate and works with plain values and UPDATE
    statements only; a commit that expired every object the session holds (the run's pending
    certificates among them) would make each commit cost more as the run grows."""
    session = db.session()
    previous, session.expire_on_commit = session.expire_on_commit, False
    try:
        yield
    finally:
        session.expire_on_commit = previous
        session.expire_all()


def _render_and_issue(job_id: int, facts: dict, people: dict, parts: documents.EditionParts,
                      edition_name: str, renderer: "_Renderer", progress: Progress | None,
                      issued: int, total: int) -> int:
    """Per rendered certificate: store the PDF, mark it issued (with the heartbeat and the mails
    sent meanwhile), commit, hand it to the mailer."""
    work = ((certificate_id, documents.certificate_context(f, parts))
            for certificate_id, f in facts.items())
    newly = 0
    with _Mailer(current_app._get_current_object(), edition_name, parts.verify_url) as mailer:
        for rendered in renderer.results(work, len(facts)):
            stored = storage.store(rendered.pdf)
            fresh = services.mark_issued(rendered.certificate_id, stored.sha256)
            issued += fresh
            newly += fresh
            services.mark_emailed(mailer.sent())
            _beat(job_id, issued, total)
            db.session.commit()
            if fresh and people[rendered.certificate_id]:
                mailer.send(rendered.certificate_id, facts[rendered.certificate_id], rendered.pdf,
                            people[rendered.certificate_id])
            if progress:
                progress(issued, total)
    services.mark_emailed(mailer.sent())
    db.session.commit()
    return newly


class _Mailer:
    """Sends the certificates' mails from a thread of this process, so writing them overlaps the
    next certificates' rendering and commits; `sent` hands back the ids mailed so far, which the
    run records in its next commit. Leaving waits for the last mail and re-raises a failure."""

    def __init__(self, app: Flask, edition_name: str, verify_url: str):
        self.app, self.edition_name, self.verify_url = app, edition_name, verify_url
        self.queue: queue.Queue = queue.Queue()
        self.lock = threading.Lock()
        self.done: list[int] = []
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._work, name="certificate-mail", daemon=True)

    def __enter__(self) -> "_Mailer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.queue.put(None)
        self.thread.join()
        if self.error is not None and exc[0] is None:
            raise self.error

    def send(self, certificate_id: int, facts, pdf: bytes, people) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put((certificate_id, facts, pdf, people))

    def sent(self) -> list[int]:
        with self.lock:
            done, self.done = self.done, []
        return done

    def _work(self) -> None:
        with self.app.app_context():
            while (item := self.queue.get()) is not None:
                if self.error is not None:
                    continue
                certificate_id, facts, pdf, people = item
                try:
                    services.send_certificate(facts, pdf, people, self.edition_name,
                                              self.verify_url, certificate_id)
                    db.session.commit()  # this thread's session: the mail records
                except Exception as error:  # handed to the run, which fails with it
                    self.error = error
                    continue
                with self.lock:
                    self.done.append(certificate_id)


def _age(job: CertificateJob | None) -> int:
    if job is None or job.heartbeat_at is None:
        return 0
    return int((utcnow() - job.heartbeat_at).total_seconds())


class _Renderer:
    """Renders work items in this process, or in `processes` fresh processes ("spawn": nothing
    inherited from a server with threads). The pool starts on entering, with a warm-up task per
    process, so its start overlaps the planning; a few items per process are in flight,
    and the job's heartbeat goes on while the parent waits."""

    def __init__(self, processes: int, job_id: int):
        self.processes = processes
        self.job_id = job_id
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "_Renderer":
        if self.processes > 1:
            self.pool = ProcessPoolExecutor(max_workers=self.processes,
                                            mp_context=multiprocessing.get_context("spawn"))
            for _ in range(self.processes):
                self.pool.submit(warm_up)
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def results(self, work, count: int):
        if self.pool is None or count < IN_PROCESS_BELOW:
            for item in work:
                yield render_for_pool(item)
            return
        queue = iter(work)
        in_flight = set()
        for item in queue:
            in_flight.add(self.pool.submit(render_for_pool, item))
            if len(in_flight) >= self.processes * IN_FLIGHT_PER_PROCESS:
                break
        while in_flight:
            done, in_flight = wait(in_flight, timeout=HEARTBEAT_EVERY, return_when=FIRST_COMPLETED)
            if not done:
                db.session.execute(update(CertificateJob).where(CertificateJob.id == self.job_id)
                                   .values(heartbeat_at=utcnow()))
                db.session.commit()
                continue
            for future in done:
                next_item = next(queue, None)
                if next_item is not None:
                    in_flight.add(self.pool.submit(render_for_pool, next_item))
                yield future.result()


def _mail_leftovers(edition_id: int, verify_url: str) -> None:
    """Issued but not mailed: a run that died between the two."""
    for certificate in db.session.scalars(select(Certificate).where(
            Certificate.edition_id == edition_id,
            Certificate.status == CertificateStatus.ISSUED.value,
            Certificate.emailed_at.is_(None))).all():
        services.deliver(certificate, verify_url=verify_url)


# -- the embedded background runner -------------------------------------------------------------

def launch(app: Flask, job_id: int, actor_id: int | None, ip: str | None,
           base_url: str | None) -> threading.Thread:
    """Run the job in a daemon thread of this process, with its own app context."""
    def target() -> None:
        with app.app_context():
            token = set_actor_context(actor_id, ip)
            try:
                run_job(job_id, base_url=base_url)
            except JobBusy as busy:
                log.info("certificate job %s not started: %s", job_id, busy)
            except Exception:
                log.exception("certificate job %s failed", job_id)
            finally:
                reset_actor_context(token)
                db.session.remove()

    thread = threading.Thread(target=target, name=f"certificates-job-{job_id}", daemon=True)
    thread.start()
    return thread
