#!/usr/bin/env bash
# Runs a benchmark suite and prints a table, then, as its very last line, one JSON object with the
# figures and the targets.
#
#   bench/run.sh crypto        Keccak-256 (232 B, and 1 MB against the scalar path), secp256k1 sign/recover (native
#                              and managed) against libsecp256k1 from C
#   bench/run.sh payments      tickets signed (TicketSender) and received (TicketRecipient) per second on one core,
#                              against libsecp256k1 sign/recover through P/Invoke (same run) and from C
#   bench/run.sh transcoding   the transcoder pool's own cost; one 1080p segment through the SDK against the same
#                              ffmpeg command run directly; concurrent real-time 1080p streams on the CPU
#   bench/run.sh network       GetOrchestrator calls per second and the orchestrator's /segment latency with a
#                              no-op transcoder, each against a baseline on the same Kestrel listener (needs the
#                              devnet: scripts/bootstrap-test-deps.sh)
#   bench/run.sh gateway       the latency the gateway adds per segment (ILivepeerGateway against the same orchestrator
#                              called directly, no-op transcoder, loopback, on and off chain) and how many real-time
#                              streams one gateway sustains (needs the devnet)
#
#   LIVEPEER_BENCH_C_ITERATIONS   operations per timed C repetition (default 20000)
#   LIVEPEER_BENCH_C_REPETITIONS  timed C repetitions; the median is used (default 5)
#   LIVEPEER_BENCH_TC_PAIRS       interleaved SDK/direct pairs of the overhead run (default 5)
#   LIVEPEER_BENCH_TC_SEGMENTS    2 s segments per stream in the capacity run (default 3)
#   LIVEPEER_BENCH_TC_MAX_STREAMS highest concurrency the capacity run tries (default 6)
#   LIVEPEER_BENCH_TC_BUDGET      seconds after which the capacity run tries no higher concurrency (default 600)
#   LIVEPEER_BENCH_NET_ROUNDS      network only: GetOrchestrator rounds, each 5 s per side (default 3)
#   LIVEPEER_BENCH_NET_SEGMENTS    network only: timed /segment requests (default 500)
#   LIVEPEER_BENCH_NET_BYTES       network only: segment body size in bytes (default 1000000)
#   LIVEPEER_BENCH_GW_SEGMENTS     gateway only: timed on-chain segment pairs, gateway and direct (default 300)
#   LIVEPEER_BENCH_GW_OFFCHAIN_SEGMENTS  gateway only: timed off-chain pairs; 0 skips the off-chain run (default 100)
#   LIVEPEER_BENCH_GW_BYTES        gateway only: segment size in bytes (default 1000000)
#   LIVEPEER_BENCH_GW_SMALL_SEGMENTS  gateway only: timed on-chain pairs with a small body; 0 skips them (default 200)
#   LIVEPEER_BENCH_GW_SMALL_BYTES  gateway only: the small body's size in bytes (default 1000)
#   LIVEPEER_BENCH_GW_LEVELS       gateway only: concurrent stream counts tried, in order (default 1,4,16,32,64,128,192,256,384,512)
#   LIVEPEER_BENCH_GW_STREAM_SEGMENTS  gateway only: 2 s segments each stream pushes per level (default 5)
#   LIVEPEER_BENCH_GW_BUDGET       gateway only: seconds after which no higher stream count is tried (default 120)
#   LIVEPEER_BENCH_GW_PREPARE      gateway only: 1 (default) or 0, the gateway's PrepareTickets option
#   LIVEPEER_BENCH_GW_GAP_MS       gateway only: idle milliseconds after each timed segment, as between a live stream's segments (default 5)
#   LIVEPEER_BENCH_PAYMENTS_CLOCK  payments only: cpu (process CPU time, default) or wall
#   LIVEPEER_BENCH_PAYMENTS_ROUNDS payments only: runs of the .NET benchmarks; medians over them (default 3)
set -euo pipefail

readonly REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly BENCH_DIR="$REPO_ROOT/bench"
readonly NATIVE_OUT="$BENCH_DIR/native/out"
readonly BENCH_PROJECT="$BENCH_DIR/Livepeer.Benchmarks/Livepeer.Benchmarks.csproj"

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }

usage() {
  printf 'usage: %s NAME\n  NAME: crypto | payments | transcoding | network | gateway\n' "$0" >&2
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
  keccak256_1MB: opsPerSec('KeccakThroughputBenchmarks.Hash_1MB'),
  keccak256_1MB_scalar: opsPerSec('KeccakThroughputBenchmarks.Scalar_1MB'),
  keccak256_1MB_dispatched: opsPerSec('KeccakThroughputBenchmarks.Dispatched_1MB'),
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
  keccak_1MB_dispatched_vs_scalar: round(costRatio(figures.keccak256_1MB_dispatched, figures.keccak256_1MB_scalar)),
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
  ['Keccak-256, 1 MB (Livepeer)', figures.keccak256_1MB],
  ['Keccak-f absorb 1 MB, scalar', figures.keccak256_1MB_scalar],
  ['Keccak-f absorb 1 MB, this CPU\'s path', figures.keccak256_1MB_dispatched],
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
  const shown = value === null ? 'n/a' : value.toFixed(3);
  if (!t) {
    console.log(`${name.padEnd(width)}  ${shown}   (no target)`);
    continue;
  }
  const verdict = t.met === null ? 'not measured' : t.met ? 'met' : 'NOT met';
  console.log(`${name.padEnd(width)}  ${shown}   <= ${t.max} ${verdict}`);
}
for (const [name, value] of Object.entries(figures)) {
  if (value !== null) figures[name] = Math.round(value * 10) / 10;
}
console.log(JSON.stringify({ suite: 'crypto', ops_per_sec: figures, ratios, targets }));
EOF
}

# Generates the inputs with ffmpeg: one 2 s 1080p30 segment, and a stream of consecutive 2 s segments.
generate_transcoding_media() {
  local media="$1" segments="$2"
  mkdir -p "$media"
  local encode=(-c:v libx264 -preset veryfast -pix_fmt yuv420p -b:v 6M -g 60 -keyint_min 60 -sc_threshold 0 -c:a aac -b:a 128k)
  log "ffmpeg: 2 s 1080p30 testsrc2 + sine -> $media/segment_1080p30.ts"
  ffmpeg -hide_banner -v error -y -f lavfi -i testsrc2=s=1920x1080:r=30:d=2 -f lavfi -i sine=frequency=440:sample_rate=48000:d=2 \
    "${encode[@]}" -f mpegts "$media/segment_1080p30.ts"
  log "ffmpeg: $((segments * 2)) s 1080p30 stream cut into 2 s segments -> $media/stream_NNN.ts"
  rm -f "$media"/stream_*.ts
  ffmpeg -hide_banner -v error -y -f lavfi -i "testsrc2=s=1920x1080:r=30:d=$((segments * 2))" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000:d=$((segments * 2))" \
    "${encode[@]}" -f segment -segment_time 2 -segment_format mpegts "$media/stream_%03d.ts"
}

run_transcoding() {
  command -v ffmpeg >/dev/null 2>&1 || die "ffmpeg is not on PATH"
  command -v node >/dev/null 2>&1 || die "node is needed for the summary"
  local artifacts="$BENCH_DIR/BenchmarkDotNet.Artifacts/transcoding"
  local media="$BENCH_DIR/BenchmarkDotNet.Artifacts/transcoding-media"
  local segments="${LIVEPEER_BENCH_TC_SEGMENTS:-3}"
  generate_transcoding_media "$media" "$segments"
  local stream_segments
  stream_segments="$(find "$media" -name 'stream_*.ts' | sort | head -n "$segments" | paste -sd, -)"

  run_dotnet_benchmarks 'Livepeer.Benchmarks.Transcoding.*' "$artifacts"

  local work="$media/direct"
  if [[ -d /dev/shm && -w /dev/shm ]]; then work="/dev/shm/livepeer-bench-transcoding-$$"; fi
  mkdir -p "$work"
  local realtime="$media/realtime.json"
  log "real-time runs: ${LIVEPEER_BENCH_TC_PAIRS:-5} interleaved pairs, then 1..${LIVEPEER_BENCH_TC_MAX_STREAMS:-6} streams of $segments segments"
  dotnet run -c Release --project "$BENCH_PROJECT" -- transcoding-realtime \
    --segment "$media/segment_1080p30.ts" \
    --stream-segments "$stream_segments" \
    --pairs "${LIVEPEER_BENCH_TC_PAIRS:-5}" \
    --max-streams "${LIVEPEER_BENCH_TC_MAX_STREAMS:-6}" \
    --budget-seconds "${LIVEPEER_BENCH_TC_BUDGET:-600}" \
    --work "$work" \
    --out "$realtime" >&2
  rm -rf "$work"

  summarize_transcoding "$artifacts/results" "$realtime"
}

