/* uart.h - a tiny polled driver for COM1, the guest's 16550A. */
#ifndef SCRATCHVM_GUEST_C_UART_H
#define SCRATCHVM_GUEST_C_UART_H

/* 115200 8N1, FIFOs on, no interrupts. */
void uart_init(void);
/* Wait for LSR.THRE, then send c. */
void uart_putc(char c);
void uart_puts(const char *s);

#endif
