// SPDX-License-Identifier: GPL-2.0-or-later
// One struct page: its fields, its compound head and order, its mapping
// (address_space -> inode -> superblock type, dentry), its slot in the
// mapping's xarray, and the invariants a live page cache page keeps.
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "vmcore/page.h" // IWYU pragma: associated

/** Low bits of page->mapping (PAGE_MAPPING_ANON, _MOVABLE). */
static const uint64_t MAPPING_ANON = 1, MAPPING_MOVABLE = 2;
static const int XA_MAX_DEPTH = 12;
/** Largest compound order: a 1 GiB HugeTLB page (PUD_ORDER on x86-64). */
static const unsigned int MAX_COMPOUND_ORDER = 18;
/** xarray slots visited at most when looking for where a page sits. */
static const size_t MAX_XA_VISITS = 1u << 16;
/** PAGECACHE_TAG_WRITEBACK is XA_MARK_1. */
static const unsigned int XA_MARK_WRITEBACK = 1;

struct page_state {
	uint64_t addr, flags, head_raw, mapping, index;
	int32_t refcount, mapcount_raw;
	/** The page's own mapping word (a tail's is TAIL_MAPPING). */
	uint64_t own_mapping;
	bool buddy, slab, tail, head_ok;
	uint64_t head;
	/** The order a compound_info mask encodes, or -1. */
	int mask_order;
	/** The folio's order, or -1 when unknown. */
	int order;
};

struct pgr_error *record_finding_mapping(struct crash_record *rec,
					 const char *id, uint64_t addr,
					 uint64_t mapping, const char *text)
{
	vector_for_each(const struct finding, f, &rec->findings) {
		if (strcmp(f->id, id) == 0 && f->address.known &&
		    f->address.value == addr)
			return NULL;
	}
	struct finding *f = finding_vector_append_entry(&rec->findings);
	if (!f || !(f->id = record_strdup(rec, id)) ||
	    !(f->text = record_strdup(rec, text)))
		return &pgr_enomem;
	f->address = pgr_u64_of(addr);
	if (mapping)
		f->mapping = pgr_u64_of(mapping);
	return NULL;
}

struct pgr_error *record_finding(struct crash_record *rec, const char *id,
				 uint64_t addr, const char *text)
{
	return record_finding_mapping(rec, id, addr, 0, text);
}

static __attribute__((__format__(__printf__, 5, 6))) struct pgr_error *
add_finding(struct crash_record *rec, const char *id, uint64_t addr,
	    uint64_t mapping, const char *fmt, ...)
{
	char text[640];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	return record_finding_mapping(rec, id, addr, mapping, text);
}

static bool flag(const struct page_state *s, int bit)
{
	return bit >= 0 && bit < 64 && (s->flags >> bit) & 1;
}

static bool mem_read(const struct page_env *e, uint64_t addr, void *buf,
		     size_t len)
{
	return e->mem->read(e->mem->ctx, addr, buf, len);
}

static struct pgr_error *flag_names(const struct page_env *e, uint64_t flags,
				    struct page_dump *p)
{
	bool any = false;
	for (int bit = 0; bit < 64; bit++)
		any |= e->o->flag_name[bit] != NULL;
	if (!any)
		return NULL; // no names to give: the log's stay
	p->flag_names.size = 0;
	for (int bit = 0; bit < 64; bit++) {
		if (!e->o->flag_name[bit] || !((flags >> bit) & 1))
			continue;
		char *copy = record_strdup(e->rec, e->o->flag_name[bit]);
		if (!copy || !string_vector_append(&p->flag_names, &copy))
			return &pgr_enomem;
	}
	return NULL;
}

