"""The folds the answerability thresholds are chosen on: stratified, and another shuffle
per seed (the worth is averaged over several, so the choice does not hang on one split)."""

from collections import Counter

from assistant.eval import calibrate, datasets


def _items(n: int = 120) -> list[dict]:
    statuses = ("answered", "partial", "not_covered")
    return [{"id": f"x{k:03d}", "status": statuses[k % 3], "lang": "en" if k % 5 == 0 else "nl"}
            for k in range(n)]


def test_folds_partition_the_items_and_keep_the_strata_balanced():
    items = _items()
    for seed in (0, 1, 7):
        parts = datasets.folds(items, 5, seed)
        assert sorted(i["id"] for p in parts for i in p) == sorted(i["id"] for i in items)
        for p in parts:
            counts = Counter(i["status"] for i in p)
            assert max(counts.values()) - min(counts.values()) <= 2


def test_each_seed_is_another_shuffle_and_seed_zero_keeps_the_id_order():
    items = _items()
    ids = [[i["id"] for i in p] for p in datasets.folds(items, 5, 0)]
    assert ids == [[i["id"] for i in p] for p in datasets.folds(list(reversed(items)), 5, 0)]
    assert ids != [[i["id"] for i in p] for p in datasets.folds(items, 5, 1)]
    assert len(calibrate.SEEDS) >= 5
