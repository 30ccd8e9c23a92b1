#!/bin/bash
# Relative paths under `bazel run`: Bazel starts the program in its runfiles
# tree and says in BUILD_WORKING_DIRECTORY where the user was; the guest
# image and --stats=FILE are taken from there. Without the variable (or with
# it empty) they are relative to the working directory; absolute paths never
# change. Each run here is from another directory than the one named.
source tests/lib.sh
sv=$(realpath "$1")
polled_hello=$(realpath "$2")
hello="Hello from a polled UART!
"

wd=$tmp/user_dir     # where the user "was"
elsewhere=$tmp/runfiles # where the program runs
rm -rf "$wd" "$elsewhere"
mkdir -p "$wd/sub" "$elsewhere"
cp "$polled_hello" "$wd/sub/guest.bin"
cd "$elsewhere" || exit 1

# No KVM needed: these end before any VM.
expect "a missing relative guest is named as the path opened" 2 "" \
    "scratchvm: cannot open guest image $wd/nope.bin: No such file or directory
" env BUILD_WORKING_DIRECTORY="$wd" "$sv" nope.bin
expect "a relative BUILD_WORKING_DIRECTORY is refused" 2 "" \
    "scratchvm: BUILD_WORKING_DIRECTORY=user_dir: not an absolute path, so relative paths cannot be taken from it
" env BUILD_WORKING_DIRECTORY=user_dir "$sv" sub/guest.bin

require_kvm

expect "guest and --stats=FILE from BUILD_WORKING_DIRECTORY" 0 "$hello" "" \
    env BUILD_WORKING_DIRECTORY="$wd" "$sv" --stats=rel.json sub/guest.bin
check "rel.json landed in BUILD_WORKING_DIRECTORY" grep -q '^{"exit_code":0,"end":"halted",' "$wd/rel.json"
check "and not in the working directory" test ! -e "$elsewhere/rel.json"

expect "a trailing slash on BUILD_WORKING_DIRECTORY" 0 "$hello" "" \
    env BUILD_WORKING_DIRECTORY="$wd/" "$sv" --stats=sub/rel2.json sub/guest.bin
check "sub/rel2.json landed under BUILD_WORKING_DIRECTORY" test -s "$wd/sub/rel2.json"

cp "$polled_hello" "$elsewhere/here.bin"
expect "without BUILD_WORKING_DIRECTORY: relative to the working directory" 0 "$hello" "" \
    env -u BUILD_WORKING_DIRECTORY "$sv" --stats=cwd.json here.bin
check "cwd.json landed in the working directory" test -s "$elsewhere/cwd.json"
expect "an empty BUILD_WORKING_DIRECTORY is as none" 0 "$hello" "" \
    env BUILD_WORKING_DIRECTORY= "$sv" --stats=cwd2.json here.bin
check "cwd2.json landed in the working directory" test -s "$elsewhere/cwd2.json"

expect "absolute paths are unchanged" 0 "$hello" "" \
    env BUILD_WORKING_DIRECTORY="$wd" "$sv" --stats="$elsewhere/abs.json" "$elsewhere/here.bin"
check "abs.json is where it was named" test -s "$elsewhere/abs.json"
check "and not under BUILD_WORKING_DIRECTORY" test ! -e "$wd$elsewhere/abs.json"
finish
