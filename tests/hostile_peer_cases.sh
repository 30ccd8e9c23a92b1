# hostile_peer_cases.sh - the scripted hostile worker's table, one row per
# case (sourced by hostile_peer_test.sh; the script language is in
# common/test_hooks.h). Each row:
#   row NAME STATUS TIMEOUT WHERE OPTIONS SCRIPT STDOUT STDERR
# STATUS   the supervisor's exact exit status
# TIMEOUT  seconds before the case counts as a hang (the supervisor is
#          then killed and the case named)
# WHERE    pipe: stdout a file, stdin /dev/null; pty: on a pseudo-terminal
#          (tests/pty_run), whose mode must be restored afterwards
# OPTIONS  the supervisor's options before the guest (word-split)
# SCRIPT   what the worker does instead of running the guest
# STDOUT   the guest output exactly: printf %b escapes on a pipe; on a pty
#          as pty_run shows it (\xHH, \x5c for a backslash)
# STDERR   the supervisor's stderr exactly (printf %b escapes), a newline
#          added after it unless it is empty
# Expected lines follow ARCHITECTURE.md "The message table" and README's
# exit statuses: every protocol error and violation is 6 with one line.
# Later message types (a debugger's, a PC profile's) add their rows here.

PE='scratchvm: protocol error from the worker:'
GONE='before the run ended'
T1='scratchvm: timeout: the guest was stopped after 1.000 s'
# The PIC initialised (vectors 0x08.., only IRQ4 unmasked) and COM1's
# interrupt gated on (MCR OUT2) with IER=RDA: input can wake an idle guest.
PIC='out 0x20 "\x11"; out 0x21 "\x08"; out 0x21 "\x04"; out 0x21 "\x01"; out 0x21 "\xef"; out 0x3fc "\x08"; out 0x3f9 "\x01"'
# The register dump of a CPU_STATE of zeros (real mode), without its last line.
ZERO_DUMP="  rip 0000000000000000  rsp 0000000000000000  rflags 0000000000000000  (started in real mode)
  rax 0000000000000000  rbx 0000000000000000  rcx 0000000000000000  rdx 0000000000000000
  rsi 0000000000000000  rdi 0000000000000000  rsp 0000000000000000  rbp 0000000000000000
  r8  0000000000000000  r9  0000000000000000  r10 0000000000000000  r11 0000000000000000
  r12 0000000000000000  r13 0000000000000000  r14 0000000000000000  r15 0000000000000000
  cr0 0000000000000000  cr2 0000000000000000  cr3 0000000000000000  cr4 0000000000000000
  efer 0000000000000000  cs 0000 base 0000000000000000  ss 0000 base 0000000000000000"
TRACE_LINE='scratchvm: exit io out port 0x3f8 size 1 count 1 value 0x41\n'

# rep N TEXT: TEXT N times (expected floods).
rep() {
    local i out=
    for ((i = 0; i < $1; i++)); do out+=$2; done
    printf '%s' "$out"
}

# --- a well-behaved peer, for reference -----------------------------------
row honest_halt 0 5 pipe "" 'ready; out 0x3f8 "hi\n"; halt' 'hi\n' ''
row honest_in_and_inta 0 5 pipe "" \
    'ready; in 0x3fd 1 1; recv IN_DATA; inta; recv INTA_VECTOR; halt' '' ''
row honest_max_in 0 5 pipe "" 'ready; in 0x80 4 1024; recv IN_DATA; halt' '' ''

# --- malformed ------------------------------------------------------------
row bad_version 6 5 pipe "" 'ready; send 02 05 00 00' '' "$PE unsupported protocol version"
row type_zero 6 5 pipe "" 'ready; send 01 00 00 00' '' "$PE unknown message type"
row type_unknown 6 5 pipe "" 'ready; send 01 0f 00 00' '' "$PE unknown message type"
row type_255 6 5 pipe "" 'ready; send 01 ff 00 00' '' "$PE unknown message type"
row length_lies 6 5 pipe "" 'ready; send 01 02 08 00 f8 03 01 00' '' \
    "$PE payload length does not match the datagram"
row io_size_3 6 5 pipe "" 'ready; send 01 02 09 00 f8 03 03 00 01 00 00 00 41' '' \
    "$PE access size must be 1, 2 or 4"
row io_count_0 6 5 pipe "" 'ready; send 01 02 08 00 f8 03 01 00 00 00 00 00' '' \
    "$PE payload length out of bounds for this type"
