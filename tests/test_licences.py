"""Briefbot is MIT-licensed; every package it installs with must allow that.

Permissive licences and weak copyleft for a library used as it is (MPL-2.0, LGPL) are fine;
strong copyleft (GPL, AGPL, SSPL) is not, and a licence this check cannot read fails too, so a
new dependency is looked at before it lands.
"""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]

ALLOWED = frozenset(
    {
        "0BSD",
        "Apache-2.0",
        "BSD-2-Clause",
        "BSD-3-Clause",
        "CC0-1.0",
        "CNRI-Python",
        "HPND",
        "ISC",
        "LGPL-2.1-only",
        "LGPL-2.1-or-later",
        "LGPL-3.0-only",
        "LGPL-3.0-or-later",
        "MIT",
        "MIT-CMU",
        "MPL-2.0",
        "PSF-2.0",
        "Python-2.0",
        "Unlicense",
        "Zlib",
    }
)
# Trove classifiers and short free-text License fields, as SPDX identifiers.
ALIASES = {
    "mit license": "MIT",
    "mit": "MIT",
    "bsd license": "BSD-3-Clause",
    "bsd": "BSD-3-Clause",
    "apache software license": "Apache-2.0",
    "apache 2.0": "Apache-2.0",
    "isc license (iscl)": "ISC",
    "python software foundation license": "PSF-2.0",
    "mozilla public license 2.0 (mpl 2.0)": "MPL-2.0",
    "gnu lesser general public license v3 (lgplv3)": "LGPL-3.0-only",
    "gnu lesser general public license v2 or later (lgplv2+)": "LGPL-2.1-or-later",
    "gnu general public license (gpl)": "GPL",
    "gnu general public license v2 (gplv2)": "GPL-2.0-only",
    "gnu general public license v2 or later (gplv2+)": "GPL-2.0-or-later",
    "gnu general public license v3 (gplv3)": "GPL-3.0-only",
    "gnu general public license v3 or later (gplv3+)": "GPL-3.0-or-later",
    "gnu affero general public license v3": "AGPL-3.0-only",
    "gpl": "GPL",
}
STRONG_COPYLEFT = re.compile(r"^(A?GPL|SSPL|EUPL|OSL)\b")


def runtime_packages() -> dict[str, str]:
    """Every distribution `pip install briefbot` brings in: name -> version."""
    found: dict[str, str] = {}
    extras_seen: dict[str, set[str]] = {}
    todo = [Requirement(spec) for spec in PROJECT["dependencies"]]
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        extras = set(requirement.extras)
        if name in extras_seen and extras <= extras_seen[name]:
            continue
        extras_seen.setdefault(name, set()).update(extras)
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            raise AssertionError(f"{name} is a dependency but is not installed") from None
        found[name] = dist.version
        for spec in dist.requires or []:
            needed = Requirement(spec)
            wanted = {"", *extras_seen[name]}
            if needed.marker is None or any(needed.marker.evaluate({"extra": e}) for e in wanted):
                todo.append(needed)
    return found


def licences(name: str) -> tuple[list[list[str]] | None, set[str]]:
    """(SPDX alternatives from License-Expression, or None; identifiers read from the rest)."""
    metadata = distribution(name).metadata.json
    expression = metadata.get("license_expression")
    if isinstance(expression, str) and expression:
        alternatives = [
            re.findall(r"[A-Za-z0-9.+-]+", part.replace(" AND ", " "))
            for part in expression.split(" OR ")
        ]
        return alternatives, set()
    named: set[str] = set()
    field = str(metadata.get("license") or "").strip()
    if field and "\n" not in field and len(field) <= 40:
        named.add(ALIASES.get(field.lower(), field))
    for classifier in metadata.get("classifier") or []:
        if classifier.startswith("License :: OSI Approved :: "):
            label = classifier.removeprefix("License :: OSI Approved :: ")
            named.add(ALIASES.get(label.lower(), label))
    return None, named


def problem(name: str, version: str) -> str | None:
    """Why this distribution's licence does not go with MIT, or None when it does."""
    alternatives, named = licences(name)
    if alternatives is not None:
        if any(all(i in ALLOWED for i in option) for option in alternatives):
            return None
        return f"{name} {version}: {' OR '.join(' AND '.join(o) for o in alternatives)}"
    copyleft = sorted(i for i in named if STRONG_COPYLEFT.match(i))
    if copyleft:
        return f"{name} {version}: {', '.join(copyleft)} (strong copyleft)"
    if not named & ALLOWED:
        return f"{name} {version}: licence not recognised ({sorted(named) or 'none given'})"
    return None


def test_the_project_declares_mit() -> None:
    assert PROJECT["license"] == "MIT"
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")


def test_every_runtime_dependency_is_compatible_with_mit() -> None:
    packages = runtime_packages()
    assert "python-telegram-bot" in packages and "apscheduler" in packages

    problems = [p for p in (problem(n, v) for n, v in sorted(packages.items())) if p]

    assert problems == []


def test_the_check_refuses_gpl_and_unreadable_licences() -> None:
    """Not vacuous: pytest's own dependencies include none of these, so judge known cases."""
    assert STRONG_COPYLEFT.match(ALIASES["gnu general public license v2 or later (gplv2+)"])
    assert STRONG_COPYLEFT.match("AGPL-3.0-only") and not STRONG_COPYLEFT.match("LGPL-3.0-only")
    assert problem("pytest", distribution("pytest").version) is None
