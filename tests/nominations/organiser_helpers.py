"""Plain helpers for the organiser's page tests (their fixtures are in organiser_fixtures.py)."""
from __future__ import annotations

import re

LIST = "/organiser/nominations"
CONTENT = {
    "title": "Serenazgo conectado", "summary": "Cámaras y patrullaje coordinado.",
    "problem": "Robos en la vía pública.", "intervention": "Central única de monitoreo.",
    "results": [{"indicator": "Robos por 1000 habitantes", "baseline": "12", "result": "8"}],
    "period_start": "2024-03", "period_end": "2025-06", "budget_amount": "1234.50",
    "budget_currency": "PEN",
}


def listed_ids(html: str) -> list[int]:
    """The nominations in the list's table, in the order shown."""
    table = html.split('id="nominations"', 1)[1].split("</table>", 1)[0]
    return [int(i) for i in re.findall(r'href="/organiser/nominations/(\d+)"', table)]
