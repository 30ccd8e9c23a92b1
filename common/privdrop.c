#include "common/privdrop.h"

#include <cap-ng.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

/* What capng_change_id's negative results mean (its manual page). */
static const char *change_id_step(int rc)
{
    switch (rc) {
    case -2:
        return "PR_SET_KEEPCAPS";
    case -3:
        return "applying the intermediate capabilities";
    case -4:
        return "setresgid";
    case -5:
        return "dropping supplementary groups";
    case -6:
        return "setresuid";
    case -7:
        return "clearing PR_SET_KEEPCAPS";
    case -8:
        return "clearing the bounding set";
    case -9:
        return "dropping CAP_SETPCAP and ambient capabilities";
    default:
        return "libcap-ng";
    }
}

int privdrop(const struct sandbox_config *sb, char *err, size_t errlen)
{
    if (capng_get_caps_process() != 0) {
        snprintf(err, errlen, "cannot read this process's capabilities");
        return -1;
    }
    int have_setpcap = capng_have_capability(CAPNG_EFFECTIVE, CAP_SETPCAP);
    capng_clear(CAPNG_SELECT_ALL);
    if (sb->change_id) {
        /* setresgid, setgroups(0), setresuid, then apply the empty sets,
         * bounding set included. */
        errno = 0;
        int rc = capng_change_id((int)sb->uid, (int)sb->gid,
                                 CAPNG_DROP_SUPP_GRP | CAPNG_CLEAR_BOUNDING | CAPNG_CLEAR_AMBIENT);
        if (rc != 0) {
            int e = errno;
            /* EINVAL from set*id: the id has no mapping in this user
             * namespace (a container, or Bazel's linux-sandbox). */
            snprintf(err, errlen, "cannot switch to uid %d gid %d: %s: %s%s", (int)sb->uid,
                     (int)sb->gid, change_id_step(rc), e ? strerror(e) : "failed",
                     e == EINVAL ? " (not mapped in this user namespace? see --user)" : "");
            return -1;
        }
    } else {
        /* Clearing the bounding set needs CAP_SETPCAP: we have it as root or
         * in our own user namespace; an ordinary user's process has nothing
         * to clear but cannot shrink its bounding set (no_new_privs below
         * makes it moot: nothing can be gained through execve). */
        capng_select_t what = CAPNG_SELECT_CAPS | CAPNG_SELECT_AMBIENT;
        if (have_setpcap)
            what |= CAPNG_SELECT_BOUNDS;
        if (capng_apply(what) != 0) {
            snprintf(err, errlen, "cannot drop capabilities");
            return -1;
        }
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        snprintf(err, errlen, "PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
        return -1;
    }
    /* Not dumpable: no ptrace or /proc/<pid>/mem from the same uid. */
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
        snprintf(err, errlen, "PR_SET_DUMPABLE: %s", strerror(errno));
        return -1;
    }
    return 0;
}
