// SPDX-License-Identifier: GPL-2.0-or-later
// "pagerace merge" on one input of triage JSON Lines, the text and the
// JSON summary both written (to /dev/null).
#include <stdio.h>
#include <unistd.h>

#include "commands.h"
#include "fuzz-subr.h"

// cmd_merge's helpers from main.c, which the harness cannot link (its
// main() is libFuzzer's).
void report_error(struct pgr_error *err)
{
	pgr_error_destroy(err);
}

int exit_code_for(const struct pgr_error *err)
{
	return err->code == PGR_ERROR_NO_MEMORY ? EXIT_INTERNAL :
						  EXIT_USAGE_OR_INPUT;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd;
	char path[32];
	fuzz_input_file(data, size, &fd, path);
	static const char *const formats[] = { "text", "json" };
	for (size_t i = 0; i < 2; i++) {
		char *argv[] = { "merge", "-f", (char *)formats[i], "-o",
				 "/dev/null", path, NULL };
		cmd_merge(6, argv);
	}
	close(fd);
	return 0;
}
