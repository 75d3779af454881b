// SPDX-License-Identifier: GPL-2.0-or-later
// Page forensics on synthetic kernels: the struct page layout of each
// series decided from its (synthetic) BTF, and every finding decided on
// synthetic memory holding the states the races leave behind.  The
// struct layouts follow include/linux/mm_types.h of each series; the
// offsets are ours (the decoder must take them from the types).
#include <bpf/btf.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "tap.h"
#include "vmcore/kernel_priv.h"
#include "vmcore/page.h"

/* The series whose layouts differ (see page.h for the commits). */
enum series {
	S_6_1, /* page.compound_order, folio._folio_order, PG_slab */
	S_6_6, /* folio._flags_1 holds the order */
	S_6_10, /* PG_slab -> page type, inverted bits */
	S_6_12, /* page type in the top byte */
	S_6_16, /* __folio_index */
	S_6_18, /* memdesc_flags_t */
	S_7_1, /* compound_info, may hold a mask */
	S_COUNT
};
static const char *const series_name[] = { "6.1",  "6.6",  "6.10", "6.12",
					   "6.16", "6.18", "7.1" };

/* Offsets of our synthetic structs. */
enum {
	PAGE_SIZE_STRUCT = 64,
	OFF_FLAGS = 0,
	OFF_HEAD = 8,
	OFF_MAPPING = 24,
	OFF_INDEX = 32,
	OFF_MAPCOUNT = 48,
	OFF_REFCOUNT = 52,
	OFF_ORDER_61 = 17, /* in page[1] */
	AS_HOST = 0,
	AS_I_PAGES = 8, /* xarray: xa_flags at +4, xa_head at +8 */
	AS_FLAGS = 24,
	AS_NRPAGES = 32,
	AS_A_OPS = 40,
	AS_SIZE = 64,
	I_SB = 8,
	I_MAPPING = 16,
	I_INO = 24,
	I_SIZE = 32,
	XN_SHIFT = 0,
	XN_SLOTS = 8,
	XN_MARKS = 8 + 64 * 8,
	SLAB_CACHE = 8,
	SLAB_FREELIST = 16,
	KC_SIZE = 8,
	KC_OFFSET = 12,
	KC_NAME = 16,
	KC_RANDOM = 24,
	KC_CPU_SLAB = 32,
	KCC_FREELIST = 0,
	KCC_SLAB = 16,
	KC_CPU_SHEAVES = 40,
	PCS_MAIN = 8,
	SHEAF_SIZE = 24,
	SHEAF_OBJECTS = 32,
	AS_NO_WB_TAGS = 5,
};

/* Page flag bits (enum pageflags; ours). */
enum {
	PG_locked = 0,
	PG_writeback = 1,
	PG_uptodate = 3,
	PG_lru = 5,
	PG_head = 6,
	PG_slab = 9,
	NR_PAGEFLAGS = 22
};

static int add_struct(struct btf *b, const char *name, unsigned int size)
{
	return btf__add_struct(b, name, size);
}

static void field(struct btf *b, const char *name, int type, unsigned int off)
{
	btf__add_field(b, name, type, off * 8, 0);
}

static struct btf *series_btf(enum series s)
{
	struct btf *b = btf__new_empty();
	int ul = btf__add_int(b, "long unsigned int", 8, 0);
	int u32 = btf__add_int(b, "unsigned int", 4, 0);
	int u8 = btf__add_int(b, "unsigned char", 1, 0);
	int ptr = btf__add_ptr(b, 0);
	int flags_type = ul;
	if (s >= S_6_18) {
		// typedef struct { unsigned long f; } memdesc_flags_t;
		int anon = add_struct(b, NULL, 8);
		field(b, "f", ul, 0);
		flags_type = btf__add_typedef(b, "memdesc_flags_t", anon);
	}
	add_struct(b, "page", PAGE_SIZE_STRUCT);
	field(b, "flags", flags_type, OFF_FLAGS);
	field(b, s >= S_7_1 ? "compound_info" : "compound_head", ul, OFF_HEAD);
	if (s == S_6_1)
		field(b, "compound_order", u8, OFF_ORDER_61);
	field(b, "mapping", ptr, OFF_MAPPING);
	field(b, s >= S_6_16 ? "__folio_index" : "index", ul, OFF_INDEX);
	field(b, "_mapcount", u32, OFF_MAPCOUNT);
	field(b, "_refcount", u32, OFF_REFCOUNT);
	add_struct(b, "folio", 4 * PAGE_SIZE_STRUCT);
	field(b, "flags", flags_type, 0);
	if (s == S_6_1)
		field(b, "_folio_order", u8, PAGE_SIZE_STRUCT + OFF_ORDER_61);
	else
		field(b, "_flags_1", flags_type, PAGE_SIZE_STRUCT);
	int xarray = add_struct(b, "xarray", 16);
	field(b, "xa_flags", u32, 4);
	field(b, "xa_head", ptr, 8);
	add_struct(b, "address_space", AS_SIZE);
	field(b, "host", ptr, AS_HOST);
	field(b, "i_pages", xarray, AS_I_PAGES);
	field(b, "flags", ul, AS_FLAGS);
	field(b, "nrpages", ul, AS_NRPAGES);
	field(b, "a_ops", ptr, AS_A_OPS);
	add_struct(b, "inode", 64);
	field(b, "i_sb", ptr, I_SB);
	field(b, "i_mapping", ptr, I_MAPPING);
	field(b, "i_ino", ul, I_INO);
	field(b, "i_size", ul, I_SIZE);
	add_struct(b, "xa_node", XN_MARKS + 3 * 8);
	field(b, "shift", u8, XN_SHIFT);
	field(b, "slots", ptr, XN_SLOTS);
	field(b, "marks", ul, XN_MARKS);
	add_struct(b, "slab", PAGE_SIZE_STRUCT);
	field(b, "slab_cache", ptr, SLAB_CACHE);
	field(b, "freelist", ptr, SLAB_FREELIST);
	add_struct(b, "kmem_cache", 64);
	field(b, "size", u32, KC_SIZE);
	field(b, "offset", u32, KC_OFFSET);
	field(b, "name", ptr, KC_NAME);
	field(b, "random", ul, KC_RANDOM);
	field(b, "cpu_slab", ptr, KC_CPU_SLAB);
	if (s >= S_7_1)
		field(b, "cpu_sheaves", ptr, KC_CPU_SHEAVES);
	add_struct(b, "kmem_cache_cpu", 32);
	field(b, "freelist", ptr, KCC_FREELIST);
	field(b, "slab", ptr, KCC_SLAB);
	if (s >= S_7_1) {
		add_struct(b, "slub_percpu_sheaves", 32);
		field(b, "main", ptr, PCS_MAIN);
		field(b, "spare", ptr, PCS_MAIN + 8);
		field(b, "rcu_free", ptr, PCS_MAIN + 16);
		add_struct(b, "slab_sheaf", SHEAF_OBJECTS);
		field(b, "capacity", u32, 0);
		field(b, "size", u32, SHEAF_SIZE);
		field(b, "objects", ptr, SHEAF_OBJECTS);
	}
	btf__add_enum(b, "pageflags", 4);
	btf__add_enum_value(b, "PG_locked", PG_locked);
	btf__add_enum_value(b, "PG_writeback", PG_writeback);
	btf__add_enum_value(b, "PG_uptodate", PG_uptodate);
	btf__add_enum_value(b, "PG_lru", PG_lru);
	btf__add_enum_value(b, "PG_head", PG_head);
	if (s < S_6_10)
		btf__add_enum_value(b, "PG_slab", PG_slab);
	btf__add_enum_value(b, "__NR_PAGEFLAGS", NR_PAGEFLAGS);
	if (s == S_6_10) {
		btf__add_enum(b, "pagetype", 4);
		btf__add_enum_value(b, "PG_buddy", 0x80);
		btf__add_enum_value(b, "PG_slab", 0x1000);
		btf__add_enum_value(b, "PAGE_TYPE_BASE", 0xf0000000u);
	} else if (s >= S_6_12) {
		btf__add_enum(b, "pagetype", 4);
		btf__add_enum_value(b, "PGTY_buddy", 0xf0);
		btf__add_enum_value(b, "PGTY_slab", 0xf5);
	}
	btf__add_enum(b, "mapping_flags", 4);
	btf__add_enum_value(b, "AS_NO_WRITEBACK_TAGS", AS_NO_WB_TAGS);
	return b;
}

