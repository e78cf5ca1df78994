"""Gương Dân vận: the registry of "Dân vận khéo" models and the judging room of its press contest."""

import os

# Piccolo finds its configuration (engine, apps) through this module path.
os.environ.setdefault("PICCOLO_CONF", "guong_dan_van.piccolo_conf")

__version__ = "0.1.0"
