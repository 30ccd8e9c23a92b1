/* fmt.c - the tiny printf of the C guests (see fmt.h). */
#include "guest/c/fmt.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static void pad(fmt_out out, int n, char c)
{
    while (n-- > 0)
        out(c);
}

static void put_num(fmt_out out, uint64_t v, unsigned base, bool neg, int width, char fill)
{
    char digits[20]; /* 2^64 - 1 has 20 decimal digits */
    int n = 0;
    do {
        digits[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v != 0);
    int len = n + neg;
    if (neg && fill == '0')
        out('-'); /* -0042, not 00-42 */
    pad(out, width - len, fill);
    if (neg && fill != '0')
        out('-');
    while (n > 0)
        out(digits[--n]);
}

void fmt_vprint(fmt_out out, const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            out(*fmt);
            continue;
        }
        char fill = ' ';
        int width = 0;
        bool is_long = false;
        if (*++fmt == '0')
            fill = *fmt++;
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        if (*fmt == 'l') {
            is_long = true;
            fmt++;
        }
        switch (*fmt) {
        case 'd': {
            int64_t v = is_long ? va_arg(ap, long) : va_arg(ap, int);
            put_num(out, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0, width, fill);
            break;
        }
        case 'u':
        case 'x': {
            uint64_t v = is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
            put_num(out, v, *fmt == 'u' ? 10 : 16, false, width, fill);
            break;
        }
        case 's': {
            const char *s = va_arg(ap, const char *);
            int len = 0;
            if (s == NULL)
                s = "(null)";
            while (s[len])
                len++;
            pad(out, width - len, ' ');
            while (*s)
                out(*s++);
            break;
        }
        case 'c':
            pad(out, width - 1, ' ');
            out((char)va_arg(ap, int));
            break;
        case '%':
            out('%');
            break;
        case '\0': /* a lone % at the end */
            return;
        default: /* unknown: show it as written */
            out('%');
            out(*fmt);
            break;
        }
    }
}

void fmt_print(fmt_out out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fmt_vprint(out, fmt, ap);
    va_end(ap);
}