/* ---- synthetic memory: 4 KiB pages allocated on first write ---- */

enum { MAX_FAKE_PAGES = 96 };
struct fake_mem {
	uint64_t vpage[MAX_FAKE_PAGES];
	uint8_t *buf[MAX_FAKE_PAGES];
	size_t n;
};

static uint8_t *fake_page(struct fake_mem *f, uint64_t addr, bool create)
{
	uint64_t vp = addr & ~UINT64_C(4095);
	for (size_t i = 0; i < f->n; i++)
		if (f->vpage[i] == vp)
			return f->buf[i];
	if (!create || f->n == MAX_FAKE_PAGES)
		return NULL;
	f->vpage[f->n] = vp;
	f->buf[f->n] = calloc(1, 4096);
	return f->buf[f->n++];
}

static void put(struct fake_mem *f, uint64_t addr, const void *v, size_t len)
{
	for (size_t i = 0; i < len; i++)
		fake_page(f, addr + i, true)[(addr + i) & 4095] =
			((const uint8_t *)v)[i];
}

static void put64(struct fake_mem *f, uint64_t addr, uint64_t v)
{
	put(f, addr, &v, 8);
}

static void put32(struct fake_mem *f, uint64_t addr, uint32_t v)
{
	put(f, addr, &v, 4);
}

static void fill(struct fake_mem *f, uint64_t addr, uint8_t byte, size_t len)
{
	for (size_t i = 0; i < len; i++)
		put(f, addr + i, &byte, 1);
}

static bool fake_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		uint8_t *p = fake_page(ctx, addr + i, false);
		if (!p)
			return false;
		((uint8_t *)buf)[i] = p[(addr + i) & 4095];
	}
	return true;
}

static char *fake_string(void *ctx, uint64_t addr, size_t max)
{
	char *s = calloc(1, max + 1);
	for (size_t i = 0; s && i < max; i++)
		if (!fake_read(ctx, addr + i, &s[i], 1) || !s[i])
			break;
	return s;
}

static void fake_free(struct fake_mem *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->buf[i]);
	f->n = 0;
}

/* ---- a synthetic kernel's memory map ---- */

static const uint64_t VMEMMAP = UINT64_C(0xffffea0000000000);
static const uint64_t DIRECT = UINT64_C(0xffff888000000000);
static const uint64_t MAX_PFN = 0x100000;
/* __per_cpu_offset[] of two CPUs, and their per-CPU areas. */
static const uint64_t PERCPU_OFFSETS = UINT64_C(0xffffffff83000000);
static const uint64_t PERCPU_AREA = UINT64_C(0xffff888001000000);

static uint64_t page_of(uint64_t pfn)
{
	return VMEMMAP + pfn * PAGE_SIZE_STRUCT;
}

static uint64_t virt(uint64_t pfn)
{
	return DIRECT + (pfn << 12);
}

struct world {
	enum series s;
	struct vmcore_kernel k;
	struct page_offsets o;
	struct vmemmap v;
	struct fake_mem m;
	struct page_mem mem;
	struct crash_record rec;
	struct page_env e;
};

