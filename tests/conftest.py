"""Fixtures: one schema per test session on SQLite or PostgreSQL, emptied after every test."""
from __future__ import annotations

import contextvars
import csv
import io
import os
import shutil
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, func, select, text

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")

from app import create_app  # noqa: E402
from app.accounts.models import User  # noqa: E402
from app.editions.models import Category, Edition, RubricCriterion  # noqa: E402
from app.extensions import db, limiter  # noqa: E402
from app.municipalities.models import Municipality  # noqa: E402
from app.accounts.services import hash_password  # noqa: E402

PASSWORD = "correct horse battery staple"
CHEAP_SCRYPT = "scrypt:1024:8:1"
_PASSWORD_HASH: str | None = None


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch):
    """scrypt at full cost takes ~0.1 s per hash or check and would dominate these tests.

    Hashes made here stay scrypt, with a lower work factor; check_password_hash reads the factor
    from the hash itself. `tests/accounts/test_services.py` shows that the application hashes at full cost.
    """
    from app.accounts import services
    real = services.generate_password_hash

    def cheap(password: str, method: str = "scrypt", salt_length: int = 16) -> str:
        return real(password, method=CHEAP_SCRYPT if method == "scrypt" else method,
                    salt_length=salt_length)

    monkeypatch.setattr(services, "generate_password_hash", cheap)
    monkeypatch.setattr(services, "_DUMMY_HASH", cheap("timing-equaliser"))
    monkeypatch.setattr(sys.modules[__name__], "_PASSWORD_HASH", cheap(PASSWORD))


# Durability is not under test: a commit that waits for the disk costs ~20 ms here, and the
# suite commits tens of thousands of times. SQLite lives in memory-backed /dev/shm when there is
# one; PostgreSQL sessions skip waiting for the WAL flush (a crash could lose the last commits of
# the test database, nothing else).
FAST_SQLITE_DIR = Path("/dev/shm")
NO_WAL_WAIT = "options=-c%20synchronous_commit%3Doff"


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL", "")
    if url:
        worker = os.environ.get("PYTEST_XDIST_WORKER")
        url = _worker_database(url, worker) if worker else url
        return url + ("&" if "?" in url else "?") + NO_WAL_WAIT
    return f"sqlite:///{_sqlite_dir(tmp_path_factory) / 'test.db'}"


def _sqlite_dir(tmp_path_factory) -> Path:
    if FAST_SQLITE_DIR.is_dir() and os.access(FAST_SQLITE_DIR, os.W_OK):
        return Path(tempfile.mkdtemp(prefix="awards-test-", dir=FAST_SQLITE_DIR))
    return tmp_path_factory.getbasetemp()


def _worker_database(url: str, worker: str) -> str:
    """Each xdist worker gets its own PostgreSQL database next to the configured one."""
    base, _, name = url.rpartition("/")
    worker_name = f"{name}_{worker}"
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                              {"n": worker_name}).scalar()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{worker_name}"'))
    engine.dispose()
    return f"{base}/{worker_name}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = _database_url(tmp_path_factory)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()
        db.engine.dispose()
    yield url
    if url.startswith(f"sqlite:///{FAST_SQLITE_DIR}/"):
        shutil.rmtree(Path(url.removeprefix("sqlite:///")).parent, ignore_errors=True)


class IsolatedClient(FlaskClient):
    """Runs each request in a fresh context, as a server would, though the test holds an app context.

    Otherwise Flask reuses the test's app context, so `g` (the signed-in user, the locale) would
    leak from one request to the next. Afterwards the test's session forgets what it loaded,
    so it reads what the request wrote.
    """

    def open(self, *args, **kwargs):
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():  # not inside the fresh context of a followed redirect
            db.session.expire_all()
        return response


def make_test_app(database_url: str):
    """The application as every test sees it, on `database_url`."""
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "MAIL_SERVER": "",
        "SERVER_NAME_FOR_MAIL": "http://awards.test",
        "RECEIPTS_IN_BACKGROUND": False,
    })
    app.test_client_class = IsolatedClient
    return app


@pytest.fixture(scope="session")
def _shared_app(database_url):
    """One application for the whole run: building one compiles every URL rule, which costs more
    than most tests. Each test gets the configuration it started with back (see `app`)."""
    app = make_test_app(database_url)
    yield app, dict(app.config), app.instance_path, dict(vars(limiter))
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app(_shared_app, tmp_path):
    """The shared application with its starting configuration, fresh folders for mail and files,
    empty rate limits; the tables are emptied afterwards. The rate limiter is one object for
    every app, so a test that built its own app (e.g. on Redis) has retargeted it: put it back."""
    app, config, instance_path, limiter_state = _shared_app
    app.config.clear()
    app.config.update(config, MAIL_OUTBOX_DIR=str(tmp_path / "outbox"),
                      STORAGE_DIR=str(tmp_path / "storage"))
    app.instance_path = instance_path
    vars(limiter).update(limiter_state)
    limiter.reset()
    with app.app_context():
        yield app
        db.session.remove()
        _empty_tables()


