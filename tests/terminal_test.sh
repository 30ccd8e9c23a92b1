#!/bin/bash
# The user's terminal, through a pseudo-terminal (tests/pty_run.c): raw mode
# while the guest runs and the very same settings afterwards on every way
# out (halt, timeout, Ctrl-A x, a stop signal, a sandbox violation); the
# escapes; and the filter that keeps guest output from driving it.
source tests/lib.sh
require_kvm
sv=$1
pty_run=$2 lab1=$3 echo_bin=$4 spin=$5 sv_hooks=$6

# pty_expect NAME WANT PTY_RUN_ARGS... : compare pty_run's report exactly.
pty_expect() {
    local name=$1 want=$2
    shift 2
    "$pty_run" "$@" >"$tmp/pty_out" 2>"$tmp/pty_err"
    if [ "$(cat "$tmp/pty_out")" = "$want" ]; then
        record "$name" 1
    else
        echo "  expected:"
        echo "$want" | sed 's/^/    /'
        echo "  got:"
        sed 's/^/    /' "$tmp/pty_out"
        record "$name" 0
    fi
}

pty_expect "Lab 1 on a terminal prints 5; settings restored" "output: 5\x0d\x0a
status: 0
termios: restored" -- "$sv" "$lab1"

pty_expect "raw mode while the guest runs; restored after a timeout" "output: 
status: 124
during: raw
termios: restored" --sample-after 500 -- "$sv" --timeout 1.5 "$spin"
check "... and the timeout said so on stderr" test "$(cat "$tmp/pty_err")" = \
    "scratchvm: timeout: the guest was stopped after 1.500 s"

pty_expect "typed input reaches the echo guest" "output: HELLO
status: 0
termios: restored" --input 'hello\x04' -- "$sv" --timeout 20 "$echo_bin"

pty_expect "Ctrl-A x quits with exit 10; settings restored" "output: 
status: 10
termios: restored" --input '\x01x' --input-after 500 -- "$sv" --timeout 20 "$spin"
check "... and says so" test "$(cat "$tmp/pty_err")" = "scratchvm: quit (Ctrl-A x)"

# Ctrl-A Ctrl-A sends one Ctrl-A; the guest echoes it and the filter shows
# it as text. An ESC sequence from the guest is shown, not obeyed.
pty_expect "Ctrl-A Ctrl-A sends one; control bytes are shown as \\xHH" \
    'output: A\x5cx01B\x5cx1b[31MRED
status: 0
termios: restored' --input 'a\x01\x01b\x1b[31mred\x04' -- "$sv" --timeout 20 "$echo_bin"

pty_expect "--raw-output passes the guest's bytes to the terminal" \
    'output: A\x1b[31MRED
status: 0
termios: restored' --input 'a\x1b[31mred\x04' -- "$sv" --raw-output --timeout 20 "$echo_bin"

pty_expect "SIGTERM: exit 12, settings restored" "output: 
status: 12
termios: restored" --signal 15 --signal-after 700 -- "$sv" --timeout 20 "$spin"

# Ctrl-A h lists the escape keys (on stderr) and the run goes on.
pty_expect "Ctrl-A h lists the escape keys" "output: 
status: 124
termios: restored" --input '\x01h' --input-after 300 -- "$sv" --timeout 1 "$spin"
check "... one line with every escape, then the timeout" test "$(cat "$tmp/pty_err")" = \
    "scratchvm: escape keys: Ctrl-A x quit (exit 10) | Ctrl-A Ctrl-A send Ctrl-A | Ctrl-A h this help
scratchvm: timeout: the guest was stopped after 1.000 s"

# Moved to the background mid-run (as by a shell's bg): restoring the
# terminal at the end must not stop the supervisor (SIGTTOU is blocked).
start=${EPOCHREALTIME/./}
pty_expect "a background job restores the terminal and exits (not stopped by SIGTTOU)" "output: 
status: 124
termios: restored" --background-after 300 -- "$sv" --timeout 1 "$spin"
ms=$(((${EPOCHREALTIME/./} - start) / 1000))
check "... within its limit + 1 s (took $ms ms)" test "$ms" -le 2000

# A fault of the supervisor itself: terminal restored, worker killed, one
# line, and the signal re-raised (the shell sees the supervisor killed by it).
for fault in segv:SIGSEGV:11 abort:SIGABRT:6; do
    IFS=: read -r hook name num <<<"$fault"
    SCRATCHVM_TEST_SUPERVISOR_VIOLATION=$hook pty_expect \
        "the supervisor's own $name: killed by it, settings restored" "output: 
status: signal $num
termios: restored" -- "$sv_hooks" --timeout 20 "$spin"
    check "... and it says so" test "$(cat "$tmp/pty_err")" = "scratchvm: supervisor crashed: $name"
done
# (SIGKILLed, the worker takes a moment to exit: its VM is torn down.)
for _ in $(seq 100); do [ "$(count_procs "--timeout 20 $spin")" = 0 ] && break; sleep 0.02; done
check "... and no worker is left (killed by crash_guard, or at worst by its PDEATHSIG)" test "$(count_procs "--timeout 20 $spin")" = 0

SCRATCHVM_TEST_SUPERVISOR_VIOLATION=openat pty_expect \
    "a supervisor sandbox violation: exit 6, settings restored" "output: 
status: 6
termios: restored" -- "$sv_hooks" --timeout 20 "$spin"
check "... and the violation is named" test "$(cat "$tmp/pty_err")" = \
    "scratchvm: supervisor sandbox violation: syscall openat (257)"
finish
