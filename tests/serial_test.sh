#!/bin/bash
# COM1 as a 16550A with input and interrupts, end to end: the interrupt-
# driven echo guest with piped input, back-pressure on a large input, the
# end of input, interrupts while the guest computes, the 8250 driver's
# probe, and the stop signals.
source tests/lib.sh
require_kvm
sv=$1
echo_bin=$2 probe=$3 irq_spin=$4 spin=$5 irq_toggle=$6 hlt_stale_line=$7

printf 'hello\x04' >"$tmp/in"
EXPECT_STDIN=$tmp/in expect "echo: hello^D -> HELLO, exit 0" 0 "HELLO" "" "$sv" "$echo_bin"

# 20000 bytes through a 16-byte FIFO: reading stdin pauses, nothing is lost.
head -c 200000 /dev/urandom | tr -dc 'a-z' | head -c 12000 >"$tmp/big"
check "echo: the input really is 12000 bytes" test "$(wc -c <"$tmp/big")" = 12000
tr 'a-z' 'A-Z' <"$tmp/big" >"$tmp/big_want"
printf '\x04' >>"$tmp/big"
"$sv" --timeout 60 "$echo_bin" <"$tmp/big" >"$tmp/big_out" 2>"$tmp/big_err"
check "echo: 12000 bytes come back upper-cased, none lost (exit $?)" \
    cmp -s "$tmp/big_out" "$tmp/big_want"
check "echo: ... and nothing on stderr" test ! -s "$tmp/big_err"

printf 'abc' >"$tmp/in"
EXPECT_STDIN=$tmp/in expect "echo: end of input without ^D: the guest can never wake, exit 0" \
    0 "ABC" "" "$sv" "$echo_bin"
expect "echo: no input at all: exit 0" 0 "" "" "$sv" "$echo_bin"

# Piped input is data: Ctrl-A is not an escape, and output to a pipe is
# not filtered.
printf 'a\x01xb\x1b[1m\x04' >"$tmp/in"
EXPECT_STDIN=$tmp/in expect "echo: piped Ctrl-A and ESC pass through unchanged" 0 \
    "$(printf 'A\x01XB\x1b[1M')" "" "$sv" "$echo_bin"

printf 'interrupted\x04' >"$tmp/in"
EXPECT_STDIN=$tmp/in expect "interrupts reach a guest that never exits (the kick)" 67 \
    "INTERRUPTED" "" "$sv" --timeout 30 "$irq_spin"

expect "probe8250: every step of the 8250 driver's probe passes" 1 "\
PASS scratch register keeps 0xa5
PASS scratch register keeps 0x5a
PASS IER reads back 0
PASS IER reads back 0x0f
PASS IER bits 7:4 read 0
PASS loopback: MCR RTS|OUT2 reads MSR CTS|DCD (0x90)
PASS loopback: MCR DTR|OUT1 reads MSR DSR|RI (0x60)
PASS loopback: a sent byte makes data ready
PASS loopback: RBR returns the byte sent
PASS loopback: reading it empties the receiver
PASS FCR enable: IIR bits 7:6 are 11 (16550A)
PASS no EFR at LCR 0xbf: reads IIR, not 0
PASS no 64-byte FIFO: IIR bit 5 is 0
PASS FCR disable: IIR bits 7:6 are 00
PASS 17 bytes into the FIFO: data ready and overrun
PASS reading LSR clears the overrun
PASS the FIFO kept exactly 16 bytes
PASS divisor latch reads back
PASS DLAB off: offset 1 is IER again
PASS THRE test: enabling IER.THRI raises it (IIR 0x02)
PASS THRE test: reading IIR clears it
PASS idle LSR reads 0x60
PASS COM2 is absent: its scratch register reads 0xff
" "" "$sv" "$probe"

"$sv" --verbose "$probe" >/dev/null 2>"$tmp/verbose_err"
check "COM2's accesses are counted as unclaimed ports" grep -qx \
    "scratchvm: unclaimed ports: 1 reads (answered 0xff), 1 writes (ignored)" "$tmp/verbose_err"

