/* safety pair: a member added into the 3-byte hole after kind (a warning: every
 * existing member keeps its offset and the size stays 16, but instances made before
 * the patch hold unspecified bytes where prio now is). */
struct request {
	char kind;
#ifdef PATCHED
	char prio;
#endif
	int id;
	long len;
};

long request_len(struct request *r)
{
	return r->len + r->id;
}
