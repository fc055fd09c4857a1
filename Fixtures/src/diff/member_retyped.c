/* One known change between V1 and V2: `count` goes from int to long. */
struct conn {
	int fd;
#ifdef V1
	int count;
#else
	long count;
#endif
	char name[16];
};
struct unchanged { int a; long b; };
__attribute__((used)) struct conn g_conn;
__attribute__((used)) struct unchanged g_unchanged;