static bool read_state(const struct page_env *e, uint64_t addr,
		       struct page_state *s)
{
	const struct page_offsets *o = e->o;
	uint8_t buf[256];
	if (o->size > (int64_t)sizeof(buf) || !mem_read(e, addr, buf, o->size))
		return false;
	memset(s, 0, sizeof(*s));
	s->addr = addr;
	s->head = addr;
	s->mask_order = -1;
	s->order = -1;
	memcpy(&s->flags, buf + o->flags, 8);
	memcpy(&s->mapping, buf + o->mapping, 8);
	s->own_mapping = s->mapping;
	memcpy(&s->refcount, buf + o->refcount, 4);
	if (o->index >= 0)
		memcpy(&s->index, buf + o->index, 8);
	s->mapcount_raw = -1;
	if (o->mapcount >= 0)
		memcpy(&s->mapcount_raw, buf + o->mapcount, 4);
	if (o->compound_head >= 0)
		memcpy(&s->head_raw, buf + o->compound_head, 8);
	// page_type shares _mapcount.
	s->buddy = page_type_is(&o->buddy, (uint32_t)s->mapcount_raw);
	s->slab = o->pg_slab >= 0 ?
			  flag(s, o->pg_slab) :
			  page_type_is(&o->slab, (uint32_t)s->mapcount_raw);
	return true;
}

// A compound_info mask (7.1): GENMASK(63, order + log2(sizeof(page)))
// with bit 0 set; the order it encodes, or -1 if @p raw is no such mask.
static int mask_order(const struct page_offsets *o, uint64_t raw)
{
	uint64_t m = raw & ~UINT64_C(1);
	if (!m || (~m & (~m + 1)) != 0 || (o->size & (o->size - 1)))
		return -1; // not all-ones down to some bit
	int shift = __builtin_ctzll(m), page_shift = __builtin_ctzll(o->size);
	int order = shift - page_shift;
	return order >= 1 && order <= (int)MAX_COMPOUND_ORDER ? order : -1;
}

/*
 * Whether the page is a tail, and of which head.  Bit 0 of the tail word
 * marks a tail; the rest is the head's address or, with compound_info
 * (7.1), possibly a mask of the tail's own address.  Up to 7.0 a HugeTLB
 * page whose vmemmap was optimised has "fake heads": struct pages at a
 * PAGE_SIZE boundary that read as the head, told by page[1] being a tail
 * of another head (page_fixed_fake_head()).
 */
static void decode_tail(const struct page_env *e, struct page_state *s)
{
	const struct page_offsets *o = e->o;
	const struct vmemmap *v = e->v;
	if (o->compound_head < 0)
		return;
	if (s->head_raw & 1) {
		s->tail = true;
		uint64_t ptr = s->head_raw - 1;
		if (vmemmap_contains(v, ptr) && ptr < s->addr) {
			s->head = ptr;
			s->head_ok = true;
		} else if (o->head_info &&
			   (s->mask_order = mask_order(o, s->head_raw)) > 0) {
			s->head = s->addr & s->head_raw;
			s->head_ok = vmemmap_contains(v, s->head) &&
				     s->head < s->addr;
		}
		return;
	}
	uint64_t next;
	if (!o->head_info && s->addr % 4096 == 0 && flag(s, o->pg_head) &&
	    page_mem_read_u64(e->mem, s->addr + o->size + o->compound_head,
			      &next) &&
	    (next & 1) && next - 1 != s->addr &&
	    vmemmap_contains(v, next - 1) && next - 1 < s->addr) {
		s->tail = true;
		s->head = next - 1;
		s->head_ok = true;
	}
}

// The order of the compound page headed by @p head; -1 when the byte
// the layout names does not hold one (a head's order is at least 1).
static int folio_order(const struct page_env *e, uint64_t head)
{
	uint8_t order;
	if (e->o->order_off < 0 ||
	    !mem_read(e, head + e->o->order_off, &order, 1) || order < 1 ||
	    order > MAX_COMPOUND_ORDER)
		return -1;
	return order;
}

/*
 * A tail page's own mapping, refcount and flags are not the page's:
 * dump_page() prints the head's flags, refcount and mapping and the
 * head's index plus the tail's distance, and so do we.  Returns what is
 * incoherent about the pair, or NULL.
 */
