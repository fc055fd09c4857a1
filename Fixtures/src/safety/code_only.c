/* safety pair: only code changes, a bounds check added (safe: no data changes). */
struct buffer {
	char *data;
	unsigned long len;
};

int buffer_get(struct buffer *b, unsigned long i)
{
#ifdef PATCHED
	if (i >= b->len)
		return -1;
#endif
	return b->data[i];
}
