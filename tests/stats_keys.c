/* stats_keys.c - print the --stats JSON of a zeroed report (one port, and
 * the "other" bucket, so every key appears once), for tests/docs_test.py
 * to compare with the README's key table. */
#include <stdio.h>

#include "supervisor/stats_json.h"

int main(void)
{
    struct port_stats ports = {.n = 1, .entry = {{.port = 0x3f8}}, .other_out = 1};
    struct stats_report r = {
        .end = "halted",
        .ports = &ports,
        .seccomp = "enforce",
        .namespaces = "pid",
        .namespaces_missing = "none",
    };
    char buf[8192];
    size_t n = stats_json_format(&r, buf, sizeof buf);
    if (n == 0 || fwrite(buf, 1, n, stdout) != n)
        return 1;
    return 0;
}
