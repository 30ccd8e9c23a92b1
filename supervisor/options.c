/* options.c - the command line: the option table, the parser over it, the
 * number parsers, path resolution and the --help text. */
#include "supervisor/options.h"

#include "common/diag.h"
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

const char options_usage[] =
    "Usage: supervisor [OPTIONS] [GUEST]\n"
    "Run a guest in a KVM virtual machine whose vCPU lives in a separate,\n"
    "unprivileged worker process. GUEST is a flat binary (started in --mode) or\n"
    "an ELF executable (ELF32: protected mode, ELF64: long mode, from its\n"
    "PT_LOAD segments and entry point). Without GUEST, runs the embedded Lab 1\n"
    "guest, which prints the 32-bit sum of RAX and RBX. Under `bazel run`,\n"
    "relative paths are taken from BUILD_WORKING_DIRECTORY.\n"
    "\n"
    "Options:\n"
    "  --mode MODE         CPU mode for a flat binary: real (default; 16-bit,\n"
    "                      as in Lab 1), protected (32-bit flat segments, no\n"
    "                      paging) or long (64-bit, identity-mapped); an ELF\n"
    "                      image's class decides, and --mode may not contradict it\n"
    "  --mem SIZE          guest RAM in bytes, decimal with optional K, M or G\n"
    "                      suffix, a multiple of 4K from 64K to 2G (default 16M);\n"
    "                      in protected and long mode its top 32K hold the GDT\n"
    "                      and page tables, and the stack starts below them\n"
    "  --load-addr ADDR    where a flat binary goes, and its entry, decimal or 0x\n"
    "                      hex, inside RAM (default 0; real mode starts with CS\n"
    "                      base 0, so at most 0xffff)\n"
    "  --reg NAME=VALUE    initial register, NAME one of rax rbx rcx rdx rsi rdi\n"
    "                      rsp rbp r8..r15; VALUE 64-bit, decimal or 0x hex;\n"
    "                      repeatable (defaults: rax=2, rbx=3, rsp as above,\n"
    "                      all others 0)\n"
    "  --timeout SECONDS   stop the guest after SECONDS of wall time, 0 to 86400,\n"
    "                      decimals to the millisecond (e.g. 0.5 or 0.001;\n"
    "                      default 300, 0: none); exit 124\n"
    "  --max-output BYTES  stop the guest once it has written BYTES bytes of\n"
    "                      output (decimal, K, M, G suffixes; default 16M, 0:\n"
    "                      none); the output ends at exactly BYTES bytes; exit 124\n"
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
    "  --print-policy      print the seccomp filters a run with the other options\n"
    "                      would load, one rule per line, and exit (no VM)\n"
    "  -v, --verbose       say what the supervisor and the worker are doing\n"
    "  -h, --help          print this help and exit\n"
    "  -V, --version       print the version and exit\n"
    "\n";

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
    OPT_PRINT_POLICY,
    OPT_VERBOSE,
    OPT_HELP,
    OPT_VERSION,
};

/* tests/docs_test.py reads this table: one option per line. */
const struct option_spec options_spec[] = {
    {"mode", 0, OPTION_ARG_REQUIRED, OPT_MODE},
    {"mem", 0, OPTION_ARG_REQUIRED, OPT_MEM},
    {"load-addr", 0, OPTION_ARG_REQUIRED, OPT_LOAD_ADDR},
    {"reg", 0, OPTION_ARG_REQUIRED, OPT_REG},
    {"timeout", 0, OPTION_ARG_REQUIRED, OPT_TIMEOUT},
    {"max-output", 0, OPTION_ARG_REQUIRED, OPT_MAX_OUTPUT},
    {"strict", 0, OPTION_ARG_NONE, OPT_STRICT},
    {"trace", 0, OPTION_ARG_NONE, OPT_TRACE},
    {"stats", 0, OPTION_ARG_OPTIONAL, OPT_STATS},
    {"user", 0, OPTION_ARG_REQUIRED, OPT_USER},
    {"seccomp", 0, OPTION_ARG_REQUIRED, OPT_SECCOMP},
    {"raw-output", 0, OPTION_ARG_NONE, OPT_RAW_OUTPUT},
    {"print-policy", 0, OPTION_ARG_NONE, OPT_PRINT_POLICY},
    {"verbose", 'v', OPTION_ARG_NONE, OPT_VERBOSE},
    {"help", 'h', OPTION_ARG_NONE, OPT_HELP},
    {"version", 'V', OPTION_ARG_NONE, OPT_VERSION},
    {NULL, 0, OPTION_ARG_NONE, 0},
};

