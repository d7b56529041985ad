"""The layers README describes, checked on the source: each layer imports only the ones below it."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[1] / "bot"

# Modules that may talk to Telegram (README "Layout"); everything else is reusable without it.
TELEGRAM_MODULES = frozenset(
    {
        "bot.app",
        "bot.context",
        "bot.delivery",
        "bot.sending",
        "bot.keyboards",
        "bot.updates",
        "bot.ratelimit",
        "bot.render",
        "bot.watch.jobs",
    }
)
# What each package may never import (prefixes): a lower layer never reaches up.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "bot.domain": ("bot.", "telegram", "tinydb", "apscheduler", "jinja2"),
    "bot.store": ("bot.handlers", "bot.app", "bot.delivery", "bot.ingest", "bot.watch", "telegram"),
    "bot.ingest": ("bot.handlers", "bot.app", "bot.delivery", "bot.watch", "telegram"),
    "bot.watch": ("bot.handlers", "bot.app", "bot.delivery"),
    "bot.delivery": ("bot.handlers", "bot.app"),
    "bot.sending": ("bot.handlers", "bot.app", "bot.delivery"),
    "bot.keyboards": ("bot.handlers", "bot.app", "bot.delivery"),
    "bot.render": ("bot.handlers", "bot.app", "bot.delivery", "bot.store"),
    "bot.handlers": ("bot.app", "bot.cli"),
}
# The domain's own modules are allowed, and where the packaged reference data is.
ALLOWED: dict[str, tuple[str, ...]] = {"bot.domain": ("bot.domain", "bot.resources")}


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(BOT.rglob("*.py")):
        parts = path.relative_to(BOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, path


def _imports(module: str, path: Path) -> Iterator[str]:
    """Every module `path` imports, relative imports resolved."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base]) if base else ".".join(anchor)
            yield base


def _owner(module: str, table: dict[str, tuple[str, ...]]) -> str | None:
    return next((p for p in table if module == p or module.startswith(p + ".")), None)


def _is_under(name: str, prefix: str) -> bool:
    return name == prefix.rstrip(".") or name.startswith(
        prefix if prefix.endswith(".") else prefix + "."
    )


MODULES = list(_modules())


@pytest.mark.parametrize(("module", "path"), MODULES, ids=[m for m, _ in MODULES])
def test_each_module_imports_only_from_layers_below(module: str, path: Path) -> None:
    layer = _owner(module, FORBIDDEN)
    if layer is None:
        return
    allowed = ALLOWED.get(layer, ())
    wrong = sorted(
        {
            name
            for name in _imports(module, path)
            if any(_is_under(name, p) or name == p for p in FORBIDDEN[layer])
            and not any(_is_under(name, a) for a in allowed)
        }
    )
    assert not wrong, f"{module} ({layer} layer) imports {wrong}"


def test_only_the_telegram_layer_imports_telegram() -> None:
    talking = {
        module
        for module, path in MODULES
        if any(_is_under(name, "telegram") for name in _imports(module, path))
    }
    outside = sorted(
        m for m in talking if m not in TELEGRAM_MODULES and not m.startswith("bot.handlers")
    )
    assert not outside, (
        f"these modules import telegram but are not in the Telegram layer: {outside}"
    )


def test_the_layer_check_sees_a_wrong_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from bot.handlers.briefings import send_briefing\nimport telegram\n")
    assert set(_imports("bot.domain.bad", bad)) == {"bot.handlers.briefings", "telegram"}
