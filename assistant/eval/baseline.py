"""Today's behaviour beside the new one, in the same run: the system as it was at an
earlier commit (``BASELINE_REV``) answers the same questions.

The old tree is exported with ``git archive`` into a temporary folder and run in a
subprocess with the same Python, so no old code is kept in this tree. It reads an index
of the same documents that its own ingest builds, once, in ``<data dir>/baseline-<rev>``
(the old code embeds with its own model and backend, which a newer index may not share).
A commit with the three answer states gives its own status; an older one has none, and
there an abstention counts as 'not_covered', anything else as 'answered'.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path

from assistant.eval.datasets import ROOT

BASELINE_REV = "35102ac"  # the last commit before the three-state answer layer

_DRIVER = """
import json, sys
from assistant.core import Assistant
a = Assistant.from_settings()
out = []
for it in json.load(sys.stdin):
    ans = a.ask(it["question"], history=it.get("history") or [])
    status = getattr(ans, "status", None) or ("not_covered" if ans.abstained else "answered")
    out.append({"id": it["id"], "status": status,
                "text": ans.text, "query": ans.query, "quotes": [c.quote for c in ans.citations]})
json.dump(out, sys.stdout)
"""


def baseline_records(items: Sequence[dict], data_dir: Path, rev: str = BASELINE_REV,
                     documents: Path | None = None) -> list[dict]:
    """The old system's records for ``items``, over its own index of ``documents`` (default:
    the old tree's ``corpus/``), kept under ``data_dir``."""
    with tempfile.TemporaryDirectory(prefix="netwerkwijzer-baseline-") as tmp:
        archive = Path(tmp) / "tree.tar"
        subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", "-o", str(archive), rev],
                       check=True, capture_output=True)
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
        own = Path(data_dir).resolve() / f"baseline-{rev}"
        # the old defaults, except where the model files are kept
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("NETWERKWIJZER_") or k == "NETWERKWIJZER_MODEL_CACHE"}
        env |= {"PYTHONPATH": tmp, "NETWERKWIJZER_DATA_DIR": str(own), "HF_HUB_OFFLINE": "1"}
        if not (own / ".built").exists():
            print(f"Indexing the documents with the code of {rev} for the 'before' column "
                  f"(once, into {own})…", file=sys.stderr, flush=True)
            paths = [str(Path(documents).resolve())] if documents else []
            done = subprocess.run([sys.executable, "-m", "ingest", *paths, "--quiet"], text=True,
                                  capture_output=True, cwd=tmp, env=env)
            if done.returncode:
                raise RuntimeError(f"the baseline's ingest at {rev} failed:\n{done.stderr[-2000:]}")
            (own / ".built").write_text(rev + "\n", encoding="utf-8")
        payload = [{"id": i["id"], "question": i["question"], "history": i.get("history") or []}
                   for i in items]
        done = subprocess.run([sys.executable, "-c", _DRIVER], input=json.dumps(payload), text=True,
                              capture_output=True, cwd=tmp, env=env)
        if done.returncode:
            raise RuntimeError(f"the baseline at {rev} failed:\n{done.stderr[-2000:]}")
        return json.loads(done.stdout)
