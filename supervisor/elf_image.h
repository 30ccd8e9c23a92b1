/* elf_image.h - turning an ELF executable into a validated load plan
 * (struct guest_load) before any VM exists: ELF32 (EM_386) starts in
 * protected mode, ELF64 (EM_X86_64) in long mode. Every field of the file
 * is untrusted; every segment must lie in guest RAM, below the system area,
 * identity-mapped (p_vaddr == p_paddr) and apart from the others.
 */
#ifndef SCRATCHVM_SUPERVISOR_ELF_IMAGE_H
#define SCRATCHVM_SUPERVISOR_ELF_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/guest_layout.h"

/* Most program headers accepted in one image (loadable or not). */
#define ELF_IMAGE_MAX_PHNUM 64

/* Whether an image is ELF (starts with \x7fELF). */
bool elf_image_is_elf(const uint8_t *data, size_t len);

/* Parse an ELF32 (EM_386) or ELF64 (EM_X86_64) executable (ET_EXEC,
 * little-endian, EV_CURRENT) into a load plan for a guest with `mem_size`
 * bytes of RAM: ELF32 -> GUEST_MODE_PROTECTED, ELF64 -> GUEST_MODE_LONG;
 * entry = e_entry; one guest_segment per PT_LOAD with p_memsz > 0
 * (gpa = p_paddr, file_off = p_offset into `data`). Returns 0, or -1 with a
 * one-line reason (no newline) in `err`; `out` is then unspecified. */
int elf_image_parse(const uint8_t *data, size_t len, uint64_t mem_size, struct guest_load *out,
                    char *err, size_t errlen);

#endif
