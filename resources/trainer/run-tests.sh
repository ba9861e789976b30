#!/bin/sh
# The trainer's test suite (pytest on Debian's python3-torch). Run from anywhere; prints pytest's summary line.
set -e
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3
if ! "$PY" -c 'import torch, numpy, pytest' 2>/dev/null; then
  echo "The trainer tests need Debian's python3-torch, python3-numpy and python3-pytest (and libopenblas0-openmp for speed):" >&2
  echo "  sudo apt-get install python3-torch python3-numpy python3-pytest libopenblas0-openmp" >&2
  exit 1
fi
exec "$PY" -m pytest -q -p no:cacheprovider resources/trainer/tests "$@"
