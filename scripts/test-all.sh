#!/usr/bin/env bash
# Every test of the project, in the order that fails fastest. Used by `npm run test:all` and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
bash scripts/ensure-chromium.sh
bash training/setup.sh
npx tsc --noEmit
training/.venv/bin/python -m unittest discover -s training/tests
npx vitest run
npm run build
npx playwright test
