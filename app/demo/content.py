"""Demo data for "IV Premios Safe City 2026"; all people, figures and programmes are fictional."""

from __future__ import annotations

from typing import Any

# ---------------------------------------------------------------------------
# Edition (local times in the edition's time zone, ISO 8601 without offset)
# ---------------------------------------------------------------------------

EDITION: dict[str, Any] = dict(
    year=2026,
    name="IV Premios Safe City 2026",
    timezone="America/Lima",
    nominations_open="2026-09-01T09:00",
    nominations_close="2026-12-15T23:59",
    judging_close="2027-02-15T23:59",
    ceremony="2027-03-20T19:00",
    ceremony_place="Lima, Perú — Misión de Ciudades Seguras",
)

# ---------------------------------------------------------------------------
# Categories and rubrics
#
# `self_nomination` means "the nominee may submit its own nomination":
# - municipal jury categories (INN, RTS, TDG, TUR, PRE, CRI) are always
#   submitted by the municipality itself, through its accredited
#   representative, so they are self-nominations by design (True);
# - ESP accepts both self-nominations and nominations by third parties (True);
# - PER takes no nominations at all: it is filled from the perception ranking
#   (False).
#
# Rubric scale is 1–10 for every criterion; weights per category sum to 100 and
# exactly one criterion per jury category (the results/impact one) breaks ties.
# ---------------------------------------------------------------------------

