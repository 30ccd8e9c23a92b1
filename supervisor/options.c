#include "supervisor/options.h"

#include "common/diag.h"
#include <ctype.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char options_usage[] =
    "Usage: supervisor [OPTIONS] [GUEST]\n"
    "Run a guest in a KVM virtual machine whose vCPU lives in a separate,\n"
    "unprivileged worker process. GUEST is a flat binary (started in --mode) or\n"
    "an ELF executable (ELF32: protected mode, ELF64: long mode, from its\n"
    "PT_LOAD segments and entry point). Without GUEST, runs the embedded Lab 1\n"
    "guest, which prints the 32-bit sum of RAX and RBX.\n"
    "\n"
    "Options:\n"
    "  --mode MODE         CPU mode for a flat binary: real (default; 16-bit,\n"
    "                      as in Lab 1), protected (32-bit flat segments, no\n"
    "                      paging) or long (64-bit, identity-mapped); an ELF\n"
    "                      image's class decides, and --mode may not contradict it\n"
    "  --mem SIZE          guest RAM, bytes with optional K, M or G suffix,\n"
    "                      a multiple of 4K from 64K to 2G (default 16M); in\n"
    "                      protected and long mode its top 32K hold the GDT and\n"
    "                      page tables, and the stack starts below them\n"
    "  --load-addr ADDR    where a flat binary goes, and its entry (default 0;\n"
    "                      real mode starts with CS base 0, so at most 0xffff)\n"
    "  --reg NAME=VALUE    initial register, NAME one of rax rbx rcx rdx rsi rdi\n"
    "                      rsp rbp r8..r15; VALUE decimal or 0x hex; repeatable\n"
    "                      (defaults: rax=2, rbx=3, rsp as above, all others 0)\n"
    "  --timeout SECONDS   stop the guest after SECONDS of wall time (decimals\n"
    "                      allowed; default 300, 0: none); exit 124\n"
    "  --max-output BYTES  stop the guest once it has written BYTES bytes of\n"
    "                      output (K, M, G suffixes; default 16M, 0: none); the\n"
    "                      output ends at exactly BYTES bytes; exit 124\n"
    "  --strict            a port no device answers, or an access outside RAM,\n"
    "                      is a guest crash (exit 4); by default reads return\n"
    "                      all-ones and writes are dropped, and both are counted\n"
    "  --trace             one line on stderr per VM exit\n"
    "  --stats[=FILE]      at the end, one JSON object with the run's counters\n"
    "                      on stderr, or in FILE\n"
    "  --user NAME         when started as root, run both processes as NAME\n"
    "                      (default nobody); ignored otherwise\n"
    "  --seccomp MODE      enforce (default): a forbidden syscall ends the run,\n"
    "                      exit 6; log: debugging only, log it and carry on\n"
    "  --raw-output        send guest output to a terminal unfiltered (by default\n"
    "                      control bytes other than \\n \\r \\t \\b, ESC and bytes\n"
    "                      >= 0x7f are shown as \\xHH; pipes and files get every byte)\n"
    "  -v, --verbose       say what the supervisor and the worker are doing\n"
    "  -h, --help          print this help and exit\n"
    "  -V, --version       print the version and exit\n"
    "\n";

/* Digits of `s` in `base` up to the first non-digit; *end points there. */
static int parse_digits(const char *s, unsigned base, uint64_t *out, const char **end)
{
    uint64_t v = 0;
    const char *p = s;
    for (; *p != '\0'; p++) {
        unsigned d;
        if (isdigit((unsigned char)*p))
            d = (unsigned)(*p - '0');
        else if (base == 16 && isxdigit((unsigned char)*p))
            d = (unsigned)(tolower((unsigned char)*p) - 'a' + 10);
        else
            break;
        if (v > (UINT64_MAX - d) / base)
            return -1; /* overflow */
        v = v * base + d;
    }
    if (p == s)
        return -1;
    *out = v;
    *end = p;
    return 0;
}

static int parse_number(const char *s, uint64_t *out, const char **end)
{
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        return parse_digits(s + 2, 16, out, end);
    return parse_digits(s, 10, out, end);
}

