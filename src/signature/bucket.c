// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "signature/bucket.h"
#include "util.h"

enum { TRACE_HASH_FRAMES = 16 };

static void trace_hash_compute(const struct crash_record *rec, char ret[13])
{
	uint64_t h = FNV1A64_INIT;
	int n = 0;
	vector_for_each(const struct frame, f, &rec->frames) {
		if (!f->reliable || !f->normalized)
			continue;
		const char *mod = f->module ? f->module : "vmlinux";
		h = fnv1a64(h, f->normalized, strlen(f->normalized));
		h = fnv1a64(h, "@", 1);
		// The NUL separates frames: "a@b" "c" differs from "a@bc".
		h = fnv1a64(h, mod, strlen(mod) + 1);
		if (++n == TRACE_HASH_FRAMES)
			break;
	}
	snprintf(ret, 13, "%012" PRIx64, h & UINT64_C(0xffffffffffff));
}

void bucket_compute(const struct crash_record *rec,
		    const struct verdict_vector *verdicts, struct bucket *ret)
{
	const struct frame *g = crash_record_guilty(rec);
	const char *sig = NULL;
	if (verdicts && verdicts->size &&
	    verdicts->data[0].level >= VERDICT_LIKELY)
		sig = verdicts->data[0].rule->id;
	snprintf(ret->key, sizeof(ret->key), "%s:%s@%s%s%s",
		 crash_kind_name(rec->kind), g ? g->normalized : "?",
		 g && g->module ? g->module : "vmlinux", sig ? "+" : "",
		 sig ? sig : "");
	uint64_t h = fnv1a64(FNV1A64_INIT, ret->key, strlen(ret->key));
	snprintf(ret->hash, sizeof(ret->hash), "%012" PRIx64,
		 h & UINT64_C(0xffffffffffff));
	trace_hash_compute(rec, ret->trace_hash);
}