CATEGORIES: list[dict[str, Any]] = [
    # ------------------------------------------------------------------ PER
    dict(
        code="PER",
        name_es="Mejor percepción de seguridad ciudadana",
        name_en="Best perception of citizen security",
        description_es=(
            "Reconoce a los municipios cuyos ciudadanos reportan el menor índice de "
            "percepción de inseguridad en el Ranking de Ciudades Seguras. No requiere "
            "postulación: el resultado se obtiene de las encuestas trimestrales a personas "
            "de 15 años a más que creen que podrían ser víctimas de un delito en los "
            "próximos doce meses. Solo se ordenan los municipios con una muestra "
            "suficiente en el periodo elegido para la edición."
        ),
        description_en=(
            "Recognises the municipalities whose citizens report the lowest perceived "
            "insecurity in the Safe Cities Ranking. There is no nomination: the result "
            "comes from quarterly surveys of people aged 15 and over who believe they "
            "could be the victim of a crime in the next twelve months. Only municipalities "
            "with a sufficient sample in the period chosen for the edition are ranked."
        ),
        kind="ranking",
        admits=["municipality"],
        self_nomination=False,
        places=dict(gold=1, silver=1, bronze=1, mentions=2),
        min_reviews=0,
        criteria=[],
        # decided by the 2026-T3 ranking, every district of Lima and Callao eligible
        ranking=dict(period="2026-T3", min_effective_n=100, eligible_provinces=["Lima", "Callao"]),
    ),
    # ------------------------------------------------------------------ ESP
    dict(
        code="ESP",
        name_es="Premios especiales por contribución a la seguridad ciudadana",
        name_en="Special awards for contribution to citizen security",
        description_es=(
            "Distingue a personas e instituciones cuya labor sostenida ha contribuido de "
            "manera demostrable a mejorar la seguridad ciudadana en su país. Pueden "
            "postular, o ser postulados por terceros, policías, líderes comunitarios, "
            "funcionarios, investigadores, organizaciones de la sociedad civil, "
            "universidades y observatorios. El jurado otorga hasta tres premios "
            "especiales de igual rango y hasta dos menciones honrosas."
        ),
        description_en=(
            "Honours people and institutions whose sustained work has demonstrably "
            "improved citizen security in their country. Police officers, community "
            "leaders, public servants, researchers, civil-society organisations, "
            "universities and observatories may apply or be nominated by others. The jury "
            "grants up to three special awards of equal rank and up to two honourable "
            "mentions."
        ),
        kind="jury",
        admits=["person", "institution"],
        self_nomination=True,
        # Three special awards of equal rank (stored as "gold"), no silver or bronze.
        places=dict(gold=3, silver=0, bronze=0, mentions=2),
        min_reviews=3,
        criteria=[
            dict(
                name_es="Trayectoria y constancia de la contribución",
                name_en="Track record and consistency of the contribution",
                guidance_es=(
                    "Valore la duración y la continuidad del trabajo en seguridad "
                    "ciudadana, con hitos verificables (cargos, proyectos, publicaciones, "
                    "reconocimientos). 1–3: aporte reciente o puntual, con poca "
                    "documentación; 4–7: varios años de trabajo con hitos claros; 8–10: "
                    "trayectoria larga y coherente, reconocida por terceros."
                ),
                guidance_en=(
                    "Assess how long and how continuously the nominee has worked on citizen "
                    "security, with verifiable milestones (posts, projects, publications, "
                    "awards). 1–3: a recent or one-off contribution, poorly documented; "
                    "4–7: several years of work with clear milestones; 8–10: a long, "
                    "coherent track record recognised by third parties."
                ),
                weight=20,
                tie_breaker=False,
            ),
            dict(
                name_es="Impacto demostrado en la seguridad ciudadana",
                name_en="Demonstrated impact on citizen security",
                guidance_es=(
                    "Busque evidencia de cambios atribuibles a la contribución: reducción "
                    "de delitos o violencia, mejores políticas, capacidades instaladas, con "
                    "fuentes y periodos identificados. 1–3: resultados declarados sin "
                    "datos; 4–7: indicadores con línea de base pero atribución débil; "
                    "8–10: resultados medidos, contrastados con fuentes independientes y "
                    "de escala relevante."
                ),
                guidance_en=(
                    "Look for evidence of changes attributable to the contribution: less "
                    "crime or violence, better policies, lasting capacities, with sources "
                    "and periods stated. 1–3: claimed results without data; 4–7: indicators "
                    "with a baseline but weak attribution; 8–10: measured results, checked "
                    "against independent sources and of meaningful scale."
                ),
                weight=30,
                tie_breaker=True,
            ),
            dict(
                name_es="Liderazgo y articulación de actores",
                name_en="Leadership and stakeholder coordination",
                guidance_es=(
                    "Considere la capacidad de movilizar a la comunidad, la policía, los "
                    "gobiernos locales y otras instituciones alrededor de objetivos "
                    "comunes. 1–3: trabajo aislado; 4–7: alianzas estables con algunos "
                    "actores; 8–10: liderazgo que convocó a actores diversos y dejó "
                    "espacios de coordinación que siguen funcionando."
                ),
                guidance_en=(
                    "Consider the ability to bring the community, the police, local "
                    "governments and other institutions together around shared goals. 1–3: "
                    "isolated work; 4–7: stable partnerships with some actors; 8–10: "
                    "leadership that convened diverse actors and left coordination "
                    "structures that still work."
                ),
                weight=20,
                tie_breaker=False,
            ),
            dict(
                name_es="Replicabilidad y transferencia",
                name_en="Replicability and transfer",
                guidance_es=(
                    "Evalúe si la experiencia está documentada de forma que otros "
                    "municipios o países puedan adoptarla, y si ya se transfirió. 1–3: "
                    "depende por completo de la persona o del contexto; 4–7: metodología "
                    "documentada pero no replicada; 8–10: replicada con éxito en otros "
                    "territorios o mediante convenios de cooperación técnica."
                ),
                guidance_en=(
                    "Assess whether the experience is documented well enough for other "
                    "municipalities or countries to adopt it, and whether it has already "
                    "been transferred. 1–3: depends entirely on the person or the context; "
                    "4–7: documented method not yet replicated; 8–10: successfully "
                    "replicated elsewhere or through technical-cooperation agreements."
                ),
                weight=15,
                tie_breaker=False,
            ),
            dict(
                name_es="Integridad y respeto a los derechos humanos",
                name_en="Integrity and respect for human rights",
                guidance_es=(
                    "Verifique que la trayectoria no registre cuestionamientos éticos, "
                    "conflictos de interés no declarados ni prácticas contrarias a los "
                    "derechos humanos, y que el trabajo sea transparente. 1–3: "
                    "cuestionamientos relevantes o información opaca; 4–7: sin "
                    "observaciones, con transparencia limitada; 8–10: conducta ejemplar y "
                    "rendición de cuentas pública."
                ),
                guidance_en=(
                    "Check that the record shows no ethical concerns, undeclared conflicts "
                    "of interest or practices contrary to human rights, and that the work is "
                    "transparent. 1–3: serious concerns or opaque information; 4–7: no "
                    "concerns, limited transparency; 8–10: exemplary conduct and public "
                    "accountability."
                ),
                weight=15,
                tie_breaker=False,
            ),
        ],
    ),
    # ------------------------------------------------------------------ INN
    dict(
        code="INN",
        name_es="Innovación tecnológica aplicada a la seguridad",
        name_en="Technological innovation applied to security",
        description_es=(
            "Premia a los municipios que aplican tecnología —videovigilancia con "
            "analítica, sistemas de despacho, sensores o plataformas de datos— para "
            "prevenir el delito o mejorar la respuesta, con resultados medidos. Postula "
            "la propia municipalidad, a través de su representante acreditado, con un "
            "programa en operación."
        ),
        description_en=(
            "Rewards municipalities that apply technology (video surveillance with "
            "analytics, dispatch systems, sensors or data platforms) to prevent crime or "
            "improve response, with measured results. The municipality itself applies, "
            "through its accredited representative, with a programme in operation."
        ),
        kind="jury",
        admits=["municipality"],
        self_nomination=True,
        places=dict(gold=1, silver=1, bronze=1, mentions=2),
        min_reviews=3,
        criteria=[
            dict(
                name_es="Grado de innovación",
                name_en="Degree of innovation",
                guidance_es=(
                    "Valore qué tan novedosa es la solución en el contexto local y "
                    "regional, y si va más allá de la compra de equipos (integración de "
                    "sistemas, analítica, rediseño de procesos). 1–3: adquisición de "
                    "tecnología estándar sin cambios en la operación; 4–7: integración útil "
                    "de herramientas conocidas con algún cambio de procesos; 8–10: "
                    "solución pionera en la región, con la operación rediseñada en torno a "
                    "ella."
                ),
                guidance_en=(
                    "Assess how novel the solution is in the local and regional context, "
                    "and whether it goes beyond buying equipment (systems integration, "
                    "analytics, process redesign). 1–3: standard technology purchase with no "
                    "change in operations; 4–7: useful integration of known tools with some "
                    "process change; 8–10: a first in the region, with operations "
                    "redesigned around it."
                ),
                weight=20,
                tie_breaker=False,
            ),
            dict(
                name_es="Impacto medido en el delito y la respuesta",
                name_en="Measured impact on crime and response",
                guidance_es=(
                    "Busque indicadores con línea de base y fuente oficial: denuncias, "
                    "intervenciones en flagrancia, tiempos de respuesta, incidentes "
                    "detectados por el sistema. 1–3: sin datos o solo cifras de actividad "
                    "(cámaras instaladas); 4–7: mejoras medidas en algunos indicadores; "
                    "8–10: mejoras sostenidas y significativas, contrastadas con la PNP o "
                    "el observatorio."
                ),
                guidance_en=(
                    "Look for indicators with a baseline and an official source: crime "
                    "reports, arrests in the act, response times, incidents detected by the "
                    "system. 1–3: no data, or activity figures only (cameras installed); "
                    "4–7: measured improvements in some indicators; 8–10: sustained, "
                    "significant improvements cross-checked with the police or the "
                    "observatory."
                ),
                weight=30,
                tie_breaker=True,
            ),
            dict(
                name_es="Escalabilidad y replicabilidad",
                name_en="Scalability and replicability",
                guidance_es=(
                    "Considere si la solución puede ampliarse dentro del distrito y "
                    "adoptarse en otros municipios con presupuestos distintos (estándares "
                    "abiertos, independencia de un solo proveedor, documentación). 1–3: "
                    "solución cerrada y difícil de trasladar; 4–7: replicable con "
                    "adaptaciones importantes; 8–10: modular, documentada y ya replicada o "
                    "en proceso de transferencia."
                ),
                guidance_en=(
                    "Consider whether the solution can grow within the district and be "
                    "adopted by municipalities with different budgets (open standards, no "
                    "single-vendor lock-in, documentation). 1–3: closed and hard to "
                    "transfer; 4–7: replicable with major adaptation; 8–10: modular, "
                    "documented and already replicated or being transferred."
                ),
                weight=15,
                tie_breaker=False,
            ),
            dict(
                name_es="Protección de datos personales y ética",
                name_en="Personal data protection and ethics",
                guidance_es=(
                    "Revise las reglas de acceso, retención y uso de imágenes y datos, la "
                    "base legal, la supervisión humana de la analítica y la transparencia "
                    "ante los vecinos. 1–3: sin políticas escritas o con usos "
                    "desproporcionados; 4–7: políticas básicas con controles parciales; "
                    "8–10: políticas publicadas, registro de accesos auditado y evaluación "
                    "de impacto en la privacidad."
                ),
                guidance_en=(
                    "Review access, retention and use rules for images and data, the legal "
                    "basis, human oversight of analytics and transparency towards residents. "
                    "1–3: no written policies, or disproportionate uses; 4–7: basic policies "
                    "with partial controls; 8–10: published policies, audited access logs "
                    "and a privacy impact assessment."
                ),
                weight=20,
                tie_breaker=False,
            ),
            dict(
                name_es="Sostenibilidad y costo-eficiencia",
                name_en="Sustainability and cost-efficiency",
                guidance_es=(
                    "Evalúe si el costo total (inversión, mantenimiento, personal) está "
                    "financiado en el presupuesto institucional y es razonable frente a los "
                    "resultados. 1–3: depende de una donación o de un contrato sin "
                    "continuidad; 4–7: financiamiento asegurado a corto plazo; 8–10: costos "
                    "conocidos, financiamiento plurianual y personal propio capacitado."
                ),
                guidance_en=(
                    "Assess whether the total cost (investment, maintenance, staff) is "
                    "funded in the institutional budget and reasonable given the results. "
                    "1–3: relies on a donation or a contract with no continuity; 4–7: "
                    "funding secured in the short term; 8–10: known costs, multi-year "
                    "funding and trained in-house staff."
                ),
                weight=15,
                tie_breaker=False,
            ),
        ],
    ),
    # ------------------------------------------------------------------ RTS
    dict(
        code="RTS",
        name_es="Programa de recuperación y transformación social",
        name_en="Social recovery and transformation programme",
        description_es=(
            "Reconoce programas municipales que recuperan barrios y espacios públicos "
            "afectados por la violencia y el delito, combinando intervención urbana con "
            "oportunidades para jóvenes, familias y comunidades. Postula la propia "
            "municipalidad con un programa ejecutado en territorios concretos y con "
            "resultados verificables."
        ),
        description_en=(
            "Recognises municipal programmes that recover neighbourhoods and public spaces "
            "affected by violence and crime, combining urban works with opportunities for "
            "young people, families and communities. The municipality itself applies with "
            "a programme carried out in specific areas and with verifiable results."
        ),
        kind="jury",
        admits=["municipality"],
        self_nomination=True,
        places=dict(gold=1, silver=1, bronze=1, mentions=2),
        min_reviews=3,
        criteria=[
            dict(
                name_es="Diagnóstico y focalización territorial",
                name_en="Diagnosis and territorial targeting",
                guidance_es=(
                    "Compruebe que la selección de barrios se basa en datos de delito, "
                    "violencia y vulnerabilidad social, y que el diagnóstico incluyó a los "
                    "vecinos. 1–3: intervención sin diagnóstico; 4–7: diagnóstico general "
                    "del distrito; 8–10: diagnóstico por sector con datos georreferenciados "
                    "y consulta comunitaria."
                ),
                guidance_en=(
                    "Check that neighbourhoods were chosen on crime, violence and social "
                    "vulnerability data, and that residents took part in the diagnosis. "
                    "1–3: no diagnosis; 4–7: a general district-wide diagnosis; 8–10: "
                    "sector-level diagnosis with geo-referenced data and community "
                    "consultation."
                ),
                weight=15,
                tie_breaker=False,
            ),
            dict(
                name_es="Participación y corresponsabilidad comunitaria",
                name_en="Community participation and shared responsibility",
                guidance_es=(
                    "Valore el papel de las organizaciones vecinales, juveniles y de "
                    "mujeres en el diseño, la ejecución y el cuidado de lo recuperado. "
                    "1–3: la comunidad solo es beneficiaria; 4–7: participa en actividades "
                    "puntuales; 8–10: la comunidad cogestiona los espacios y toma "
                    "decisiones con la municipalidad."
                ),
                guidance_en=(
                    "Assess the role of neighbourhood, youth and women's organisations in "
                    "designing, running and looking after what was recovered. 1–3: the "
                    "community is only a beneficiary; 4–7: it takes part in occasional "
                    "activities; 8–10: the community co-manages the spaces and makes "
                    "decisions with the municipality."
                ),
                weight=20,
                tie_breaker=False,
            ),
            dict(
                name_es="Resultados en convivencia y reducción de la violencia",
                name_en="Results in coexistence and violence reduction",
                guidance_es=(
                    "Busque cambios medidos en los sectores intervenidos frente a su línea "
                    "de base o a sectores comparables: homicidios, lesiones, denuncias, uso "
                    "del espacio público, percepción. 1–3: solo obras entregadas; 4–7: "
                    "mejoras en algunos indicadores sin comparación; 8–10: reducciones "
                    "sostenidas frente a un grupo de comparación."
                ),
                guidance_en=(
                    "Look for measured changes in the targeted sectors against their "
                    "baseline or comparable sectors: homicides, injuries, crime reports, use "
                    "of public space, perception. 1–3: only works delivered; 4–7: "
                    "improvements in some indicators without comparison; 8–10: sustained "
                    "reductions against a comparison group."
                ),
                weight=30,
                tie_breaker=True,
            ),
            dict(
                name_es="Inclusión y oportunidades para poblaciones en riesgo",
                name_en="Inclusion and opportunities for at-risk groups",
                guidance_es=(
                    "Considere si el programa ofrece alternativas reales a jóvenes en "
                    "riesgo, mujeres y familias vulnerables: educación, empleo, cultura, "
                    "deporte, atención psicosocial. 1–3: actividades recreativas aisladas; "
                    "4–7: oferta estable con cobertura limitada; 8–10: rutas de atención "
                    "con seguimiento individual y resultados (inserción laboral, "
                    "permanencia escolar)."
                ),
                guidance_en=(
                    "Consider whether the programme offers real alternatives to at-risk "
                    "young people, women and vulnerable families: education, jobs, culture, "
                    "sport, psychosocial care. 1–3: isolated recreational activities; 4–7: "
                    "a stable offer with limited coverage; 8–10: care pathways with "
                    "individual follow-up and outcomes (jobs, school retention)."
                ),
                weight=20,
                tie_breaker=False,
            ),
            dict(
                name_es="Sostenibilidad y apropiación",
                name_en="Sustainability and ownership",
                guidance_es=(
                    "Evalúe si los espacios y servicios se mantienen con presupuesto "
                    "propio, ordenanzas o acuerdos, y si sobrevivirían a un cambio de "
                    "gestión. 1–3: depende de una campaña o de un financiamiento único; "
                    "4–7: mantenimiento asegurado parcialmente; 8–10: institucionalizado "
                    "por norma, con presupuesto y comunidad organizada que lo sostiene."
                ),
                guidance_en=(
                    "Assess whether spaces and services are maintained with the "
                    "municipality's own budget, bylaws or agreements, and whether they "
                    "would survive a change of administration. 1–3: depends on one campaign "
                    "or one-off funding; 4–7: maintenance partly secured; 8–10: "
                    "institutionalised by bylaw, with a budget and an organised community "
                    "behind it."
                ),
                weight=15,
                tie_breaker=False,
            ),
        ],
    ),
    # ------------------------------------------------------------------ TDG
    dict(
        code="TDG",
        name_es="Transformación digital",
        name_en="Digital transformation",
        description_es=(
            "Premia a los municipios que han digitalizado la gestión de la seguridad "
            "ciudadana —registro de incidentes, atención de denuncias vecinales, "
            "interoperabilidad con la policía y otras entidades, datos abiertos— con "
            "beneficios medibles para la ciudadanía y la operación. Postula la propia "
            "municipalidad con servicios digitales en funcionamiento."
        ),
        description_en=(
            "Rewards municipalities that have digitised the management of citizen security "
            "(incident records, residents' reports, interoperability with the police and "
            "other agencies, open data) with measurable benefits for citizens and "
            "operations. The municipality itself applies with digital services in "
            "operation."
        ),
        kind="jury",
        admits=["municipality"],
        self_nomination=True,
        places=dict(gold=1, silver=1, bronze=1, mentions=2),
        min_reviews=3,
        criteria=[
            dict(
                name_es="Alcance de la transformación de procesos",
                name_en="Scope of process transformation",
                guidance_es=(
                    "Valore cuántos procesos de seguridad ciudadana se rediseñaron de "
                    "punta a punta y no solo se trasladaron a formularios en línea. 1–3: "
                    "digitalización de un trámite aislado; 4–7: varios procesos "
                    "digitalizados con pasos aún en papel; 8–10: ciclo completo digital, "
                    "desde el reporte hasta el cierre y la rendición de cuentas."
                ),
                guidance_en=(
                    "Assess how many citizen-security processes were redesigned end to end "
                    "rather than merely moved to online forms. 1–3: a single procedure "
                    "digitised; 4–7: several processes digitised, some steps still on paper; "
                    "8–10: a fully digital cycle, from report to closure and accountability."
                ),
                weight=20,
                tie_breaker=False,
            ),
            dict(
                name_es="Interoperabilidad y gobierno de datos",
                name_en="Interoperability and data governance",
                guidance_es=(
                    "Revise el intercambio de datos con la PNP, el Ministerio Público, "
                    "otras municipalidades o el Estado, los estándares usados y la calidad "
                    "de los datos. 1–3: sistemas aislados; 4–7: intercambios manuales o "
                    "parciales bajo convenio; 8–10: servicios interoperables "
                    "documentados, catálogo de datos y responsables designados."
                ),
                guidance_en=(
                    "Review data exchange with the police, the public prosecutor, other "
                    "municipalities or the State, the standards used and data quality. 1–3: "
                    "isolated systems; 4–7: manual or partial exchanges under agreement; "
                    "8–10: documented interoperable services, a data catalogue and named "
                    "data owners."
                ),
                weight=20,
                tie_breaker=False,
            ),
            dict(
                name_es="Resultados en eficiencia y calidad del servicio",
                name_en="Results in efficiency and service quality",
                guidance_es=(
                    "Busque indicadores antes y después: tiempos de atención y de cierre, "
                    "incidentes trazables, costos por trámite, satisfacción de los "
                    "usuarios. 1–3: sin mediciones; 4–7: mejoras medidas en algunos "
                    "procesos; 8–10: mejoras amplias y sostenidas, publicadas en tableros "
                    "o informes."
                ),
                guidance_en=(
                    "Look for before-and-after indicators: service and closure times, "
                    "traceable incidents, cost per procedure, user satisfaction. 1–3: no "
                    "measurement; 4–7: measured improvements in some processes; 8–10: broad, "
                    "sustained improvements published in dashboards or reports."
                ),
                weight=30,
                tie_breaker=True,
            ),
            dict(
                name_es="Adopción ciudadana y accesibilidad",
                name_en="Citizen uptake and accessibility",
                guidance_es=(
                    "Considere cuántos vecinos usan los canales digitales y si estos "
                    "incluyen a personas mayores, con discapacidad o sin acceso a internet "
                    "(canales alternativos, lenguaje claro). 1–3: uso marginal; 4–7: uso "
                    "creciente con barreras de acceso; 8–10: adopción amplia y canales "
                    "accesibles verificados con usuarios."
                ),
                guidance_en=(
                    "Consider how many residents use the digital channels and whether they "
                    "include older people, people with disabilities or without internet "
                    "access (alternative channels, plain language). 1–3: marginal use; "
                    "4–7: growing use with access barriers; 8–10: broad uptake and "
                    "accessible channels tested with users."
                ),
                weight=15,
                tie_breaker=False,
            ),
            dict(
                name_es="Seguridad de la información y protección de datos",
                name_en="Information security and data protection",
                guidance_es=(
                    "Verifique controles de acceso, copias de respaldo, gestión de "
                    "incidentes informáticos y cumplimiento de la ley de protección de "
                    "datos personales. 1–3: sin controles documentados; 4–7: controles "
                    "básicos sin auditoría; 8–10: políticas aprobadas, auditorías "
                    "periódicas y registro de bancos de datos al día."
                ),
                guidance_en=(
                    "Check access controls, backups, IT incident management and compliance "
                    "with the personal data protection law. 1–3: no documented controls; "
                    "4–7: basic controls without audit; 8–10: approved policies, regular "
                    "audits and up-to-date registration of databases."
                ),
                weight=15,
                tie_breaker=False,
            ),
        ],
    ),
    # ------------------------------------------------------------------ TUR
    dict(
        code="TUR",
        name_es="Programa para el turismo seguro",
        name_en="Safe tourism programme",
        description_es=(
            "Reconoce programas municipales que protegen a visitantes nacionales y "
            "extranjeros en zonas turísticas, en coordinación con la policía de turismo, "
            "los operadores y los negocios locales. Postula la propia municipalidad con "
            "un programa en ejecución y resultados medidos en las zonas atendidas."
        ),
        description_en=(
            "Recognises municipal programmes that protect domestic and foreign visitors in "
            "tourist areas, in coordination with the tourism police, tour operators and "
            "local businesses. The municipality itself applies with a running programme and "
            "measured results in the areas it covers."
        ),
        kind="jury",
        admits=["municipality"],
        self_nomination=True,
        places=dict(gold=1, silver=1, bronze=1, mentions=2),
        min_reviews=3,
        criteria=[
            dict(
                name_es="Cobertura de las zonas turísticas",
                name_en="Coverage of tourist areas",
                guidance_es=(
                    "Valore qué proporción de los corredores, atractivos y horarios de "
                    "mayor afluencia cubre el programa, según un mapa de riesgos. 1–3: "
                    "presencia ocasional en un solo punto; 4–7: cobertura de las zonas "
                    "principales en horario diurno; 8–10: cobertura planificada de todas "
                    "las zonas y horarios críticos, incluida la noche."
                ),
                guidance_en=(
                    "Assess what share of the corridors, attractions and peak hours the "
                    "programme covers, based on a risk map. 1–3: occasional presence at a "
                    "single spot; 4–7: main areas covered in daytime; 8–10: planned coverage "
                    "of all critical areas and hours, including at night."
                ),
                weight=20,
                tie_breaker=False,
            ),
            dict(
                name_es="Coordinación con la policía de turismo y los operadores",
                name_en="Coordination with the tourism police and operators",
                guidance_es=(
                    "Busque acuerdos operativos con la policía de turismo, hoteles, "
                    "agencias, transporte y comercios: patrullajes conjuntos, canales de "
                    "alerta, reuniones periódicas. 1–3: coordinación informal; 4–7: "
                    "acuerdos con algunos actores; 8–10: mesa de trabajo activa con "
                    "protocolos compartidos y acciones conjuntas documentadas."
                ),
                guidance_en=(
                    "Look for operational agreements with the tourism police, hotels, "
                    "agencies, transport and shops: joint patrols, alert channels, regular "
                    "meetings. 1–3: informal coordination; 4–7: agreements with some actors; "
                    "8–10: an active working group with shared protocols and documented "
                    "joint actions."
                ),
                weight=20,
                tie_breaker=False,
            ),
            dict(
                name_es="Resultados en victimización y percepción del visitante",
                name_en="Results in visitor victimisation and perception",
                guidance_es=(
                    "Compare denuncias de turistas, incidentes atendidos y encuestas a "
                    "visitantes antes y después del programa, considerando la variación de "
                    "llegadas. 1–3: sin datos de turistas; 4–7: mejoras en algunos "
                    "indicadores; 8–10: reducción clara de la victimización ajustada por "
                    "flujo de visitantes y mejor percepción medida."
                ),
                guidance_en=(
                    "Compare tourist crime reports, incidents handled and visitor surveys "
                    "before and after the programme, allowing for changes in arrivals. 1–3: "
                    "no tourist data; 4–7: improvements in some indicators; 8–10: a clear "
                    "drop in victimisation adjusted for visitor flows and better measured "
                    "perception."
                ),
                weight=30,
                tie_breaker=True,
            ),
            dict(
                name_es="Atención al visitante y acceso a la denuncia",
                name_en="Visitor assistance and access to reporting",
                guidance_es=(
                    "Considere la atención en otros idiomas, los puntos de información, el "
                    "acompañamiento a víctimas y la facilidad para denunciar sin perder el "
                    "viaje. 1–3: atención solo en castellano y sin ruta definida; 4–7: "
                    "personal bilingüe en algunos puntos; 8–10: atención multilingüe, ruta "
                    "de asistencia a víctimas y denuncia ágil en coordinación con la "
                    "policía."
                ),
                guidance_en=(
                    "Consider assistance in other languages, information points, victim "
                    "support and how easily visitors can report without losing their trip. "
                    "1–3: Spanish only, no defined pathway; 4–7: bilingual staff at some "
                    "points; 8–10: multilingual assistance, a victim-support pathway and fast "
                    "reporting with the police."
                ),
                weight=15,
                tie_breaker=False,
            ),
            dict(
                name_es="Sostenibilidad y replicabilidad",
                name_en="Sustainability and replicability",
                guidance_es=(
                    "Evalúe si el programa cuenta con presupuesto estable, participación "
                    "económica del sector privado y una metodología que otros destinos "
                    "puedan adoptar. 1–3: acción temporal de temporada alta; 4–7: "
                    "presupuesto anual sin documentación metodológica; 8–10: financiamiento "
                    "compartido y modelo documentado listo para transferir."
                ),
                guidance_en=(
                    "Assess whether the programme has a stable budget, financial "
                    "participation by the private sector and a method other destinations "
                    "could adopt. 1–3: a temporary high-season action; 4–7: an annual budget "
                    "without method documentation; 8–10: shared funding and a documented "
                    "model ready for transfer."
                ),
                weight=15,
                tie_breaker=False,
            ),
        ],
    ),
    # ------------------------------------------------------------------ PRE
    dict(
        code="PRE",
        name_es="Programa de prevención del delito",
        name_en="Crime prevention programme",
        description_es=(
            "Premia a los programas municipales de prevención situacional, social o "
            "comunitaria que reducen factores de riesgo y delitos concretos, basados en "
            "evidencia y con participación vecinal. Postula la propia municipalidad con "
            "un programa ejecutado y evaluado, aunque sea de forma preliminar."
        ),
        description_en=(
            "Rewards municipal situational, social or community prevention programmes that "
            "reduce risk factors and specific crimes, grounded in evidence and with "
            "residents' participation. The municipality itself applies with a programme "
            "that has been carried out and evaluated, even if only preliminarily."
        ),
        kind="jury",
        admits=["municipality"],
        self_nomination=True,
        places=dict(gold=1, silver=1, bronze=1, mentions=2),
        min_reviews=3,
        criteria=[
            dict(
                name_es="Diagnóstico y enfoque basado en evidencia",
                name_en="Diagnosis and evidence-based approach",
                guidance_es=(
                    "Compruebe que el programa parte de un análisis del problema (mapas de "
                    "delito, encuestas de victimización) y de intervenciones con respaldo "
                    "en la literatura o en experiencias evaluadas. 1–3: sin diagnóstico ni "
                    "referencias; 4–7: diagnóstico general y referencias parciales; 8–10: "
                    "teoría de cambio explícita apoyada en datos locales y evidencia "
                    "comparada."
                ),
                guidance_en=(
                    "Check that the programme starts from an analysis of the problem (crime "
                    "maps, victimisation surveys) and from interventions backed by research "
                    "or evaluated experience. 1–3: no diagnosis or references; 4–7: general "
                    "diagnosis and partial references; 8–10: an explicit theory of change "
                    "supported by local data and comparative evidence."
                ),
                weight=20,
                tie_breaker=False,
            ),
            dict(
                name_es="Focalización en factores de riesgo y poblaciones",
                name_en="Targeting of risk factors and populations",
                guidance_es=(
                    "Valore si el programa se concentra en los lugares, horarios, víctimas "
                    "y factores de riesgo que explican la mayor parte del problema. 1–3: "
                    "acciones genéricas para todo el distrito; 4–7: focalización parcial; "
                    "8–10: intervención precisa en puntos críticos y grupos priorizados, "
                    "revisada con datos actualizados."
                ),
                guidance_en=(
                    "Assess whether the programme concentrates on the places, times, victims "
                    "and risk factors that explain most of the problem. 1–3: generic "
                    "district-wide actions; 4–7: partial targeting; 8–10: precise work on hot "
                    "spots and priority groups, reviewed with up-to-date data."
                ),
                weight=15,
                tie_breaker=False,
            ),
            dict(
                name_es="Resultados en la reducción del delito y la violencia",
                name_en="Results in reducing crime and violence",
                guidance_es=(
                    "Busque variaciones medidas en los delitos objetivo y en la "
                    "victimización, con línea de base, fuente y, de ser posible, zonas de "
                    "comparación o análisis de desplazamiento. 1–3: solo actividades "
                    "realizadas; 4–7: reducciones medidas sin control de otros factores; "
                    "8–10: reducciones sostenidas con evaluación rigurosa o independiente."
                ),
                guidance_en=(
                    "Look for measured changes in the target crimes and in victimisation, "
                    "with a baseline, a source and, where possible, comparison areas or a "
                    "displacement analysis. 1–3: activities only; 4–7: measured reductions "
                    "without controlling for other factors; 8–10: sustained reductions with "
                    "a rigorous or independent evaluation."
                ),
                weight=30,
                tie_breaker=True,
            ),
            dict(
                name_es="Participación y corresponsabilidad ciudadana",
                name_en="Citizen participation and shared responsibility",
                guidance_es=(
                    "Considere el papel de juntas vecinales, colegios, comercios y "
                    "organizaciones en la ejecución y el seguimiento del programa. 1–3: "
                    "participación simbólica; 4–7: participación activa en algunas "
                    "acciones; 8–10: redes vecinales organizadas que comparten metas y "
                    "reportan avances con la municipalidad y la policía."
                ),
                guidance_en=(
                    "Consider the role of neighbourhood watch groups, schools, businesses "
                    "and organisations in running and monitoring the programme. 1–3: "
                    "token participation; 4–7: active participation in some actions; 8–10: "
                    "organised neighbourhood networks that share goals and report progress "
                    "with the municipality and the police."
                ),
                weight=20,
                tie_breaker=False,
            ),
            dict(
                name_es="Monitoreo, evaluación y sostenibilidad",
                name_en="Monitoring, evaluation and sustainability",
                guidance_es=(
                    "Revise si hay indicadores de seguimiento, informes periódicos, ajustes "
                    "a partir de resultados y financiamiento asegurado. 1–3: sin "
                    "seguimiento ni presupuesto estable; 4–7: seguimiento básico y "
                    "presupuesto anual; 8–10: tablero de indicadores, evaluación publicada "
                    "y programa institucionalizado."
                ),
                guidance_en=(
                    "Check for monitoring indicators, regular reports, adjustments based on "
                    "results and secured funding. 1–3: no monitoring or stable budget; 4–7: "
                    "basic monitoring and an annual budget; 8–10: an indicator dashboard, a "
                    "published evaluation and an institutionalised programme."
                ),
                weight=15,
                tie_breaker=False,
            ),
        ],
    ),
    # ------------------------------------------------------------------ CRI
    dict(
        code="CRI",
        name_es="Programa de gestión de crisis y tiempos de respuesta",
        name_en="Crisis management and response times programme",
        description_es=(
            "Reconoce a los municipios que han reducido sus tiempos de respuesta ante "
            "emergencias y delitos, y que gestionan crisis —desastres, disturbios, "
            "eventos masivos— con protocolos probados y coordinación interinstitucional. "
            "Postula la propia municipalidad con datos operativos verificables."
        ),
        description_en=(
            "Recognises municipalities that have cut their response times to emergencies "
            "and crimes and that manage crises (disasters, unrest, mass events) with tested "
            "protocols and inter-agency coordination. The municipality itself applies with "
            "verifiable operational data."
        ),
        kind="jury",
        admits=["municipality"],
        self_nomination=True,
        places=dict(gold=1, silver=1, bronze=1, mentions=2),
        min_reviews=3,
        criteria=[
            dict(
                name_es="Planificación y protocolos",
                name_en="Planning and protocols",
                guidance_es=(
                    "Revise los planes de contingencia, los protocolos por tipo de "
                    "incidente, la cadena de mando y su aprobación formal. 1–3: sin "
                    "protocolos escritos; 4–7: protocolos aprobados para los incidentes "
                    "más frecuentes; 8–10: planes completos, probados en simulacros y "
                    "actualizados tras cada evento."
                ),
                guidance_en=(
                    "Review contingency plans, protocols per incident type, the chain of "
                    "command and their formal approval. 1–3: no written protocols; 4–7: "
                    "approved protocols for the most frequent incidents; 8–10: complete "
                    "plans, tested in drills and updated after every event."
                ),
                weight=20,
                tie_breaker=False,
            ),
            dict(
                name_es="Reducción de los tiempos de respuesta",
                name_en="Reduction of response times",
                guidance_es=(
                    "Analice los tiempos de atención y de llegada al lugar, desde el "
                    "registro de la llamada, con series mensuales y definición clara de la "
                    "medición. 1–3: sin registros confiables; 4–7: reducciones medidas "
                    "en promedio; 8–10: reducciones sostenidas también en el percentil 90 y "
                    "en las zonas más alejadas."
                ),
                guidance_en=(
                    "Analyse call-handling and arrival times, measured from the call record, "
                    "with monthly series and a clear definition of the measure. 1–3: no "
                    "reliable records; 4–7: measured reductions on average; 8–10: sustained "
                    "reductions also at the 90th percentile and in the most remote areas."
                ),
                weight=30,
                tie_breaker=True,
            ),
            dict(
                name_es="Coordinación interinstitucional",
                name_en="Inter-agency coordination",
                guidance_es=(
                    "Valore la articulación con la policía, los bomberos, el sector salud, "
                    "defensa civil y municipios vecinos: canales comunes, despacho "
                    "conjunto, ejercicios compartidos. 1–3: coordinación por teléfono "
                    "caso por caso; 4–7: acuerdos formales con algunas entidades; 8–10: "
                    "sala de operaciones compartida o interoperable con protocolos comunes."
                ),
                guidance_en=(
                    "Assess coordination with the police, firefighters, health services, "
                    "civil defence and neighbouring municipalities: shared channels, joint "
                    "dispatch, joint exercises. 1–3: case-by-case phone coordination; 4–7: "
                    "formal agreements with some agencies; 8–10: a shared or interoperable "
                    "operations room with common protocols."
                ),
                weight=20,
                tie_breaker=False,
            ),
            dict(
                name_es="Comunicación de crisis y alerta a la población",
                name_en="Crisis communication and public warning",
                guidance_es=(
                    "Considere los canales de alerta temprana, la información oportuna y "
                    "verificada durante la crisis, y la preparación de los vecinos. 1–3: "
                    "comunicación improvisada; 4–7: canales definidos con alcance "
                    "limitado; 8–10: sistema de alertas probado, mensajes accesibles y "
                    "población capacitada en simulacros."
                ),
                guidance_en=(
                    "Consider early-warning channels, timely and verified information during "
                    "the crisis, and residents' preparedness. 1–3: improvised "
                    "communication; 4–7: defined channels with limited reach; 8–10: a tested "
                    "alert system, accessible messages and residents trained in drills."
                ),
                weight=15,
                tie_breaker=False,
            ),
            dict(
                name_es="Aprendizaje y mejora continua",
                name_en="Learning and continuous improvement",
                guidance_es=(
                    "Busque informes posteriores a los eventos, lecciones aprendidas y "
                    "cambios concretos derivados de ellos (personal, rutas, equipos, "
                    "protocolos). 1–3: sin revisión posterior; 4–7: revisiones "
                    "ocasionales; 8–10: ciclo sistemático de evaluación con mejoras "
                    "documentadas y medidas."
                ),
                guidance_en=(
                    "Look for after-action reports, lessons learned and concrete changes "
                    "that followed (staffing, routes, equipment, protocols). 1–3: no review "
                    "after events; 4–7: occasional reviews; 8–10: a systematic evaluation "
                    "cycle with documented, measured improvements."
                ),
                weight=15,
                tie_breaker=False,
            ),
        ],
    ),
]

