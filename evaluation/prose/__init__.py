"""German prose of the report, every number computed from a findings frame.

    participation   chapter 2, the overview of chapter 3 and 3.1 (Inanspruchnahme)
    structures      3.2 (Tabelle 1 and 2) and 3.2.1 (strategy, coordination office, cooperation; Abb. 4–9)
    narrative       the former per-chapter texts from the Dataset (read by chapters.py and the old reports)
"""
from evaluation.prose import narrative, participation, structures

__all__ = ["narrative", "participation", "structures"]
