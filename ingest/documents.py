"""`python -m ingest.documents`: documents, collections and groups (who may read what).

Only translates arguments into ``DocumentManager`` / ``CollectionRegistry`` calls and
prints the result. It lives under ``ingest`` because it hands the manager the ingest
(``ingest.pipeline.run``): the assistant never imports the ingest code. ``add``,
``rename`` and ``reingest`` wait for the ingest; a running app (another process) sees
every change within a few seconds.
"""

from __future__ import annotations

import argparse
import sys

from assistant.documents.collections import Collection, CollectionRegistry
from assistant.errors import InputError
from assistant.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest.documents",
                                     description="Collections of documents and who may read them.")
    sub = parser.add_subparsers(dest="what", required=True)
    cols = sub.add_parser("collections", help="list, add or remove collections").add_subparsers(
        dest="action", required=True)
    cols.add_parser("list", help="every collection and its readers")
    add = cols.add_parser("add", help="add a collection, or change who may read it")
    add.add_argument("id", help="short id: lowercase letters, digits, - and _ (e.g. team-kust)")
    add.add_argument("name", help="the name people see (e.g. 'Team Kust')")
    add.add_argument("--everyone", action="store_true", help="readable by every user")
    add.add_argument("--users", default="", help="comma-separated user names that may read it")
    add.add_argument("--groups", default="", help="comma-separated groups that may read it")
    add.add_argument("--roles", default="", help="comma-separated roles that may read it (and the roles above)")
    rm = cols.add_parser("remove", help="remove a collection (its documents become readable by beheerders only)")
    rm.add_argument("id")
    docs = {name: sub.add_parser(name, help=text) for name, text in (
        ("list", "every document with collection, passages, status and ingest time"),
        ("add", "add files (.txt .md .pdf .docx) to a collection and ingest them"),
        ("rename", "give a document another title"), ("move", "put a document in another collection"),
        ("reingest", "ingest a document again"), ("delete", "remove a document and its file"))}
    docs["add"].add_argument("files", nargs="+")
    docs["add"].add_argument("--collection", default="bronnen")
    for name in ("rename", "move", "reingest", "delete"):
        docs[name].add_argument("doc_id")
    docs["rename"].add_argument("title")
    docs["move"].add_argument("collection")
    groups = sub.add_parser("groups", help="named lists of users").add_subparsers(dest="action", required=True)
    groups.add_parser("list")
    put = groups.add_parser("set", help="set a group's members")
    put.add_argument("name")
    put.add_argument("members", nargs="*")
    args = parser.parse_args(argv)

    settings = Settings.from_env()
    registry = CollectionRegistry.for_settings(settings)
    if args.what in docs:
        return _documents(args, settings, registry)
    try:
        if args.what == "collections" and args.action == "add":
            def split(v: str) -> tuple[str, ...]:
                return tuple(x.strip() for x in v.split(",") if x.strip())

            registry.put(Collection(args.id, args.name, everyone=args.everyone, users=split(args.users),
                                    groups=split(args.groups), roles=split(args.roles)))
        elif args.what == "collections" and args.action == "remove":
            registry.remove(args.id)
        elif args.what == "groups" and args.action == "set":
            registry.set_group(args.name, args.members)
    except InputError as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 2
    if args.what == "collections":
        for c in registry.collections():
            print(f"{c.id:<20} {c.name:<32} {c.describe()}")
    else:
        for name, members in registry.groups().items():
            print(f"{name:<20} {', '.join(members)}")
    return 0


def _documents(args, settings, registry) -> int:
    from pathlib import Path

    from assistant.documents.manager import DocumentManager
    from assistant.embeddings import make_embedder
    from assistant.errors import NetwerkwijzerError
    from assistant.store import Store
    from ingest import pipeline

    embedder = make_embedder(settings)

    def open_store():
        return Store.open_for_writing(settings, embedder.model_id, embedder.dimension)

    manager = DocumentManager(settings, open_store, lambda: embedder, registry, ingest=pipeline.run)
    user = "@cli"
    try:
        if args.what == "add":
            files = []
            for name in args.files:
                try:
                    files.append((Path(name).name, Path(name).read_bytes()))
                except OSError as exc:
                    print(f"{name}: kan niet worden gelezen ({exc.strerror})", file=sys.stderr)
            _, refused = manager.add(files, args.collection, user)
            for name, reason in refused:
                print(f"{name}: {reason}", file=sys.stderr)
        elif args.what == "rename":
            manager.rename(args.doc_id, args.title, user)
        elif args.what == "move":
            print(f"{manager.move(args.doc_id, args.collection, user)} passages verplaatst")
        elif args.what == "reingest":
            manager.reingest(args.doc_id, user)
        elif args.what == "delete":
            print(f"{manager.delete(args.doc_id, user)} passages verwijderd")
        manager.wait(timeout=24 * 3600)
        indexed: dict[str, dict] = {}
        for c in open_store().live_chunks():
            d = indexed.setdefault(c.doc_id, {"doc_id": c.doc_id, "title": c.title, "collection": c.collection,
                                               "chunks": 0})
            d["chunks"] += 1
    except NetwerkwijzerError as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 2
    failed = False
    for d in manager.listing(list(indexed.values())):
        failed |= d["status"] == "fout"
        print(f"{d['doc_id']:<28} {d['collection']:<14} {d['chunks']:>5}  {d['status']:<9} "
              f"{d['ingested'][:16]:<16} {d['title']}" + (f"  ({d['reason']})" if d["reason"] else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
