/* safety pair: a global and a static change type (unsafe: the running kernel keeps
 * the original variables). */
#ifdef PATCHED
long long counter;
static __attribute__((used)) unsigned int seq;
#else
int counter;
static __attribute__((used)) unsigned short seq;
#endif

long long read_counter(void)
{
	return counter;
}
