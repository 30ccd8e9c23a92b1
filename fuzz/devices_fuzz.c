/* devices_fuzz.c - libFuzzer harness for the whole machine the guest sees
 * (supervisor/devices.c: the port bus, the 8259A pair, COM1 on IRQ 4, the
 * debug-exit port), driven as the worker's messages and the host drive it.
 * One op per byte, operands after it:
 *   0x00-0x9f  a guest IN or OUT: size 1, 2 or 4 (op & 3, 3 read as 1),
 *              OUT if op & 4, count ((op >> 3) & 3) + 1; the next byte
 *              picks the port (one of 16 near the devices, or >= 0xf0: the
 *              two bytes after it are any port); an OUT's data follows
 *   0xa0-0xbf  (op & 0x1f) + 1 bytes of host input arrive, then
 *              devices_feed_input, as the device loop does
 *   0xc0-0xcf  the input ends (EOF), then devices_feed_input
 *   0xd0-0xdf  devices_feed_input alone
 *   0xe0-0xff  the CPU acknowledges (only while INTR is up if op & 1)
 * After every op: accesses wider than a byte reach consecutive ports, and
 * each unclaimed byte reads 0xff and is counted, no claimed byte is; the
 * console never gets more bytes than the guest wrote to COM1's data port;
 * COM1's pin is the PIC's input 4; COM1's receiver holds at most 16 bytes
 * and input the receiver had no room for waits (never dropped, never
 * overrun); the input is hung up only once it has ended and drained; INTR
 * up means devices_may_interrupt; a write to 0xf4 asks for the exit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "supervisor/devices.h"

#define ASSERT(c)                                                                                  \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            fprintf(stderr, "devices_fuzz: %s failed\n", #c);                                      \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

static const uint16_t ports[16] = {0x20,  0x21,  0xa0,  0xa1,  0x3f8, 0x3f9, 0x3fa, 0x3fb,
                                   0x3fc, 0x3fd, 0x3fe, 0x3ff, 0xf4,  0xf7,  0x3f7, 0x1f};

static void add_input(struct console_in *in, uint8_t b)
{
    if (in->len == sizeof in->buf)
        return; /* what console_in_read would not have read */
    if (in->len == 0)
        in->head = 0;
    in->buf[(in->head + in->len) % sizeof in->buf] = b;
    in->len++;
}

static void feed(struct devices *d, struct console_in *in)
{
    size_t pending = console_in_pending(in);
    unsigned moved = devices_feed_input(d, in);
    ASSERT(moved <= pending && console_in_pending(in) == pending - moved);
    if (console_in_pending(in) > 0)
        ASSERT(uart16550_rx_room(&d->com1) == 0);
    else
        ASSERT(d->com1.rx_idle);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    static struct console_out out;
    static struct devices d;
    static struct console_in in;
    console_out_init(&out, -1);
    ASSERT(devices_init(&d, &out) == 0);
    console_in_init(&in, -1, false);
    uint64_t thr_bytes = 0; /* bytes the guest wrote to 0x3f8 */
    uint8_t io[4 * 4];

    for (size_t i = 0; i < len;) {
        uint8_t op = data[i++];
        uint64_t overruns = d.com1.overruns;
        if (op < 0xa0) {
            static const uint8_t sizes[4] = {1, 2, 4, 1};
            uint8_t size = sizes[op & 3];
            bool is_out = op & 4;
            uint32_t count = ((op >> 3) & 3) + 1u;
            uint8_t sel = i < len ? data[i++] : 0;
            uint16_t port = ports[sel & 15];
            if (sel >= 0xf0) {
                port = (uint16_t)((i < len ? data[i] : 0) | (i + 1 < len ? data[i + 1] : 0) << 8);
                i += 2;
            }
            uint64_t unclaimed = 0, to_thr = 0, to_exit = 0;
            for (uint32_t k = 0; k < size; k++) {
                uint16_t p = (uint16_t)(port + k);
                if (!port_bus_claims(&d.bus, p, 1))
                    unclaimed++;
                to_thr += p == UART_COM1_BASE;
                to_exit += p == DEBUG_EXIT_PORT;
            }
            uint64_t ur = d.bus.unhandled_reads, uw = d.bus.unhandled_writes;
            size_t n = (size_t)size * count;
            if (is_out) {
                for (size_t k = 0; k < n; k++)
                    io[k] = i < len ? data[i++] : 0;
                port_bus_out(&d.bus, port, size, count, io);
                ASSERT(d.bus.unhandled_writes == uw + unclaimed * count);
                ASSERT(d.bus.unhandled_reads == ur);
                thr_bytes += to_thr * count;
                if (to_exit)
                    ASSERT(d.debug_exit.requested);
            } else {
                memset(io, 0x5a, sizeof io);
                port_bus_in(&d.bus, port, size, count, io);
                ASSERT(d.bus.unhandled_reads == ur + unclaimed * count);
                ASSERT(d.bus.unhandled_writes == uw);
                for (uint32_t c = 0; c < count; c++)
                    for (uint32_t k = 0; k < size; k++)
                        if (!port_bus_claims(&d.bus, (uint16_t)(port + k), 1))
                            ASSERT(io[c * size + k] == 0xff);
            }
        } else if (op < 0xc0) {
            unsigned nb = (op & 0x1f) + 1u;
            for (unsigned k = 0; k < nb && i < len; k++) {
                uint8_t b = data[i++];
                if (!in.eof)
                    add_input(&in, b);
            }
            feed(&d, &in);
        } else if (op < 0xd0) {
            in.eof = true;
            feed(&d, &in);
        } else if (op < 0xe0) {
            feed(&d, &in);
        } else if (!(op & 1) || pic8259_output(&d.pic)) {
            (void)pic8259_ack(&d.pic);
        }
        ASSERT(out.total <= thr_bytes);
        ASSERT(((d.pic.chip[0].level >> UART_COM1_IRQ) & 1) == d.com1.irq_level);
        ASSERT(d.com1.rx_count <= UART_FIFO_SIZE);
        if (op >= 0xa0 || !(op & 4))
            ASSERT(d.com1.overruns == overruns); /* only a loopback OUT overruns */
        if (d.hung_up)
            ASSERT(in.eof && console_in_pending(&in) == 0 && !d.com1.carrier);
        if (pic8259_output(&d.pic))
            ASSERT(devices_may_interrupt(&d, true) && devices_may_interrupt(&d, false));
        if (out_stream_pending(&out.stream) > OUT_STREAM_CAP / 2)
            out_stream_discard(&out.stream);
    }
    return 0;
}
