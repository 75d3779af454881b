// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * Symbolization of a dump's log frames: the log's trace of the crashed
 * task gets addresses, file:line and modules from the unwinder's frames
 * of the same stack (enrich/dump.h collects them).
 */
#ifndef PGR_ENRICH_FRAMES_H
#define PGR_ENRICH_FRAMES_H

#include "error.h"
#include "record.h"

/**
 * Align the log's frames of @p rec with the crashed task's unwound
 * stack and fill what the log lacks; nothing without a crashed task.
 */
struct pgr_error *enrich_frames_from_stack(struct crash_record *rec);

#endif