# ---------------------------------------------------------------------------
# People (all fictional)
# ---------------------------------------------------------------------------

JURORS: list[dict[str, Any]] = [
    dict(
        name="Ana María Villarreal Soto",
        email="jurado1@demo.premiossafecity.org",
        organisation="Centro de Estudios Urbanos y Convivencia",
        country="PE",
        expertise="Políticas públicas de seguridad ciudadana",
    ),
    dict(
        name="Andrés Felipe Restrepo Gaviria",
        email="jurado2@demo.premiossafecity.org",
        organisation="Corporación Ciudad y Convivencia",
        country="CO",
        expertise="Prevención de la violencia y urbanismo social",
    ),
    dict(
        name="Catalina Ibáñez Morales",
        email="jurado3@demo.premiossafecity.org",
        organisation="Núcleo de Análisis Delictual y Evaluación",
        country="CL",
        expertise="Análisis criminal y evaluación de impacto",
    ),
    dict(
        name="Roberto Alfaro Menéndez",
        email="jurado4@demo.premiossafecity.org",
        organisation="Escuela Centroamericana de Gestión Municipal",
        country="SV",
        expertise="Gestión municipal y prevención comunitaria",
    ),
    dict(
        name="Mariana Treviño Garza",
        email="jurado5@demo.premiossafecity.org",
        organisation="Laboratorio de Tecnología y Datos Públicos",
        country="MX",
        expertise="Tecnología, datos y protección de datos personales",
    ),
]

