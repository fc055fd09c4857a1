/* One known change between V1 and V2: a member is added to struct conn. */
struct conn {
	int fd;
	unsigned long flags;
#ifdef V2
	void *cookie;
#endif
	char name[16];
};
struct unchanged { int a; long b; };
__attribute__((used)) struct conn g_conn;
__attribute__((used)) struct unchanged g_unchanged;
