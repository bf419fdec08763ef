"""`flask certificates generate` and `flask certificates export`."""
from __future__ import annotations

from app import storage
from app.extensions import db
from tests.certificates.conftest import certificates_of


def test_generate_issues_every_certificate_with_a_progress_bar(app, world):
    result = app.test_cli_runner().invoke(args=["certificates", "generate", "--edition", "2026",
                                                "--processes", "1"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Certificates")  # the progress bar (its label, off a terminal)
    assert "6 of 6 certificate(s) of IV Premios Safe City 2026 issued." in result.output
    assert {c.status for c in certificates_of(world.edition)} == {"issued"}


def test_generate_refuses_an_edition_that_is_not_closed(app, world):
    world.edition.status = "judging"
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["certificates", "generate", "--edition", "2026"])
    assert result.exit_code == 1
    assert "Certificates are issued once the edition is closed." in result.output


def test_export_writes_every_issued_pdf_named_by_code_and_recipient(app, world, tmp_path):
    runner = app.test_cli_runner()
    runner.invoke(args=["certificates", "generate", "--edition", "2026", "--processes", "1"])
    folder = tmp_path / "export"
    result = runner.invoke(args=["certificates", "export", "--edition", "2026", "--to", str(folder)])
    assert result.exit_code == 0, result.output
    assert f"Wrote 6 certificate(s) to {folder}." in result.output
    expected = {f"{c.short_code}-{slug}.pdf": c.pdf_sha256 for c, slug in zip(
        sorted(certificates_of(world.edition), key=lambda c: c.id),
        ["municipalidad-de-jesus-maria", "municipality-of-miraflores", "maria-jose-avila-pena",
         "municipalidad-de-san-isidro", "municipalidad-de-surquillo", "julio-iniguez-nahui"])}
    assert {path.name for path in folder.iterdir()} == set(expected)
    for name, sha256 in expected.items():
        assert (folder / name).read_bytes() == storage.read(sha256)


def test_export_of_an_unknown_edition_says_so(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["certificates", "export", "--edition", "1999",
                                                "--to", str(tmp_path)])
    assert result.exit_code == 1 and "There is no edition 1999." in result.output
