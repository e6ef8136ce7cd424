#!/usr/bin/env bash
# Installs the real components the tests run against, idempotently, and writes their paths to
# <cache>/env.sh so that other scripts can `source` it. Run it as often as you like: a component
# that is already present is only reported.
#
#   LIVEPEER_SDK_CACHE   where npm packages go (default: $HOME/.cache/livepeer-sdk)
#
# Each component has its own ensure_* function; add new components the same way and call them
# from main.
set -euo pipefail

readonly CACHE_DIR="${LIVEPEER_SDK_CACHE:-$HOME/.cache/livepeer-sdk}"
readonly NPM_PREFIX="$CACHE_DIR/npm"
readonly ENV_FILE="$CACHE_DIR/env.sh"

readonly APT_PACKAGES=(ffmpeg)
# Debian 12 ships libsecp256k1 as libsecp256k1-1; later releases as libsecp256k1-2. Either has the recovery module.
readonly SECP256K1_PACKAGES=(libsecp256k1-1 libsecp256k1-2)
readonly ANVIL_PACKAGE="@foundry-rs/anvil-linux-amd64"
readonly ANVIL_VERSION="1.7.1"
readonly LIVEPEER_SDK_PACKAGE="@livepeer/sdk"
readonly LIVEPEER_SDK_VERSION="1.0.1-alpha.10"
# The reference gRPC implementation for JavaScript; the interop tests run a node client and server with it.
readonly GRPC_JS_PACKAGE="@grpc/grpc-js"
readonly GRPC_JS_VERSION="1.14.7"
readonly PROTO_LOADER_PACKAGE="@grpc/proto-loader"
readonly PROTO_LOADER_VERSION="0.8.1"

# Paths found by the ensure_* functions, written to ENV_FILE at the end.
ANVIL_BIN=""
CONTRACT_ABIS=""
GRPC_NODE_MODULES=""

log() { printf '[bootstrap] %s\n' "$*" >&2; }
die() { printf '[bootstrap] error: %s\n' "$*" >&2; exit 1; }

# shellcheck source=lib/apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/apt.sh"

# Prints the version field of an installed npm package, or nothing.
npm_installed_version() {
  local manifest="$NPM_PREFIX/node_modules/$1/package.json"
  [[ -f "$manifest" ]] || return 0
  node -e 'process.stdout.write(String(require(process.argv[1]).version || ""))' "$manifest"
}

ensure_npm_packages() {
  command -v node >/dev/null 2>&1 || die "node not found; it is needed to install the npm test dependencies"
  command -v npm >/dev/null 2>&1 || die "npm not found; it is needed to install the npm test dependencies"
  local wanted=("$ANVIL_PACKAGE@$ANVIL_VERSION" "$LIVEPEER_SDK_PACKAGE@$LIVEPEER_SDK_VERSION"
                "$GRPC_JS_PACKAGE@$GRPC_JS_VERSION" "$PROTO_LOADER_PACKAGE@$PROTO_LOADER_VERSION")
  if [[ "$(npm_installed_version "$ANVIL_PACKAGE")" == "$ANVIL_VERSION" &&
        "$(npm_installed_version "$LIVEPEER_SDK_PACKAGE")" == "$LIVEPEER_SDK_VERSION" &&
        "$(npm_installed_version "$GRPC_JS_PACKAGE")" == "$GRPC_JS_VERSION" &&
        "$(npm_installed_version "$PROTO_LOADER_PACKAGE")" == "$PROTO_LOADER_VERSION" ]]; then
    log "npm: ${wanted[*]} are installed in $NPM_PREFIX"
    return 0
  fi
  mkdir -p "$NPM_PREFIX"
  # Without a package.json npm walks up and may install into an unrelated project.
  [[ -f "$NPM_PREFIX/package.json" ]] || printf '{ "name": "livepeer-sdk-test-deps", "private": true }\n' >"$NPM_PREFIX/package.json"
  log "npm: installing ${wanted[*]} into $NPM_PREFIX"
  # --ignore-scripts: the artifacts are data, and @livepeer/sdk's install hooks are not needed.
  npm install --ignore-scripts --no-audit --no-fund --prefix "$NPM_PREFIX" "${wanted[@]}" >&2
}

