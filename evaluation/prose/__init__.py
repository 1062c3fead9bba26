"""German prose of the report, every number computed from a findings frame.

    participation     2, the overview of 3 and 3.1 (Inanspruchnahme)
    structures        3.2 (Tabelle 1 and 2) and 3.2.1 (strategy, coordination office, cooperation; Abb. 4–9)
    offers            3.2.2  offers for families (Abb. 11–13) and professionals (Abb. 14)
    pandemic          3.2.3  starts, deepenings and exits in the pandemic year, documented adaptations
    process_support   3.3    contacts, workshops, trainings and trend, publications, formats, satisfaction
    sustainability    3.4    continuation decisions
    quotes            3.3.6, 3.4  quote boxes with footnoted citations
    summary           4      the summary's paragraphs and its table of key figures
    appendix          the Anlagen: findings against the Werkreport, audit, data basis and methods
"""
from evaluation.submodules import on_first_use

__all__ = ["appendix", "offers", "pandemic", "participation", "process_support", "quotes", "structures",
           "summary", "sustainability"]

__getattr__ = on_first_use(__name__)
