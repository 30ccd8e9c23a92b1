#!/bin/bash
# The docs agree with the code: see tests/docs_test.py.
exec python3 tests/docs_test.py "$@"
