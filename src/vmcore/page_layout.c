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

#define MAP(f, t, m) TYPES_FIELD(struct page_offsets, f, t, m)
static const struct types_field page_fields[] = {
	MAP(size, "page", NULL),
	// page.flags became memdesc_flags_t { unsigned long f; } in 6.18
	// (53fbef56e07d).
	MAP(flags, "page", "flags.f|flags"),
	// compound_head became compound_info in 7.1 (d50569612c29).
	MAP(compound_head, "page", "compound_info"),
	MAP(mapping, "page", "mapping"),
	// page.index became __folio_index in 6.16 (acc53a0b4c15).
	MAP(index, "page", "index|__folio_index"),
	MAP(refcount, "page", "_refcount"),
	MAP(mapcount, "page", "_mapcount"),
	MAP(xa_head, "xarray", "xa_head"),
	MAP(xn_shift, "xa_node", "shift"),
	MAP(xn_slots, "xa_node", "slots"),
	MAP(xn_marks, "xa_node", "marks"),
	MAP(as_size, "address_space", NULL),
	MAP(as_host, "address_space", "host"),
	MAP(as_i_pages, "address_space", "i_pages"),
	MAP(as_nrpages, "address_space", "nrpages"),
	MAP(as_a_ops, "address_space", "a_ops"),
	MAP(as_flags, "address_space", "flags"),
	MAP(i_ino, "inode", "i_ino"),
	MAP(i_size, "inode", "i_size"),
	MAP(i_sb, "inode", "i_sb"),
	MAP(i_mapping, "inode", "i_mapping"),
	MAP(i_dentry, "inode", "i_dentry"),
	MAP(sb_type, "super_block", "s_type"),
	MAP(fst_name, "file_system_type", "name"),
	MAP(d_alias, "dentry", "d_u.d_alias"),
	MAP(d_name, "dentry", "d_name.name"),
	// struct slab since 5.17 (d122019bf061), page.slab_cache before.
	MAP(slab_cache, "slab", "slab_cache"),
	MAP(slab_freelist, "slab", "freelist"),
	MAP(kc_name, "kmem_cache", "name"),
	MAP(kc_size, "kmem_cache", "size"),
	MAP(kc_offset, "kmem_cache", "offset"),
	MAP(kc_random, "kmem_cache", "random"),
	MAP(kc_cpu_slab, "kmem_cache", "cpu_slab"),
	MAP(kcc_freelist, "kmem_cache_cpu", "freelist"),
	// kmem_cache_cpu.page became .slab with struct slab (5.17).
	MAP(kcc_slab, "kmem_cache_cpu", "slab|page"),
	MAP(kc_cpu_sheaves, "kmem_cache", "cpu_sheaves"),
	MAP(pcs_sheaf[0], "slub_percpu_sheaves", "main"),
	MAP(pcs_sheaf[1], "slub_percpu_sheaves", "spare"),
	MAP(pcs_sheaf[2], "slub_percpu_sheaves", "rcu_free"),
	MAP(sheaf_size, "slab_sheaf", "size"),
	MAP(sheaf_objects, "slab_sheaf", "objects"),
};
#undef MAP

static void mapping_layout(struct vmcore_kernel *k, struct page_offsets *o)
{
	if (o->slab_cache < 0) {
		o->slab_cache = types_offset(k, "page", "slab_cache");
		o->slab_freelist = types_offset(k, "page", "freelist");
	}
}

bool page_layout(struct vmcore_kernel *k, struct page_offsets *o)
{
	memset(o, 0, sizeof(*o));
	types_resolve(k, page_fields,
		      sizeof(page_fields) / sizeof(page_fields[0]), o);
	o->head_info = o->compound_head >= 0;
	if (!o->head_info)
		o->compound_head = types_offset(k, "page", "compound_head");
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
