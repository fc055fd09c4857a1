/* klp-layout fixture: packed and aligned.  SPDX-License-Identifier: MIT */
#define USED __attribute__((used))

struct pa_packed {
	char a;
	int b;
	short c;
	long long d;
} __attribute__((packed));

/* Packed struct embedded into a normal one. */
struct pa_contains_packed {
	char x;
	struct pa_packed p;
	int y;
};

/* Only one member packed. */
struct pa_member_packed {
	char a;
	int b __attribute__((packed));
	char c;
};

struct pa_aligned_struct {
	int a;
	char b;
} __attribute__((aligned(32)));

struct pa_aligned_member {
	char a;
	int b __attribute__((aligned(16)));
	char c;
	long long d __attribute__((aligned(64)));
	char e;
};

struct pa_alignas {
	char a;
	_Alignas(8) char b;
	_Alignas(16) int c;
	char d;
};

/* Packed plus aligned: no interior padding but overall alignment 8. */
struct pa_packed_aligned {
	char a;
	int b;
	char c;
} __attribute__((packed, aligned(8)));

struct pa_array_of_aligned {
	char head;
	struct pa_aligned_struct items[2];
	char tail;
};

USED struct pa_packed g_pa_packed;
USED struct pa_contains_packed g_pa_contains_packed;
USED struct pa_member_packed g_pa_member_packed;
USED struct pa_aligned_struct g_pa_aligned_struct;
USED struct pa_aligned_member g_pa_aligned_member;
USED struct pa_alignas g_pa_alignas;
USED struct pa_packed_aligned g_pa_packed_aligned;
USED struct pa_array_of_aligned g_pa_array_of_aligned;
