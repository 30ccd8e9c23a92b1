"""pycheck - the Python tests' side of tests/lib.sh: one ok/FAIL line per
check, and the closing "N passed, N failed" line every test ends with
(tools/test_summary.sh counts it)."""
import sys

_counts = {"passed": 0, "failed": 0}


def check(name, ok, detail=""):
    if ok:
        _counts["passed"] += 1
        print("ok   " + name)
    else:
        _counts["failed"] += 1
        print("FAIL " + name + (": " + detail if detail else ""))
    sys.stdout.flush()


def finish():
    """Print the closing line and exit 0, or 1 if a check failed."""
    print("%d passed, %d failed" % (_counts["passed"], _counts["failed"]))
    sys.exit(0 if _counts["failed"] == 0 else 1)
