"""create_app(settings) → Litestar: every piece of the app is composed here, explicitly.

Importing a domain's modules defines things and does nothing else; this function builds each domain's
settings from the one `Settings` object, registers what domains lend each other (media owners, the
entries written about a model, dashboard cards, health checks) and hands them to handlers as
dependencies. Two apps built in one process share no state but the Piccolo table classes, which are
pointed at the app's engine when it starts.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
import anyio.to_thread
from litestar import Litestar
from litestar.config.response_cache import ResponseCacheConfig
from litestar.datastructures import ResponseHeader, State
from litestar.di import Provide
from litestar.middleware.base import DefineMiddleware
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig
from litestar.types import ControllerRouterHandler
from piccolo.engine.base import Engine

from guong_dan_van import __version__, db
from guong_dan_van.accounts import services as accounts
from guong_dan_van.accounts.controllers import AuthController, UserController
from guong_dan_van.accounts.middleware import AuthMiddleware
from guong_dan_van.accounts.pages import UserPages
from guong_dan_van.accounts.passwords import Hasher
from guong_dan_van.accounts.services import LoginPolicy
from guong_dan_van.contest import services as contest
from guong_dan_van.contest.controllers import API_ROUTES as CONTEST_API
from guong_dan_van.contest.pages import WEB_ROUTES as CONTEST_PAGES
from guong_dan_van.core.cards import CardSource
from guong_dan_van.core.errors import exception_handler
from guong_dan_van.core.pagination import provide_page_params
from guong_dan_van.core.stamps import ChangeStamp
from guong_dan_van.judging import services as judging
from guong_dan_van.judging.controllers import API_ROUTES as JUDGING_API
from guong_dan_van.judging.pages import WEB_ROUTES as JUDGING_PAGES
from guong_dan_van.media.controllers import MEDIA_ROUTES, upload_routes
from guong_dan_van.media.services import Media, sweep_temp_files
from guong_dan_van.public.dependencies import PublicMemo
from guong_dan_van.public.pages import WEB_ROUTES as PUBLIC_PAGES
from guong_dan_van.publishing import services as publishing
from guong_dan_van.publishing.controllers import API_ROUTES as PUBLISHING_API
from guong_dan_van.publishing.pages import WEB_ROUTES as PUBLISHING_PAGES
from guong_dan_van.registry import services as registry
from guong_dan_van.registry.controllers import API_ROUTES as REGISTRY_API
from guong_dan_van.registry.pages import WEB_ROUTES as REGISTRY_PAGES
from guong_dan_van.search.controllers import API_ROUTES as SEARCH_API
from guong_dan_van.search.embedded import EmbeddedEngine
from guong_dan_van.search.engine import EngineDown, SearchEngine
from guong_dan_van.search.health import search_status
from guong_dan_van.search.meili import MeiliEngine
from guong_dan_van.search.pages import WEB_ROUTES as SEARCH_PAGES
from guong_dan_van.search.services import Indexer
from guong_dan_van.search.sources import Published
from guong_dan_van.settings import Settings
from guong_dan_van.units import services as units
from guong_dan_van.units.controllers import UnitController
from guong_dan_van.units.pages import UnitOptionPages, UnitPages
from guong_dan_van.web.errors import web_error_response
from guong_dan_van.web.health import HealthCheck, health
from guong_dan_van.web.shell import SHELL_ROUTES

WEB_DIR = Path(__file__).parent / "web"
STATIC_PREFIX = "/static"

# Each domain adds its controllers here; the order is the order of the OpenAPI document.
API_ROUTES: list[ControllerRouterHandler] = [
    health,
    AuthController,
    UserController,
    UnitController,
    *MEDIA_ROUTES,
    *REGISTRY_API,
    *CONTEST_API,
    *JUDGING_API,
    *PUBLISHING_API,
    *SEARCH_API,
]
PAGE_ROUTES: list[ControllerRouterHandler] = [
    *SHELL_ROUTES,
    UnitPages,
    UnitOptionPages,
    UserPages,
    *REGISTRY_PAGES,
    *CONTEST_PAGES,
    *JUDGING_PAGES,
    *PUBLISHING_PAGES,
    *PUBLIC_PAGES,
    *SEARCH_PAGES,
]

# The dashboard's cards, in the order they show.
DASHBOARD_CARDS: list[CardSource] = [
    units.dashboard_cards,
    accounts.dashboard_cards,
    registry.dashboard_cards,
    contest.dashboard_cards,
    judging.dashboard_cards,
]

SECURITY_HEADERS = [
    ResponseHeader(name="X-Content-Type-Options", value="nosniff"),
    ResponseHeader(name="X-Frame-Options", value="DENY"),
    ResponseHeader(name="Referrer-Policy", value="same-origin"),
    ResponseHeader(
        name="Content-Security-Policy",
        value="default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'",
    ),
]


def make_media(settings: Settings) -> Media:
    """The media domain with every owner type the other domains lend it."""
    media = Media.create(
        media_dir=settings.media_dir,
        max_upload_bytes=settings.max_upload_bytes,
        max_image_pixels=settings.max_image_pixels,
        max_attachment_bytes=settings.max_attachment_bytes,
    )
    media.owners.register(
        "model",
        can_view=registry.ensure_can_view,
        can_edit=registry.ensure_can_edit,
        path="models",
        label="mô hình",
    )
    media.owners.register(
        "entry",
        # Judges see entries through judging (assigned, no conflict), blind where the round is.
        can_view=judging.ensure_can_view_entry,
        can_edit=contest.ensure_can_edit_entry,
        blind_for=judging.blind_for,
        path="entries",
        label="tác phẩm dự thi",
        attachments=True,
    )
    return media


def make_search_engine(settings: Settings) -> SearchEngine:
    """The embedded tantivy index under GDV_DATA_DIR (default), or Meilisearch at GDV_MEILI_URL."""
    if settings.search_backend == "meilisearch":
        return MeiliEngine(settings.meili_url, settings.meili_key)
    return EmbeddedEngine(settings.data_dir / "search")


def make_indexer(settings: Settings, media: Media, published: Published | None = None) -> Indexer:
    """The search engine with what documents are built from. `published(item_type, ids)` says which records
    are published: by default the publishing domain's answer."""
    return Indexer(
        engine=make_search_engine(settings),
        published=published or publishing.published_ids,
        attachment_path=media.storage.path,
    )


