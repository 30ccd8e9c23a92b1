#!/bin/bash
# Load and soak (tests/soak_check.py): 100 supervisors at once, 1000 in a
# row, 4 MB out and 1 MB in, nothing left behind. Not part of //... (about
# a minute and a half): .ci/run runs it as its own phase,
#   bazel test //tests:soak_test
source tests/lib.sh
require_kvm
sv=$1
guests=$tmp/soak_guests
mkdir -p "$guests"
for g in "${@:2}"; do cp -L "$g" "$guests/"; done
exec python3 tests/soak_check.py "$sv" "$guests"
