"""Cleaning a delivery into the Dataset of a reporting date; its quality overview."""


def __getattr__(name: str):
    """Submodules load on first use, so `ev.data.<module>` works in a notebook after `import evaluation as ev`."""
    import importlib
    try:
        return importlib.import_module(f".{name}", __name__)
    except ModuleNotFoundError as error:
        if error.name != f"{__name__}.{name}":
            raise
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