const char *options_escape(const char *s, char *buf, size_t cap)
{
    static const char hex[] = "0123456789abcdef";
    size_t n = 0;
    if (cap < 8) {
        if (cap > 0)
            buf[0] = '\0';
        return buf;
    }
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        size_t need = c >= 0x20 && c <= 0x7e ? 1 : 4;
        if (n + need + 4 > cap) { /* room for "..." and the NUL */
            memcpy(buf + n, "...", 4);
            return buf;
        }
        if (need == 1) {
            buf[n++] = (char)c;
        } else {
            buf[n++] = '\\';
            buf[n++] = 'x';
            buf[n++] = hex[c >> 4];
            buf[n++] = hex[c & 15];
        }
    }
    buf[n] = '\0';
    return buf;
}

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

int parse_u64(const char *s, uint64_t *out)
{
    const char *end;
    int rc = s[0] == '0' && (s[1] == 'x' || s[1] == 'X') ? parse_digits(s + 2, 16, out, &end)
                                                         : parse_digits(s, 10, out, &end);
    if (rc != 0 || *end != '\0')
        return -1;
    return 0;
}

int parse_size(const char *s, uint64_t *out)
{
    const char *end;
    uint64_t v;
    if (parse_digits(s, 10, &v, &end) != 0)
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
            if (scale == 0) {
                if (*end != '0')
                    return -1; /* finer than a millisecond */
                continue;
            }
            ms += (uint64_t)(*end - '0') * scale;
            scale /= 10;
        }
        if (end == frac)
            return -1;
    }
    if (*end != '\0' || whole > OPTIONS_TIMEOUT_MAX_MS / 1000)
        return -1;
    uint64_t total = whole * 1000 + ms;
    if (total > OPTIONS_TIMEOUT_MAX_MS)
        return -1;
    *out = total;
    return 0;
}

static int parse_reg(const char *arg, struct options *opt, char *err, size_t errlen)
{
    char e[OPTIONS_ESCAPE_MAX], e2[OPTIONS_ESCAPE_MAX];
    const char *eq = strchr(arg, '=');
    char name[8];
    if (eq == NULL || eq == arg)
        return diag_fail(err, errlen, "--reg %s: expected NAME=VALUE, e.g. rax=2",
                         options_escape(arg, e, sizeof e));
    int idx = -1;
    if ((size_t)(eq - arg) < sizeof name) {
        memcpy(name, arg, (size_t)(eq - arg));
        name[eq - arg] = '\0';
        idx = guest_reg_index(name);
    }
    if (idx < 0) {
        char typed[OPTIONS_ESCAPE_MAX];
        snprintf(typed, sizeof typed, "%.*s", (int)(eq - arg), arg);
        return diag_fail(err, errlen, "--reg %s: unknown register '%s' (rax..r15)",
                         options_escape(arg, e, sizeof e), options_escape(typed, e2, sizeof e2));
    }
    if (parse_u64(eq + 1, &opt->regs[idx]) != 0)
        return diag_fail(err, errlen, "--reg %s: '%s' is not a 64-bit decimal or 0x hex number",
                         options_escape(arg, e, sizeof e), options_escape(eq + 1, e2, sizeof e2));
    opt->reg_given[idx] = true;
    return 0;
}

