"""notebooks/_toc.yml as data: which executed notebooks make the Werkreport, in which order.

The file (jupyter-book's shape, reduced to what the report needs):

    title: "Werkreport 1 – …"
    subtitle: "Auswertung aus den Rohdaten zum Stichtag {stichtag}"   # {stichtag} → 31.03.2022
    chapters:   [{file: 05_hintergrund}, …]     # the report's body, in this order
    appendices: [{file: 80_befunde}, …]         # after the heading „Anlagen“
    profile: 60_kommunensteckbrief              # run once per active municipality, not part of the report

`load()` checks the file and raises a German `TocError` naming the file and the bad entry;
`notebooks()` is the ordered list of notebook files a run executes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from evaluation.errors import EvaluationError

FILE = "_toc.yml"
KEYS = ("title", "subtitle", "chapters", "appendices", "profile")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]*$")


class TocError(EvaluationError):
    """notebooks/_toc.yml cannot be used: the message names the file and the entry."""


@dataclass(frozen=True)
class Toc:
    """The report's order. Notebook names are stems (`10_inanspruchnahme`), without folder or `.ipynb`."""
    title: str
    subtitle: str  # may hold "{stichtag}", filled with the German reporting date
    chapters: tuple[str, ...]
    appendices: tuple[str, ...] = ()
    profile: str | None = None
    source: str = FILE

    def subtitle_for(self, reporting_date: str) -> str:
        from evaluation.reporting_date import german
        return self.subtitle.replace("{stichtag}", german(reporting_date))

    @property
    def report(self) -> tuple[str, ...]:
        """The notebooks rendered into the report: chapters, then appendices."""
        return self.chapters + self.appendices

    def notebooks(self) -> list[str]:
        """The notebook files a run executes, in order: chapters, appendices, then the profile notebook."""
        return [f"{stem}.ipynb" for stem in self.report + ((self.profile,) if self.profile else ())]

    def restricted(self, available) -> "Toc":
        """The same order with only the notebooks in `available` (stems or file names)."""
        have = {Path(str(name)).stem for name in available}
        return Toc(self.title, self.subtitle, tuple(s for s in self.chapters if s in have),
                   tuple(s for s in self.appendices if s in have), self.profile, self.source)


def default_path() -> Path:
    from evaluation import paths
    return paths.notebooks_dir() / FILE


def _stem(value, where: str, source: str) -> str:
    if isinstance(value, dict):
        unknown = sorted(set(value) - {"file"})
        if unknown:
            raise TocError(f"{source}, {where}: unbekannter Schlüssel „{unknown[0]}“ (erlaubt ist nur „file“).")
        value = value.get("file")
    if not isinstance(value, str) or not value.strip():
        raise TocError(f"{source}, {where}: erwartet „file: <Notebook>“, gefunden {value!r}.")
    stem = value.strip().removesuffix(".ipynb")
    if not _NAME.match(stem):
        raise TocError(f"{source}, {where}: „{value}“ ist kein Notebook-Name im Ordner notebooks/ "
                       "(nur Buchstaben, Ziffern, _ und -, ohne Ordner).")
    return stem


def _entries(data: dict, key: str, source: str, required: bool) -> tuple[str, ...]:
    value = data.get(key)
    if value is None and not required:
        return ()
    if not isinstance(value, list) or (required and not value):
        raise TocError(f"{source}: „{key}“ muss eine Liste von Einträgen „- file: <Notebook>“ sein"
                       + (" und mindestens einen enthalten" if required else "") + f", gefunden {value!r}.")
    return tuple(_stem(item, f"{key}, Eintrag {i}", source) for i, item in enumerate(value, 1))


def parse(text: str, source: str = FILE) -> Toc:
    """The TOC from the file's text; German TocError naming `source` and the entry when it is not usable."""
    import yaml
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (Zeile {mark.line + 1})" if mark is not None else ""
        raise TocError(f"{source}{where}: kein gültiges YAML – {getattr(exc, 'problem', exc)}.") from None
    if not isinstance(data, dict):
        raise TocError(f"{source}: erwartet Schlüssel {', '.join(KEYS)}, gefunden {type(data).__name__}.")
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise TocError(f"{source}: unbekannter Schlüssel „{unknown[0]}“ (erlaubt: {', '.join(KEYS)}).")
    texts = {}
    for key in ("title", "subtitle"):
        value = data.get(key, "" if key == "subtitle" else None)
        if not isinstance(value, str) or (key == "title" and not value.strip()):
            raise TocError(f"{source}: „{key}“ muss ein Text sein, gefunden {value!r}.")
        texts[key] = value.strip()
    braces = set(re.findall(r"\{([^}]*)\}", texts["subtitle"])) - {"stichtag"}
    if braces:
        raise TocError(f"{source}, subtitle: Platzhalter „{{{sorted(braces)[0]}}}“ unbekannt (erlaubt: {{stichtag}}).")
    chapters = _entries(data, "chapters", source, required=True)
    appendices = _entries(data, "appendices", source, required=False)
    profile = data.get("profile")
    profile = None if profile is None else _stem(profile, "profile", source)
    seen: set[str] = set()
    for stem in chapters + appendices + ((profile,) if profile else ()):
        if stem in seen:
            raise TocError(f"{source}: Notebook „{stem}“ steht mehr als einmal im Inhaltsverzeichnis.")
        seen.add(stem)
    return Toc(texts["title"], texts["subtitle"], chapters, appendices, profile, source)


def load(path: Path | None = None) -> Toc:
    """notebooks/_toc.yml (or `path`) as a Toc."""
    path = Path(path) if path else default_path()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TocError(f"Inhaltsverzeichnis {path} nicht lesbar: {exc.strerror or exc}.") from None
    return parse(text, str(path))


def notebooks(path: Path | None = None) -> list[str]:
    """The notebook files a run must execute, in order (chapters, appendices, profile notebook)."""
    return load(path).notebooks()
