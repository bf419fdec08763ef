"""Plumbing shared by the scripts that drive the application under gunicorn on PostgreSQL
(`bench-judging-submit`, `load-test`): the database URL, gunicorn started and stopped by the PID
in its --pid file, a minimal HTTP/1.1 client for many concurrent simulated users, timed samples,
percentiles, and the machine-readable summary line every benchmark can print.

Traffic only goes to 127.0.0.1, to servers started here; every loop is bounded in time.
"""
from __future__ import annotations

import asyncio
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REQUEST_TIMEOUT = 60.0
START_TIMEOUT = 90.0
JSON_PREFIX = "BENCH-JSON "
CSRF_INPUT = re.compile(rb'name="csrf_token"[^>]*value="([^"]+)"'
                        rb'|value="([^"]+)"[^>]*name="csrf_token"')


# -- database -----------------------------------------------------------------------------------

def postgresql_url(default_database: str) -> str | None:
    """BENCH_DATABASE_URL (default: the local server's `default_database`) as SQLAlchemy wants
    it, or None when it is not PostgreSQL."""
    url = os.environ.get("BENCH_DATABASE_URL",
                         f"postgresql+psycopg://postgres@127.0.0.1:5432/{default_database}")
    for prefix in ("postgres://", "postgresql://"):  # as app/config.py reads DATABASE_URL
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix):]
    if not url.startswith("postgresql"):
        return None
    _create_database_if_missing(url)
    return url


def _create_database_if_missing(database_url: str) -> None:
    """A fresh machine has only the server's own databases: make the benchmark's one."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    with psycopg.connect(host=url.host, port=url.port, user=url.username, password=url.password,
                         dbname="postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                    (url.database,)).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{url.database}"')


def server_env(database_url: str, workdir: Path, **extra: str) -> dict:
    """The environment of an application server: its database, a fresh secret, files in
    `workdir`, and no login rate limit (every simulated user logs in from 127.0.0.1)."""
    env = dict(os.environ)
    env.update({"DATABASE_URL": database_url, "SECRET_KEY": secrets.token_hex(32),
                "APP_ENV": "development", "LOGIN_RATE_LIMIT": "1000000 per minute",
                "STORAGE_DIR": str(workdir / "storage"),
                "MAIL_OUTBOX_DIR": str(workdir / "outbox"), **extra})
    return env


# -- gunicorn -----------------------------------------------------------------------------------

@dataclass
class Server:
    label: str
    port: int
    pidfile: Path
    log: Path
    access_log: Path  # one line per answered request: its time in the worker (µs) and path
    process: subprocess.Popen

    def master_pid(self) -> int:
        return int(self.pidfile.read_text().strip())

    def cpu_seconds(self) -> float:
        """User + system CPU of the master and its workers so far (from /proc)."""
        master = self.master_pid()
        pids = [master]
        children = Path(f"/proc/{master}/task/{master}/children")
        if children.exists():
            pids += [int(p) for p in children.read_text().split()]
        ticks = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                continue
            ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(label: str, target: str, env: dict, workdir: Path, workers: int,
                   extra: list[str] | None = None) -> Server:
    """gunicorn with `workers` sync workers on a free local port, its PID in a --pid file;
    returns once it answers."""
    port = free_port()
    pidfile, log = workdir / f"{label}.pid", workdir / f"{label}.log"
    access_log = workdir / f"{label}.access.log"
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers),
               "--bind", f"127.0.0.1:{port}", "--pid", str(pidfile), "--error-logfile", str(log),
               "--log-level", "warning", "--access-logfile", str(access_log),
               "--access-logformat", "%(D)s %(U)s", *(extra or []), target]
    with log.open("ab") as out:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=out)
    server = Server(label, port, pidfile, log, access_log, process)
    try:
        wait_until_answering(server)
    except RuntimeError:
        stop_gunicorn(server)
        raise
    return server


def wait_until_answering(server: Server) -> None:
    """Until the master has written its --pid file and a worker answers (also after a worker
    was replaced); RuntimeError, with the end of its log, when it exits or stays silent."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn ({server.label}) exited: see {server.log}\n"
                               f"{server.log.read_text()[-2000:]}")
        if server.pidfile.exists() and _answers(server.port):
            return
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn ({server.label}) did not answer within {START_TIMEOUT:.0f} s: "
                       f"see {server.log}\n{server.log.read_text()[-2000:]}")


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"GET /favicon.ico HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         b"Connection: close\r\n\r\n")
            return sock.recv(12).startswith(b"HTTP/1.")
    except OSError:
        return False


