"""Small real files and ready-made nominations for the nomination tests."""
from __future__ import annotations

PDF_BYTES = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
             b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


COMPLETE = {
    "title": "Centro Integrado de Seguridad",
    "summary": "Un centro que integra cámaras, serenazgo y policía.",
    "problem": "Respuestas lentas a emergencias.",
    "intervention": "Central única de videovigilancia y despacho.",
    "results": [{"indicator": "Tiempo de respuesta", "baseline": "18", "result": "7",
                 "unit": "minutos", "source": "Central municipal", "period": "2024–2025"}],
    "period_start": "2024-01",
    "period_end": "2025-12",
    "budget_amount": "1250000",
    "budget_currency": "PEN",
    "partners": "Policía Nacional del Perú",
    "evidence_links": "https://www.example.org/cis",
}
