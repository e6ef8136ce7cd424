/*
 * The floor for the SDK's native secp256k1 backend: libsecp256k1 called directly from C, doing the same
 * work per operation as the SDK's P/Invoke calls.
 *   sign:    secp256k1_ecdsa_sign_recoverable + serialize_compact (r||s and the recovery id)
 *   recover: parse_compact + secp256k1_ecdsa_recover + serialize the uncompressed public key
 * Each is timed over ITERATIONS operations, REPETITIONS times; the median is printed as
 *   <name>_ops_per_sec <value>
 * one per line, for bench/run.sh to parse.
 *
 * Usage: secp_bench [iterations] [repetitions] [wall|cpu]
 * "cpu" times with the process's CPU time instead of the monotonic wall clock (the payments suite's clock: on a
 * shared machine it leaves out the time spent waiting for a core).
 */
#define _POSIX_C_SOURCE 199309L

#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define INPUTS 64 /* distinct digests, as in the .NET benchmark */
#define MAX_REPETITIONS 101

static clockid_t timer = CLOCK_MONOTONIC;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(timer, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *values, int count)
{
    qsort(values, (size_t)count, sizeof(double), compare_doubles);
    return count % 2 ? values[count / 2] : (values[count / 2 - 1] + values[count / 2]) / 2.0;
}

/* A fixed xorshift stream, so every run hashes the same inputs. */
static void fill_pseudo_random(unsigned char *out, size_t length, unsigned long long *state)
{
    for (size_t i = 0; i < length; i++) {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        out[i] = (unsigned char)(*state >> 24);
    }
}

static void fail(const char *what)
{
    fprintf(stderr, "secp_bench: %s failed\n", what);
    exit(1);
}

int main(int argc, char **argv)
{
    long iterations = argc > 1 ? strtol(argv[1], NULL, 10) : 20000;
    int repetitions = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 5;
    const char *clock_name = argc > 3 ? argv[3] : "wall";
    int cpu_clock = strcmp(clock_name, "cpu") == 0;
    if ((!cpu_clock && strcmp(clock_name, "wall") != 0) || iterations <= 0 || repetitions <= 0 || repetitions > MAX_REPETITIONS) {
        fprintf(stderr, "usage: %s [iterations > 0] [1 <= repetitions <= %d] [wall|cpu]\n", argv[0], MAX_REPETITIONS);
        return 2;
    }
    if (cpu_clock) {
        timer = CLOCK_PROCESS_CPUTIME_ID;
    }

#ifdef SECP256K1_CONTEXT_NONE
    secp256k1_context *ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
#else
    secp256k1_context *ctx = secp256k1_context_create(SECP256K1_CONTEXT_SIGN | SECP256K1_CONTEXT_VERIFY);
#endif
    if (ctx == NULL) {
        fail("secp256k1_context_create");
    }

    static const unsigned char private_key[32] = {
        0x4c, 0x08, 0x83, 0xa6, 0x91, 0x02, 0x93, 0x7d, 0x62, 0x31, 0x47, 0x1b, 0x5d, 0xbb, 0x62, 0x04,
        0xfe, 0x51, 0x29, 0x61, 0x70, 0x82, 0x79, 0x2a, 0xe4, 0x68, 0xd0, 0x1a, 0x3f, 0x36, 0x23, 0x18,
    };
    unsigned char digests[INPUTS][32];
    unsigned char signatures[INPUTS][64];
    int recovery_ids[INPUTS];
    unsigned long long state = 0x9e3779b97f4a7c15ULL;
    fill_pseudo_random(&digests[0][0], sizeof digests, &state);

    for (int i = 0; i < INPUTS; i++) {
        secp256k1_ecdsa_recoverable_signature sig;
        if (!secp256k1_ecdsa_sign_recoverable(ctx, &sig, digests[i], private_key, NULL, NULL)) {
            fail("secp256k1_ecdsa_sign_recoverable");
        }
        secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, signatures[i], &recovery_ids[i], &sig);
    }

    double sign_rates[MAX_REPETITIONS], recover_rates[MAX_REPETITIONS];
    unsigned char sink = 0;

    for (int rep = 0; rep < repetitions; rep++) {
        double start = now_seconds();
        for (long n = 0; n < iterations; n++) {
            int i = (int)(n & (INPUTS - 1));
            secp256k1_ecdsa_recoverable_signature sig;
            unsigned char compact[64];
            int recovery_id;
            if (!secp256k1_ecdsa_sign_recoverable(ctx, &sig, digests[i], private_key, NULL, NULL)) {
                fail("secp256k1_ecdsa_sign_recoverable");
            }
            secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, compact, &recovery_id, &sig);
            sink ^= compact[0] ^ (unsigned char)recovery_id;
        }
        sign_rates[rep] = (double)iterations / (now_seconds() - start);

        start = now_seconds();
        for (long n = 0; n < iterations; n++) {
            int i = (int)(n & (INPUTS - 1));
            secp256k1_ecdsa_recoverable_signature sig;
            secp256k1_pubkey pubkey;
            unsigned char uncompressed[65];
            size_t length = sizeof uncompressed;
            if (!secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &sig, signatures[i], recovery_ids[i])) {
                fail("secp256k1_ecdsa_recoverable_signature_parse_compact");
            }
            if (!secp256k1_ecdsa_recover(ctx, &pubkey, &sig, digests[i])) {
                fail("secp256k1_ecdsa_recover");
            }
            secp256k1_ec_pubkey_serialize(ctx, uncompressed, &length, &pubkey, SECP256K1_EC_UNCOMPRESSED);
            sink ^= uncompressed[1];
        }
        recover_rates[rep] = (double)iterations / (now_seconds() - start);
    }

    printf("iterations %ld\n", iterations);
    printf("repetitions %d\n", repetitions);
    printf("clock %s\n", clock_name);
    printf("sign_ops_per_sec %.1f\n", median(sign_rates, repetitions));
    printf("recover_ops_per_sec %.1f\n", median(recover_rates, repetitions));
    /* Printed so the compiler cannot drop the loops as dead code. */
    printf("checksum %u\n", (unsigned)sink);

    secp256k1_context_destroy(ctx);
    return 0;
}
