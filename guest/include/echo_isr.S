/* echo_isr.S - COM1's receive handler shared by the echo guests (included
 * into their text): drains the receiver, echoes each byte upper-cased
 * (polling THRE), and on ^D (0x04) sets the guest's `done` byte instead;
 * then EOI to the master PIC and iret. */
isr:
    pushw   %ax
    pushw   %dx
drain:
    movw    $COM1_LSR, %dx
    inb     %dx, %al
    testb   $LSR_DR, %al
    jz      eoi
    movw    $COM1_RBR, %dx
    inb     %dx, %al
    cmpb    $0x04, %al
    je      eot
    cmpb    $'a', %al
    jb      send
    cmpb    $'z', %al
    ja      send
    subb    $0x20, %al
send:
    movb    %al, %ah
    movw    $COM1_LSR, %dx
wait_thre:
    inb     %dx, %al
    testb   $LSR_THRE, %al
    jz      wait_thre
    movb    %ah, %al
    movw    $COM1_THR, %dx
    outb    %al, %dx
    jmp     drain
eot:
    movb    $1, done
eoi:
    movb    $PIC_EOI, %al
    outb    %al, $PIC1_CMD
    popw    %dx
    popw    %ax
    iret