static void world_init(struct world *w, enum series s)
{
	memset(w, 0, sizeof(*w));
	w->s = s;
	w->k.btf = series_btf(s);
	page_layout(&w->k, &w->o);
	// Before enum pagetype, VMCOREINFO's PAGE_BUDDY_MAPCOUNT_VALUE
	// (-129) names the buddy type; a unit test has no VMCOREINFO.
	if (w->o.buddy.scheme == PAGE_TYPE_UNKNOWN)
		w->o.buddy = page_type_from_mapcount_value((uint32_t)-129);
	w->v = (struct vmemmap){ .base = VMEMMAP,
				 .end = VMEMMAP + MAX_PFN * PAGE_SIZE_STRUCT,
				 .page_size = PAGE_SIZE_STRUCT,
				 .direct_base = DIRECT,
				 .max_pfn = MAX_PFN,
				 .percpu_offsets = PERCPU_OFFSETS,
				 .ncpus = 2 };
	w->mem = (struct page_mem){ .ctx = &w->m,
				    .read = fake_read,
				    .read_string = fake_string };
	crash_record_init(&w->rec);
	w->e = (struct page_env){
		.mem = &w->mem, .o = &w->o, .v = &w->v, .rec = &w->rec
	};
}

static void world_free(struct world *w)
{
	crash_record_deinit(&w->rec);
	fake_free(&w->m);
	btf__free(w->k.btf);
}

/* The node/zone bits every real flags word has in its high bits. */
static const uint64_t FLAGS_HIGH = UINT64_C(0x17ffffc0000000);

struct page_init {
	uint64_t flags, head, mapping, index;
	int32_t refcount, mapcount;
};

static void put_page(struct world *w, uint64_t addr, struct page_init p)
{
	put64(&w->m, addr + OFF_FLAGS, FLAGS_HIGH | p.flags);
	put64(&w->m, addr + OFF_HEAD, p.head);
	put64(&w->m, addr + OFF_MAPPING, p.mapping);
	put64(&w->m, addr + OFF_INDEX, p.index);
	put32(&w->m, addr + OFF_MAPCOUNT, (uint32_t)p.mapcount);
	put32(&w->m, addr + OFF_REFCOUNT, (uint32_t)p.refcount);
}

static void set_order(struct world *w, uint64_t head, unsigned int order)
{
	uint8_t b = order;
	if (w->s == S_6_1) {
		put(&w->m, head + PAGE_SIZE_STRUCT + OFF_ORDER_61, &b, 1);
		return;
	}
	// The low byte of _flags_1 (page[1].flags).
	put64(&w->m, head + PAGE_SIZE_STRUCT, FLAGS_HIGH | order);
}

/* The tail word for @p tail of @p head with @p order: a pointer, or
 * (7.1, power-of-2 struct page) a mask. */
static uint64_t tail_word(struct world *w, uint64_t head, unsigned int order)
{
	if (w->s >= S_7_1)
		return ~((UINT64_C(1) << (order + 6)) - 1) | 1;
	return head + 1;
}

/* A page type word: slab or buddy for this series. */
static int32_t type_word(struct world *w, bool slab)
{
	if (w->s >= S_6_12)
		return (int32_t)((slab ? 0xf5u : 0xf0u) << 24);
	if (w->s == S_6_10)
		return (int32_t) ~(slab ? 0x1000u : 0x80u);
	return slab ? -1 : (int32_t)~0x80u;
}

static void put_slab_page(struct world *w, uint64_t pfn, uint64_t cache)
{
	put_page(w, page_of(pfn),
		 (struct page_init){ .flags = w->s < S_6_10 ? 1u << PG_slab : 0,
				     .refcount = 1,
				     .mapcount = type_word(w, true) });
	put64(&w->m, page_of(pfn) + SLAB_CACHE, cache);
}

static const uint64_t AOPS = UINT64_C(0xffffffff82000000);

/* A live inode (pfn 0x200) with its address_space at +0x100, in a slab
 * page of "shmem_inode_cache". */
static uint64_t live_mapping(struct world *w)
{
	uint64_t inode = virt(0x200), as = inode + 0x100, cache = virt(0x300);
	put_slab_page(w, 0x200, cache);
	put32(&w->m, cache + KC_SIZE, 0x400);
	put32(&w->m, cache + KC_OFFSET, 0x200);
	put64(&w->m, cache + KC_NAME, cache + 0x800);
	put(&w->m, cache + 0x800, "shmem_inode_cache", 18);
	put64(&w->m, inode + I_MAPPING, as);
	put64(&w->m, inode + I_INO, 1024);
	put64(&w->m, as + AS_HOST, inode);
	put64(&w->m, as + AS_A_OPS, AOPS);
	put64(&w->m, as + AS_NRPAGES, 1);
	return as;
}

/* i_pages of @p as: one node (shift 0) holding @p entry at @p slot. */
static uint64_t put_node(struct world *w, uint64_t as, unsigned int slot,
			 uint64_t entry)
{
	uint64_t node = virt(0x400) + 0x80 * 0;
	put64(&w->m, as + AS_I_PAGES + 8, node | 2);
	uint8_t shift = 0;
	put(&w->m, node + XN_SHIFT, &shift, 1);
	put64(&w->m, node + XN_SLOTS + 8 * slot, entry);
	return node;
}

static const struct finding *find(const struct world *w, const char *id)
{
	vector_for_each(const struct finding, f, &w->rec.findings) {
		if (strcmp(f->id, id) == 0)
			return f;
	}
	return NULL;
}

static size_t nfindings(const struct world *w)
{
	return w->rec.findings.size;
}

static struct page_dump *decode(struct world *w, uint64_t addr)
{
	struct page_dump *p = record_add_page(&w->rec);
	bool read = false;
	struct pgr_error *err =
		page_decode(&w->e, addr, "register rdi", p, &read);
	ok(!err && read, "%s: page 0x%" PRIx64 " decoded", series_name[w->s],
	   addr);
	pgr_error_destroy(err);
	return p;
}

static void list_findings(const struct world *w)
{
	vector_for_each(const struct finding, f, &w->rec.findings)
		printf("#   finding %s: %s\n", f->id, f->text);
}

