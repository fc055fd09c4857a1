/*
 * The floor under klp-layout's first pass: what libdw itself costs to walk a file's
 * units, with nothing of ours around it. docs/performance.md quotes its figures.
 *
 *   cc -O2 -o /tmp/libdw-floor scripts/libdw-floor.c -ldw -lelf
 *   /usr/bin/time -f '%U s user, %M KB' /tmp/libdw-floor vmlinux MODE
 *
 * MODE names: every top-level DIE of every unit, its tag, and the name of each named
 *             type (struct, union, class, enum, typedef, base type): what a lookup of a
 *             few names must read.
 *      members: also every member DIE of every struct and union definition, walked
 *             with dwarf_child/dwarf_siblingof but not read.
 *      attributes: also each member's attributes (dwarf_getattrs, its name and its
 *             constants): what telling same-named definitions apart needs, the pass a
 *             type index is made by.
 *
 * One thread, the file opened with dwarf_begin (no libdwfl, no relocation: a vmlinux is
 * ET_EXEC). It prints the counts and a checksum so the work is not optimized away.
 */
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

enum mode { NAMES, MEMBERS, ATTRIBUTES };

static int collect(Dwarf_Attribute *attribute, void *sum)
{
	Dwarf_Word value;
	switch (dwarf_whatattr(attribute)) {
	case DW_AT_name:
		*(uint64_t *)sum += (uintptr_t)dwarf_formstring(attribute);
		break;
	case DW_AT_data_member_location:
	case DW_AT_data_bit_offset:
	case DW_AT_bit_offset:
	case DW_AT_bit_size:
		if (dwarf_formudata(attribute, &value) == 0)
			*(uint64_t *)sum += value;
		break;
	}
	return DWARF_CB_OK;
}

static uint64_t walk_members(Dwarf_Die *aggregate, enum mode mode, long *members)
{
	uint64_t sum = 0;
	Dwarf_Die child, next;
	int rc = dwarf_child(aggregate, &child);
	while (rc == 0) {
		if (dwarf_tag(&child) == DW_TAG_member) {
			++*members;
			if (mode == ATTRIBUTES)
				dwarf_getattrs(&child, collect, &sum, 0);
		}
		rc = dwarf_siblingof(&child, &next);
		child = next;
	}
	return sum;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: libdw-floor FILE names|members|attributes\n");
		return 2;
	}
	enum mode mode = !strcmp(argv[2], "names") ? NAMES
			 : !strcmp(argv[2], "members") ? MEMBERS
						       : ATTRIBUTES;
	int fd = open(argv[1], O_RDONLY);
	Dwarf *dwarf = fd < 0 ? NULL : dwarf_begin(fd, DWARF_C_READ);
	if (!dwarf) {
		fprintf(stderr, "%s: cannot read its DWARF\n", argv[1]);
		return 2;
	}
	struct timespec start, end;
	clock_gettime(CLOCK_MONOTONIC, &start);
	Dwarf_CU *cu = NULL, *next;
	Dwarf_Half version;
	uint8_t unit_type;
	Dwarf_Die unit, die, sibling;
	long units = 0, types = 0, aggregates = 0, members = 0;
	uint64_t sum = 0;
	while (dwarf_get_units(dwarf, cu, &next, &version, &unit_type, &unit, NULL) == 0) {
		cu = next;
		units++;
		int rc = dwarf_child(&unit, &die);
		while (rc == 0) {
			int tag = dwarf_tag(&die);
			int aggregate = tag == DW_TAG_structure_type || tag == DW_TAG_union_type ||
					tag == DW_TAG_class_type;
			const char *name = NULL;
			if (aggregate || tag == DW_TAG_enumeration_type || tag == DW_TAG_typedef ||
			    tag == DW_TAG_base_type)
				name = dwarf_diename(&die);
			if (name) {
				types++;
				sum += (uintptr_t)name;
				if (aggregate && mode != NAMES) {
					aggregates++;
					sum += walk_members(&die, mode, &members);
				}
			}
			rc = dwarf_siblingof(&die, &sibling);
			die = sibling;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &end);
	printf("%s: %ld units, %ld named types, %ld aggregates walked, %ld members; "
	       "%.3f s (checksum %llx)\n",
	       argv[2], units, types, aggregates, members,
	       (double)(end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9,
	       (unsigned long long)sum);
	return 0;
}