ORGANISER: dict[str, Any] = dict(
    name="Patricia Salazar Ugarte",
    email="organizacion@demo.premiossafecity.org",
)

NOMINATORS: list[dict[str, Any]] = [
    # Municipal representatives (the UBIGEO is the municipality they represent).
    dict(
        name="Jorge Luis Paredes Castañeda",
        email="sanmiguel@demo.premiossafecity.org",
        locale="es",
        municipality_ubigeo="150136",  # San Miguel
        position="Gerente de Seguridad Ciudadana",
        phone="+51 1 555 0101",
    ),
    dict(
        name="María Fernanda Cisneros Vela",
        email="miraflores@demo.premiossafecity.org",
        locale="es",
        municipality_ubigeo="150122",  # Miraflores
        position="Gerenta de Seguridad Ciudadana y Fiscalización",
        phone="+51 1 555 0102",
    ),
    dict(
        name="Ricardo Benavides Luna",
        email="sanisidro@demo.premiossafecity.org",
        locale="es",
        municipality_ubigeo="150131",  # San Isidro
        position="Gerente de Seguridad Ciudadana",
        phone="+51 1 555 0103",
    ),
    dict(
        name="Giuliana Montoya Rivas",
        email="surco@demo.premiossafecity.org",
        locale="es",
        municipality_ubigeo="150140",  # Santiago de Surco
        position="Subgerenta de Prevención y Participación Vecinal",
        phone="+51 1 555 0104",
    ),
    dict(
        name="César Augusto Valdivia Núñez",
        email="lamolina@demo.premiossafecity.org",
        locale="es",
        municipality_ubigeo="150114",  # La Molina
        position="Gerente de Seguridad Ciudadana",
        phone="+51 1 555 0105",
    ),
    dict(
        name="Milagros Chumpitaz Oré",
        email="callao@demo.premiossafecity.org",
        locale="es",
        municipality_ubigeo="070101",  # Callao (Municipalidad Provincial)
        position="Gerenta General de Seguridad Ciudadana",
        phone="+51 1 555 0106",
    ),
    dict(
        name="Fernando Quiroz Delgado",
        email="sanborja@demo.premiossafecity.org",
        locale="es",
        municipality_ubigeo="150130",  # San Borja
        position="Subgerente de Gobierno Digital y Seguridad Ciudadana",
        phone="+51 1 555 0107",
    ),
    # Individuals and institutions (no municipality).
    dict(
        name="Lucía Fernández Ríos",
        email="persona1@demo.premiossafecity.org",
        locale="es",
        municipality_ubigeo=None,
        position="Investigadora en seguridad ciudadana",
        phone="+51 1 555 0108",
    ),
    dict(
        name="Karla Beatriz Rivas Menjívar",
        email="persona2@demo.premiossafecity.org",
        locale="es",
        municipality_ubigeo=None,
        position="Coordinadora regional, Red Latinoamericana de Gobiernos Locales Seguros",
        phone="+51 1 555 0109",
    ),
    dict(
        name="Daniel Whitaker",
        email="persona3@demo.premiossafecity.org",
        locale="en",
        municipality_ubigeo=None,
        position="Programme Officer, Urban Safety Partnership",
        phone="+51 1 555 0110",
    ),
]

# ---------------------------------------------------------------------------
# Nominations (11 submitted, 3 drafts)
# ---------------------------------------------------------------------------

NOMINATIONS: list[dict[str, Any]] = [
    # ------------------------------------------------------------ ESP: person
    dict(
        category="ESP",
        submitter="persona1@demo.premiossafecity.org",
        nominee_type="person",
        municipality_ubigeo=None,
        nominee_name="Marleny Cáceres Huamán",
        nominee_country="PE",
        nominee_role=(
            "Suboficial brigadier PNP, responsable de Participación Ciudadana en San Juan "
            "de Lurigancho"
        ),
        nominee_contact="m.caceres@example.org",
        title="Doce años organizando juntas vecinales en San Juan de Lurigancho",
        summary=(
            "La suboficial brigadier Marleny Cáceres Huamán ha dedicado doce años a "
            "acercar la policía a los vecinos de San Juan de Lurigancho, el distrito más "
            "poblado del país. Desde la oficina de participación ciudadana de su comisaría "
            "impulsó la creación y el fortalecimiento de juntas vecinales en asentamientos "
            "humanos de la parte alta, donde antes no existía presencia organizada. Diseñó "
            "un esquema de patrullaje mixto con el serenazgo y rondas vecinales, formó a "
            "más de mil dirigentes en prevención y en atención de casos de violencia "
            "familiar, y creó un sistema de alertas por mensajería que hoy usan 64 juntas. "
            "En los sectores acompañados, los robos en la vía pública bajaron cerca de un "
            "30 % y las denuncias por violencia familiar atendidas aumentaron, señal de "
            "mayor confianza en la comisaría."
        ),
        problem=(
            "Los asentamientos humanos de la parte alta de San Juan de Lurigancho tenían "
            "alta incidencia de robos al paso y de violencia familiar, escasa iluminación y "
            "poca confianza en la policía. Los vecinos no denunciaban y las juntas "
            "vecinales existentes eran pocas y estaban desarticuladas."
        ),
        intervention=(
            "Mapeo de puntos críticos con los dirigentes, creación y juramentación de "
            "juntas vecinales, capacitación mensual en prevención y en la ruta de atención "
            "de violencia familiar, patrullajes mixtos con el serenazgo, grupos de alerta "
            "por mensajería coordinados desde la comisaría y ferias de servicios del Estado "
            "en los sectores más alejados."
        ),
        contribution=(
            "Su aporte principal es haber convertido la participación vecinal en una "
            "práctica estable y medible: cada junta tiene un plan de trabajo, un "
            "responsable de enlace y reuniones mensuales con la comisaría. Su metodología "
            "fue documentada en una guía que otras comisarías de Lima Este ya aplican, y "
            "ha sido reconocida por su trato respetuoso con la población y su "
            "transparencia en la rendición de cuentas."
        ),
        results=[
            dict(
                indicator="Juntas vecinales de seguridad ciudadana activas en el sector",
                baseline=18,
                result=64,
                unit="juntas",
                source="Registro de la Oficina de Participación Ciudadana de la comisaría",
                period="2019–2025",
                period_start="2019-01",
                period_end="2025-12",
            ),
            dict(
                indicator="Robos en la vía pública en los sectores acompañados",
                baseline=112,
                result=79,
                unit="denuncias/mes",
                source="Registro de denuncias policiales de la comisaría",
                period="2022–2025",
                period_start="2022-01",
                period_end="2025-12",
            ),
            dict(
                indicator="Dirigentes vecinales capacitados en prevención",
                baseline=0,
                result=1140,
                unit="personas",
                source="Listas de asistencia de la comisaría",
                period="2019–2025",
                period_start="2019-01",
                period_end="2025-12",
            ),
        ],
        budget_amount=38500,
        budget_currency="PEN",
        partners=(
            "Municipalidad distrital, serenazgo, juntas vecinales, Centro Emergencia Mujer "
            "del distrito y dos empresas locales que donaron silbatos y chalecos."
        ),
        evidence_links=[
            "https://www.example.org/sjl/guia-juntas-vecinales.pdf",
            "https://www.example.org/sjl/informe-participacion-2025",
        ],
        status="submitted",
    ),
    # ------------------------------------------------------- ESP: institution
    dict(
        category="ESP",
        submitter="persona2@demo.premiossafecity.org",
        nominee_type="institution",
        municipality_ubigeo=None,
        nominee_name="Fundación Convivencia Segura (FUNCOS)",
        nominee_country="SV",
        nominee_role="Organización de la sociedad civil, San Salvador",
        nominee_contact="contacto@funcos.example.org",
        title="Quince años de prevención de la violencia juvenil con gobiernos municipales",
        summary=(
            "La Fundación Convivencia Segura trabaja desde 2010 con gobiernos municipales "
            "del occidente de El Salvador en la prevención de la violencia juvenil. Su "
            "modelo de Espacios de Oportunidad Juvenil combina tutoría escolar, formación "
            "técnica, deporte y atención psicosocial en barrios con alta presencia de "
            "pandillas, y se gestiona junto con los comités municipales de prevención. En "
            "los nueve municipios donde opera, la deserción escolar de los participantes "
            "cayó a menos de la mitad y más de dos mil jóvenes accedieron a un empleo o "
            "emprendimiento. En 2024 transfirió su metodología a dos municipalidades "
            "peruanas mediante convenios de cooperación técnica, con asistencia en el "
            "diseño, la formación de facilitadores y el monitoreo."
        ),
        problem=(
            "Los barrios atendidos concentraban homicidios, extorsión y reclutamiento de "
            "adolescentes por pandillas, con altas tasas de deserción escolar y pocas "
            "opciones de empleo para jóvenes."
        ),
        intervention=(
            "Espacios de Oportunidad Juvenil abiertos en horario extendido, tutoría "
            "escolar, cursos técnicos certificados, ligas deportivas, acompañamiento "
            "psicosocial a familias y fortalecimiento de los comités municipales de "
            "prevención de la violencia, con un sistema común de seguimiento por "
            "participante."
        ),
        contribution=(
            "FUNCOS instaló capacidades en los gobiernos municipales para planificar la "
            "prevención con datos, formó a más de 300 facilitadores comunitarios y publicó "
            "sus manuales bajo licencia abierta. Su transferencia a municipios peruanos es "
            "un ejemplo de la cooperación técnica entre ciudades que estos premios buscan "
            "promover."
        ),
        results=[
            dict(
                indicator="Deserción escolar de adolescentes participantes",
                baseline=21.4,
                result=9.8,
                unit="%",
                source="Sistema de seguimiento de participantes de FUNCOS y registros escolares",
                period="2018–2025",
                period_start="2018-01",
                period_end="2025-12",
            ),
            dict(
                indicator="Jóvenes insertados en empleo o emprendimiento",
                baseline=0,
                result=2170,
                unit="jóvenes",
                source="Sistema de seguimiento de participantes de FUNCOS",
                period="2015–2025",
                period_start="2015-01",
                period_end="2025-12",
            ),
            dict(
                indicator="Municipios con comité de prevención activo y plan aprobado",
                baseline=2,
                result=9,
                unit="municipios",
                source="Actas de los concejos municipales",
                period="2015–2025",
                period_start="2015-01",
                period_end="2025-12",
            ),
        ],
        budget_amount=1250000,
        budget_currency="USD",
        partners=(
            "Nueve gobiernos municipales del occidente salvadoreño, Ministerio de "
            "Educación, dos institutos técnicos, empresas locales que ofrecen pasantías y "
            "una fundación internacional de cooperación."
        ),
        evidence_links=[
            "https://www.example.org/funcos/informe-impacto-2025.pdf",
        ],
        status="submitted",
    ),
    # ------------------------------------------------ ESP: institution (draft)
    dict(
        category="ESP",
        submitter="persona3@demo.premiossafecity.org",
        nominee_type="institution",
        municipality_ubigeo=None,
        nominee_name="Instituto de Análisis Urbano y Seguridad (IAUS)",
        nominee_country="PE",
        nominee_role="Centro de investigación independiente, Lima",
        nominee_contact="observatorio@iaus.example.org",
        title="Un observatorio abierto de seguridad para los municipios de Lima",
        summary=(
            "El Instituto de Análisis Urbano y Seguridad mantiene desde 2017 un "
            "observatorio abierto que procesa denuncias, encuestas de victimización e "
            "información municipal para los distritos de Lima Metropolitana y el Callao. "
            "Publica boletines trimestrales, mapas de puntos críticos y fichas por "
            "distrito que las gerencias de seguridad ciudadana usan para preparar sus "
            "planes locales. También ofrece asistencia técnica gratuita a municipalidades "
            "con pocos recursos para construir sus propias líneas de base y ha formado a "
            "analistas municipales en estadística aplicada y georreferenciación del delito."
        ),
        problem=(
            "La mayoría de municipalidades no contaba con analistas ni con información "
            "ordenada para diagnosticar la inseguridad en su territorio y elaborar planes "
            "locales con metas medibles."
        ),
        intervention=(
            "Observatorio de datos abiertos, boletines trimestrales, fichas distritales, "
            "cursos para analistas municipales y acompañamiento técnico en la elaboración "
            "de planes locales de seguridad ciudadana."
        ),
        contribution=(
            "Ha puesto a disposición de todos los municipios información comparable y "
            "gratuita, y ha formado una red de analistas que hoy trabajan en las "
            "gerencias de seguridad ciudadana de varios distritos."
        ),
        results=[
            dict(
                indicator="Municipalidades que usan las fichas del observatorio en su plan local",
                baseline=3,
                result=22,
                unit="municipalidades",
                source="Encuesta anual del IAUS a gerencias de seguridad ciudadana",
                period="2018–2025",
                period_start="2018-01",
                period_end="2025-12",
            ),
            dict(
                indicator="Analistas municipales formados",
                baseline=0,
                result=146,
                unit="personas",
                source="Registros de cursos del IAUS",
                period="2019–2025",
                period_start="2019-01",
                period_end="2025-12",
            ),
        ],
        budget_amount=420000,
        budget_currency="USD",
        partners=(
            "Municipalidades distritales de Lima y el Callao, universidades aliadas y "
            "fundaciones de cooperación internacional."
        ),
        evidence_links=[
            "https://www.example.org/iaus/observatorio",
        ],
        status="draft",
    ),
    # ----------------------------------------------------- INN: San Miguel CIS
    dict(
        category="INN",
        submitter="sanmiguel@demo.premiossafecity.org",
        nominee_type="municipality",
        municipality_ubigeo="150136",
        nominee_name="Municipalidad Distrital de San Miguel",
        nominee_country="PE",
        nominee_role="Municipalidad distrital",
        nominee_contact=None,
        title=(
            "Centro Integrado de Seguridad: videovigilancia con analítica y despacho "
            "unificado del serenazgo"
        ),
        summary=(
            "El Centro Integrado de Seguridad (CIS) de San Miguel reúne en una sola sala "
            "la videovigilancia, la central telefónica del serenazgo, el despacho de "
            "unidades y un enlace permanente con las comisarías del distrito. Sus 420 "
            "cámaras cuentan con analítica de video que detecta aglomeraciones, vehículos "
            "detenidos en zonas prohibidas y objetos abandonados, y genera alertas que un "
            "operador verifica antes de despachar. Todas las unidades y serenos llevan GPS, "
            "por lo que el sistema asigna automáticamente al más cercano. Desde su puesta "
            "en marcha, el tiempo promedio de llegada bajó de 14,2 a 6,8 minutos y los "
            "robos en la vía pública se redujeron en 30 %. El CIS no usa reconocimiento "
            "facial, conserva las imágenes 30 días y registra cada acceso."
        ),
        problem=(
            "Las cámaras, la central de llamadas y el despacho funcionaban por separado: "
            "los incidentes se registraban a mano, las unidades se asignaban por radio sin "
            "conocer su ubicación y la policía recibía la información tarde. Los robos en "
            "la vía pública en los ejes comerciales iban en aumento."
        ),
        intervention=(
            "Integración de videovigilancia, central de emergencias y despacho en una "
            "plataforma única; analítica de video con verificación humana; GPS en "
            "vehículos, motos y radios; protocolos conjuntos con la PNP y un efectivo "
            "policial destacado en la sala; política de protección de datos con retención "
            "de 30 días, registro de accesos y auditoría semestral."
        ),
        contribution=None,
        results=[
            dict(
                indicator="Tiempo promedio de llegada al lugar del incidente",
                baseline=14.2,
                result=6.8,
                unit="minutos",
                source="Sistema de despacho del CIS",
                period="2023–2025",
                period_start="2023-01",
                period_end="2025-12",
            ),
            dict(
                indicator="Robos en la vía pública",
                baseline=186,
                result=131,
                unit="denuncias/mes",
                source="Observatorio municipal de seguridad ciudadana, con datos de la PNP",
                period="2023–2025",
                period_start="2023-01",
                period_end="2025-12",
            ),
            dict(
                indicator="Incidentes detectados por cámaras antes de cualquier llamada",
                baseline=4,
                result=27,
                unit="%",
                source="Sistema de despacho del CIS",
                period="2023–2025",
                period_start="2023-01",
                period_end="2025-12",
            ),
            dict(
                indicator="Intervenciones en flagrancia con apoyo del CIS",
                baseline=21,
                result=48,
                unit="intervenciones/mes",
                source="Actas de intervención conjunta PNP–serenazgo",
                period="2023–2025",
                period_start="2023-01",
                period_end="2025-12",
            ),
        ],
        budget_amount=18600000,
        budget_currency="PEN",
        partners=(
            "Comisarías del distrito (PNP), Ministerio Público, juntas vecinales, "
            "asociaciones de comerciantes y una universidad que realizó la evaluación de "
            "impacto en la privacidad."
        ),
        evidence_links=[
            "https://www.example.org/sanmiguel/cis-informe-2025.pdf",
            "https://www.example.org/sanmiguel/cis-politica-datos",
        ],
        status="submitted",
    ),
    # -------------------------------------------------------- INN: San Isidro
    dict(
        category="INN",
        submitter="sanisidro@demo.premiossafecity.org",
        nominee_type="municipality",
        municipality_ubigeo="150131",
        nominee_name="Municipalidad Distrital de San Isidro",
        nominee_country="PE",
        nominee_role="Municipalidad distrital",
        nominee_contact=None,
        title="Anillo Digital San Isidro: lectura de placas y alerta de vehículos requeridos",
        summary=(
            "El Anillo Digital instala cámaras de lectura automática de placas en los 36 "
            "accesos vehiculares del distrito y las conecta, mediante convenio, con la "
            "relación de vehículos con requisitoria de la Policía Nacional. Cuando pasa un "
            "vehículo robado o vinculado a un delito, la central recibe una alerta en "
            "segundos y coordina su intervención con la policía en el siguiente cruce. El "
            "sistema también permite reconstruir rutas de fuga a pedido del Ministerio "
            "Público, siempre con registro de la consulta. En dos años se recuperaron 214 "
            "vehículos y el robo de autopartes bajó 45 %. Los datos de placas no "
            "requeridas se eliminan a los 15 días."
        ),
        problem=(
            "San Isidro recibe a diario más de un millón de desplazamientos. Los robos de "
            "vehículos y autopartes y los asaltos con vehículos de apoyo se concentraban en "
            "las zonas empresariales, y los autores salían del distrito sin ser detectados."
        ),
        intervention=(
            "Cámaras de lectura de placas en todos los accesos, integración con la base de "
            "requisitorias de la PNP, protocolo de intervención conjunta, tablero de "
            "alertas en la central y política de retención de 15 días para lecturas sin "
            "coincidencias."
        ),
        contribution=None,
        results=[
            dict(
                indicator="Vehículos con requisitoria recuperados",
                baseline=3,
                result=9,
                unit="vehículos/mes",
                source="Central de monitoreo municipal y Policía Nacional",
                period="2024–2025",
                period_start="2024-01",
                period_end="2025-12",
            ),
            dict(
                indicator="Robo de autopartes",
                baseline=74,
                result=41,
                unit="denuncias/mes",
                source="Observatorio municipal de seguridad ciudadana",
                period="2024–2025",
                period_start="2024-01",
                period_end="2025-12",
            ),
            dict(
                indicator="Tiempo entre la alerta y la intervención",
                baseline=11.5,
                result=4.3,
                unit="minutos",
                source="Registro de alertas de la central de monitoreo",
                period="2024–2025",
                period_start="2024-01",
                period_end="2025-12",
            ),
        ],
        budget_amount=2350000,
        budget_currency="USD",
        partners=(
            "Policía Nacional del Perú, Ministerio Público, municipalidades vecinas para "
            "el intercambio de alertas y la asociación de empresas del centro financiero."
        ),
        evidence_links=[
            "https://www.example.com/sanisidro/anillo-digital",
        ],
        status="submitted",
    ),
    # ------------------------------------------------------ INN: La Molina (draft)
    dict(
        category="INN",
        submitter="lamolina@demo.premiossafecity.org",
        nominee_type="municipality",
        municipality_ubigeo="150114",
        nominee_name="Municipalidad Distrital de La Molina",
        nominee_country="PE",
        nominee_role="Municipalidad distrital",
        nominee_contact=None,
        title="Patrullaje con drones en zonas de cerro y parques",
        summary=(
            "La Molina incorporó una flota de ocho drones con cámara térmica para apoyar al "
            "serenazgo en zonas de cerro, parques extensos y vías sin iluminación, donde "
            "el patrullaje a pie o en vehículo es lento. Los drones despegan desde tres "
            "bases y acuden a incidentes reportados por la central o por los vecinos, y "
            "transmiten imágenes en vivo para orientar a las unidades terrestres. También "
            "se usan en búsquedas de personas extraviadas y en la prevención de incendios "
            "forestales en las lomas. Los vuelos siguen un protocolo de privacidad que "
            "prohíbe grabar el interior de viviendas."
        ),
        problem=(
            "Las zonas de cerro y los parques del distrito tienen accesos difíciles y poca "
            "iluminación; allí se concentraban robos a transeúntes y el ingreso de "
            "personas a viviendas colindantes."
        ),
        intervention=(
            "Flota de drones con cámara térmica, tres bases de despegue, pilotos "
            "certificados del serenazgo, integración con la central de monitoreo y "
            "protocolo de privacidad."
        ),
        contribution=None,
        results=[
            dict(
                indicator="Tiempo de verificación de incidentes en zonas de cerro",
                baseline=18,
                result=7,
                unit="minutos",
                source="Central de monitoreo municipal",
                period="2025",
                period_start="2025-01",
                period_end="2025-12",
            ),
            dict(
                indicator="Robos a transeúntes en zonas de cerro y parques",
                baseline=38,
                result=29,
                unit="denuncias/mes",
                source="Observatorio municipal de seguridad ciudadana",
                period="2024–2025",
                period_start="2024-01",
                period_end="2025-12",
            ),
        ],
        budget_amount=3200000,
        budget_currency="PEN",
        partners="Comisarías del distrito, Cuerpo General de Bomberos y juntas vecinales.",
        evidence_links=[
            "https://www.example.net/lamolina/drones",
        ],
        status="draft",
    ),
    # ------------------------------------------------------------- RTS: Callao
    dict(
        category="RTS",
        submitter="callao@demo.premiossafecity.org",
        nominee_type="municipality",
        municipality_ubigeo="070101",
        nominee_name="Municipalidad Provincial del Callao",
        nominee_country="PE",
        nominee_role="Municipalidad provincial",
        nominee_contact=None,
        title="Callao Barrio Vivo: recuperación de espacios públicos y oportunidades para jóvenes",
        summary=(
            "Callao Barrio Vivo interviene doce barrios del Cercado del Callao afectados "
            "por la violencia armada entre grupos juveniles. La municipalidad recuperó 27 "
            "espacios públicos —losas deportivas, pasajes y parques— con iluminación LED, "
            "murales diseñados por los propios vecinos y mobiliario resistente, y los "
            "entrega en cogestión a comités barriales. En paralelo, ofrece a jóvenes de 15 "
            "a 29 años formación técnica vinculada a la actividad portuaria, orientación "
            "laboral y acompañamiento psicosocial. Entre 2022 y 2025, los homicidios con "
            "arma de fuego en los barrios intervenidos se redujeron a casi la mitad y 340 "
            "jóvenes consiguieron empleo formal."
        ),
        problem=(
            "Los barrios del Cercado del Callao concentraban homicidios con arma de fuego, "
            "extorsión y enfrentamientos entre grupos juveniles; los espacios públicos "
            "estaban abandonados y eran controlados por esos grupos."
        ),
        intervention=(
            "Recuperación física de espacios con diseño participativo, comités barriales "
            "de cogestión, programación cultural y deportiva nocturna, formación técnica "
            "con empresas del puerto, ruta de empleabilidad y atención psicosocial a "
            "jóvenes y familias."
        ),
        contribution=None,
        results=[
            dict(
                indicator="Homicidios con arma de fuego en los barrios intervenidos",
                baseline=23,
                result=12,
                unit="casos/año",
                source="Observatorio provincial de seguridad ciudadana",
                period="2022–2025",
                period_start="2022-01",
                period_end="2025-12",
            ),
            dict(
                indicator="Espacios públicos recuperados y en cogestión",
                baseline=0,
                result=27,
                unit="espacios",
                source="Gerencia de Desarrollo Urbano",
                period="2022–2025",
                period_start="2022-01",
                period_end="2025-12",
            ),
            dict(
                indicator="Jóvenes insertados en empleo formal",
                baseline=0,
                result=340,
                unit="jóvenes",
                source="Registro del programa y planillas electrónicas",
                period="2022–2025",
                period_start="2022-01",
                period_end="2025-12",
            ),
            dict(
                indicator="Vecinos que perciben inseguridad en su barrio",
                baseline=89.4,
                result=78.1,
                unit="%",
                source="Encuesta de victimización del observatorio provincial",
                period="2022–2025",
                period_start="2022-01",
                period_end="2025-12",
            ),
        ],
        budget_amount=12400000,
        budget_currency="PEN",
        partners=(
            "Policía Nacional del Perú, empresas del puerto y de logística, institutos "
            "técnicos, parroquias y organizaciones juveniles de los barrios."
        ),
        evidence_links=[
            "https://www.example.org/callao/barrio-vivo-informe",
            "https://www.example.org/callao/barrio-vivo-mapa",
        ],
        status="submitted",
    ),
    # ----------------------------------------------------------- TDG: San Borja
    dict(
        category="TDG",
        submitter="sanborja@demo.premiossafecity.org",
        nominee_type="municipality",
        municipality_ubigeo="150130",
        nominee_name="Municipalidad Distrital de San Borja",
        nominee_country="PE",
        nominee_role="Municipalidad distrital",
        nominee_contact=None,
        title="San Borja Segura Digital: expediente único de incidentes y atención en línea",
        summary=(
            "San Borja reemplazó los partes en papel del serenazgo por un expediente "
            "digital único que acompaña cada incidente desde el reporte del vecino hasta "
            "su cierre. Los vecinos reportan por aplicativo, web, WhatsApp o teléfono, y "
            "todos los canales alimentan el mismo sistema, que asigna el caso, registra "
            "las acciones y notifica al vecino cuando se resuelve. El sistema intercambia "
            "información con la comisaría bajo convenio y publica cada mes datos abiertos "
            "anonimizados. Hoy el 98 % de los incidentes se registra digitalmente y el "
            "tiempo promedio de cierre de los reportes vecinales pasó de 9,5 a 2,1 días."
        ),
        problem=(
            "La información de seguridad estaba dispersa en partes manuscritos, hojas de "
            "cálculo y mensajes, lo que impedía saber qué pasaba con cada reporte, "
            "analizar tendencias o rendir cuentas a los vecinos."
        ),
        intervention=(
            "Expediente digital único de incidentes, canales de reporte integrados, "
            "tabletas para los serenos, interoperabilidad con la comisaría, tablero "
            "público de indicadores, datos abiertos mensuales y política de seguridad de "
            "la información."
        ),
        contribution=None,
        results=[
            dict(
                indicator="Incidentes registrados digitalmente",
                baseline=35,
                result=98,
                unit="%",
                source="Sistema de gestión de incidentes",
                period="2024–2026",
                period_start="2024-01",
                period_end="2026-06",
            ),
            dict(
                indicator="Tiempo promedio de cierre de reportes vecinales",
                baseline=9.5,
                result=2.1,
                unit="días",
                source="Sistema de gestión de incidentes",
                period="2024–2026",
                period_start="2024-01",
                period_end="2026-06",
            ),
            dict(
                indicator="Reportes ciudadanos recibidos por canales digitales",
                baseline=0,
                result=2900,
                unit="reportes/mes",
                source="Sistema de gestión de incidentes",
                period="2024–2026",
                period_start="2024-01",
                period_end="2026-06",
            ),
        ],
        budget_amount=2750000,
        budget_currency="PEN",
        partners=(
            "Comisaría del distrito, Secretaría de Gobierno y Transformación Digital, "
            "juntas vecinales y una universidad que evaluó la usabilidad del aplicativo."
        ),
        evidence_links=[
            "https://www.example.org/sanborja/tablero-seguridad",
            "https://www.example.org/sanborja/datos-abiertos",
        ],
        status="submitted",
    ),
    # --------------------------------------------------------- TUR: Miraflores
    dict(
        category="TUR",
        submitter="miraflores@demo.premiossafecity.org",
        nominee_type="municipality",
        municipality_ubigeo="150122",
        nominee_name="Municipalidad Distrital de Miraflores",
        nominee_country="PE",
        nominee_role="Municipalidad distrital",
        nominee_contact=None,
        title="Miraflores Destino Seguro",
        summary=(
            "Miraflores Destino Seguro protege a los visitantes en los corredores "
            "turísticos del distrito: el malecón, el entorno del Parque Kennedy, las zonas "
            "de hoteles y los circuitos nocturnos. Una unidad de serenos bilingües patrulla "
            "junto con la policía de turismo y atiende en castellano, inglés y portugués. "
            "Hoteles, restaurantes y agencias integran una red de alerta que comunica "
            "incidentes a la central en tiempo real, y los turistas víctimas de un delito "
            "reciben acompañamiento hasta la comisaría para denunciar el mismo día. Entre "
            "2023 y 2025, las denuncias de turistas por hurto bajaron 40 %, aunque la "
            "llegada de visitantes creció 18 %."
        ),
        problem=(
            "Los hurtos de celulares y mochilas, las estafas y los robos en taxis "
            "informales afectaban a los turistas en las zonas de mayor afluencia. Muchos "
            "visitantes no denunciaban por el idioma o por la duración de su estadía."
        ),
        intervention=(
            "Unidad de serenos bilingües, patrullaje conjunto con la policía de turismo, "
            "red de alerta con hoteles y comercios, módulos de información turística, "
            "acompañamiento a víctimas para la denuncia y campañas preventivas en varios "
            "idiomas."
        ),
        contribution=None,
        results=[
            dict(
                indicator="Denuncias de turistas por hurto",
                baseline=96,
                result=58,
                unit="denuncias/mes",
                source="Policía de turismo y observatorio municipal",
                period="2023–2025",
                period_start="2023-01",
                period_end="2025-12",
            ),
            dict(
                indicator="Tiempo de atención a turistas que piden ayuda",
                baseline=11,
                result=5,
                unit="minutos",
                source="Central de serenazgo",
                period="2023–2025",
                period_start="2023-01",
                period_end="2025-12",
            ),
            dict(
                indicator="Visitantes que se sienten seguros en el distrito",
                baseline=71,
                result=86,
                unit="%",
                source="Encuesta municipal a visitantes",
                period="2023–2025",
                period_start="2023-01",
                period_end="2025-12",
            ),
        ],
        budget_amount=4100000,
        budget_currency="PEN",
        partners=(
            "Policía de turismo, asociación de hoteles y restaurantes, agencias de viaje, "
            "empresas de taxi formal y la oficina regional de información turística."
        ),
        evidence_links=[
            "https://www.example.org/miraflores/destino-seguro",
        ],
        status="submitted",
    ),
    # ----------------------------------------------------------- PRE: Surco
    dict(
        category="PRE",
        submitter="surco@demo.premiossafecity.org",
        nominee_type="municipality",
        municipality_ubigeo="150140",
        nominee_name="Municipalidad Distrital de Santiago de Surco",
        nominee_country="PE",
        nominee_role="Municipalidad distrital",
        nominee_contact=None,
        title="Vecindario Seguro: prevención situacional con juntas vecinales",
        summary=(
            "Vecindario Seguro aplica prevención situacional en los 40 sectores con más "
            "robos a viviendas de Santiago de Surco. Con las juntas vecinales, la "
            "municipalidad recorre cada sector, identifica los factores de riesgo "
            "—parques oscuros, muros ciegos, terrenos abandonados, accesos sin control— y "
            "ejecuta un plan de mejora con iluminación, poda, alarmas comunitarias y "
            "cámaras vecinales conectadas a la central. Cada sector tiene un sereno de "
            "enlace y una reunión mensual para revisar los datos. En los sectores "
            "intervenidos, los robos a viviendas cayeron 32 % sin aumento en los sectores "
            "vecinos, según el análisis de desplazamiento del observatorio municipal."
        ),
        problem=(
            "El robo a viviendas era el delito más denunciado del distrito y se "
            "concentraba en sectores con espacios públicos deteriorados y poca "
            "organización vecinal."
        ),
        intervention=(
            "Diagnóstico participativo por sector, mejoras de diseño urbano, alarmas "
            "comunitarias, cámaras vecinales integradas a la central, serenos de enlace y "
            "revisión mensual de indicadores con las juntas vecinales."
        ),
        contribution=None,
        results=[
            dict(
                indicator="Robos a viviendas en sectores intervenidos",
                baseline=142,
                result=97,
                unit="denuncias/mes",
                source="Observatorio municipal de seguridad ciudadana",
                period="2023–2025",
                period_start="2023-01",
                period_end="2025-12",
            ),
            dict(
                indicator="Juntas vecinales activas",
                baseline=88,
                result=210,
                unit="juntas",
                source="Subgerencia de Participación Vecinal",
                period="2023–2025",
                period_start="2023-01",
                period_end="2025-12",
            ),
            dict(
                indicator="Hogares víctimas de algún delito en los últimos doce meses",
                baseline=31.5,
                result=24.0,
                unit="%",
                source="Encuesta municipal de victimización",
                period="2023–2025",
                period_start="2023-01",
                period_end="2025-12",
            ),
        ],
        budget_amount=5600000,
        budget_currency="PEN",
        partners=(
            "Juntas vecinales, comisarías del distrito, empresa de distribución eléctrica "
            "y asociaciones de comerciantes."
        ),
        evidence_links=[
            "https://www.example.org/surco/vecindario-seguro",
        ],
        status="submitted",
    ),
    # ------------------------------------------------------- PRE: La Molina
    dict(
        category="PRE",
        submitter="lamolina@demo.premiossafecity.org",
        nominee_type="municipality",
        municipality_ubigeo="150114",
        nominee_name="Municipalidad Distrital de La Molina",
        nominee_country="PE",
        nominee_role="Municipalidad distrital",
        nominee_contact=None,
        title="Rutas Escolares Seguras",
        summary=(
            "Rutas Escolares Seguras protege el trayecto de los estudiantes entre su casa "
            "y el colegio en 46 instituciones educativas del distrito. En cada entorno "
            "escolar se trazaron rutas prioritarias con padres, docentes y estudiantes, se "
            "instalaron señalización y cruces seguros, y se asignaron serenos y "
            "voluntarios en los horarios de entrada y salida. El programa incluye talleres "
            "de prevención del acoso, del consumo de drogas y de los riesgos en línea, y un "
            "canal directo entre los directores y la central de serenazgo. Los incidentes "
            "en entornos escolares bajaron 41 % y la participación de padres voluntarios "
            "se triplicó."
        ),
        problem=(
            "Los alrededores de los colegios registraban robos de celulares, acoso a "
            "estudiantes, microcomercialización de drogas y accidentes de tránsito en las "
            "horas de entrada y salida."
        ),
        intervention=(
            "Mapeo participativo de rutas, mejoras viales y de señalización, presencia de "
            "serenos y padres voluntarios, talleres preventivos en aulas y canal directo "
            "entre colegios y la central."
        ),
        contribution=None,
        results=[
            dict(
                indicator="Incidentes en entornos escolares",
                baseline=63,
                result=37,
                unit="incidentes/mes",
                source="Central de serenazgo y reportes de directores",
                period="2024–2025",
                period_start="2024-03",
                period_end="2025-12",
            ),
            dict(
                indicator="Padres y madres voluntarios activos",
                baseline=120,
                result=365,
                unit="personas",
                source="Registro del programa",
                period="2024–2025",
                period_start="2024-03",
                period_end="2025-12",
            ),
        ],
        budget_amount=1450000,
        budget_currency="PEN",
        partners=(
            "Unidad de Gestión Educativa Local, asociaciones de padres de familia, "
            "comisarías del distrito y centro de salud mental comunitario."
        ),
        evidence_links=[
            "https://www.example.net/lamolina/rutas-escolares",
        ],
        status="submitted",
    ),
    # ------------------------------------------------------ PRE: Miraflores
    dict(
        category="PRE",
        submitter="miraflores@demo.premiossafecity.org",
        nominee_type="municipality",
        municipality_ubigeo="150122",
        nominee_name="Municipalidad Distrital de Miraflores",
        nominee_country="PE",
        nominee_role="Municipalidad distrital",
        nominee_contact=None,
        title=(
            "Miraflores sin Acoso: prevención de la violencia contra las mujeres en "
            "espacios públicos"
        ),
        summary=(
            "Miraflores sin Acoso previene el acoso sexual y otras formas de violencia "
            "contra las mujeres en calles, parques y transporte del distrito. La "
            "municipalidad capacitó a todo su serenazgo en un protocolo de atención con "
            "enfoque de género, creó una red de más de 160 negocios certificados como "
            "Puntos Seguros donde una mujer puede pedir ayuda, y mejoró la iluminación en "
            "los tramos señalados por las vecinas en marchas exploratorias nocturnas. Las "
            "víctimas son derivadas al Centro Emergencia Mujer con acompañamiento. El "
            "porcentaje de mujeres que evita transitar de noche por el distrito bajó de 58 "
            "% a 44 %."
        ),
        problem=(
            "Las encuestas municipales mostraban que la mayoría de mujeres había sufrido "
            "acoso en espacios públicos y que muchas evitaban salir de noche; los casos "
            "casi no se denunciaban."
        ),
        intervention=(
            "Protocolo de atención con enfoque de género, capacitación del serenazgo, red "
            "de Puntos Seguros en negocios, marchas exploratorias con vecinas, mejoras de "
            "iluminación y derivación acompañada al Centro Emergencia Mujer."
        ),
        contribution=None,
        results=[
            dict(
                indicator="Mujeres que evitan transitar de noche por el distrito",
                baseline=58,
                result=44,
                unit="%",
                source="Encuesta municipal de percepción",
                period="2024–2026",
                period_start="2024-01",
                period_end="2026-06",
            ),
            dict(
                indicator="Negocios certificados como Puntos Seguros",
                baseline=0,
                result=162,
                unit="negocios",
                source="Gerencia de Seguridad Ciudadana",
                period="2024–2026",
                period_start="2024-01",
                period_end="2026-06",
            ),
            dict(
                indicator="Casos de acoso atendidos y derivados con acompañamiento",
                baseline=6,
                result=31,
                unit="casos/mes",
                source="Central de serenazgo y Centro Emergencia Mujer",
                period="2024–2026",
                period_start="2024-01",
                period_end="2026-06",
            ),
        ],
        budget_amount=980000,
        budget_currency="PEN",
        partners=(
            "Centro Emergencia Mujer, comisaría del distrito, asociaciones de comerciantes "
            "y colectivos de mujeres del distrito."
        ),
        evidence_links=[
            "https://www.example.org/miraflores/sin-acoso",
        ],
        status="submitted",
    ),
    # ------------------------------------------------------------ CRI: Callao
    dict(
        category="CRI",
        submitter="callao@demo.premiossafecity.org",
        nominee_type="municipality",
        municipality_ubigeo="070101",
        nominee_name="Municipalidad Provincial del Callao",
        nominee_country="PE",
        nominee_role="Municipalidad provincial",
        nominee_contact=None,
        title="Sistema Provincial de Respuesta Inmediata",
        summary=(
            "El Sistema Provincial de Respuesta Inmediata articula en una sola sala de "
            "operaciones al serenazgo provincial, la policía, los bomberos, el sector "
            "salud y la autoridad portuaria. Cuenta con protocolos aprobados para 24 tipos "
            "de incidentes —desde robos y accidentes de tránsito hasta incendios "
            "industriales y alertas de tsunami— y con una sala de crisis que se activa ante "
            "eventos mayores. La central clasifica las llamadas por prioridad y despacha "
            "a la unidad más cercana de cualquier institución. El tiempo medio de respuesta "
            "bajó de 17,5 a 8,9 minutos, y en 2025 se realizaron doce simulacros con "
            "participación vecinal."
        ),
        problem=(
            "Cada institución atendía las emergencias por su cuenta, con números y radios "
            "distintos; en eventos mayores no había un mando unificado y la población "
            "recibía información contradictoria."
        ),
        intervention=(
            "Sala de operaciones compartida, clasificación de llamadas por prioridad, "
            "despacho por cercanía, protocolos para 24 tipos de incidentes, sala de "
            "crisis, sistema de alertas por mensajes y sirenas en zonas costeras, "
            "simulacros periódicos e informes posteriores a cada evento mayor."
        ),
        contribution=None,
        results=[
            dict(
                indicator="Tiempo medio de respuesta a emergencias",
                baseline=17.5,
                result=8.9,
                unit="minutos",
                source="Sistema de despacho de la sala de operaciones",
                period="2023–2025",
                period_start="2023-01",
                period_end="2025-12",
            ),
            dict(
                indicator="Llamadas atendidas en menos de 10 segundos",
                baseline=62,
                result=94,
                unit="%",
                source="Central telefónica de emergencias",
                period="2023–2025",
                period_start="2023-01",
                period_end="2025-12",
            ),
            dict(
                indicator="Simulacros con participación vecinal",
                baseline=2,
                result=12,
                unit="simulacros/año",
                source="Gerencia de Gestión del Riesgo de Desastres",
                period="2023–2025",
                period_start="2023-01",
                period_end="2025-12",
            ),
        ],
        budget_amount=9800000,
        budget_currency="PEN",
        partners=(
            "Policía Nacional del Perú, Cuerpo General de Bomberos Voluntarios, red de "
            "salud, autoridad portuaria, municipalidades distritales del Callao y "
            "organizaciones vecinales."
        ),
        evidence_links=[
            "https://www.example.org/callao/respuesta-inmediata",
        ],
        status="submitted",
    ),
    # ---------------------------------------------------- CRI: Surco (draft)
    dict(
        category="CRI",
        submitter="surco@demo.premiossafecity.org",
        nominee_type="municipality",
        municipality_ubigeo="150140",
        nominee_name="Municipalidad Distrital de Santiago de Surco",
        nominee_country="PE",
        nominee_role="Municipalidad distrital",
        nominee_contact=None,
        title="Surco Responde: gestión de eventos masivos y emergencias",
        summary=(
            "Surco Responde organiza la respuesta del distrito ante emergencias y eventos "
            "masivos, como conciertos, ferias y partidos en los recintos del distrito, que "
            "reúnen a decenas de miles de personas. El programa define un puesto de mando "
            "unificado con la policía, los bomberos y los organizadores, planes de "
            "evacuación por recinto, rutas de acceso reservadas para ambulancias y un "
            "sistema de alertas a vecinos de las zonas aledañas. Tras cada evento se "
            "elabora un informe de lecciones aprendidas que actualiza los protocolos."
        ),
        problem=(
            "Los eventos masivos generaban congestión, incidentes y tiempos de respuesta "
            "muy altos en las zonas cercanas a los recintos, sin una coordinación clara "
            "entre las instituciones."
        ),
        intervention=(
            "Puesto de mando unificado, planes de evacuación, rutas reservadas, alertas a "
            "vecinos e informes posteriores a cada evento."
        ),
        contribution=None,
        results=[
            dict(
                indicator="Tiempo de respuesta en zonas aledañas durante eventos masivos",
                baseline=24,
                result=12,
                unit="minutos",
                source="Central de serenazgo",
                period="2024–2025",
                period_start="2024-01",
                period_end="2025-12",
            ),
            dict(
                indicator="Eventos masivos con plan aprobado e informe posterior",
                baseline=20,
                result=100,
                unit="%",
                source="Subgerencia de Gestión del Riesgo de Desastres",
                period="2024–2025",
                period_start="2024-01",
                period_end="2025-12",
            ),
        ],
        budget_amount=1700000,
        budget_currency="PEN",
        partners=(
            "Policía Nacional del Perú, Cuerpo General de Bomberos y organizadores de "
            "eventos."
        ),
        evidence_links=[
            "https://www.example.org/surco/surco-responde",
        ],
        status="draft",
    ),
]

