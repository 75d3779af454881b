// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>

#include "vmcore/source.h" // IWYU pragma: associated

struct pgr_error *vmcore_source_open(const char *path,
				     struct vmcore_source **ret)
{
	struct vmcore_source *src = calloc(1, sizeof(*src));
	if (!src)
		return &pgr_enomem;
	src->path = path;
	struct pgr_error *err = vmcore_dump_open(path, &src->dump);
	if (err) {
		free(src);
		return err;
	}
	*ret = src;
	return NULL;
}

void vmcore_source_read_log(struct vmcore_source *src,
			    unsigned int printk_flags)
{
	printk_log_deinit(&src->log);
	pgr_error_destroy(src->log_err);
	src->log_err = printk_read(src->dump, printk_flags, &src->log);
}

void vmcore_source_close(struct vmcore_source *src)
{
	if (!src)
		return;
	pgr_error_destroy(src->log_err);
	printk_log_deinit(&src->log);
	vmcore_dump_close(src->dump);
	free(src);
}
