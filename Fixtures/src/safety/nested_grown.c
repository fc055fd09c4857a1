/* safety pair: struct inner grows; struct outer holds it by value and struct top
 * holds an outer by value, so all three change (unsafe). struct ref only points to
 * an inner and keeps its layout. */
struct inner {
	int a;
	int b;
#ifdef PATCHED
	int c;
#endif
};

struct outer {
	int x;
	struct inner in;
	long tail;
};

struct top {
	struct outer o;
	int z;
};

struct ref {
	struct inner *p;
	int y;
};

long top_tail(struct top *t, struct ref *r)
{
	return t->o.tail + r->y;
}
