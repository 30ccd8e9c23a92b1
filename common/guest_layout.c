#include "common/guest_layout.h"

const char *guest_mode_name(enum guest_mode mode)
{
    switch (mode) {
    case GUEST_MODE_REAL:
        return "real";
    case GUEST_MODE_PROTECTED:
        return "protected";
    case GUEST_MODE_LONG:
        return "long";
    }
    return "?";
}