/* ---- layouts ---- */

static void test_layouts(void)
{
	for (enum series s = 0; s < S_COUNT; s++) {
		struct world w;
		world_init(&w, s);
		const struct page_offsets *o = &w.o;
		const char *n = series_name[s];
		ok(!o->problem, "%s: layout accepted", n);
		is_int(o->flags, OFF_FLAGS, "%s: flags", n);
		is_int(o->index, OFF_INDEX, "%s: index (or __folio_index)", n);
		is_int(o->compound_head, OFF_HEAD, "%s: tail word", n);
		ok(o->head_info == (s >= S_7_1), "%s: compound_info %s", n,
		   s >= S_7_1 ? "found" : "absent");
		is_int(o->order_off,
		       PAGE_SIZE_STRUCT + (s == S_6_1 ? OFF_ORDER_61 : 0),
		       "%s: order byte (%s)", n, o->order_member);
		if (s < S_6_10) {
			is_int(o->pg_slab, PG_slab, "%s: PG_slab flag", n);
		} else {
			is_int(o->pg_slab, -1, "%s: no PG_slab flag", n);
			is_int(o->slab.scheme,
			       s == S_6_10 ? PAGE_TYPE_INVERTED :
					     PAGE_TYPE_TOP_BYTE,
			       "%s: slab is a page type", n);
		}
		if (s >= S_6_10)
			ok(page_type_is(&o->buddy,
					(uint32_t)type_word(&w, false)) &&
				   !page_type_is(&o->buddy,
						 (uint32_t)type_word(&w,
								     true)) &&
				   !page_type_is(&o->buddy, 0xffffffffu) &&
				   !page_type_is(&o->buddy, 0),
			   "%s: buddy told from slab, mapcount -1 and 0", n);
		is_int(o->xa_chunk, 64, "%s: XA_CHUNK_SIZE from xa_node", n);
		is_int(o->as_no_wb_tags, AS_NO_WB_TAGS,
		       "%s: AS_NO_WRITEBACK_TAGS", n);
		world_free(&w);
	}
	// An invariant that fails: a struct page too small for _refcount.
	struct vmcore_kernel k = { 0 };
	struct page_offsets o;
	k.btf = btf__new_empty();
	int ul = btf__add_int(k.btf, "long unsigned int", 8, 0);
	btf__add_struct(k.btf, "page", 16);
	btf__add_field(k.btf, "flags", ul, 0, 0);
	btf__add_field(k.btf, "mapping", ul, 64, 0);
	ok(!page_layout(&k, &o) && o.problem,
	   "a struct page without _refcount is rejected: %s", o.problem);
	btf__free(k.btf);
}

/* ---- a THP tail page: TAIL_MAPPING and refcount 0 are no "freed" ---- */

static void test_thp_tail(enum series s)
{
	struct world w;
	world_init(&w, s);
	uint64_t as = live_mapping(&w);
	uint64_t head = page_of(0x1000), tail = head + 3 * PAGE_SIZE_STRUCT;
	put_page(&w, head,
		 (struct page_init){ .flags = 1u << PG_head | 1u << PG_locked |
					      1u << PG_uptodate | 1u << PG_lru,
				     .mapping = as,
				     .refcount = 513,
				     .mapcount = -1 });
	set_order(&w, head, 9);
	put_page(&w, tail,
		 (struct page_init){ .head = tail_word(&w, head, 9),
				     .mapping = TAIL_MAPPING,
				     .index = 0x7fc71e68b,
				     .mapcount = -1 });
	put_node(&w, as, 3, head);
	put_node(&w, as, 0, head);
	struct page_dump *p = decode(&w, tail);
	const char *n = series_name[s];
	ok(p->is_tail == TRI_TRUE && p->head.known && p->head.value == head,
	   "%s: THP tail recognised, head found", n);
	ok(p->order.known && p->order.value == 9, "%s: order 9", n);
	ok(p->mapping.known && p->mapping.value == as &&
		   p->refcount.value == 513 && p->index.value == 3,
	   "%s: the head's mapping, refcount and index + 3", n);
	ok(find(&w, "tail-where-head-expected") != NULL,
	   "%s: tail-where-head-expected", n);
	ok(!find(&w, "mapping-freed") && !find(&w, "page-freed-in-use") &&
		   !find(&w, "freed-or-poisoned") &&
		   !find(&w, "head-tail-incoherent") &&
		   !find(&w, "page-not-in-mapping"),
	   "%s: no false freed/incoherent/not-in-mapping finding", n);
	if (nfindings(&w) != 1)
		list_findings(&w);
	world_free(&w);
}

/* 7.1: the mask is the kernel's own word for the order; an order byte
 * that disagrees (a layout misread) must not make the page incoherent. */
static void test_mask_wins(void)
{
	struct world w;
	world_init(&w, S_7_1);
	uint64_t head = page_of(0x1000), tail = head + 3 * PAGE_SIZE_STRUCT;
	put_page(&w, head,
		 (struct page_init){ .flags = 1u << PG_head,
				     .refcount = 513,
				     .mapcount = -1 });
	set_order(&w, head, 0); // no order where the layout says
	put_page(&w, tail,
		 (struct page_init){ .head = tail_word(&w, head, 9),
				     .mapping = TAIL_MAPPING,
				     .mapcount = -1 });
	struct page_dump *p = decode(&w, tail);
	ok(p->order.known && p->order.value == 9 &&
		   !find(&w, "head-tail-incoherent"),
	   "7.1: the compound_info mask's order wins over an unreadable order byte");
	world_free(&w);
}

