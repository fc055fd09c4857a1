/* One known change between V1 and V2: `small` moves before `big`, closing a hole. */
struct conn {
#ifdef V1
	char tag;
	long big;
	char small;
#else
	char tag;
	char small;
	long big;
#endif
};
struct unchanged { int a; long b; };
__attribute__((used)) struct conn g_conn;
__attribute__((used)) struct unchanged g_unchanged;
