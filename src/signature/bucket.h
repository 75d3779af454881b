// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Bucket ids for deduplication: stable across builds and kernel versions
 * because they hold no addresses, offsets or versions.
 */
#ifndef PGR_BUCKET_H
#define PGR_BUCKET_H

#include "record.h"
#include "signature/engine.h"

struct bucket {
	/** "kind:function@module[+signature]", readable. */
	char key[256];
	/** 12 hex digits of FNV-1a over key. */
	char hash[13];
	/**
	 * 12 hex digits of FNV-1a over the first 16 reliable frames as
	 * "normalized@module" (FAF/satyr's kerneloops hash): traces that
	 * differ only in offsets, addresses or kernel build hash alike.
	 */
	char trace_hash[13];
};

/**
 * The bucket of @p rec; the best verdict's signature joins the key when
 * it is at least likely (a possible match is too weak to merge on).
 */
void bucket_compute(const struct crash_record *rec,
		    const struct verdict_vector *verdicts, struct bucket *ret);

#endif
