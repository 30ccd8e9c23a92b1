#include "supervisor/crash_report.h"

#include <stdio.h>

#include "common/diag.h"
#include "common/guest_config.h"

void crash_report_print(const struct ipc_cpu_state *c)
{
    diag_more("  rip %016llx  rsp %016llx  rflags %016llx  (started in %s mode)",
              (unsigned long long)c->rip, (unsigned long long)c->gpr[GUEST_RSP],
              (unsigned long long)c->rflags, guest_mode_name((enum guest_mode)c->mode));
    char line[128];
    size_t n = 0;
    for (int i = 0; i < GUEST_NREGS; i++) {
        n += (size_t)snprintf(line + n, sizeof line - n, "  %-3s %016llx", guest_reg_names[i],
                              (unsigned long long)c->gpr[i]);
        if (i % 4 == 3) {
            diag_more("%s", line);
            n = 0;
        }
    }
    diag_more("  cr0 %016llx  cr2 %016llx  cr3 %016llx  cr4 %016llx", (unsigned long long)c->cr0,
              (unsigned long long)c->cr2, (unsigned long long)c->cr3, (unsigned long long)c->cr4);
    diag_more("  efer %016llx  cs %04x base %016llx  ss %04x base %016llx",
              (unsigned long long)c->efer, c->cs, (unsigned long long)c->cs_base, c->ss,
              (unsigned long long)c->ss_base);
    if (c->code_len == 0) {
        diag_more("  code at rip: not in guest RAM");
        return;
    }
    n = (size_t)snprintf(line, sizeof line,
                         "  code at rip (guest physical %llx):", (unsigned long long)c->code_gpa);
    for (unsigned i = 0; i < c->code_len && i < IPC_CODE_BYTES && n < sizeof line; i++)
        n += (size_t)snprintf(line + n, sizeof line - n, " %02x", c->code[i]);
    diag_more("%s", line);
}
