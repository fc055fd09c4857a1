/*
 * A module in the shape of the kernel's shadow-variable samples
 * (samples/livepatch/livepatch-shadow-mod.c and its -fix1 patch), written for this
 * project with its own stand-in declarations so it cross-compiles: session_alloc()
 * leaks a buffer on every call. Built three ways:
 *
 *   (neither)  the original module with the leak;
 *   -DMEMBER   fixed by keeping the buffer in a new struct session member: unsafe,
 *              sessions allocated before the patch are 8 bytes short;
 *   -DSHADOW   fixed by attaching the buffer with klp_shadow_get_or_alloc(): safe,
 *              struct session keeps its layout.
 */
struct list_head {
	struct list_head *next, *prev;
};

typedef unsigned int gfp_t;
#define GFP_KERNEL 0u

void *kzalloc(unsigned long size, gfp_t flags);
void kfree(const void *p);
extern unsigned long jiffies;

struct session {
	struct list_head list;
	unsigned long expires;
#ifdef MEMBER
	int *buffer;
#endif
};

#ifdef SHADOW
#define SV_BUFFER 1

typedef int (*klp_shadow_ctor_t)(void *obj, void *shadow_data, void *ctor_data);
typedef void (*klp_shadow_dtor_t)(void *obj, void *shadow_data);
void *klp_shadow_get_or_alloc(void *obj, unsigned long id, unsigned long size, gfp_t gfp_flags,
			      klp_shadow_ctor_t ctor, void *ctor_data);
void klp_shadow_free(void *obj, unsigned long id, klp_shadow_dtor_t dtor);

static int session_buffer_ctor(void *obj, void *shadow_data, void *ctor_data)
{
	int **slot = shadow_data;

	*slot = ctor_data;
	return 0;
}

static void session_buffer_dtor(void *obj, void *shadow_data)
{
	int **slot = shadow_data;

	kfree(*slot);
}
#endif

struct session *session_alloc(void)
{
	struct session *s = kzalloc(sizeof(*s), GFP_KERNEL);
	int *buffer;

	if (!s)
		return 0;
	s->expires = jiffies + 1000;
	buffer = kzalloc(sizeof(*buffer), GFP_KERNEL);
#if defined(MEMBER)
	s->buffer = buffer;
#elif defined(SHADOW)
	if (!klp_shadow_get_or_alloc(s, SV_BUFFER, sizeof(buffer), GFP_KERNEL, session_buffer_ctor, buffer)) {
		kfree(buffer);
		kfree(s);
		return 0;
	}
#else
	(void)buffer; /* the bug: never stored, never freed */
#endif
	return s;
}

void session_free(struct session *s)
{
#if defined(MEMBER)
	kfree(s->buffer);
#elif defined(SHADOW)
	klp_shadow_free(s, SV_BUFFER, session_buffer_dtor);
#endif
	kfree(s);
}

int session_expired(struct session *s)
{
	return (long)(jiffies - s->expires) > 0;
}
