/* options.h - the supervisor's command line: `supervisor [OPTIONS] [GUEST]`.
 *
 * Parsing only; nothing is opened or created here. Errors come back as one
 * line naming the problem, and the caller exits with EXIT_USAGE.
 */
#ifndef SCRATCHVM_SUPERVISOR_OPTIONS_H
#define SCRATCHVM_SUPERVISOR_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/guest_config.h"

#define OPTIONS_TIMEOUT_MAX_MS (86400ull * 1000) /* one day */
#define OPTIONS_TIMEOUT_DEFAULT_MS (300ull * 1000)
#define OPTIONS_MAX_OUTPUT_DEFAULT (16ull << 20)

struct options {
    const char *guest_path; /* NULL: the embedded Lab 1 guest */
    uint64_t mem_size;
    uint64_t load_addr;
    bool load_addr_given;
    enum guest_mode mode; /* for flat binaries */
    bool mode_given;
    uint64_t regs[GUEST_NREGS];
    bool reg_given[GUEST_NREGS];
    uint64_t timeout_ms; /* 0: no timeout */
    uint64_t max_output; /* bytes; 0: no limit */
    bool strict;
    bool trace;
    bool stats;
    const char *stats_path; /* NULL: stderr */
    const char *user;       /* who to become when started as root */
    bool user_given;
    bool seccomp_log; /* --seccomp=log: log violations instead of stopping */
    bool raw_output;  /* --raw-output: no terminal filter */
    bool verbose;
    bool help;
    bool version;
};

/* Parse argv. Returns 0, or -1 with a one-line message in `err`. */
int options_parse(int argc, char **argv, struct options *opt, char *err, size_t errlen);

/* Number parsers, exposed for tests. Each returns 0 or -1. */
int parse_u64(const char *s, uint64_t *out);         /* decimal or 0x hex */
int parse_size(const char *s, uint64_t *out);        /* bytes, K/M/G suffix */
int parse_duration_ms(const char *s, uint64_t *out); /* seconds, up to 3 decimals */

extern const char options_usage[];

#endif
