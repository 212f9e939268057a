"""Assign the fixed train/test split of evalsets/situations.jsonl (the advice situations).

The same rule as ``make_split.py``: an item that already has a split keeps it, so adding
items never moves one. New items are grouped by conversation (a follow-up goes with the
situation its history starts from, so no text of a test conversation is trained on) and
stratified by language x number of gold blocks; in each stratum about TEST_SHARE of the
groups, taken in the order of a seeded SHA-256 of their first id, go to test.

Run: python evalsets/split_situations.py [path/to/situations.jsonl]
"""
import sys
from collections import defaultdict
from pathlib import Path

try:
    from evalsets.make_split import order_key, rewrite
except ImportError:  # run as a script from its folder
    from make_split import order_key, rewrite

TEST_SHARE = 0.33
DEFAULT_PATH = Path(__file__).with_name("situations.jsonl")


def conversations(items: list[dict]) -> list[list[dict]]:
    """Items grouped by the situation their conversation starts from."""
    by_question = {i["question"]: i for i in items}
    root: dict[str, str] = {}
    for i in items:
        first = next((t["content"] for t in i["history"] if t["role"] == "user"), None)
        root[i["id"]] = by_question[first]["id"] if first in by_question else i["id"]
    groups: dict[str, list[dict]] = defaultdict(list)
    for i in items:
        groups[root[i["id"]]].append(i)
    return list(groups.values())


def assign(items: list[dict]) -> list[dict]:
    """Fill in the empty ``split`` fields; existing values are never changed."""
    strata: dict[tuple, list[list[dict]]] = defaultdict(list)
    for group in conversations(items):
        known = {i["split"] for i in group if i.get("split")}
        if known:  # a conversation already split keeps its side
            side = "test" if "test" in known else "train"
            for i in group:
                i["split"] = i.get("split") or side
            continue
        head = min(group, key=lambda i: i["id"])
        strata[(head["lang"], len(head["bouwstenen"]))].append(group)
    for groups in strata.values():
        wanted = round(TEST_SHARE * len(groups))
        for n, group in enumerate(sorted(groups, key=lambda g: order_key(min(i["id"] for i in g)))):
            for i in group:
                i["split"] = "test" if n < wanted else "train"
    return items


def main(path: Path = DEFAULT_PATH) -> None:
    rewrite(path, assign)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PATH)
