"""`pip install .` (not only editable) gives a working app: migrations, templates and static files ship
in the wheel, and `gdv migrate` runs from it in any folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(("guong_dan_van", *p.parent.relative_to(ROOT / "src" / "guong_dan_van").parts)).rstrip(".")
        for p in (ROOT / "src" / "guong_dan_van").rglob("__init__.py")
    }
    on_disk |= {
        ".".join(("guong_dan_van", *p.parent.relative_to(ROOT).parts))
        for p in (ROOT / "migrations").rglob("__init__.py")
    }
    assert on_disk - listed == set(), "add these packages to [tool.setuptools] packages"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built from a copy of the sources, so that setuptools' build/ folder never lands in the checkout."""
    source = tmp_path_factory.mktemp("source")
    shutil.copy(ROOT / "pyproject.toml", source)
    for folder in ("src", "migrations"):
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return next(out.glob("guong_dan_van-*.whl"))


def test_the_wheel_holds_migrations_templates_and_static_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for app in ("units", "accounts", "core", "media", "registry", "contest"):
        assert any(n.startswith(f"guong_dan_van/migrations/{app}/{app}_") for n in names), app
    assert "guong_dan_van/web/templates/base.html" in names
    assert "guong_dan_van/web/static/vendor/htmx.min.js" in names


def test_gdv_migrate_runs_from_the_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GDV_")},
        "PYTHONPATH": str(site),
        "GDV_DATA_DIR": str(tmp_path / "data"),
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import guong_dan_van, sys; print(guong_dan_van.__file__); "
            "from guong_dan_van.cli import main; sys.argv=['gdv', 'migrate']; main()",
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.startswith(str(site)), "the test must run the wheel's copy, not the checkout"
    assert (tmp_path / "data" / "gdv.sqlite3").stat().st_size > 10_000
