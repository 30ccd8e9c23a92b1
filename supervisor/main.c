/* The supervisor's setup order, top to bottom, as in Solo5's hvt tender:
 * parse -> validate the image -> create the worker -> device loop -> exit
 * status. The supervisor never opens /dev/kvm. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/diag.h"
#include "common/exit_code.h"
#include "supervisor/devices.h"
#include "supervisor/guest_image.h"
#include "supervisor/options.h"
#include "supervisor/session.h"
#include "supervisor/worker_process.h"
#include "worker/worker.h"

#define SCRATCHVM_VERSION "0.1.0"

static int run_worker(void *arg, int sock)
{
    return worker_main(arg, sock);
}

int main(int argc, char **argv)
{
    struct options opt;
    char err[512];

    if (options_parse(argc, argv, &opt, err, sizeof err) != 0)
        return diag_error(EXIT_USAGE, "%s", err);
    if (opt.help) {
        printf("%s%s", options_usage, exit_code_help);
        return 0;
    }
    if (opt.version) {
        printf("scratchvm supervisor %s\n", SCRATCHVM_VERSION);
        return 0;
    }

    struct guest_image img;
    if (guest_image_load(&img, opt.guest_path, opt.mem_size - opt.load_addr, err, sizeof err))
        return diag_error(EXIT_USAGE, "%s", err);

    /* A closed stdout must end the run with an error, not kill us silently. */
    signal(SIGPIPE, SIG_IGN);

    struct guest_config cfg = {
        .image = img.data,
        .image_len = img.len,
        .mem_size = opt.mem_size,
        .load_addr = opt.load_addr,
        .verbose = opt.verbose,
    };
    memcpy(cfg.regs, opt.regs, sizeof cfg.regs);

    struct console_out out;
    struct devices dev;
    console_out_init(&out, STDOUT_FILENO);
    if (devices_init(&dev, &out) != 0)
        return diag_error(EXIT_HOST, "cannot build the device map");

    struct worker_process worker;
    if (worker_process_start(&worker, run_worker, &cfg, err, sizeof err) != 0)
        return diag_error(EXIT_HOST, "%s", err);
    diag_verbose(opt.verbose, "supervisor %d started worker %d", (int)getpid(), (int)worker.pid);
    guest_image_free(&img); /* the worker has its own copy */

    struct session s = {
        .worker = &worker,
        .dev = &dev,
        .out = &out,
        .timeout_ms = opt.timeout_ms,
        .verbose = opt.verbose,
    };
    int code = session_run(&s);
    diag_verbose(opt.verbose, "exit status %d", code);
    return code;
}
