/* Unit tests of the 8259A pair: initialisation, masking, priority, the
 * acknowledge cycle, EOIs, the cascade and edge/level triggering. */
#include "supervisor/pic8259.h"
#include "tests/unit.h"

static void out(struct pic8259 *p, uint16_t port, uint8_t v)
{
    const struct port_device *ops =
        port >= PIC_SLAVE_BASE ? &pic8259_slave_ops : &pic8259_master_ops;
    ops->write(p, port & 1, v);
}

static uint8_t in(struct pic8259 *p, uint16_t port)
{
    const struct port_device *ops =
        port >= PIC_SLAVE_BASE ? &pic8259_slave_ops : &pic8259_master_ops;
    return ops->read(p, port & 1);
}

/* What Linux (init_8259A) and every PC BIOS program. */
static void init_pc(struct pic8259 *p, uint8_t master_base, uint8_t slave_base)
{
    out(p, 0x20, 0x11);
    out(p, 0x21, master_base);
    out(p, 0x21, 0x04);
    out(p, 0x21, 0x01);
    out(p, 0xa0, 0x11);
    out(p, 0xa1, slave_base);
    out(p, 0xa1, 0x02);
    out(p, 0xa1, 0x01);
    out(p, 0x21, 0xff);
    out(p, 0xa1, 0xff);
}

TEST(reset_state_is_what_a_bios_leaves)
{
    struct pic8259 p;
    pic8259_init(&p);
    CHECK_EQ(in(&p, 0x21), 0xff);
    CHECK_EQ(in(&p, 0xa1), 0xff);
    pic8259_set_irq(&p, 4, 1);
    CHECK_EQ(pic8259_output(&p), 0); /* masked */
    CHECK(!pic8259_irq_unmasked(&p, 4));
    out(&p, 0x21, 0xef);
    CHECK(pic8259_irq_unmasked(&p, 4));
    CHECK_EQ(pic8259_output(&p), 1); /* the request was latched */
    CHECK_EQ(pic8259_ack(&p), 0x0c);
    CHECK_EQ(pic8259_output(&p), 0);
}

TEST(init_sequence_sets_the_vector_base)
{
    struct pic8259 p;
    pic8259_init(&p);
    init_pc(&p, 0x20, 0x28);
    out(&p, 0x21, 0xfe);
    pic8259_set_irq(&p, 0, 1);
    CHECK_EQ(pic8259_ack(&p), 0x20);
}

TEST(priority_isr_and_eoi)
{
    struct pic8259 p;
    pic8259_init(&p);
    init_pc(&p, 0x20, 0x28);
    out(&p, 0x21, 0x00);
    pic8259_set_irq(&p, 4, 1);
    pic8259_set_irq(&p, 1, 1);
    CHECK_EQ(pic8259_ack(&p), 0x21); /* IRQ 1 before IRQ 4 */
    CHECK_EQ(pic8259_output(&p), 0); /* IRQ 4 waits behind IRQ 1 in service */
    out(&p, 0x20, 0x0b);             /* OCW3: read ISR */
    CHECK_EQ(in(&p, 0x20), 0x02);
    out(&p, 0x20, 0x0a); /* OCW3: read IRR */
    CHECK_EQ(in(&p, 0x20), 0x10);
    pic8259_set_irq(&p, 0, 1);
    CHECK_EQ(pic8259_output(&p), 1); /* a higher priority may nest */
    CHECK_EQ(pic8259_ack(&p), 0x20);
    out(&p, 0x20, 0x20); /* non-specific EOI: IRQ 0 */
    out(&p, 0x20, 0x20); /* and IRQ 1 */
    CHECK_EQ(pic8259_output(&p), 1);
    CHECK_EQ(pic8259_ack(&p), 0x24);
    out(&p, 0x20, 0x64); /* specific EOI for IRQ 4 */
    out(&p, 0x20, 0x0b);
    CHECK_EQ(in(&p, 0x20), 0x00);
}

TEST(edge_triggered_needs_a_new_edge)
{
    struct pic8259 p;
    pic8259_init(&p);
    out(&p, 0x21, 0xef);
    pic8259_set_irq(&p, 4, 1);
    CHECK_EQ(pic8259_ack(&p), 0x0c);
    out(&p, 0x20, 0x20);
    pic8259_set_irq(&p, 4, 1); /* still high: no new request */
    CHECK_EQ(pic8259_output(&p), 0);
    pic8259_set_irq(&p, 4, 0);
    pic8259_set_irq(&p, 4, 1);
    CHECK_EQ(pic8259_output(&p), 1);
}