/* One option with its value (NULL: none given). */
static int apply(int id, const char *val, struct options *opt, char *err, size_t errlen)
{
    char e[OPTIONS_ESCAPE_MAX];
#define ESC(s) options_escape((s), e, sizeof e)
    switch (id) {
    case OPT_MEM:
        if (parse_size(val, &opt->mem_size) != 0)
            return diag_fail(err, errlen, "--mem %s: not a size (e.g. 16M, 65536, 1G)", ESC(val));
        if (opt->mem_size < GUEST_MEM_MIN || opt->mem_size > GUEST_MEM_MAX)
            return diag_fail(err, errlen, "--mem %s: must be between 64K and 2G", ESC(val));
        if (opt->mem_size % GUEST_PAGE_SIZE != 0)
            return diag_fail(err, errlen, "--mem %s: must be a multiple of 4K", ESC(val));
        return 0;
    case OPT_LOAD_ADDR:
        if (parse_u64(val, &opt->load_addr) != 0)
            return diag_fail(err, errlen, "--load-addr %s: not a 64-bit decimal or 0x hex number",
                             ESC(val));
        opt->load_addr_given = true;
        return 0;
    case OPT_REG:
        return parse_reg(val, opt, err, errlen);
    case OPT_TIMEOUT:
        if (parse_duration_ms(val, &opt->timeout_ms) != 0)
            return diag_fail(err, errlen,
                             "--timeout %s: expected seconds from 0 (none) to 86400, decimals to "
                             "the millisecond (e.g. 1, 0.5 or 0.001)",
                             ESC(val));
        return 0;
    case OPT_MODE:
        if (strcmp(val, "real") == 0)
            opt->mode = GUEST_MODE_REAL;
        else if (strcmp(val, "protected") == 0)
            opt->mode = GUEST_MODE_PROTECTED;
        else if (strcmp(val, "long") == 0)
            opt->mode = GUEST_MODE_LONG;
        else
            return diag_fail(err, errlen, "--mode %s: expected real, protected or long", ESC(val));
        opt->mode_given = true;
        return 0;
    case OPT_MAX_OUTPUT:
        if (parse_size(val, &opt->max_output) != 0)
            return diag_fail(err, errlen, "--max-output %s: not a size (e.g. 4096, 64K, 0: none)",
                             ESC(val));
        return 0;
    case OPT_STRICT:
        opt->strict = true;
        return 0;
    case OPT_TRACE:
        opt->trace = true;
        return 0;
    case OPT_STATS:
        opt->stats = true;
        if (val != NULL && val[0] == '\0')
            return diag_fail(err, errlen, "--stats=: needs a file name");
        opt->stats_path = val;
        return 0;
    case OPT_USER:
        if (val[0] == '\0')
            return diag_fail(err, errlen, "--user: needs a user name");
        opt->user = val;
        opt->user_given = true;
        return 0;
    case OPT_SECCOMP:
        if (strcmp(val, "enforce") == 0)
            opt->seccomp_log = false;
        else if (strcmp(val, "log") == 0)
            opt->seccomp_log = true;
        else
            return diag_fail(err, errlen, "--seccomp %s: expected enforce or log", ESC(val));
        return 0;
    case OPT_RAW_OUTPUT:
        opt->raw_output = true;
        return 0;
    case OPT_PRINT_POLICY:
        opt->print_policy = true;
        return 0;
    case OPT_VERBOSE:
        opt->verbose = true;
        return 0;
    case OPT_HELP:
        opt->help = true;
        return 0;
    case OPT_VERSION:
        opt->version = true;
        return 0;
    }
#undef ESC
    return diag_fail(err, errlen, "internal error: option %d has no handler", id);
}

static const struct option_spec *find_long(const char *name, size_t len)
{
    for (const struct option_spec *o = options_spec; o->name != NULL; o++)
        if (strlen(o->name) == len && memcmp(o->name, name, len) == 0)
            return o;
    return NULL;
}

static const struct option_spec *find_short(char c)
{
    for (const struct option_spec *o = options_spec; o->name != NULL; o++)
        if (o->short_name != 0 && o->short_name == c)
            return o;
    return NULL;
}

/* "--name[=value]" at argv[*i]; a required value may be the next word. */
static int parse_long(int argc, char **argv, int *i, struct options *opt, char *err, size_t errlen)
{
    char e[OPTIONS_ESCAPE_MAX];
    const char *word = argv[*i];
    const char *name = word + 2;
    const char *eq = strchr(name, '=');
    size_t len = eq != NULL ? (size_t)(eq - name) : strlen(name);
    const struct option_spec *o = find_long(name, len);
    if (o == NULL) {
        char typed[OPTIONS_ESCAPE_MAX];
        snprintf(typed, sizeof typed, "%.*s", (int)(len + 2), word);
        return diag_fail(err, errlen, "%s: unknown option (see --help)",
                         options_escape(typed, e, sizeof e));
    }
    const char *val = eq != NULL ? eq + 1 : NULL;
    switch (o->arg) {
    case OPTION_ARG_NONE:
        if (val != NULL)
            return diag_fail(err, errlen, "%s: --%s takes no value",
                             options_escape(word, e, sizeof e), o->name);
        break;
    case OPTION_ARG_REQUIRED:
        if (val == NULL) {
            if (*i + 1 >= argc)
                return diag_fail(err, errlen, "--%s: needs a value", o->name);
            val = argv[++*i];
        }
        break;
    case OPTION_ARG_OPTIONAL:
        break;
    }
    return apply(o->id, val, opt, err, errlen);
}

