#!/usr/bin/env bash
# Create .venv and install the project into it (idempotent: skipped when
# pyproject.toml has not changed since the last successful install).
# Usage: scripts/bootstrap.sh [--test]   (--test adds test tools and Chromium)
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
extras=""
[ "${1:-}" = "--test" ] && extras="[test]"

if [ ! -x .venv/bin/python ]; then
  echo "Creating .venv with $($PY --version)…"
  "$PY" -m venv .venv
fi
stamp=".venv/.installed${extras:+-test}"
want="$(sha256sum pyproject.toml | cut -c1-16)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  # the virtual environment takes about 2.5 GB; pip needs room for the wheels too
  need_mb=3500
  free_mb=$(df -Pm . | awk 'NR==2 {print $4}')
  if [ -n "$free_mb" ] && [ "$free_mb" -lt "$need_mb" ]; then
    echo "Not enough free disk space to install: ${free_mb} MB free in $(pwd), about ${need_mb} MB needed." >&2
    echo "Free some space (old clones, 'pip cache purge') or clone the project onto a larger disk, then run this again." >&2
    exit 1
  fi
  echo "Installing dependencies into .venv (first time: a few minutes)…"
  .venv/bin/python -m pip install --quiet --upgrade pip
  # torch first and pinned: this takes the CPU build, not a multi-GB CUDA one
  .venv/bin/python -m pip install --quiet "torch==2.13.0"
  .venv/bin/python -m pip install --quiet -e ".${extras}"
  echo "$want" > "$stamp"
fi

SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
if [ ! -e /usr/share/dictd/freedict-nld-eng.index ] || [ ! -e /usr/share/dictd/freedict-eng-nld.index ]; then
  # English questions find Dutch passages by their words too (assistant/text/glossary.py);
  # without the dictionaries they work by meaning only, so a failure here is no error
  echo "Installing the FreeDict English-Dutch dictionaries from Debian packages…"
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
      dict-freedict-eng-nld dict-freedict-nld-eng >/dev/null; } \
    || echo "Could not install dict-freedict-eng-nld and dict-freedict-nld-eng; English questions search by meaning only." >&2
fi

if [ -n "$extras" ] && [ ! -x /usr/bin/chromium ]; then
  echo "Installing Chromium from Debian packages for the browser tests…"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi
