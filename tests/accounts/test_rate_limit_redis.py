"""With REDIS_URL the login limit is kept in Redis, shared by every worker."""
from __future__ import annotations

import uuid

import pytest
import redis

from app import create_app
from app.extensions import db

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_app(app):
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError as error:
        pytest.fail(f"Redis is not reachable on 127.0.0.1:6379: {error}")
    limited = create_app({**{k: app.config[k] for k in (
        "TESTING", "SQLALCHEMY_DATABASE_URI", "WTF_CSRF_ENABLED", "MAIL_OUTBOX_DIR")},
        "RATELIMIT_STORAGE_URI": REDIS_URL, "LOGIN_RATE_LIMIT": "3 per minute",
        "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield limited
    with limited.app_context():
        db.engine.dispose()


def test_login_limit_is_counted_in_redis(redis_app):
    client = redis_app.test_client()
    codes = [client.post("/login", data={"email": "x@example.org", "password": "wrong"}).status_code
             for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    store = redis.Redis.from_url(REDIS_URL)
    keys = store.keys(f"*{redis_app.config['RATELIMIT_KEY_PREFIX']}*")
    assert keys
    store.delete(*keys)