# Reads BenchmarkDotNet's JSON and the real-time results; prints the table, then the JSON line last.
summarize_transcoding() {
  node - "$1" "$2" <<'EOF'
const fs = require('fs');
const path = require('path');
const [resultsDir, realtimeFile] = process.argv.slice(2);

const pool = {};
for (const report of fs.readdirSync(resultsDir).filter(f => f.endsWith('-report-full.json'))) {
  const json = JSON.parse(fs.readFileSync(path.join(resultsDir, report), 'utf8'));
  for (const b of json.Benchmarks) {
    if (b.Statistics) pool[b.Method] = { median_us: Math.round(b.Statistics.Median / 10) / 100, allocated_bytes: b.Memory ? b.Memory.BytesAllocatedPerOperation : null };
  }
}

const rt = JSON.parse(fs.readFileSync(realtimeFile, 'utf8'));
const median = xs => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const round = (x, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
const sdk = median(rt.sdk_seconds);
const direct = median(rt.direct_seconds);
const ratio = round(sdk / direct);
// Also the median of the per-pair ratios: on a machine whose load drifts, neighbours in time compare more fairly.
const pairedRatio = round(median(rt.sdk_seconds.map((x, i) => x / rt.direct_seconds[i])));
const session = median(rt.sdk_session_seconds);
const sessionRatio = round(session / direct);

console.log('pool overhead per segment (an engine that returns at once)');
for (const [name, v] of Object.entries(pool)) console.log(`  ${name.padEnd(18)} ${String(v.median_us).padStart(8)} us  ${v.allocated_bytes ?? 'n/a'} B`);
console.log('');
console.log('one 2 s 1080p30 segment -> 240/360/480/720p ladder, libx264 medium (seconds)');
console.log(`  SDK     median ${sdk.toFixed(3)}  runs ${rt.sdk_seconds.map(x => x.toFixed(2)).join(' ')}`);
console.log(`  direct  median ${direct.toFixed(3)}  runs ${rt.direct_seconds.map(x => x.toFixed(2)).join(' ')}`);
console.log(`  ratio SDK/direct ${ratio.toFixed(3)}  target <= 1.05 ${ratio <= 1.05 ? 'met' : 'NOT met'}  (median of per-pair ratios ${pairedRatio.toFixed(3)})`);
console.log(`  SDK session mode median ${session.toFixed(3)}  runs ${rt.sdk_session_seconds.map(x => x.toFixed(2)).join(' ')}`);
console.log(`  ratio SDK session mode/direct ${sessionRatio.toFixed(3)}  (below 1.0 when the session mode pays)`);
console.log('');
console.log('concurrent real-time 1080p streams on the CPU (real-time ratio = transcode time / source duration)');
for (const l of rt.levels) console.log(`  ${String(l.streams).padStart(2)} stream(s)  worst ${l.worst_ratio.toFixed(3)}  mean ${l.mean_ratio.toFixed(3)}  failed ${l.failed_segments}`);
console.log(`  capacity: ${rt.capacity_streams} stream(s) at ratio <= 0.8 (${rt.capacity_stop})`);
console.log(JSON.stringify({
  suite: 'transcoding',
  pool_overhead: pool,
  overhead: { sdk_median_s: round(sdk), direct_median_s: round(direct), ratio, paired_ratio_median: pairedRatio, sdk_session_median_s: round(session), session_ratio: sessionRatio, pairs: rt.sdk_seconds.length, command: rt.command },
  capacity: { streams: rt.capacity_streams, stop: rt.capacity_stop, levels: rt.levels },
  targets: { overhead_ratio: { max: 1.05, met: ratio <= 1.05 }, session_ratio: { below: 1.0, met: sessionRatio < 1.0 }, capacity_real_time_ratio: { max: 0.8 } },
}));
EOF
}

run_network() {
  local env_file="${LIVEPEER_SDK_CACHE:-$HOME/.cache/livepeer-sdk}/env.sh"
  [[ -f "$env_file" ]] || die "missing $env_file: run scripts/bootstrap-test-deps.sh first (anvil and the contract artifacts)"
  # shellcheck disable=SC1090
  source "$env_file"
  local out="$BENCH_DIR/BenchmarkDotNet.Artifacts/network"
  mkdir -p "$out"
  log "network: GetOrchestrator ${LIVEPEER_BENCH_NET_ROUNDS:-3} rounds, ${LIVEPEER_BENCH_NET_SEGMENTS:-500} /segment requests of ${LIVEPEER_BENCH_NET_BYTES:-1000000} bytes"
  dotnet run -c Release --project "$BENCH_PROJECT" -- network \
    --rounds "${LIVEPEER_BENCH_NET_ROUNDS:-3}" \
    --segments "${LIVEPEER_BENCH_NET_SEGMENTS:-500}" \
    --segment-bytes "${LIVEPEER_BENCH_NET_BYTES:-1000000}" \
    --out "$out/network.json" >&2
  node - "$out/network.json" <<'EOF'
const r = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
const g = r.get_orchestrator, s = r.segment, t = r.targets;
const verdict = m => (m ? 'met' : 'NOT met');
console.log(`GetOrchestrator (concurrency ${g.concurrency}): ${g.rps_median} calls/s median; baseline ${g.baseline_rps_median}; ratio ${g.ratio_vs_baseline}; target >= ${t.get_orchestrator_rps.min} ${verdict(t.get_orchestrator_rps.met)}`);
console.log(`/segment, ${s.body_bytes} B body, no-op transcoder, ${s.requests} requests: p50 ${s.p50_ms} ms, p99 ${s.p99_ms} ms`);
console.log(`  baseline POST of the same body: p50 ${s.baseline_p50_ms} ms, p99 ${s.baseline_p99_ms} ms; p50 ratio ${s.ratio_p50_vs_baseline}`);
console.log(`  targets: p50 <= ${t.segment_p50_ms.max} ms ${verdict(t.segment_p50_ms.met)}, p99 <= ${t.segment_p99_ms.max} ms ${verdict(t.segment_p99_ms.met)}`);
console.log(JSON.stringify(r));
EOF
}

run_gateway() {
  local env_file="${LIVEPEER_SDK_CACHE:-$HOME/.cache/livepeer-sdk}/env.sh"
  [[ -f "$env_file" ]] || die "missing $env_file: run scripts/bootstrap-test-deps.sh first (anvil and the contract artifacts)"
  # shellcheck disable=SC1090
  source "$env_file"
  command -v node >/dev/null 2>&1 || die "node is needed for the summary"
  local out="$BENCH_DIR/BenchmarkDotNet.Artifacts/gateway"
  mkdir -p "$out"
  log "gateway: ${LIVEPEER_BENCH_GW_SEGMENTS:-300} on-chain and ${LIVEPEER_BENCH_GW_OFFCHAIN_SEGMENTS:-100} off-chain segment pairs of ${LIVEPEER_BENCH_GW_BYTES:-1000000} bytes, then streams ${LIVEPEER_BENCH_GW_LEVELS:-1,4,16,32,64,128,192,256,384,512} within ${LIVEPEER_BENCH_GW_BUDGET:-120} s"
  dotnet run -c Release --project "$BENCH_PROJECT" -- gateway \
    --segments "${LIVEPEER_BENCH_GW_SEGMENTS:-300}" \
    --offchain-segments "${LIVEPEER_BENCH_GW_OFFCHAIN_SEGMENTS:-100}" \
    --segment-bytes "${LIVEPEER_BENCH_GW_BYTES:-1000000}" \
    --small-segments "${LIVEPEER_BENCH_GW_SMALL_SEGMENTS:-200}" \
    --small-bytes "${LIVEPEER_BENCH_GW_SMALL_BYTES:-1000}" \
    --levels "${LIVEPEER_BENCH_GW_LEVELS:-1,4,16,32,64,128,192,256,384,512}" \
    --capacity-segments "${LIVEPEER_BENCH_GW_STREAM_SEGMENTS:-5}" \
    --capacity-budget "${LIVEPEER_BENCH_GW_BUDGET:-120}" \
    --prepare-tickets "${LIVEPEER_BENCH_GW_PREPARE:-1}" \
    --gap-ms "${LIVEPEER_BENCH_GW_GAP_MS:-5}" \
    --out "$out/gateway.json" >&2
  node - "$out/gateway.json" <<'EOF'
const r = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
const t = r.targets.added_p50_ms;
const line = (name, l) => {
  if (!l) return;
  console.log(`${name}, ${l.segments} segments of ${l.body_bytes} B, ${l.tickets_per_segment} tickets/segment:`);
  console.log(`  gateway  p50 ${l.gateway_p50_ms} ms, p99 ${l.gateway_p99_ms} ms`);
  console.log(`  direct   p50 ${l.baseline_p50_ms} ms, p99 ${l.baseline_p99_ms} ms`);
  console.log(`  added    p50 ${l.added_p50_ms} ms, p99 ${l.added_p99_ms} ms (median of per-pair differences ${l.paired_added_median_ms} ms); ratio p50 ${l.ratio_p50}`);
};
line('on chain', r.latency.on_chain);
line('off chain', r.latency.off_chain);
line('on chain, small body', r.latency.on_chain_small);
console.log(`the gateway's Keccak-256 of the segment (to sign it): ${r.segment_hash_ms} ms; pixel verification off (no-op renditions)`);
console.log(`target: added p50 <= ${t.max} ms on chain: ${t.met ? 'met' : 'NOT met'}`);
console.log(`real-time streams on one gateway (on chain, ${r.capacity.segments_per_stream} segments of ${r.capacity.segment_seconds} s per stream):`);
for (const l of r.capacity.levels) {
  console.log(`  ${String(l.streams).padStart(4)} streams  p50 ${l.p50_ms} ms  p99 ${l.p99_ms} ms  max ${l.max_ms} ms  failed ${l.failed}  ${l.sustained ? 'sustained' : 'NOT sustained'}`);
}
console.log(`  sustained: ${r.capacity.streams} streams (${r.capacity.stop})`);
console.log(JSON.stringify(r));
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
    transcoding) run_transcoding ;;
    network) run_network ;;
    gateway) run_gateway ;;
    *) usage ;;
  esac
}

main "$@"
