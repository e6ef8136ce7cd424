#!/usr/bin/env bash
# Runs a benchmark suite and prints a table, then, as its very last line, one JSON object with the
# figures and the targets.
#
#   bench/run.sh crypto        Keccak-256, secp256k1 sign/recover (native and managed) against libsecp256k1 from C
#   bench/run.sh transcoding   the transcoder pool's own cost; one 1080p segment through the SDK against the same
#                              ffmpeg command run directly; concurrent real-time 1080p streams on the CPU
#
#   LIVEPEER_BENCH_C_ITERATIONS   operations per timed C repetition (default 20000)
#   LIVEPEER_BENCH_C_REPETITIONS  timed C repetitions; the median is used (default 5)
#   LIVEPEER_BENCH_TC_PAIRS       interleaved SDK/direct pairs of the overhead run (default 5)
#   LIVEPEER_BENCH_TC_SEGMENTS    2 s segments per stream in the capacity run (default 3)
#   LIVEPEER_BENCH_TC_MAX_STREAMS highest concurrency the capacity run tries (default 6)
#   LIVEPEER_BENCH_TC_BUDGET      seconds after which the capacity run tries no higher concurrency (default 600)
set -euo pipefail

readonly REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly BENCH_DIR="$REPO_ROOT/bench"
readonly NATIVE_OUT="$BENCH_DIR/native/out"
readonly BENCH_PROJECT="$BENCH_DIR/Livepeer.Benchmarks/Livepeer.Benchmarks.csproj"

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }

usage() {
  printf 'usage: %s NAME\n  NAME: crypto | transcoding\n' "$0" >&2
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

console.log('pool overhead per segment (an engine that returns at once)');
for (const [name, v] of Object.entries(pool)) console.log(`  ${name.padEnd(18)} ${String(v.median_us).padStart(8)} us  ${v.allocated_bytes ?? 'n/a'} B`);
console.log('');
console.log('one 2 s 1080p30 segment -> 240/360/480/720p ladder, libx264 medium (seconds)');
console.log(`  SDK     median ${sdk.toFixed(3)}  runs ${rt.sdk_seconds.map(x => x.toFixed(2)).join(' ')}`);
console.log(`  direct  median ${direct.toFixed(3)}  runs ${rt.direct_seconds.map(x => x.toFixed(2)).join(' ')}`);
console.log(`  ratio SDK/direct ${ratio.toFixed(3)}  target <= 1.05 ${ratio <= 1.05 ? 'met' : 'NOT met'}  (median of per-pair ratios ${pairedRatio.toFixed(3)})`);
console.log('');
console.log('concurrent real-time 1080p streams on the CPU (real-time ratio = transcode time / source duration)');
for (const l of rt.levels) console.log(`  ${String(l.streams).padStart(2)} stream(s)  worst ${l.worst_ratio.toFixed(3)}  mean ${l.mean_ratio.toFixed(3)}  failed ${l.failed_segments}`);
console.log(`  capacity: ${rt.capacity_streams} stream(s) at ratio <= 0.8 (${rt.capacity_stop})`);
console.log(JSON.stringify({
  suite: 'transcoding',
  pool_overhead: pool,
  overhead: { sdk_median_s: round(sdk), direct_median_s: round(direct), ratio, paired_ratio_median: pairedRatio, pairs: rt.sdk_seconds.length, command: rt.command },
  capacity: { streams: rt.capacity_streams, stop: rt.capacity_stop, levels: rt.levels },
  targets: { overhead_ratio: { max: 1.05, met: ratio <= 1.05 }, capacity_real_time_ratio: { max: 0.8 } },
}));
EOF
}

main() {
  (($# == 1)) || usage
  cd "$REPO_ROOT"
  case "$1" in
    crypto) run_crypto ;;
    transcoding) run_transcoding ;;
    *) usage ;;
  esac
}

main "$@"