static const char *head_state(const struct page_env *e, struct page_state *s,
			      char *buf, size_t len)
{
	const struct page_offsets *o = e->o;
	struct page_state h;
	uint64_t dist;
	if (!s->head_ok) {
		snprintf(buf, len,
			 "its tail word 0x%" PRIx64
			 " names no struct page below it in the memmap",
			 s->head_raw);
		return buf;
	}
	if (!read_state(e, s->head, &h)) {
		s->head_ok = false;
		snprintf(buf, len, "its head 0x%" PRIx64 " is not in the dump",
			 s->head);
		return buf;
	}
	dist = (s->addr - s->head) / e->v->page_size;
	s->flags = h.flags;
	s->mapping = h.mapping;
	s->refcount = h.refcount;
	s->index = h.index + dist;
	s->buddy = h.buddy;
	s->slab = h.slab;
	s->order = folio_order(e, s->head);
	// The kernel wrote the mask from the order; the order byte is our
	// reading of the layout: when they differ, the layout is doubted,
	// not the page.
	if (s->mask_order > 0)
		s->order = s->mask_order;
	if (o->pg_head >= 0 && !flag(&h, o->pg_head)) {
		snprintf(buf, len, "its head 0x%" PRIx64 " has no PG_head",
			 s->head);
		return buf;
	}
	if (h.head_raw & 1) {
		snprintf(buf, len, "its head 0x%" PRIx64 " is itself a tail",
			 s->head);
		return buf;
	}
	if (s->order >= 0 && dist >> s->order) {
		snprintf(buf, len,
			 "it is page %" PRIu64 " of head 0x%" PRIx64
			 ", whose order %d spans %u pages",
			 dist, s->head, s->order, 1u << s->order);
		return buf;
	}
	return NULL;
}

static void fill_dump(const struct page_env *e, const struct page_state *s,
		      struct page_dump *p)
{
	const struct page_offsets *o = e->o;
	const struct vmemmap *v = e->v;
	p->from_memory = true;
	// Exact now, whatever the log printed.
	if (p->pointers_hashed == TRI_TRUE)
		p->pointers_hashed = TRI_FALSE;
	p->address = pgr_u64_of(s->addr);
	p->pfn = pgr_u64_of((s->addr - v->base) / v->page_size);
	bool head = !s->tail && flag(s, o->pg_head);
	p->is_tail = s->tail ? TRI_TRUE : TRI_FALSE;
	p->is_compound = s->tail || head ? TRI_TRUE : TRI_FALSE;
	p->head = s->tail && s->head_ok ? pgr_u64_of(s->head) :
					  (struct pgr_u64){ 0 };
	bool stale_tail = !s->tail && s->own_mapping == TAIL_MAPPING;
	if (stale_tail)
		p->is_tail = o->compound_head < 0 ? TRI_TRUE : TRI_UNKNOWN;
	if ((s->tail && !s->head_ok) || stale_tail) {
		// A tail's own words are not the page's: say nothing of them.
		p->flags = (struct pgr_u64){ 0 };
		p->refcount = (struct pgr_s64){ 0 };
		p->mapping = (struct pgr_u64){ 0 };
		p->index = (struct pgr_u64){ 0 };
		return;
	}
	p->flags = pgr_u64_of(s->flags);
	p->refcount = pgr_s64_of(s->refcount);
	// As dump_page() prints it: page_mapcount() = _mapcount + 1; a
	// typed page's word is no count.
	if (!s->buddy && !s->slab && o->mapcount >= 0 && !s->tail &&
	    s->mapcount_raw >= -1)
		p->mapcount = pgr_s64_of((int64_t)s->mapcount_raw + 1);
	// A slab's word there is slab_cache (6.1) or, since 6.2's
	// 130d4df57390 ("mm/sl[au]b: rearrange struct slab fields to allow
	// larger rcu_head"), slab_list.prev: no mapping at all.
	p->mapping = s->slab ? (struct pgr_u64){ 0 } : pgr_u64_of(s->mapping);
	if (o->index >= 0)
		p->index = pgr_u64_of(s->index);
	int order = s->tail ? s->order : head ? folio_order(e, s->addr) : 0;
	if (order >= 0)
		p->order = pgr_u64_of(order);
}

