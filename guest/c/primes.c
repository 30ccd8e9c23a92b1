/* primes.c - the C guest: a sieve of Eratosthenes over a static (.bss)
 * array, its results on COM1, and 3 as the exit value (status 7). Prints
 *     primes below 10000: 1229
 *     last: 9931 9941 9949 9967 9973
 *     sum: 5736396
 *     done
 */
#include <stdint.h>

#include "guest/c/fmt.h"
#include "guest/c/uart.h"

#define LIMIT 10000
#define LAST 5

static uint8_t composite[LIMIT]; /* zeroed by start64.S */

int main(void)
{
    unsigned count = 0, last[LAST];
    uint64_t sum = 0;

    uart_init();
    for (unsigned i = 2; i < LIMIT; i++) {
        if (composite[i])
            continue;
        last[count % LAST] = i; /* a ring of the latest LAST primes */
        count++;
        sum += i;
        for (unsigned j = i * i; j < LIMIT; j += i)
            composite[j] = 1;
    }
    fmt_print(uart_putc, "primes below %u: %u\n", LIMIT, count);
    uart_puts("last:");
    for (unsigned k = 0; k < LAST; k++)
        fmt_print(uart_putc, " %u", last[(count + k) % LAST]);
    fmt_print(uart_putc, "\nsum: %lu\n", (unsigned long)sum);
    uart_puts("done\n");
    return 3;
}
