#include "supervisor/load_plan.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/diag.h"
#include "supervisor/elf_image.h"

static int flat_plan(size_t len, const char *name, const struct options *opt,
                     struct guest_load *out, char *err, size_t errlen)
{
    uint64_t room = opt->mem_size - opt->load_addr; /* options: load_addr < mem_size */
    if (len > room)
        return diag_fail(
            err, errlen,
            "guest image %s is %zu bytes, larger than the %llu byte%s of guest RAM from "
            "the load address",
            name, len, (unsigned long long)room, room == 1 ? "" : "s");
    uint64_t lo, hi, end = opt->load_addr + len;
    guest_layout_reserved(opt->mode, opt->mem_size, &lo, &hi);
    if (end > lo)
        return diag_fail(err, errlen,
                         "guest image %s (0x%llx-0x%llx) overlaps the system area at 0x%llx-0x%llx "
                         "(the GDT and page tables of %s mode)",
                         name, (unsigned long long)opt->load_addr, (unsigned long long)end,
                         (unsigned long long)lo, (unsigned long long)hi,
                         guest_mode_name(opt->mode));
    *out = (struct guest_load){.mode = opt->mode, .entry = opt->load_addr, .nseg = 1};
    out->seg[0] = (struct guest_segment){opt->load_addr, 0, len, len};
    return 0;
}

int load_plan_build(const uint8_t *data, size_t len, const char *name, const struct options *opt,
                    struct guest_load *out, char *err, size_t errlen)
{
    if (!elf_image_is_elf(data, len))
        return flat_plan(len, name, opt, out, err, errlen);
    if (opt->load_addr_given)
        return diag_fail(
            err, errlen,
            "--load-addr applies to flat binaries; the ELF image %s says where it goes", name);
    char why[256];
    if (elf_image_parse(data, len, opt->mem_size, out, why, sizeof why) != 0)
        return diag_fail(err, errlen, "guest image %s: %s", name, why);
    if (opt->mode_given && opt->mode != out->mode)
        return diag_fail(err, errlen,
                         "--mode %s contradicts the ELF image %s, which runs in %s mode",
                         guest_mode_name(opt->mode), name, guest_mode_name(out->mode));
    return 0;
}

void load_plan_registers(const struct options *opt, enum guest_mode mode,
                         uint64_t regs[GUEST_NREGS])
{
    memcpy(regs, opt->regs, sizeof opt->regs);
    if (mode != GUEST_MODE_REAL && !opt->reg_given[GUEST_RSP]) {
        uint64_t lo, hi;
        guest_layout_reserved(mode, opt->mem_size, &lo, &hi);
        regs[GUEST_RSP] = lo;
    }
}

int load_plan_guest(const struct options *opt, struct guest_image *img, struct guest_config *guest,
                    char *err, size_t errlen)
{
    if (guest_image_load(img, opt->guest_path, opt->mem_size - opt->load_addr, err, errlen) != 0)
        return -1;
    guest->image = img->data;
    guest->image_len = img->len;
    guest->mem_size = opt->mem_size;
    const char *name = opt->guest_path != NULL ? opt->guest_path : "(embedded Lab 1)";
    if (load_plan_build(img->data, img->len, name, opt, &guest->load, err, errlen) != 0) {
        guest_image_free(img);
        return -1;
    }
    load_plan_registers(opt, guest->load.mode, guest->regs);
    return 0;
}
