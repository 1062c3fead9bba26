"""German prose of the report, every number computed from a findings frame.

    participation   chapter 2, the overview of chapter 3 and 3.1 (Inanspruchnahme)
    structures      3.2 (Tabelle 1 and 2) and 3.2.1 (strategy, coordination office, cooperation; Abb. 4–9)
    appendix        the Anlagen: findings against the Werkreport, audit, data basis and methods
    narrative       the former per-chapter texts from the Dataset (read by chapters.py)
"""
__all__ = ["appendix", "narrative", "participation", "structures"]


def __getattr__(name: str):
    """Submodules load on first use, so `ev.prose.<module>` works in a notebook after `import evaluation as ev`."""
    import importlib
    try:
        return importlib.import_module(f".{name}", __name__)
    except ModuleNotFoundError as error:
        if error.name != f"{__name__}.{name}":
            raise
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