row io_reserved 6 5 pipe "" 'ready; send 01 02 09 00 f8 03 01 01 01 00 00 00 41' '' \
    "$PE reserved byte is not zero"
row io_data_short 6 5 pipe "" 'ready; send 01 02 09 00 f8 03 01 00 02 00 00 00 41' '' \
    "$PE payload length does not match size * count"
row halt_payload 6 5 pipe "" 'ready; send 01 05 01 00 00' '' \
    "$PE payload length out of bounds for this type"
row fault_kind_9 6 5 pipe "" 'ready; send 01 06 03 00 09 00 41' '' "$PE unknown fault kind"
row fault_bell 6 5 pipe "" 'ready; send 01 06 03 00 01 00 07' '' \
    "$PE fault text is not printable ASCII"
# A FAULT line that would clear the user's screen never reaches it.
row fault_escape 6 5 pty "" 'ready; send 01 06 06 00 01 00 1b 5b 32 4a' '' \
    "$PE fault text is not printable ASCII"
row trace_kind_99 6 5 pipe "--trace" \
    'ready; send 01 0d 18 00 63 01 01 00 01 00 00 00 f8 03 00 00 00 00 00 00 41 00 00 00 00 00 00 00' \
    '' "$PE TRACE kind, write, size or reserved byte out of range"
row batch_size_2 6 5 pipe "" 'ready; send 01 0e 09 00 f8 03 02 00 01 00 00 00 41' '' \
    "$PE OUT_BATCH carries 1-byte writes"
row cpu_state_mode_7 6 5 pipe "" \
    "ready; sendlen 236 01 0c e8 00 $(rep 213 '00 ')07" '' \
    "$PE CPU_STATE code_len, mode or reserved bytes out of range"

# --- truncated --------------------------------------------------------------
row one_byte 6 5 pipe "" 'ready; send 01' '' "$PE message shorter than its header"
row half_header 6 5 pipe "" 'ready; send 01 01' '' "$PE message shorter than its header"
row io_no_count 6 5 pipe "" 'ready; send 01 02 04 00 f8 03 01 00' '' \
    "$PE payload length out of bounds for this type"
row cpu_state_short 6 5 pipe "" 'ready; sendlen 100 01 0c 60 00' '' \
    "$PE payload length out of bounds for this type"
# An empty datagram reads as the end of the channel (SOCK_SEQPACKET).
row empty_datagram 6 5 pipe "--timeout 5" 'ready; sendlen 0; stall' '' \
    "$PE it closed its channel but kept running"

# --- oversized --------------------------------------------------------------
row datagram_over_max 6 5 pipe "" 'ready; sendlen 4109 01 02 09 10 f8 03 01 00 01 10 00 00' '' \
    "$PE message longer than the protocol allows"
row datagram_8000 6 5 pipe "" 'ready; sendlen 8000 01 02 09 10 f8 03 01 00 01 10 00 00' '' \
    "$PE message longer than the protocol allows"
row io_4098_bytes 6 5 pipe "" 'ready; sendlen 4108 01 02 08 10 f8 03 02 00 01 08 00 00' '' \
    "$PE count must be at least 1 and size * count at most 4096"
row in_over_4096 6 5 pipe "" 'ready; send 01 03 08 00 80 00 04 00 01 04 00 00' '' \
    "$PE count must be at least 1 and size * count at most 4096"
row fault_201_chars 6 5 pipe "" "ready; sendlen 207 01 06 cb 00 01 00 $(rep 201 '41 ')" '' \
    "$PE payload length out of bounds for this type"

# --- out of order and unsolicited -------------------------------------------
row out_before_ready 6 5 pipe "" 'out 0x3f8 "x"' '' "$PE message before READY"
row halt_before_ready 6 5 pipe "" 'halt' '' "$PE message before READY"
# A violation before READY is named (the worker's filter is on before it
# says READY), as after it.
row violation_before_ready 6 5 pipe "" 'violation 59' '' "scratchvm: worker sandbox violation: syscall execve (59)"
row trapped_before_ready 6 5 pipe "" 'close' '' "scratchvm: worker sandbox violation: syscall close (3)"
row fault_before_ready 8 5 pipe "" 'fault host "no KVM here"' '' 'scratchvm: no KVM here'
row ready_twice 6 5 pty "" 'ready; ready' '' "$PE READY sent twice"
row in_data_from_worker 6 5 pipe "" 'ready; send 01 04 01 00 41' '' \
    "$PE message type not allowed from this sender"