static struct pgr_error *page_findings(const struct page_env *e,
				       const struct page_state *s,
				       const char *why)
{
	const struct page_offsets *o = e->o;
	struct crash_record *rec = e->rec;
	struct pgr_error *err = NULL;
	int64_t mapcount = (int64_t)s->mapcount_raw + 1;
	bool anon = s->mapping & (MAPPING_ANON | MAPPING_MOVABLE);
	if (s->buddy)
		err = add_finding(
			rec, "page-freed-in-use", s->addr, 0,
			"page 0x%" PRIx64
			" is free in the buddy allocator, but %s refers to it",
			s->addr, why);
	else if (s->refcount == 0 && !s->slab)
		err = add_finding(
			rec, "page-freed-in-use", s->addr, 0,
			"page 0x%" PRIx64
			" has refcount 0 (freed, or frozen for a split or migration) and mapping 0x%" PRIx64
			", but %s refers to it",
			s->addr, s->mapping, why);
	if (!err && !s->mapping && s->refcount > 0 && !s->buddy && !s->slab &&
	    (flag(s, o->pg_lru) || flag(s, o->pg_uptodate))) {
		// Without BTF the index's offset is unknown: not shown as 0.
		char index[48] = "";
		if (o->index >= 0)
			snprintf(index, sizeof(index), " (index %" PRIu64 ")",
				 s->index);
		err = add_finding(
			rec, "mapping-null-with-refs", s->addr, 0,
			"page 0x%" PRIx64
			"%s has mapping NULL but refcount %d: removed from its mapping while references were held",
			s->addr, index, s->refcount);
	}
	if (!err && s->tail)
		err = add_finding(rec, "tail-where-head-expected", s->addr, 0,
				  "page 0x%" PRIx64
				  " is a tail page of compound page 0x%" PRIx64,
				  s->addr, s->head);
	if (!err && !s->buddy && !s->slab && !s->tail && mapcount > 0 &&
	    s->refcount < mapcount)
		err = add_finding(rec, "refcount-below-mapcount", s->addr, 0,
				  "page 0x%" PRIx64
				  " has refcount %d < mapcount %" PRId64,
				  s->addr, s->refcount, mapcount);
	if (!err && e->in_dax_disassociate && s->mapping && !anon &&
	    !s->buddy && s->refcount > 1)
		err = add_finding(
			rec, "dax-entry-refcount-elevated", s->addr, s->mapping,
			"page 0x%" PRIx64 " of mapping 0x%" PRIx64
			" index %" PRIu64
			" has refcount %d while dax_disassociate_entry() disassociates it: someone (a direct I/O pin?) still holds it",
			s->addr, s->mapping, s->index, s->refcount);
	return err;
}

/** Where xa_load() ended: the entry, and the node and slot holding it. */
struct xa_slot {
	uint64_t entry, node;
	unsigned int slot;
};

static bool is_node(uint64_t entry)
{
	return (entry & 3) == 2 && entry > 4096;
}

// xa_load(): walk i_pages down to @p index.  Internal entries are
// (node | 2); sibling entries (2 + 4 * slot, a large folio's other
// slots) point at a multi-index entry's canonical slot.
static bool xa_lookup(const struct page_env *e, uint64_t xa, uint64_t index,
		      struct xa_slot *ret)
{
	const struct page_offsets *o = e->o;
	uint64_t entry;
	memset(ret, 0, sizeof(*ret));
	if (o->xa_head < 0 || o->xn_shift < 0 || o->xn_slots < 0 ||
	    o->xa_chunk < 2 ||
	    !page_mem_read_u64(e->mem, xa + o->xa_head, &entry))
		return false;
	if (!is_node(entry)) {
		// A lone entry at the root is index 0's only.
		ret->entry = index ? 0 : entry;
		return true;
	}
	for (int depth = 0; depth < XA_MAX_DEPTH; depth++) {
		uint64_t node = entry - 2;
		uint8_t shift;
		if (!mem_read(e, node + o->xn_shift, &shift, 1) || shift > 63)
			return false;
		uint64_t slot = index >> shift;
		if (depth == 0 && slot >= (uint64_t)o->xa_chunk)
			return true; // beyond the tree's reach
		slot &= o->xa_chunk - 1;
		if (!page_mem_read_u64(e->mem, node + o->xn_slots + 8 * slot,
				       &entry))
			return false;
		if ((entry & 3) == 2 && entry < 4 * (uint64_t)o->xa_chunk) {
			slot = entry >> 2;
			if (!page_mem_read_u64(e->mem,
					       node + o->xn_slots + 8 * slot,
					       &entry))
				return false;
		}
		if (!is_node(entry)) {
			*ret = (struct xa_slot){ entry, node, (unsigned)slot };
			return true;
		}
	}
	return false;
}

