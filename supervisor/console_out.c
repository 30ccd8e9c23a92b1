#include "supervisor/console_out.h"

void console_out_init(struct console_out *c, int fd)
{
    c->filter = false;
    c->limit = 0;
    c->total = 0;
    c->limit_hit = false;
    c->line_open = false;
    out_stream_adopt(&c->stream, fd);
}

void console_out_set_filter(struct console_out *c, bool on)
{
    c->filter = on;
}

static bool harmless(uint8_t byte)
{
    return (byte >= 0x20 && byte <= 0x7e) || byte == '\n' || byte == '\r' || byte == '\t' ||
           byte == '\b';
}

void console_out_put(struct console_out *c, uint8_t byte)
{
    if (c->limit != 0 && c->total >= c->limit) {
        c->limit_hit = true;
        return;
    }
    c->total++;
    c->line_open = byte != '\n';
    if (out_stream_room(&c->stream) < 4)
        (void)out_stream_flush(&c->stream);
    if (!c->filter || harmless(byte)) {
        out_stream_put(&c->stream, &byte, 1);
        return;
    }
    static const char hex[] = "0123456789abcdef";
    uint8_t shown[4] = {'\\', 'x', (uint8_t)hex[byte >> 4], (uint8_t)hex[byte & 15]};
    out_stream_put(&c->stream, shown, sizeof shown);
}

int console_out_flush(struct console_out *c)
{
    return out_stream_flush(&c->stream);
}
