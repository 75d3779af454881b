// SPDX-License-Identifier: GPL-2.0-or-later
// The kernel log from VMCOREINFO's description of the printk buffers, so a
// dump whose vmlinux is missing still yields its oops.
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "util.h"
#include "vmcore/printk.h" // IWYU pragma: associated

// Linux kernel commit 896fbe20b4e2 ("printk: use the lockless
// ringbuffer") (in v5.10).  Every offset comes from VMCOREINFO
// (kernel/printk/printk.c, log_buf_vmcoreinfo_setup()).
struct prb_layout {
	uint64_t prb_ptr;
	uint64_t rb_desc_ring, rb_text_data_ring;
	uint64_t dr_count_bits, dr_descs, dr_infos, dr_head_id, dr_tail_id;
	uint64_t desc_size, desc_state_var, desc_text_blk_lpos;
	uint64_t lpos_begin, lpos_next;
	uint64_t info_size, info_seq, info_ts_nsec, info_text_len;
	uint64_t info_caller_id;
	uint64_t data_size_bits, data_data;
	uint64_t atomic_counter;
};

struct info_key {
	const char *kind, *key;
	size_t field;
};

#define L(kind, key, field) { kind, key, offsetof(struct prb_layout, field) }
static const struct info_key prb_keys[] = {
	L("SYMBOL", "prb", prb_ptr),
	L("OFFSET", "printk_ringbuffer.desc_ring", rb_desc_ring),
	L("OFFSET", "printk_ringbuffer.text_data_ring", rb_text_data_ring),
	L("OFFSET", "prb_desc_ring.count_bits", dr_count_bits),
	L("OFFSET", "prb_desc_ring.descs", dr_descs),
	L("OFFSET", "prb_desc_ring.infos", dr_infos),
	L("OFFSET", "prb_desc_ring.head_id", dr_head_id),
	L("OFFSET", "prb_desc_ring.tail_id", dr_tail_id),
	L("SIZE", "prb_desc", desc_size),
	L("OFFSET", "prb_desc.state_var", desc_state_var),
	L("OFFSET", "prb_desc.text_blk_lpos", desc_text_blk_lpos),
	L("OFFSET", "prb_data_blk_lpos.begin", lpos_begin),
	L("OFFSET", "prb_data_blk_lpos.next", lpos_next),
	L("SIZE", "printk_info", info_size),
	L("OFFSET", "printk_info.seq", info_seq),
	L("OFFSET", "printk_info.ts_nsec", info_ts_nsec),
	L("OFFSET", "printk_info.text_len", info_text_len),
	L("OFFSET", "printk_info.caller_id", info_caller_id),
	L("OFFSET", "prb_data_ring.size_bits", data_size_bits),
	L("OFFSET", "prb_data_ring.data", data_data),
	L("OFFSET", "atomic_long_t.counter", atomic_counter),
};

// Before 5.10: struct printk_log records in one char array.
struct logbuf_layout {
	uint64_t log_buf, log_buf_len, log_first_idx, log_next_idx;
	uint64_t hdr_size, ts_nsec, len, text_len;
};

#define LB(kind, key, field) \
	{ kind, key, offsetof(struct logbuf_layout, field) }
static const struct info_key logbuf_keys[] = {
	LB("SYMBOL", "log_buf", log_buf),
	LB("SYMBOL", "log_buf_len", log_buf_len),
	LB("SYMBOL", "log_first_idx", log_first_idx),
	LB("SYMBOL", "log_next_idx", log_next_idx),
	LB("SIZE", "printk_log", hdr_size),
	LB("OFFSET", "printk_log.ts_nsec", ts_nsec),
	LB("OFFSET", "printk_log.len", len),
	LB("OFFSET", "printk_log.text_len", text_len),
};

static struct pgr_error *load_layout(struct vmcore_dump *dump,
				     const struct info_key *keys, size_t n,
				     void *layout)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t *field = (uint64_t *)((char *)layout + keys[i].field);
		struct pgr_error *err = vmcore_info_number(dump, keys[i].kind,
							   keys[i].key, field);
		if (err)
			return err;
	}
	return NULL;
}

// Descriptor states (the top two bits of state_var).
enum { DESC_COMMITTED = 1, DESC_FINALIZED = 2 };
static const unsigned int DESC_FLAGS_SHIFT = 62;
static const uint64_t DESC_ID_MASK = ~(UINT64_C(3) << 62);
// Bounds on a sane ring: LOG_BUF_SHIFT is at most 25, and
// log_buf_len= is capped well below 2 GiB.
static const uint64_t MAX_COUNT_BITS = 22;
static const uint64_t MAX_SIZE_BITS = 31;

/** The ring's header and its three arrays, read in bulk. */
struct prb_ring {
	struct prb_layout l;
	uint64_t count, head_id, tail_id, data_size;
	unsigned char *descs, *infos;
	char *data;
};

