/* A type reached through a pointer before a member holds it by value: the loaders load
   the first by name only, and must load it in full for the second (the struct behind a
   typedef or a qualifier was left without members, so it had no alignment of its own
   and `--expand` showed it empty). */

struct inner {
	long x;
	char y;
};

typedef struct inner inner_t;

struct pointer_first {
	inner_t *p;
	char a;
	const struct inner *q;
	inner_t v;
	const struct inner w;
};

struct pointer_first pointer_first_instance;
