/* memwatch.c - bench W6: peak memory of ALL the processes of one run of a
 * monitor (the supervisor and its worker; QEMU and any thread or child).
 *
 *   memwatch RAM_KB CMD [ARGS...]
 *
 * Starts CMD (stdin /dev/null, stdout discarded) and, until it exits,
 * samples its process tree (/proc/PID/task/TID/children, recursively) in a
 * tight loop. Per sample and process: /proc/PID/smaps_rollup (Rss, Pss) and
 * /proc/PID/status (VmHWM); every 4th sample also /proc/PID/smaps, for the
 * resident size of guest RAM: the anonymous mappings exactly RAM_KB large.
 *
 * Prints one JSON object: samples, procs (most processes seen at once),
 * peak_rss_kb and peak_pss_kb (largest sum over the tree in one sample),
 * hwm_sum_kb (the sum over processes of each one's VmHWM, its own peak
 * RSS, as last seen), guest_ram_kb (largest resident guest RAM seen),
 * exit_status. A run is short (milliseconds), so the sums are sampled;
 * VmHWM is a high-water mark and catches a peak between samples.
 */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXP 64

struct proc {
    int pid;
    long hwm;
};

static struct proc procs[MAXP];
static int nprocs;

static long field_kb(const char *buf, const char *key)
{
    const char *p = strstr(buf, key);
    return p ? strtol(p + strlen(key), NULL, 10) : 0;
}

static ssize_t slurp(const char *path, char *buf, size_t len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t got = 0;
    ssize_t r;
    while (got < len - 1 && (r = read(fd, buf + got, len - 1 - got)) > 0)
        got += (size_t)r;
    close(fd);
    buf[got] = '\0';
    return (ssize_t)got;
}

/* The pids of `pid`'s tree, `pid` first. */
static int tree(int pid, int *out, int max)
{
    int n = 0;
    out[n++] = pid;
    for (int i = 0; i < n; i++) {
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/task", out[i]);
        DIR *d = opendir(path);
        if (d == NULL)
            continue;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (!isdigit((unsigned char)e->d_name[0]))
                continue;
            char cpath[320], buf[512];
            snprintf(cpath, sizeof cpath, "/proc/%d/task/%s/children", out[i], e->d_name);
            if (slurp(cpath, buf, sizeof buf) <= 0)
                continue;
            for (char *s = buf; *s != '\0';) {
                char *end;
                long c = strtol(s, &end, 10);
                if (end == s)
                    break;
                if (n < max)
                    out[n++] = (int)c;
                s = end;
            }
        }
        closedir(d);
    }
    return n;
}

static long guest_ram_kb(int pid, long ram_kb)
{
    static char buf[1 << 20];
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/smaps", pid);
    if (slurp(path, buf, sizeof buf) <= 0)
        return 0;
    long total = 0, size = 0;
    int anon = 0;
    for (char *line = buf; line != NULL && *line != '\0';) {
        char *next = strchr(line, '\n');
        if (next != NULL)
            *next++ = '\0';
        char *sp = strchr(line, ' ');
        if (sp != NULL && sp > line && sp[-1] != ':') {
            /* a mapping's header: "start-end perms offset dev inode [path]" */
            int fields = 0;
            for (char *t = strtok(line, " "); t != NULL; t = strtok(NULL, " "))
                fields++;
            anon = fields == 5;
            size = 0;
        } else if (strncmp(line, "Size:", 5) == 0) {
            size = strtol(line + 5, NULL, 10);
        } else if (strncmp(line, "Rss:", 4) == 0 && anon && size == ram_kb) {
            total += strtol(line + 4, NULL, 10);
        }
        line = next;
    }
    return total;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: memwatch RAM_KB CMD [ARGS...]\n");
        return 2;
    }
    long ram_kb = strtol(argv[1], NULL, 10);
    pid_t pid = fork();
    if (pid < 0)
        return 2;
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 1);
        execvp(argv[2], argv + 2);
        _exit(127);
    }
    long samples = 0, peak_rss = 0, peak_pss = 0, ram = 0;
    int most = 0, status = 0;
    for (;;) {
        if (waitpid(pid, &status, WNOHANG) == pid)
            break;
        int pids[MAXP];
        int n = tree(pid, pids, MAXP);
        long rss = 0, pss = 0, gram = 0;
        int alive = 0;
        for (int i = 0; i < n; i++) {
            char path[64], buf[4096];
            snprintf(path, sizeof path, "/proc/%d/smaps_rollup", pids[i]);
            if (slurp(path, buf, sizeof buf) <= 0)
                continue;
            alive++;
            rss += field_kb(buf, "\nRss:");
            pss += field_kb(buf, "\nPss:");
            snprintf(path, sizeof path, "/proc/%d/status", pids[i]);
            if (slurp(path, buf, sizeof buf) > 0) {
                long hwm = field_kb(buf, "\nVmHWM:");
                int j = 0;
                while (j < nprocs && procs[j].pid != pids[i])
                    j++;
                if (j == nprocs && nprocs < MAXP)
                    procs[nprocs++] = (struct proc){pids[i], 0};
                if (j < nprocs && hwm > procs[j].hwm)
                    procs[j].hwm = hwm;
            }
            if (samples % 4 == 0)
                gram += guest_ram_kb(pids[i], ram_kb);
        }
        samples++;
        if (alive > most)
            most = alive;
        if (rss > peak_rss)
            peak_rss = rss;
        if (pss > peak_pss)
            peak_pss = pss;
        if (gram > ram)
            ram = gram;
    }
    long hwm_sum = 0;
    for (int j = 0; j < nprocs; j++)
        hwm_sum += procs[j].hwm;
    printf("{\"samples\": %ld, \"procs\": %d, \"peak_rss_kb\": %ld, \"peak_pss_kb\": %ld, "
           "\"hwm_sum_kb\": %ld, \"guest_ram_kb\": %ld, \"exit_status\": %d}\n",
           samples, most, peak_rss, peak_pss, hwm_sum, ram,
           WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return 0;
}