/* The layout knows no tail word: TAIL_MAPPING alone still means tail. */
static void test_tail_mapping_alone(void)
{
	struct world w;
	world_init(&w, S_7_1);
	w.o.compound_head = -1;
	uint64_t tail = page_of(0x1003);
	put_page(&w, tail,
		 (struct page_init){ .mapping = TAIL_MAPPING, .mapcount = -1 });
	struct page_dump *p = decode(&w, tail);
	ok(p->is_tail == TRI_TRUE && !p->refcount.known && !p->mapping.known,
	   "TAIL_MAPPING without a tail word: a tail, its own words unknown");
	ok(find(&w, "tail-where-head-expected") && !find(&w, "mapping-freed") &&
		   !find(&w, "page-freed-in-use"),
	   "TAIL_MAPPING is never 'freed'");
	world_free(&w);
}

static void test_incoherent(void)
{
	struct world w;
	world_init(&w, S_6_1);
	// A tail whose head has no PG_head.
	uint64_t head = page_of(0x2000), tail = head + PAGE_SIZE_STRUCT * 5;
	put_page(&w, head, (struct page_init){ .refcount = 1, .mapcount = -1 });
	put_page(&w, tail,
		 (struct page_init){ .head = head + 1,
				     .mapping = TAIL_MAPPING,
				     .mapcount = -1 });
	decode(&w, tail);
	const struct finding *f = find(&w, "head-tail-incoherent");
	ok(f && strstr(f->text, "no PG_head"), "head without PG_head: %s",
	   f ? f->text : "none");
	// Order mismatch: page 5 of an order-1 head.
	world_free(&w);
	world_init(&w, S_6_1);
	put_page(&w, head,
		 (struct page_init){ .flags = 1u << PG_head,
				     .refcount = 1,
				     .mapcount = -1 });
	set_order(&w, head, 1);
	put_page(&w, tail,
		 (struct page_init){ .head = head + 1,
				     .mapping = TAIL_MAPPING,
				     .mapcount = -1 });
	decode(&w, tail);
	f = find(&w, "head-tail-incoherent");
	ok(f && strstr(f->text, "order 1"), "tail beyond its head's order: %s",
	   f ? f->text : "none");
	// A head pointer outside the memmap.
	world_free(&w);
	world_init(&w, S_6_1);
	put_page(&w, tail,
		 (struct page_init){ .head = DIRECT + 0x1001,
				     .mapping = TAIL_MAPPING,
				     .mapcount = -1 });
	struct page_dump *p = decode(&w, tail);
	f = find(&w, "head-tail-incoherent");
	ok(f && strstr(f->text, "memmap") && !p->refcount.known,
	   "head outside the memmap: %s", f ? f->text : "none");
	ok(!find(&w, "mapping-freed") && !find(&w, "page-freed-in-use"),
	   "an incoherent tail makes no freed claim");
	// TAIL_MAPPING on a page that is no tail.
	world_free(&w);
	world_init(&w, S_6_12);
	put_page(&w, tail,
		 (struct page_init){ .mapping = TAIL_MAPPING, .mapcount = -1 });
	decode(&w, tail);
	ok(find(&w, "head-tail-incoherent") && !find(&w, "mapping-freed") &&
		   !find(&w, "page-freed-in-use"),
	   "TAIL_MAPPING on a non-tail: incoherent, not freed");
	world_free(&w);
}

/* A page of @p as at index 0, decoded. */
static void page_in(struct world *w, uint64_t as, uint64_t flags,
		    int32_t refcount)
{
	uint64_t page = page_of(0x3000);
	put_page(w, page,
		 (struct page_init){ .flags = flags | 1u << PG_uptodate |
					      1u << PG_lru,
				     .mapping = as,
				     .refcount = refcount,
				     .mapcount = -1 });
	decode(w, page);
}

