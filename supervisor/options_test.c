/* Unit tests of command-line parsing: defaults, every option, and each
 * usage error's exact message. */
#include "supervisor/options.h"
#include "tests/unit.h"

#include <string.h>

static struct options opt;
static char err[512];

#define PARSE(...)                                                                                 \
    ({                                                                                             \
        char *argv_[] = {"supervisor", __VA_ARGS__, NULL};                                         \
        err[0] = '\0';                                                                             \
        options_parse((int)(sizeof argv_ / sizeof argv_[0]) - 1, argv_, &opt, err, sizeof err);    \
    })

TEST(defaults)
{
    char *argv[] = {"supervisor", NULL};
    CHECK_EQ(options_parse(1, argv, &opt, err, sizeof err), 0);
    CHECK(opt.guest_path == NULL);
    CHECK_EQ(opt.mem_size, 16 << 20);
    CHECK_EQ(opt.load_addr, 0);
    CHECK_EQ(opt.regs[GUEST_RAX], 2);
    CHECK_EQ(opt.regs[GUEST_RBX], 3);
    CHECK_EQ(opt.regs[GUEST_RCX], 0);
    CHECK_EQ(opt.timeout_ms, 300000);
    CHECK_EQ(opt.max_output, 16 << 20);
    CHECK_EQ(opt.mode, GUEST_MODE_REAL);
    CHECK(!opt.mode_given && !opt.strict && !opt.trace && !opt.stats);
    CHECK(!opt.verbose && !opt.help && !opt.version);
    CHECK_STR(opt.user, "nobody");
    CHECK(!opt.user_given && !opt.seccomp_log);
}

TEST(every_option)
{
    CHECK_EQ(PARSE("--mem", "1M", "--load-addr", "0x100", "--reg", "rax=4000000000", "--reg",
                   "rbx=0x1193", "--reg", "r15=18446744073709551615", "--timeout", "1.5", "-v",
                   "guest.bin"),
             0);
    CHECK_STR(opt.guest_path, "guest.bin");
    CHECK_EQ(opt.mem_size, 1 << 20);
    CHECK_EQ(opt.load_addr, 0x100);
    CHECK_EQ(opt.regs[GUEST_RAX], 4000000000ll);
    CHECK_EQ(opt.regs[GUEST_RBX], 0x1193);
    CHECK(opt.regs[GUEST_R15] == UINT64_MAX);
    CHECK_EQ(opt.timeout_ms, 1500);
    CHECK(opt.verbose);
    CHECK_EQ(PARSE("--user", "daemon", "--seccomp=log"), 0);
    CHECK_STR(opt.user, "daemon");
    CHECK(opt.user_given && opt.seccomp_log);
    CHECK_EQ(PARSE("--seccomp", "enforce"), 0);
    CHECK(!opt.seccomp_log);
    /* options may follow the guest, as with any GNU tool */
    CHECK_EQ(PARSE("guest.bin", "--mem=64K"), 0);
    CHECK_EQ(opt.mem_size, 65536);
    CHECK_EQ(PARSE("--", "--odd-name.bin"), 0);
    CHECK_STR(opt.guest_path, "--odd-name.bin");
    CHECK_EQ(PARSE("--mode", "long", "--load-addr", "0x100000", "--max-output", "64K", "--strict",
                   "--trace", "--stats=s.json"),
             0);
    CHECK(opt.mode == GUEST_MODE_LONG && opt.mode_given && opt.load_addr_given);
    CHECK_EQ(opt.load_addr, 0x100000);
    CHECK_EQ(opt.max_output, 65536);
    CHECK(opt.strict && opt.trace && opt.stats);
    CHECK_STR(opt.stats_path, "s.json");
    CHECK_EQ(PARSE("--mode=protected", "--stats", "--reg", "rsp=0x8000"), 0);
    CHECK(opt.mode == GUEST_MODE_PROTECTED && opt.stats && opt.stats_path == NULL);
    CHECK(opt.reg_given[GUEST_RSP] && !opt.reg_given[GUEST_RAX]);
}

TEST(help_and_version)
{
    CHECK_EQ(PARSE("--help"), 0);
    CHECK(opt.help);
    CHECK_EQ(PARSE("-V"), 0);
    CHECK(opt.version);
}

