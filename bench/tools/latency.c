/* latency.c - bench W4: interactive echo latency of a monitor running the
 * echo guest (guest/echo.S), over pipes.
 *
 *   latency N CMD [ARGS...]
 *
 * Starts CMD with its stdin and stdout on pipes. Warm-up: sends 'a' until
 * the first 'A' comes back (QEMU's UART drops bytes that arrive before the
 * guest set it up; ScratchVM's holds them, so there it is the first try),
 * then waits 100 ms and drops any late echoes. Then N round trips: write
 * one lower-case letter, read until its upper-case echo; each must be
 * exactly that byte. Finally ^D; a monitor still running 2 s later (QEMU
 * does not end on HLT) is sent SIGTERM, then SIGKILL.
 *
 * Prints one JSON object on stdout: n, p50_us, p90_us, p99_us, mean_us,
 * min_us, max_us, echo_ok, exit_status (-1 when it had to be killed),
 * killed. Exit status 0 when every echo was exact, 1 otherwise.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Read one byte within `ms` (-1: forever). Returns the byte, -1 on
 * timeout, -2 at EOF or on error. */
static int read_byte(int fd, int ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int n = poll(&p, 1, ms);
    if (n == 0)
        return -1;
    if (n < 0)
        return -2;
    uint8_t b;
    ssize_t r = read(fd, &b, 1);
    return r == 1 ? b : -2;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static double pct(const uint64_t *v, size_t n, double p)
{
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return (double)v[i] / 1000.0;
}

/* Wait for `pid` up to `ms`; returns 1 and sets *status if it exited. */
static int wait_for(pid_t pid, int ms, int *status)
{
    for (int t = 0; t < ms; t += 5) {
        if (waitpid(pid, status, WNOHANG) == pid)
            return 1;
        usleep(5000);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: latency N CMD [ARGS...]\n");
        return 2;
    }
    long n = strtol(argv[1], NULL, 10);
    if (n < 1) {
        fprintf(stderr, "latency: N must be at least 1\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0) {
        perror("latency: pipe");
        return 2;
    }
    pid_t pid = fork();
    if (pid < 0) {
        perror("latency: fork");
        return 2;
    }
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        execvp(argv[2], argv + 2);
        perror("latency: exec");
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    int wfd = in[1], rfd = out[0];

    bool ok = false;
    for (int tries = 0; tries < 50 && !ok; tries++) {
        if (write(wfd, "a", 1) != 1)
            break;
        int c = read_byte(rfd, tries == 0 ? 5000 : 200);
        if (c == 'A')
            ok = true;
        else if (c == -2)
            break;
    }
    while (ok && read_byte(rfd, 100) >= 0)
        ; /* late echoes of repeated warm-up bytes */
    uint64_t *lat = calloc((size_t)n, sizeof *lat);
    if (lat == NULL)
        ok = false; /* no trips: reported as done == 0 below */
    long done = 0;
    for (; ok && done < n; done++) {
        uint8_t c = (uint8_t)('a' + done % 26);
        uint64_t t0 = now_ns();
        if (write(wfd, &c, 1) != 1) {
            ok = false;
            break;
        }
        int e = read_byte(rfd, 5000);
        uint64_t t1 = now_ns();
        if (e != c - 0x20) {
            fprintf(stderr, "latency: round trip %ld: sent '%c', got %d\n", done, c, e);
            ok = false;
            break;
        }
        lat[done] = t1 - t0;
    }
    (void)!write(wfd, "\x04", 1);
    close(wfd);
    int status = 0, exit_status = -1;
    bool killed = false;
    if (!wait_for(pid, 2000, &status)) {
        killed = true;
        kill(pid, SIGTERM);
        if (!wait_for(pid, 2000, &status)) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
        }
    } else if (WIFEXITED(status)) {
        exit_status = WEXITSTATUS(status);
    }
    while (read_byte(rfd, 0) >= 0)
        ; /* nothing more may come: an extra byte would be a wrong echo */
    if (done == 0) {
        printf("{\"n\": 0, \"echo_ok\": false, \"killed\": %s, \"exit_status\": %d}\n",
               killed ? "true" : "false", exit_status);
        free(lat);
        return 1;
    }
    double sum = 0;
    for (long i = 0; i < done; i++)
        sum += (double)lat[i];
    qsort(lat, (size_t)done, sizeof *lat, cmp_u64);
    printf("{\"n\": %ld, \"p50_us\": %.2f, \"p90_us\": %.2f, \"p99_us\": %.2f, "
           "\"mean_us\": %.2f, \"min_us\": %.2f, \"max_us\": %.2f, \"echo_ok\": %s, "
           "\"exit_status\": %d, \"killed\": %s}\n",
           done, pct(lat, (size_t)done, 0.50), pct(lat, (size_t)done, 0.90),
           pct(lat, (size_t)done, 0.99), sum / (double)done / 1000.0, (double)lat[0] / 1000.0,
           (double)lat[done - 1] / 1000.0, ok ? "true" : "false", exit_status,
           killed ? "true" : "false");
    free(lat);
    return ok ? 0 : 1;
}
