#!/usr/bin/env bash
# `make lint` and CI (.ci/run): the checks the team ran by hand before a commit. Each one runs
# even when an earlier one fails, so that one run lists everything; the exit status is 1 if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
failed=()

check() {
  echo "===== $* ====="
  "$@" || failed+=("$*")
}

check "$BIN/ruff" check .
check "$BIN/ruff" format --check .
# Against an empty database: a fresh clone has none, and the models alone are compared here.
check env DJANGO_DEBUG=true DATABASE_URL=sqlite:///:memory: "$BIN/python" manage.py makemigrations --check --dry-run
# The kernel, the workflow tables, the services and the counting engine: the files are listed
# in pyproject.toml ([tool.mypy]).
check env DJANGO_DEBUG=true "$BIN/mypy"

if [ ${#failed[@]} -gt 0 ]; then
  printf 'lint failed: %s\n' "${failed[@]}"
  exit 1
fi
echo "lint: ok"