# ---------------------------------------------------------------------------
# The previous edition, still in judging: the jury's work in progress
#
# "III Premios Safe City 2025" shows what the 2026 edition cannot yet (its call
# is open): jurors assigned automatically, reviews submitted and in draft, a
# harsh and a lenient juror, a nomination the jury disagrees on, and jurors
# who missed the judging deadline. The round has no closing date of its own,
# so the late jurors can still finish; the edition's deadline has passed, so
# they show as overdue. Categories and rubrics are the 2026 ones of the same
# code. Local times in the edition's time zone.
# ---------------------------------------------------------------------------

PAST_EDITION: dict[str, Any] = dict(
    year=2025,
    name="III Premios Safe City 2025",
    timezone="America/Lima",
    nominations_open="2025-09-01T09:00",
    nominations_close="2025-12-15T23:59",
    judging_close="2026-02-15T23:59",
    ceremony="2026-03-20T19:00",
    ceremony_place="Lima, Perú — Misión de Ciudades Seguras",
    categories=["INN", "PRE"],
    judging_opened="2026-01-05T09:00",
    # who may read the other reviews once they submitted their own, per category
    review_visibility={"INN": "after_own", "PRE": "never"},
    assignment_seed=2025,
)

# How each demo juror scores (points added to a nomination's quality) and how far
# they got, in their own order of nominations: "submitted" reviews first, then
# "drafts", the rest not started (None: everything submitted).
JURY_HABITS: dict[str, dict[str, Any]] = {
    "jurado1@demo.premiossafecity.org": dict(bias=0, submitted=None, drafts=0),
    "jurado2@demo.premiossafecity.org": dict(bias=1, submitted=None, drafts=0),
    "jurado3@demo.premiossafecity.org": dict(bias=-2, submitted=3, drafts=1),   # harsh
    "jurado4@demo.premiossafecity.org": dict(bias=2, submitted=None, drafts=0),  # lenient
    "jurado5@demo.premiossafecity.org": dict(bias=0, submitted=2, drafts=1),    # behind
}

