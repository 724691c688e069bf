#!/usr/bin/env bash
# Runs every test: type check, unit tests, integration tests against the real PostGIS, end-to-end tests in real
# headless Chromium. Installs and provisions what it needs (node modules, PostGIS, Chromium, GDAL, a CJK font).
# Extra arguments go to vitest, e.g. ./scripts/test.sh --project integration
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. scripts/lib/common.sh

ensure_node_modules
ensure_apt_packages /usr/bin/chromium chromium
ensure_apt_packages ogrinfo gdal-bin
ensure_apt_packages /usr/share/fonts/truetype/wqy/wqy-microhei.ttc fonts-wqy-microhei
ensure_apt_packages pdftotext poppler-utils # the notices' test reads the text and pages of the PDFs
ensure_database
log "type check"
npx tsc --noEmit -p .
log "building the client"
npx vite build --logLevel warn
log "running the tests"
npx vitest run "$@"
log "all tests passed"
