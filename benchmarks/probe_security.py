"""Probe a running Netwerkwijzer for open routes and for its handling of bad input.

    python benchmarks/probe_security.py http://127.0.0.1:7860 [--as NAME=API_KEY ...]

Part 1 (routes): every probe is sent without credentials and then once with each
``--as`` key (header ``X-API-Key``); the table shows the status codes. A 2xx/3xx without
credentials means the route is open.

Part 2 (bad input, sent with the first ``--as`` key): a case counts as a deviation when
it gives a 5xx, a 2xx where a 4xx is due, an error body that is not ``{"error": …}``,
or an error that echoes more than 100 characters of the input. Prints the counts.
Only stdlib + httpx, so it runs against any instance.
"""

from __future__ import annotations

import argparse
import json
import sys

import httpx

ASK = {"data": ["Wat is een organisatienetwerk?", "answer", [], []]}

ROUTES: list[tuple[str, str, dict | None]] = [
    ("GET", "/", None),
    ("GET", "/config", None),
    ("GET", "/docs", None),
    ("GET", "/openapi.json", None),
    ("GET", "/gradio_api/info", None),
    ("POST", "/gradio_api/call/ask", ASK),
    ("POST", "/gradio_api/call/make_handout", {"data": [["Binding"]]}),
    ("POST", "/gradio_api/call/export_feedback", {"data": []}),
    ("POST", "/gradio_api/queue/join", {"data": ASK["data"], "fn_index": 0, "session_hash": "probe"}),
    ("GET", "/gradio_api/file=/etc/hostname", None),
    ("GET", "/api/health", None),
    ("GET", "/api/documents", None),
    ("POST", "/api/search", {"query": "netwerk"}),
    ("POST", "/api/ask", {"question": "Wat is een organisatienetwerk?"}),
    ("GET", "/api/audit", None),
    ("GET", "/api/users", None),
]

LONG = "x" * 5000


def bad_cases() -> list[tuple[str, str, bytes, dict, bool]]:
    """(label, path, raw body, headers, must be 4xx)."""
    j = {"content-type": "application/json"}
    cases: list[tuple[str, str, bytes, dict, bool]] = []

    def add(label, path, body, headers=j, want_4xx=True):
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        cases.append((label, path, raw, headers, want_4xx))

    for path in ("/api/ask", "/api/ask/stream"):
        add(f"{path} unknown doc id", path, {"question": "Wat is een netwerk?", "doc_ids": ["nope"]})
        add(f"{path} long unknown doc id", path, {"question": "Wat is een netwerk?", "doc_ids": [LONG]})
        add(f"{path} empty question", path, {"question": "   "})
        add(f"{path} too long question", path, {"question": "Waarom? " * 400})
        add(f"{path} bad mode", path, {"question": "a", "mode": "x" * 300})
        add(f"{path} invalid utf-8", path, b'{"question": "\xff\xfe"}')
        add(f"{path} nested json", path, b'{"question": ' + b"[" * 5000 + b"]" * 5000 + b"}")
        add(f"{path} not json", path, b"{not json")
        add(f"{path} question is a number", path, {"question": 5})
        add(f"{path} history of strings", path, {"question": "a", "history": ["x"]})
    add("search k true", "/api/search", {"query": "netwerk", "k": True})
    add("search k string", "/api/search", {"query": "netwerk", "k": "5"})
    add("search k float", "/api/search", {"query": "netwerk", "k": 5.5})
    add("search k negative", "/api/search", {"query": "netwerk", "k": -1})
    add("search unknown block (long)", "/api/search", {"query": "netwerk", "bouwstenen": [LONG]})
    add("search 2 MB body", "/api/search", {"query": "netwerk", "doc_ids": ["y" * 2_000_000]})
    add("search wrong content type", "/api/search", b"query=netwerk",
        {"content-type": "application/x-www-form-urlencoded"})
    add("search array body", "/api/search", [1, 2, 3])
    add("search null body", "/api/search", b"null")
    add("unknown api route", "/api/nope", {"x": 1})
    return cases


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("--as", dest="roles", action="append", default=[],
                    help="NAME=API_KEY, e.g. lezer=nwk_...; the first is used for part 2")
    args = ap.parse_args()
    roles = [r.split("=", 1) for r in args.roles]
    base = args.url.rstrip("/")
    with httpx.Client(base_url=base, timeout=120, follow_redirects=False) as c:
        print("route".ljust(42), "anonymous".ljust(10), " ".join(n.ljust(10) for n, _ in roles))
        open_routes = 0
        for method, path, body in ROUTES:
            codes = [_status(c, method, path, body, {})]
            codes += [_status(c, method, path, body, {"X-API-Key": key}) for _, key in roles]
            open_routes += codes[0].startswith(("2", "3"))
            print(f"{method} {path}".ljust(42), " ".join(str(x).ljust(10) for x in codes))
        print(f"\nroutes answering without credentials: {open_routes} of {len(ROUTES)}")

        auth = {"X-API-Key": roles[0][1]} if roles else {}
        counts = {"5xx": 0, "2xx where 4xx is due": 0, "error body not {error}": 0,
                  "echo > 100 chars": 0}
        cases = bad_cases()
        for label, path, raw, headers, want_4xx in cases:
            r = c.post(path, content=raw, headers={**headers, **auth})
            problems = []
            if r.status_code >= 500:
                problems.append("5xx")
            if want_4xx and r.status_code < 400:
                problems.append("2xx where 4xx is due")
            if r.status_code >= 400:
                try:
                    body = r.json()
                    ok = isinstance(body, dict) and set(body) == {"error"}
                except ValueError:
                    ok = False
                if not ok:
                    problems.append("error body not {error}")
                if "x" * 101 in r.text or "y" * 101 in r.text:
                    problems.append("echo > 100 chars")
            for p in problems:
                counts[p] += 1
            print(f"{r.status_code} {label}{' — ' + ', '.join(problems) if problems else ''}")
        print(f"\nbad-input cases: {len(cases)}; deviations:",
              ", ".join(f"{k} {v}" for k, v in counts.items()), f"(total {sum(counts.values())})")
    return 0


def _status(c: httpx.Client, method: str, path: str, body, headers) -> str:
    """The status code; for an accepted Gradio call also whether its handler refused ('200/refused')."""
    try:
        r = c.request(method, path, json=body, headers=headers)
        if r.status_code == 200 and path.startswith("/gradio_api/call/"):
            result = c.get(f"{path}/{r.json()['event_id']}", headers=headers).text
            if "Dit mag je rol" in result or (path.endswith("export_feedback") and '"value": null' in result):
                return "200/refused"
        return str(r.status_code)
    except httpx.HTTPError as exc:
        print(f"  {method} {path}: {exc}", file=sys.stderr)
        return "0"


if __name__ == "__main__":
    sys.exit(main())