// Depth-first search of the xarray for @p a or @p b; *index_ret is the
// first index of the slot that holds it.  Bounded by MAX_XA_VISITS.
static bool xa_find(const struct page_env *e, uint64_t entry, uint64_t base,
		    int depth, uint64_t a, uint64_t b, size_t *visits,
		    uint64_t *index_ret)
{
	const struct page_offsets *o = e->o;
	uint64_t node = entry - 2, slots[256];
	uint8_t shift;
	if (depth >= XA_MAX_DEPTH ||
	    !mem_read(e, node + o->xn_shift, &shift, 1) || shift > 63 ||
	    !mem_read(e, node + o->xn_slots, slots, 8 * o->xa_chunk))
		return false;
	for (int64_t i = 0; i < o->xa_chunk && *visits < MAX_XA_VISITS; i++) {
		uint64_t s = slots[i], idx = base + ((uint64_t)i << shift);
		++*visits;
		if (s && (s == a || s == b)) {
			*index_ret = idx;
			return true;
		}
		if (is_node(s) &&
		    xa_find(e, s, idx, depth + 1, a, b, visits, index_ret))
			return true;
	}
	return false;
}

struct mapping_info {
	uint64_t host, a_ops, nrpages, ino, sb, flags;
	int64_t i_size;
	bool host_ok, i_size_ok, nrpages_ok, flags_ok, fs_ok;
	char fs[32];
};

static void read_mapping(const struct page_env *e, uint64_t mapping,
			 struct mapping_info *m)
{
	const struct page_offsets *o = e->o;
	memset(m, 0, sizeof(*m));
	page_mem_read_u64(e->mem, mapping + o->as_host, &m->host);
	if (o->as_a_ops >= 0)
		page_mem_read_u64(e->mem, mapping + o->as_a_ops, &m->a_ops);
	m->nrpages_ok =
		o->as_nrpages >= 0 &&
		page_mem_read_u64(e->mem, mapping + o->as_nrpages, &m->nrpages);
	m->flags_ok =
		o->as_flags >= 0 &&
		page_mem_read_u64(e->mem, mapping + o->as_flags, &m->flags);
	m->host_ok = m->host && o->i_ino >= 0 && o->i_sb >= 0 &&
		     page_mem_read_u64(e->mem, m->host + o->i_ino, &m->ino) &&
		     page_mem_read_u64(e->mem, m->host + o->i_sb, &m->sb);
	m->i_size_ok = m->host_ok && o->i_size >= 0 &&
		       mem_read(e, m->host + o->i_size, &m->i_size, 8);
}

static void read_fs_type(const struct page_env *e, struct mapping_info *m)
{
	const struct page_offsets *o = e->o;
	uint64_t type, name_ptr;
	char *fs = NULL;
	snprintf(m->fs, sizeof(m->fs), "?");
	if (o->sb_type < 0 || o->fst_name < 0 || !e->mem->read_string ||
	    !page_mem_read_u64(e->mem, m->sb + o->sb_type, &type) || !type ||
	    !page_mem_read_u64(e->mem, type + o->fst_name, &name_ptr) ||
	    !name_ptr)
		return;
	fs = e->mem->read_string(e->mem->ctx, name_ptr, 31);
	if (fs && *fs) {
		snprintf(m->fs, sizeof(m->fs), "%s", fs);
		m->fs_ok = true;
	}
	free(fs);
}

// The name of the first dentry aliasing the inode, if any.
static char *dentry_name(const struct page_env *e, const struct mapping_info *m)
{
	const struct page_offsets *o = e->o;
	uint64_t first, dname;
	if (o->i_dentry >= 0 && o->d_alias >= 0 && o->d_name >= 0 &&
	    e->mem->read_string &&
	    page_mem_read_u64(e->mem, m->host + o->i_dentry, &first) && first &&
	    page_mem_read_u64(e->mem, first - o->d_alias + o->d_name, &dname) &&
	    dname)
		return e->mem->read_string(e->mem->ctx, dname, 255);
	return NULL;
}

