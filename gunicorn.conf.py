"""gunicorn settings for production: `gunicorn "app:create_app()"` from the project folder reads
this file by itself. Every setting can be changed from the environment (see README).

- workers: WEB_CONCURRENCY, else 2 × cores + 1, at most 8 (sync workers; PostgreSQL's
  connections and the memory of a worker that renders PDFs are the limits).
- bind: HOST (default 127.0.0.1: the TLS proxy in front is on the same machine; 0.0.0.0 in a
  container) and PORT (default 8000).
- preload_app stays off. The app opens nothing before a request, so preloading would save little
  memory, and it would make `kill -HUP` (graceful reload) keep the old code. Bulk certificate
  runs start their rendering processes with "spawn" from a worker's thread, so they inherit
  nothing from the master either way.
- No max_requests: recycling a worker would kill a certificate run in its background thread
  (it would resume from its stale heartbeat, but only when someone starts it again).
- The scheme of a request (HTTPS or not) is decided by the app only (TRUST_PROXY, see
  app/ops/security.py), so gunicorn's own trust of X-Forwarded-Proto is turned off.
"""
import multiprocessing
import os

MAX_WORKERS = 8


def _workers() -> int:
    configured = os.environ.get("WEB_CONCURRENCY", "").strip()
    if configured:
        return max(1, int(configured))
    return min(2 * multiprocessing.cpu_count() + 1, MAX_WORKERS)


wsgi_app = "app:create_app()"
bind = [f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"]
workers = _workers()
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # a receipt PDF takes ~1 s; margin for load
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5  # behind a proxy that reuses its connections
preload_app = False
pidfile = os.environ.get("GUNICORN_PIDFILE", "instance/gunicorn.pid")  # for kill -HUP / -TERM
os.makedirs(os.path.dirname(os.path.abspath(pidfile)), exist_ok=True)
secure_scheme_headers = {}

# The app logs one line per request itself (app/ops/logging.py, JSON with LOG_FORMAT=json); set
# GUNICORN_ACCESS_LOG=- for gunicorn's access log as well, which carries the same request id.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = ('%(h)s %({x-request-id}o)s "%(r)s" %(s)s %(B)s %(M)sms '
                     '"%(f)s" "%(a)s"')
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

if os.environ.get("LOG_FORMAT", "").strip().lower() == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "app.ops.logging.JsonFormatter"}},
        "handlers": {"json": {"class": "logging.StreamHandler", "formatter": "json",
                              "stream": "ext://sys.stderr"}},
        "root": {"level": "INFO", "handlers": []},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["json"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["json"] if accesslog else [],
                                "propagate": False},
        },
    }
