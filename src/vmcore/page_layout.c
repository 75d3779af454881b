// SPDX-License-Identifier: GPL-2.0-or-later
// Where struct page, folio, address_space, xarray and inode keep their
// fields in this kernel.  Every choice is made from the types the kernel
// itself carries (BTF member and enumerator presence, VMCOREINFO), never
// from its version string: distribution kernels backport layout changes.
// Each guess is checked against an invariant before it is used.
#include <stdio.h>
#include <string.h>

#include "vmcore/kernel_priv.h"
#include "vmcore/page.h" // IWYU pragma: associated

static void pageflag_bits(struct vmcore_kernel *k, struct page_offsets *o)
{
	static const struct {
		const char *name;
		size_t off;
	} want[] = {
		{ "PG_locked", offsetof(struct page_offsets, pg_locked) },
		{ "PG_writeback", offsetof(struct page_offsets, pg_writeback) },
		{ "PG_head", offsetof(struct page_offsets, pg_head) },
		{ "PG_slab", offsetof(struct page_offsets, pg_slab) },
		{ "PG_lru", offsetof(struct page_offsets, pg_lru) },
		{ "PG_uptodate", offsetof(struct page_offsets, pg_uptodate) },
		{ "__NR_PAGEFLAGS",
		  offsetof(struct page_offsets, nr_pageflags) },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		int64_t v;
		int *dst = (int *)((char *)o + want[i].off);
		*dst = types_enumerator(k, "pageflags", want[i].name, &v) &&
				       v >= 0 && v < 64 ?
			       (int)v :
			       -1;
	}
	// Names by bit: the first enumerator of each bit (later ones are
	// aliases such as PG_checked for PG_owner_priv_1).
	size_t n = types_enum_count(k, "pageflags");
	for (size_t i = 0; i < n; i++) {
		int64_t bit;
		const char *name = types_enum_entry(k, "pageflags", i, &bit);
		if (!name || bit < 0 || bit >= 64 ||
		    (o->nr_pageflags >= 0 && bit >= o->nr_pageflags) ||
		    o->flag_name[bit])
			continue;
		o->flag_name[bit] = strncmp(name, "PG_", 3) == 0 ? name + 3 :
								   name;
	}
}

// A page type from a VMCOREINFO value such as PAGE_BUDDY_MAPCOUNT_VALUE:
// ~PG_buddy (-129) in the inverted scheme, PGTY_buddy << 24 since 6.12.
struct page_type_test page_type_from_mapcount_value(uint32_t v)
{
	if (v && !(v & 0x00ffffffu) && (v >> 24) >= 0x80)
		return (struct page_type_test){ PAGE_TYPE_TOP_BYTE, v >> 24 };
	uint32_t bit = ~v;
	// One bit below PAGE_TYPE_BASE.
	if (bit && !(bit & (bit - 1)) && bit < 0xf0000000u)
		return (struct page_type_test){ PAGE_TYPE_INVERTED, bit };
	return (struct page_type_test){ PAGE_TYPE_UNKNOWN, 0 };
}

// enum pagetype in BTF: PGTY_<name> (6.12+: the top byte), or PG_<name>
// with PAGE_TYPE_BASE (6.10-6.11: inverted bits); else VMCOREINFO's
// NUMBER(PAGE_<NAME>_MAPCOUNT_VALUE), which 6.1 has for buddy.
static struct page_type_test page_type(struct vmcore_kernel *k,
				       const char *pgty, const char *pg,
				       const char *vmcoreinfo)
{
	int64_t v, base;
	if (types_enumerator(k, "pagetype", pgty, &v) && v >= 0x80 && v <= 0xfe)
		return (struct page_type_test){ PAGE_TYPE_TOP_BYTE,
						(uint32_t)v };
	if (types_enumerator(k, "pagetype", pg, &v) &&
	    types_enumerator(k, "pagetype", "PAGE_TYPE_BASE", &base) &&
	    (uint32_t)base == 0xf0000000u && v > 0 && !(v & (v - 1)) &&
	    v < 0x10000000)
		return (struct page_type_test){ PAGE_TYPE_INVERTED,
						(uint32_t)v };
	if (types_vmcoreinfo_number(k, vmcoreinfo, &v))
		return page_type_from_mapcount_value((uint32_t)v);
	return (struct page_type_test){ PAGE_TYPE_UNKNOWN, 0 };
}

