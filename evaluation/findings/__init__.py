"""Findings of Werkreport 1 as pure functions of a Dataset, one module per report section.

    participation      3.1    municipalities, model areas, cohorts, quotas (Abb. 2, 3)
    structures         3.2.1  resolutions, impact orientation, coordination office, bodies, analyses (Abb. 4–9)
    groups             municipalities split by a column of the master data (by="cohort"), German group labels
    offers             3.2.2  offers for families and professionals (Abb. 11–14)
    pandemic           3.2.3  starts, deepening decisions and exits in 2020
    process_support    3.3    advisory contacts, talks, workshops, trainings (Abb. 15), publications
    satisfaction       3.3.6  coordinators' survey March 2021
    sustainability     3.4    continuation decisions
    tables             Tabelle 1 (contractual items) and Tabelle 2 (milestones)

Comparing them with the printed report is evaluation.publication's job.
"""
from evaluation.findings import groups, offers, pandemic, participation, process_support, satisfaction, structures, sustainability, tables
from evaluation.findings.base import Count

__all__ = ["Count", "groups", "offers", "pandemic", "participation", "process_support",
           "satisfaction", "structures", "sustainability", "tables"]
