/* Unit tests of the 16550A model, register by register, without KVM. */
#include "supervisor/uart16550.h"
#include "tests/unit.h"

struct rig {
    struct console_out out;
    struct uart16550 u;
    int irq_level, irq_changes;
};

static void on_irq(void *ctx, unsigned irq, int level)
{
    struct rig *r = ctx;
    CHECK_EQ(irq, UART_COM1_IRQ);
    r->irq_level = level;
    r->irq_changes++;
}

static uint8_t rd(struct rig *r, uint16_t reg)
{
    return uart16550_ops.read(&r->u, reg);
}

/* A port just out of reset, its driver not yet started. */
static void setup_untouched(struct rig *r)
{
    *r = (struct rig){0};
    console_out_init(&r->out, -1);
    uart16550_init(&r->u, &r->out,
                   (struct irq_line){.set = on_irq, .ctx = r, .irq = UART_COM1_IRQ});
}

/* ... and once its driver has looked at LSR, as every driver does. */
static void setup(struct rig *r)
{
    setup_untouched(r);
    (void)rd(r, UART_LSR);
}

static void wr(struct rig *r, uint16_t reg, uint8_t v)
{
    uart16550_ops.write(&r->u, reg, v);
}

TEST(reset_state)
{
    struct rig r;
    setup(&r);
    CHECK_EQ(rd(&r, UART_IER), 0);
    CHECK_EQ(rd(&r, UART_IIR_FCR), 0x01);
    CHECK_EQ(rd(&r, UART_LCR), 0);
    CHECK_EQ(rd(&r, UART_MCR), 0);
    CHECK_EQ(rd(&r, UART_LSR), 0x60);
    CHECK_EQ(rd(&r, UART_MSR), 0xb0); /* CTS, DSR, DCD: a terminal is there */
    CHECK_EQ(rd(&r, UART_SCR), 0);
    CHECK_EQ(r.irq_changes, 0);
}

TEST(thr_goes_to_the_console)
{
    struct rig r;
    setup(&r);
    wr(&r, UART_RBR_THR, 'h');
    wr(&r, UART_RBR_THR, 'i');
    CHECK_EQ(r.out.stream.len, 2);
    CHECK(memcmp(r.out.stream.buf, "hi", 2) == 0);
    CHECK_EQ(rd(&r, UART_LSR) & 0x60, 0x60); /* sent at once */
}

TEST(host_input_waits_until_the_driver_listens)
{
    struct rig r;
    setup_untouched(&r);
    CHECK_EQ(uart16550_rx_room(&r.u), 0);
    wr(&r, UART_IIR_FCR, 0x07); /* FIFOs on and cleared: nothing was lost */
    CHECK_EQ(uart16550_rx_room(&r.u), 0);
    wr(&r, UART_IER, UART_IER_RDI); /* an interrupt-driven driver */
    CHECK_EQ(uart16550_rx_room(&r.u), 16);

    setup_untouched(&r);
    (void)rd(&r, UART_RBR_THR); /* a polling one */
    CHECK_EQ(uart16550_rx_room(&r.u), 1);
    setup_untouched(&r);
    wr(&r, UART_LCR, UART_LCR_DLAB);
    (void)rd(&r, UART_RBR_THR); /* DLL, not RBR */
    CHECK_EQ(uart16550_rx_room(&r.u), 0);
}

TEST(divisor_latch_behind_dlab)
{
    struct rig r;
    setup(&r);
    wr(&r, UART_IER, 0x05);
    wr(&r, UART_LCR, 0x83);
    CHECK_EQ(rd(&r, UART_RBR_THR), 12); /* reset divisor: 9600 baud */
    wr(&r, UART_RBR_THR, 0x01);
    wr(&r, UART_IER, 0x02);
    CHECK_EQ(rd(&r, UART_RBR_THR), 0x01);
    CHECK_EQ(rd(&r, UART_IER), 0x02);
    CHECK_EQ(r.out.stream.len, 0); /* a DLL write is not output */
    wr(&r, UART_LCR, 0x03);
    CHECK_EQ(rd(&r, UART_IER), 0x05);
    CHECK_EQ(rd(&r, UART_LCR), 0x03);
}

