"""The `gdv` command: serve, migrate, create users, load demo data."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import click
import msgspec
from piccolo.engine.base import Engine

from guong_dan_van import db
from guong_dan_van.settings import Settings, SettingsError

T = TypeVar("T")


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc


def _run_with_engine(settings: Settings, work: Callable[[Engine], Awaitable[T]]) -> T:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = db.make_engine(settings, pool_max=2)

    async def main() -> T:
        db.use(engine)
        await db.start(engine)
        try:
            return await work(engine)
        finally:
            await db.stop(engine)

    return asyncio.run(main())


@click.group(help="Gương Dân vận: sổ mô hình “Dân vận khéo” và phòng chấm cuộc thi báo chí.")
def main() -> None:
    pass


@main.command(help="Apply migrations, then serve the app (uvicorn). --demo loads demo data into an empty database.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
@click.option("--demo", is_flag=True, help="Load the demo district (units, users, records) if the database is empty.")
def serve(host: str, port: int, workers: int, demo: bool) -> None:
    import uvicorn

    from guong_dan_van.app import make_hasher
    from guong_dan_van.demo import DEMO_LOGINS, seed_demo
    from guong_dan_van.migrate import migrate

    settings = _settings()

    async def prepare(engine: Engine) -> None:
        await migrate(engine)
        if demo:
            created = await seed_demo(hasher=make_hasher(settings), only_if_empty=True)
            click.echo("Đã nạp dữ liệu mẫu." if created else "Cơ sở dữ liệu đã có dữ liệu; bỏ qua dữ liệu mẫu.")

    _run_with_engine(settings, prepare)
    click.echo(f"Gương Dân vận đang chạy tại http://{host}:{port}")
    if demo:
        click.echo("Tài khoản dùng thử (tên đăng nhập / mật khẩu — vai trò):")
        for login in DEMO_LOGINS:
            click.echo(f"  {login.username:<12} {login.password:<24} {login.note}")
    uvicorn.run(
        "guong_dan_van.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        log_level="info",
    )


@main.command(help="Apply every pending database migration (SQLite or PostgreSQL, from GDV_DATABASE_URL).")
def migrate() -> None:
    from guong_dan_van.migrate import migrate as run_migrate

    _run_with_engine(_settings(), run_migrate)
    click.echo("Đã cập nhật cấu trúc cơ sở dữ liệu.")


@main.command("create-user", help="Create a user account (any role) from the command line.")
@click.option("--username", required=True, help="Login name: letters, digits, dot, dash, underscore.")
@click.option("--password", required=True, help="At least 8 characters.")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["admin", "unit", "judge", "media"]),
    help="Role of the account.",
)
@click.option("--full-name", default=None, help="Full name shown in the app (defaults to the username).")
@click.option("--unit-id", default=None, type=int, help="Id of the unit the user belongs to (required for role unit).")
def create_user(username: str, password: str, role: str, full_name: str | None, unit_id: int | None) -> None:
    from guong_dan_van.accounts import services
    from guong_dan_van.accounts.schemas import UserCreate
    from guong_dan_van.app import make_hasher
    from guong_dan_van.core.errors import DomainError
    from guong_dan_van.migrate import migrate as run_migrate

    try:
        data = msgspec.convert(
            {
                "username": username,
                "password": password,
                "full_name": full_name or username,
                "role": role,
                "unit_id": unit_id,
            },
            UserCreate,
        )
    except msgspec.ValidationError as exc:
        raise click.ClickException(f"Dữ liệu không hợp lệ: {exc}") from exc

    settings = _settings()

    async def work(engine: Engine) -> Any:
        await run_migrate(engine)
        return await services.create_user(None, data, hasher=make_hasher(settings))

    try:
        user = _run_with_engine(settings, work)
    except DomainError as exc:
        details = "; ".join(e.message for e in exc.errors) or exc.detail
        raise click.ClickException(details) from exc
    click.echo(f"Đã tạo tài khoản {user.username} (id {user.id}, vai trò {user.role}).")


@main.command("seed-demo", help="Load the demo district into the database (units, one user per role, sample records).")
@click.option("--force", is_flag=True, help="Load even if the database already has users.")
def seed_demo_cmd(force: bool) -> None:
    from guong_dan_van.app import make_hasher
    from guong_dan_van.demo import seed_demo
    from guong_dan_van.migrate import migrate as run_migrate

    settings = _settings()

    async def work(engine: Engine) -> bool:
        await run_migrate(engine)
        return await seed_demo(hasher=make_hasher(settings), only_if_empty=not force)

    created = _run_with_engine(settings, work)
    click.echo("Đã nạp dữ liệu mẫu." if created else "Cơ sở dữ liệu đã có dữ liệu; dùng --force để nạp thêm.")


def _report(verdict: Any, seal: str | None) -> None:
    """Print a verdict: the head, the results recomputed from the events; fail naming the first bad event."""
    if not verdict.valid:
        raise click.ClickException(f"Sổ cái KHÔNG hợp lệ. {verdict.problem}")
    if seal is not None and seal != verdict.head:
        raise click.ClickException(f"Mã niêm phong {seal} không khớp đầu chuỗi của sổ cái {verdict.head}.")
    click.echo(f"Sổ cái hợp lệ. Đầu chuỗi (mã niêm phong nếu đã niêm phong): {verdict.head}")
    click.echo(f"Kết quả tính lại từ các sự kiện (cách tính: {verdict.method}):")
    for r in verdict.results:
        score = "—" if r.score is None else f"{r.score:.6f}"
        click.echo(f"  {r.rank:>4}. tác phẩm #{r.entry_id:<8} điểm {score:>11}  ({r.n_scores} phiếu)")


@main.command(
    "verify-round", help="Re-check a round's ledger chain and scores, and recompute its results from the events."
)
@click.argument("round_id", type=click.IntRange(1))
def verify_round(round_id: int) -> None:
    from guong_dan_van.judging import services as judging
    from guong_dan_van.judging.tables import Round

    async def work(engine: Engine) -> Any:
        if not await Round.exists().where(Round.id == round_id).run():
            raise click.ClickException(f"Không có vòng chấm #{round_id}.")
        _events, verdict = await judging.verify_round(round_id)
        seal = await Round.select(Round.seal).where(Round.id == round_id).first().run()
        return verdict, seal["seal"] if seal else None

    verdict, seal = _run_with_engine(_settings(), work)
    _report(verdict, seal)


@main.command(
    "verify-ledger", help="Check a downloaded ledger JSON file alone (no database) and recompute the results."
)
@click.argument("file", type=click.File("rb"))
@click.option("--seal", default=None, help="The published seal to compare with the ledger's head.")
def verify_ledger(file: Any, seal: str | None) -> None:
    from guong_dan_van.judging import replay

    try:
        data = msgspec.json.decode(file.read())
    except msgspec.DecodeError as exc:
        raise click.ClickException(f"Tệp không phải JSON hợp lệ: {exc}") from exc
    events = data.get("events") if isinstance(data, dict) else data
    if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
        raise click.ClickException("Tệp cần có danh sách sự kiện (“events”) của sổ cái.")
    try:
        verdict = replay.check(events)
    except (KeyError, TypeError, ValueError) as exc:
        raise click.ClickException(f"Sự kiện thiếu hoặc sai trường: {exc}") from exc
    if verdict.valid and isinstance(data, dict) and data.get("head") not in (None, verdict.head):
        raise click.ClickException(
            f"Đầu chuỗi ghi trong tệp ({data['head']}) khác đầu chuỗi tính lại ({verdict.head})."
        )
    _report(verdict, seal)


@main.command(help="Rebuild the search index from the database; the app keeps answering from the old one meanwhile.")
def reindex() -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from guong_dan_van.app import make_indexer, make_media

    settings = _settings()
    indexer = make_indexer(settings, make_media(settings))

    async def work(engine: Engine) -> int:
        with Progress(
            TextColumn("Lập chỉ mục tìm kiếm"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()
        ) as progress:
            task = progress.add_task("reindex", total=None)

            def advance(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            return await indexer.rebuild(advance)

    try:
        count = _run_with_engine(settings, work)
    except Exception as exc:  # the engine down, the folder unwritable: say so, not a traceback
        raise click.ClickException(f"Không lập được chỉ mục: {exc}") from exc
    click.echo(f"Đã lập chỉ mục {count} mục ({indexer.engine.name}).")


if __name__ == "__main__":
    sys.exit(main())