int parse_u64(const char *s, uint64_t *out)
{
    const char *end;
    if (parse_number(s, out, &end) != 0 || *end != '\0')
        return -1;
    return 0;
}

int parse_size(const char *s, uint64_t *out)
{
    const char *end;
    uint64_t v;
    if (parse_number(s, &v, &end) != 0)
        return -1;
    unsigned shift = 0;
    switch (*end) {
    case '\0':
        break;
    case 'k':
    case 'K':
        shift = 10;
        break;
    case 'm':
    case 'M':
        shift = 20;
        break;
    case 'g':
    case 'G':
        shift = 30;
        break;
    default:
        return -1;
    }
    if (shift != 0 && end[1] != '\0')
        return -1;
    if (v > (UINT64_MAX >> shift))
        return -1;
    *out = v << shift;
    return 0;
}

int parse_duration_ms(const char *s, uint64_t *out)
{
    const char *end;
    uint64_t whole, ms = 0;
    if (parse_digits(s, 10, &whole, &end) != 0)
        return -1;
    if (*end == '.') {
        const char *frac = end + 1;
        unsigned scale = 100;
        for (end = frac; isdigit((unsigned char)*end); end++) {
            if (scale == 0)
                return -1; /* finer than a millisecond */
            ms += (uint64_t)(*end - '0') * scale;
            scale /= 10;
        }
        if (end == frac)
            return -1;
    }
    if (*end != '\0' || whole > OPTIONS_TIMEOUT_MAX_MS / 1000)
        return -1;
    *out = whole * 1000 + ms;
    return 0;
}

static int parse_reg(const char *arg, struct options *opt, char *err, size_t errlen)
{
    const char *eq = strchr(arg, '=');
    char name[8];
    if (eq == NULL || (size_t)(eq - arg) >= sizeof name)
        return diag_fail(err, errlen, "--reg %s: expected NAME=VALUE, e.g. rax=2", arg);
    memcpy(name, arg, (size_t)(eq - arg));
    name[eq - arg] = '\0';
    int idx = guest_reg_index(name);
    if (idx < 0)
        return diag_fail(err, errlen, "--reg %s: unknown register '%s' (rax..r15)", arg, name);
    if (parse_u64(eq + 1, &opt->regs[idx]) != 0)
        return diag_fail(err, errlen, "--reg %s: '%s' is not a 64-bit decimal or 0x hex number",
                         arg, eq + 1);
    opt->reg_given[idx] = true;
    return 0;
}

enum {
    OPT_MEM = 256,
    OPT_LOAD_ADDR,
    OPT_REG,
    OPT_TIMEOUT,
    OPT_USER,
    OPT_SECCOMP,
    OPT_RAW_OUTPUT,
    OPT_MODE,
    OPT_MAX_OUTPUT,
    OPT_STRICT,
    OPT_TRACE,
    OPT_STATS,
};

static const struct option long_options[] = {
    {"mem", required_argument, NULL, OPT_MEM},
    {"load-addr", required_argument, NULL, OPT_LOAD_ADDR},
    {"reg", required_argument, NULL, OPT_REG},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"user", required_argument, NULL, OPT_USER},
    {"seccomp", required_argument, NULL, OPT_SECCOMP},
    {"raw-output", no_argument, NULL, OPT_RAW_OUTPUT},
    {"mode", required_argument, NULL, OPT_MODE},
    {"max-output", required_argument, NULL, OPT_MAX_OUTPUT},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"trace", no_argument, NULL, OPT_TRACE},
    {"stats", optional_argument, NULL, OPT_STATS},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