TEST(ier_keeps_four_bits)
{
    struct rig r;
    setup(&r);
    wr(&r, UART_IER, 0xff);
    CHECK_EQ(rd(&r, UART_IER), 0x0f);
}

TEST(receive_without_fifo_holds_one_byte)
{
    struct rig r;
    setup(&r);
    CHECK_EQ(uart16550_rx_room(&r.u), 1);
    uart16550_rx_push(&r.u, 'a');
    CHECK_EQ(uart16550_rx_room(&r.u), 0);
    uart16550_rx_push(&r.u, 'b'); /* refused: the host must wait */
    wr(&r, UART_IIR_FCR, 0xc2);   /* FIFOs stay off: clear and trigger bits ignored */
    CHECK_EQ(rd(&r, UART_IIR_FCR), 0x01);
    CHECK_EQ(rd(&r, UART_LSR), 0x61);
    CHECK_EQ(rd(&r, UART_RBR_THR), 'a');
    CHECK_EQ(rd(&r, UART_LSR), 0x60);
    CHECK_EQ(r.u.overruns, 0);
}

TEST(fifo_enable_trigger_and_clear)
{
    struct rig r;
    setup(&r);
    wr(&r, UART_IIR_FCR, 0x01);
    CHECK_EQ(rd(&r, UART_IIR_FCR), 0xc1);
    CHECK_EQ(uart16550_rx_room(&r.u), 16);
    for (int i = 0; i < 16; i++)
        uart16550_rx_push(&r.u, (uint8_t)('a' + i));
    CHECK_EQ(uart16550_rx_room(&r.u), 0);
    CHECK_EQ(rd(&r, UART_RBR_THR), 'a');
    CHECK_EQ(rd(&r, UART_RBR_THR), 'b');
    wr(&r, UART_IIR_FCR, 0x03); /* clear RX */
    CHECK_EQ(rd(&r, UART_LSR) & UART_LSR_DR, 0);
    uart16550_rx_push(&r.u, 'z');
    wr(&r, UART_IIR_FCR, 0x00); /* FIFOs off: emptied */
    CHECK_EQ(rd(&r, UART_IIR_FCR), 0x01);
    CHECK_EQ(rd(&r, UART_LSR) & UART_LSR_DR, 0);
}

TEST(rx_interrupt_at_trigger_level_and_timeout)
{
    struct rig r;
    setup(&r);
    wr(&r, UART_IIR_FCR, 0x81); /* FIFO, trigger 8 */
    wr(&r, UART_MCR, UART_MCR_OUT2);
    wr(&r, UART_IER, UART_IER_RDI);
    for (int i = 0; i < 7; i++)
        uart16550_rx_push(&r.u, 'x');
    CHECK_EQ(rd(&r, UART_IIR_FCR), 0xc1); /* below trigger, more may come */
    CHECK_EQ(r.irq_level, 0);
    uart16550_rx_idle(&r.u);
    CHECK_EQ(rd(&r, UART_IIR_FCR), 0xcc); /* character timeout */
    CHECK_EQ(r.irq_level, 1);
    uart16550_rx_push(&r.u, 'x');
    CHECK_EQ(rd(&r, UART_IIR_FCR), 0xc4); /* 8 bytes: trigger level */
    for (int i = 0; i < 8; i++)
        (void)rd(&r, UART_RBR_THR);
    CHECK_EQ(rd(&r, UART_IIR_FCR), 0xc1);
    CHECK_EQ(r.irq_level, 0);
}

