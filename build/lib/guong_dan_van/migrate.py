"""Applying Piccolo migrations (one folder per app under migrations/) to the engine in use."""

from __future__ import annotations

import contextlib
import io

from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.engine.base import Engine

from guong_dan_van import db


async def migrate(engine: Engine, *, quiet: bool = True) -> None:
    """Bring the schema up to date. Safe to run on every start: applied migrations are skipped."""
    db.use(engine)
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink) if quiet else contextlib.nullcontext():
        response = await run_forwards(app_name="all", fake=False)
    if not response.success:
        raise RuntimeError(f"migrations failed: {response.message}\n{sink.getvalue()}")
