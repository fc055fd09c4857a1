/* safety pair: a bit field widened from 3 to 4 bits, so the one after it moves by a
 * bit (unsafe although the size and every byte offset stay the same). */
struct flags {
#ifdef PATCHED
	unsigned int state : 4;
#else
	unsigned int state : 3;
#endif
	unsigned int mode : 2;
	unsigned short owner;
};

unsigned int flags_mode(struct flags *f)
{
	return f->mode;
}