static void prb_ring_deinit(struct prb_ring *r)
{
	free(r->descs);
	free(r->infos);
	free(r->data);
}

static struct pgr_error *read_array(struct vmcore_dump *dump, uint64_t addr,
				    uint64_t size, const char *what,
				    void *ret)
{
	void *buf = malloc(size);
	if (!buf)
		return &pgr_enomem;
	// A dump cut short keeps the records whose pages it still has.
	size_t missing;
	struct pgr_error *err =
		vmcore_dump_facts(dump)->incomplete ?
			vmcore_read_partial(dump, addr, buf, size, &missing) :
			vmcore_read(dump, addr, buf, size);
	if (err) {
		free(buf);
		return pgr_error_prefix(err, "printk ring %s", what);
	}
	*(void **)ret = buf;
	return NULL;
}

static struct pgr_error *bad_ring(struct vmcore_dump *dump, const char *what,
				  uint64_t value)
{
	return pgr_error_format(PGR_ERROR_BAD_DATA,
				"printk ring: %s (0x%" PRIx64 ") makes no sense: VMCOREINFO or the ring is corrupt",
				what, value);
}

// Whether a @p width byte field at @p base + @p off lies within @p size
// bytes.  The offsets come from the dump's VMCOREINFO: a corrupt one must
// not make the sum wrap and pass.
static bool field_fits(uint64_t base, uint64_t off, uint64_t width,
		       uint64_t size)
{
	uint64_t end;
	return !__builtin_add_overflow(base, off, &end) &&
	       !__builtin_add_overflow(end, width, &end) && end <= size;
}

static struct pgr_error *check_layout(struct vmcore_dump *dump,
				      const struct prb_layout *l)
{
	uint64_t lpos = l->desc_text_blk_lpos;
	if (l->desc_size > 4096 ||
	    !field_fits(l->desc_state_var, 0, 8, l->desc_size) ||
	    !field_fits(lpos, l->lpos_begin, 8, l->desc_size) ||
	    !field_fits(lpos, l->lpos_next, 8, l->desc_size))
		return bad_ring(dump, "SIZE(prb_desc)", l->desc_size);
	if (l->info_size > 4096 ||
	    !field_fits(l->info_seq, 0, 8, l->info_size) ||
	    !field_fits(l->info_ts_nsec, 0, 8, l->info_size) ||
	    !field_fits(l->info_text_len, 0, 2, l->info_size) ||
	    !field_fits(l->info_caller_id, 0, 4, l->info_size))
		return bad_ring(dump, "SIZE(printk_info)", l->info_size);
	// state_var is read at its counter: both offsets must fit.
	if (l->atomic_counter > 8 ||
	    !field_fits(l->desc_state_var, l->atomic_counter, 8, l->desc_size))
		return bad_ring(dump, "OFFSET(atomic_long_t.counter)",
				l->atomic_counter);
	return NULL;
}

static struct pgr_error *read_ring_header(struct vmcore_dump *dump,
					  struct prb_ring *r)
{
	const struct prb_layout *l = &r->l;
	uint64_t prb, descs, infos, data;
	uint32_t count_bits, size_bits;
	struct pgr_error *err;
	uint64_t dr, tr;
	if ((err = vmcore_read_u64(dump, l->prb_ptr, &prb)))
		return pgr_error_prefix(err, "printk ring pointer prb");
	dr = prb + l->rb_desc_ring;
	tr = prb + l->rb_text_data_ring;
	if ((err = vmcore_read_u32(dump, dr + l->dr_count_bits, &count_bits)) ||
	    (err = vmcore_read_u64(dump, dr + l->dr_descs, &descs)) ||
	    (err = vmcore_read_u64(dump, dr + l->dr_infos, &infos)) ||
	    (err = vmcore_read_u64(dump, dr + l->dr_head_id + l->atomic_counter,
				   &r->head_id)) ||
	    (err = vmcore_read_u64(dump, dr + l->dr_tail_id + l->atomic_counter,
				   &r->tail_id)) ||
	    (err = vmcore_read_u32(dump, tr + l->data_size_bits, &size_bits)) ||
	    (err = vmcore_read_u64(dump, tr + l->data_data, &data)))
		return pgr_error_prefix(err, "printk ring header");
	if (count_bits > MAX_COUNT_BITS)
		return bad_ring(dump, "prb_desc_ring.count_bits", count_bits);
	if (size_bits > MAX_SIZE_BITS || size_bits < 3)
		return bad_ring(dump, "prb_data_ring.size_bits", size_bits);
	r->count = UINT64_C(1) << count_bits;
	r->data_size = UINT64_C(1) << size_bits;
	if ((err = read_array(dump, descs, r->count * l->desc_size,
			      "descriptors", &r->descs)) ||
	    (err = read_array(dump, infos, r->count * l->info_size, "infos",
			      &r->infos)) ||
	    (err = read_array(dump, data, r->data_size, "text data", &r->data)))
		return err;
	return NULL;
}

