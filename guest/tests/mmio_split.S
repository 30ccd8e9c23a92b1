/* mmio_split.S - run with --mem 64K: a 4-byte read at linear 0x10fff lies
 * outside RAM and crosses a page boundary, so KVM reports it as two MMIO
 * reads, of 1 and 3 bytes (all-ones). Then halts. */
    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    movw    $0x1000, %ax
    movw    %ax, %ds
    movl    0x0fff, %eax
    cli
    hlt