bool page_type_is(const struct page_type_test *t, uint32_t page_type)
{
	switch (t->scheme) {
	case PAGE_TYPE_INVERTED:
		return (page_type & (0xf0000000u | t->value)) == 0xf0000000u;
	case PAGE_TYPE_TOP_BYTE:
		return page_type >> 24 == t->value;
	default:
		return false;
	}
}

static void order_layout(struct vmcore_kernel *k, struct page_offsets *o)
{
	int64_t off;
	o->order_off = -1;
	o->order_member = NULL;
	// folio._folio_order (6.1-6.5) overlays page[1].compound_order.
	if ((off = types_offset(k, "folio", "_folio_order")) >= 0) {
		o->order_off = off;
		o->order_member = "folio._folio_order";
	} else if ((off = types_offset(k, "page", "compound_order")) >= 0 &&
		   o->size > 0) {
		// Up to 6.0 in the first tail page.
		o->order_off = o->size + off;
		o->order_member = "page[1].compound_order";
	} else if ((off = types_offset(k, "folio", "_flags_1")) >= 0) {
		// 6.6 (ebc1baf5c9b4): the low byte of the first tail's flags;
		// 6.18 wraps them in memdesc_flags_t, whose .f is at 0.  x86-64
		// is little-endian: the low byte is the first.
		o->order_off = off;
		o->order_member = "folio._flags_1 & 0xff";
	}
	// The order's byte is in the first tail page.
	if (o->order_off >= 0 && o->size > 0 &&
	    (o->order_off < o->size || o->order_off >= 2 * o->size)) {
		o->order_off = -1;
		o->problem = "the compound order is not in the first tail page";
	}
}

static void xarray_layout(struct vmcore_kernel *k, struct page_offsets *o)
{
	int64_t v;
	o->xa_head = types_offset(k, "xarray", "xa_head");
	o->xn_shift = types_offset(k, "xa_node", "shift");
	o->xn_slots = types_offset(k, "xa_node", "slots");
	o->xn_marks = types_offset(k, "xa_node", "marks");
	// XA_CHUNK_SIZE: the slots array runs up to the marks (64 on
	// x86-64 with CONFIG_BASE_SMALL off); it must be a power of two.
	o->xa_chunk = o->xn_slots >= 0 && o->xn_marks > o->xn_slots ?
			      (o->xn_marks - o->xn_slots) / 8 :
			      -1;
	if (o->xa_chunk < 2 || o->xa_chunk > 256 ||
	    (o->xa_chunk & (o->xa_chunk - 1))) {
		o->xa_chunk = -1;
		o->xn_marks = -1;
	}
	o->as_no_wb_tags = types_enumerator(k, "mapping_flags",
					    "AS_NO_WRITEBACK_TAGS", &v) &&
					   v >= 0 && v < 64 ?
				   (int)v :
				   -1;
}

static void mapping_layout(struct vmcore_kernel *k, struct page_offsets *o)
{
	o->as_size = types_size(k, "address_space");
	o->as_host = types_offset(k, "address_space", "host");
	o->as_i_pages = types_offset(k, "address_space", "i_pages");
	o->as_nrpages = types_offset(k, "address_space", "nrpages");
	o->as_a_ops = types_offset(k, "address_space", "a_ops");
	o->as_flags = types_offset(k, "address_space", "flags");
	o->i_ino = types_offset(k, "inode", "i_ino");
	o->i_size = types_offset(k, "inode", "i_size");
	o->i_sb = types_offset(k, "inode", "i_sb");
	o->i_mapping = types_offset(k, "inode", "i_mapping");
	o->i_dentry = types_offset(k, "inode", "i_dentry");
	o->sb_type = types_offset(k, "super_block", "s_type");
	o->fst_name = types_offset(k, "file_system_type", "name");
	o->d_alias = types_offset(k, "dentry", "d_u.d_alias");
	o->d_name = types_offset(k, "dentry", "d_name.name");
	// struct slab since 5.17 (d122019bf061), page.slab_cache before.
	o->slab_cache = types_offset(k, "slab", "slab_cache");
	o->slab_freelist = types_offset(k, "slab", "freelist");
	if (o->slab_cache < 0) {
		o->slab_cache = types_offset(k, "page", "slab_cache");
		o->slab_freelist = types_offset(k, "page", "freelist");
	}
	o->kc_name = types_offset(k, "kmem_cache", "name");
	o->kc_size = types_offset(k, "kmem_cache", "size");
	o->kc_offset = types_offset(k, "kmem_cache", "offset");
	o->kc_random = types_offset(k, "kmem_cache", "random");
	o->kc_cpu_slab = types_offset(k, "kmem_cache", "cpu_slab");
	o->kcc_freelist = types_offset(k, "kmem_cache_cpu", "freelist");
	// kmem_cache_cpu.page became .slab with struct slab (5.17).
	static const char *const cpu_slab[] = { "slab", "page", NULL };
	o->kcc_slab = types_offset_any(k, "kmem_cache_cpu", cpu_slab);
	static const char *const sheaf[] = { "main", "spare", "rcu_free" };
	o->kc_cpu_sheaves = types_offset(k, "kmem_cache", "cpu_sheaves");
	for (size_t i = 0; i < 3; i++)
		o->pcs_sheaf[i] =
			types_offset(k, "slub_percpu_sheaves", sheaf[i]);
	o->sheaf_size = types_offset(k, "slab_sheaf", "size");
	o->sheaf_objects = types_offset(k, "slab_sheaf", "objects");
}

