/* One known change between V1 and V2: name[16] becomes name[32]. */
struct conn {
	int fd;
#ifdef V1
	char name[16];
#else
	char name[32];
#endif
	long last;
};
struct unchanged { int a; long b; };
__attribute__((used)) struct conn g_conn;
__attribute__((used)) struct unchanged g_unchanged;
