#!/usr/bin/env bash
# Installs the test dependencies, runs every test project in Livepeer.Sdk.sln in Release, and prints
# as its last line "N passed, M failed" (", K skipped" when K > 0), counted from the TRX results.
# Exits non-zero if the build of any project or `dotnet test` failed, a test failed, or no test ran.
#
#   scripts/test.sh                          all tests
#   scripts/test.sh --filter Category=Chain  extra arguments go to `dotnet test`
#
#   LIVEPEER_TEST_RESULTS    results folder, emptied first (default: TestResults/ in the repository)
#   LIVEPEER_TEST_VERBOSITY  console logger verbosity: quiet, minimal (default), normal, detailed
set -euo pipefail

readonly REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly CACHE_DIR="${LIVEPEER_SDK_CACHE:-$HOME/.cache/livepeer-sdk}"
readonly RESULTS_DIR="${LIVEPEER_TEST_RESULTS:-$REPO_ROOT/TestResults}"
readonly VERBOSITY="${LIVEPEER_TEST_VERBOSITY:-minimal}"

log() { printf '[test] %s\n' "$*" >&2; }

# Sums the <Counters> of every .trx file under $1 and prints "files passed failed skipped executed".
# Node is used because the bootstrap already needs it; python3 may be absent on a bare machine.
sum_trx_counters() {
  node - "$1" <<'EOF'
const fs = require('fs');
const path = require('path');
const files = [];
const walk = dir => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name.endsWith('.trx')) files.push(full);
  }
};
if (fs.existsSync(process.argv[2])) walk(process.argv[2]);
const sum = { passed: 0, failed: 0, skipped: 0, executed: 0 };
for (const file of files) {
  const counters = /<Counters\b([^>]*)\/?>/.exec(fs.readFileSync(file, 'utf8'));
  if (!counters) { console.error(`[test] no <Counters> in ${file}`); continue; }
  const get = name => {
    const m = new RegExp(`\\b${name}="(\\d+)"`).exec(counters[1]);
    return m ? Number(m[1]) : 0;
  };
  sum.passed += get('passed');
  // Errors, timeouts and aborts are failures too, so they must not vanish from the count.
  sum.failed += get('failed') + get('error') + get('timeout') + get('aborted');
  // VSTest leaves notExecuted at 0 for ignored tests but does not count them as executed either.
  sum.skipped += Math.max(get('total') - get('executed'), get('notExecuted') + get('inconclusive') + get('notRunnable'));
  sum.executed += get('executed');
}
console.log(`${files.length} ${sum.passed} ${sum.failed} ${sum.skipped} ${sum.executed}`);
EOF
}

main() {
  cd "$REPO_ROOT"
  if ! "$REPO_ROOT/scripts/bootstrap-test-deps.sh" || [[ ! -f "$CACHE_DIR/env.sh" ]]; then
    log "FAILED: scripts/bootstrap-test-deps.sh could not install the test dependencies (see above); no test was run."
    printf '0 passed, 0 failed\n'
    return 1
  fi
  # shellcheck source=/dev/null
  source "$CACHE_DIR/env.sh"

  rm -rf "$RESULTS_DIR"
  mkdir -p "$RESULTS_DIR"
  # Build the whole solution first: `dotnet test` alone skips projects that hold no tests (bench/),
  # so a break there would go unnoticed. After a failed build no test runs, because --no-build would
  # pick up stale binaries from an earlier build.
  log "dotnet build Livepeer.Sdk.sln -c Release"
  local build_rc=0 dotnet_rc=0
  dotnet build Livepeer.Sdk.sln -c Release -nologo -clp:"Summary;ErrorsOnly" || build_rc=$?
  if ((build_rc == 0)); then
    log "dotnet test Livepeer.Sdk.sln -c Release --no-build (results in $RESULTS_DIR)"
    dotnet test Livepeer.Sdk.sln -c Release --no-build \
      --results-directory "$RESULTS_DIR" \
      --logger trx \
      --logger "console;verbosity=$VERBOSITY" \
      "$@" || dotnet_rc=$?
  fi

  local counts files passed failed skipped executed
  local status=0
  if ((build_rc != 0)); then
    log "FAILED: dotnet build exited with code $build_rc (errors above); no test was run."
    status=1
  fi
  counts="$(sum_trx_counters "$RESULTS_DIR")" || counts=""
  if [[ ! "$counts" =~ ^[0-9]+\ [0-9]+\ [0-9]+\ [0-9]+\ [0-9]+$ ]]; then
    log "FAILED: could not read the TRX results in $RESULTS_DIR."
    counts="0 0 0 0 0"
    status=1
  fi
  read -r files passed failed skipped executed <<<"$counts"

  if ((dotnet_rc != 0)); then
    status=1
    if ((files == 0)); then
      log "FAILED: dotnet test exited with code $dotnet_rc and wrote no results; a test host did not start or crashed (see above)."
    elif ((failed == 0)); then
      log "FAILED: dotnet test exited with code $dotnet_rc although no counted test failed; a project whose test host crashed is missing from the counts below ($files result file(s))."
    else
      log "dotnet test exited with code $dotnet_rc."
    fi
  fi
  if ((failed > 0)); then
    log "FAILED: $failed test(s) failed."
    status=1
  fi
  if ((build_rc == 0 && executed == 0 && (files > 0 || dotnet_rc == 0))); then
    log "FAILED: no test ran (a --filter that matches nothing also ends here)."
    status=1
  fi

  local summary="$passed passed, $failed failed"
  if ((skipped > 0)); then
    summary+=", $skipped skipped"
  fi
  printf '%s\n' "$summary"
  return "$status"
}

main "$@"
