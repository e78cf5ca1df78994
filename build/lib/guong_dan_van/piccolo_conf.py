"""Piccolo's configuration, read by Piccolo's own tools (`piccolo migrations new`, the migration runner).

Importing it builds nothing: `DB` is looked up when Piccolo asks for it. It is the engine the app or a
`gdv` command has put in use (`db.use`), or, when Piccolo's CLI runs on its own, one made from the settings.
"""

from __future__ import annotations

from piccolo.conf.apps import AppRegistry
from piccolo.engine.base import Engine

from guong_dan_van.db import PICCOLO_APPS, engine_in_use, make_engine
from guong_dan_van.settings import Settings

APP_REGISTRY = AppRegistry(apps=PICCOLO_APPS)


def __getattr__(name: str) -> Engine:
    if name != "DB":
        raise AttributeError(name)
    return engine_in_use() or make_engine(Settings.from_env())
