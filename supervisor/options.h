/* options.h - the supervisor's command line: `supervisor [OPTIONS] [GUEST]`.
 *
 * Parsing only; nothing is opened or created here. The parser is its own
 * (no getopt: no global state, no abbreviations, no permutation surprises):
 * options_spec below is the one table of what it accepts, and `--help`
 * (options_usage) and the README list the same options (tests/docs_test
 * compares the three). Errors come back as one line of printable ASCII
 * naming the option as typed; user text in them is escaped (\xHH). The
 * caller exits with EXIT_USAGE.
 *
 * Paths: options_resolve_paths() turns every relative path option (the
 * guest image, --stats=FILE; a new path option joins path_options in
 * options.c) into one under a base directory, for `bazel run`, which starts
 * the program in its runfiles tree and says in BUILD_WORKING_DIRECTORY where
 * the user was. Messages about opening a file name the path opened.
 */
#ifndef SCRATCHVM_SUPERVISOR_OPTIONS_H
#define SCRATCHVM_SUPERVISOR_OPTIONS_H

#include <limits.h>
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
    bool seccomp_log;  /* --seccomp=log: log violations instead of stopping */
    bool raw_output;   /* --raw-output: no terminal filter */
    bool print_policy; /* --print-policy: print the run's seccomp filters, exit 0 */
    bool verbose;
    bool help;
    bool version;
    /* Where options_resolve_paths() puts a path it had to join. */
    struct {
        char guest[PATH_MAX];
        char stats[PATH_MAX];
    } path_buf;
};

/* What an option takes. */
enum option_arg {
    OPTION_ARG_NONE,     /* --strict; --strict=x is an error */
    OPTION_ARG_REQUIRED, /* --mem 16M or --mem=16M */
    OPTION_ARG_OPTIONAL, /* --stats or --stats=FILE (only with '=') */
};

struct option_spec {
    const char *name; /* long name, without "--" */
    char short_name;  /* 0: none */
    enum option_arg arg;
    int id;
};

/* Every option the parser accepts (terminated by a NULL name). */
extern const struct option_spec options_spec[];

/* Parse argv. Returns 0, or -1 with a one-line message in `err`. */
int options_parse(int argc, char **argv, struct options *opt, char *err, size_t errlen);

/* When `base` is non-NULL and non-empty (main passes
 * getenv("BUILD_WORKING_DIRECTORY")), make every relative path option
 * base/path, in opt->path_buf; absolute ones stay as they are. Pure string
 * work. Returns 0, or -1 with a one-line message in `err` (base not
 * absolute, or a joined path of PATH_MAX bytes or more). */
int options_resolve_paths(struct options *opt, const char *base, char *err, size_t errlen);

/* Number parsers, exposed for tests. Each returns 0 or -1 (also on
 * overflow). */
int parse_u64(const char *s, uint64_t *out);  /* decimal or 0x hex */
int parse_size(const char *s, uint64_t *out); /* decimal bytes, optional K/M/G suffix */
/* Seconds, decimals allowed as long as they are a whole number of
 * milliseconds ("0.5000" yes, "0.0005" no), at most OPTIONS_TIMEOUT_MAX_MS. */
int parse_duration_ms(const char *s, uint64_t *out);

/* Copy `s` into `buf` as printable ASCII: bytes outside 0x20..0x7e as
 * \xHH, cut with "..." past about 120 bytes. Returns buf. */
const char *options_escape(const char *s, char *buf, size_t cap);
#define OPTIONS_ESCAPE_MAX 128

extern const char options_usage[];

#endif