TEST(irq_pin_needs_out2_and_no_loopback)
{
    struct rig r;
    setup(&r);
    wr(&r, UART_IER, UART_IER_RDI);
    uart16550_rx_push(&r.u, 'a');
    CHECK_EQ(rd(&r, UART_IIR_FCR), 0x04);
    CHECK_EQ(r.irq_level, 0); /* OUT2 clear: the PC's IRQ gate is shut */
    wr(&r, UART_MCR, UART_MCR_OUT2);
    CHECK_EQ(r.irq_level, 1);
    wr(&r, UART_MCR, UART_MCR_OUT2 | UART_MCR_LOOP);
    CHECK_EQ(r.irq_level, 0);
    wr(&r, UART_MCR, UART_MCR_OUT2);
    CHECK_EQ(r.irq_level, 1);
    (void)rd(&r, UART_RBR_THR);
    CHECK_EQ(r.irq_level, 0);
}

TEST(thri_raised_on_enable_cleared_by_iir_read_and_thr_write)
{
    struct rig r;
    setup(&r);
    wr(&r, UART_MCR, UART_MCR_OUT2);
    wr(&r, UART_IER, UART_IER_THRI);
    CHECK_EQ(r.irq_level, 1);
    CHECK_EQ(rd(&r, UART_IIR_FCR), 0x02);
    CHECK_EQ(r.irq_level, 0);
    CHECK_EQ(rd(&r, UART_IIR_FCR), 0x01);
    wr(&r, UART_RBR_THR, 'x'); /* sent at once: empty again */
    CHECK_EQ(r.irq_level, 1);
    wr(&r, UART_IER, 0);
    CHECK_EQ(r.irq_level, 0);
}

/* A THR write while the THR-empty interrupt is pending (IIR not read, as a
 * transmit handler may do) is a fall and a rise: a new edge for the PIC. */
TEST(thr_write_with_thri_pending_is_a_new_edge)
{
    struct rig r;
    setup(&r);
    wr(&r, UART_MCR, UART_MCR_OUT2);
    wr(&r, UART_IER, UART_IER_THRI);
    CHECK_EQ(r.irq_level, 1);
    int before = r.irq_changes;
    wr(&r, UART_RBR_THR, 'x');
    CHECK_EQ(r.irq_changes - before, 2); /* down, then up */
    CHECK_EQ(r.irq_level, 1);
    /* With another cause holding the line (received data), no edge. */
    wr(&r, UART_IER, UART_IER_THRI | UART_IER_RDI);
    uart16550_rx_push(&r.u, 'a');
    before = r.irq_changes;
    wr(&r, UART_RBR_THR, 'y');
    CHECK_EQ(r.irq_changes - before, 0);
}

TEST(interrupt_priority)
{
    struct rig r;
    setup(&r);
    wr(&r, UART_IER, 0x0f);
    wr(&r, UART_MCR, UART_MCR_LOOP);
    for (int i = 0; i < 2; i++) /* overrun the one-byte holding register */
        wr(&r, UART_RBR_THR, 'o');
    (void)rd(&r, UART_MSR);
    wr(&r, UART_MCR, UART_MCR_LOOP | UART_MCR_DTR); /* a modem-status change */
    CHECK_EQ(rd(&r, UART_IIR_FCR), 0x06);           /* line status first */
    CHECK_EQ(rd(&r, UART_LSR), 0x63);               /* DR, OE; reading clears OE */
    CHECK_EQ(rd(&r, UART_IIR_FCR), 0x04);           /* then received data */
    (void)rd(&r, UART_RBR_THR);
    CHECK_EQ(rd(&r, UART_IIR_FCR), 0x02); /* then THR empty (cleared by this read) */
    CHECK_EQ(rd(&r, UART_IIR_FCR), 0x00); /* then modem status */
    CHECK_EQ(rd(&r, UART_MSR), 0x22);     /* DSR, DDSR; reading clears the delta */
    CHECK_EQ(rd(&r, UART_IIR_FCR), 0x01);
    CHECK_EQ(r.u.overruns, 1);
}

