"""fuzz_target: one libFuzzer harness, two builds.

fuzz_target(name, srcs, deps, corpus, dict) makes
  :<name>            the harness (srcs define LLVMFuzzerTestOneInput). Under
                     --config=fuzz (.bazelrc: clang, ASan, UBSan) it links
                     libFuzzer; in a normal build it links the replay main
                     instead. Tagged manual; tools/fuzz builds and runs it.
  :<name>_regression a cc_test in the normal build that replays every seed
                     of `corpus` through the same LLVMFuzzerTestOneInput, so
                     `bazel test //...` runs each past finding again.
`dict` (a libFuzzer dictionary) and `corpus` are data of :<name>, where
tools/fuzz finds them. `copts` lets one source make several harnesses
(the ipc decoder's two directions).
"""

def fuzz_target(name, srcs, deps = [], corpus = [], dict = None, copts = []):
    data = corpus + ([dict] if dict else [])
    native.cc_binary(
        name = name,
        testonly = True,
        srcs = srcs + select({
            "//tools:fuzzing": [],
            "//conditions:default": ["//tools:fuzz_replay.c"],
        }),
        linkopts = select({
            "//tools:fuzzing": ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        copts = copts,
        deps = deps,
        data = data,
        tags = ["manual"],
    )
    native.cc_test(
        name = name + "_regression",
        size = "small",
        srcs = srcs + ["//tools:fuzz_replay.c"],
        copts = copts,
        deps = deps,
        data = corpus,
        args = ["$(location %s)" % c for c in corpus],
    )
