/* Shared types: with -femit-struct-debug-baseonly, a unit that only includes this
 * header describes these structs as declarations (no size, no members). */
struct inner {
	long a;
	int b;
};