def make_hasher(settings: Settings) -> Hasher:
    return Hasher(time_cost=settings.argon2_time_cost, memory_kib=settings.argon2_memory_kib)


def make_login_policy(settings: Settings) -> LoginPolicy:
    return LoginPolicy(
        session_hours=settings.session_hours,
        window_minutes=settings.login_window_minutes,
        max_failures_per_user=settings.login_max_failures_per_user,
        max_failures_per_address=settings.login_max_failures_per_address,
    )


def _constant(value: object) -> Provide:
    """A dependency that is always this app's own object."""

    def provide() -> object:
        return value

    return Provide(provide, use_cache=True, sync_to_thread=False)


def create_app(
    settings: Settings | None = None,
    engine: Engine | None = None,
    extra_routes: Sequence[ControllerRouterHandler] = (),
    manage_engine: bool = True,
    awarded_entry_ids: publishing.AwardedEntryIds | None = None,
    published: Published | None = None,
    search_worker: bool | None = None,
) -> Litestar:
    """Build the app. Tests pass an engine they opened themselves and `manage_engine=False`.

    `awarded_entry_ids` is the seam between results and publishing: which entries won a prize (by default
    the judging domain's awards in sealed rounds; tests may pass their own). `published` tells search which
    records are published (by default the publishing domain's answer); the search worker (the outbox indexer)
    runs in the lifespan unless `search_worker=False` (default: when the app manages its engine).
    """
    settings = settings or Settings.from_env()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    settings.media_dir.mkdir(parents=True, exist_ok=True)
    engine = engine or db.make_engine(settings)
    media = make_media(settings)
    hasher = make_hasher(settings)
    login_policy = make_login_policy(settings)
    awarded = awarded_entry_ids or judging.awarded_entry_ids
    # Moved by publishing on every change of a publication; read by the chuyên trang's memo (every worker).
    public_changes = ChangeStamp(settings.data_dir / "public-stamp")
    dashboard_cards = [*DASHBOARD_CARDS, publishing.cards_for(awarded)]
    indexer = make_indexer(settings, media, published)
    run_worker = manage_engine if search_worker is None else search_worker

    async def database_status() -> str:
        try:
            await engine.run_ddl("SELECT 1")
        except Exception:
            return "down"
        return "ok"

    async def search_health() -> str:
        return await search_status(indexer)

    health_checks: dict[str, HealthCheck] = {"database": database_status, "search": search_health}

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        db.use(engine)
        sweep_temp_files(media.storage)
        with contextlib.suppress(EngineDown):
            await anyio.to_thread.run_sync(indexer.engine.open)
        if manage_engine:
            await db.start(engine)
        try:
            async with anyio.create_task_group() as tasks:
                if run_worker:
                    tasks.start_soon(indexer.run)
                try:
                    yield
                finally:
                    tasks.cancel_scope.cancel()
            if run_worker:
                with contextlib.suppress(Exception):
                    await indexer.stop()
        finally:
            if manage_engine:
                await db.stop(engine)

    static_router = create_static_files_router(
        path=STATIC_PREFIX,
        directories=[WEB_DIR / "static"],
        include_in_schema=False,
        cache_control=None,
        opt={"exclude_from_auth": True},
    )

    return Litestar(
        route_handlers=[
            *API_ROUTES,
            *upload_routes(settings, media.owners),
            *PAGE_ROUTES,
            static_router,
            *extra_routes,
        ],
        lifespan=[lifespan],
        middleware=[DefineMiddleware(AuthMiddleware, exclude=["^/static/", "^/schema"])],
        exception_handlers={Exception: exception_handler(web_error_response)},
        dependencies={
            "page": Provide(provide_page_params, sync_to_thread=False),
            "media": _constant(media),
            "hasher": _constant(hasher),
            "login_policy": _constant(login_policy),
            "entries_about_model": _constant(contest.entries_about_model),
            "judges_of_edition_rounds": _constant(judging.judges_of_edition_rounds),
            "awarded_entry_ids": _constant(awarded),
            "judged_counts": _constant(judging.judged_counts),
            "dashboard_cards": _constant(dashboard_cards),
            "search": _constant(indexer),
            "public_changes": _constant(public_changes),
        },
        openapi_config=OpenAPIConfig(
            title="Gương Dân vận API",
            version=__version__,
            path="/schema",
            render_plugins=[
                SwaggerRenderPlugin(
                    path="/",
                    js_url=f"{STATIC_PREFIX}/vendor/swagger-ui/swagger-ui-bundle.js",
                    css_url=f"{STATIC_PREFIX}/vendor/swagger-ui/swagger-ui.css",
                    standalone_preset_js_url=f"{STATIC_PREFIX}/vendor/swagger-ui/swagger-ui-standalone-preset.js",
                    favicon=f"<link rel='icon' type='image/svg+xml' href='{STATIC_PREFIX}/favicon.svg'>",
                )
            ],
        ),
        template_config=TemplateConfig(directory=WEB_DIR / "templates", engine=JinjaTemplateEngine),
        response_headers=SECURITY_HEADERS,
        response_cache_config=ResponseCacheConfig(),
        request_max_body_size=settings.max_json_bytes,
        state=State(
            {
                "settings": settings,
                "engine": engine,
                "login_policy": login_policy,
                "media": media,
                "health_checks": health_checks,
                "public_memo": PublicMemo(settings.public_memo_seconds, stamp=public_changes),
                "search": indexer,
            }
        ),
        debug=settings.debug,
    )