/** One committed record: where its text is. */
struct prb_entry {
	uint64_t seq, ts_nsec;
	uint32_t caller_id;
	const char *text;
	size_t len;
};

// The text of a data block as the kernel's get_data() finds it: a block
// [begin, next) in one wrap, or one wrapped to the ring's start; the
// first unsigned long of a block is its descriptor id.  NULL when the
// positions make no sense (a record being overwritten as the kernel died).
static const char *block_text(const struct prb_ring *r, uint64_t begin,
			      uint64_t next, size_t *len_ret)
{
	unsigned int bits = __builtin_ctzll(r->data_size);
	uint64_t size;
	const char *block;
	if ((begin & 1) && (next & 1))
		return NULL; // data-less
	if (begin >> bits == next >> bits && begin < next) {
		block = r->data + (begin & (r->data_size - 1));
		size = next - begin;
	} else if ((begin + r->data_size) >> bits == next >> bits) {
		block = r->data;
		size = next & (r->data_size - 1);
	} else {
		return NULL;
	}
	if ((begin | next) & 7 || size < 8 ||
	    block + size > r->data + r->data_size)
		return NULL;
	*len_ret = size - 8;
	return block + 8;
}

static bool ring_entry(const struct prb_ring *r, uint64_t id,
		       struct prb_entry *ret)
{
	const struct prb_layout *l = &r->l;
	uint64_t idx = id & (r->count - 1);
	const unsigned char *desc = r->descs + idx * l->desc_size;
	const unsigned char *info = r->infos + idx * l->info_size;
	uint64_t state_var =
		load_u64(desc + l->desc_state_var + l->atomic_counter);
	unsigned int state = state_var >> DESC_FLAGS_SHIFT;
	if ((state_var & DESC_ID_MASK) != id ||
	    (state != DESC_COMMITTED && state != DESC_FINALIZED))
		return false;
	uint64_t lpos = l->desc_text_blk_lpos;
	size_t size;
	const char *text = block_text(r, load_u64(desc + lpos + l->lpos_begin),
				      load_u64(desc + lpos + l->lpos_next),
				      &size);
	if (!text)
		return false;
	size_t text_len = load_u16(info + l->info_text_len);
	ret->seq = load_u64(info + l->info_seq);
	ret->ts_nsec = load_u64(info + l->info_ts_nsec);
	ret->caller_id = load_u32(info + l->info_caller_id);
	ret->text = text;
	ret->len = text_len < size ? text_len : size;
	return true;
}

static void print_entry(FILE *out, const struct prb_entry *e,
			unsigned int flags)
{
	fprintf(out, "[%5" PRIu64 ".%06" PRIu64 "]", e->ts_nsec / 1000000000,
		e->ts_nsec % 1000000000 / 1000);
	if (flags & PRINTK_CALLER) {
		// The top bit marks a CPU (interrupt context), else a pid.
		char caller[16];
		snprintf(caller, sizeof(caller), "%c%" PRIu32,
			 e->caller_id & 0x80000000 ? 'C' : 'T',
			 e->caller_id & ~UINT32_C(0x80000000));
		fprintf(out, "[%6s]", caller);
	}
	fprintf(out, " %.*s\n", (int)e->len, e->text);
}

static int entry_cmp(const void *a, const void *b)
{
	const struct prb_entry *x = a, *y = b;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return x->text < y->text ? -1 : x->text > y->text;
}

static struct pgr_error *format_entries(struct prb_entry *entries, size_t n,
					unsigned int flags,
					struct printk_log *log)
{
	// Ids grow with sequence numbers, so this is normally sorted
	// already; sort anyway so a reused descriptor cannot reorder lines.
	qsort(entries, n, sizeof(*entries), entry_cmp);
	FILE *out = open_memstream(&log->text, &log->len);
	if (!out)
		return &pgr_enomem;
	for (size_t i = 0; i < n; i++)
		print_entry(out, &entries[i], flags);
	struct pgr_error *err = memstream_close(out, &log->text);
	if (err)
		return err;
	log->records = n;
	return NULL;
}

