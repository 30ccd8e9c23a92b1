#include "supervisor/crash_report.h"

#include "common/guest_config.h"

void crash_report_print(FILE *f, const struct ipc_cpu_state *c)
{
    fprintf(f, "  rip %016llx  rsp %016llx  rflags %016llx  (started in %s mode)\n",
            (unsigned long long)c->rip, (unsigned long long)c->gpr[GUEST_RSP],
            (unsigned long long)c->rflags, guest_mode_name((enum guest_mode)c->mode));
    for (int i = 0; i < GUEST_NREGS; i++)
        fprintf(f, "%s%-3s %016llx%s", i % 4 == 0 ? "  " : "  ", guest_reg_names[i],
                (unsigned long long)c->gpr[i], i % 4 == 3 ? "\n" : "");
    fprintf(f, "  cr0 %016llx  cr2 %016llx  cr3 %016llx  cr4 %016llx\n", (unsigned long long)c->cr0,
            (unsigned long long)c->cr2, (unsigned long long)c->cr3, (unsigned long long)c->cr4);
    fprintf(f, "  efer %016llx  cs %04x base %016llx  ss %04x base %016llx\n",
            (unsigned long long)c->efer, c->cs, (unsigned long long)c->cs_base, c->ss,
            (unsigned long long)c->ss_base);
    if (c->code_len == 0) {
        fprintf(f, "  code at rip: not in guest RAM\n");
        return;
    }
    fprintf(f, "  code at rip (guest physical %llx):", (unsigned long long)c->code_gpa);
    for (unsigned i = 0; i < c->code_len && i < IPC_CODE_BYTES; i++)
        fprintf(f, " %02x", c->code[i]);
    fprintf(f, "\n");
}
