"""Subpackages whose modules load on first use (PEP 562): `ev.prose.offers` works in a notebook after
`import evaluation as ev`, while the command line imports only what it needs (matplotlib and pandas cost
a second)."""
from __future__ import annotations

import importlib
from typing import Callable


def on_first_use(package: str, names: dict[str, str] | None = None) -> Callable[[str], object]:
    """A module-level `__getattr__` for `package` that imports `package.<name>` when it is first asked for;
    `names` maps further attributes to the module that defines them (`load` → `evaluation.data.loader`)."""
    names = names or {}

    def __getattr__(name: str):
        if name in names:
            return getattr(importlib.import_module(names[name]), name)
        try:
            return importlib.import_module(f"{package}.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"{package}.{name}":
                raise
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
    return __getattr__
