/* guest_image.h - reading and validating the guest image before any VM
 * exists: a regular, non-empty file that fits in guest RAM from the load
 * address. The embedded Lab 1 guest goes through the same checks.
 */
#ifndef SCRATCHVM_SUPERVISOR_GUEST_IMAGE_H
#define SCRATCHVM_SUPERVISOR_GUEST_IMAGE_H

#include <stddef.h>
#include <stdint.h>

struct guest_image {
    const uint8_t *data;
    size_t len;
    uint8_t *owned; /* heap copy of a file image, or NULL */
};

/* Read `path` (NULL: the embedded default guest) into `img`; it must fit in
 * `room` bytes. Returns 0, or -1 with a one-line reason in `err`. */
int guest_image_load(struct guest_image *img, const char *path, uint64_t room, char *err,
                     size_t errlen);

void guest_image_free(struct guest_image *img);

#endif