ensure_anvil() {
  local package_dir="$NPM_PREFIX/node_modules/$ANVIL_PACKAGE"
  [[ -d "$package_dir" ]] || die "$ANVIL_PACKAGE is not installed in $package_dir"
  # The package ships the binary under bin/; search rather than hard-code, so a layout change fails loudly here.
  ANVIL_BIN="$(find "$package_dir" -type f -name anvil -print -quit)"
  [[ -n "$ANVIL_BIN" ]] || die "no file named 'anvil' inside $package_dir"
  if [[ ! -x "$ANVIL_BIN" ]]; then
    log "anvil: marking $ANVIL_BIN executable"
    chmod +x "$ANVIL_BIN"
  fi
  local version
  version="$("$ANVIL_BIN" --version 2>&1 | head -n 1)" || die "anvil --version failed: $version"
  log "anvil: $version"
}

ensure_contract_abis() {
  CONTRACT_ABIS="$NPM_PREFIX/node_modules/$LIVEPEER_SDK_PACKAGE/abis/contracts"
  [[ -d "$CONTRACT_ABIS" ]] || die "no abis/contracts folder in $LIVEPEER_SDK_PACKAGE ($CONTRACT_ABIS)"
  local count
  count="$(find "$CONTRACT_ABIS" -name '*.json' -not -name '*.dbg.json' | wc -l)"
  log "abis: $count contract artifacts in $CONTRACT_ABIS"
}

ensure_grpc_node() {
  GRPC_NODE_MODULES="$NPM_PREFIX/node_modules"
  local package
  for package in "$GRPC_JS_PACKAGE" "$PROTO_LOADER_PACKAGE"; do
    [[ -f "$GRPC_NODE_MODULES/$package/package.json" ]] || die "$package is not installed in $GRPC_NODE_MODULES"
  done
  log "grpc-node: $GRPC_JS_PACKAGE $(npm_installed_version "$GRPC_JS_PACKAGE"), $PROTO_LOADER_PACKAGE $(npm_installed_version "$PROTO_LOADER_PACKAGE")"
}

write_env_file() {
  local tmp="$ENV_FILE.tmp.$$"
  {
    printf '# Written by scripts/bootstrap-test-deps.sh; source it to point the tests at the components.\n'
    printf 'export LIVEPEER_SDK_CACHE=%q\n' "$CACHE_DIR"
    printf 'export LIVEPEER_ANVIL=%q\n' "$ANVIL_BIN"
    printf 'export LIVEPEER_CONTRACT_ABIS=%q\n' "$CONTRACT_ABIS"
    # A node_modules folder holding @grpc/grpc-js and @grpc/proto-loader (use it as NODE_PATH).
    printf 'export LIVEPEER_GRPC_NODE_MODULES=%q\n' "$GRPC_NODE_MODULES"
  } >"$tmp"
  if [[ -f "$ENV_FILE" ]] && cmp -s "$tmp" "$ENV_FILE"; then
    rm -f "$tmp"
  else
    mv "$tmp" "$ENV_FILE"
    log "wrote $ENV_FILE"
  fi
}

ensure_secp256k1() {
  local pkg
  for pkg in "${SECP256K1_PACKAGES[@]}"; do
    if apt_is_installed "$pkg"; then
      log "apt: $pkg is installed"
      return 0
    fi
  done
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install libsecp256k1 (with the recovery module) by hand"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update
  for pkg in "${SECP256K1_PACKAGES[@]}"; do
    if apt-cache policy "$pkg" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
      log "apt: installing $pkg"
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$pkg"
      return 0
    fi
  done
  die "no libsecp256k1 package (${SECP256K1_PACKAGES[*]}) is available from apt"
}

main() {
  mkdir -p "$CACHE_DIR"
  ensure_apt_packages "${APT_PACKAGES[@]}"
  ensure_secp256k1
  ensure_npm_packages
  ensure_anvil
  ensure_contract_abis
  ensure_grpc_node
  write_env_file
  printf 'LIVEPEER_ANVIL=%s\n' "$ANVIL_BIN"
  printf 'LIVEPEER_CONTRACT_ABIS=%s\n' "$CONTRACT_ABIS"
  printf 'LIVEPEER_GRPC_NODE_MODULES=%s\n' "$GRPC_NODE_MODULES"
  printf 'env file: %s\n' "$ENV_FILE"
}

main "$@"
