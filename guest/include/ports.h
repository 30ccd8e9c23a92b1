/* ports.h - the machine's I/O ports as guests see them (assembly and C). */
#ifndef SCRATCHVM_GUEST_PORTS_H
#define SCRATCHVM_GUEST_PORTS_H

/* COM1, a 16550A on IRQ 4 */
#define COM1_BASE 0x3f8
#define COM1_RBR (COM1_BASE + 0) /* receive buffer (read) */
#define COM1_THR (COM1_BASE + 0) /* transmit holding register (write) */
#define COM1_DLL (COM1_BASE + 0) /* divisor latch low, with LCR.DLAB */
#define COM1_IER (COM1_BASE + 1) /* interrupt enable */
#define COM1_DLM (COM1_BASE + 1) /* divisor latch high, with LCR.DLAB */
#define COM1_IIR (COM1_BASE + 2) /* interrupt identification (read) */
#define COM1_FCR (COM1_BASE + 2) /* FIFO control (write) */
#define COM1_LCR (COM1_BASE + 3) /* line control */
#define COM1_MCR (COM1_BASE + 4) /* modem control */
#define COM1_LSR (COM1_BASE + 5) /* line status register */
#define COM1_MSR (COM1_BASE + 6) /* modem status */
#define COM1_SCR (COM1_BASE + 7) /* scratch */
#define COM1_VECTOR 0x0c         /* IRQ 4 with the reset PIC's base 0x08 */
#define COM2_BASE 0x2f8          /* absent: reads 0xff */

#define IER_RDI 0x01  /* received data available */
#define IER_THRI 0x02 /* transmitter holding register empty */
#define LSR_DR 0x01   /* data ready */
#define LSR_OE 0x02   /* overrun error */
#define LSR_THRE 0x20 /* transmit holding register empty */
#define MCR_DTR 0x01
#define MCR_RTS 0x02
#define MCR_OUT2 0x08 /* gates the IRQ pin on a PC */
#define MCR_LOOP 0x10

/* The master 8259A: reset state vectors 0x08-0x0f, every IRQ masked. */
#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC_EOI 0x20

#define DEBUG_EXIT_PORT 0xf4 /* a write of v ends the run with (v << 1) | 1 */

#endif
