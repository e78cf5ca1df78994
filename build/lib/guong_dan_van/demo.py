"""Demo data: a believable (fictional) district before and after the 1 July 2025 reform.

Huyện Phú Lâm, tỉnh Bình Sơn: the district and its offices end on 30 June 2025; their work passes to
the new Xã Phú Lâm, formed from the old town and two communes. Every text here is written for this project.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from guong_dan_van.accounts import services as accounts
from guong_dan_van.accounts.passwords import Hasher
from guong_dan_van.accounts.schemas import UserCreate
from guong_dan_van.accounts.tables import User
from guong_dan_van.contest.demo import seed_contest_demo
from guong_dan_van.core.pagination import PageParams
from guong_dan_van.core.permissions import Role
from guong_dan_van.registry.demo import seed_registry_demo
from guong_dan_van.units import services as units
from guong_dan_van.units.schemas import UnitCreate, UnitKind, UnitPatch

REFORM_END = dt.date(2025, 6, 30)
REFORM_START = dt.date(2025, 7, 1)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: Role
    full_name: str
    unit_code: str | None
    note: str


# The README lists these; keep both in step.
DEMO_LOGINS = [
    DemoLogin("admin", "admin-demo-2025", Role.admin, "Nguyễn Thị Thu Hà", "BSN-BTGDV", "Ban tổ chức, quản trị"),
    DemoLogin("donvi", "donvi-demo-2025", Role.unit, "Trần Văn Bình", "PL-HND", "Biên tập viên Hội Nông dân huyện"),
    DemoLogin("donvi2", "donvi2-demo-2025", Role.unit, "Lê Thị Mai", "PL-XTH", "Biên tập viên UBND xã Tân Hòa"),
    DemoLogin("giamkhao", "giamkhao-demo-2025", Role.judge, "Phạm Quốc Dũng", "BSN-BAO", "Giám khảo"),
    DemoLogin("giamkhao2", "giamkhao2-demo-2025", Role.judge, "Đặng Thu Trang", None, "Giám khảo (ngoài tỉnh)"),
    DemoLogin(
        "truyenthong",
        "truyenthong-demo-2025",
        Role.media,
        "Võ Minh Khôi",
        "PL-TTTT",
        "Trung tâm Truyền thông",
    ),
]

# (code, name, kind, parent code, valid_from, valid_to)
DEMO_UNITS: list[tuple[str, str, UnitKind, str | None, dt.date | None, dt.date | None]] = [
    ("BSN", "Tỉnh Bình Sơn", UnitKind.province, None, None, None),
    (
        "BSN-BTGDV",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Bình Sơn",
        UnitKind.department,
        "BSN",
        REFORM_START,
        None,
    ),
    ("BSN-BAO", "Báo và Phát thanh, Truyền hình Bình Sơn", UnitKind.press, "BSN", None, None),
    ("PL", "Huyện Phú Lâm", UnitKind.district, "BSN", None, REFORM_END),
    ("PL-BDV", "Ban Dân vận Huyện ủy Phú Lâm", UnitKind.department, "PL", None, REFORM_END),
    ("PL-VHTT", "Phòng Văn hóa và Thông tin huyện Phú Lâm", UnitKind.department, "PL", None, REFORM_END),
    ("PL-MTTQ", "Ủy ban MTTQ Việt Nam huyện Phú Lâm", UnitKind.mass_org, "PL", None, REFORM_END),
    ("PL-HND", "Hội Nông dân huyện Phú Lâm", UnitKind.mass_org, "PL", None, REFORM_END),
    ("PL-HLHPN", "Hội Liên hiệp Phụ nữ huyện Phú Lâm", UnitKind.mass_org, "PL", None, REFORM_END),
    ("PL-DTN", "Huyện đoàn Phú Lâm", UnitKind.mass_org, "PL", None, REFORM_END),
    ("PL-CCB", "Hội Cựu chiến binh huyện Phú Lâm", UnitKind.mass_org, "PL", None, REFORM_END),
    ("PL-BCHQS", "Ban Chỉ huy Quân sự huyện Phú Lâm", UnitKind.other, "PL", None, REFORM_END),
    (
        "PL-TTTT",
        "Trung tâm Truyền thông – Văn hóa – Thể thao huyện Phú Lâm",
        UnitKind.press,
        "PL",
        None,
        REFORM_END,
    ),
    ("PL-TT", "Thị trấn Phú Lâm", UnitKind.commune, "PL", None, REFORM_END),
    ("PL-XTH", "Xã Tân Hòa", UnitKind.commune, "PL", None, REFORM_END),
    ("PL-XDS", "Xã Đồng Sơn", UnitKind.commune, "PL", None, REFORM_END),
    ("PL-XTH-TD", "Thôn Đông, xã Tân Hòa", UnitKind.village, "PL-XTH", None, REFORM_END),
    ("PL-XDS-KB", "Thôn Khe Bạc, xã Đồng Sơn", UnitKind.village, "PL-XDS", None, REFORM_END),
    ("XPL", "Xã Phú Lâm", UnitKind.commune, "BSN", REFORM_START, None),
    ("XPL-DU", "Đảng ủy xã Phú Lâm", UnitKind.department, "XPL", REFORM_START, None),
    ("XPL-MTTQ", "Ủy ban MTTQ Việt Nam xã Phú Lâm", UnitKind.mass_org, "XPL", REFORM_START, None),
    ("XPL-TDP1", "Tổ dân phố Bến Đò, xã Phú Lâm", UnitKind.village, "XPL", REFORM_START, None),
]

# Units that ended on 30 June 2025 and the unit that carries their work on.
DEMO_SUCCESSORS = {
    "PL": "XPL",
    "PL-BDV": "XPL-DU",
    "PL-MTTQ": "XPL-MTTQ",
    "PL-TT": "XPL",
    "PL-XTH": "XPL",
    "PL-XDS": "XPL",
}

# Other domains register further demo data here; each receives the unit ids by code and user ids by username.
DemoSeeder = Callable[[dict[str, int], dict[str, int]], Awaitable[None]]
DEMO_SEEDERS: list[DemoSeeder] = [seed_registry_demo, seed_contest_demo]


async def seed_demo(*, hasher: Hasher, only_if_empty: bool = True) -> bool:
    if only_if_empty and await User.count().run() > 0:
        return False
    unit_ids: dict[str, int] = {}
    for code, name, kind, parent, valid_from, valid_to in DEMO_UNITS:
        existing = await units.list_units(PageParams(limit=200, offset=0))
        match = next((u for u in existing.items if u.code == code), None)
        if match is not None:
            unit_ids[code] = match.id
            continue
        created = await units.create_unit(
            None,
            UnitCreate(
                name=name,
                kind=kind,
                code=code,
                parent_id=unit_ids[parent] if parent else None,
                valid_from=valid_from,
                valid_to=valid_to,
            ),
        )
        unit_ids[code] = created.id
    for old, new in DEMO_SUCCESSORS.items():
        current = await units.get_unit(unit_ids[old])
        if current.successor_id is None:
            await units.patch_unit(
                None,
                unit_ids[old],
                UnitPatch(version=current.version, successor_id=unit_ids[new]),
            )
    user_ids: dict[str, int] = {}
    for login in DEMO_LOGINS:
        row = await User.select(User.id).where(User.username == login.username).first().run()
        if row is not None:
            user_ids[login.username] = row["id"]
            continue
        user = await accounts.create_user(
            None,
            UserCreate(
                username=login.username,
                password=login.password,
                full_name=login.full_name,
                role=login.role,
                unit_id=unit_ids[login.unit_code] if login.unit_code else None,
            ),
            hasher=hasher,
        )
        user_ids[login.username] = user.id
    for seeder in DEMO_SEEDERS:
        await seeder(unit_ids, user_ids)
    return True