int options_parse(int argc, char **argv, struct options *opt, char *err, size_t errlen)
{
    *opt = (struct options){
        .mem_size = GUEST_MEM_DEFAULT,
        .user = "nobody",
        .timeout_ms = OPTIONS_TIMEOUT_DEFAULT_MS,
        .max_output = OPTIONS_MAX_OUTPUT_DEFAULT,
    };
    opt->regs[GUEST_RAX] = 2;
    opt->regs[GUEST_RBX] = 3;

    optind = 0; /* full re-initialisation, so tests can parse repeatedly */
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":vhV", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_MEM:
            if (parse_size(optarg, &opt->mem_size) != 0)
                return diag_fail(err, errlen, "--mem %s: not a size (e.g. 16M, 65536, 1G)", optarg);
            if (opt->mem_size < GUEST_MEM_MIN || opt->mem_size > GUEST_MEM_MAX)
                return diag_fail(err, errlen, "--mem %s: must be between 64K and 2G", optarg);
            if (opt->mem_size % GUEST_PAGE_SIZE != 0)
                return diag_fail(err, errlen, "--mem %s: must be a multiple of 4K", optarg);
            break;
        case OPT_LOAD_ADDR:
            if (parse_u64(optarg, &opt->load_addr) != 0)
                return diag_fail(err, errlen, "--load-addr %s: not a decimal or 0x hex number",
                                 optarg);
            opt->load_addr_given = true;
            break;
        case OPT_REG:
            if (parse_reg(optarg, opt, err, errlen) != 0)
                return -1;
            break;
        case OPT_TIMEOUT:
            if (parse_duration_ms(optarg, &opt->timeout_ms) != 0)
                return diag_fail(
                    err, errlen,
                    "--timeout %s: expected seconds from 0 (none) to 86400, e.g. 1 or 0.5", optarg);
            break;
        case OPT_MODE:
            if (strcmp(optarg, "real") == 0)
                opt->mode = GUEST_MODE_REAL;
            else if (strcmp(optarg, "protected") == 0)
                opt->mode = GUEST_MODE_PROTECTED;
            else if (strcmp(optarg, "long") == 0)
                opt->mode = GUEST_MODE_LONG;
            else
                return diag_fail(err, errlen, "--mode %s: expected real, protected or long",
                                 optarg);
            opt->mode_given = true;
            break;
        case OPT_MAX_OUTPUT:
            if (parse_size(optarg, &opt->max_output) != 0)
                return diag_fail(err, errlen,
                                 "--max-output %s: not a size (e.g. 4096, 64K, 0: none)", optarg);
            break;
        case OPT_STRICT:
            opt->strict = true;
            break;
        case OPT_TRACE:
            opt->trace = true;
            break;
        case OPT_STATS:
            opt->stats = true;
            if (optarg != NULL && optarg[0] == '\0')
                return diag_fail(err, errlen, "--stats= needs a file name");
            opt->stats_path = optarg;
            break;
        case OPT_USER:
            if (optarg[0] == '\0')
                return diag_fail(err, errlen, "--user needs a user name");
            opt->user = optarg;
            opt->user_given = true;
            break;
        case OPT_SECCOMP:
            if (strcmp(optarg, "enforce") == 0)
                opt->seccomp_log = false;
            else if (strcmp(optarg, "log") == 0)
                opt->seccomp_log = true;
            else
                return diag_fail(err, errlen, "--seccomp %s: expected enforce or log", optarg);
            break;
        case OPT_RAW_OUTPUT:
            opt->raw_output = true;
            break;
        case 'v':
            opt->verbose = true;
            break;
        case 'h':
            opt->help = true;
            return 0;
        case 'V':
            opt->version = true;
            return 0;
        case ':':
            return diag_fail(err, errlen, "option %s needs a value", argv[optind - 1]);
        default:
            if (optopt != 0)
                return diag_fail(err, errlen, "unknown option -%c (see --help)", optopt);
            return diag_fail(err, errlen, "unknown option %s (see --help)", argv[optind - 1]);
        }
    }
    if (optind < argc)
        opt->guest_path = argv[optind++];
    if (optind < argc)
        return diag_fail(err, errlen, "unexpected argument '%s': only one GUEST may be given",
                         argv[optind]);
    if (opt->load_addr >= opt->mem_size)
        return diag_fail(err, errlen, "--load-addr 0x%llx is outside the %llu bytes of guest RAM",
                         (unsigned long long)opt->load_addr, (unsigned long long)opt->mem_size);
    if (opt->mode == GUEST_MODE_REAL && opt->load_addr > GUEST_REAL_MODE_IP_MAX)
        return diag_fail(
            err, errlen,
            "--load-addr 0x%llx: real mode starts at CS base 0, so the address must be "
            "at most 0xffff",
            (unsigned long long)opt->load_addr);
    return 0;
}
