#!/usr/bin/env bash
# npm test: the type check and the linters (tsc, ESLint, prettier, in that order) run beside jest
# rather than before it, on the CPU jest leaves idle while its workers start and between files.
# Their output is printed after jest's; any failure fails the run. Arguments go to jest.
set -uo pipefail
cd "$(dirname "$0")/.."
checks_log=$(mktemp)
trap 'rm -f "$checks_log"' EXIT
(npx tsc --noEmit -p . && npx eslint . && npx prettier --check .) >"$checks_log" 2>&1 &
checks=$!
npx jest "$@"
jest_status=$?
checks_status=0
wait "$checks" || checks_status=$?
echo "--- tsc, eslint, prettier ---"
cat "$checks_log"
if [[ $checks_status != 0 ]]; then echo "npm test: the type check or a linter failed (status $checks_status)" >&2; fi
if [[ $jest_status != 0 || $checks_status != 0 ]]; then exit 1; fi