def _empty_tables() -> None:
    """DELETE in reverse dependency order: on these small tables far faster than TRUNCATE."""
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture(scope="module")
def loaded_demo(_shared_app, tmp_path_factory):
    """`flask demo load` run once for a module of tests that only read what it made (loading
    takes seconds). Such tests use this instead of `app`, whose teardown empties the tables.
    Yields the app and the command's output."""
    app, config, instance_path, _limiter_state = _shared_app
    folder = tmp_path_factory.mktemp("demo")
    app.config.clear()
    app.config.update(config, MAIL_OUTBOX_DIR=str(folder / "outbox"),
                      STORAGE_DIR=str(folder / "storage"))
    app.instance_path = str(folder)
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["demo", "load"])
        assert result.exit_code == 0, result.output
        yield app, result.output
        db.session.remove()
        _empty_tables()
    app.instance_path = instance_path


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def outbox(app):
    """The .eml files written by the mail module, as parsed messages."""
    import email
    from pathlib import Path

    def read():
        folder = Path(app.config["MAIL_OUTBOX_DIR"])
        files = sorted(folder.glob("*.eml")) if folder.exists() else []
        return [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]
    return read


# -- factories -------------------------------------------------------------------------------

def _password_hash() -> str:
    global _PASSWORD_HASH
    if _PASSWORD_HASH is None:
        _PASSWORD_HASH = hash_password(PASSWORD)
    return _PASSWORD_HASH


@pytest.fixture
def make_user(app):
    counter = {"n": 0}

    def make(*roles: str, email: str | None = None, name: str | None = None, locale: str = "es",
             confirmed: bool = True, active: bool = True) -> User:
        counter["n"] += 1
        user = User(email=email or f"user{counter['n']}@example.org",
                    name=name or f"Usuario {counter['n']}", password_hash=_password_hash(),
                    locale=locale, active=active,
                    email_confirmed_at=datetime.now(timezone.utc) if confirmed else None)
        for role in roles:
            user.add_role(role)
        db.session.add(user)
        db.session.commit()
        return user
    return make


@pytest.fixture
def organiser(make_user):
    return make_user("organiser", email="organiser@example.org", name="Olga Organizadora")


@pytest.fixture
def juror(make_user):
    return make_user("juror", email="juror@example.org", name="Julio Jurado")


@pytest.fixture
def nominator(make_user):
    return make_user("nominator", email="nominator@example.org", name="Nora Nominadora")


@pytest.fixture
def login(client):
    def do(user: User, password: str = PASSWORD):
        response = client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response
    return do


@pytest.fixture
def sign_in(client):
    """Start a session by writing it directly: the login form, with its deliberately slow
    password hash, is tested in tests/accounts. Returns the client."""
    def do(user: User):
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return client
    return do


@pytest.fixture
def as_organiser(organiser, sign_in):
    """A test client signed in as the organiser."""
    return sign_in(organiser)


@pytest.fixture
def audit_events(app):
    """The audit events written so far, optionally only those of one action."""
    from app.audit.models import AuditEvent

    def read(action: str | None = None) -> list[AuditEvent]:
        statement = select(AuditEvent).order_by(AuditEvent.id)
        if action is not None:
            statement = statement.where(AuditEvent.action == action)
        return list(db.session.scalars(statement))
    return read


@pytest.fixture
def make_edition(app):
    def make(year: int = 2026, status: str = "draft", timezone_name: str = "America/Lima",
             with_dates: bool = True) -> Edition:
        now = datetime.now(timezone.utc)
        edition = Edition(year=year, name=f"Premios Safe City {year}", timezone=timezone_name,
                          status=status)
        if with_dates:
            edition.nominations_open_at = now - timedelta(days=10)
            edition.nominations_close_at = now + timedelta(days=20)
            edition.judging_close_at = now + timedelta(days=60)
        db.session.add(edition)
        db.session.commit()
        return edition
    return make


@pytest.fixture
def make_category(app):
    def make(edition: Edition, code: str = "INN", kind: str = "jury", criteria: int = 2,
             **values) -> Category:
        category = Category(edition=edition, code=code, name_es=f"Categoría {code}",
                            name_en=f"Category {code}", kind=kind, position=len(edition.categories) + 1,
                            **values)
        for i in range(criteria):
            category.criteria.append(RubricCriterion(
                name_es=f"Criterio {i + 1}", name_en=f"Criterion {i + 1}", weight=Decimal(10 * (i + 1)),
                position=i + 1, is_tie_breaker=(i == 0)))
        db.session.add(category)
        db.session.commit()
        return category
    return make


@pytest.fixture
def make_municipality(app):
    def make(name: str = "Miraflores", code: str | None = "150122", country: str = "PE") -> Municipality:
        municipality = Municipality(name=name, country=country, official_code=code)
        db.session.add(municipality)
        db.session.commit()
        return municipality
    return make


def pytest_sessionstart(session):
    """Under CI an unreachable PostgreSQL is a failure, never a silent SQLite-only run."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if url:
        engine = create_engine(url)
        try:
            with engine.connect():
                pass
        except Exception as error:
            raise pytest.UsageError(f"TEST_DATABASE_URL is set but PostgreSQL is unreachable: {error}")
        finally:
            engine.dispose()


def committed_count(model) -> int:
    """Rows another connection sees: what a refused import must not have written."""
    with db.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(model))


def csv_bytes(header, rows) -> bytes:
    """A UTF-8 CSV file of the header and rows, quoted as a spreadsheet would."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.fixture
def count_queries(app):
    """Counts the SQL statements a request runs, to guard list pages against N+1 queries."""
    from sqlalchemy import event

    def run(client, url: str) -> int:
        statements = []

        def listener(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            response = client.get(url)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        assert response.status_code == 200, url
        return len(statements)
    return run
