/* uart.c - the polled COM1 driver: port I/O and the 16550A registers. */
#include "guest/c/uart.h"

#include <stdint.h>

#include "guest/include/ports.h"

#define LCR_8N1 0x03
#define LCR_DLAB 0x80
#define FCR_ENABLE_CLEAR 0x07 /* FIFOs on, both cleared */

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

void uart_init(void)
{
    outb(COM1_IER, 0);
    outb(COM1_LCR, LCR_DLAB);
    outb(COM1_DLL, 1); /* divisor 1: 115200 baud */
    outb(COM1_DLM, 0);
    outb(COM1_LCR, LCR_8N1);
    outb(COM1_FCR, FCR_ENABLE_CLEAR);
    outb(COM1_MCR, MCR_DTR | MCR_RTS);
}

void uart_putc(char c)
{
    while (!(inb(COM1_LSR) & LSR_THRE))
        ;
    outb(COM1_THR, (uint8_t)c);
}

void uart_puts(const char *s)
{
    while (*s)
        uart_putc(*s++);
}