TEST(usage_errors)
{
    CHECK_EQ(PARSE("--frobnicate"), -1);
    CHECK_STR(err, "--frobnicate: unknown option (see --help)");
    CHECK_EQ(PARSE("--frobnicate=1"), -1);
    CHECK_STR(err, "--frobnicate: unknown option (see --help)");
    CHECK_EQ(PARSE("-x"), -1);
    CHECK_STR(err, "-x: unknown option (see --help)");
    CHECK_EQ(PARSE("-vx"), -1);
    CHECK_STR(err, "-x: unknown option (see --help)");
    CHECK_EQ(PARSE("--mem"), -1);
    CHECK_STR(err, "--mem: needs a value");
    CHECK_EQ(PARSE("--mem", "12Q"), -1);
    CHECK_STR(err, "--mem 12Q: not a size (e.g. 16M, 65536, 1G)");
    CHECK_EQ(PARSE("--mem", "4G"), -1);
    CHECK_STR(err, "--mem 4G: must be between 64K and 2G");
    CHECK_EQ(PARSE("--mem", "32K"), -1);
    CHECK_STR(err, "--mem 32K: must be between 64K and 2G");
    CHECK_EQ(PARSE("--mem", "65537"), -1);
    CHECK_STR(err, "--mem 65537: must be a multiple of 4K");
    CHECK_EQ(PARSE("--mem", "99999999999999999999"), -1);
    CHECK_EQ(PARSE("--mem", "17179869184G"), -1);
    CHECK_EQ(PARSE("--load-addr", "0x10000"), -1);
    CHECK_STR(err, "--load-addr 0x10000: real mode starts at CS base 0, so the address must be "
                   "at most 0xffff");
    CHECK_EQ(PARSE("--load-addr", "12ab"), -1);
    CHECK_STR(err, "--load-addr 12ab: not a 64-bit decimal or 0x hex number");
    CHECK_EQ(PARSE("--mem", "64K", "--load-addr", "0xffff"), 0);
    CHECK_EQ(PARSE("--reg", "rax"), -1);
    CHECK_STR(err, "--reg rax: expected NAME=VALUE, e.g. rax=2");
    CHECK_EQ(PARSE("--reg", "rip=5"), -1);
    CHECK_STR(err, "--reg rip=5: unknown register 'rip' (rax..r15)");
    CHECK_EQ(PARSE("--reg", "rax=-1"), -1);
    CHECK_STR(err, "--reg rax=-1: '-1' is not a 64-bit decimal or 0x hex number");
    CHECK_EQ(PARSE("--reg", "rax=18446744073709551616"), -1);
    CHECK_EQ(PARSE("--reg", "rax=0x"), -1);
    CHECK_EQ(PARSE("--timeout", "-1"), -1);
    CHECK_STR(err, "--timeout -1: expected seconds from 0 (none) to 86400, decimals to the "
                   "millisecond (e.g. 1, 0.5 or 0.001)");
    CHECK_EQ(PARSE("--timeout", "0"), 0);
    CHECK_EQ(opt.timeout_ms, 0);
    CHECK_EQ(PARSE("--mode", "unreal"), -1);
    CHECK_STR(err, "--mode unreal: expected real, protected or long");
    CHECK_EQ(PARSE("--max-output", "lots"), -1);
    CHECK_STR(err, "--max-output lots: not a size (e.g. 4096, 64K, 0: none)");
    CHECK_EQ(PARSE("--load-addr", "0x10000"), -1);
    CHECK_STR(err, "--load-addr 0x10000: real mode starts at CS base 0, so the address must be at "
                   "most 0xffff");
    CHECK_EQ(PARSE("--timeout", "1.0001"), -1);
    CHECK_EQ(PARSE("--timeout", "86401"), -1);
    CHECK_EQ(PARSE("--timeout", "1."), -1);
    CHECK_EQ(PARSE("--timeout", "abc"), -1);
    CHECK_EQ(PARSE("--seccomp", "off"), -1);
    CHECK_STR(err, "--seccomp off: expected enforce or log");
    CHECK_EQ(PARSE("--user", ""), -1);
    CHECK_STR(err, "--user: needs a user name");
    CHECK_EQ(PARSE("a.bin", "b.bin"), -1);
    CHECK_STR(err, "unexpected argument 'b.bin': only one GUEST may be given");
}