TEST(what_may_still_reach_a_halted_cpu)
{
    struct pic8259 p;
    pic8259_init(&p);
    CHECK(!pic8259_irq_may_reach_cpu(&p, 4, false)); /* masked at reset */
    pic8259_master_ops.write(&p, 1, 0xef);           /* unmask IRQ 4 */
    CHECK(pic8259_irq_may_reach_cpu(&p, 4, false));
    pic8259_set_irq(&p, 4, 1);
    CHECK_EQ(pic8259_ack(&p), 0x0c);                /* in service now */
    CHECK(!pic8259_irq_may_reach_cpu(&p, 4, true)); /* blocked by itself until EOI */
    pic8259_master_ops.write(&p, 1, 0xc7);          /* unmask IRQs 3 and 5 too */
    CHECK(pic8259_irq_may_reach_cpu(&p, 3, true));  /* a higher priority is not blocked */
    CHECK(!pic8259_irq_may_reach_cpu(&p, 5, true)); /* a lower one is */
    pic8259_master_ops.write(&p, 0, 0x20);          /* EOI */
    CHECK(pic8259_irq_may_reach_cpu(&p, 5, false));
    /* IRQ 4's input is still high: edge triggered, it must fall first. */
    CHECK(!pic8259_irq_may_reach_cpu(&p, 4, false));
    CHECK(pic8259_irq_may_reach_cpu(&p, 4, true)); /* unless its device may still toggle */
}

TEST(a_withdrawn_request_is_not_delivered)
{
    struct pic8259 p;
    pic8259_init(&p);
    out(&p, 0x21, 0xef);
    pic8259_set_irq(&p, 4, 1);
    pic8259_set_irq(&p, 4, 0);
    CHECK_EQ(pic8259_output(&p), 0);
    CHECK_EQ(pic8259_ack(&p), 0x0f); /* the 8259A's spurious IRQ 7 */
    CHECK_EQ(p.spurious, 1);
}

TEST(level_triggered_stays_requested)
{
    struct pic8259 p;
    pic8259_init(&p);
    out(&p, 0x20, 0x19); /* ICW1 with LTIM */
    out(&p, 0x21, 0x08);
    out(&p, 0x21, 0x04);
    out(&p, 0x21, 0x01);
    out(&p, 0x21, 0xef);
    pic8259_set_irq(&p, 4, 1);
    CHECK_EQ(pic8259_ack(&p), 0x0c);
    out(&p, 0x20, 0x20);
    CHECK_EQ(pic8259_output(&p), 1); /* still high: requested again */
}

TEST(auto_eoi_leaves_nothing_in_service)
{
    struct pic8259 p;
    pic8259_init(&p);
    out(&p, 0x20, 0x11);
    out(&p, 0x21, 0x08);
    out(&p, 0x21, 0x04);
    out(&p, 0x21, 0x03); /* ICW4: AEOI */
    out(&p, 0x21, 0xef);
    pic8259_set_irq(&p, 4, 1);
    CHECK_EQ(pic8259_ack(&p), 0x0c);
    out(&p, 0x20, 0x0b);
    CHECK_EQ(in(&p, 0x20), 0x00);
}

TEST(cascade_delivers_slave_vectors)
{
    struct pic8259 p;
    pic8259_init(&p);
    init_pc(&p, 0x20, 0x28);
    out(&p, 0xa1, 0xf7); /* unmask IRQ 11 on the slave */
    pic8259_set_irq(&p, 11, 1);
    CHECK_EQ(pic8259_output(&p), 0); /* the master masks the cascade */
    CHECK(!pic8259_irq_unmasked(&p, 11));
    out(&p, 0x21, 0xfb);
    CHECK(pic8259_irq_unmasked(&p, 11));
    CHECK_EQ(pic8259_output(&p), 1);
    CHECK_EQ(pic8259_ack(&p), 0x2b);
    out(&p, 0xa0, 0x0b);
    CHECK_EQ(in(&p, 0xa0), 0x08);
}

TEST(poll_mode)
{
    struct pic8259 p;
    pic8259_init(&p);
    out(&p, 0x21, 0xef);
    out(&p, 0x20, 0x0c); /* OCW3: poll */
    CHECK_EQ(in(&p, 0x20), 0x00);
    pic8259_set_irq(&p, 4, 1);
    out(&p, 0x20, 0x0c);
    CHECK_EQ(in(&p, 0x20), 0x84);
    CHECK_EQ(pic8259_output(&p), 0); /* acknowledged by the read */
}

int main(void)
{
    RUN(reset_state_is_what_a_bios_leaves);
    RUN(init_sequence_sets_the_vector_base);
    RUN(priority_isr_and_eoi);
    RUN(edge_triggered_needs_a_new_edge);
    RUN(what_may_still_reach_a_halted_cpu);
    RUN(a_withdrawn_request_is_not_delivered);
    RUN(level_triggered_stays_requested);
    RUN(auto_eoi_leaves_nothing_in_service);
    RUN(cascade_delivers_slave_vectors);
    RUN(poll_mode);
    return unit_summary();
}
