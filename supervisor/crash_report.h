/* crash_report.h - the register dump printed after a guest crash's one-line
 * reason: RIP, RSP, RFLAGS, the general registers, CR0/CR2/CR3/CR4/EFER,
 * CS and SS with their bases, and the guest bytes at RIP. Everything in it
 * is a number formatted here, so a hostile worker cannot put text on the
 * user's terminal through it.
 */
#ifndef SCRATCHVM_SUPERVISOR_CRASH_REPORT_H
#define SCRATCHVM_SUPERVISOR_CRASH_REPORT_H

#include "ipc/ipc_proto.h"

/* Print the dump on stderr, one diag_more line each. */
void crash_report_print(const struct ipc_cpu_state *c);

#endif
