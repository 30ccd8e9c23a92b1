/* irq_line.h - how a device drives its interrupt request line.
 *
 * A device holds one of these and calls irq_line_set() with the level of
 * its output (1 = asserted) whenever it may have changed; what is on the
 * other end is the machine's business. In the Lab profile it is an input
 * of the 8259A model (pic8259.c), whose output the worker injects with
 * KVM_INTERRUPT; a later profile with KVM's in-kernel irqchip can put an
 * irqfd here instead, and the devices do not change.
 */
#ifndef SCRATCHVM_SUPERVISOR_IRQ_LINE_H
#define SCRATCHVM_SUPERVISOR_IRQ_LINE_H

struct irq_line {
    void (*set)(void *ctx, unsigned irq, int level);
    void *ctx;
    unsigned irq;
};

static inline void irq_line_set(const struct irq_line *l, int level)
{
    if (l->set != 0)
        l->set(l->ctx, l->irq, level);
}

#endif
