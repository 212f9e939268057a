"""Query figures on the default index (run `make ingest` first): warm latency p50/p95 of
search, ask (extractive), and advice against ask on the labelled situations (the ratio
of their p50s); throughput with 8 concurrent REST clients; process
start to first answer. Prints; asserts nothing."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
FALLBACK = ["Wat is een organisatienetwerk?", "Waarom is vertrouwen belangrijk tussen partners?",
            "Hoe betrek je bewoners bij een netwerk?", "Wat is de rol van een netwerkmanager?"]


def questions() -> list[str]:
    if DEV.exists():
        return [json.loads(line)["question"] for line in DEV.open(encoding="utf-8") if line.strip()]
    return FALLBACK


def situation_items() -> list[dict]:
    path = ROOT / "evalsets" / "situations.jsonl"
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def timed(fn, items) -> list[float]:
    out = []
    for item in items:
        t = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - t) * 1000)
    return out


def pct(values, p) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", "import time;t=time.perf_counter();from assistant import Assistant;"
         "a=Assistant.from_settings();a.ask('Wat is een organisatienetwerk?');"
         "print(time.perf_counter()-t)"], cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        print(proc.stderr[-2000:])
        sys.exit("no index? run 'make ingest' first")
    print(f"process start to first answer: {time.perf_counter() - t0:.1f} s "
          f"(in-process {float(proc.stdout.strip().splitlines()[-1]):.1f} s)")

    from assistant import Assistant

    a = Assistant.from_settings()
    qs = questions()
    a.ask(qs[0])  # warm

    def cold(fn):  # warm process, but no query embedding cached from an earlier call
        def run(q):
            a.retriever.clear_cache()
            return fn(q)
        return run

    s = timed(cold(lambda q: a.search(q, k=5)), qs * 2)
    print(f"search k=5 warm: p50 {pct(s, 50):.0f} ms, p95 {pct(s, 95):.0f} ms (n={len(s)})")
    s = timed(cold(lambda q: a.ask(q)), qs)
    print(f"ask extractive warm: p50 {pct(s, 50):.0f} ms, p95 {pct(s, 95):.0f} ms (n={len(s)})")
    # advice against the extractive answer to the same questions, in the same run: the
    # test split of the labelled situations (with their history)
    from assistant.advice import warm

    warm(a)
    items = [i for i in situation_items() if i["split"] == "test"]
    a.ask(items[0]["question"], mode="advice")
    ans = timed(cold(lambda i: a.ask(i["question"], history=i["history"])), items)
    adv = timed(cold(lambda i: a.ask(i["question"], history=i["history"], mode="advice")), items)
    print(f"situations (test split, n={len(items)}): answer p50 {pct(ans, 50):.0f} ms, advice p50 "
          f"{pct(adv, 50):.0f} ms / p95 {pct(adv, 95):.0f} ms; advice/answer p50 ratio "
          f"{pct(adv, 50) / pct(ans, 50):.2f} (target ≤ 2)")

    import httpx
    import uvicorn

    from assistant.api import create_api
    from tests.conftest import free_port

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_api(lambda: a, a.settings), host="127.0.0.1",
                                           port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}"
    a.retriever.clear_cache()
    for kind, path, body in (("search", "/api/search", lambda q: {"query": q, "k": 5}),
                             ("ask", "/api/ask", lambda q: {"question": q})):
        work = qs  # each question once: no cached query embedding within a kind
        latencies: list[float] = []

        def call(q, path=path, body=body, latencies=latencies):
            with httpx.Client(timeout=120) as c:
                t = time.perf_counter()
                r = c.post(url + path, json=body(q))
                r.raise_for_status()
                latencies.append((time.perf_counter() - t) * 1000)

        t = time.perf_counter()
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(call, work))
        wall = time.perf_counter() - t
        print(f"REST {kind}, 8 concurrent clients: {len(work) / wall:.1f} req/s, "
              f"p50 {statistics.median(latencies):.0f} ms, p95 {pct(latencies, 95):.0f} ms")
    server.should_exit = True


if __name__ == "__main__":
    main()
