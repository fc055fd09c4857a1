/* What the sweep over Debian 12's debug tree found that the other parity fixtures did
 * not have: bits skipped before the first member, unnamed bit fields inside nested
 * types, pahole's "Force padding" lines, and packing that only a struct's holders or
 * its members' natural alignment show. Each struct is named after the kernel one it
 * stands for. */
#include <stdbool.h>

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;

/* BusLogic's blogic_config and blogic_cntrl_reg: a leading `unsigned char :4;` leaves
 * no DIE, only a bit hole before the first member, at top level and nested. */
struct li_lead_bits {
	unsigned char:5;
	bool dma5:1;
	bool dma6:1;
	bool dma7:1;
};
union li_cntrl_reg {
	unsigned char all;
	struct {
		unsigned char:4;
		bool bus_reset:1;
		bool int_reset:1;
		bool soft_reset:1;
		bool hard_reset:1;
	} cr;
};

/* kvm_mmu_page_role: an unnamed bit field inside a struct inside a union takes the
 * nested type column. */
union li_page_role {
	u32 word;
	struct {
		unsigned int level:4;
		unsigned int has_4_byte_gpte:1;
		unsigned int:5;
		unsigned int smm:8;
	};
};

/* BusLogic's blogic_ccb: a bit hole, the unnamed bit field standing for it and
 * "Bitfield combined with previous fields" in one group. */
enum __attribute__((packed)) li_opcode { LI_OP_A, LI_OP_B };
enum __attribute__((packed)) li_dir { LI_DIR_IN, LI_DIR_OUT };
struct li_ccb {
	enum li_opcode opcode;
	unsigned char:3;
	enum li_dir datadir:2;
	bool tag_enable:1;
	u8 cdb_len;
};

/* The same with BusLogic's int-sized enum: the bit field's unit starts with the
 * opcode, so pahole prints the unnamed `:3` and "combined with previous" together. */
enum li_dir_int { LI_DIR_INT_IN, LI_DIR_INT_OUT };
struct li_ccb_int {
	enum li_opcode opcode;
	unsigned char:3;
	enum li_dir_int datadir:2;
	bool tag_enable:1;
	u8 cdb_len;
};

/* __kernel_timex: eleven `int :32;` at the end are tail padding in DWARF, which pahole
 * spells back as "Force padding" lines. */
struct li_timex {
	long long offset;
	int status;
	int tai;
	int:32; int:32; int:32; int:32;
};

/* ioam6_trace_hdr: `:1, :1` skip two bits; pahole prints `:0` (forceAlignmentForSkippedBits). */
struct li_trace_hdr {
	u16 namespace_id;
	u8 :1,
	   :1,
	   overflow:1,
	   nodelen:5;
	u8 remlen:7,
	   :1;
};

/* edd_info: packed, and only the natural alignment of its packed member (8, for the
 * u64 inside) shows it: its own offsets would all fit alignment 2. */
struct li_device_params {
	u16 length;
	u64 sectors;
	u8 host_bus[4];
} __attribute__((packed));
struct li_edd_info {
	u8 device;
	u8 version;
	u16 interface_support;
	struct li_device_params params;
} __attribute__((packed));

/* ceph_entity_addr inside ceph_messenger: a packed struct whose own layout looks
 * natural, placed at an odd offset by a struct with holes (so not packed itself). */
struct li_entity_addr {
	u32 type;
	u32 nonce;
	u64 storage[2];
} __attribute__((packed));
struct li_entity_inst {
	u8 name_type;
	struct li_entity_addr addr;
} __attribute__((packed));
struct li_messenger {
	struct li_entity_inst inst;
	struct li_entity_addr my_enc_addr;
	long global_seq;
	int options;
};

/* A union one byte longer than a packed struct of alignment 4 that it holds. */
struct li_word {
	u32 v;
} __attribute__((packed));
union li_odd_union {
	struct li_word w;
	u8 raw[5];
};

struct li_lead_bits g_li_lead_bits;
union li_cntrl_reg g_li_cntrl_reg;
union li_page_role g_li_page_role;
struct li_ccb g_li_ccb;
struct li_ccb_int g_li_ccb_int;
struct li_timex g_li_timex;
struct li_trace_hdr g_li_trace_hdr;
struct li_edd_info g_li_edd_info;
struct li_messenger g_li_messenger;
union li_odd_union g_li_odd_union;
