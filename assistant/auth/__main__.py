"""``python -m assistant.auth``: accounts, roles and API keys from the command line.

    python -m assistant.auth users add NAME --role trainer      # asks for the password
    python -m assistant.auth users remove NAME
    python -m assistant.auth users reset-password NAME
    python -m assistant.auth users role NAME beheerder
    python -m assistant.auth users list
    python -m assistant.auth api-key NAME [--label LABEL]        # prints a new key once
    python -m assistant.auth api-key NAME --revoke
    python -m assistant.auth audit [--limit 50] [--csv]

Passwords are read without echo on a terminal, else as one line from stdin (scripts).
Every change is written to the audit log as done by ``@cli:<os user>``.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from assistant.auth.accounts import AccountError, AccountStore
from assistant.auth.audit import AuditLog
from assistant.auth.passwords import MIN_PASSWORD
from assistant.auth.roles import ROLES
from assistant.errors import ConfigError
from assistant.settings import Settings


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    store, audit = AccountStore.for_settings(settings), AuditLog.for_settings(settings)
    actor = f"@cli:{getpass.getuser()}"
    try:
        return _run(args, store, audit, actor)
    except (AccountError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _run(args, store: AccountStore, audit: AuditLog, actor: str) -> int:
    if args.command == "users":
        if args.action == "list":
            users = store.list()
            if not users:
                print("No users yet; add one with: python -m assistant.auth users add NAME --role beheerder")
            for u in users:
                how = ", ".join(x for x, on in (("password", u.has_password), ("sso", u.oidc)) if on) or "-"
                print(f"{u.name:<24} {u.role:<10} {how:<16} api keys: {u.api_keys}  since {u.created}")
            return 0
        if args.action == "add":
            password = _password(args.name)
            store.add(args.name, args.role, password)
            audit.record("user.add", actor, f"{args.name} as {args.role}")
            print(f"Added {args.name} ({args.role}).")
        elif args.action == "remove":
            store.remove(args.name)
            audit.record("user.remove", actor, args.name)
            print(f"Removed {args.name}, with their API keys and sessions.")
        elif args.action == "reset-password":
            store.set_password(args.name, _password(args.name))
            audit.record("user.password", actor, args.name)
            print(f"New password set for {args.name}; their sessions have ended.")
        elif args.action == "role":
            store.set_role(args.name, args.role)
            audit.record("user.role", actor, f"{args.name} → {args.role}")
            print(f"{args.name} is now {args.role}.")
        return 0
    if args.command == "api-key":
        if args.revoke:
            n = store.revoke_api_keys(args.name)
            audit.record("apikey.revoke", actor, f"{args.name}: {n} keys")
            print(f"Revoked {n} API key(s) of {args.name}.")
            return 0
        key = store.new_api_key(args.name, args.label)
        audit.record("apikey.add", actor, f"{args.name} {args.label}".strip())
        print(key)
        print(f"This is {args.name}'s new API key (header 'X-API-Key'); it is shown only now.", file=sys.stderr)
        return 0
    if args.command == "audit":
        if args.csv:
            sys.stdout.write(audit.to_csv(args.limit))
            return 0
        for row in reversed(audit.rows(args.limit)):
            print(f"{row['time']}  {row['user']:<20} {row['event']:<18} {row['detail']}  {row['ip']}")
        return 0
    return 2


def _password(name: str) -> str:
    if sys.stdin.isatty():
        first = getpass.getpass(f"Password for {name} (at least {MIN_PASSWORD} characters): ")
        if getpass.getpass("Again: ") != first:
            raise ValueError("The two passwords differ; nothing changed.")
        return first
    return sys.stdin.readline().rstrip("\n")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m assistant.auth",
                                description="Accounts, roles and API keys of the Netwerkwijzer.")
    sub = p.add_subparsers(dest="command", required=True)
    users = sub.add_parser("users", help="add, remove, change or list accounts")
    actions = users.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="a new account (asks for its password)")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, default="lezer")
    actions.add_parser("remove", help="an account, its API keys and sessions").add_argument("name")
    actions.add_parser("reset-password", help="a new password; ends the user's sessions").add_argument("name")
    role = actions.add_parser("role", help="change an account's role")
    role.add_argument("name")
    role.add_argument("role", choices=ROLES)
    actions.add_parser("list", help="every account with its role")
    key = sub.add_parser("api-key", help="a personal API key for the REST API (printed once)")
    key.add_argument("name")
    key.add_argument("--label", default="")
    key.add_argument("--revoke", action="store_true", help="revoke all of the user's keys instead")
    audit = sub.add_parser("audit", help="show the audit log")
    audit.add_argument("--limit", type=int, default=50)
    audit.add_argument("--csv", action="store_true")
    return p


if __name__ == "__main__":
    sys.exit(main())
