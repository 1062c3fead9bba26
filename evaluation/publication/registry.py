"""The published figures of Werkreport 1 (metadata/published_figures.csv): what the report printed,
its German label, and the function of `evaluation.findings` that computes each one."""
from __future__ import annotations

from functools import partial

import pandas as pd

from evaluation import metadata_files
from evaluation.findings import offers, pandemic, participation, process_support as ps, satisfaction, structures, sustainability


def published() -> pd.DataFrame:
    """One row per printed value: id, label (German), section, place, published_text, printed_value, unit."""
    return metadata_files.read("published_figures.csv")


def labels() -> dict[str, str]:
    """id → the German label a reader sees instead of the id."""
    table = published()
    return dict(zip(table["id"], table["label"]))


ind = structures.indicator
body = partial(structures.indicator, name="body_member")

FINDINGS = {
    # 3.1 Inanspruchnahme
    "municipalities_total": participation.municipalities_total,
    "model_areas_total": participation.model_areas_total,
    "cohorts": participation.cohorts,
    "share_independent_cities": partial(participation.quota, category="Kreisfreie Städte"),
    "share_districts": partial(participation.quota, category="Landkreise*"),
    "independent_cities_participating": lambda ds: participation.by_type(ds, "kreisfreie Stadt"),
    "districts_participating": lambda ds: participation.by_type(ds, "Landkreis"),
    "further_towns": lambda ds: participation.by_type(ds, "Stadt"),
    "deepening_phases": participation.deepening_phases,
    # 3.2.3 Corona
    "deepening_phases_2020": pandemic.deepening_decided,
    "new_municipalities_2020": pandemic.new_municipalities,
    "municipalities_left_pandemic": pandemic.left_programme,
    # 3.2.1 Strategie und Strukturen
    "political_resolution": partial(ind, name="political_resolution"),
    "impact_goal_defined": partial(ind, name="impact_goal_defined"),
    "impact_orientation_started": partial(ind, name="impact_orientation_started"),
    "impact_model_used": partial(ind, name="impact_model_used"),
    "coordination_office_established": partial(ind, name="coordination_office_established"),
    "coordination_in_youth_office": partial(structures.coordination_in, department="Jugendamt"),
    # 3.2.1.2 Zusammenarbeit
    "participation_youth_welfare": partial(body, value="Kinder- und Jugendhilfe"),
    "participation_public_health": partial(body, value="ÖGD"),
    "cooperation_youth_welfare_public_health": partial(ind, name="cooperation_youth_welfare_public_health"),
    "participation_daycare_staff": partial(body, value="Kitafach- und Leitungskräfte"),
    "participation_daycare_services": partial(body, value="Kommunale Kitafachdienste"),
    "participation_education_admin": partial(body, value="Kommunaler Bildungsbereich"),
    "participation_school_heads_social_work": partial(body, value="Schulleitungen und Schulsozialarbeit"),
    "participation_jobcenter": partial(body, value="Jobcenter"),
    "needs_determination": partial(ind, name="needs_determination"),
    "needs_survey": partial(ind, name="needs_survey"),
    "wishes_survey": partial(ind, name="wishes_survey"),
    # 3.2.2 Angebote
    "offers_families": offers.family_offers,
    "offers_material_share": partial(offers.family_offer_share, column="life_situation", value="materiell"),
    "offers_all_ages_share": partial(offers.family_offer_share, column="age_group", value="altersübergreifend"),
    "offers_age_3_6_share": partial(offers.family_offer_share, column="age_group", value="3 bis 6 Jahre"),
    "offers_professionals": offers.professional_offers,
    # 3.3 Prozessbegleitung
    "advisory_contacts_per_month": partial(ps.contact_range, kind=ps.PROCESS_CONTACT, per="month"),
    "advisory_contacts_per_year": partial(ps.contact_range, kind=ps.PROCESS_CONTACT, per="year"),
    "talks_in_municipalities": partial(ps.activity_count, kind="Vortrag"),
    "impact_contacts_per_month": partial(ps.contact_range, kind=ps.IMPACT_CONTACT, per="month"),
    "impact_contacts_per_year": partial(ps.contact_range, kind=ps.IMPACT_CONTACT, per="year"),
    "impact_workshops": partial(ps.activity_count, kind="Workshop Wirkungsorientierung"),
    "impact_workshops_summary": partial(ps.activity_count, kind="Workshop Wirkungsorientierung"),
    "trainings_coordinators": partial(ps.activity_count, kind="Fortbildung"),
    "conferences": partial(ps.activity_count, kind="Tagung"),
    "publications": partial(ps.activity_count, kind="Publikation"),
    "social_media_items": partial(ps.activity_count, kind="Social Media"),
    # 3.3.6 Bewertung
    "satisfaction_very": lambda ds: satisfaction.share(ds, "sehr zufrieden"),
    "satisfaction_satisfied": lambda ds: satisfaction.share(ds, "zufrieden"),
    "satisfaction_total": lambda ds: satisfaction.share(ds, "sehr zufrieden", "zufrieden"),
    # 3.4 Nachhaltigkeit
    "continuation_decided": partial(sustainability.continuation_share, status="beschlossen"),
    "continuation_pending": partial(sustainability.continuation_share, status="offen"),
    # 4 Fazit
    "offers_families_summary": offers.family_offers,
    "offers_professionals_summary": offers.professional_offers,
}
