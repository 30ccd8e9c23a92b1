/* ipc_decode_fuzz.c - libFuzzer harness for the ipc decoder (ipc/ipc_codec.c)
 * in one direction, chosen at build time: IPC_FUZZ_FROM is IPC_FROM_WORKER
 * (what the supervisor decodes: //fuzz:ipc_from_worker_fuzz) or
 * IPC_FROM_SUPERVISOR (what the worker decodes: //fuzz:ipc_from_supervisor_fuzz).
 * The input is one datagram. Whatever it holds, the decoder must not crash or
 * read outside it; a rejection names its rule; an accepted message is of a
 * type this sender may send, the other direction rejects the same bytes,
 * every pointer it returns lies inside the datagram, and re-encoding it gives
 * back exactly the same bytes (nothing accepted is lost or reinterpreted). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipc/ipc_codec.h"

#ifndef IPC_FUZZ_FROM
#error "build with -DIPC_FUZZ_FROM=IPC_FROM_WORKER or IPC_FROM_SUPERVISOR"
#endif

#define ASSERT(c)                                                                                  \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            fprintf(stderr, "ipc_decode_fuzz: %s failed\n", #c);                                   \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

static int inside(const void *p, size_t n, const uint8_t *buf, size_t len)
{
    const uint8_t *q = p;
    return q >= buf && n <= len && (size_t)(q - buf) <= len - n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    /* A copy of exactly `len` bytes, so that ASan sees any read past it. */
    uint8_t *buf = malloc(len ? len : 1);
    if (buf == NULL)
        return 0;
    memcpy(buf, data, len);
    struct ipc_msg m;
    const char *why = NULL;
    if (ipc_decode(buf, len, IPC_FUZZ_FROM, &m, &why) != 0) {
        ASSERT(why != NULL && why[0] != '\0');
        free(buf);
        return 0;
    }
    ASSERT(m.type >= 1 && m.type <= IPC_TYPE_MAX);
    ASSERT(ipc_msg_table[m.type].name != NULL);
    ASSERT(ipc_msg_table[m.type].sender == IPC_FUZZ_FROM);

    enum ipc_sender other =
        IPC_FUZZ_FROM == IPC_FROM_WORKER ? IPC_FROM_SUPERVISOR : IPC_FROM_WORKER;
    struct ipc_msg m2;
    const char *why2 = NULL;
    ASSERT(ipc_decode(buf, len, other, &m2, &why2) != 0);

    switch (m.type) {
    case IPC_IO_OUT:
    case IPC_OUT_BATCH:
        ASSERT(inside(m.u.io.data, (size_t)m.u.io.size * m.u.io.count, buf, len));
        /* fallthrough */
    case IPC_IO_IN:
        ASSERT(m.u.io.size == 1 || m.u.io.size == 2 || m.u.io.size == 4);
        ASSERT(m.u.io.count >= 1 && (uint64_t)m.u.io.size * m.u.io.count <= IPC_MAX_IO_BYTES);
        break;
    case IPC_IN_DATA:
        ASSERT(m.u.in_data.len >= 1 && m.u.in_data.len <= IPC_MAX_IO_BYTES);
        ASSERT(inside(m.u.in_data.data, m.u.in_data.len, buf, len));
        break;
    case IPC_FAULT:
        ASSERT(m.u.fault.len >= 1 && m.u.fault.len <= IPC_MAX_TEXT);
        ASSERT(inside(m.u.fault.text, m.u.fault.len, buf, len));
        for (unsigned i = 0; i < m.u.fault.len; i++)
            ASSERT(m.u.fault.text[i] >= 0x20 && m.u.fault.text[i] <= 0x7e);
        break;
    case IPC_CPU_STATE:
        ASSERT(m.u.cpu.code_len <= IPC_CODE_BYTES && m.u.cpu.mode <= 2);
        break;
    default:
        break;
    }

    static uint8_t out[IPC_MAX_MSG];
    const char *ewhy = NULL;
    size_t n = ipc_encode(&m, out, sizeof out, &ewhy);
    if (n == 0)
        fprintf(stderr, "ipc_decode_fuzz: re-encoding failed: %s\n", ewhy ? ewhy : "?");
    ASSERT(n == len);
    ASSERT(memcmp(out, buf, len) == 0);
    free(buf);
    return 0;
}