static struct pgr_error *fill_mapping(const struct page_env *e,
				      struct mapping_info *m,
				      struct page_dump *p)
{
	struct crash_record *rec = e->rec;
	const char *aops = m->a_ops && e->mem->object_name ?
				   e->mem->object_name(e->mem->ctx, m->a_ops) :
				   NULL;
	if (aops && !(p->aops = record_strdup(rec, aops)))
		return &pgr_enomem;
	if (m->nrpages_ok)
		p->nrpages = pgr_u64_of(m->nrpages);
	if (!m->host_ok)
		return NULL;
	p->ino = pgr_u64_of(m->ino);
	if (m->i_size_ok)
		p->i_size = pgr_s64_of(m->i_size);
	read_fs_type(e, m);
	if (m->fs_ok && !(p->fs_type = record_strdup(rec, m->fs)))
		return &pgr_enomem;
	char *file = dentry_name(e, m);
	if (file) {
		p->dentry = record_strdup(rec, file);
		free(file);
		if (!p->dentry)
			return &pgr_enomem;
	}
	return NULL;
}

// PG_writeback set: __folio_start_writeback() marks the folio's slot
// PAGECACHE_TAG_WRITEBACK unless the mapping has AS_NO_WRITEBACK_TAGS,
// and __folio_end_writeback() clears the mark with the flag.  A root
// entry's marks live in xa_flags, whose bit positions depend on the
// kernel's gfp bits: no claim there.
static struct pgr_error *writeback_check(const struct page_env *e,
					 const struct page_state *s,
					 const struct mapping_info *m,
					 const struct xa_slot *x)
{
	const struct page_offsets *o = e->o;
	uint64_t marks;
	if (!flag(s, o->pg_writeback) || !m->flags_ok || o->as_no_wb_tags < 0 ||
	    (m->flags >> o->as_no_wb_tags & 1) || !x->node || o->xn_marks < 0)
		return NULL;
	uint64_t word = o->xn_marks + 8 * ((uint64_t)XA_MARK_WRITEBACK *
						   (o->xa_chunk + 63) / 64 +
					   x->slot / 64);
	if (!page_mem_read_u64(e->mem, x->node + word, &marks) ||
	    (marks >> (x->slot % 64) & 1))
		return NULL;
	return add_finding(
		e->rec, "writeback-without-io", s->addr, s->mapping,
		"page 0x%" PRIx64
		" has PG_writeback set, but its slot %u in node 0x%" PRIx64
		" of mapping 0x%" PRIx64
		" has no WRITEBACK mark: no writeback is in flight for it",
		s->addr, x->slot, x->node, s->mapping);
}

static struct pgr_error *xarray_findings(const struct page_env *e,
					 const struct page_state *s,
					 const struct mapping_info *m)
{
	uint64_t xa = s->mapping + e->o->as_i_pages, found, top;
	struct xa_slot x;
	size_t visits = 0;
	if (e->o->as_i_pages < 0 || e->o->index < 0 ||
	    !xa_lookup(e, xa, s->index, &x))
		return NULL;
	// A DAX mapping holds value entries, not page pointers:
	// dax_make_entry() is xa_mk_value(flags | pfn << DAX_SHIFT), i.e.
	// (value << 1) | 1, with DAX_SHIFT 4 in fs/dax.c since the xarray
	// conversion (4.20; a proposed DAX_ZAP flag would make it 5).
	uint64_t pfn = (s->addr - e->v->base) / e->v->page_size;
	if ((x.entry & 1) && (x.entry >> 5 == pfn || x.entry >> 6 == pfn))
		return NULL;
	if (x.entry == s->addr || x.entry == s->head) {
		int order = s->tail		   ? s->order :
			    flag(s, e->o->pg_head) ? folio_order(e, s->addr) :
						     0;
		uint64_t first =
			s->index - (s->addr - s->head) / e->v->page_size;
		// A large folio sits at an index aligned to its size.
		if (order > 0 && (first & ((UINT64_C(1) << order) - 1)))
			return add_finding(e->rec, "index-mismatch", s->addr,
					   s->mapping,
					   "folio 0x%" PRIx64
					   " has index %" PRIu64
					   ", not a multiple of its %u pages",
					   s->head, first, 1u << order);
		return writeback_check(e, s, m, &x);
	}
	struct pgr_error *err = add_finding(
		e->rec, "page-not-in-mapping", s->addr, s->mapping,
		"page 0x%" PRIx64 " claims mapping 0x%" PRIx64 " index %" PRIu64
		", but the mapping's i_pages holds 0x%" PRIx64
		" there (inode %" PRIu64 " on %s, i_size %" PRId64
		", nrpages %" PRIu64 ")",
		s->addr, s->mapping, s->index, x.entry, m->ino, m->fs,
		m->i_size, m->nrpages);
	if (err || !page_mem_read_u64(e->mem, xa + e->o->xa_head, &top))
		return err;
	bool at;
	if (is_node(top))
		at = xa_find(e, top, 0, 0, s->addr, s->head, &visits, &found);
	else
		at = (found = 0, top == s->addr || top == s->head);
	if (!at)
		return NULL;
	return add_finding(e->rec, "index-mismatch", s->addr, s->mapping,
			   "page 0x%" PRIx64 " has index %" PRIu64
			   " but sits at index %" PRIu64
			   " of its mapping 0x%" PRIx64 "'s xarray",
			   s->addr, s->index, found, s->mapping);
}

