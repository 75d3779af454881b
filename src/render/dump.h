// SPDX-License-Identifier: GPL-2.0-or-later
/**
 * @file
 * What a dump holds, printed instead of an analysis: its kernel log as
 * dmesg prints it (--kernel-log), and what it says about itself
 * (--dump-info).
 */
#ifndef PGR_RENDER_DUMP_H
#define PGR_RENDER_DUMP_H

#include <stdio.h>

#include "enrich/dump.h"
#include "vmcore/printk.h"

void render_kernel_log(const struct printk_log *log, FILE *out);

/**
 * One "key: value" line each: dump, format, arch, release, build-id,
 * kaslr-offset, page-size, cpus, crash-time, complete, each CPU's pid
 * and rip, and the vmlinux that matches the dump.
 */
void render_dump_info(const struct dump_description *d, FILE *out);

#endif
