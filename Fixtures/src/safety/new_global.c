/* safety pair: the fix adds a global and a function of its own (safe: new data
 * is not a change of existing data). */
struct buffer {
	char *data;
	unsigned long len;
};

#ifdef PATCHED
int buffer_overruns;

__attribute__((noinline)) int buffer_overrun(void)
{
	buffer_overruns++;
	return -1;
}
#endif

int buffer_get(struct buffer *b, unsigned long i)
{
#ifdef PATCHED
	if (i >= b->len)
		return buffer_overrun();
#endif
	return b->data[i];
}
