/* ports.h - the machine's I/O ports as guests see them (assembly and C). */
#ifndef SCRATCHVM_GUEST_PORTS_H
#define SCRATCHVM_GUEST_PORTS_H

#define COM1_BASE 0x3f8
#define COM1_THR (COM1_BASE + 0) /* transmit holding register */
#define COM1_LSR (COM1_BASE + 5) /* line status register */
#define LSR_THRE 0x20            /* transmit holding register empty */

#define DEBUG_EXIT_PORT 0xf4 /* a write of v ends the run with (v << 1) | 1 */

#endif
