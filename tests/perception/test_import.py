"""Importing survey files into the database: all or nothing, one active import per quarter."""
from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.municipalities.services import seed_districts
from app.perception import services
from app.perception.models import PerceptionFigure, PerceptionImport
from app.perception.periods import parse_period

DATA = Path(__file__).resolve().parents[2] / "app" / "data"
MICRODATA = DATA / "perception_microdata_synthetic_2026T3.csv"
QUARTERLY = DATA / "perception_quarterly_synthetic.csv"
SOURCE = services.Source(name="Muestra sintética", synthetic=True)


@pytest.fixture
def districts(app):
    seed_districts()


def _import(path: Path, period: str, **kwargs) -> PerceptionImport:
    with path.open("rb") as stream:
        return services.import_file(stream, path.name, period, SOURCE, **kwargs)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_microdata_import_stores_each_districts_weighted_figures(districts):
    survey_import = _import(MICRODATA, "2026T3")
    assert survey_import.period == "2026-T3" and survey_import.shape == "microdata"
    total_w = yes_w = Decimal(0)
    respondents = 0
    with MICRODATA.open(encoding="latin-1", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            if (row["CCDD"], row["CCPP"], row["CCDI"]) == ("15", "01", "22"):
                weight = Decimal(row["FACTOR"].replace(",", "."))
                respondents += 1
                total_w += weight
                yes_w += weight if row["P611"] == "1" else 0
    figure = next(f for f in survey_import.figures if f.municipality.official_code == "150122")
    assert figure.respondents == respondents
    assert figure.pct == pytest.approx(float(yes_w / total_w * 100), rel=1e-9)


def test_a_quarter_with_data_needs_replace_and_keeps_the_earlier_import(districts):
    first = _import(QUARTERLY, "2026-T3")
    with pytest.raises(services.ImportRefused):
        _import(MICRODATA, "2026-T3")
    second = _import(MICRODATA, "2026-T3", replace=True)
    db.session.refresh(first)
    assert (first.active, second.active) == (False, True) and first.replaced_at is not None
    assert _count(PerceptionImport) == 2


def test_a_file_with_bad_rows_is_refused_whole_with_row_numbers(districts):
    text = "ubigeo,respondents,pct\n150122,400,45.5\n999999,400,50\n150131,0,47\n150101,300,140\n"
    with pytest.raises(services.ImportRefused) as error:
        services.import_file(io.BytesIO(text.encode()), "malo.csv", "2026-T3", SOURCE)
    rows = sorted(p.row for p in error.value.problems)
    assert rows == [3, 4, 5]
    assert _count(PerceptionImport) == 0 and _count(PerceptionFigure) == 0


def test_the_file_checksum_and_source_are_recorded(districts):
    import hashlib
    survey_import = _import(QUARTERLY, "2026-T2")
    assert survey_import.file_sha256 == hashlib.sha256(QUARTERLY.read_bytes()).hexdigest()
    assert survey_import.synthetic and survey_import.source_name == "Muestra sintética"


def test_a_window_pools_quarters_weighted_by_effective_n(districts):
    _import(QUARTERLY, "2026-T2")
    _import(QUARTERLY, "2026-T3")
    figures = {}
    with QUARTERLY.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["ubigeo"] == "150122" and row["period"] in ("2026-T2", "2026-T3"):
                figures[row["period"]] = (float(row["effective_n"]), float(row["pct_insecure"]))
    expected = sum(n * p for n, p in figures.values()) / sum(n for n, _ in figures.values())
    rows = services.ranking([parse_period("2026-T2"), parse_period("2026-T3")])
    miraflores = next(r for r in rows if r.code == "150122")
    assert miraflores.pct == pytest.approx(expected, rel=1e-9)
    assert miraflores.effective_n == pytest.approx(sum(n for n, _ in figures.values()))


def test_the_cli_imports_and_prints_the_ranking_as_json(app, districts):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["perception", "import", str(MICRODATA), "--period", "2026-T3",
                                 "--synthetic"])
    assert result.exit_code == 0, result.output
    shown = runner.invoke(args=["ranking", "show", "--period", "2026-T3", "--json"])
    rows = json.loads(shown.output)
    assert len(rows) == 30
    assert set(rows[0]) == {"code", "name", "respondents", "effective_n", "pct", "ci_low", "ci_high",
                            "rank", "rank_best", "rank_worst", "status"}
    assert rows[0]["rank"] == 1 and rows[0]["status"] == "ranked"


def test_the_cli_refuses_a_bad_file_with_row_numbers_and_a_non_zero_exit(app, districts, tmp_path):
    bad = tmp_path / "malo.csv"
    bad.write_text("ubigeo,respondents,pct\n150122,400,abc\n")
    result = app.test_cli_runner().invoke(args=["perception", "import", str(bad), "--period", "2026-T3"])
    assert result.exit_code != 0
    assert "row 2" in result.output


def test_the_cli_refuses_an_unreadable_period(app, districts):
    result = app.test_cli_runner().invoke(args=["ranking", "show", "--period", "2026-T9"])
    assert result.exit_code != 0
