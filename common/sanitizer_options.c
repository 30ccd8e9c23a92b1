/* sanitizer_options.c - the AddressSanitizer runtime's defaults for the
 * scratchvm binary, whose processes lock down (--config=asan only; linked
 * into the supervisor binaries, not into unit tests, where LeakSanitizer
 * stays on). ASAN_OPTIONS in the environment overrides them.
 *   detect_leaks=0  LeakSanitizer's exit-time check stops the world with
 *                   ptrace and prctl, which a locked-down process must
 *                   not have: off here (SECURITY.md "Sanitizer builds").
 *   symbolize=0     a report prints module+offset instead of starting
 *                   llvm-symbolizer (a fork and exec); symbolize offline.
 *   color=never     no isatty() (an ioctl) on stderr before a report.
 */
#if defined(SCRATCHVM_SANITIZER_ADDRESS)

const char *__asan_default_options(void);

__attribute__((used, visibility("default"))) const char *__asan_default_options(void)
{
    return "detect_leaks=0:symbolize=0:color=never";
}

#else
typedef int sanitizer_options_empty; /* a translation unit may not be empty */
#endif