TEST(number_parsers)
{
    uint64_t v;
    CHECK_EQ(parse_u64("0", &v), 0);
    CHECK_EQ(v, 0);
    CHECK_EQ(parse_u64("0XfF", &v), 0);
    CHECK_EQ(v, 255);
    CHECK_EQ(parse_u64("", &v), -1);
    CHECK_EQ(parse_u64(" 1", &v), -1);
    CHECK_EQ(parse_u64("1 ", &v), -1);
    CHECK_EQ(parse_u64("0x1ffffffffffffffff", &v), -1);
    CHECK_EQ(parse_size("2k", &v), 0);
    CHECK_EQ(v, 2048);
    CHECK_EQ(parse_size("1G", &v), 0);
    CHECK_EQ(v, 1 << 30);
    CHECK_EQ(parse_size("1KB", &v), -1);
    CHECK_EQ(parse_duration_ms("0.25", &v), 0);
    CHECK_EQ(v, 250);
    CHECK_EQ(parse_duration_ms("2", &v), 0);
    CHECK_EQ(v, 2000);
    CHECK_EQ(parse_duration_ms("0x10", &v), -1);
}

/* Every error is one line of printable ASCII naming the option as typed. */
TEST(errors_name_the_option)
{
    CHECK_EQ(PARSE("--trace=1"), -1);
    CHECK_STR(err, "--trace=1: --trace takes no value");
    CHECK_EQ(PARSE("--verbose=1"), -1);
    CHECK_STR(err, "--verbose=1: --verbose takes no value");
    CHECK_EQ(PARSE("--help=x"), -1);
    CHECK_STR(err, "--help=x: --help takes no value");
    CHECK_EQ(PARSE("--strict=\n"), -1);
    CHECK_STR(err, "--strict=\\x0a: --strict takes no value");
    CHECK_EQ(PARSE("--strict=\x01\n"), -1);
    CHECK_STR(err, "--strict=\\x01\\x0a: --strict takes no value");
    CHECK_EQ(PARSE("--tim", "5"), -1); /* no abbreviations */
    CHECK_STR(err, "--tim: unknown option (see --help)");
    CHECK_EQ(PARSE("--mem\n=1"), -1);
    CHECK_STR(err, "--mem\\x0a: unknown option (see --help)");
    CHECK_EQ(PARSE("-\x01"), -1);
    CHECK_STR(err, "-\\x01: unknown option (see --help)");
    CHECK_EQ(PARSE("--mode", "re\x1b[2Jal"), -1);
    CHECK_STR(err, "--mode re\\x1b[2Jal: expected real, protected or long");
    CHECK_EQ(PARSE("--reg", "r\xffx=1"), -1);
    CHECK_STR(err, "--reg r\\xffx=1: unknown register 'r\\xffx' (rax..r15)");
    CHECK_EQ(PARSE("--reg", "averylongname=1"), -1);
    CHECK_STR(err, "--reg averylongname=1: unknown register 'averylongname' (rax..r15)");
    CHECK_EQ(PARSE("--reg", "=1"), -1);
    CHECK_STR(err, "--reg =1: expected NAME=VALUE, e.g. rax=2");
    CHECK_EQ(PARSE("a.bin", "b\tc"), -1);
    CHECK_STR(err, "unexpected argument 'b\\x09c': only one GUEST may be given");
    CHECK_EQ(PARSE("--stats="), -1);
    CHECK_STR(err, "--stats=: needs a file name");
    CHECK_EQ(PARSE("--timeout"), -1);
    CHECK_STR(err, "--timeout: needs a value");
    /* a value that looks like an option is still the value, as with getopt */
    CHECK_EQ(PARSE("--user", "--strict"), 0);
    CHECK_STR(opt.user, "--strict");
    CHECK(!opt.strict);
    /* "-" is an operand */
    CHECK_EQ(PARSE("-"), 0);
    CHECK_STR(opt.guest_path, "-");
    CHECK_EQ(PARSE("--print-policy", "--seccomp=log"), 0);
    CHECK(opt.print_policy && opt.seccomp_log);
    /* -h ends parsing: what follows is not looked at */
    CHECK_EQ(PARSE("-h", "--frobnicate"), 0);
    CHECK(opt.help);
    CHECK_EQ(PARSE("-vV"), 0);
    CHECK(opt.verbose && opt.version);
}