# A conflict of interest declared by a juror (kept out of that nomination's panel).
PAST_CONFLICTS: list[dict[str, Any]] = [
    dict(juror="jurado1@demo.premiossafecity.org", category="INN", municipality_ubigeo="150122",
         reason="Asesoré a la municipalidad en el diseño de su aplicación vecinal en 2024."),
]

OVERALL_COMMENTS = {
    "low": "La propuesta es interesante, pero la evidencia de resultados es débil y no muestra "
           "una línea de base clara.",
    "mid": "Programa sólido con resultados prometedores; convendría medir mejor su efecto y "
           "documentar los costos para que otros municipios puedan replicarlo.",
    "high": "Experiencia sobresaliente: resultados medidos, buena coordinación con la policía y "
            "los vecinos, y un modelo claramente replicable.",
}

# quality: the jury's shared impression on the 1–10 scale; `divides`: the jurors
# disagree sharply (the most generous of its panel far above, the strictest far below).
PAST_NOMINATIONS: list[dict[str, Any]] = [
    # ------------------------------------------------------------------ INN
    dict(category="INN", municipality_ubigeo="150136", quality=8,
         title="Central de videovigilancia integrada con analítica de video",
         summary="Unifica en una sola central las 420 cámaras municipales, las de comercios "
                 "adheridos y las alertas del serenazgo; la analítica de video avisa de "
                 "aglomeraciones y vehículos detenidos en zonas críticas.",
         problem="Las cámaras estaban repartidas en tres centros sin coordinación y nadie las "
                 "miraba de noche.",
         intervention="Central única con turnos 24/7, protocolo conjunto con la comisaría y "
                      "analítica de video en 60 puntos críticos.",
         indicator=("Tiempo medio de despacho tras una alerta", 11, 4, "minutos"),
         budget=2400000),
    dict(category="INN", municipality_ubigeo="150122", quality=7,
         title="Botón de pánico en la aplicación vecinal con geolocalización",
         summary="Un botón en la aplicación del distrito envía la ubicación del vecino a la "
                 "central de serenazgo y a los tres vecinos de confianza que haya elegido.",
         problem="Las llamadas de emergencia tardaban en atenderse y no daban la ubicación exacta.",
         intervention="Aplicación con botón de pánico, integración con la central y campañas de "
                      "registro en mercados y parques.",
         indicator=("Vecinos registrados en la aplicación", 0, 18500, "personas"),
         budget=650000),
    dict(category="INN", municipality_ubigeo="150131", quality=6, divides=True,
         title="Drones con reconocimiento facial en zonas comerciales",
         summary="Drones patrullan el centro financiero y comparan rostros con la lista de "
                 "requisitorias policiales; el piloto generó debate sobre la privacidad.",
         problem="Robos al paso frecuentes en horas punta en el centro financiero.",
         intervention="Cuatro drones con cámara térmica y software de reconocimiento facial "
                      "operados desde la central, con protocolo de borrado a las 72 horas.",
         indicator=("Robos al paso denunciados en la zona", 64, 41, "denuncias/mes"),
         budget=1300000),
    dict(category="INN", municipality_ubigeo="150140", quality=5,
         title="Alumbrado inteligente que se intensifica ante una alerta",
         summary="Las luminarias de 35 parques suben su intensidad y parpadean cuando un vecino "
                 "activa una alerta o la central detecta un incidente.",
         problem="Parques oscuros usados para el consumo de drogas y asaltos nocturnos.",
         intervention="Luminarias LED conectadas a la central, con sensores de ruido y un "
                      "protocolo de respuesta del serenazgo.",
         indicator=("Incidentes nocturnos en los parques intervenidos", 38, 29, "incidentes/mes"),
         budget=980000),
    dict(category="INN", municipality_ubigeo="150114", quality=7,
         title="Mapa predictivo de delitos con datos abiertos",
         summary="Un modelo estadístico publicado como datos abiertos orienta cada semana los "
                 "patrullajes hacia las cuadras con mayor riesgo estimado.",
         problem="Los patrullajes seguían rutas fijas que los delincuentes conocían.",
         intervention="Modelo de riesgo por cuadra, tablero público y rutas semanales acordadas "
                      "con la comisaría.",
         indicator=("Delitos patrimoniales registrados", 310, 236, "delitos/trimestre"),
         budget=420000),
    dict(category="INN", municipality_ubigeo="070101", quality=6,
         title="Red de radio digital entre serenazgo y policía portuaria",
         summary="Una red de radio digital cifrada comunica al serenazgo, la policía portuaria y "
                 "los bomberos del Callao en un mismo canal de emergencia.",
         problem="Cada institución usaba su propia radio y las coordinaciones se hacían por "
                 "teléfono.",
         intervention="Repetidoras digitales, 300 equipos y un protocolo de canal común.",
         indicator=("Operativos conjuntos coordinados por radio", 12, 85, "operativos/mes"),
         budget=1750000),
    dict(category="INN", municipality_ubigeo="150130", quality=4,
         title="Cámaras corporales para todo el serenazgo",
         summary="Cada agente de serenazgo lleva una cámara corporal que graba sus "
                 "intervenciones; las grabaciones se guardan 90 días.",
         problem="Quejas de vecinos por malos tratos y falta de pruebas en las intervenciones.",
         intervention="Compra de 180 cámaras, protocolo de uso y revisión mensual de quejas.",
         indicator=("Quejas contra agentes de serenazgo", 22, 15, "quejas/año"),
         budget=540000),
    # ------------------------------------------------------------------ PRE
    dict(category="PRE", municipality_ubigeo="150136", quality=7,
         title="Escuelas abiertas los fines de semana",
         summary="Los colegios públicos abren sábados y domingos con talleres de arte, deporte "
                 "y tutoría para adolescentes de los barrios con más pandillaje.",
         problem="Adolescentes sin actividades los fines de semana y captados por pandillas.",
         intervention="Convenio con la UGEL, 14 colegios abiertos, 60 talleristas y un sistema "
                      "de seguimiento de asistencia.",
         indicator=("Adolescentes que asisten de forma regular", 0, 1250, "adolescentes"),
         budget=890000),
    dict(category="PRE", municipality_ubigeo="150122", quality=6,
         title="Recuperación de espacios públicos con los vecinos",
         summary="Los vecinos eligen y diseñan con la municipalidad la recuperación de "
                 "esquinas abandonadas, que luego cuidan con juntas vecinales.",
         problem="Esquinas y pasajes abandonados que concentraban robos y consumo de alcohol.",
         intervention="Diseño participativo, obras menores, iluminación y mantenimiento "
                      "compartido con los vecinos.",
         indicator=("Espacios recuperados y mantenidos", 0, 46, "espacios"),
         budget=760000),
    dict(category="PRE", municipality_ubigeo="150131", quality=5,
         title="Prevención de estafas a adultos mayores",
         summary="Talleres y una línea telefónica ayudan a los adultos mayores a reconocer "
                 "estafas telefónicas y virtuales antes de perder sus ahorros.",
         problem="Aumento de estafas telefónicas a personas mayores que viven solas.",
         intervention="Talleres en centros del adulto mayor, línea de consulta y alertas con "
                      "los bancos del distrito.",
         indicator=("Estafas denunciadas por adultos mayores", 48, 31, "denuncias/año"),
         budget=150000),
    dict(category="PRE", municipality_ubigeo="150140", quality=8,
         title="Mediadores juveniles en los colegios",
         summary="Estudiantes formados como mediadores resuelven conflictos entre compañeros "
                 "antes de que escalen a peleas o amenazas fuera del colegio.",
         problem="Peleas a la salida de los colegios y amenazas entre grupos de estudiantes.",
         intervention="Formación de 320 mediadores, espacios de mediación y acompañamiento "
                      "psicológico con la DEMUNA.",
         indicator=("Peleas registradas a la salida de los colegios", 95, 37, "casos/año"),
         budget=310000),
    dict(category="PRE", municipality_ubigeo="150114", quality=5,
         title="Patrullaje a pie con las juntas vecinales",
         summary="Serenos y vecinos recorren a pie cada semana sus cuadras, registran "
                 "problemas de iluminación y derivan casos a la comisaría.",
         problem="Poca confianza entre vecinos, serenazgo y policía en las urbanizaciones.",
         intervention="Rutas semanales, fichas de registro y reuniones mensuales de "
                      "seguimiento.",
         indicator=("Juntas vecinales activas", 9, 27, "juntas"),
         budget=120000),
    dict(category="PRE", municipality_ubigeo="070101", quality=7,
         title="Deporte nocturno en barrios de alta incidencia",
         summary="Canchas iluminadas abren hasta la medianoche con ligas juveniles y "
                 "entrenadores que también son mentores.",
         problem="Jóvenes en la calle de noche en barrios con alta incidencia de homicidios.",
         intervention="Ocho canchas iluminadas, ligas con 90 equipos y mentores formados en "
                      "prevención de la violencia.",
         indicator=("Jóvenes que participan en las ligas", 0, 1100, "jóvenes"),
         budget=680000),
]


