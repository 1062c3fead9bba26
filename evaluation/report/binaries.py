"""The document tools the report runs, as their pip wheels ship them: pandoc (pypandoc-binary); Typst is a library."""
from __future__ import annotations

import functools


@functools.cache
def pandoc() -> str:
    """The pandoc binary of pypandoc-binary (its path does not change while the process runs)."""
    import pypandoc
    return pypandoc.get_pandoc_path()
