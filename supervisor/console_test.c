/* Unit tests of the console: the output filter that keeps a guest from
 * driving the terminal, and input escapes and back-pressure. */
#include <fcntl.h>
#include <unistd.h>

#include "supervisor/console_in.h"
#include "supervisor/console_out.h"
#include "tests/unit.h"

static void put_all(struct console_out *c, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        console_out_put(c, (uint8_t)s[i]);
}

TEST(filter_escapes_control_bytes)
{
    struct console_out c;
    console_out_init(&c, -1);
    console_out_set_filter(&c, true);
    const char in[] = "ok\r\n\t\b\x1b[2J\x07\x9b\xff\x7f~";
    put_all(&c, in, sizeof in - 1);
    const char want[] = "ok\r\n\t\b\\x1b[2J\\x07\\x9b\\xff\\x7f~";
    CHECK_EQ(c.stream.len, sizeof want - 1);
    CHECK(memcmp(c.stream.buf, want, sizeof want - 1) == 0);
}

TEST(unfiltered_passes_every_byte)
{
    struct console_out c;
    console_out_init(&c, -1);
    const char in[] = "\x1b[2J\x00\xff";
    put_all(&c, in, sizeof in - 1);
    CHECK_EQ(c.stream.len, sizeof in - 1);
    CHECK(memcmp(c.stream.buf, in, sizeof in - 1) == 0);
}

/* A console_in reading `bytes` through a pipe. */
static void feed(struct console_in *c, bool escapes, const char *bytes, size_t n)
{
    int p[2];
    CHECK(pipe(p) == 0);
    CHECK(write(p[1], bytes, n) == (ssize_t)n);
    close(p[1]);
    console_in_init(c, p[0], escapes);
    while (console_in_wants_input(c))
        CHECK(console_in_read(c) == 0);
    close(p[0]);
}

static size_t take_all(struct console_in *c, char *out)
{
    size_t n = 0;
    while (console_in_pending(c) > 0)
        out[n++] = (char)console_in_take(c);
    return n;
}

TEST(escapes_on_a_terminal)
{
    struct console_in c;
    char got[16];
    feed(&c, true,
         "a\x01\x01"
         "b\x01"
         "cd\x01x"
         "ignored",
         9 + 7);
    CHECK(c.quit);
    size_t n = take_all(&c, got);
    CHECK_EQ(n, 6);
    CHECK(memcmp(got,
                 "a\x01"
                 "b\x01"
                 "cd",
                 6) == 0);
    CHECK(!console_in_open(&c));
}

TEST(pipes_pass_every_byte)
{
    struct console_in c;
    char got[16];
    feed(&c, false, "a\x01x\x01\x01", 5);
    CHECK(!c.quit);
    CHECK(!c.eof); /* reading paused while the bytes wait */
    CHECK_EQ(take_all(&c, got), 5);
    CHECK(memcmp(got, "a\x01x\x01\x01", 5) == 0);
}

TEST(pipe_reading_pauses_while_bytes_wait)
{
    struct console_in c;
    int p[2];
    CHECK(pipe(p) == 0);
    CHECK(write(p[1], "xy", 2) == 2);
    console_in_init(&c, p[0], false);
    CHECK(console_in_wants_input(&c));
    CHECK(console_in_read(&c) == 0);
    CHECK(!console_in_wants_input(&c)); /* two bytes wait for the guest */
    CHECK(console_in_open(&c));
    (void)console_in_take(&c);
    (void)console_in_take(&c);
    CHECK(console_in_wants_input(&c));
    close(p[1]);
    CHECK(console_in_read(&c) == 0);
    CHECK(c.eof);
    CHECK(!console_in_open(&c));
    close(p[0]);
}

TEST(terminal_overflow_is_counted)
{
    struct console_in c;
    static char lots[5000];
    memset(lots, 'k', sizeof lots);
    feed(&c, true, lots, sizeof lots);
    CHECK_EQ(console_in_pending(&c), sizeof c.buf);
    CHECK_EQ(c.discarded, sizeof lots - sizeof c.buf);
}

int main(void)
{
    RUN(filter_escapes_control_bytes);
    RUN(unfiltered_passes_every_byte);
    RUN(escapes_on_a_terminal);
    RUN(pipes_pass_every_byte);
    RUN(pipe_reading_pauses_while_bytes_wait);
    RUN(terminal_overflow_is_counted);
    return unit_summary();
}
