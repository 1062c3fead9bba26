"""German prose of the report, every number computed from a findings frame.

    offers            3.2.2  offers for families (Abb. 11–13) and professionals (Abb. 14)
    pandemic          3.2.3  starts, deepenings and exits in the pandemic year, documented adaptations
    process_support   3.3    contacts, workshops, trainings and trend, publications, formats, satisfaction
    sustainability    3.4    continuation decisions
    quotes            3.3.6, 3.4  quote boxes with footnoted citations
    summary           4      the summary's paragraphs and its table of key figures
    narrative         the former texts from the Dataset (used by chapters.py)
"""
from evaluation.prose import narrative, offers, pandemic, process_support, quotes, summary, sustainability

__all__ = ["narrative", "offers", "pandemic", "process_support", "quotes", "summary", "sustainability"]
