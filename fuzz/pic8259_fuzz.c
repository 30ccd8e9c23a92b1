/* pic8259_fuzz.c - libFuzzer harness for the 8259A pair
 * (supervisor/pic8259.c), driven by a program of guest port accesses,
 * device interrupt lines and the CPU's interrupt acknowledges. One op per
 * byte, operands after it:
 *   0x00-0x3f  a port access: chip = op & 1 (master, slave), offset =
 *              (op >> 1) & 1, a write if op & 4 (the next byte is the
 *              value), else a read
 *   0x40-0x7f  input line (op & 15) set to ((op >> 4) & 1)
 *   0x80-0xff  the CPU acknowledges, as the worker does: only while the
 *              INTR line is up if op & 1, else whatever the line (a request
 *              that went away meanwhile)
 * After every op: the INTR line is exactly "an unmasked request on the
 * master that nothing of equal or higher priority in service blocks"
 * (recomputed here from the registers), the slave's output is on the
 * master's IR2, the init state and vector bases are well formed, and an
 * unmasked IRQ is what pic8259_irq_unmasked says. An acknowledge with the
 * line up delivers the vector of the request the line showed, puts it in
 * service (unless auto-EOI) and is never spurious; with the line down it
 * answers the master's IRQ7 vector, counts a spurious one and puts nothing
 * in service. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "supervisor/pic8259.h"

#define ASSERT(c)                                                                                  \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            fprintf(stderr, "pic8259_fuzz: %s failed\n", #c);                                      \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

/* The reference: the request a chip raises INT for, or -1. */
static int pending(const struct pic8259_chip *c)
{
    uint8_t req = c->irr & (uint8_t)~c->imr;
    for (int i = 0; i < 8; i++) {
        if (c->isr & (1u << i))
            return -1; /* in service at equal or higher priority */
        if (req & (1u << i))
            return i;
    }
    return -1;
}

static void check(const struct pic8259 *p)
{
    const struct pic8259_chip *m = &p->chip[0], *s = &p->chip[1];
    ASSERT(pic8259_output(p) == (pending(m) >= 0));
    ASSERT(((m->level >> PIC_CASCADE_IRQ) & 1) == (pending(s) >= 0));
    for (int k = 0; k < 2; k++) {
        const struct pic8259_chip *c = &p->chip[k];
        ASSERT(c->init_step == 0 || (c->init_step >= 2 && c->init_step <= 4));
        ASSERT((c->vector_base & 7) == 0);
        /* a request whose input fell is withdrawn, edge or level */
        ASSERT((c->irr & (uint8_t)~c->level) == 0);
    }
    for (unsigned irq = 0; irq < 16; irq++) {
        bool want = !(p->chip[irq / 8].imr & (1u << (irq % 8))) &&
                    (irq < 8 || !(m->imr & (1u << PIC_CASCADE_IRQ)));
        ASSERT(pic8259_irq_unmasked(p, irq) == want);
        if (pic8259_irq_may_reach_cpu(p, irq, false))
            ASSERT(pic8259_irq_may_reach_cpu(p, irq, true));
        if (pic8259_irq_may_reach_cpu(p, irq, true))
            ASSERT(want);
    }
    ASSERT(!pic8259_irq_unmasked(p, 16));
}

static void ack(struct pic8259 *p)
{
    struct pic8259_chip *m = &p->chip[0], *s = &p->chip[1];
    int line = pic8259_output(p);
    int mirq = pending(m);
    bool via_slave = mirq == PIC_CASCADE_IRQ && !m->single;
    int sirq = via_slave ? pending(s) : -1;
    uint8_t misr = m->isr, sisr = s->isr, mbase = m->vector_base, sbase = s->vector_base;
    bool mauto = m->auto_eoi, sauto = s->auto_eoi;
    uint64_t spurious = p->spurious;
    uint8_t v = pic8259_ack(p);
    if (!line) {
        ASSERT(v == (uint8_t)(mbase + 7));
        ASSERT(p->spurious == spurious + 1);
        ASSERT(m->isr == misr && s->isr == sisr);
        return;
    }
    ASSERT(p->spurious == spurious);
    ASSERT(m->isr == (mauto ? misr : (uint8_t)(misr | (1u << mirq))));
    if (via_slave) {
        ASSERT(sirq >= 0);
        ASSERT(v == (uint8_t)(sbase + sirq));
        ASSERT(s->isr == (sauto ? sisr : (uint8_t)(sisr | (1u << sirq))));
    } else {
        ASSERT(v == (uint8_t)(mbase + mirq));
        ASSERT(s->isr == sisr);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    struct pic8259 p;
    pic8259_init(&p);
    check(&p);
    for (size_t i = 0; i < len;) {
        uint8_t op = data[i++];
        if (op < 0x40) {
            const struct port_device *ops = (op & 1) ? &pic8259_slave_ops : &pic8259_master_ops;
            uint16_t off = (op >> 1) & 1;
            struct pic8259_chip *c = &p.chip[op & 1];
            if (op & 4) {
                uint8_t v = i < len ? data[i++] : 0;
                bool ocw1 = off == 1 && c->init_step == 0;
                ops->write(&p, off, v);
                if (ocw1)
                    ASSERT(c->imr == v);
            } else {
                bool poll = c->poll;
                uint8_t imr = c->imr, isr = c->isr, irr = c->irr;
                bool read_isr = c->read_isr;
                int pend = pending(c);
                uint8_t v = ops->read(&p, off);
                if (off == 1)
                    ASSERT(v == imr);
                else if (poll)
                    ASSERT(v == (pend < 0 ? 0 : (uint8_t)(0x80 | pend)));
                else
                    ASSERT(v == (read_isr ? isr : irr));
            }
        } else if (op < 0x80) {
            pic8259_set_irq(&p, op & 15, (op >> 4) & 1);
        } else if (!(op & 1) || pic8259_output(&p)) {
            ack(&p);
        }
        check(&p);
    }
    return 0;
}