# The stop signals end the run on the normal path: exit 12, one line.
# Regressions found in review: line changes must not flood the worker; a
# HLT whose wake-up turns out stale must sleep again, not resume.
expect "the INTR line toggled 6000 times: no flood, debug exit 0" 1 "" "" \
    "$sv" --timeout 60 "$irq_toggle"
for i in 1 2 3; do
    expect "sti; hlt after the line fell: halted, exit 0 (run $i)" 0 "" "" \
        "$sv" --timeout 20 "$hlt_stale_line"
done

# Every asynchronous signal whose default action would end the process
# stops the run on the normal path: worker killed, one exact line, exit 12.
# (number name: the real-time ones as bash's kill -l names them.)
for pair in 1:SIGHUP 2:SIGINT 3:SIGQUIT 10:SIGUSR1 12:SIGUSR2 14:SIGALRM 15:SIGTERM \
    16:SIGSTKFLT 24:SIGXCPU 25:SIGXFSZ 26:SIGVTALRM 27:SIGPROF 29:SIGPOLL 30:SIGPWR \
    32:SIG32 34:SIGRTMIN 35:SIGRTMIN+1 49:SIGRTMIN+15 50:SIGRTMAX-14 63:SIGRTMAX-1 64:SIGRTMAX; do
    num=${pair%%:*} name=${pair#*:}
    err=$tmp/sig_err_$num # a file of its own: an old one's line must not count
    "$sv" --verbose --timeout 30 "$spin" >/dev/null 2>"$err" &
    pid=$!
    # Running once the worker said so (bounded: 10 s, then the signal anyway).
    for _ in $(seq 200); do
        grep -q "is running the guest" "$err" 2>/dev/null && break
        sleep 0.05
    done
    kill -"$num" $pid
    wait $pid
    status=$?
    check "$name: exit 12 (got $status)" test "$status" = 12
    check "$name: the last line is 'scratchvm: stopped by $name', the only such line" \
        test "$(tail -n 1 "$err") $(grep -c "stopped by" "$err")" = "scratchvm: stopped by $name 1"
    check "$name: no process left" test "$(count_procs "--verbose --timeout 30 $spin")" = 0
done

# A supervisor stopped and continued (SIGSTOP, a shell's job control) goes
# on: its poll is resumed (restart_syscall), and the run ends at its limit.
"$sv" --timeout 1.5 "$spin" >/dev/null 2>"$tmp/stop_err" &
pid=$!
sleep 0.5
kill -STOP $pid
sleep 0.3
kill -CONT $pid
wait $pid
st=$?
check "SIGSTOP then SIGCONT: the run goes on to its timeout (exit 124, got $st)" test "$st" = 124
check "... and says so, nothing else" test "$(cat "$tmp/stop_err")" = \
    "scratchvm: timeout: the guest was stopped after 1.500 s"

# ulimit -t: the CPU time is the worker's; at the limit the run ends as if
# the supervisor had been sent SIGXCPU (exit 12), soft limit alone or not.
for how in -t -St; do
    (ulimit $how 1 && exec "$sv" --timeout 20 "$spin") >/dev/null 2>"$tmp/cpu_err"
    st=$?
    check "ulimit $how 1: exit 12 (got $st)" test "$st" = 12
    check "ulimit $how 1: one line" test "$(cat "$tmp/cpu_err")" = \
        "scratchvm: stopped by SIGXCPU (the CPU time limit, ulimit -t, reached in the worker)"
done

# nohup's promise: a SIGHUP ignored at start stays ignored (the run goes on
# to its timeout).
nohup "$sv" --timeout 1.5 "$spin" >/dev/null 2>"$tmp/nohup_err" &
pid=$!
sleep 0.5
kill -HUP $pid
wait $pid
st=$?
check "nohup: SIGHUP ignored, the run ends at its timeout (exit 124, got $st)" test "$st" = 124

for _ in $(seq 50); do [ "$(count_procs "--timeout 30 $spin")" = 0 ] && break; sleep 0.05; done
check "no process left behind" test "$(count_procs "--timeout 30 $spin")" = 0
finish