row irq_line_from_worker 6 5 pipe "" 'ready; send 01 09 02 00 01 00' '' \
    "$PE message type not allowed from this sender"
row inta_vector_from_worker 6 5 pipe "" 'ready; send 01 0b 04 00 01 20 00 00' '' \
    "$PE message type not allowed from this sender"
row cpu_state_twice 6 5 pipe "" 'ready; cpu; cpu' '' "$PE CPU_STATE sent twice"
row trace_without_flag 6 5 pipe "" 'ready; trace' '' "$PE TRACE without --trace"
row violation_claimed 6 5 pipe "" 'ready; violation 59' '' \
    'scratchvm: worker sandbox violation: syscall execve (59)'
row fault_guest_no_state 4 5 pipe "" 'ready; fault guest "guest crashed: triple fault"' '' \
    'scratchvm: guest crashed: triple fault\n  (the worker sent no register state)'
row cpu_state_then_halt 0 5 pipe "" 'ready; cpu; halt' '' ''
# Code bytes that would drive a terminal are shown as hex in the dump.
row cpu_state_escape_code 4 5 pty "" \
    "ready; sendlen 236 01 0c e8 00 $(rep 212 '00 ')04 00 00 00 1b 5b 32 4a; fault guest \"guest crashed: triple fault\"" \
    '' "scratchvm: guest crashed: triple fault\n$ZERO_DUMP\n  code at rip (guest physical 0): 1b 5b 32 4a"
row fault_200_chars 4 5 pipe "" "ready; fault guest \"$(rep 200 A)\"" '' \
    "scratchvm: $(rep 200 A)\n  (the worker sent no register state)"
row out_4096_bytes 0 5 pipe "" "ready; out 0x3f8 \"$(rep 4096 y)\"; halt" "$(rep 4096 y)" ''
row debug_exit_ff 255 5 pipe "" 'ready; out 0xf4 "\xff"' '' ''
row after_halt_ignored 0 5 pipe "" 'ready; halt; out 0x3f8 "after"; violation 59' '' ''
row after_debug_exit_ignored 3 5 pipe "" \
    'ready; out 0x3f8 "before"; out 0xf4 "\x01"; out 0x3f8 "after"; violation 59' 'before' ''
row inta_answer_unread 6 5 pipe "" 'ready; in 0x80 1 1; recv INTA_VECTOR' '' \
    "scratchvm: worker exited with status 97 $GONE"
# Guest output trying to drive the terminal is shown, not obeyed.
row out_escapes_on_pty 0 5 pty "" 'ready; out 0x3f8 "hi\x1b]0;pwned\x07\x1b[2J\n"; halt' \
    'hi\x5cx1b]0;pwned\x5cx07\x5cx1b[2J\x0d\x0a' ''

# --- floods -------------------------------------------------------------------
row trace_flood 0 20 pipe "--trace" 'ready; repeat 50000 trace; halt' '' \
    "$(rep 49999 "$TRACE_LINE")${TRACE_LINE%\\n}"
row cpu_state_flood 6 5 pipe "" 'ready; repeat 1000 cpu' '' "$PE CPU_STATE sent twice"
row out_flood_unclaimed 124 5 pipe "--timeout 1" 'ready; repeat 100000000 out 0x80 "x"' '' "$T1"
row batch_flood_unclaimed 124 5 pipe "--timeout 1" \
    "ready; repeat 100000000 batch 0x80 \"$(rep 64 x)\"" '' "$T1"
row out_flood_limit 124 10 pipe "--max-output 100000" \
    "ready; repeat 1000000 out 0x3f8 \"$(rep 50 x)\"" "$(rep 100000 x)" \
    'scratchvm: output limit: the guest wrote more than 100000 bytes (--max-output)'
row out_flood_on_pty 124 5 pty "--timeout 1" 'ready; repeat 100000000 out 0x80 "x"' '' "$T1"
# The answers the supervisor must send pile up unread: it gives up, not waits.
row inta_flood_unread 6 5 pipe "" 'ready; repeat 1000000 inta; stall' '' \
    "$PE the peer is not reading its messages"
row in_flood_unread 6 5 pipe "" 'ready; repeat 1000000 in 0x80 1 1; stall' '' \
    "$PE the peer is not reading its messages"
