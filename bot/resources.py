"""Where the templates and data are: inside the installed package, or beside it in a checkout.

A built wheel carries `briefs/` and `data/` as `bot/briefs` and `bot/data` (see pyproject.toml);
a checkout, and the editable install `make` does, keep them at the repository root.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resource_dir(name: str) -> Path:
    """The folder `name` (briefs, data) shipped with the package, wherever it was installed."""
    package = Path(str(files("bot")))
    installed = package / name
    return installed if installed.is_dir() else package.parent / name


TEMPLATES = resource_dir("briefs")
REFERENCE = resource_dir("data") / "reference"
ARTICLES = resource_dir("data") / "articles"
SOURCES = resource_dir("data") / "sources.yaml"
