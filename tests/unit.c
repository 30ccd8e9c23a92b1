#include "tests/unit.h"

struct unit_state unit;

int unit_summary(void)
{
    printf("%d passed, %d failed\n", unit.passed, unit.failed);
    return unit.failed ? 1 : 0;
}
