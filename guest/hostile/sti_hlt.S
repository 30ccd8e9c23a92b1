/* sti_hlt.S - `sti; hlt` with every interrupt source masked (the reset
 * PIC): nothing can ever wake it, so the run ends as a halt (0). */
    .code16
    .section .text.start, "ax"
    .globl _start
_start:
    sti
    hlt
    movb    $0x7f, %al
    outb    %al, $0xf4              /* woke up: status 255 */
