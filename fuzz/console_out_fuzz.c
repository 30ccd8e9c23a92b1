/* console_out_fuzz.c - libFuzzer harness for guest output on its way to
 * the terminal (supervisor/console_out.c). Byte 0: bit 0 turns the
 * terminal filter on; bits 1-7 pick the --max-output limit (0: none, else
 * that many times 37 bytes). The rest is guest output, put byte by byte.
 * Whatever the bytes: with the filter on, nothing outside printable ASCII,
 * \n, \r, \t and \b ever reaches the stream's buffer; the buffer holds
 * exactly what the reference rendering says (each other byte as \xHH in
 * lower-case hex; unchanged without the filter); no more bytes are
 * accepted than the limit, limit_hit tells when some were dropped, and
 * line_open says whether the last accepted byte was not a newline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "supervisor/console_out.h"

#define ASSERT(c)                                                                                  \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            fprintf(stderr, "console_out_fuzz: %s failed\n", #c);                                  \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* At most 4 shown bytes per guest byte: this many fit the buffer unflushed. */
#define MAX_BYTES (OUT_STREAM_CAP / 4 - 1)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

static bool harmless(uint8_t b)
{
    return (b >= 0x20 && b <= 0x7e) || b == '\n' || b == '\r' || b == '\t' || b == '\b';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    static struct console_out c;
    static uint8_t want[OUT_STREAM_CAP];
    if (len == 0)
        return 0;
    bool filter = data[0] & 1;
    uint64_t limit = (uint64_t)(data[0] >> 1) * 37;
    console_out_init(&c, -1);
    console_out_set_filter(&c, filter);
    c.limit = limit;
    size_t n = len - 1 > MAX_BYTES ? MAX_BYTES : len - 1;
    size_t wlen = 0, accepted = 0;
    bool line_open = false;
    for (size_t i = 0; i < n; i++) {
        uint8_t b = data[1 + i];
        console_out_put(&c, b);
        if (limit != 0 && accepted >= limit)
            continue;
        accepted++;
        line_open = b != '\n';
        if (!filter || harmless(b)) {
            want[wlen++] = b;
        } else {
            wlen += (size_t)snprintf((char *)want + wlen, 5, "\\x%02x", b);
        }
    }
    ASSERT(c.stream.error == 0);
    ASSERT(c.total == accepted);
    ASSERT(c.limit_hit == (accepted < n));
    ASSERT(c.line_open == line_open);
    ASSERT(out_stream_pending(&c.stream) == wlen);
    const uint8_t *got = c.stream.buf + c.stream.off;
    ASSERT(memcmp(got, want, wlen) == 0);
    if (filter)
        for (size_t i = 0; i < wlen; i++)
            ASSERT(harmless(got[i]));
    return 0;
}
