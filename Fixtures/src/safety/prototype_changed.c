/* safety pair: a function gains a parameter (unsafe: unpatched callers pass the old
 * arguments). */
#ifdef PATCHED
__attribute__((noinline)) int conn_open(int fd, unsigned int flags)
{
	return fd > 0 && !(flags & 1u) ? fd : -1;
}
#else
__attribute__((noinline)) int conn_open(int fd)
{
	return fd > 0 ? fd : -1;
}
#endif

int conn_close(int fd)
{
	return fd - 1;
}
