// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>

#include "render/dump.h" // IWYU pragma: associated

void render_kernel_log(const struct printk_log *log, FILE *out)
{
	fwrite(log->text, 1, log->len, out);
}

void render_dump_info(const struct dump_description *d, FILE *out)
{
	const struct vmcore_facts *f = d->facts;
	fprintf(out, "dump: %s\nformat: %s\narch: %s\nrelease: %s\n", d->path,
		f->format, f->arch, f->release);
	fprintf(out, "build-id: %s\n", f->build_id ? f->build_id : "none");
	fprintf(out,
		"kaslr-offset: 0x%" PRIx64 "\npage-size: %" PRIu64
		"\ncpus: %u\ncrash-time: %" PRId64 "\n",
		f->kaslr_offset, f->page_size, f->ncpus, f->crash_time);
	fprintf(out, "complete: %s%s\n", f->incomplete ? "no: " : "yes",
		f->incomplete ? f->incomplete : "");
	for (unsigned int i = 0; i < d->ncpus; i++)
		fprintf(out, "cpu %u: pid %" PRId64 " rip 0x%" PRIx64 "\n",
			d->cpus[i].cpu, d->cpus[i].pid, d->cpus[i].rip);
	if (d->vmlinux_err)
		fprintf(out, "vmlinux: none: %s\n", d->vmlinux_err->message);
	else
		fprintf(out, "vmlinux: %s\n", d->vmlinux);
}