/* Long text is cut, and the cut stays one line. */
TEST(escape)
{
    char buf[OPTIONS_ESCAPE_MAX];
    CHECK_STR(options_escape("a\x7f\x80 ~", buf, sizeof buf), "a\\x7f\\x80 ~");
    char longer[300];
    memset(longer, 'a', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    options_escape(longer, buf, sizeof buf);
    CHECK_EQ(strlen(buf), 127);
    CHECK_STR(buf + 121, "aaa...");
    memset(longer, '\n', sizeof longer - 1);
    options_escape(longer, buf, sizeof buf);
    CHECK_EQ(strlen(buf), 127);
    CHECK_STR(buf + 116, "\\x0a\\x0a...");
}

/* What --help says each number takes, and nothing else. */
TEST(numbers_match_help)
{
    /* --timeout: 0..86400 s, a whole number of milliseconds */
    CHECK_EQ(PARSE("--timeout", "0.5000"), 0);
    CHECK_EQ(opt.timeout_ms, 500);
    CHECK_EQ(PARSE("--timeout", "0.001"), 0);
    CHECK_EQ(opt.timeout_ms, 1);
    CHECK_EQ(PARSE("--timeout", "86400"), 0);
    CHECK_EQ(opt.timeout_ms, 86400000);
    CHECK_EQ(PARSE("--timeout", "86400.000000"), 0);
    CHECK_EQ(opt.timeout_ms, 86400000);
    CHECK_EQ(PARSE("--timeout", "86400.001"), -1);
    CHECK_STR(err, "--timeout 86400.001: expected seconds from 0 (none) to 86400, decimals to the "
                   "millisecond (e.g. 1, 0.5 or 0.001)");
    CHECK_EQ(PARSE("--timeout", "0.0005"), -1);
    CHECK_STR(err, "--timeout 0.0005: expected seconds from 0 (none) to 86400, decimals to the "
                   "millisecond (e.g. 1, 0.5 or 0.001)");
    CHECK_EQ(PARSE("--timeout", "1.0010"), 0);
    CHECK_EQ(opt.timeout_ms, 1001);
    CHECK_EQ(PARSE("--timeout", "18446744073709551616"), -1);
    CHECK_EQ(PARSE("--timeout", "18446744073709552"), -1);
    CHECK_EQ(PARSE("--timeout", ".5"), -1);
    CHECK_EQ(PARSE("--timeout", "+1"), -1);
    CHECK_EQ(PARSE("--timeout", "1e3"), -1);
    CHECK_EQ(PARSE("--timeout", ""), -1);
    /* --mem: decimal with K/M/G, a multiple of 4K, 64K..2G */
    CHECK_EQ(PARSE("--mem", "2G"), 0);
    CHECK_EQ(opt.mem_size, 2ull << 30);
    CHECK_EQ(PARSE("--mem", "2147483648"), 0);
    CHECK_EQ(PARSE("--mem", "2147487744"), -1);
    CHECK_STR(err, "--mem 2147487744: must be between 64K and 2G");
    CHECK_EQ(PARSE("--mem", "64k"), 0);
    CHECK_EQ(PARSE("--mem", "0x10000"), -1);
    CHECK_STR(err, "--mem 0x10000: not a size (e.g. 16M, 65536, 1G)");
    CHECK_EQ(PARSE("--mem", "18446744073709551616"), -1);
    CHECK_STR(err, "--mem 18446744073709551616: not a size (e.g. 16M, 65536, 1G)");
    CHECK_EQ(PARSE("--mem", "17179869184G"), -1);
    CHECK_STR(err, "--mem 17179869184G: not a size (e.g. 16M, 65536, 1G)");
    CHECK_EQ(PARSE("--mem", "1M "), -1);
    /* --max-output: decimal with K/M/G, 0: none, any 64-bit count */
    CHECK_EQ(PARSE("--max-output", "0"), 0);
    CHECK_EQ(opt.max_output, 0);
    CHECK_EQ(PARSE("--max-output", "18446744073709551615"), 0);
    CHECK(opt.max_output == UINT64_MAX);
    CHECK_EQ(PARSE("--max-output", "17179869184G"), -1);
    CHECK_STR(err, "--max-output 17179869184G: not a size (e.g. 4096, 64K, 0: none)");
    CHECK_EQ(PARSE("--max-output", "0x100"), -1);
    /* --load-addr: 64-bit decimal or 0x hex, inside RAM */
    CHECK_EQ(PARSE("--mode", "long", "--load-addr", "0XFFF000"), 0);
    CHECK_EQ(opt.load_addr, 0xfff000);
    CHECK_EQ(PARSE("--load-addr", "0x10000000000000000"), -1);
    CHECK_STR(err, "--load-addr 0x10000000000000000: not a 64-bit decimal or 0x hex number");
    CHECK_EQ(PARSE("--mode", "long", "--load-addr", "0x1000000"), -1);
    CHECK_STR(err, "--load-addr 0x1000000 is outside the 16777216 bytes of guest RAM");
    /* --reg: 64-bit decimal or 0x hex */
    CHECK_EQ(PARSE("--reg", "rax=0xffffffffffffffff"), 0);
    CHECK(opt.regs[GUEST_RAX] == UINT64_MAX);
    CHECK_EQ(PARSE("--reg", "rax=18446744073709551616"), -1);
    CHECK_STR(err, "--reg rax=18446744073709551616: '18446744073709551616' is not a 64-bit "
                   "decimal or 0x hex number");
    CHECK_EQ(PARSE("--reg", "rax="), -1);
    CHECK_STR(err, "--reg rax=: '' is not a 64-bit decimal or 0x hex number");
}

TEST(resolve_paths)
{
    CHECK_EQ(PARSE("--stats=s.json", "g.bin"), 0);
    CHECK_EQ(options_resolve_paths(&opt, NULL, err, sizeof err), 0);
    CHECK_STR(opt.guest_path, "g.bin");
    CHECK_STR(opt.stats_path, "s.json");
    CHECK_EQ(options_resolve_paths(&opt, "", err, sizeof err), 0);
    CHECK_STR(opt.guest_path, "g.bin");
    CHECK_EQ(options_resolve_paths(&opt, "/home/u/proj", err, sizeof err), 0);
    CHECK_STR(opt.guest_path, "/home/u/proj/g.bin");
    CHECK_STR(opt.stats_path, "/home/u/proj/s.json");
    /* absolute paths stay; a trailing slash is not doubled; "/" works */
    CHECK_EQ(PARSE("--stats=/tmp/s.json", "sub/../g.bin"), 0);
    CHECK_EQ(options_resolve_paths(&opt, "/w/", err, sizeof err), 0);
    CHECK_STR(opt.guest_path, "/w/sub/../g.bin");
    CHECK_STR(opt.stats_path, "/tmp/s.json");
    CHECK_EQ(PARSE("g.bin"), 0);
    CHECK_EQ(options_resolve_paths(&opt, "/", err, sizeof err), 0);
    CHECK_STR(opt.guest_path, "/g.bin");
    CHECK(opt.stats_path == NULL);
    /* no guest, --stats to stderr: nothing to do */
    CHECK_EQ(PARSE("--stats"), 0);
    CHECK_EQ(options_resolve_paths(&opt, "/w", err, sizeof err), 0);
    CHECK(opt.guest_path == NULL && opt.stats_path == NULL);
    CHECK_EQ(PARSE("g.bin"), 0);
    CHECK_EQ(options_resolve_paths(&opt, "rel", err, sizeof err), -1);
    CHECK_STR(err, "BUILD_WORKING_DIRECTORY=rel: not an absolute path, so relative paths cannot "
                   "be taken from it");
    /* the joined path must fit PATH_MAX with its NUL */
    static char base[PATH_MAX];
    memset(base, 'd', sizeof base);
    base[0] = '/';
    base[PATH_MAX - 7] = '\0'; /* 4089 bytes + "/g.bin" = 4095 */
    CHECK_EQ(PARSE("g.bin"), 0);
    CHECK_EQ(options_resolve_paths(&opt, base, err, sizeof err), 0);
    CHECK_EQ(strlen(opt.guest_path), PATH_MAX - 1);
    base[PATH_MAX - 7] = 'd';
    base[PATH_MAX - 6] = '\0';
    CHECK_EQ(PARSE("--stats=g.bin"), 0);
    CHECK_EQ(options_resolve_paths(&opt, base, err, sizeof err), -1);
    CHECK_STR(err, "--stats=g.bin: in BUILD_WORKING_DIRECTORY the path is 4096 bytes, longer than "
                   "PATH_MAX allows (4096 with the NUL)");
    CHECK_EQ(PARSE("g\nhij"), 0);
    CHECK_EQ(options_resolve_paths(&opt, base, err, sizeof err), -1);
    CHECK_STR(err, "guest image g\\x0ahij: in BUILD_WORKING_DIRECTORY the path is 4096 bytes, "
                   "longer than PATH_MAX allows (4096 with the NUL)");
}

int main(void)
{
    RUN(defaults);
    RUN(every_option);
    RUN(help_and_version);
    RUN(usage_errors);
    RUN(number_parsers);
    RUN(errors_name_the_option);
    RUN(escape);
    RUN(numbers_match_help);
    RUN(resolve_paths);
    return unit_summary();
}
