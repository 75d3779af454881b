// SPDX-License-Identifier: GPL-2.0-or-later
// The knowledge-file reader (src/kb/kb_file.c): a known-bugs file, plain
// or compressed as it ships (zstd; gzip and xz are read too), then the
// index over its entries that matching uses.
#include <unistd.h>

#include "fuzz-subr.h"
#include "kb/kb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd;
	char path[32];
	fuzz_input_file(data, size, &fd, path);
	struct kb kb;
	kb_init(&kb);
	struct pgr_error *err = kb_read(&kb, path);
	if (!err)
		err = kb_build_index(&kb);
	fuzz_done(err);
	kb_deinit(&kb);
	close(fd);
	return 0;
}
