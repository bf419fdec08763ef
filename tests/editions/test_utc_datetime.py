"""The UTCDateTime column type: aware datetimes in, aware UTC datetimes out, naive ones refused."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.exc import StatementError

from app.db_types import UTCDateTime
from app.editions.models import Edition
from app.extensions import db


def test_an_aware_datetime_round_trips_as_the_same_instant_in_utc(make_edition):
    edition = make_edition(with_dates=False)
    lima = datetime(2026, 9, 1, 9, 0, tzinfo=ZoneInfo("America/Lima"))
    edition.ceremony_at = lima
    db.session.commit()
    db.session.expire_all()

    stored = db.session.get(Edition, edition.id).ceremony_at

    assert stored == lima
    assert stored.utcoffset() == timedelta(0)
    assert stored == datetime(2026, 9, 1, 14, 0, tzinfo=timezone.utc)


def test_a_naive_datetime_is_refused(make_edition):
    edition = make_edition(with_dates=False)
    edition.ceremony_at = datetime(2026, 9, 1, 9, 0)
    with pytest.raises(StatementError) as refusal:
        db.session.commit()
    db.session.rollback()
    assert isinstance(refusal.value.orig, ValueError)


def test_the_type_binds_utc_without_zone_and_reads_back_aware(app):
    column_type = UTCDateTime()
    dialect = db.engine.dialect
    bound = column_type.process_bind_param(
        datetime(2026, 1, 1, 7, 0, tzinfo=ZoneInfo("America/Lima")), dialect)
    assert bound == datetime(2026, 1, 1, 12, 0)
    assert column_type.process_result_value(bound, dialect) == datetime(2026, 1, 1, 12, 0,
                                                                        tzinfo=timezone.utc)
    assert column_type.process_bind_param(None, dialect) is None
    assert column_type.process_result_value(None, dialect) is None
    with pytest.raises(ValueError):
        column_type.process_bind_param(datetime(2026, 1, 1), dialect)
