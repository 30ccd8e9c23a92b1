#include "supervisor/stop_signals.h"

#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static const struct {
    int sig;
    const char *name;
} named[] = {
    {SIGHUP, "SIGHUP"},   {SIGINT, "SIGINT"},       {SIGQUIT, "SIGQUIT"},     {SIGILL, "SIGILL"},
    {SIGTRAP, "SIGTRAP"}, {SIGABRT, "SIGABRT"},     {SIGBUS, "SIGBUS"},       {SIGFPE, "SIGFPE"},
    {SIGUSR1, "SIGUSR1"}, {SIGSEGV, "SIGSEGV"},     {SIGUSR2, "SIGUSR2"},     {SIGPIPE, "SIGPIPE"},
    {SIGALRM, "SIGALRM"}, {SIGTERM, "SIGTERM"},     {SIGSTKFLT, "SIGSTKFLT"}, {SIGXCPU, "SIGXCPU"},
    {SIGXFSZ, "SIGXFSZ"}, {SIGVTALRM, "SIGVTALRM"}, {SIGPROF, "SIGPROF"},     {SIGPOLL, "SIGPOLL"},
    {SIGPWR, "SIGPWR"},   {SIGSYS, "SIGSYS"},
};

/* The asynchronous ones that end a process by default. */
static const int stoppers[] = {
    SIGHUP,    SIGINT,  SIGQUIT, SIGUSR1,   SIGUSR2, SIGALRM, SIGTERM,
    SIGSTKFLT, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGPOLL, SIGPWR,
};

#define FIRST_RT_SIGNAL 32 /* the kernel's SIGRTMIN; glibc keeps 32 and 33 */
#define LAST_RT_SIGNAL 64

/* sigaddset refuses glibc's internal signals (32, 33): set the bit itself.
 * The supervisor has one thread, so blocking them costs it nothing. */
static void add(sigset_t *set, int sig)
{
    unsigned long *words = (unsigned long *)set;
    unsigned bits = 8 * sizeof(unsigned long);
    words[(unsigned)(sig - 1) / bits] |= 1ul << ((unsigned)(sig - 1) % bits);
}

int stop_signals_block(sigset_t *stop)
{
    sigemptyset(stop);
    for (size_t i = 0; i < sizeof stoppers / sizeof stoppers[0]; i++) {
        /* nohup's promise is kept: an ignored SIGHUP stays ignored. */
        struct sigaction old;
        if (stoppers[i] == SIGHUP && sigaction(SIGHUP, NULL, &old) == 0 &&
            old.sa_handler == SIG_IGN)
            continue;
        add(stop, stoppers[i]);
    }
    for (int sig = FIRST_RT_SIGNAL; sig <= LAST_RT_SIGNAL; sig++)
        add(stop, sig);
    sigset_t block = *stop;
    add(&block, SIGTTOU);
    add(&block, SIGTTIN);
    if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
        return -1;
    /* The raw call: glibc's sigprocmask would drop 32 and 33 again. The
     * kernel's set is the first 8 bytes of glibc's. */
    return (int)syscall(SYS_rt_sigprocmask, SIG_BLOCK, &block, NULL, 8);
}

const char *stop_signal_name(int sig, char *buf, size_t len)
{
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (named[i].sig == sig) {
            snprintf(buf, len, "%s", named[i].name);
            return buf;
        }
    int rtmin = SIGRTMIN, rtmax = SIGRTMAX; /* 34 and 64 with glibc */
    if (sig == rtmin)
        snprintf(buf, len, "SIGRTMIN");
    else if (sig == rtmax)
        snprintf(buf, len, "SIGRTMAX");
    else if (sig > rtmin && sig <= rtmin + (rtmax - rtmin) / 2)
        snprintf(buf, len, "SIGRTMIN+%d", sig - rtmin);
    else if (sig > rtmin && sig < rtmax)
        snprintf(buf, len, "SIGRTMAX-%d", rtmax - sig);
    else
        snprintf(buf, len, "SIG%d", sig);
    return buf;
}
