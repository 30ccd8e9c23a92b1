#include "supervisor/guest_image.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/diag.h"
#include "supervisor/default_guest.h"

static int check_fits(const char *name, uint64_t len, uint64_t room, char *err, size_t errlen)
{
    if (len == 0)
        return diag_fail(err, errlen, "guest image %s is empty", name);
    if (len > room)
        return diag_fail(
            err, errlen,
            "guest image %s is %llu bytes, larger than the %llu byte%s of guest RAM from "
            "the load address",
            name, (unsigned long long)len, (unsigned long long)room, room == 1 ? "" : "s");
    return 0;
}

static int read_all(int fd, uint8_t *buf, size_t len)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n = read(fd, buf + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n == 0 ? -2 : -1;
        done += (size_t)n;
    }
    return 0;
}

int guest_image_load(struct guest_image *img, const char *path, uint64_t room, char *err,
                     size_t errlen)
{
    *img = (struct guest_image){0};
    if (path == NULL) {
        if (check_fits("(embedded Lab 1)", default_guest_len, room, err, errlen) != 0)
            return -1;
        img->data = default_guest;
        img->len = default_guest_len;
        return 0;
    }

    /* O_NONBLOCK: opening a FIFO must not hang; it is rejected below. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return diag_fail(err, errlen, "cannot open guest image %s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return diag_fail(err, errlen, "cannot stat guest image %s: %s", path, strerror(e));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return diag_fail(err, errlen, "guest image %s is not a regular file", path);
    }
    if (check_fits(path, (uint64_t)st.st_size, room, err, errlen) != 0) {
        close(fd);
        return -1;
    }
    uint8_t *buf = malloc((size_t)st.st_size);
    if (buf == NULL) {
        close(fd);
        return diag_fail(err, errlen, "cannot allocate %lld bytes for guest image %s",
                         (long long)st.st_size, path);
    }
    int rc = read_all(fd, buf, (size_t)st.st_size);
    int e = errno;
    close(fd);
    if (rc != 0) {
        free(buf);
        if (rc == -2)
            return diag_fail(err, errlen, "guest image %s shrank while being read", path);
        return diag_fail(err, errlen, "cannot read guest image %s: %s", path, strerror(e));
    }
    img->data = img->owned = buf;
    img->len = (size_t)st.st_size;
    return 0;
}

void guest_image_free(struct guest_image *img)
{
    free(img->owned);
    *img = (struct guest_image){0};
}
