"""The built wheel carries its templates and data, installs alone and answers from its corpus."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BUILT_FROM = ("pyproject.toml", "README.md", "LICENSE", "bot", "briefs", "data")
TIMEOUT = 120.0  # seconds: a ceiling for one build or install step, never a wait


def run(
    *command: str | Path, cwd: Path, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run a command to its end; a failure shows what it printed."""
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, f"{command} exited {result.returncode}:\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built as a wheel from a copy of the checkout (leaving no build/ in it)."""
    source = tmp_path_factory.mktemp("source")
    for name in BUILT_FROM:
        if (REPO / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
            shutil.copytree(REPO / name, source / name, ignore=ignore)
        else:
            shutil.copy2(REPO / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    run(
        sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", out, ".", cwd=source
    )
    [built] = out.glob("briefbot-*.whl")
    return built


def shipped(folder: str, under: str) -> set[str]:
    """Wheel paths of the checkout's files in `folder`, installed under `under`."""
    root = REPO / folder
    return {
        f"{under}/{path.relative_to(root).as_posix()}"
        for path in root.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_wheel_holds_every_module_template_and_data_file(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())

    assert shipped("bot", "bot") - names == set(), "a package is missing from pyproject.toml"
    assert shipped("briefs", "bot/briefs") - names == set()
    assert shipped("data", "bot/data") - names == set()
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)


def test_installed_wheel_answers_latest_from_its_bundled_corpus(
    wheel: Path, tmp_path: Path
) -> None:
    # Nothing of the checkout or the developer's shell: no PYTHONPATH, no bot settings.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "BRIEFBOT_", "PYTHON"))
    }
    env.update(BRIEFBOT_DB=str(tmp_path / "store.json"), COLUMNS="200")
    venv = tmp_path / "venv"
    python = venv / "bin" / "python"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path, env=env)
    where_sites = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = Path(run(python, "-c", where_sites, cwd=tmp_path, env=env).stdout.strip())
    # The dependencies come from this environment, offline; Briefbot itself only from the wheel.
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    pip = (sys.executable, "-m", "pip", "--python", python)
    run(*pip, "install", "--no-deps", "--no-index", "--quiet", wheel, cwd=tmp_path, env=env)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    templates = run(
        python, "-c", "import bot.resources as r; print(r.TEMPLATES)", cwd=elsewhere, env=env
    )
    first_start = run(venv / "bin" / "briefbot", "shell", cwd=elsewhere, env=env, stdin="/quit\n")
    answer = run(venv / "bin" / "briefbot", "ask", "/latest", cwd=elsewhere, env=env).stdout

    assert Path(templates.stdout.strip()) == site / "bot" / "briefs"
    assert "Loaded 5 bundled article(s)" in first_start.stderr
    assert answer.startswith("Latest dialogue\n\nHanoi, Seoul"), answer
    assert "\nMT Team, 13 Aug 2025:\n• " in answer  # the article, over its quoted statements
