#!/usr/bin/env bash
# Stops the managed PostgreSQL cluster of this checkout (.data/pg). The server stops with Ctrl-C.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. scripts/lib/common.sh
stop_managed_pg
