"""Bulk generation: issues and mails everything once, parallel, and survives a killed worker."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import storage
from app.certificates import jobs, services
from app.certificates.models import Certificate, CertificateJob
from app.db_types import utcnow
from app.extensions import db
from app.nominations.models import Nomination
from tests.certificates.conftest import certificates_of

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def many_finalists(world):
    """24 more finalists (institutions), so a run takes a few seconds."""
    for number in range(24):
        db.session.add(Nomination(category=world.esp, submitter_id=world.carla.id,
                                  status="finalist", nominee_type="institution",
                                  nominee_name=f"Institución Educativa Nº {number + 1} «Señor de Luren»",
                                  reference=f"SCA-2026-ESP-{number + 100:04d}", title="Escuela segura"))
    db.session.commit()
    return world


def _generate(edition, processes=1, progress=None) -> CertificateJob:
    job = jobs.request_generation(edition)
    return jobs.run_job(job.id, processes=processes, progress=progress)


def _assert_complete_without_duplicates(edition, expected: int) -> None:
    certificates = certificates_of(edition)
    assert len(certificates) == expected
    assert {c.status for c in certificates} == {"issued"}
    assert len({c.code for c in certificates}) == len({c.short_code for c in certificates}) == expected
    keys = Counter(services.key_of(c) for c in certificates)
    assert max(keys.values()) == 1
    for certificate in certificates:
        assert storage.read(certificate.pdf_sha256)[:5] == b"%PDF-"


def test_a_run_issues_every_due_certificate(world):
    job = _generate(world.edition)
    assert (job.status, job.done, job.total) == ("done", 6, 6)
    _assert_complete_without_duplicates(world.edition, 6)


def test_each_recipient_gets_their_certificate_by_mail_with_the_pdf(world, outbox):
    _generate(world.edition)
    mails = {m["To"]: m for m in outbox()}
    assert set(mails) == {"ana@example.org", "bob@example.org", "carla@example.org",
                          "julio@example.org"}
    english = mails["bob@example.org"]
    assert english["Subject"] == "Your certificate: IV Premios Safe City 2026"
    attachment = next(english.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    mention = next(c for c in certificates_of(world.edition) if c.kind == "mention")
    assert attachment.get_filename() == f"{mention.short_code}-municipality-of-miraflores.pdf"
    assert attachment.get_content().startswith(b"%PDF-")
    assert f"http://awards.test/verify/{mention.code}" in english.get_body(("plain",)).get_content()


def test_mailing_is_recorded_and_a_certificate_nobody_can_receive_stays_unmailed(world):
    _generate(world.edition)
    certificates = certificates_of(world.edition)
    ranking = next(c for c in certificates if c.award_id == world.awards[3].id)
    assert ranking.emailed_at is None
    assert all(c.emailed_at for c in certificates if c is not ranking)


def test_progress_is_reported_up_to_the_total(world):
    seen = []
    _generate(world.edition, progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 6) and seen[-1] == (6, 6)
    assert [done for done, _total in seen] == sorted(done for done, _total in seen)


def test_a_second_run_issues_nothing_new(world, outbox):
    _generate(world.edition)
    before = [(c.id, c.code, c.pdf_sha256) for c in certificates_of(world.edition)]
    mails = len(outbox())
    job = _generate(world.edition)
    assert job.status == "done"
    assert [(c.id, c.code, c.pdf_sha256) for c in certificates_of(world.edition)] == before
    assert len(outbox()) == mails


def test_rendering_in_two_processes_gives_the_same_result(world):
    job = _generate(world.edition, processes=2)
    assert job.status == "done"
    _assert_complete_without_duplicates(world.edition, 6)


def test_a_live_run_is_not_taken_over(world, english):
    job = jobs.request_generation(world.edition)
    assert jobs.claim(job.id)
    with pytest.raises(jobs.JobBusy, match="being generated already"):
        jobs.run_job(job.id)
    assert jobs.request_generation(world.edition).id == job.id


def test_a_run_without_heartbeat_is_taken_over(world):
    job = jobs.request_generation(world.edition)
    assert jobs.claim(job.id)
    db.session.get(CertificateJob, job.id).heartbeat_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    assert jobs.run_job(job.id).status == "done"


def test_generation_is_refused_before_the_edition_closes(world, english):
    world.edition.status = "deliberation"
    db.session.commit()
    with pytest.raises(services.CertificateError, match="once the edition is closed"):
        jobs.request_generation(world.edition)


def _count(edition, status: str) -> int:
    value = db.session.scalar(select(func.count()).select_from(Certificate).where(
        Certificate.edition_id == edition.id, Certificate.status == status))
    db.session.commit()  # end the read, so SQLite's lock does not hold the worker up
    return value


def test_a_killed_run_resumes_without_duplicates_or_gaps(app, many_finalists, tmp_path):
    edition = many_finalists.edition
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "STORAGE_DIR": app.config["STORAGE_DIR"], "MAIL_OUTBOX_DIR": app.config["MAIL_OUTBOX_DIR"],
           "PUBLIC_BASE_URL": "http://awards.test"}
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "certificates", "generate",
         "--edition", "2026", "--processes", "2"],
        cwd=PROJECT_ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "worker.log").open("wb"))
    deadline = time.monotonic() + 120
    while _count(edition, "issued") < 4:
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()
        assert time.monotonic() < deadline, "the worker issued nothing in two minutes"
        time.sleep(0.02)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    issued, pending = _count(edition, "issued"), _count(edition, "pending")
    assert issued >= 4 and pending > 0 and issued + pending == 30
    job = db.session.scalar(select(CertificateJob))
    assert job.status == "running"

    job.heartbeat_at = utcnow() - timedelta(minutes=5)  # its worker is gone: no more heartbeats
    db.session.commit()
    resumed = jobs.run_job(jobs.request_generation(edition).id, processes=2)
    assert resumed.id == job.id and (resumed.status, resumed.done, resumed.total) == ("done", 30, 30)
    _assert_complete_without_duplicates(edition, 30)
    assert all(c.emailed_at for c in certificates_of(edition) if c.award_id != many_finalists.awards[3].id)
