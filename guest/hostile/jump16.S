/* jump16.S - real mode, run with --mem 64K: a far jump to 0x2000:0
 * (linear 0x20000), outside RAM, where no instruction can be fetched. */
    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    ljmp    $0x2000, $0
