/* safety pair: an enumerator inserted in the middle shifts the values after it
 * (unsafe: unpatched code was compiled with the old values). */
enum conn_state {
	CONN_IDLE,
#ifdef PATCHED
	CONN_OPENING,
#endif
	CONN_OPEN,
	CONN_CLOSED,
};

enum conn_state g_state;

int is_open(void)
{
	return g_state == CONN_OPEN;
}