static void test_mapping_states(enum series s)
{
	const char *n = series_name[s];
	struct world w;
	// Live: no finding at all (the negative control).
	world_init(&w, s);
	uint64_t as = live_mapping(&w);
	put_node(&w, as, 0, page_of(0x3000));
	page_in(&w, as, 0, 2);
	ok(nfindings(&w) == 0, "%s: a healthy page cache page: no finding", n);
	if (nfindings(&w))
		list_findings(&w);
	world_free(&w);
	// Poisoned (slub_debug POISON_FREE).
	world_init(&w, s);
	as = live_mapping(&w);
	fill(&w.m, as, 0x6b, AS_SIZE);
	page_in(&w, as, 0, 2);
	const struct finding *f = find(&w, "mapping-freed");
	ok(f && strstr(f->text, "poison") && f->mapping.known &&
		   f->mapping.value == as &&
		   f->address.value == page_of(0x3000),
	   "%s: poisoned mapping: mapping-freed naming page and mapping", n);
	world_free(&w);
	// Zeroed (init_on_free).
	world_init(&w, s);
	as = live_mapping(&w);
	fill(&w.m, as, 0, AS_SIZE);
	page_in(&w, as, 0, 2);
	f = find(&w, "mapping-freed");
	ok(f && strstr(f->text, "zeroes"), "%s: zeroed mapping: mapping-freed",
	   n);
	world_free(&w);
	// Host does not point back.
	world_init(&w, s);
	as = live_mapping(&w);
	put64(&w.m, virt(0x200) + I_MAPPING, as + 0x1000);
	page_in(&w, as, 0, 2);
	f = find(&w, "mapping-freed");
	ok(f && strstr(f->text, "i_mapping"),
	   "%s: host mismatch: mapping-freed", n);
	world_free(&w);
	// The memory is a free page in the buddy allocator.
	world_init(&w, s);
	as = live_mapping(&w);
	put_page(&w, page_of(0x200),
		 (struct page_init){ .mapcount = type_word(&w, false) });
	page_in(&w, as, 0, 2);
	f = find(&w, "mapping-freed");
	ok(f && strstr(f->text, "buddy"), "%s: mapping in a free page: %s", n,
	   f ? f->text : "none");
	world_free(&w);
	// The object is on its slab's (hardened) freelist, or on CPU 1's
	// lockless freelist of that slab.
	for (int percpu = 0; percpu < 2; percpu++) {
		world_init(&w, s);
		as = live_mapping(&w);
		uint64_t cache = virt(0x300),
			 random = UINT64_C(0x1234567890abcdef);
		uint64_t obj0 = virt(0x200) + 0x400, obj = virt(0x200);
		put64(&w.m, cache + KC_RANDOM, random);
		if (percpu) {
			// cpu_slab is a per-CPU offset; CPU 1's area holds
			// slab and freelist.
			uint64_t kcc = 0x100;
			put64(&w.m, cache + KC_CPU_SLAB, kcc);
			put64(&w.m, PERCPU_OFFSETS, PERCPU_AREA);
			put64(&w.m, PERCPU_OFFSETS + 8, PERCPU_AREA + 0x10000);
			put64(&w.m, PERCPU_AREA + 0x10000 + kcc + KCC_SLAB,
			      page_of(0x200));
			put64(&w.m, PERCPU_AREA + 0x10000 + kcc + KCC_FREELIST,
			      obj0);
		} else {
			put64(&w.m, page_of(0x200) + SLAB_FREELIST, obj0);
		}
		// obj0 -> obj (the inode holding as) -> NULL.
		put64(&w.m, obj0 + 0x200,
		      obj ^ random ^ __builtin_bswap64(obj0 + 0x200));
		put64(&w.m, obj + 0x200,
		      0 ^ random ^ __builtin_bswap64(obj + 0x200));
		page_in(&w, as, 0, 2);
		f = find(&w, "mapping-freed");
		ok(f && strstr(f->text, "freelist") &&
			   strstr(f->text, "shmem_inode_cache"),
		   "%s: object on the %s freelist: %s", n,
		   percpu ? "per-CPU" : "slab's", f ? f->text : "none");
		world_free(&w);
	}
	// 7.x: the freed object's pointer sits in CPU 1's main sheaf.
	if (s >= S_7_1) {
		world_init(&w, s);
		as = live_mapping(&w);
		uint64_t cache = virt(0x300), pcs = 0x200, sheaf = virt(0x500);
		put64(&w.m, cache + KC_CPU_SHEAVES, pcs);
		put64(&w.m, PERCPU_OFFSETS, PERCPU_AREA);
		put64(&w.m, PERCPU_OFFSETS + 8, PERCPU_AREA + 0x10000);
		put64(&w.m, PERCPU_AREA + 0x10000 + pcs + PCS_MAIN, sheaf);
		put32(&w.m, sheaf + SHEAF_SIZE, 3);
		put64(&w.m, sheaf + SHEAF_OBJECTS, virt(0x200) + 0x800);
		put64(&w.m, sheaf + SHEAF_OBJECTS + 8, virt(0x200) + 0xc00);
		put64(&w.m, sheaf + SHEAF_OBJECTS + 16, virt(0x200));
		page_in(&w, as, 0, 2);
		f = find(&w, "mapping-freed");
		ok(f && strstr(f->text, "freelist"),
		   "%s: object in a CPU's sheaf: %s", n, f ? f->text : "none");
		world_free(&w);
	}
	// Poisoned and on the freelist: both said.
	world_init(&w, s);
	as = live_mapping(&w);
	put64(&w.m, page_of(0x200) + SLAB_FREELIST, virt(0x200));
	fill(&w.m, as, 0x6b, AS_SIZE);
	page_in(&w, as, 0, 2);
	f = find(&w, "mapping-freed");
	ok(f && strstr(f->text, "poison") && strstr(f->text, "freelist"),
	   "%s: poison and freelist evidence together", n);
	world_free(&w);
}

static void test_freed_in_use(enum series s)
{
	const char *n = series_name[s];
	struct world w;
	world_init(&w, s);
	uint64_t page = page_of(0x5000);
	put_page(&w, page,
		 (struct page_init){ .mapcount = type_word(&w, false) });
	decode(&w, page);
	const struct finding *f = find(&w, "page-freed-in-use");
	ok(f && strstr(f->text, "buddy") && strstr(f->text, "register rdi"),
	   "%s: a buddy page in a register: page-freed-in-use", n);
	world_free(&w);
	world_init(&w, s);
	put_page(&w, page, (struct page_init){ .mapping = 0, .mapcount = -1 });
	decode(&w, page);
	ok(find(&w, "page-freed-in-use") != NULL,
	   "%s: refcount 0: page-freed-in-use", n);
	world_free(&w);
}

static void test_writeback(enum series s)
{
	const char *n = series_name[s];
	struct world w;
	for (int marked = 0; marked < 2; marked++) {
		world_init(&w, s);
		uint64_t as = live_mapping(&w);
		uint64_t node = put_node(&w, as, 0, page_of(0x3000));
		if (marked)
			put64(&w.m, node + XN_MARKS + 8, 1);
		page_in(&w, as, 1u << PG_writeback, 2);
		ok((find(&w, "writeback-without-io") == NULL) == (marked != 0),
		   "%s: PG_writeback %s WRITEBACK mark: %s", n,
		   marked ? "with" : "without",
		   marked ? "no finding" : "writeback-without-io");
		world_free(&w);
	}
	// AS_NO_WRITEBACK_TAGS: the mark says nothing.
	world_init(&w, s);
	uint64_t as = live_mapping(&w);
	put_node(&w, as, 0, page_of(0x3000));
	put64(&w.m, as + AS_FLAGS, 1u << AS_NO_WB_TAGS);
	page_in(&w, as, 1u << PG_writeback, 2);
	ok(!find(&w, "writeback-without-io"),
	   "%s: AS_NO_WRITEBACK_TAGS: no claim", n);
	world_free(&w);
}

