"""Listing 10,000 models with filters through the API, a page of 50, one uvicorn worker on SQLite.

Target (issue 3): under 50 ms median per page. The registry is seeded with the demo district, then
10,000 models spread over 2021–2025, fields, levels, kinds, units and statuses, each with its year
records (written straight into the database file: the seeding is not what is measured). Requests go
one after another over real HTTP with a bearer token, as a committee member's browser or script would.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

if not __package__:  # run as a file: `python benchmarks/bench_model_list.py` (as `make bench` does)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from benchmarks._serve import bench_env, machine, median, temp_root, uvicorn_server
from guong_dan_van.core.text import fold_vietnamese

MODELS = 10_000
REQUESTS_PER_QUERY = 40
QUERIES = [
    "/api/models",
    "/api/models?year=2024",
    "/api/models?year=2024&status=recognized&field=economy",
    "/api/models?field=culture_society&level=grassroots&kind=collective",
    "/api/models?status=exemplary&offset=500",
    "/api/models?unit_id=10&year=2023",
    "/api/models?q=duong%20que",
]
FIELDS = ["economy", "culture_society", "defense_security", "political_system"]
LEVELS = ["grassroots", "district", "province"]
KINDS = ["collective", "individual"]
FINAL = ["recognized", "recognized", "exemplary", "proposed_for_award", "rejected"]


def seed(path: str) -> None:
    rng = random.Random(2025)
    conn = sqlite3.connect(path)
    unit_ids = [r[0] for r in conn.execute("SELECT id FROM unit")]
    now = dt.datetime.now(dt.UTC).isoformat()
    models, years = [], []
    next_id = (conn.execute("SELECT COALESCE(MAX(id), 0) FROM model").fetchone()[0] or 0) + 1
    for n in range(MODELS):
        model_id = next_id + n
        first = rng.randint(2021, 2025)
        history = []
        for year in range(first, rng.randint(first, 2025) + 1):
            history.append((year, rng.choice(FINAL) if year < 2025 else rng.choice([*FINAL, "submitted"])))
        status, latest = (history[-1][1], history[-1][0]) if rng.random() > 0.05 else ("draft", None)
        if status == "draft":
            history = []
        title = f"Mô hình dân vận khéo số {n} – {rng.choice(['đường quê', 'an ninh', 'khuyến học', 'môi trường'])}"
        models.append(
            (model_id, f"MH-B-{n:05d}", title, fold_vietnamese(title), rng.choice(KINDS), rng.choice(FIELDS),
             rng.choice(LEVELS), rng.choice(unit_ids), "Tóm tắt mô hình.", "", json.dumps([]), status, latest, 1,
             now, now)
        )  # fmt: skip
        years.extend((model_id, y, s, now) for y, s in history)
    conn.executemany(
        "INSERT INTO model (id, code, title, title_folded, kind, field, level, unit, summary, body, results, status,"
        " latest_year, version, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        models,
    )
    conn.executemany("INSERT INTO model_year (model, year, status, submitted_at) VALUES (?,?,?,?)", years)
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()


def main() -> None:
    with temp_root() as root:
        env = bench_env(root)
        if not env["GDV_DATABASE_URL"].startswith("sqlite"):
            sys.exit("this benchmark seeds the SQLite file directly; unset GDV_BENCH_DATABASE_URL")
        subprocess.run(
            [sys.executable, "-m", "guong_dan_van.cli", "seed-demo"], env=env, check=True, capture_output=True
        )
        seed(env["GDV_DATABASE_URL"][len("sqlite:///") :])
        results: dict[str, tuple[float, int]] = {}
        with (
            uvicorn_server("guong_dan_van.app:create_app", env, factory=True) as url,
            httpx.Client(base_url=url) as client,
        ):
            login = client.post("/api/auth/login", json={"username": "admin", "password": "admin-demo-2025"})
            auth = {"Authorization": f"Bearer {login.json()['token']}"}
            for query in QUERIES:
                for _ in range(5):  # warm-up
                    assert client.get(query, headers=auth).status_code == 200
                timings = []
                total = 0
                for _ in range(REQUESTS_PER_QUERY):
                    start = time.perf_counter()
                    response = client.get(query, headers=auth)
                    timings.append((time.perf_counter() - start) * 1000)
                    total = response.json()["total"]
                results[query] = (median(timings), total)
    print(f"machine: {machine()}")
    print(f"{MODELS:,} models + demo, SQLite, 1 uvicorn worker, {REQUESTS_PER_QUERY} sequential requests per query")
    for query, (ms, total) in results.items():
        print(f"  {ms:6.1f} ms median  {total:6,} matching  GET {query}")
    worst = max(ms for ms, _ in results.values())
    print(f"worst median: {worst:.1f} ms per page of 50 (target < 50 ms)")


if __name__ == "__main__":
    main()
