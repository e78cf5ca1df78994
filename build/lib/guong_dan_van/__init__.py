"""Gương Dân vận: the registry of "Dân vận khéo" models and the judging room of its press contest."""

__version__ = "0.1.0"
