// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "signature/bucket.h"
#include "util.h"

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
}
