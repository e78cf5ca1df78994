"""The media center's publishing views over a province's registry: 10,000 models (about 6,000 of them
recognised or better), one uvicorn worker on SQLite, sequential requests with a bearer token.

Measured, each beside the model list page of 50 in the same run (the baseline of `bench_model_list.py`):
- `GET /api/publishing/stories` (stories to publish, newest first, a page of 50);
- `GET /` as the media center (the dashboard: its "Tin bài cần đăng" card counts the same list);
- `GET /api/publishing/{id}/kit.zip` (the .docx built with python-docx, zipped).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

if not __package__:  # run as a file: `python benchmarks/bench_publishing.py` (as `make bench` does)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from benchmarks._serve import bench_env, machine, median, temp_root, uvicorn_server
from benchmarks.bench_model_list import MODELS, seed

REQUESTS = 30


def timed(client: httpx.Client, path: str, auth: dict[str, str]) -> float:
    for _ in range(3):  # warm-up
        assert client.get(path, headers=auth).status_code == 200, path
    timings = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(path, headers=auth)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return median(timings)


def main() -> None:
    with temp_root() as root:
        env = bench_env(root)
        if not env["GDV_DATABASE_URL"].startswith("sqlite"):
            sys.exit("this benchmark seeds the SQLite file directly; unset GDV_BENCH_DATABASE_URL")
        subprocess.run(
            [sys.executable, "-m", "guong_dan_van.cli", "seed-demo"], env=env, check=True, capture_output=True
        )
        seed(env["GDV_DATABASE_URL"][len("sqlite:///") :])
        with (
            uvicorn_server("guong_dan_van.app:create_app", env, factory=True) as url,
            httpx.Client(base_url=url, timeout=60) as client,
        ):
            login = client.post(
                "/api/auth/login", json={"username": "truyenthong", "password": "truyenthong-demo-2025"}
            )
            auth = {"Authorization": f"Bearer {login.json()['token']}"}
            stories = client.get("/api/publishing/stories?limit=1", headers=auth).json()
            first = stories["items"][0]
            made = client.post(
                "/api/publishing",
                json={"item_type": first["item_type"], "item_id": first["item_id"], "channel": "website"},
                headers=auth,
            ).json()
            results = {
                "GET /api/models (baseline, page of 50)": timed(client, "/api/models", auth),
                "GET /api/publishing/stories (page of 50)": timed(client, "/api/publishing/stories", auth),
                "GET / (media center dashboard)": timed(client, "/", auth),
                "GET /api/publishing/{id}/kit.zip": timed(client, f"/api/publishing/{made['id']}/kit.zip", auth),
            }
    print(f"machine: {machine()}")
    print(f"{MODELS:,} models + demo ({stories['total']:,} stories to publish), SQLite, 1 uvicorn worker")
    baseline = next(iter(results.values()))
    for label, ms in results.items():
        print(f"  {ms:7.1f} ms median  ({ms / baseline:4.1f}× the baseline)  {label}")


if __name__ == "__main__":
    main()