static struct pgr_error *decode_mapping(const struct page_env *e,
					const struct page_state *s,
					struct page_dump *p)
{
	struct mapping_info m;
	char why[320];
	// Neither a slab nor a free page has a mapping: a struct slab in a
	// register (any kfree() leaves one) would read its kmem_cache or
	// slab list as a dead address_space.
	if (!s->mapping || (s->mapping & (MAPPING_ANON | MAPPING_MOVABLE)) ||
	    e->o->as_host < 0 || s->slab || s->buddy)
		return NULL;
	if (is_poison_word(s->mapping))
		return add_finding(e->rec, "mapping-freed", s->addr, s->mapping,
				   "page 0x%" PRIx64
				   "'s mapping is the poison value 0x%" PRIx64,
				   s->addr, s->mapping);
	enum mapping_state st =
		mapping_liveness(e, s->mapping, why, sizeof(why));
	if (st == MAPPING_UNREADABLE)
		return add_finding(e->rec, "vmcore-unread", s->addr, s->mapping,
				   "page 0x%" PRIx64 "'s mapping 0x%" PRIx64
				   " cannot be read: %s",
				   s->addr, s->mapping, why);
	if (st != MAPPING_LIVE)
		return add_finding(e->rec, "mapping-freed", s->addr, s->mapping,
				   "page 0x%" PRIx64 "'s mapping 0x%" PRIx64
				   " is no live address_space: %s",
				   s->addr, s->mapping, why);
	read_mapping(e, s->mapping, &m);
	struct pgr_error *err = fill_mapping(e, &m, p);
	return err ? err : xarray_findings(e, s, &m);
}

struct pgr_error *page_decode(const struct page_env *e, uint64_t addr,
			      const char *why, struct page_dump *p,
			      bool *read_ret)
{
	struct page_state s;
	char incoherent[200];
	const char *bad = NULL;
	*read_ret = read_state(e, addr, &s);
	if (!*read_ret)
		return NULL; // not in the dump: the log's facts stay
	decode_tail(e, &s);
	if (s.tail)
		bad = head_state(e, &s, incoherent, sizeof(incoherent));
	else if (s.own_mapping == TAIL_MAPPING && e->o->compound_head >= 0)
		bad = "its mapping is TAIL_MAPPING, but it is no tail page";
	fill_dump(e, &s, p);
	if (bad) {
		// Neither the page's words nor its head's are facts to build
		// on: only that it is (meant to be) a tail.
		struct pgr_error *err =
			add_finding(e->rec, "head-tail-incoherent", addr, 0,
				    "page 0x%" PRIx64 " (%s) is incoherent: %s",
				    addr, why, bad);
		if (!err && s.tail)
			err = add_finding(e->rec, "tail-where-head-expected",
					  addr, 0,
					  "page 0x%" PRIx64 " is a tail page",
					  addr);
		return err;
	}
	// A stale TAIL_MAPPING (the layout knows no tail word): a tail,
	// never a sign of a freed mapping.
	if (s.own_mapping == TAIL_MAPPING && !s.tail)
		return add_finding(e->rec, "tail-where-head-expected", addr, 0,
				   "page 0x%" PRIx64
				   " has mapping TAIL_MAPPING: a tail page",
				   addr);
	struct pgr_error *err = flag_names(e, s.flags, p);
	if (!err)
		err = page_findings(e, &s, why);
	if (!err)
		err = decode_mapping(e, &s, p);
	return err;
}