static void test_dax(void)
{
	for (int refs = 1; refs <= 2; refs++) {
		struct world w;
		world_init(&w, S_6_1);
		w.e.in_dax_disassociate = true;
		uint64_t as = live_mapping(&w);
		put_node(&w, as, 0, page_of(0x3000));
		page_in(&w, as, 0, refs);
		const struct finding *f =
			find(&w, "dax-entry-refcount-elevated");
		ok(refs == 1 ? !f : f && f->mapping.value == as,
		   "dax_disassociate_entry with refcount %d: %s", refs,
		   refs == 1 ? "no finding" : "dax-entry-refcount-elevated");
		world_free(&w);
	}
	struct world w;
	world_init(&w, S_6_1);
	uint64_t as = live_mapping(&w);
	put_node(&w, as, 0, page_of(0x3000));
	page_in(&w, as, 0, 2);
	ok(!find(&w, "dax-entry-refcount-elevated"),
	   "refcount 2 outside dax_disassociate_entry: no finding");
	world_free(&w);
	// A DAX entry (a value entry naming the pfn) is the page's slot.
	world_init(&w, S_6_1);
	w.e.in_dax_disassociate = true;
	as = live_mapping(&w);
	put_node(&w, as, 0, (UINT64_C(0x3000) << 5) | 1);
	page_in(&w, as, 0, 2);
	ok(find(&w, "dax-entry-refcount-elevated") &&
		   !find(&w, "page-not-in-mapping"),
	   "a DAX value entry names the page: it is in its mapping");
	world_free(&w);
	// Another pfn's DAX entry there: the page is not in its mapping.
	world_init(&w, S_6_1);
	as = live_mapping(&w);
	put_node(&w, as, 0, (UINT64_C(0x3001) << 5) | 1);
	page_in(&w, as, 0, 2);
	ok(find(&w, "page-not-in-mapping") != NULL,
	   "another pfn's DAX entry at its index: page-not-in-mapping");
	world_free(&w);
}

static void test_index(enum series s)
{
	const char *n = series_name[s];
	struct world w;
	// The page claims index 0 but sits at slot 7.
	world_init(&w, s);
	uint64_t as = live_mapping(&w);
	put_node(&w, as, 7, page_of(0x3000));
	page_in(&w, as, 0, 2);
	const struct finding *f = find(&w, "index-mismatch");
	ok(f && strstr(f->text, "index 7") && find(&w, "page-not-in-mapping"),
	   "%s: page at another slot: index-mismatch and page-not-in-mapping",
	   n);
	world_free(&w);
	// An order-2 folio at index 4: siblings in slots 5-7; its tail 2
	// is found through the sibling entry.
	world_init(&w, s);
	as = live_mapping(&w);
	uint64_t head = page_of(0x4000), tail = head + 2 * PAGE_SIZE_STRUCT;
	put_page(&w, head,
		 (struct page_init){ .flags = 1u << PG_head | 1u << PG_uptodate,
				     .mapping = as,
				     .index = 4,
				     .refcount = 5,
				     .mapcount = -1 });
	set_order(&w, head, 2);
	put_page(&w, tail,
		 (struct page_init){ .head = tail_word(&w, head, 2),
				     .mapping = TAIL_MAPPING,
				     .mapcount = -1 });
	put_node(&w, as, 4, head);
	for (unsigned int i = 5; i < 8; i++)
		put_node(&w, as, i, 2 + 4 * 4); // sibling of slot 4
	decode(&w, tail);
	ok(!find(&w, "page-not-in-mapping") && !find(&w, "index-mismatch"),
	   "%s: large folio found through its sibling entries", n);
	world_free(&w);
	// The same folio at a misaligned index 5.
	world_init(&w, s);
	as = live_mapping(&w);
	put_page(&w, head,
		 (struct page_init){ .flags = 1u << PG_head | 1u << PG_uptodate,
				     .mapping = as,
				     .index = 5,
				     .refcount = 5,
				     .mapcount = -1 });
	set_order(&w, head, 2);
	put_node(&w, as, 5, head);
	decode(&w, head);
	f = find(&w, "index-mismatch");
	ok(f && strstr(f->text, "multiple"), "%s: misaligned folio: %s", n,
	   f ? f->text : "none");
	world_free(&w);
}

static void test_null_mapping(void)
{
	struct world w;
	world_init(&w, S_6_12);
	page_in(&w, 0, 0, 2);
	ok(find(&w, "mapping-null-with-refs") && nfindings(&w) == 1,
	   "mapping NULL with references: mapping-null-with-refs only");
	world_free(&w);
}

static void test_mapcount_values(void)
{
	struct page_type_test t = page_type_from_mapcount_value((uint32_t)-129);
	ok(t.scheme == PAGE_TYPE_INVERTED && t.value == 0x80,
	   "PAGE_BUDDY_MAPCOUNT_VALUE -129: inverted bit 0x80");
	t = page_type_from_mapcount_value(0xf5000000u);
	ok(t.scheme == PAGE_TYPE_TOP_BYTE && t.value == 0xf5,
	   "PAGE_SLAB_MAPCOUNT_VALUE 0xf5000000: top byte 0xf5");
	t = page_type_from_mapcount_value(12345);
	ok(t.scheme == PAGE_TYPE_UNKNOWN, "a value of neither form: unknown");
}

/* LIST_POISON1/2: what list_del() leaves in a live list_head. */
static const uint64_t LIST_POISON1 = UINT64_C(0xdead000000000100);
static const uint64_t LIST_POISON2 = UINT64_C(0xdead000000000122);

/* Register rbx = @p value after a crash whose page lost its mapping
 * (NULL) or, with @p mapping, still names it; the findings it gives. */
static void check_register(struct world *w, uint64_t value, bool lost,
			   uint64_t mapping)
{
	struct page_dump *p = record_add_page(&w->rec);
	p->mapping = pgr_u64_of(lost ? 0 : mapping);
	struct pgr_error *err = page_register_check(&w->e, "rbx", value);
	ok(!err, "%s: register 0x%" PRIx64 " judged", series_name[w->s], value);
	pgr_error_destroy(err);
}