/* "-vh": a group of short options, none of which takes a value. */
static int parse_short(const char *word, struct options *opt, char *err, size_t errlen)
{
    for (const char *p = word + 1; *p != '\0'; p++) {
        const struct option_spec *o = find_short(*p);
        if (o == NULL) {
            char typed[3] = {'-', *p, '\0'}, e[OPTIONS_ESCAPE_MAX];
            return diag_fail(err, errlen, "%s: unknown option (see --help)",
                             options_escape(typed, e, sizeof e));
        }
        if (apply(o->id, NULL, opt, err, errlen) != 0)
            return -1;
        if (opt->help || opt->version)
            return 0;
    }
    return 0;
}

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

    char e[OPTIONS_ESCAPE_MAX];
    bool only_operands = false;
    int nguest = 0;
    for (int i = 1; i < argc; i++) {
        const char *word = argv[i];
        int rc = 0;
        if (only_operands || word[0] != '-' || word[1] == '\0') {
            if (nguest++ > 0)
                return diag_fail(err, errlen,
                                 "unexpected argument '%s': only one GUEST may be given",
                                 options_escape(word, e, sizeof e));
            opt->guest_path = word;
            continue;
        }
        if (strcmp(word, "--") == 0)
            only_operands = true;
        else if (word[1] == '-')
            rc = parse_long(argc, argv, &i, opt, err, errlen);
        else
            rc = parse_short(word, opt, err, errlen);
        if (rc != 0)
            return -1;
        if (opt->help || opt->version)
            return 0; /* whatever follows */
    }
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

/* Every option that names a file: how a message names it (prefix, then
 * the path as typed), the field, and the buffer a joined path goes to. */
struct path_option {
    const char *prefix;
    size_t field;
    size_t buf;
};

static const struct path_option path_options[] = {
    {"guest image ", offsetof(struct options, guest_path),
     offsetof(struct options, path_buf.guest)},
    {"--stats=", offsetof(struct options, stats_path), offsetof(struct options, path_buf.stats)},
};

int options_resolve_paths(struct options *opt, const char *base, char *err, size_t errlen)
{
    char e[OPTIONS_ESCAPE_MAX];
    if (base == NULL || base[0] == '\0')
        return 0;
    if (base[0] != '/')
        return diag_fail(err, errlen,
                         "BUILD_WORKING_DIRECTORY=%s: not an absolute path, so relative paths "
                         "cannot be taken from it",
                         options_escape(base, e, sizeof e));
    size_t blen = strlen(base);
    while (blen > 1 && base[blen - 1] == '/')
        blen--;
    if (blen == 1)
        blen = 0; /* "/": no second slash */
    for (size_t k = 0; k < sizeof path_options / sizeof path_options[0]; k++) {
        const struct path_option *p = &path_options[k];
        const char **field = (const char **)((char *)opt + p->field);
        char *buf = (char *)opt + p->buf;
        if (*field == NULL || (*field)[0] == '/')
            continue;
        size_t len = blen + 1 + strlen(*field);
        if (len >= PATH_MAX)
            return diag_fail(err, errlen,
                             "%s%s: in BUILD_WORKING_DIRECTORY the path is %zu bytes, longer "
                             "than PATH_MAX allows (%d with the NUL)",
                             p->prefix, options_escape(*field, e, sizeof e), len, PATH_MAX);
        memcpy(buf, base, blen);
        buf[blen] = '/';
        memcpy(buf + blen + 1, *field, len - blen); /* with the NUL */
        *field = buf;
    }
    return 0;
}
