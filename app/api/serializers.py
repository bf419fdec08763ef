"""The API's JSON shapes: plain functions from our objects to dicts, each field one the public
pages already show. app/api/openapi.py describes exactly these shapes."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import url_for

from app.api.queries import CertificateCheck
from app.awards.models import Award
from app.certificates.models import CertificateStatus
from app.editions.models import Category, Edition, NomineeType
from app.municipalities.models import Municipality
from app.perception.models import PerceptionImport
from app.perception.periods import Period, parse_period
from app.perception.statistics import RankedRow
from app.publication.permissions import results_are_public
from app.publication.services import CategoryResults


def _time(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _url(endpoint: str, **values) -> str:
    return url_for(endpoint, _external=True, **values)


def _text(value: str | None) -> str | None:
    return value or None


def edition(item: Edition) -> dict:
    published = results_are_public(item)
    return {
        "year": item.year,
        "name": item.name,
        "status": item.status,
        "timezone": item.timezone,
        "nominations_open_at": _time(item.nominations_open_at),
        "nominations_close_at": _time(item.nominations_close_at),
        "judging_close_at": _time(item.judging_close_at),
        "ceremony_at": _time(item.ceremony_at),
        "ceremony_place": _text(item.ceremony_place),
        "results_published": published,
        "published_at": _time(item.published_at) if published else None,
        "links": {
            "self": _url("api.show_edition", year=item.year),
            "categories": _url("api.list_categories", year=item.year),
            "results": _url("api.show_results", year=item.year) if published else None,
            "page": _url("editions.public_edition", year=item.year),
        },
    }


def category(item: Category) -> dict:
    """A category as the call for nominations shows it; never its outcome (void, places)."""
    return {
        "code": item.code,
        "name_es": item.name_es,
        "name_en": _text(item.name_en),
        "description_es": _text(item.description_es),
        "description_en": _text(item.description_en),
        "kind": item.kind,
        "nominee_types": item.admitted_nominee_types,
        "places": {"gold": item.places_gold, "silver": item.places_silver,
                   "bronze": item.places_bronze, "mentions": item.mentions},
        "criteria": [{"name_es": c.name_es, "name_en": _text(c.name_en),
                      "guidance_es": _text(c.guidance_es), "guidance_en": _text(c.guidance_en),
                      "weight_percent": round(item.weight_percent(c), 2)}
                     for c in item.criteria] if item.is_jury else [],
    }


def _municipality(item: Municipality | None) -> dict | None:
    if item is None:
        return None
    return {"name": item.name, "code": item.official_code, "country": item.country,
            "mayor_name": _text(item.mayor_name)}


def place(award: Award) -> dict:
    """One confirmed place, named as the results page names it."""
    nomination = award.nomination
    municipality = nomination.municipality if nomination else award.municipality
    if nomination is not None and nomination.nominee_type != NomineeType.MUNICIPALITY.value:
        nominee = {"type": nomination.nominee_type, "name": nomination.nominee_name,
                   "role": _text(nomination.nominee_role), "municipality": None}
    else:
        nominee = {"type": NomineeType.MUNICIPALITY.value,
                   "name": municipality.name if municipality else "", "role": None,
                   "municipality": _municipality(municipality)}
    return {
        "place": award.place,
        "position": award.position,
        "shared": award.shared,
        "nominee": nominee,
        "nomination": ({"reference": nomination.reference, "title": nomination.title,
                        "summary": nomination.summary} if nomination is not None else None),
        "ranking": (None if nomination is not None else
                    {"pct": award.score, "ci_low": award.ci_low, "ci_high": award.ci_high,
                     "rank": award.rank}),
        "reason": _text(award.reason),
    }


def category_results(block: CategoryResults) -> dict:
    return {
        "code": block.category.code,
        "name_es": block.category.name_es,
        "name_en": _text(block.category.name_en),
        "kind": block.category.kind,
        "void": block.void,
        "void_reason": _text(block.category.void_reason) if block.void else None,
        "places": [] if block.void else [place(a) for a in block.places],
    }


def results(item: Edition, blocks: list[CategoryResults], method: dict) -> dict:
    return {
        "edition": {"year": item.year, "name": item.name},
        "published_at": _time(item.published_at),
        "categories": [category_results(b) for b in blocks],
        "seal": {
            "sha256": item.seal_sha256,
            "sealed_at": _time(item.sealed_at),
            "document_url": _url("results_public.seal_document", year=item.year),
            "score_matrix_url": _url("results_public.score_matrix_csv", year=item.year),
        },
        "method": method,
        "links": {"self": _url("api.show_results", year=item.year),
                  "edition": _url("api.show_edition", year=item.year),
                  "page": _url("results_public.results", year=item.year)},
    }


def source(item: PerceptionImport) -> dict:
    """A survey behind a ranking, as the ranking page credits it."""
    return {"period": item.period, "name": item.source_name,
            "organisation": _text(item.organisation), "note": _text(item.public_note),
            "synthetic": item.synthetic}


def _ranking_links(periods: list[Period]) -> dict:
    last = str(periods[-1])
    window = {"window": f"{periods[0]}:{last}"} if len(periods) > 1 else {}
    quarters = {"quarters": len(periods)} if len(periods) > 1 else {}
    return {"self": _url("api.show_ranking", period=last, **quarters),
            "page": _url("rankings.show_ranking", period=last, **window),
            "csv": _url("rankings.ranking_csv", period=last, **window)}


def ranking_period(item: PerceptionImport) -> dict:
    return {**source(item), "links": _ranking_links([parse_period(item.period)])}


def ranking(periods: list[Period], rows: list[RankedRow], sources: list[PerceptionImport]) -> dict:
    return {
        "period": str(periods[-1]),
        "periods": [str(p) for p in periods],
        "quarters": len(periods),
        "synthetic": any(s.synthetic for s in sources),
        "sources": [source(s) for s in sources],
        "rows": [row.as_dict() for row in rows],
        "links": _ranking_links(periods),
    }


def certificate(check: CertificateCheck) -> dict:
    """The public check of a certificate: valid or revoked, for whom, for what, which edition."""
    item, subject, edition_ = check.certificate, check.subject, check.edition
    valid = item.status == CertificateStatus.ISSUED.value
    return {
        "code": item.short_code,
        "valid": valid,
        "status": "valid" if valid else "revoked",
        "kind": item.kind,
        "recipient": item.recipient_name,
        "recipient_detail": _text(item.recipient_detail),
        "place": subject.place,
        "category": ({"code": subject.category.code, "name_es": subject.category.name_es,
                      "name_en": _text(subject.category.name_en)} if subject.category else None),
        "edition": {"year": edition_.year, "name": edition_.name,
                    "seal_sha256": edition_.seal_sha256},
        "issued_at": _time(item.issued_at),
        "revoked_at": _time(item.revoked_at),
        "revoke_reason": _text(item.revoke_reason),
        "replaced_by": check.replacement.short_code if check.replacement else None,
        "pdf_sha256": item.pdf_sha256,
        "check_url": _url("certificates.verify_code", code=item.code),
    }
