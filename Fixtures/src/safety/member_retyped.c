/* safety pair: a member widened from int to long long (unsafe on every target:
 * the struct grows and the members after it move). */
struct stats {
#ifdef PATCHED
	long long count;
#else
	int count;
#endif
	int errors;
	void *owner;
};

int stats_errors(struct stats *s)
{
	return s->errors;
}
