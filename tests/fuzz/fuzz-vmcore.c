// SPDX-License-Identifier: GPL-2.0-or-later
// The vmcore opener on kdump-compressed and ELF files, libkdumpfile
// included: the header checks, kdump_open_fd, VMCOREINFO, and the
// printk ring reader on whatever memory the input holds.
#include <unistd.h>

#include "fuzz-subr.h"
#include "pipeline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd;
	char path[32];
	fuzz_input_file(data, size, &fd, path);
	fuzz_done(print_kernel_log(path, fuzz_null_stream()));
	close(fd);
	return 0;
}
