/* safety pair: a member inserted in the middle of struct conn (unsafe: it grows and
 * name moves). Built -DORIG and -DPATCHED. */
struct conn {
	int fd;
	unsigned long flags;
#ifdef PATCHED
	void *cookie;
#endif
	char name[16];
};

int conn_fd(struct conn *c)
{
	return c->fd;
}
