"""Demo data of the press contest: the 2021–2025 contest of tỉnh Bình Sơn, three yearly editions and the
final, with about thirty entries in every state. Every text is written for this project (fictional).

Every edition keeps dates inside the contest's period (each yearly edition inside its year), so its entries
are written straight into their final state. One more edition, named as a trial, is open around the day the
demo is seeded so the forms can be tried: it is the only one with dates outside the period.
"""

from __future__ import annotations

import datetime as dt

from guong_dan_van.contest import services
from guong_dan_van.contest.schemas import (
    AuthorIn,
    AwardedPolicy,
    ContestCreate,
    DeclarationIn,
    EditionCreate,
    EditionKind,
    EntryCreate,
    EntryStatus,
    ExcludedPersonIn,
    ExcludedRole,
    MediaType,
    Prize,
    PrizeTier,
)
from guong_dan_van.contest.tables import Entry
from guong_dan_van.core.clock import VN_TZ, today_vn
from guong_dan_van.core.permissions import Actor, Role
from guong_dan_van.registry.tables import Model

P, ON, R, T, F = MediaType.print, MediaType.online, MediaType.radio, MediaType.television, MediaType.photo
D, S, E, X = EntryStatus.draft, EntryStatus.submitted, EntryStatus.eligible, EntryStatus.ineligible


def _per_media(types: list[MediaType], a: int, b: int, c: int) -> list[Prize]:
    return [
        Prize(tier=tier, count=count, media_type=m, amount_vnd=amount)
        for m in types
        for tier, count, amount in ((PrizeTier.a, 1, a), (PrizeTier.b, 2, b), (PrizeTier.c, 3, c))
    ]


# (title, media type, genre, authors "Tên|bút danh", outlet, published on, unit code, status, reason)
Row = tuple[str, MediaType, str, list[str], str, dt.date, str, EntryStatus, str | None]

