/* sti_hlt64.S - long mode: `sti; hlt` with no interrupt source and no IDT:
 * nothing can wake it, so the run ends as a halt (0). */
    .code64
    .section .text.start, "ax"
    .globl _start
_start:
    sti
    hlt
    movb    $0x7f, %al
    outb    %al, $0xf4              /* woke up: status 255 */
