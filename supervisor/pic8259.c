#include "supervisor/pic8259.h"

enum { MASTER = 0, SLAVE = 1 };

static void chip_reset(struct pic8259_chip *c, uint8_t vector_base)
{
    *c = (struct pic8259_chip){.imr = 0xff, .vector_base = vector_base, .icw4_needed = true};
}

void pic8259_init(struct pic8259 *p)
{
    chip_reset(&p->chip[MASTER], 0x08);
    chip_reset(&p->chip[SLAVE], 0x70);
    p->spurious = 0;
}

static int lowest_bit(uint8_t bits)
{
    for (int i = 0; i < 8; i++)
        if (bits & (1u << i))
            return i;
    return -1;
}

/* The request this chip would raise INT for, or -1: the highest-priority
 * unmasked request that no interrupt of equal or higher priority blocks. */
static int chip_pending(const struct pic8259_chip *c)
{
    int irq = lowest_bit(c->irr & (uint8_t)~c->imr);
    int busy = lowest_bit(c->isr);
    if (irq < 0 || (busy >= 0 && busy <= irq))
        return -1;
    return irq;
}

static void chip_set(struct pic8259_chip *c, unsigned n, int level)
{
    uint8_t bit = (uint8_t)(1u << n);
    if (level) {
        if (c->level_triggered || (c->level & bit) == 0)
            c->irr |= bit; /* edge mode: only a rising edge requests */
        c->level |= bit;
    } else {
        c->irr &= (uint8_t)~bit; /* a request that goes away is withdrawn */
        c->level &= (uint8_t)~bit;
    }
}

/* The slave's INT drives the master's IR2. */
static void update_cascade(struct pic8259 *p)
{
    chip_set(&p->chip[MASTER], PIC_CASCADE_IRQ, chip_pending(&p->chip[SLAVE]) >= 0);
}

void pic8259_set_irq(struct pic8259 *p, unsigned irq, int level)
{
    if (irq >= 16)
        return;
    chip_set(&p->chip[irq / 8], irq % 8, level);
    update_cascade(p);
}

int pic8259_output(const struct pic8259 *p)
{
    return chip_pending(&p->chip[MASTER]) >= 0;
}

bool pic8259_irq_unmasked(const struct pic8259 *p, unsigned irq)
{
    if (irq >= 16)
        return false;
    if (irq >= 8 && (p->chip[MASTER].imr & (1u << PIC_CASCADE_IRQ)))
        return false;
    return (p->chip[irq / 8].imr & (1u << (irq % 8))) == 0;
}

bool pic8259_irq_may_reach_cpu(const struct pic8259 *p, unsigned irq, bool input_may_toggle)
{
    if (!pic8259_irq_unmasked(p, irq))
        return false;
    /* Fixed priority: an IRQ of equal or higher priority in service blocks
     * it until its EOI (on the master, a slave IRQ counts as IR2). */
    unsigned m = irq < 8 ? irq : PIC_CASCADE_IRQ;
    if (p->chip[MASTER].isr & ((2u << m) - 1))
        return false;
    if (irq >= 8 && (p->chip[1].isr & ((2u << (irq - 8)) - 1)))
        return false;
    /* Edge triggered, an input already high needs to fall and rise again. */
    const struct pic8259_chip *c = &p->chip[irq / 8];
    if (!input_may_toggle && !c->level_triggered && (c->level & (1u << (irq % 8))) &&
        !(c->irr & (1u << (irq % 8))))
        return false;
    return true;
}

/* Acknowledge on one chip: the request moves from IRR to ISR. Returns the
 * IR number, or 7 (the spurious answer) when none is pending. */
static int chip_ack(struct pic8259_chip *c, uint64_t *spurious)
{
    int irq = chip_pending(c);
    if (irq < 0) {
        (*spurious)++;
        return 7;
    }
    uint8_t bit = (uint8_t)(1u << irq);
    if (!c->level_triggered)
        c->irr &= (uint8_t)~bit;
    if (!c->auto_eoi)
        c->isr |= bit;
    return irq;
}

