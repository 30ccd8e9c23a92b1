#include "common/guest_config.h"

#include <string.h>

const char *const guest_reg_names[GUEST_NREGS] = {
    "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rsp", "rbp",
    "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15",
};

int guest_reg_index(const char *name)
{
    for (int i = 0; i < GUEST_NREGS; i++)
        if (strcmp(name, guest_reg_names[i]) == 0)
            return i;
    return -1;
}
