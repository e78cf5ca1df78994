"""create_app(settings) → Litestar: plugins, middleware, routers, lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

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
from guong_dan_van.accounts import passwords
from guong_dan_van.accounts import services as account_services
from guong_dan_van.accounts.controllers import AuthController, UserController
from guong_dan_van.accounts.middleware import AuthMiddleware
from guong_dan_van.contest.controllers import API_ROUTES as CONTEST_API
from guong_dan_van.contest.pages import WEB_ROUTES as CONTEST_PAGES
from guong_dan_van.core.controllers import health
from guong_dan_van.core.errors import exception_to_response
from guong_dan_van.core.pagination import provide_page_params
from guong_dan_van.media import services as media_services
from guong_dan_van.media.controllers import MEDIA_ROUTES, upload_routes
from guong_dan_van.registry.controllers import API_ROUTES as REGISTRY_API
from guong_dan_van.registry.pages import WEB_ROUTES as REGISTRY_WEB
from guong_dan_van.settings import Settings
from guong_dan_van.units.controllers import UnitController
from guong_dan_van.web.controllers import WEB_ROUTES

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


def configure_services(settings: Settings) -> None:
    passwords.configure(settings.argon2_time_cost, settings.argon2_memory_kib)
    account_services.configure(
        account_services.LoginPolicy(
            session_hours=settings.session_hours,
            window_minutes=settings.login_window_minutes,
            max_failures_per_user=settings.login_max_failures_per_user,
            max_failures_per_address=settings.login_max_failures_per_address,
        )
    )
    media_services.configure(
        media_dir=settings.media_dir,
        max_upload_bytes=settings.max_upload_bytes,
        max_image_pixels=settings.max_image_pixels,
        max_attachment_bytes=settings.max_attachment_bytes,
    )


def create_app(
    settings: Settings | None = None,
    engine: Engine | None = None,
    extra_routes: Sequence[ControllerRouterHandler] = (),
    manage_engine: bool = True,
) -> Litestar:
    """Build the app. Tests pass an engine they opened themselves and `manage_engine=False`."""
    settings = settings or Settings.from_env()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    settings.media_dir.mkdir(parents=True, exist_ok=True)
    engine = engine or db.make_engine(settings.database_url, postgres_pool_max=settings.postgres_pool_max)
    configure_services(settings)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        db.bind(engine)
        if not manage_engine:
            yield
            return
        await db.start(engine)
        try:
            yield
        finally:
            await db.stop(engine)

    static_router = create_static_files_router(
        path=STATIC_PREFIX,
        directories=[WEB_DIR / "static"],
        include_in_schema=False,
        cache_control=None,
        opt={"exclude_from_auth": True},
    )

    state: dict[str, Any] = {"settings": settings, "engine": engine}
    return Litestar(
        route_handlers=[
            *API_ROUTES,
            *upload_routes(settings),
            *WEB_ROUTES,
            *REGISTRY_WEB,
            *CONTEST_PAGES,
            static_router,
            *extra_routes,
        ],
        lifespan=[lifespan],
        middleware=[DefineMiddleware(AuthMiddleware, exclude=["^/static/", "^/schema"])],
        exception_handlers={Exception: exception_to_response},
        dependencies={"page": Provide(provide_page_params, sync_to_thread=False)},
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
        state=State(state),
        debug=settings.debug,
    )
