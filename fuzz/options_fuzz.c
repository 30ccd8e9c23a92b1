/* options_fuzz.c - libFuzzer harness for the command line
 * (supervisor/options.c). The input is argv: words separated by NUL bytes;
 * its first byte picks the BUILD_WORKING_DIRECTORY to resolve paths
 * against (none, "/w", a relative one, or one that makes any relative path
 * too long). Whatever the input, the parser must not crash, every error
 * must be one non-empty line of printable ASCII, and an accepted command
 * line must hold what --help promises. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "supervisor/options.h"

#define MAX_WORDS 64

#define ASSERT(c)                                                                                  \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            fprintf(stderr, "options_fuzz: %s failed\n", #c);                                      \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

static void assert_one_line(const char *err, size_t cap)
{
    ASSERT(memchr(err, '\0', cap) != NULL);
    ASSERT(err[0] != '\0');
    for (const char *p = err; *p != '\0'; p++)
        ASSERT(*p >= 0x20 && *p <= 0x7e);
}

static char long_base[PATH_MAX];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    static struct options opt; /* ~8 KiB of path buffers */
    if (len == 0)
        return 0;
    const char *base;
    switch (data[0] & 3) {
    case 0:
        base = NULL;
        break;
    case 1:
        base = "/w";
        break;
    case 2:
        base = "rel";
        break;
    default:
        memset(long_base, 'd', PATH_MAX - 2);
        long_base[0] = '/';
        long_base[PATH_MAX - 2] = '\0';
        base = long_base;
        break;
    }
    /* The words, each NUL-terminated, in a copy the parser may keep
     * pointers into. */
    char *text = malloc(len + 1);
    if (text == NULL)
        return 0;
    memcpy(text, data + 1, len - 1);
    text[len - 1] = '\0';
    char *argv[MAX_WORDS + 2] = {"supervisor"};
    int argc = 1;
    const char *end = text + len - 1;
    for (char *p = text; p < end && argc <= MAX_WORDS; p += strlen(p) + 1)
        argv[argc++] = p;
    argv[argc] = NULL;

    char err[512];
    memset(err, 0x55, sizeof err);
    if (options_parse(argc, argv, &opt, err, sizeof err) != 0) {
        assert_one_line(err, sizeof err);
        free(text);
        return 0;
    }
    if (!opt.help && !opt.version) {
        ASSERT(opt.mem_size >= GUEST_MEM_MIN && opt.mem_size <= GUEST_MEM_MAX);
        ASSERT(opt.mem_size % GUEST_PAGE_SIZE == 0);
        ASSERT(opt.timeout_ms <= OPTIONS_TIMEOUT_MAX_MS);
        ASSERT(opt.load_addr < opt.mem_size);
        ASSERT(opt.mode != GUEST_MODE_REAL || opt.load_addr <= GUEST_REAL_MODE_IP_MAX);
        ASSERT(opt.stats_path == NULL || (opt.stats && opt.stats_path[0] != '\0'));
        ASSERT(opt.user != NULL && opt.user[0] != '\0');
    }
    const char *guest = opt.guest_path, *stats = opt.stats_path;
    memset(err, 0x55, sizeof err);
    if (options_resolve_paths(&opt, base, err, sizeof err) != 0) {
        assert_one_line(err, sizeof err);
        free(text);
        return 0;
    }
    if (base != NULL && base[0] == '/') {
        ASSERT(opt.guest_path == NULL || opt.guest_path[0] == '/');
        ASSERT(opt.stats_path == NULL || opt.stats_path[0] == '/');
        ASSERT(opt.guest_path == NULL || strlen(opt.guest_path) < PATH_MAX);
        if (guest != NULL && guest[0] != '/')
            ASSERT(strcmp(opt.guest_path + strlen(opt.guest_path) - strlen(guest), guest) == 0);
        if (stats != NULL && stats[0] != '/')
            ASSERT(strcmp(opt.stats_path + strlen(opt.stats_path) - strlen(stats), stats) == 0);
    } else {
        ASSERT(opt.guest_path == guest && opt.stats_path == stats);
    }
    free(text);
    return 0;
}
