/* fuzz_replay.c - main() for a fuzz harness outside libFuzzer: runs each
 * file named on the command line through LLVMFuzzerTestOneInput once (the
 * regression test of tools/fuzz.bzl). A harness reports a finding by
 * aborting, as under libFuzzer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

static int replay(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        return -1;
    }
    size_t cap = 1 << 16, len = 0;
    uint8_t *buf = malloc(cap);
    size_t n;
    while (buf != NULL && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            uint8_t *bigger = realloc(buf, cap *= 2);
            if (bigger == NULL)
                free(buf);
            buf = bigger;
        }
    }
    int bad = buf == NULL || ferror(f);
    fclose(f);
    if (bad) {
        fprintf(stderr, "%s: cannot read\n", path);
        free(buf);
        return -1;
    }
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    printf("ok   %s (%zu bytes)\n", path, len);
    return 0;
}

int main(int argc, char **argv)
{
    int failed = 0;
    for (int i = 1; i < argc; i++)
        failed += replay(argv[i]) != 0;
    /* The summary line every test ends with (tools/test_summary.sh): a seed
     * that crashed ends the process before it, an unreadable one fails. */
    if (argc < 2)
        printf("no seed given\n");
    printf("%d passed, %d failed\n", argc - 1 - failed, failed + (argc < 2));
    return failed != 0 || argc < 2;
}
