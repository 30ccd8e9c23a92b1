/* load_plan.h - decides what the guest image becomes: for a flat binary,
 * one piece at --load-addr in --mode; for an ELF executable, its PT_LOAD
 * segments in the mode of its class (elf_image.c). Every check against
 * guest RAM and the system area happens here, before any VM exists.
 */
#ifndef SCRATCHVM_SUPERVISOR_LOAD_PLAN_H
#define SCRATCHVM_SUPERVISOR_LOAD_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "common/guest_config.h"
#include "common/guest_layout.h"
#include "supervisor/guest_image.h"
#include "supervisor/options.h"

/* `name` names the image in errors. Returns 0, or -1 with one line in err. */
int load_plan_build(const uint8_t *data, size_t len, const char *name, const struct options *opt,
                    struct guest_load *out, char *err, size_t errlen);

/* The initial general registers: --reg values over the defaults (rax=2,
 * rbx=3; rsp at the system area's base in protected and long mode). */
void load_plan_registers(const struct options *opt, enum guest_mode mode,
                         uint64_t regs[GUEST_NREGS]);

/* The whole step, for both monitors: read the image the options name
 * (guest_image.c), plan it and set the registers; fills `img` and the
 * image, RAM, placement and register fields of `guest`, leaving the rest.
 * Returns 0, or -1 with one line in `err` (and `img` freed). */
int load_plan_guest(const struct options *opt, struct guest_image *img, struct guest_config *guest,
                    char *err, size_t errlen);

#endif
