"""Assign the fixed train/test split of evalsets/answers.jsonl.

The split is stratified by status x language x (follow-up or not): in every stratum about
TEST_SHARE of the items go to test, chosen in the order of a seeded hash of their id. An item
that already has a split keeps it, so re-running this script (for instance after adding items)
never moves an item from one split to the other.

Run: python evalsets/make_split.py [path/to/answers.jsonl]
"""
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

SEED = "netwerkwijzer-calibration-2026"
TEST_SHARE = 0.35
DEFAULT_PATH = Path(__file__).with_name("answers.jsonl")


def stratum(item: dict) -> tuple[str, str, bool]:
    return item["status"], item["lang"], bool(item["history"])


def order_key(item_id: str) -> str:
    return hashlib.sha256(f"{SEED}:{item_id}".encode()).hexdigest()


def assign(items: list[dict]) -> list[dict]:
    """Fill in the empty `split` fields; existing values are never changed."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for item in items:
        groups[stratum(item)].append(item)
    for members in groups.values():
        wanted = round(TEST_SHARE * len(members))
        have = sum(1 for m in members if m.get("split") == "test")
        for item in sorted((m for m in members if not m.get("split")), key=lambda m: order_key(m["id"])):
            item["split"] = "test" if have < wanted else "train"
            have += item["split"] == "test"
    return items


def rewrite(path: Path, assign_splits=None) -> None:
    """Read the JSONL at ``path``, fill in the empty splits (``assign_splits``, default this
    file's ``assign``) and write it back."""
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    (assign_splits or assign)(items)
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    test = sum(i["split"] == "test" for i in items)
    print(f"{path}: {len(items)} items, {len(items) - test} train, {test} test")


def main(path: Path = DEFAULT_PATH) -> None:
    rewrite(path)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PATH)
