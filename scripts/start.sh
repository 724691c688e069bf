#!/usr/bin/env bash
# Runs gridwatch with its demo data on http://localhost:${PORT:-8080}: installs what is missing (node modules,
# Chromium and a CJK font for the printable notices), provisions the database (the managed cluster in .data/pg
# unless DATABASE_URL is set), migrates, loads the Yongren dataset if the database is empty, builds the client and
# serves it with the API.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. scripts/lib/common.sh

ensure_node_modules
# The printable grid notices are rendered by headless Chromium, in Chinese: both are needed at run time.
ensure_apt_packages /usr/bin/chromium chromium
ensure_apt_packages /usr/share/fonts/truetype/wqy/wqy-microhei.ttc fonts-wqy-microhei
ensure_database
log "migrating"
npx tsx scripts/migrate.ts
log "demo data"
npx tsx scripts/seed.ts --if-empty
log "building the client"
npx vite build --logLevel warn
log "ready. Demo accounts (password: gridwatch): chief (county), planner (county), leader (永定镇), worker (one micro-grid), fire and housing (county departments)"
export PORT=${PORT:-8080}
exec npx tsx server/main.ts
