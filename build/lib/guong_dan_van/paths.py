"""Where the files the package ships live, the same from a checkout (editable install) and from a wheel."""

from __future__ import annotations

import importlib.util
from pathlib import Path


def migrations_folder(app_name: str) -> str:
    """The folder of one Piccolo app's migrations.

    They stay in the repository's top-level `migrations/` folder; pyproject.toml maps that folder into
    the wheel as the package `guong_dan_van.migrations`, so an installed app finds them the same way.
    """
    spec = importlib.util.find_spec("guong_dan_van.migrations")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the migrations are not installed with the package (guong_dan_van.migrations)")
    return str(Path(next(iter(spec.submodule_search_locations))) / app_name)