uint8_t pic8259_ack(struct pic8259 *p)
{
    struct pic8259_chip *m = &p->chip[MASTER];
    int irq = chip_ack(m, &p->spurious);
    uint8_t vector = (uint8_t)(m->vector_base + irq);
    if (irq == PIC_CASCADE_IRQ && !m->single) {
        struct pic8259_chip *s = &p->chip[SLAVE];
        vector = (uint8_t)(s->vector_base + chip_ack(s, &p->spurious));
    }
    update_cascade(p);
    return vector;
}

static void write_command(struct pic8259_chip *c, uint8_t v)
{
    if (v & 0x10) { /* ICW1: start initialisation */
        uint8_t base = c->vector_base, level = c->level;
        chip_reset(c, base);
        c->imr = 0;
        c->level = level;
        c->init_step = 2;
        c->icw4_needed = v & 0x01;
        c->single = v & 0x02;
        c->level_triggered = v & 0x08;
        if (c->level_triggered)
            c->irr = c->level; /* in level mode the request follows the input */
        return;
    }
    if (v & 0x08) { /* OCW3 */
        if (v & 0x04)
            c->poll = true;
        if (v & 0x02)
            c->read_isr = v & 0x01;
        return;
    }
    /* OCW2. Priority rotation is not modelled: its EOI part is. */
    switch (v >> 5) {
    case 1: /* non-specific EOI */
    case 5: /* rotate on non-specific EOI */
    {
        int irq = lowest_bit(c->isr);
        if (irq >= 0)
            c->isr &= (uint8_t) ~(1u << irq);
        break;
    }
    case 3: /* specific EOI */
    case 7: /* rotate on specific EOI */
        c->isr &= (uint8_t) ~(1u << (v & 7));
        break;
    default: /* rotation and priority commands: no effect here */
        break;
    }
}

static void write_data(struct pic8259_chip *c, uint8_t v)
{
    switch (c->init_step) {
    case 2: /* ICW2: vector base */
        c->vector_base = v & 0xf8;
        c->init_step = c->single ? (c->icw4_needed ? 4 : 0) : 3;
        break;
    case 3: /* ICW3: the cascade wiring is fixed on a PC */
        c->init_step = c->icw4_needed ? 4 : 0;
        break;
    case 4: /* ICW4 */
        c->auto_eoi = v & 0x02;
        c->init_step = 0;
        break;
    default: /* OCW1: the mask */
        c->imr = v;
        break;
    }
}

static uint8_t read_port(struct pic8259 *p, int which, uint16_t offset)
{
    struct pic8259_chip *c = &p->chip[which];
    if (offset == 1)
        return c->imr;
    if (c->poll) { /* poll mode: the read is the acknowledge */
        c->poll = false;
        int irq = chip_pending(c);
        if (irq < 0)
            return 0;
        (void)chip_ack(c, &p->spurious);
        update_cascade(p);
        return (uint8_t)(0x80 | irq);
    }
    return c->read_isr ? c->isr : c->irr;
}

static void write_port(struct pic8259 *p, int which, uint16_t offset, uint8_t value)
{
    if (offset == 0)
        write_command(&p->chip[which], value);
    else
        write_data(&p->chip[which], value);
    update_cascade(p);
}

static uint8_t master_read(void *dev, uint16_t offset)
{
    return read_port(dev, MASTER, offset);
}

static void master_write(void *dev, uint16_t offset, uint8_t value)
{
    write_port(dev, MASTER, offset, value);
}

static uint8_t slave_read(void *dev, uint16_t offset)
{
    return read_port(dev, SLAVE, offset);
}

static void slave_write(void *dev, uint16_t offset, uint8_t value)
{
    write_port(dev, SLAVE, offset, value);
}

const struct port_device pic8259_master_ops = {"pic8259-master", master_read, master_write};
const struct port_device pic8259_slave_ops = {"pic8259-slave", slave_read, slave_write};
