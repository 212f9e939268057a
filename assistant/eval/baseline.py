"""Today's behaviour beside the new one, in the same run: the answer layer as it was at
an earlier commit (``BASELINE_REV``) answers the same questions over the same index.

The old tree is exported with ``git archive`` into a temporary folder and run in a
subprocess with the same Python and settings, so no old code is kept in this tree. Its
answers have no status: an abstention counts as 'not_covered', anything else as
'answered'.
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
    out.append({"id": it["id"], "status": "not_covered" if ans.abstained else "answered",
                "text": ans.text, "query": ans.query, "quotes": [c.quote for c in ans.citations]})
json.dump(out, sys.stdout)
"""


def baseline_records(items: Sequence[dict], data_dir: Path, rev: str = BASELINE_REV) -> list[dict]:
    """The old answer layer's records for ``items``, over the index in ``data_dir``."""
    with tempfile.TemporaryDirectory(prefix="netwerkwijzer-baseline-") as tmp:
        archive = Path(tmp) / "tree.tar"
        subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", "-o", str(archive), rev],
                       check=True, capture_output=True)
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
        env = {**os.environ, "PYTHONPATH": tmp, "NETWERKWIJZER_DATA_DIR": str(Path(data_dir).resolve()),
               "HF_HUB_OFFLINE": "1"}
        payload = [{"id": i["id"], "question": i["question"], "history": i.get("history") or []}
                   for i in items]
        done = subprocess.run([sys.executable, "-c", _DRIVER], input=json.dumps(payload), text=True,
                              capture_output=True, cwd=tmp, env=env)
        if done.returncode:
            raise RuntimeError(f"the baseline at {rev} failed:\n{done.stderr[-2000:]}")
        return json.loads(done.stdout)
