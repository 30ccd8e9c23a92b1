/* pty_run - run a command on a new pseudo-terminal, as a user at a
 * terminal would, and report what the terminal went through.
 * With --background-after, another process group of the command's session
 * takes the terminal's foreground after MS ms, as a shell's `bg` leaves
 * a job: the command is then a background job when it ends.
 *
 *   pty_run [--input BYTES] [--input-after MS] [--signal SIG] [--signal-after MS]
 *           [--sample-after MS] [--background-after MS] -- COMMAND [ARG...]
 *
 * The command gets the pty's slave as stdin and stdout (stderr is left as
 * it is, so diagnostics can be checked apart) and it as its controlling
 * terminal. BYTES (C escapes \xHH, \n, \r, \\ understood) are typed after
 * --input-after ms; SIG is sent after --signal-after ms; the terminal's
 * mode is sampled after --sample-after ms. Prints, one per line:
 *   output: what the command wrote, non-printable bytes as \xHH
 *   status: its exit status (or "signal N")
 *   during: raw|cooked   (only with --sample-after)
 *   termios: restored|CHANGED
 * Exits 0, or 2 on a usage or setup error. Test tool: no sandbox.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

struct plan {
    char input[4096];
    size_t input_len;
    long input_after, signal_after, sample_after, background_after;
    int signo;
    char **argv;
};

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static size_t unescape(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    while (*s && n < cap) {
        if (s[0] == '\\' && s[1] == 'x' && s[2] && s[3]) {
            char hex[3] = {s[2], s[3], 0};
            out[n++] = (char)strtol(hex, NULL, 16);
            s += 4;
        } else if (s[0] == '\\' && s[1] == 'n') {
            out[n++] = '\n';
            s += 2;
        } else if (s[0] == '\\' && s[1] == 'r') {
            out[n++] = '\r';
            s += 2;
        } else if (s[0] == '\\' && s[1] == '\\') {
            out[n++] = '\\';
            s += 2;
        } else {
            out[n++] = *s++;
        }
    }
    return n;
}

static int parse(int argc, char **argv, struct plan *p)
{
    *p = (struct plan){
        .input_after = 300, .signal_after = -1, .sample_after = -1, .background_after = -1};
    int i = 1;
    for (; i < argc && strcmp(argv[i], "--") != 0; i += 2) {
        if (i + 1 >= argc)
            return -1;
        const char *v = argv[i + 1];
        if (strcmp(argv[i], "--input") == 0)
            p->input_len = unescape(v, p->input, sizeof p->input);
        else if (strcmp(argv[i], "--input-after") == 0)
            p->input_after = atol(v);
        else if (strcmp(argv[i], "--signal") == 0)
            p->signo = atoi(v);
        else if (strcmp(argv[i], "--signal-after") == 0)
            p->signal_after = atol(v);
        else if (strcmp(argv[i], "--sample-after") == 0)
            p->sample_after = atol(v);
        else if (strcmp(argv[i], "--background-after") == 0)
            p->background_after = atol(v);
        else
            return -1;
    }
    if (i + 1 >= argc)
        return -1;
    p->argv = argv + i + 1;
    return 0;
}

static int same_termios(const struct termios *a, const struct termios *b)
{
    return a->c_iflag == b->c_iflag && a->c_oflag == b->c_oflag && a->c_cflag == b->c_cflag &&
           a->c_lflag == b->c_lflag && memcmp(a->c_cc, b->c_cc, sizeof a->c_cc) == 0 &&
           cfgetispeed(a) == cfgetispeed(b) && cfgetospeed(a) == cfgetospeed(b);
}

static void print_escaped(const char *label, const unsigned char *s, size_t n)
{
    printf("%s: ", label);
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '\\')
            putchar(s[i]);
        else
            printf("\\x%02x", s[i]);
    }
    putchar('\n');
}

int main(int argc, char **argv)
{
    struct plan p;
    if (parse(argc, argv, &p) != 0) {
        fprintf(stderr,
                "usage: pty_run [--input BYTES] [--input-after MS] [--signal N] "
                "[--signal-after MS] [--sample-after MS] [--background-after MS] -- COMMAND "
                "[ARG...]\n");
        return 2;
    }
    int master, slave;
    if (openpty(&master, &slave, NULL, NULL, NULL) != 0) {
        perror("pty_run: openpty");
        return 2;
    }
    struct termios before, during, after;
    tcgetattr(slave, &before);
    pid_t pid = fork();
    if (pid < 0) {
        perror("pty_run: fork");
        return 2;
    }
    if (pid == 0) {
        setsid();
        ioctl(slave, TIOCSCTTY, 0);
        if (p.background_after >= 0 && fork() == 0) {
            /* Another job of the session takes the foreground, then waits
             * for the command (its parent) to end. */
            pid_t command = getppid();
            setpgid(0, 0);
            signal(SIGTTOU, SIG_IGN);
            usleep((useconds_t)p.background_after * 1000);
            tcsetpgrp(slave, getpgrp());
            while (getppid() == command)
                usleep(20000);
            _exit(0);
        }
        dup2(slave, 0);
        dup2(slave, 1);
        close(master);
        close(slave);
        execv(p.argv[0], p.argv);
        perror("pty_run: exec");
        _exit(127);
    }
    unsigned char out[65536];
    size_t out_len = 0;
    long start = now_ms();
    int status = 0, sampled = 0, typed = 0, signalled = 0;
    for (;;) {
        long t = now_ms() - start;
        if (!typed && p.input_len > 0 && t >= p.input_after) {
            if (write(master, p.input, p.input_len) != (ssize_t)p.input_len)
                perror("pty_run: write");
            typed = 1;
        }
        if (!signalled && p.signal_after >= 0 && t >= p.signal_after) {
            kill(pid, p.signo);
            signalled = 1;
        }
        if (!sampled && p.sample_after >= 0 && t >= p.sample_after) {
            tcgetattr(slave, &during);
            sampled = 1;
        }
        struct pollfd pf = {.fd = master, .events = POLLIN};
        if (poll(&pf, 1, 10) > 0 && (pf.revents & POLLIN)) {
            ssize_t n = read(master, out + out_len, sizeof out - out_len);
            if (n > 0)
                out_len += (size_t)n;
        }
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid)
            break;
        if (t > 60000) {
            kill(pid, SIGKILL);
        }
    }
    /* What the command wrote last may still be in the pty. */
    fcntl(master, F_SETFL, O_NONBLOCK);
    for (;;) {
        ssize_t n = read(master, out + out_len, sizeof out - out_len);
        if (n <= 0)
            break;
        out_len += (size_t)n;
    }
    tcgetattr(slave, &after);
    print_escaped("output", out, out_len);
    if (WIFEXITED(status))
        printf("status: %d\n", WEXITSTATUS(status));
    else
        printf("status: signal %d\n", WTERMSIG(status));
    if (sampled)
        printf("during: %s\n", (during.c_lflag & (ICANON | ECHO | ISIG)) ? "cooked" : "raw");
    printf("termios: %s\n", same_termios(&before, &after) ? "restored" : "CHANGED");
    return 0;
}
