#!/usr/bin/env bash
# Runs a benchmark suite and prints a table, then, as its very last line, one JSON object with the
# figures and the targets.
#
#   bench/run.sh crypto   Keccak-256, secp256k1 sign/recover (native and managed) against libsecp256k1 from C
#   bench/run.sh payments tickets signed (TicketSender) and received (TicketRecipient) per second on one core,
#                         against libsecp256k1 sign/recover through P/Invoke (same run) and from C
#
#   LIVEPEER_BENCH_C_ITERATIONS   operations per timed C repetition (default 20000)
#   LIVEPEER_BENCH_C_REPETITIONS  timed C repetitions; the median is used (default 5)
#   LIVEPEER_BENCH_PAYMENTS_CLOCK payments only: cpu (process CPU time, default) or wall
#   LIVEPEER_BENCH_PAYMENTS_ROUNDS payments only: runs of the .NET benchmarks; medians over them (default 3)
set -euo pipefail

readonly REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly BENCH_DIR="$REPO_ROOT/bench"
readonly NATIVE_OUT="$BENCH_DIR/native/out"
readonly BENCH_PROJECT="$BENCH_DIR/Livepeer.Benchmarks/Livepeer.Benchmarks.csproj"

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }

usage() {
  printf 'usage: %s NAME\n  NAME: crypto | payments\n' "$0" >&2
  exit 2
}

# shellcheck source=../scripts/lib/apt.sh
source "$REPO_ROOT/scripts/lib/apt.sh"

# Runs the BenchmarkDotNet classes whose full name matches $1 and prints the artifacts folder.
run_dotnet_benchmarks() {
  local filter="$1" artifacts="$2"
  rm -rf "$artifacts"
  log "BenchmarkDotNet: $filter (artifacts in $artifacts)"
  dotnet run -c Release --project "$BENCH_PROJECT" -- \
    --filter "$filter" \
    --artifacts "$artifacts" >&2
}

run_crypto() {
  ensure_apt_packages libsecp256k1-dev gcc
  mkdir -p "$NATIVE_OUT"
  log "gcc: bench/native/secp_bench.c -> $NATIVE_OUT/secp_bench"
  gcc -O2 -Wall -Wextra -std=c11 -o "$NATIVE_OUT/secp_bench" "$BENCH_DIR/native/secp_bench.c" -lsecp256k1

  local artifacts="$BENCH_DIR/BenchmarkDotNet.Artifacts/crypto"
  run_dotnet_benchmarks 'Livepeer.Benchmarks.Crypto.*' "$artifacts"

  local c_output="$NATIVE_OUT/secp_bench.txt"
  log "C baseline: ${LIVEPEER_BENCH_C_ITERATIONS:-20000} iterations x ${LIVEPEER_BENCH_C_REPETITIONS:-5} repetitions"
  "$NATIVE_OUT/secp_bench" "${LIVEPEER_BENCH_C_ITERATIONS:-20000}" "${LIVEPEER_BENCH_C_REPETITIONS:-5}" | tee "$c_output" >&2

  summarize_crypto "$artifacts/results" "$c_output"
}

