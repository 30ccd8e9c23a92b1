/* ipc_codec.h - the one encoder/decoder of ipc messages, used by both sides.
 *
 * Pure functions over byte buffers (no I/O), so they are unit-tested and
 * fuzzed directly. The decoder enforces the message table and every field.
 */
#ifndef SCRATCHVM_IPC_CODEC_H
#define SCRATCHVM_IPC_CODEC_H

#include "ipc/ipc_proto.h"

/* Encode `m` into `buf` (at least IPC_MAX_MSG bytes). Returns the message
 * length, or 0 when `m` itself is invalid (sets *why). */
size_t ipc_encode(const struct ipc_msg *m, uint8_t *buf, size_t cap, const char **why);

/* Decode one message received from `from`. Returns 0 and fills `out`, or -1
 * with *why naming the broken rule (a static string). */
int ipc_decode(const uint8_t *buf, size_t len, enum ipc_sender from, struct ipc_msg *out,
               const char **why);

#endif
