"""The public chuyên trang with 10,000 models: render time without the memo, and throughput under `wrk`.

1. Render: every public page rendered from the database on each request (`GDV_PUBLIC_MEMO_SECONDS=0`),
   40 sequential requests per page after a warm-up; medians of the server-side time the page reports in
   its `Server-Timing` header (wall and CPU time of building it: queries + template) and of the whole
   HTTP round trip. Target (issue 10): under 20 ms on the server.
2. Throughput, as deployed (memo on): a public model page, and the same page asked conditionally
   (`If-None-Match` → 304), against a bare Litestar endpoint returning a constant, served the same way in
   the same run (one uvicorn worker each, `wrk -t1 -c20`, alternating rounds, medians).
   Targets: full page ≥ 50% of the bare endpoint's requests/s, 304 answers ≥ 80%.

The registry is the demo district plus 10,000 models over 2021–2025 (the seeding of bench_model_list).
Without `wrk` (Debian package `wrk`) the throughput part is skipped with a message.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

if not __package__:  # run as a file: `python benchmarks/bench_public.py` (as `make bench` does)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from benchmarks._serve import bench_env, load, machine, median, temp_root, uvicorn_server
from benchmarks.bench_model_list import MODELS, seed
from guong_dan_van.demo import DEMO_LOGINS

REQUESTS_PER_PAGE = 40
ROUNDS = 3
SECONDS = 6
CONNECTIONS = 20


def first_model_page(client: httpx.Client) -> str:
    html = client.get("/chuyen-trang/mo-hinh").text
    start = html.index('href="/chuyen-trang/mo-hinh/') + len('href="')
    return html[start : html.index('"', start)]


def publish_story(client: httpx.Client) -> str:
    """The media center publishes the first story to publish on the website; its public address."""
    who = next(d for d in DEMO_LOGINS if d.username == "truyenthong")
    token = client.post("/api/auth/login", json={"username": who.username, "password": who.password}).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    story = client.get("/api/publishing/stories?item_type=model&limit=1", headers=headers).json()["items"][0]
    body = {"item_type": "model", "item_id": story["item_id"], "channel": "website"}
    made = client.post("/api/publishing", json=body, headers=headers).json()
    client.patch(f"/api/publishing/{made['id']}", json={"status": "published", "version": 1}, headers=headers)
    client.cookies.clear()
    html = client.get("/chuyen-trang").text
    start = html.index('href="/chuyen-trang/bai-viet/') + len('href="')
    return html[start : html.index('"', start)]


def server_timing(header: str) -> dict[str, float]:
    """`render;dur=3.10, cpu;dur=2.90` → {"render": 3.1, "cpu": 2.9}."""
    parts = (item.strip().split(";dur=") for item in header.split(","))
    return {name: float(value) for name, value in parts}


def render_times(env: dict[str, str]) -> dict[str, tuple[float, float, float]]:
    pages = [
        "/chuyen-trang",
        "/chuyen-trang/mo-hinh",
        "/chuyen-trang/mo-hinh?q=duong+que",
        "/chuyen-trang/mo-hinh?year=2024&field=economy",
        "/chuyen-trang/mo-hinh?level=province&trang=40",
        "/chuyen-trang/ket-qua",
    ]
    timings: dict[str, tuple[float, float, float]] = {}
    with (
        uvicorn_server("guong_dan_van.app:create_app", {**env, "GDV_PUBLIC_MEMO_SECONDS": "0"}, factory=True) as url,
        httpx.Client(base_url=url) as client,
    ):
        pages.append(first_model_page(client))
        pages.append(publish_story(client))
        for page in pages:
            for _ in range(5):
                assert client.get(page).status_code == 200, page
            trips, walls, cpus = [], [], []
            for _ in range(REQUESTS_PER_PAGE):
                start = time.perf_counter()
                response = client.get(page)
                trips.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200
                server = server_timing(response.headers["server-timing"])
                walls.append(server["render"])
                cpus.append(server["cpu"])
            timings[page] = (median(walls), median(cpus), median(trips))
    return timings


def throughput(env: dict[str, str]) -> dict[str, float]:
    figures: dict[str, list[float]] = {"bare": [], "page": [], "not_modified": [], "story": [], "story_304": []}
    with (
        uvicorn_server("guong_dan_van.app:create_app", env, factory=True) as app_url,
        uvicorn_server("benchmarks.bare_app:app", env) as bare_url,
        httpx.Client(base_url=app_url) as client,
    ):
        page = first_model_page(client)
        etag = client.get(page).headers["etag"]
        assert client.get(page, headers={"If-None-Match": etag}).status_code == 304
        story = publish_story(client)
        story_etag = client.get(story).headers["etag"]
        assert client.get(story, headers={"If-None-Match": story_etag}).status_code == 304
        for _ in range(ROUNDS):
            figures["bare"].append(load(f"{bare_url}/api/units/1", {}, SECONDS, CONNECTIONS))
            figures["page"].append(load(app_url + page, {}, SECONDS, CONNECTIONS))
            figures["not_modified"].append(load(app_url + page, {"If-None-Match": etag}, SECONDS, CONNECTIONS))
            figures["story"].append(load(app_url + story, {}, SECONDS, CONNECTIONS))
            figures["story_304"].append(load(app_url + story, {"If-None-Match": story_etag}, SECONDS, CONNECTIONS))
    return {name: median(values) for name, values in figures.items()}


def main() -> None:
    with temp_root() as root:
        env = bench_env(root)
        if not env["GDV_DATABASE_URL"].startswith("sqlite"):
            sys.exit("this benchmark seeds the SQLite file directly; unset GDV_BENCH_DATABASE_URL")
        subprocess.run(
            [sys.executable, "-m", "guong_dan_van.cli", "seed-demo"], env=env, check=True, capture_output=True
        )
        seed(env["GDV_DATABASE_URL"][len("sqlite:///") :])
        print(f"machine: {machine()}")
        print(f"{MODELS:,} models + demo, SQLite, one uvicorn worker")
        timings = render_times(env)
        print(f"render without the memo, medians of {REQUESTS_PER_PAGE} sequential requests (target < 20 ms):")
        print("  server wall  server CPU  round trip")
        for page, (wall, cpu, trip) in timings.items():
            print(f"  {wall:8.1f} ms {cpu:7.1f} ms {trip:8.1f} ms  GET {page}")
        print(f"worst server wall time: {max(t[0] for t in timings.values()):.1f} ms")
        if not shutil.which("wrk"):
            print("wrk is not installed (apt-get install wrk): throughput part skipped")
            return
        rates = throughput(env)
        bare = rates["bare"]
        print(f"wrk -t1 -c{CONNECTIONS} -d{SECONDS}s, {ROUNDS} alternating rounds, medians:")
        print(f"  bare Litestar endpoint      {bare:9,.0f} req/s")
        print(f"  public model page (200)     {rates['page']:9,.0f} req/s  {rates['page'] / bare:6.1%} (target ≥ 50%)")
        ratio = rates["not_modified"] / bare
        print(f"  same page, If-None-Match    {rates['not_modified']:9,.0f} req/s  {ratio:6.1%} (target ≥ 80%)")
        print(
            f"  public story page (200)     {rates['story']:9,.0f} req/s  {rates['story'] / bare:6.1%} (target ≥ 50%)"
        )
        ratio = rates["story_304"] / bare
        print(f"  same story, If-None-Match   {rates['story_304']:9,.0f} req/s  {ratio:6.1%} (target ≥ 80%)")


if __name__ == "__main__":
    main()