static struct pgr_error *read_prb(struct vmcore_dump *dump,
				  const struct prb_layout *layout,
				  unsigned int flags, struct printk_log *log)
{
	_cleanup_(prb_ring_deinit) struct prb_ring r = { .l = *layout };
	struct pgr_error *err = check_layout(dump, &r.l);
	if (err || (err = read_ring_header(dump, &r)))
		return err;
	_cleanup_free_ struct prb_entry *entries =
		calloc(r.count + 1, sizeof(*entries));
	if (!entries)
		return &pgr_enomem;
	// From the oldest descriptor to the newest, inclusive; at most one
	// lap of the ring whatever head_id and tail_id say.
	size_t n = 0;
	uint64_t id = r.tail_id & DESC_ID_MASK;
	uint64_t head = r.head_id & DESC_ID_MASK;
	for (uint64_t i = 0; i <= r.count; i++) {
		if (ring_entry(&r, id, &entries[n]))
			n++;
		else
			log->skipped++;
		if (id == head)
			break;
		id = (id + 1) & DESC_ID_MASK;
	}
	if (id != head)
		return pgr_error_format(PGR_ERROR_BAD_DATA,
					"printk ring: head id 0x%" PRIx64
					" is not within one lap of tail id 0x%" PRIx64,
					r.head_id, r.tail_id);
	return format_entries(entries, n, flags, log);
}

// Before 5.10 (not exercised by the corpus, which is 6.1): records of
// SIZE(printk_log) header + text, a zero len meaning "wrapped to 0".
static struct pgr_error *read_logbuf(struct vmcore_dump *dump,
				     const struct logbuf_layout *l,
				     unsigned int flags, struct printk_log *log)
{
	uint64_t buf_addr;
	uint32_t buf_len, first, next;
	struct pgr_error *err;
	if ((err = vmcore_read_u64(dump, l->log_buf, &buf_addr)) ||
	    (err = vmcore_read_u32(dump, l->log_buf_len, &buf_len)) ||
	    (err = vmcore_read_u32(dump, l->log_first_idx, &first)) ||
	    (err = vmcore_read_u32(dump, l->log_next_idx, &next)))
		return pgr_error_prefix(err, "log_buf header");
	if (buf_len == 0 || buf_len > (UINT32_C(1) << MAX_SIZE_BITS) ||
	    first >= buf_len || next >= buf_len || l->hdr_size < 16 ||
	    l->hdr_size > 64 || !field_fits(l->ts_nsec, 0, 8, l->hdr_size) ||
	    !field_fits(l->len, 0, 2, l->hdr_size) ||
	    !field_fits(l->text_len, 0, 2, l->hdr_size))
		return bad_ring(dump, "log_buf_len", buf_len);
	_cleanup_free_ unsigned char *buf = NULL;
	if ((err = read_array(dump, buf_addr, buf_len, "log_buf", &buf)))
		return err;
	size_t max = buf_len / l->hdr_size + 1;
	_cleanup_free_ struct prb_entry *entries = calloc(max, sizeof(*entries));
	if (!entries)
		return &pgr_enomem;
	size_t n = 0;
	uint32_t idx = first;
	for (size_t i = 0; i < 2 * max && idx != next; i++) {
		if (idx + l->hdr_size > buf_len)
			return bad_ring(dump, "log_buf record index", idx);
		const unsigned char *hdr = buf + idx;
		uint16_t len = load_u16(hdr + l->len);
		if (len == 0) {
			idx = 0;
			continue;
		}
		uint16_t text_len = load_u16(hdr + l->text_len);
		if (idx + len > buf_len || l->hdr_size + text_len > len ||
		    n == max)
			return bad_ring(dump, "log_buf record length", len);
		entries[n] = (struct prb_entry){
			.seq = n,
			.ts_nsec = load_u64(hdr + l->ts_nsec),
			.text = (const char *)hdr + l->hdr_size,
			.len = text_len,
		};
		n++;
		idx += len;
	}
	if (idx != next)
		return bad_ring(dump, "log_next_idx", next);
	// Caller ids in this layout need CONFIG_PRINTK_CALLER; not read.
	return format_entries(entries, n, flags & ~PRINTK_CALLER, log);
}

struct pgr_error *printk_read(struct vmcore_dump *dump, unsigned int flags,
			      struct printk_log *ret)
{
	memset(ret, 0, sizeof(*ret));
	struct prb_layout prb;
	struct pgr_error *err = load_layout(dump, prb_keys,
					    sizeof(prb_keys) / sizeof(*prb_keys),
					    &prb);
	if (!err)
		err = read_prb(dump, &prb, flags, ret);
	else if (err->code == PGR_ERROR_NOT_FOUND) {
		struct logbuf_layout lb;
		struct pgr_error *err2 = load_layout(
			dump, logbuf_keys,
			sizeof(logbuf_keys) / sizeof(*logbuf_keys), &lb);
		if (err2) {
			pgr_error_destroy(err2);
			return pgr_error_prefix(err, "no printk ring buffer");
		}
		pgr_error_destroy(err);
		err = read_logbuf(dump, &lb, flags, ret);
	}
	if (err)
		printk_log_deinit(ret);
	return err;
}

void printk_log_deinit(struct printk_log *log)
{
	free(log->text);
	memset(log, 0, sizeof(*log));
}
