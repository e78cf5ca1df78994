"""Piccolo's configuration: the engine comes from GDV_DATABASE_URL, apps from each domain.

`guong_dan_van.db.bind` replaces DB at run time (tests switch engines); Piccolo's CLI reads it as is.
"""

from piccolo.conf.apps import AppRegistry
from piccolo.engine.base import Engine

from guong_dan_van.db import make_engine
from guong_dan_van.settings import database_url_from_env

DB: Engine = make_engine(database_url_from_env())

# Order matters only for readability; migration dependencies decide what runs first.
APP_REGISTRY = AppRegistry(
    apps=[
        "guong_dan_van.units.piccolo_app",
        "guong_dan_van.accounts.piccolo_app",
        "guong_dan_van.core.piccolo_app",
        "guong_dan_van.media.piccolo_app",
        "guong_dan_van.registry.piccolo_app",
        "guong_dan_van.contest.piccolo_app",
    ]
)
