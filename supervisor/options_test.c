/* Unit tests of command-line parsing: defaults, every option, and each
 * usage error's exact message. */
#include "supervisor/options.h"
#include "tests/unit.h"

static struct options opt;
static char err[256];

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
    CHECK_STR(err, "unknown option --frobnicate (see --help)");
    CHECK_EQ(PARSE("-x"), -1);
    CHECK_STR(err, "unknown option -x (see --help)");
    CHECK_EQ(PARSE("--mem"), -1);
    CHECK_STR(err, "option --mem needs a value");
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
    CHECK_STR(err, "--load-addr 12ab: not a decimal or 0x hex number");
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
    CHECK_STR(err, "--timeout -1: expected seconds from 0 (none) to 86400, e.g. 1 or 0.5");
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
    CHECK_STR(err, "--user needs a user name");
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

int main(void)
{
    RUN(defaults);
    RUN(every_option);
    RUN(help_and_version);
    RUN(usage_errors);
    RUN(number_parsers);
    return unit_summary();
}
