/* fmt.h - a tiny printf: %d %u %x %s %c %%, an optional 0 flag and width,
 * and the l modifier (%ld %lu %lx) for 64-bit values. Output goes one
 * character at a time to `out`. */
#ifndef SCRATCHVM_GUEST_C_FMT_H
#define SCRATCHVM_GUEST_C_FMT_H

#include <stdarg.h>

typedef void (*fmt_out)(char c);

void fmt_vprint(fmt_out out, const char *fmt, va_list ap);
void fmt_print(fmt_out out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
