/* safety pair: a member appended at the end of struct conn (unsafe: it grows, so
 * instances allocated before the patch are too small). */
struct conn {
	int fd;
	unsigned long flags;
	char name[16];
#ifdef PATCHED
	unsigned long cookie;
#endif
};

int conn_fd(struct conn *c)
{
	return c->fd;
}
