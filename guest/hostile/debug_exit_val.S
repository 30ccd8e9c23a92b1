/* debug_exit_val.S - writes EAX to the debug-exit port 0xf4 with an OUT of
 * SI bytes (1, 2 or 4): status (low byte << 1) | 1 modulo 256. Falls into
 * a HLT (status 0) should the write not end the run.
 * Parameters: --reg rax=VALUE --reg rsi=SIZE. */
    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    movw    $0xf4, %dx
    cmpw    $2, %si
    je      2f
    cmpw    $4, %si
    je      4f
    outb    %al, %dx
    hlt
2:  outw    %ax, %dx
    hlt
4:  outl    %eax, %dx
    hlt