static void test_registers(enum series s)
{
	const char *n = series_name[s];
	struct world w;
	// An object whose first member was just list_del()'d: poison, poison,
	// yet live.  No dead address_space, no freed memory.
	world_init(&w, s);
	uint64_t obj = virt(0x600) + 0x40;
	put64(&w.m, obj, LIST_POISON1);
	put64(&w.m, obj + 8, LIST_POISON2);
	check_register(&w, obj, true, 0);
	ok(nfindings(&w) == 0,
	   "%s: a register at an unlinked list_head: no finding", n);
	if (nfindings(&w))
		list_findings(&w);
	world_free(&w);
	// A struct page being freed (its lru list-poisoned) in a register.
	world_init(&w, s);
	uint64_t page = page_of(0x700);
	put_page(&w, page, (struct page_init){ .mapcount = -1 });
	put64(&w.m, page + 8, LIST_POISON1);
	put64(&w.m, page + 16, LIST_POISON2);
	check_register(&w, page, true, 0);
	ok(nfindings(&w) == 0, "%s: a struct page in a register: no finding",
	   n);
	world_free(&w);
	// The dead inode's address_space, slab-poisoned: mapping-freed,
	// whether the page lost its mapping or still names it.
	for (int lost = 0; lost < 2; lost++) {
		world_init(&w, s);
		uint64_t as = live_mapping(&w);
		fill(&w.m, as, 0x6b, AS_SIZE);
		check_register(&w, as, lost, as);
		const struct finding *f = find(&w, "mapping-freed");
		ok(f && f->mapping.known && f->mapping.value == as &&
			   strstr(f->text, "register rbx"),
		   "%s: a register at a poisoned address_space (page mapping %s): mapping-freed",
		   n, lost ? "NULL" : "it");
		world_free(&w);
	}
	// The page still names the memory, now reused with list poison where
	// host was: the page's own mapping, dead.
	world_init(&w, s);
	uint64_t as = live_mapping(&w);
	put64(&w.m, as + AS_HOST, LIST_POISON1);
	put64(&w.m, as + AS_HOST + 8, LIST_POISON2);
	check_register(&w, as, false, as);
	ok(find(&w, "mapping-freed") != NULL,
	   "%s: a register equal to a page's mapping, list poison at host: mapping-freed",
	   n);
	world_free(&w);
	// A freed page (refcount 0, mapping NULL) lost no mapping: a register
	// at freed memory is freed memory, no stale mapping of it.
	world_init(&w, s);
	uint64_t as2 = live_mapping(&w);
	fill(&w.m, as2, 0x6b, AS_SIZE);
	struct page_dump *fp = record_add_page(&w.rec);
	fp->mapping = pgr_u64_of(0);
	fp->refcount = pgr_s64_of(0);
	pgr_error_destroy(page_register_check(&w.e, "rbx", as2));
	ok(!find(&w, "mapping-freed") && find(&w, "freed-or-poisoned"),
	   "%s: only a free page has mapping NULL: a register is no stale mapping",
	   n);
	world_free(&w);
	// A struct slab in a register (kfree() leaves one): the word at
	// page->mapping is slab_cache or slab_list.prev, no mapping; here the
	// list poison of a slab off its list, or another slab.
	for (int other = 0; other < 2; other++) {
		world_init(&w, s);
		put_slab_page(&w, 0x800, virt(0x300));
		put64(&w.m, page_of(0x800) + OFF_MAPPING,
		      other ? page_of(0x900) + 16 : LIST_POISON2);
		struct page_dump *sp = decode(&w, page_of(0x800));
		ok(nfindings(&w) == 0 && !sp->mapping.known,
		   "%s: a slab page (%s at its mapping word): no mapping, no finding",
		   n, other ? "another slab" : "list poison");
		if (nfindings(&w))
			list_findings(&w);
		world_free(&w);
	}
	// Slab poison, and no page lost its mapping: freed memory.
	world_init(&w, s);
	fill(&w.m, obj, 0x6b, 64);
	check_register(&w, obj, false, live_mapping(&w));
	ok(find(&w, "freed-or-poisoned") != NULL && nfindings(&w) == 1,
	   "%s: a register at slab poison: freed-or-poisoned alone", n);
	world_free(&w);
}

static void test_poison_words(void)
{
	ok(is_poison_word(UINT64_C(0x6b6b6b6b6b6b6b6b)) &&
		   is_poison_word(UINT64_C(0x6b6b6b6b6b6b6ba5)) &&
		   is_poison_word(UINT64_C(0x5a5a5a5a5a5a5a5a)) &&
		   is_poison_word(UINT64_C(0xcccccccccccccccc)) &&
		   is_poison_word(UINT64_C(0xdead000000000100)) &&
		   is_poison_word(TAIL_MAPPING),
	   "poison words: 0x6b, 0x6b..a5, 0x5a, 0xcc, LIST_POISON1, TAIL_MAPPING");
	ok(!is_poison_word(0) &&
		   !is_poison_word(UINT64_C(0xffff888000100000)) &&
		   !is_poison_word(UINT64_C(0xdead4ead00000000)),
	   "no poison: NULL, a direct-map pointer, 0xdead4ead00000000");
	ok(is_slab_poison_word(UINT64_C(0x6b6b6b6b6b6b6b6b)) &&
		   is_slab_poison_word(UINT64_C(0xa56b6b6b6b6b6b6b)) &&
		   !is_slab_poison_word(LIST_POISON1) &&
		   !is_slab_poison_word(LIST_POISON2) &&
		   !is_slab_poison_word(TAIL_MAPPING),
	   "slab poison: 0x6b words; list poison and TAIL_MAPPING are not");
}

int main(void)
{
	test_layouts();
	for (enum series s = 0; s < S_COUNT; s++) {
		test_thp_tail(s);
		test_mapping_states(s);
		test_freed_in_use(s);
		test_writeback(s);
		test_index(s);
		test_registers(s);
	}
	test_tail_mapping_alone();
	test_mask_wins();
	test_incoherent();
	test_dax();
	test_null_mapping();
	test_poison_words();
	test_mapcount_values();
	return tap_done();
}
