/* One known change between V1 and V2: bit field `state` widens from 3 to 5 bits. */
struct conn {
	unsigned int open:1;
#ifdef V1
	unsigned int state:3;
#else
	unsigned int state:5;
#endif
	unsigned int busy:1;
	int fd;
};
struct unchanged { int a; long b; };
__attribute__((used)) struct conn g_conn;
__attribute__((used)) struct unchanged g_unchanged;