# ---------------------------------------------------------------------------
# Awards of earlier editions (2019–2025), imported into the library's history
#
# The 2024 award to San Miguel for its integrated security centre is real
# (PROGRAMME.md); its category name and summary, and every other row, are
# illustrative demo data and say so.
# ---------------------------------------------------------------------------

HISTORY = [
    dict(year=2024, category="Innovación tecnológica aplicada a la seguridad", place="oro",
         recipient="Municipalidad de San Miguel", country="PE",
         title="Centro Integrado de Seguridad Ciudadana",
         summary="Central que reúne videovigilancia, serenazgo y comunicación con la Policía "
                 "Nacional para atender emergencias desde un solo lugar. (Premio real; resumen "
                 "ilustrativo de la demo.)"),
    dict(year=2023, category="Programa de prevención del delito", place="plata",
         recipient="Municipalidad de Santiago de Surco", country="PE",
         title="Entornos escolares protegidos",
         summary="Rutas seguras al colegio con serenos, padres y comerciantes. (Dato ficticio "
                 "de demostración.)"),
    dict(year=2022, category="Programa de recuperación y transformación social", place="oro",
         recipient="Municipalidad Provincial del Callao", country="PE",
         title="Barrios recuperados con deporte y cultura",
         summary="Espacios públicos abandonados convertidos en canchas y centros culturales "
                 "gestionados con los vecinos. (Dato ficticio de demostración.)"),
    dict(year=2021, category="Premios especiales por contribución a la seguridad ciudadana",
         place="mención", recipient="Asociación Vecinos Alerta (ficticia)", country="PE",
         title="Red vecinal de alerta temprana",
         summary="Grupos de mensajería por cuadra enlazados con la central de serenazgo. (Dato "
                 "ficticio de demostración.)"),
    dict(year=2020, category="Programa de gestión de crisis y tiempos de respuesta",
         place="finalista", recipient="Municipalidad de Miraflores", country="PE",
         title="Respuesta coordinada en emergencias",
         summary="Protocolo único con bomberos, policía y salud durante la emergencia sanitaria. "
                 "(Dato ficticio de demostración.)"),
    dict(year=2019, category="Programa para el turismo seguro", place="oro",
         recipient="Municipalidad de Barranco", country="PE", title="Corredor turístico seguro",
         summary="Serenos bilingües y puntos de ayuda al turista en el circuito de bares y "
                 "museos. (Dato ficticio de demostración.)"),
    dict(year=2023, category="Transformación digital", place="bronce",
         recipient="Municipalidad de La Molina", country="PE", title="Denuncia vecinal en línea",
         summary="Aplicación para reportar incidencias con seguimiento público de cada caso. "
                 "(Dato ficticio de demostración.)"),
]
