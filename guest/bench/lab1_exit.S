/* lab1_exit.S - bench W1 for QEMU only: the Lab 1 guest (guest/lab1.S,
 * included whole) with one difference: where Lab 1 halts, this one writes 0
 * to the debug-exit port, because QEMU never ends a run on HLT with
 * interrupts off. One OUT exit more than Lab 1; exit status 1. */
#define hlt movb $0, %al; outb %al, $DEBUG_EXIT_PORT
#include "guest/lab1.S"