bool page_layout(struct vmcore_kernel *k, struct page_offsets *o)
{
	memset(o, 0, sizeof(*o));
	// page.index became __folio_index in 6.16 (acc53a0b4c15).
	static const char *const index[] = { "index", "__folio_index", NULL };
	// page.flags became memdesc_flags_t { unsigned long f; } in 6.18
	// (53fbef56e07d).
	static const char *const flags[] = { "flags.f", "flags", NULL };
	// compound_head became compound_info in 7.1 (d50569612c29).
	static const char *const info[] = { "compound_info", NULL };
	o->size = types_size(k, "page");
	o->flags = types_offset_any(k, "page", flags);
	o->compound_head = types_offset_any(k, "page", info);
	o->head_info = o->compound_head >= 0;
	if (!o->head_info)
		o->compound_head = types_offset(k, "page", "compound_head");
	o->mapping = types_offset(k, "page", "mapping");
	o->index = types_offset_any(k, "page", index);
	o->refcount = types_offset(k, "page", "_refcount");
	o->mapcount = types_offset(k, "page", "_mapcount");
	order_layout(k, o);
	xarray_layout(k, o);
	mapping_layout(k, o);
	pageflag_bits(k, o);
	o->buddy = page_type(k, "PGTY_buddy", "PG_buddy",
			     "PAGE_BUDDY_MAPCOUNT_VALUE");
	o->slab = page_type(k, "PGTY_slab", "PG_slab",
			    "PAGE_SLAB_MAPCOUNT_VALUE");
	// Invariants: one word each, inside a struct page of sane size;
	// BTF and VMCOREINFO agree on the size.
	int64_t info_size;
	int64_t *words[] = { &o->flags, &o->compound_head, &o->mapping,
			     &o->index };
	if (o->size < 32 || o->size > 256 || o->flags < 0 || o->mapping < 0 ||
	    o->refcount < 0 || o->refcount + 4 > o->size) {
		o->problem = "struct page has no flags, mapping or _refcount";
		return false;
	}
	if (types_vmcoreinfo_number(k, "SIZE(page)", &info_size) &&
	    info_size != o->size) {
		o->problem =
			"struct page's size differs between BTF and VMCOREINFO";
		return false;
	}
	// VMCOREINFO exports the offsets makedumpfile needs; BTF must agree.
	static const struct {
		const char *key;
		size_t off;
	} exported[] = {
		{ "OFFSET(page.flags)", offsetof(struct page_offsets, flags) },
		{ "OFFSET(page._refcount)",
		  offsetof(struct page_offsets, refcount) },
		{ "OFFSET(page.mapping)",
		  offsetof(struct page_offsets, mapping) },
		{ "OFFSET(page._mapcount)",
		  offsetof(struct page_offsets, mapcount) },
		{ "OFFSET(page.compound_head)",
		  offsetof(struct page_offsets, compound_head) },
		{ "OFFSET(page.compound_info)",
		  offsetof(struct page_offsets, compound_head) },
	};
	for (size_t i = 0; i < sizeof(exported) / sizeof(exported[0]); i++) {
		int64_t v, mine = *(int64_t *)((char *)o + exported[i].off);
		if (types_vmcoreinfo_number(k, exported[i].key, &v) &&
		    v != mine) {
			o->problem =
				"struct page's offsets differ between BTF and VMCOREINFO";
			return false;
		}
	}
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (*words[i] + 8 > o->size || *words[i] % 8)
			*words[i] = -1;
	if (o->mapcount + 4 > o->size)
		o->mapcount = -1;
	if (o->flags < 0 || o->mapping < 0) {
		o->problem = "struct page's flags or mapping is not a word";
		return false;
	}
	return true;
}