def stop_gunicorn(server: Server) -> None:
    """SIGTERM to the master named in the --pid file (graceful: workers finish their request),
    or to the process started here while it has not written that file yet."""
    if server.process.poll() is None:
        try:
            pid = server.master_pid()
        except (FileNotFoundError, ValueError):
            pid = server.process.pid
        os.kill(pid, signal.SIGTERM)
    try:
        server.process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


# -- HTTP clients -------------------------------------------------------------------------------

@dataclass
class Response:
    status: int
    headers: dict[str, str]
    cookies: dict[str, str]
    body: bytes


async def http(port: int, method: str, path: str, *, body: bytes = b"", content_type: str = "",
               headers: dict[str, str] | None = None, cookies: dict[str, str] | None = None
               ) -> Response:
    """One HTTP/1.1 request to 127.0.0.1 on a fresh connection (gunicorn's sync workers close
    it anyway)."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close",
             "Accept-Language: es", f"Content-Length: {len(body)}"]
    if content_type:
        lines.append(f"Content-Type: {content_type}")
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if cookies:
        lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        data = await reader.read()
    finally:
        writer.close()
    head, _sep, payload = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    parsed: dict[str, str] = {}
    new_cookies: dict[str, str] = {}
    for line in header_lines:
        name, _colon, value = line.partition(":")
        name, value = name.strip().lower(), value.strip()
        if name == "set-cookie":
            pair = value.split(";", 1)[0]
            cookie, _eq, cookie_value = pair.partition("=")
            new_cookies[cookie.strip()] = cookie_value.strip()
        else:
            parsed[name] = value
    return Response(int(status_line.split()[1]), parsed, new_cookies, payload)


def csrf_token_in(html: bytes) -> str:
    match = CSRF_INPUT.search(html)
    if match is None:
        raise RuntimeError("no csrf_token field in the page")
    return (match.group(1) or match.group(2)).decode()


# -- timing -------------------------------------------------------------------------------------

@dataclass
class Sample:
    kind: str
    finished: float
    seconds: float
    ok: bool


@dataclass
class Run:
    samples: list[Sample] = field(default_factory=list)
    ran_out: set[str] = field(default_factory=set)  # users who had nothing left to do
    problems: dict[str, int] = field(default_factory=dict)

    def note(self, problem: str) -> None:
        self.problems[problem] = self.problems.get(problem, 0) + 1


async def timed(run: Run, kind: str, request, check) -> Response | None:
    """Send, time and judge one request (`check` names what is wrong with the answer, or None);
    the answer, or None when it failed."""
    started = time.perf_counter()
    try:
        response = await asyncio.wait_for(request, REQUEST_TIMEOUT)
    except (OSError, asyncio.TimeoutError, ValueError, IndexError) as error:
        finished = time.perf_counter()
        run.samples.append(Sample(kind, finished, finished - started, False))
        run.note(f"{kind}: {type(error).__name__}")
        return None
    finished = time.perf_counter()
    problem = check(response)
    run.samples.append(Sample(kind, finished, finished - started, problem is None))
    if problem is not None:
        run.note(f"{kind}: {problem}")
        return None
    return response


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


# -- summaries ----------------------------------------------------------------------------------

def emit_json(summary: dict) -> None:
    """The last line of a benchmark's output with --json: `BENCH-JSON {…}` (read by
    scripts/bench)."""
    print(JSON_PREFIX + json.dumps(summary, ensure_ascii=False, allow_nan=False), flush=True)


def finite(value: float) -> float | None:
    """A figure for the summary (JSON has no NaN)."""
    return None if value != value else round(value, 3)


def load_note() -> str:
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
