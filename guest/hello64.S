/* hello64.S - the long-mode smoke test: started by the monitor in 64-bit
 * mode (CS 0x18, data 0x10, identity-mapped paging, RIP 0 = the load
 * address, RSP below the system area), it reloads DS/ES/SS and, with a far
 * return, CS from the monitor's GDT, then prints on COM1
 *     Hello from 64-bit long mode
 *     EFER.LMA=1 CR0.PG=1 CR4.PAE=1
 * with each bit read from the CPU, and halts with interrupts off. */
#include "guest/include/ports.h"

#define SEL_DATA 0x10   /* common/guest_layout.h: GUEST_SEL_DATA */
#define SEL_CODE64 0x18 /* GUEST_SEL_CODE64 */
#define MSR_EFER 0xc0000080
#define EFER_LMA_BIT 10
#define CR0_PG_BIT 31
#define CR4_PAE_BIT 5

    .code64
    .section .text.start, "ax"
    .globl _start
_start:
    cli
    cld                             /* lodsb in puts counts up */
    movw    $SEL_DATA, %ax
    movw    %ax, %ds
    movw    %ax, %es
    movw    %ax, %ss
    pushq   $SEL_CODE64             /* lretq pops RIP, then CS */
    leaq    1f(%rip), %rax
    pushq   %rax
    lretq
1:
    leaq    hello(%rip), %rsi
    call    puts

    leaq    lma(%rip), %rsi
    call    puts
    movl    $MSR_EFER, %ecx
    rdmsr                           /* EDX:EAX = EFER */
    shrl    $EFER_LMA_BIT, %eax
    call    putbit

    leaq    pg(%rip), %rsi
    call    puts
    movq    %cr0, %rax
    shrq    $CR0_PG_BIT, %rax
    call    putbit

    leaq    pae(%rip), %rsi
    call    puts
    movq    %cr4, %rax
    shrq    $CR4_PAE_BIT, %rax
    call    putbit

    movb    $'\n', %al
    call    putc
done:
    cli
    hlt
    jmp     done

/* putbit: print bit 0 of AL as '0' or '1'. */
putbit:
    andb    $1, %al
    addb    $'0', %al
    /* fall through */

/* putc: print AL, polling LSR for THRE first. Clobbers BL, DX. */
putc:
    movb    %al, %bl
    movw    $COM1_LSR, %dx
1:
    inb     %dx, %al
    testb   $LSR_THRE, %al
    jz      1b
    movw    $COM1_THR, %dx
    movb    %bl, %al
    outb    %al, %dx
    ret

/* puts: print the NUL-terminated string at RSI. Clobbers AL, BL, DX, RSI. */
puts:
    lodsb
    testb   %al, %al
    jz      1f
    call    putc
    jmp     puts
1:
    ret

    .section .rodata
hello:
    .asciz  "Hello from 64-bit long mode\n"
lma:
    .asciz  "EFER.LMA="
pg:
    .asciz  " CR0.PG="
pae:
    .asciz  " CR4.PAE="