TEST(loopback_msr_and_data)
{
    struct rig r;
    setup(&r);
    wr(&r, UART_MCR, UART_MCR_LOOP | UART_MCR_OUT2 | UART_MCR_RTS);
    CHECK_EQ(rd(&r, UART_MSR) & 0xf0, 0x90);
    wr(&r, UART_MCR, UART_MCR_LOOP | UART_MCR_OUT1);
    CHECK_EQ(rd(&r, UART_MSR) & 0xf0, 0x40);
    wr(&r, UART_MCR, UART_MCR_LOOP);
    CHECK_EQ(rd(&r, UART_MSR) & UART_MSR_TERI, UART_MSR_TERI); /* RI's trailing edge */
    CHECK_EQ(uart16550_rx_room(&r.u), 0);                      /* the host is disconnected */
    wr(&r, UART_RBR_THR, 'L');
    CHECK_EQ(r.out.stream.len, 0);
    CHECK_EQ(rd(&r, UART_LSR) & UART_LSR_DR, UART_LSR_DR);
    CHECK_EQ(rd(&r, UART_RBR_THR), 'L');
    wr(&r, UART_MCR, 0);
    CHECK_EQ(rd(&r, UART_MSR) & 0xf0, 0xb0);
}

TEST(hangup_drops_dcd_with_a_modem_status_interrupt)
{
    struct rig r;
    setup(&r);
    wr(&r, UART_MCR, UART_MCR_OUT2);
    wr(&r, UART_IER, UART_IER_MSI);
    CHECK(uart16550_may_interrupt(&r.u, true));
    CHECK(!uart16550_may_interrupt(&r.u, false));
    uart16550_hangup(&r.u);
    CHECK_EQ(r.irq_level, 1);
    CHECK_EQ(rd(&r, UART_IIR_FCR), 0x00);
    CHECK_EQ(rd(&r, UART_MSR), 0x38); /* CTS, DSR, DDCD: carrier gone */
    CHECK_EQ(r.irq_level, 0);
    CHECK(!uart16550_may_interrupt(&r.u, false));
}

TEST(may_interrupt)
{
    struct rig r;
    setup(&r);
    wr(&r, UART_IER, UART_IER_RDI);
    CHECK(!uart16550_may_interrupt(&r.u, true)); /* OUT2 clear */
    wr(&r, UART_MCR, UART_MCR_OUT2);
    CHECK(uart16550_may_interrupt(&r.u, true));
    CHECK(!uart16550_may_interrupt(&r.u, false));
    uart16550_rx_push(&r.u, 'a');
    CHECK(uart16550_may_interrupt(&r.u, false)); /* already pending */
}

TEST(scratch_and_lcr)
{
    struct rig r;
    setup(&r);
    wr(&r, UART_SCR, 0xa5);
    CHECK_EQ(rd(&r, UART_SCR), 0xa5);
    wr(&r, UART_LCR, 0x1b);
    CHECK_EQ(rd(&r, UART_LCR), 0x1b);
    wr(&r, UART_LSR, 0x00); /* read-only */
    CHECK_EQ(rd(&r, UART_LSR), 0x60);
}

int main(void)
{
    RUN(reset_state);
    RUN(thr_goes_to_the_console);
    RUN(host_input_waits_until_the_driver_listens);
    RUN(divisor_latch_behind_dlab);
    RUN(ier_keeps_four_bits);
    RUN(receive_without_fifo_holds_one_byte);
    RUN(fifo_enable_trigger_and_clear);
    RUN(rx_interrupt_at_trigger_level_and_timeout);
    RUN(irq_pin_needs_out2_and_no_loopback);
    RUN(thri_raised_on_enable_cleared_by_iir_read_and_thr_write);
    RUN(thr_write_with_thri_pending_is_a_new_edge);
    RUN(interrupt_priority);
    RUN(loopback_msr_and_data);
    RUN(hangup_drops_dcd_with_a_modem_status_interrupt);
    RUN(may_interrupt);
    RUN(scratch_and_lcr);
    return unit_summary();
}
