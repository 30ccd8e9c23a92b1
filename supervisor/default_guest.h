/* default_guest.h - the Lab 1 guest, embedded in the supervisor at build
 * time (generated from //guest:lab1 by tools/bin2c.sh). */
#ifndef SCRATCHVM_SUPERVISOR_DEFAULT_GUEST_H
#define SCRATCHVM_SUPERVISOR_DEFAULT_GUEST_H

#include <stddef.h>
#include <stdint.h>

extern const uint8_t default_guest[];
extern const size_t default_guest_len;

#endif