ENTRIES: dict[str, list[Row]] = {
    "2023": [
        (
            "Con đường sáng đèn ở thôn Đông",
            P,
            "ghi chép",
            ["Nguyễn Thị Lan|Lan Anh"],
            "Báo Bình Sơn",
            dt.date(2023, 4, 12),
            "PL-HND",
            E,
            None,
        ),
        (
            "Khi người dân tự hiến đất mở đường",
            ON,
            "phóng sự",
            ["Trần Quang Huy", "Lê Thu Hằng"],
            "Báo Bình Sơn điện tử",
            dt.date(2023, 6, 3),
            "PL-TTTT",
            E,
            None,
        ),
        (
            "Tổ liên gia giữ bình yên vùng giáp ranh",
            T,
            "phóng sự",
            ["Võ Minh Khôi", "Đinh Thị Ngọc"],
            "Truyền hình Bình Sơn",
            dt.date(2023, 7, 21),
            "PL-TTTT",
            E,
            None,
        ),
        (
            "Cánh đồng không vỏ thuốc bảo vệ thực vật",
            R,
            "phản ánh",
            ["Hoàng Văn Tâm|Tâm An"],
            "Đài Phát thanh huyện Phú Lâm",
            dt.date(2023, 5, 8),
            "PL-HND",
            E,
            None,
        ),
        (
            "Ngày thứ Bảy cùng dân ở Tân Hòa",
            P,
            "ghi chép",
            ["Lê Thị Mai"],
            "Bản tin Dân vận Bình Sơn",
            dt.date(2023, 8, 19),
            "PL-XTH",
            E,
            None,
        ),
        (
            "Chuyện bà Tư góp đất làm sân chơi",
            ON,
            "ký sự",
            ["Phan Hữu Lộc"],
            "Báo Bình Sơn điện tử",
            dt.date(2023, 9, 20),
            "PL-XDS",
            X,
            "Đăng sau ngày 02/9/2023, ngoài thời gian quy định.",
        ),
        (
            "Đoàn viên và những chuyến xe rác cuối tuần",
            T,
            "phóng sự",
            ["Nguyễn Hải Đăng"],
            "Truyền hình Bình Sơn",
            dt.date(2023, 3, 30),
            "PL-DTN",
            E,
            None,
        ),
        (
            "Cựu chiến binh làm kinh tế giỏi, giúp nhau thoát nghèo",
            P,
            "phóng sự",
            ["Bùi Văn Thành"],
            "Báo Cựu chiến binh Bình Sơn",
            dt.date(2023, 7, 2),
            "PL-CCB",
            X,
            "Trùng tác phẩm đã dự thi cuộc thi khác.",
        ),
    ],
    "2024": [
        (
            "Mỗi gia đình một thùng rác sạch đẹp, văn minh",
            ON,
            "ghi chép",
            ["Lê Thị Mai"],
            "Báo Bình Sơn điện tử",
            dt.date(2024, 3, 14),
            "PL-XTH",
            E,
            None,
        ),
        (
            "Không rải vàng mã khi đưa tang: chuyện đổi nếp ở làng",
            P,
            "phóng sự",
            ["Đỗ Thị Hường|Hạ Vy"],
            "Báo Bình Sơn",
            dt.date(2024, 5, 27),
            "PL-HLHPN",
            E,
            None,
        ),
        (
            "Dân vận khéo trên những bản làng Khe Bạc",
            T,
            "phim tài liệu",
            ["Võ Minh Khôi", "Trần Quang Huy"],
            "Truyền hình Bình Sơn",
            dt.date(2024, 8, 1),
            "PL-TTTT",
            E,
            None,
        ),
        (
            "Tiếng loa chiều ở thôn Khe Bạc",
            R,
            "chương trình phát thanh",
            ["Hoàng Văn Tâm|Tâm An"],
            "Đài Phát thanh huyện Phú Lâm",
            dt.date(2024, 6, 10),
            "PL-HND",
            E,
            None,
        ),
        (
            "Bàn tay người cựu binh giữ rừng",
            F,
            "ảnh",
            ["Nguyễn Hải Đăng"],
            "Báo Bình Sơn",
            dt.date(2024, 7, 27),
            "PL-CCB",
            E,
            None,
        ),
        (
            "5 không 3 sạch: từ khẩu hiệu đến nếp nhà",
            P,
            "ghi chép",
            ["Nguyễn Thị Lan|Lan Anh"],
            "Báo Bình Sơn",
            dt.date(2024, 4, 2),
            "PL-HLHPN",
            X,
            "Tác giả đã gửi quá số tác phẩm cho phép.",
        ),
        (
            "Mở đường bằng lòng dân",
            ON,
            "phóng sự",
            ["Phan Hữu Lộc", "Lê Thu Hằng"],
            "Báo Bình Sơn điện tử",
            dt.date(2024, 8, 30),
            "PL-XDS",
            E,
            None,
        ),
        (
            "Chi hội phụ nữ và quỹ tiết kiệm vòng tay",
            R,
            "phản ánh",
            ["Đinh Thị Ngọc"],
            "Đài Phát thanh huyện Phú Lâm",
            dt.date(2024, 2, 20),
            "PL-HLHPN",
            S,
            None,
        ),
        (
            "Đêm trực chốt của tổ an ninh tự quản",
            T,
            "phóng sự",
            ["Nguyễn Văn Hùng"],
            "Truyền hình Bình Sơn",
            dt.date(2024, 1, 16),
            "PL-BCHQS",
            S,
            None,
        ),
    ],
    "2025": [
        (
            "Dân vận số: khi cán bộ xã lập nhóm Zalo với dân",
            ON,
            "phóng sự",
            ["Trần Quang Huy"],
            "Báo Bình Sơn điện tử",
            dt.date(2025, 3, 5),
            "PL-TTTT",
            E,
            None,
        ),
        (
            "Thắp sáng đường quê: 270 ngọn đèn và 10,7 km đường",
            P,
            "ghi chép",
            ["Nguyễn Hải Đăng"],
            "Báo Bình Sơn",
            dt.date(2025, 4, 21),
            "PL-DTN",
            E,
            None,
        ),
        (
            "Những người giữ lửa ở Tổ dân phố Bến Đò",
            T,
            "phóng sự",
            ["Võ Minh Khôi", "Đinh Thị Ngọc"],
            "Truyền hình Bình Sơn",
            dt.date(2025, 6, 18),
            "PL-TTTT",
            E,
            None,
        ),
        (
            "Sáp nhập xã, dân vận không nghỉ",
            R,
            "chương trình phát thanh",
            ["Hoàng Văn Tâm|Tâm An"],
            "Đài Phát thanh huyện Phú Lâm",
            dt.date(2025, 7, 9),
            "PL-HND",
            S,
            None,
        ),
        (
            "Hội nông dân và vườn mẫu không hóa chất",
            P,
            "phóng sự",
            ["Bùi Văn Thành"],
            "Báo Bình Sơn",
            dt.date(2025, 5, 30),
            "PL-HND",
            S,
            None,
        ),
        (
            "Bữa cơm nghĩa tình ngày chủ nhật",
            ON,
            "ghi chép",
            ["Lê Thị Mai"],
            "Báo Bình Sơn điện tử",
            dt.date(2025, 8, 2),
            "PL-XTH",
            X,
            "Thiếu bản in có ngày đăng và tên báo.",
        ),
        (
            "Người già học dùng điện thoại để nộp thuế",
            T,
            "phản ánh",
            ["Nguyễn Văn Hùng"],
            "Truyền hình Bình Sơn",
            dt.date(2025, 2, 11),
            "PL-MTTQ",
            E,
            None,
        ),
        (
            "Con đê mới và lời hứa của bí thư chi bộ",
            P,
            "ký sự",
            ["Phan Hữu Lộc"],
            "Báo Bình Sơn",
            dt.date(2025, 8, 25),
            "PL-XDS",
            S,
            None,
        ),
    ],
    "final": [
        (
            "Năm năm Dân vận khéo ở Phú Lâm: những con đường đổi đời",
            T,
            "phim tài liệu",
            ["Võ Minh Khôi", "Trần Quang Huy"],
            "Truyền hình Bình Sơn",
            dt.date(2025, 10, 15),
            "PL-TTTT",
            S,
            None,
        ),
        (
            "Từ Huyện Phú Lâm đến Xã Phú Lâm: mô hình hay không mất đi",
            ON,
            "phóng sự",
            ["Lê Thu Hằng"],
            "Báo Bình Sơn điện tử",
            dt.date(2025, 9, 12),
            "XPL-MTTQ",
            S,
            None,
        ),
        (
            "Lá thư gửi người đã hiến đất",
            P,
            "ký sự",
            ["Đỗ Thị Hường|Hạ Vy"],
            "Báo Bình Sơn",
            dt.date(2025, 11, 3),
            "PL-HLHPN",
            D,
            None,
        ),
        (
            "Những chuyến đò chở chữ qua sông",
            R,
            "chương trình phát thanh",
            ["Hoàng Văn Tâm|Tâm An"],
            "Đài Phát thanh huyện Phú Lâm",
            dt.date(2025, 6, 30),
            "PL-HND",
            D,
            None,
        ),
        (
            "Mùa gặt trên cánh đồng sạch",
            F,
            "ảnh",
            ["Nguyễn Hải Đăng"],
            "Báo Bình Sơn",
            dt.date(2025, 9, 28),
            "PL-DTN",
            D,
            None,
        ),
    ],
    "trial": [],
}


