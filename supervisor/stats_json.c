#include "supervisor/stats_json.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct out {
    char *buf;
    size_t cap, len;
    bool full;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
    if (o->full)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= o->cap - o->len)
        o->full = true;
    else
        o->len += (size_t)n;
}

/* A JSON string of printable ASCII (anything else becomes '?'). */
static void put_string(struct out *o, const char *s)
{
    if (s == NULL) {
        put(o, "null");
        return;
    }
    put(o, "\"");
    for (; *s != '\0'; s++) {
        char c = (*s >= 0x20 && *s <= 0x7e) ? *s : '?';
        if (c == '"' || c == '\\')
            put(o, "\\%c", c);
        else
            put(o, "%c", c);
    }
    put(o, "\"");
}

/* "pid net" -> ["pid","net"]; "none" -> [] */
static void put_words(struct out *o, const char *words)
{
    put(o, "[");
    const char *p = words != NULL && strcmp(words, "none") != 0 ? words : "";
    bool first = true;
    while (*p != '\0') {
        size_t n = strcspn(p, " ");
        if (n > 0) {
            put(o, "%s\"%.*s\"", first ? "" : ",", (int)n, p);
            first = false;
        }
        p += n;
        p += strspn(p, " ");
    }
    put(o, "]");
}

size_t stats_json_format(const struct stats_report *r, char *buf, size_t cap)
{
    struct out o = {buf, cap, 0, false};
    put(&o, "{\"exit_code\":%d,\"end\":", r->exit_code);
    put_string(&o, r->end);
    put(&o, ",\"detail\":");
    put_string(&o, r->detail);
    put(&o, ",\"mode\":\"%s\",\"wall_time_s\":%.6f,\"kvm_run_time_s\":%.6f,\"exits\":{",
        guest_mode_name(r->mode), r->wall_s, (double)r->run.kvm_run_ns / 1e9);
    uint64_t total = 0;
    for (int k = 0; k < VM_EXIT_KINDS; k++) {
        put(&o, "\"%s\":%llu,", vm_exit_kind_names[k], (unsigned long long)r->run.exits[k]);
        total += r->run.exits[k];
    }
    put(&o, "\"total\":%llu},\"io_exits_by_port\":{", (unsigned long long)total);
    for (unsigned i = 0; i < r->ports->n; i++)
        put(&o, "%s\"0x%x\":{\"out\":%llu,\"in\":%llu}", i ? "," : "", r->ports->entry[i].port,
            (unsigned long long)r->ports->entry[i].out, (unsigned long long)r->ports->entry[i].in);
    if (r->ports->other_in + r->ports->other_out > 0)
        put(&o, "%s\"other\":{\"out\":%llu,\"in\":%llu}", r->ports->n ? "," : "",
            (unsigned long long)r->ports->other_out, (unsigned long long)r->ports->other_in);
    put(&o, "},\"coalesced_writes\":%llu", (unsigned long long)r->run.coalesced_out);
    put(&o,
        ",\"bytes_out\":%llu,\"bytes_in\":%llu,\"input_discarded\":%llu,"
        "\"unclaimed_ports\":{\"reads\":%llu,\"writes\":%llu},"
        "\"mmio\":{\"reads\":%llu,\"writes\":%llu},\"sandbox\":{\"seccomp\":",
        (unsigned long long)r->bytes_out, (unsigned long long)r->bytes_in,
        (unsigned long long)r->input_discarded, (unsigned long long)r->unclaimed_reads,
        (unsigned long long)r->unclaimed_writes, (unsigned long long)r->run.mmio_reads,
        (unsigned long long)r->run.mmio_writes);
    put_string(&o, r->seccomp);
    put(&o, ",\"namespaces\":");
    put_words(&o, r->namespaces);
    put(&o, ",\"namespaces_missing\":");
    put_words(&o, r->namespaces_missing);
    put(&o,
        ",\"uid_switched\":%s,\"capabilities\":\"none\",\"no_new_privs\":true,"
        "\"rlimits\":\"worker: no files, processes, core dumps or file writes\"},"
        "\"strict\":%s}\n",
        r->uid_switched ? "true" : "false", r->strict ? "true" : "false");
    return o.full ? 0 : o.len;
}
