/* pic8259.h - the PC's pair of 8259A interrupt controllers (master at
 * 0x20, slave at 0xa0 cascaded on the master's IR2), as the guest sees
 * them: ICW1-ICW4 initialisation, the mask (OCW1), EOIs (OCW2), IRR/ISR
 * reads (OCW3), fixed priority, edge or level triggering, auto-EOI.
 *
 * The model's output is the CPU's INTR line (pic8259_output) and the
 * interrupt acknowledge cycle (pic8259_ack), which the worker runs when
 * the vCPU can take an interrupt. Without a BIOS, the reset state is what
 * a PC BIOS leaves: master vectors 0x08-0x0f, slave 0x70-0x77, edge
 * triggered, every IRQ masked. Knows registers only: no sockets, no KVM.
 */
#ifndef SCRATCHVM_SUPERVISOR_PIC8259_H
#define SCRATCHVM_SUPERVISOR_PIC8259_H

#include <stdbool.h>
#include <stdint.h>

#include "supervisor/port_bus.h"

#define PIC_MASTER_BASE 0x20
#define PIC_SLAVE_BASE 0xa0
#define PIC_NPORTS 2
#define PIC_CASCADE_IRQ 2

struct pic8259_chip {
    uint8_t irr, isr, imr;
    uint8_t level;       /* input lines as last set */
    uint8_t vector_base; /* ICW2 & 0xf8 */
    uint8_t init_step;   /* 0: ready; 2..4: expecting ICW2..ICW4 */
    bool icw4_needed, single, level_triggered, auto_eoi;
    bool read_isr; /* OCW3: a read of the command port returns ISR, else IRR */
    bool poll;     /* OCW3 poll command: the next read acknowledges */
};

struct pic8259 {
    struct pic8259_chip chip[2]; /* [0] master, [1] slave */
    uint64_t spurious;           /* acknowledges that found nothing to deliver */
};

void pic8259_init(struct pic8259 *p);
/* Set input line `irq` (0-15) to `level`. */
void pic8259_set_irq(struct pic8259 *p, unsigned irq, int level);
/* The INTR line to the CPU: 1 while an unmasked request waits. */
int pic8259_output(const struct pic8259 *p);
/* The interrupt acknowledge cycle: the vector to deliver. When nothing is
 * left to deliver (the request went away), the 8259A's answer: the
 * spurious IRQ7 vector of the chip, with nothing put in service. */
uint8_t pic8259_ack(struct pic8259 *p);
/* Whether IRQ `irq` reaches the CPU when raised (unmasked on every chip
 * on its way). */
bool pic8259_irq_unmasked(const struct pic8259 *p, unsigned irq);
/* Whether IRQ `irq` could still interrupt the CPU while the guest is
 * halted and cannot touch the PIC: unmasked, not blocked by an IRQ of
 * equal or higher priority in service, and, edge triggered, not already
 * high unless the input may still fall and rise again on its own
 * (`input_may_toggle`: host events still reach its device). */
bool pic8259_irq_may_reach_cpu(const struct pic8259 *p, unsigned irq, bool input_may_toggle);

extern const struct port_device pic8259_master_ops;
extern const struct port_device pic8259_slave_ops;

#endif
