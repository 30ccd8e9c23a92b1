#include "common/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/out_stream.h"

static struct {
    struct out_stream *stream;
    bool (*before_line)(void *ctx);
    void *ctx;
} sink;

void diag_use_stream(struct out_stream *stream, bool (*before_line)(void *ctx), void *ctx)
{
    sink.stream = stream;
    sink.before_line = before_line;
    sink.ctx = ctx;
}

char *diag_printable(const char *in, char *out, size_t cap)
{
    static const char hex[] = "0123456789abcdef";
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p != '\0' && n + 5 <= cap; p++) {
        if (*p >= 0x20 && *p <= 0x7e) {
            out[n++] = (char)*p;
        } else {
            out[n++] = '\\';
            out[n++] = 'x';
            out[n++] = hex[*p >> 4];
            out[n++] = hex[*p & 15];
        }
    }
    if (cap > 0)
        out[n < cap ? n : cap - 1] = '\0';
    return out;
}

static void emit(const char *prefix, const char *fmt, va_list ap)
{
    char raw[512], line[2048 + 16];
    vsnprintf(raw, sizeof raw, fmt, ap);
    size_t n = 0;
    if (sink.before_line != NULL && sink.before_line(sink.ctx))
        line[n++] = '\n';
    n += (size_t)snprintf(line + n, sizeof line - n, "%s", prefix);
    diag_printable(raw, line + n, sizeof line - n - 1);
    n += strlen(line + n);
    line[n++] = '\n';
    if (sink.stream == NULL) {
        fwrite(line, 1, n, stderr);
        return;
    }
    out_stream_put(sink.stream, line, n);
    (void)out_stream_flush(sink.stream);
}

int diag_error(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit("scratchvm: ", fmt, ap);
    va_end(ap);
    return status;
}

void diag_verbose(bool verbose, const char *fmt, ...)
{
    if (!verbose)
        return;
    va_list ap;
    va_start(ap, fmt);
    emit("scratchvm: ", fmt, ap);
    va_end(ap);
}

void diag_more(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit("", fmt, ap);
    va_end(ap);
}

int diag_fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}