GENRES = ["phóng sự", "ghi chép", "ký sự", "phản ánh", "phim tài liệu", "chương trình phát thanh", "ảnh"]


def _authors(items: list[str]) -> list[AuthorIn]:
    out = []
    for item in items:
        name, _, pen = item.partition("|")
        out.append(AuthorIn(name=name, pen_name=pen or None))
    return out


def _body(title: str, outlet: str) -> str:
    return (
        f"{title}. Tác phẩm đăng trên {outlet}, ghi lại cách cán bộ cơ sở gần dân, hiểu dân và vận động "
        "bà con cùng làm: họp thôn bàn bạc công khai, người có uy tín đi trước, kết quả được dân kiểm tra. "
        "Bài viết nêu số liệu cụ thể, lời kể của người dân và những việc còn phải làm tiếp."
    )


async def seed_contest_demo(unit_ids: dict[str, int], user_ids: dict[str, int]) -> None:
    admin = Actor(id=user_ids["admin"], username="admin", full_name="Ban tổ chức", role=Role.admin, unit_id=None)
    contest = await services.create_contest(
        admin,
        ContestCreate(
            name="Cuộc thi báo chí viết về tấm gương Dân vận khéo, giai đoạn 2021–2025",
            period_from=dt.date(2021, 1, 1),
            period_to=dt.date(2025, 12, 31),
        ),
    )
    excluded = [
        ExcludedPersonIn(role=ExcludedRole.organizer, user_id=user_ids["admin"]),
        ExcludedPersonIn(role=ExcludedRole.judge, user_id=user_ids["giamkhao"]),
        ExcludedPersonIn(role=ExcludedRole.judge, user_id=user_ids["giamkhao2"]),
        ExcludedPersonIn(role=ExcludedRole.secretariat, name="Trương Thị Bích"),
    ]
    four = [P, ON, R, T]
    today = today_vn()
    editions = {
        "2023": EditionCreate(
            name="Đợt thi năm 2023",
            kind=EditionKind.yearly,
            year=2023,
            published_from=dt.date(2023, 1, 1),
            published_to=dt.date(2023, 9, 2),
            submit_from=dt.date(2023, 9, 3),
            submit_to=dt.date(2023, 9, 15),
            media_types=four,
            max_entries_per_author=3,
            max_authors_per_entry=3,
            previously_awarded=AwardedPolicy.forbidden,
            prizes=_per_media(four, 10_000_000, 7_000_000, 5_000_000),
            excluded_people=excluded,
        ),
        "2024": EditionCreate(
            name="Đợt thi năm 2024",
            kind=EditionKind.yearly,
            year=2024,
            published_from=dt.date(2024, 1, 1),
            published_to=dt.date(2024, 9, 2),
            submit_from=dt.date(2024, 9, 3),
            submit_to=dt.date(2024, 9, 15),
            media_types=[*four, F],
            genres=[],
            max_entries_per_author=2,
            max_authors_per_entry=2,
            previously_awarded=AwardedPolicy.declare,
            prizes=[
                Prize(tier=PrizeTier.first, count=1, amount_vnd=15_000_000),
                Prize(tier=PrizeTier.second, count=2, amount_vnd=10_000_000),
                Prize(tier=PrizeTier.third, count=3, amount_vnd=7_000_000),
                Prize(tier=PrizeTier.consolation, count=5, amount_vnd=3_000_000),
            ],
            excluded_people=excluded,
        ),
        "2025": EditionCreate(
            name="Đợt thi năm 2025",
            kind=EditionKind.yearly,
            year=2025,
            published_from=dt.date(2025, 1, 1),
            published_to=dt.date(2025, 9, 2),
            submit_from=dt.date(2025, 9, 3),
            submit_to=dt.date(2025, 9, 15),
            media_types=four,
            max_entries_per_author=5,
            max_authors_per_entry=2,
            previously_awarded=AwardedPolicy.forbidden,
            prizes=_per_media(four, 12_000_000, 8_000_000, 5_000_000),
            excluded_people=excluded,
        ),
        "final": EditionCreate(
            name="Chung kết giai đoạn 2021–2025",
            kind=EditionKind.final,
            published_from=dt.date(2021, 1, 1),
            published_to=dt.date(2025, 11, 15),
            submit_from=dt.date(2025, 11, 17),
            submit_to=dt.date(2025, 11, 30),
            media_types=[*four, F],
            genres=GENRES,
            max_entries_per_author=3,
            max_authors_per_entry=3,
            previously_awarded=AwardedPolicy.declare,
            prizes=[
                Prize(tier=PrizeTier.special, count=1, amount_vnd=30_000_000),
                *_per_media([*four, F], 20_000_000, 12_000_000, 8_000_000),
            ],
            excluded_people=excluded,
        ),
        # Not a real round: open around the seed day, no prizes, so units can try the entry forms.
        "trial": EditionCreate(
            name="Đợt dùng thử (mở để thử biểu mẫu)",
            kind=EditionKind.final,
            published_from=dt.date(2021, 1, 1),
            published_to=dt.date(2025, 12, 31),
            submit_from=today - dt.timedelta(days=10),
            submit_to=today + dt.timedelta(days=60),
            media_types=[*four, F],
            genres=GENRES,
            max_entries_per_author=3,
            max_authors_per_entry=3,
            previously_awarded=AwardedPolicy.declare,
            excluded_people=excluded,
        ),
    }
    models = [r["id"] for r in await Model.select(Model.id).order_by(Model.id).limit(12).run()]
    n = 0
    for key, data in editions.items():
        edition = await services.create_edition(admin, contest.id, data)
        for title, media, genre, authors, outlet, published, unit, status, reason in ENTRIES[key]:
            n += 1
            entry = await services.create_entry(
                admin,
                edition.id,
                EntryCreate(
                    title=title,
                    media_type=media,
                    genre=genre,
                    authors=_authors(authors),
                    outlet=outlet,
                    published_on=published,
                    unit_id=unit_ids.get(unit),
                    url=f"https://baobinhson.vn/dan-van-kheo/{key}-{n}" if media in (ON, T) else None,
                    body=_body(title, outlet),
                    model_ids=[models[n % len(models)]] if models and n % 3 else [],
                    previously_awarded=DeclarationIn(
                        prize="Giải C Giải báo chí tỉnh Bình Sơn",
                        date=dt.date(2024, 6, 21),
                        awarded_by="Ủy ban nhân dân tỉnh Bình Sơn",
                    )
                    if key == "final" and n % 4 == 0
                    else None,
                ),
            )
            if status is D:
                continue
            submitted = dt.datetime.combine(data.submit_from + dt.timedelta(days=n % 5), dt.time(9), VN_TZ)
            screened = submitted + dt.timedelta(days=7) if status in (E, X) else None
            await (
                Entry.update(
                    {
                        Entry.status: status.value,
                        Entry.submitted_at: min(submitted, dt.datetime.now(VN_TZ)),
                        Entry.screened_at: screened,
                        Entry.screening_reason: reason,
                    }
                )
                .where(Entry.id == entry.id)
                .run()
            )
