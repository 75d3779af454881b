// SPDX-License-Identifier: GPL-2.0-or-later
// vmlinux's ORC tables read from the dump, for a report without vmlinux:
// .orc_unwind_ip and .orc_unwind are allocated sections, so the kernel
// keeps them in memory between the linker's __start_/__stop_ symbols
// (found through the dump's kallsyms).
#include <inttypes.h>
#include <stdlib.h>

#include "vmcore/kernel_priv.h" // IWYU pragma: associated

/** Entries of any real kernel (6.12: ~380k); bounds a corrupt table. */
static const uint64_t MAX_ORC_ENTRIES = 1u << 23;

static bool find(struct vmcore_kernel *k, const char *name, uint64_t *ret)
{
	return symtab_find_name(&k->syms, name, ret);
}

// An ip table the kernel can binary-search is sorted (the build sorts
// it: scripts/sorttable), its ips are nearly all in the kernel's text
// (a few end markers are not) and few entries say "no rule"; bytes that
// are not so (pages lost, zeroed) are refused instead of unwound with.
static struct pgr_error *check_table(struct vmcore_kernel *k,
				     const struct orc_table *t)
{
	uint64_t prev = 0;
	size_t in_text = 0, undefined = 0;
	for (size_t i = 0; i < t->n; i++) {
		uint64_t ip = orc_table_ip(t, i);
		if (ip < prev || ip < KERNEL_MAP_START)
			return pgr_error_format(
				PGR_ERROR_BAD_DATA,
				"the ORC table read from the dump is not sorted kernel addresses (entry %zu: 0x%" PRIx64
				")",
				i, ip);
		prev = ip;
		in_text += kernel_is_text(k, ip);
		struct orc_entry e;
		orc_decode(&k->orc_format, t->entries + 6 * i, &e);
		undefined += e.type == ORC_T_UNDEFINED;
	}
	if (in_text < t->n - t->n / 10 || undefined > t->n / 2)
		return pgr_error_format(
			PGR_ERROR_BAD_DATA,
			"the ORC tables read from the dump are not ORC tables (of %zu entries %zu are in the kernel's text, %zu without a rule): lost or zeroed pages?",
			t->n, in_text, undefined);
	return NULL;
}

// The ORC entry layout must be known: BTF's struct orc_entry, or a
// kernel before 6.4's .orc_header (the legacy layout); a kernel with
// the header but no struct in its BTF has a layout we would only guess.
static struct pgr_error *check_format(struct vmcore_kernel *k)
{
	unsigned int bit, width;
	uint64_t header;
	if (types_bitfield(k, "orc_entry", "sp_reg", &bit, &width) ||
	    !find(k, "__start_orc_header", &header))
		return NULL;
	return pgr_error_create(
		PGR_ERROR_UNSUPPORTED,
		"the kernel has an .orc_header but its BTF no struct orc_entry: the ORC layout is unknown");
}

struct pgr_error *orc_load_dump(struct vmcore_kernel *k)
{
	uint64_t ip_start, ip_stop, orc_start, orc_stop;
	if (!find(k, "__start_orc_unwind_ip", &ip_start) ||
	    !find(k, "__stop_orc_unwind_ip", &ip_stop) ||
	    !find(k, "__start_orc_unwind", &orc_start) ||
	    !find(k, "__stop_orc_unwind", &orc_stop))
		return pgr_error_create(
			PGR_ERROR_NOT_FOUND,
			"the kernel has no ORC tables (no __start_orc_unwind_ip in kallsyms: not built with CONFIG_UNWINDER_ORC)");
	uint64_t n = (ip_stop - ip_start) / 4;
	if (ip_stop < ip_start || orc_stop < orc_start || !n ||
	    n > MAX_ORC_ENTRIES || (orc_stop - orc_start) / 6 != n)
		return pgr_error_format(
			PGR_ERROR_BAD_DATA,
			"the ORC tables' bounds disagree: 0x%" PRIx64
			" bytes of ips, 0x%" PRIx64 " bytes of entries",
			ip_stop - ip_start, orc_stop - orc_start);
	struct pgr_error *err = check_format(k);
	if (err)
		return err;
	k->orc_ip_buf = malloc(n * 4);
	k->orc_buf = malloc(n * 6);
	if (!k->orc_ip_buf || !k->orc_buf)
		return &pgr_enomem;
	err = vmcore_read(k->dump, ip_start, k->orc_ip_buf, n * 4);
	if (!err)
		err = vmcore_read(k->dump, orc_start, k->orc_buf, n * 6);
	if (err)
		return pgr_error_prefix(
			err,
			"the ORC tables cannot be read from the dump (filtered out?)");
	struct orc_table t = { .ip_addr = ip_start,
			       .ip = k->orc_ip_buf,
			       .entries = k->orc_buf,
			       .n = n };
	if ((err = check_table(k, &t)) ||
	    (err = orc_format_regs_from(&k->orc_format, &t,
					"the ORC tables read from the dump")))
		return err;
	k->orc = t;
	return NULL;
}
