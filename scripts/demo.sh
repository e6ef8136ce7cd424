#!/usr/bin/env bash
# Runs the local-network demo (samples/LocalNetwork): anvil with the genuine Livepeer contracts, three in-process
# orchestrators, and a gateway that pays them in tickets to transcode a 20-second clip into an HLS ladder under ./out.
# Installs what it needs first (anvil, the contract artifacts, ffmpeg) with scripts/bootstrap-test-deps.sh.
#
#   scripts/demo.sh               on chain: bonded orchestrators, a funded gateway, tickets redeemed on the devnet
#   scripts/demo.sh --offchain    no payments: the gateway is given the orchestrators' addresses
#   scripts/demo.sh --out DIR     write the HLS ladder to DIR instead of ./out
#
#   LIVEPEER_SDK_CACHE   the bootstrap's cache folder (default: $HOME/.cache/livepeer-sdk)
set -euo pipefail

readonly REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly CACHE_DIR="${LIVEPEER_SDK_CACHE:-$HOME/.cache/livepeer-sdk}"

log() { printf '[demo] %s\n' "$*" >&2; }

main() {
  command -v dotnet >/dev/null 2>&1 || { log "error: dotnet not found; install the .NET SDK named in global.json"; exit 1; }
  # The bootstrap's own report goes to stderr; its summary lines on stdout are not needed here.
  "$REPO_ROOT/scripts/bootstrap-test-deps.sh" >/dev/null || { log "error: scripts/bootstrap-test-deps.sh failed (see above)"; exit 1; }
  [[ -f "$CACHE_DIR/env.sh" ]] || { log "error: $CACHE_DIR/env.sh is missing after the bootstrap"; exit 1; }
  # shellcheck source=/dev/null
  source "$CACHE_DIR/env.sh"

  log "dotnet run -c Release --project samples/LocalNetwork -- $*"
  # Run from the caller's folder, so that ./out lands where the user is.
  exec dotnet run -c Release --project "$REPO_ROOT/samples/LocalNetwork" -- "$@"
}

main "$@"