# Reads BenchmarkDotNet's full JSON reports and the C output; prints the table, then the JSON line last.
summarize_crypto() {
  node - "$1" "$2" <<'EOF'
const fs = require('fs');
const path = require('path');
const [resultsDir, cOutput] = process.argv.slice(2);

const reports = fs.readdirSync(resultsDir).filter(f => f.endsWith('-report-full.json'));
if (reports.length === 0) throw new Error(`no *-report-full.json in ${resultsDir}`);

// Median time per operation, in nanoseconds, keyed "Class.Method" or "Class.Method(Backend=x)".
const medians = {};
for (const report of reports) {
  const json = JSON.parse(fs.readFileSync(path.join(resultsDir, report), 'utf8'));
  for (const b of json.Benchmarks) {
    if (!b.Statistics) continue; // a benchmark that failed has no statistics
    const key = `${b.Type}.${b.Method}${b.Parameters ? `(${b.Parameters})` : ''}`;
    medians[key] = b.Statistics.Median;
  }
}
const opsPerSec = key => (medians[key] ? 1e9 / medians[key] : null);

const c = {};
for (const line of fs.readFileSync(cOutput, 'utf8').split('\n')) {
  const m = /^(\w+) ([\d.]+)$/.exec(line.trim());
  if (m) c[m[1]] = Number(m[2]);
}

const figures = {
  keccak256_232B: opsPerSec('KeccakBenchmarks.Keccak256_Span'),
  bouncycastle_keccak256_232B: opsPerSec('KeccakBenchmarks.BouncyCastle_KeccakDigest'),
  sign_native: opsPerSec('Secp256k1Benchmarks.Sign(Backend=native)'),
  recover_native: opsPerSec('Secp256k1Benchmarks.Recover(Backend=native)'),
  sign_managed: opsPerSec('Secp256k1Benchmarks.Sign(Backend=managed)'),
  recover_managed: opsPerSec('Secp256k1Benchmarks.Recover(Backend=managed)'),
  sign_c: c.sign_ops_per_sec ?? null,
  recover_c: c.recover_ops_per_sec ?? null,
};

// Cost ratios: how many times longer one operation takes than the other (higher is slower).
const costRatio = (slow, fast) => (slow && fast ? fast / slow : null);
const round = x => (x === null ? null : Math.round(x * 1000) / 1000);
const ratios = {
  native_recover_vs_c: round(costRatio(figures.recover_native, figures.recover_c)),
  managed_vs_native_sign: round(costRatio(figures.sign_managed, figures.sign_native)),
  managed_vs_native_recover: round(costRatio(figures.recover_managed, figures.recover_native)),
};
const targets = {
  native_recover_vs_c: { max: 1.15, met: ratios.native_recover_vs_c === null ? null : ratios.native_recover_vs_c <= 1.15 },
  managed_vs_native_sign: { max: 5, met: ratios.managed_vs_native_sign === null ? null : ratios.managed_vs_native_sign <= 5 },
  managed_vs_native_recover: { max: 5, met: ratios.managed_vs_native_recover === null ? null : ratios.managed_vs_native_recover <= 5 },
};

const fmt = x => (x === null ? 'n/a' : x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(3));
const rows = [
  ['Keccak-256, 232 B (Livepeer)', figures.keccak256_232B],
  ['Keccak-256, 232 B (BouncyCastle)', figures.bouncycastle_keccak256_232B],
  ['sign, native (libsecp256k1 P/Invoke)', figures.sign_native],
  ['recover address, native', figures.recover_native],
  ['sign, managed', figures.sign_managed],
  ['recover address, managed', figures.recover_managed],
  ['sign, C libsecp256k1', figures.sign_c],
  ['recover public key, C libsecp256k1', figures.recover_c],
];
const width = Math.max(...rows.map(r => r[0].length));
console.log(`${'operation'.padEnd(width)}  ops/s (median)`);
for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${fmt(value)}`);
console.log('');
console.log(`${'ratio (cost)'.padEnd(width)}  value   target`);
for (const [name, value] of Object.entries(ratios)) {
  const t = targets[name];
  const verdict = t.met === null ? 'not measured' : t.met ? 'met' : 'NOT met';
  console.log(`${name.padEnd(width)}  ${value === null ? 'n/a' : value.toFixed(3)}   <= ${t.max} ${verdict}`);
}
for (const [name, value] of Object.entries(figures)) {
  if (value !== null) figures[name] = Math.round(value * 10) / 10;
}
console.log(JSON.stringify({ suite: 'crypto', ops_per_sec: figures, ratios, targets }));
EOF
}

# Builds bench/native/secp_bench.c and runs it on clock $2 (wall or cpu); the output goes to $1 (and to stderr).
run_c_secp_baseline() {
  local c_output="$1" clock="$2"
  ensure_apt_packages libsecp256k1-dev gcc
  mkdir -p "$NATIVE_OUT"
  log "gcc: bench/native/secp_bench.c -> $NATIVE_OUT/secp_bench"
  gcc -O2 -Wall -Wextra -std=c11 -o "$NATIVE_OUT/secp_bench" "$BENCH_DIR/native/secp_bench.c" -lsecp256k1
  log "C baseline: ${LIVEPEER_BENCH_C_ITERATIONS:-20000} iterations x ${LIVEPEER_BENCH_C_REPETITIONS:-5} repetitions, $clock clock"
  "$NATIVE_OUT/secp_bench" "${LIVEPEER_BENCH_C_ITERATIONS:-20000}" "${LIVEPEER_BENCH_C_REPETITIONS:-5}" "$clock" | tee "$c_output" >&2
}

# CPU time by default: on a shared machine wall time mostly measures the wait for a core (see docs/performance.md).
# The .NET benchmarks run in rounds; the summary takes, for every figure and ratio, the median over the rounds.
run_payments() {
  local artifacts="$BENCH_DIR/BenchmarkDotNet.Artifacts/payments"
  local c_output="$NATIVE_OUT/secp_bench_payments.txt"
  local clock="${LIVEPEER_BENCH_PAYMENTS_CLOCK:-cpu}" rounds="${LIVEPEER_BENCH_PAYMENTS_ROUNDS:-3}"
  [[ "$clock" == cpu || "$clock" == wall ]] || die "LIVEPEER_BENCH_PAYMENTS_CLOCK must be cpu or wall, not '$clock'"
  [[ "$rounds" =~ ^[1-9]$ ]] || die "LIVEPEER_BENCH_PAYMENTS_ROUNDS must be 1 to 9, not '$rounds'"
  run_c_secp_baseline "$c_output" "$clock"
  rm -rf "$artifacts"
  local round
  for ((round = 1; round <= rounds; round++)); do
    log "payments round $round of $rounds"
    run_dotnet_benchmarks 'Livepeer.Benchmarks.Payments.*' "$artifacts/round-$round"
  done
  summarize_payments "$artifacts" "$c_output"
}

# Reads BenchmarkDotNet's full JSON reports and the C output; prints the table, then the JSON line last.
summarize_payments() {
  node - "$1" "$2" <<'EOF'
const fs = require('fs');
const path = require('path');
const [artifacts, cOutput] = process.argv.slice(2);

// One map per round: "Class.Method(Param=value)" -> median time per operation (per ticket), in nanoseconds.
const rounds = fs.readdirSync(artifacts).filter(d => d.startsWith('round-')).sort().map(round => {
  const resultsDir = path.join(artifacts, round, 'results');
  const reports = fs.existsSync(resultsDir) ? fs.readdirSync(resultsDir).filter(f => f.endsWith('-report-full.json')) : [];
  if (reports.length === 0) throw new Error(`no *-report-full.json in ${resultsDir}`);
  const medians = {};
  for (const report of reports) {
    const json = JSON.parse(fs.readFileSync(path.join(resultsDir, report), 'utf8'));
    for (const b of json.Benchmarks) {
      if (!b.Statistics) continue; // a benchmark that failed has no statistics
      medians[`${b.Type}.${b.Method}${b.Parameters ? `(${b.Parameters})` : ''}`] = b.Statistics.Median;
    }
  }
  return medians;
});

const median = values => {
  const v = values.filter(x => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const rate = (round, key) => (round[key] ? 1e9 / round[key] : null);
const acrossRounds = (...keys) => median(rounds.flatMap(r => keys.map(k => rate(r, k))));
// A ratio is taken within each round, between a path and the floor measured next to it, then the median over rounds.
const pairedRatio = (key, floorKey) =>
  median(rounds.map(r => (rate(r, key) && rate(r, floorKey) ? rate(r, key) / rate(r, floorKey) : null)));

const c = {};
for (const line of fs.readFileSync(cOutput, 'utf8').split('\n')) {
  const m = /^(\w+) ([\d.]+)$/.exec(line.trim());
  if (m) c[m[1]] = Number(m[2]);
}

const S = 'TicketSenderBenchmarks', R = 'TicketRecipientBenchmarks';
const keys = {
  rawSign4: `${S}.RawSign(TicketsPerBatch=4)`, rawSign100: `${S}.RawSign(TicketsPerBatch=100)`,
  sender4: `${S}.CreateTicketBatch(TicketsPerBatch=4)`, sender100: `${S}.CreateTicketBatch(TicketsPerBatch=100)`,
  rawRecover4: `${R}.RawRecover(TicketsPerPayment=4)`, rawRecover100: `${R}.RawRecover(TicketsPerPayment=100)`,
  recipient4: `${R}.ReceivePayment(TicketsPerPayment=4)`, recipient100: `${R}.ReceivePayment(TicketsPerPayment=100)`,
  winners: 'WinningTicketBenchmarks.ReceiveWinningPayment',
};
const figures = {
  raw_sign: acrossRounds(keys.rawSign4, keys.rawSign100),
  raw_recover: acrossRounds(keys.rawRecover4, keys.rawRecover100),
  c_sign: c.sign_ops_per_sec ?? null,
  c_recover: c.recover_ops_per_sec ?? null,
  sender_batch4: acrossRounds(keys.sender4),
  sender_batch100: acrossRounds(keys.sender100),
  recipient_payment4: acrossRounds(keys.recipient4),
  recipient_payment100: acrossRounds(keys.recipient100),
  recipient_winners_sqlite: acrossRounds(keys.winners),
};

const round3 = x => (x === null ? null : Math.round(x * 1000) / 1000);
const over = (a, b) => (a && b ? a / b : null);
// Throughput ratios: the share of the floor's rate that the full path keeps (higher is better; 1 is the floor).
const ratios = {
  sender_batch4_vs_raw_sign: round3(pairedRatio(keys.sender4, keys.rawSign4)),
  sender_batch100_vs_raw_sign: round3(pairedRatio(keys.sender100, keys.rawSign100)),
  recipient_payment4_vs_raw_recover: round3(pairedRatio(keys.recipient4, keys.rawRecover4)),
  recipient_payment100_vs_raw_recover: round3(pairedRatio(keys.recipient100, keys.rawRecover100)),
  sender_batch4_vs_c_sign: round3(over(figures.sender_batch4, figures.c_sign)),
  sender_batch100_vs_c_sign: round3(over(figures.sender_batch100, figures.c_sign)),
  recipient_payment4_vs_c_recover: round3(over(figures.recipient_payment4, figures.c_recover)),
  recipient_payment100_vs_c_recover: round3(over(figures.recipient_payment100, figures.c_recover)),
  raw_sign_vs_c_sign: round3(over(figures.raw_sign, figures.c_sign)),
  raw_recover_vs_c_recover: round3(over(figures.raw_recover, figures.c_recover)),
};
const MIN = 0.85;
const targets = {};
for (const name of ['sender_batch4_vs_raw_sign', 'sender_batch100_vs_raw_sign', 'recipient_payment4_vs_raw_recover', 'recipient_payment100_vs_raw_recover']) {
  targets[name] = { min: MIN, met: ratios[name] === null ? null : ratios[name] >= MIN };
}

const fmt = x => (x === null ? 'n/a' : x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(3));
const rows = [
  ['raw sign (libsecp256k1 via P/Invoke)', figures.raw_sign],
  ['raw recover (libsecp256k1 via P/Invoke)', figures.raw_recover],
  ['sign, C libsecp256k1', figures.c_sign],
  ['recover, C libsecp256k1', figures.c_recover],
  ['sender: tickets/s, batches of 4', figures.sender_batch4],
  ['sender: tickets/s, batches of 100', figures.sender_batch100],
  ['recipient: tickets/s, payments of 4', figures.recipient_payment4],
  ['recipient: tickets/s, payments of 100', figures.recipient_payment100],
  ['recipient: winning tickets/s, SQLite', figures.recipient_winners_sqlite],
];
const width = Math.max(...rows.map(r => r[0].length), ...Object.keys(ratios).map(k => k.length));
console.log(`${rounds.length} round(s); medians over the rounds`);
console.log(`${'operation'.padEnd(width)}  ops/s (median)`);
for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${fmt(value)}`);
console.log('');
console.log(`${'ratio (throughput)'.padEnd(width)}  value   target`);
for (const [name, value] of Object.entries(ratios)) {
  const t = targets[name];
  const verdict = !t ? '(no target)' : t.met === null ? `>= ${t.min} not measured` : `>= ${t.min} ${t.met ? 'met' : 'NOT met'}`;
  console.log(`${name.padEnd(width)}  ${value === null ? 'n/a  ' : value.toFixed(3)}   ${verdict}`);
}
for (const [name, value] of Object.entries(figures)) {
  if (value !== null) figures[name] = Math.round(value * 10) / 10;
}
console.log(JSON.stringify({ suite: 'payments', rounds: rounds.length, ops_per_sec: figures, ratios, targets }));
EOF
}

main() {
  (($# == 1)) || usage
  cd "$REPO_ROOT"
  case "$1" in
    crypto) run_crypto ;;
    payments) run_payments ;;
    *) usage ;;
  esac
}

main "$@"