row inta_round_trips 0 20 pipe "" 'ready; repeat 20000 ( inta; recv INTA_VECTOR ); halt' '' ''
row irq_line_flood_from_worker 6 5 pipe "" 'ready; repeat 10000 send 01 09 02 00 01 00' '' \
    "$PE message type not allowed from this sender"
# IDLE after IDLE with input that could wake it (a pty's stdin).
row idle_flood 0 10 pty "" "ready; $PIC; repeat 100000 idle; halt" '' ''
# The line is high and the worker never acknowledges: one IRQ_LINE (and
# kick) is posted, not one per message, so nothing piles up.
row irq_unacknowledged 0 10 pipe "" \
    "ready; $PIC; out 0x3f9 \"\\x03\"; repeat 100000 idle; repeat 10000 out 0x80 \"x\"; halt" '' ''

# --- a peer that stalls, closes or dies ---------------------------------------
row stall_before_ready 124 5 pty "--timeout 1" 'stall' '' "$T1"
row stall_after_ready 124 5 pipe "--timeout 1" 'ready; stall' '' "$T1"
row stall_irq_pending 124 5 pty "--timeout 1" "ready; $PIC; out 0x3f9 \"\\x03\"; stall" '' "$T1"
row stall_in_in 124 5 pipe "--timeout 1" 'ready; in 0x3fd 1 1; stall' '' "$T1"
row sleep_then_exit 6 5 pty "" 'ready; sleep 300; exit 1' '' "scratchvm: worker exited with status 1 $GONE"
# With --seccomp=log the worker's close goes through: it keeps running.
row close_keep_running 6 10 pty "--seccomp=log --timeout 5" 'ready; close; stall' '' \
    "$PE it closed its channel but kept running"
row close_before_ready 6 10 pipe "--seccomp=log --timeout 5" 'close; stall' '' \
    "$PE it closed its channel but kept running"
row close_trapped 6 5 pipe "" 'ready; close; stall' '' \
    'scratchvm: worker sandbox violation: syscall close (3)'
row kill_trapped 6 5 pipe "" 'ready; kill -1 9; stall' '' \
    'scratchvm: worker sandbox violation: syscall kill (62)'
# Even let through, kill(-1) and kill(1) reach nothing outside the
# worker's own PID namespace (where it is init): the run goes on.
row kill_all_logged 124 5 pipe "--seccomp=log --timeout 1" 'ready; kill -1 9; kill 1 9; stall' '' "$T1"
# kill(0, ...) let through reaches only the worker's own process group: it
# has a session of its own (setsid), where it is alone, and as the init of
# its PID namespace it ignores even its own SIGKILL: the run goes on to its
# limit, the supervisor (which shares its uid after READY) untouched, the
# terminal restored. (While the worker was in the supervisor's group, this
# killed the supervisor.)
row kill_group_logged 124 5 pty "--seccomp=log --timeout 1" 'ready; kill 0 9; stall' '' "$T1"
# Gone while an answer is owed, or after much output: all of it is written.
row in_then_exit 6 5 pipe "" 'ready; in 0x3fd 1 1; exit 5' '' "scratchvm: worker exited with status 5 $GONE"
row out_then_exit 6 10 pipe "" 'ready; repeat 100000 out 0x3f8 "x"; exit 0' "$(rep 100000 x)" \
    "scratchvm: worker exited with status 0 $GONE"
row exit_before_ready 6 5 pipe "" 'exit 3' '' "scratchvm: worker exited with status 3 $GONE"
row end_of_script 6 5 pipe "" 'ready' '' "scratchvm: worker exited with status 0 $GONE"
row segv 6 5 pty "" 'ready; segv' '' \
    "scratchvm: worker killed by signal 11 (Segmentation fault) $GONE"
row sigill 6 5 pipe "" 'ready; ud2' '' \
    "scratchvm: worker killed by signal 4 (Illegal instruction) $GONE"
row sigtrap 6 5 pipe "" 'ready; int3' '' \
    "scratchvm: worker killed by signal 5 (Trace/breakpoint trap) $GONE"
row sigfpe 6 5 pipe "" 'ready; div0' '' \
    "scratchvm: worker killed by signal 8 (Floating point exception) $GONE"
# Every exit status, after READY: none is believed, each is 6 with its number.
for n in $(seq 0 255); do
    row "exit_$n" 6 5 pipe "" "ready; exit $n" '' "scratchvm: worker exited with status $n $GONE"
done
