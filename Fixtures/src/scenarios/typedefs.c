/* klp-layout fixture: typedefs, qualifiers, function pointers, enums.  SPDX-License-Identifier: MIT */
#define USED __attribute__((used))

typedef unsigned int td_u32;
typedef unsigned long long td_u64;
typedef td_u32 td_id_t;

typedef enum td_state { TD_IDLE, TD_RUNNING = 4, TD_DONE = 255 } td_state_t;
enum td_small { TD_S0 = -1, TD_S1 = 1 };

typedef struct td_point {
	int x;
	int y;
} td_point_t;

typedef struct {
	td_point_t min, max;
} td_rect_t;

typedef int (*td_cmp_fn)(const void *, const void *);
typedef void td_handler_fn(int signo, void *ctx);

struct td_ops {
	int (*open)(void *priv, const char *name, int flags);
	void (*close)(void *priv);
	td_cmp_fn compare;
	td_handler_fn *handler;
	long (*ioctl)(void *priv, unsigned int cmd, unsigned long arg);
	void *(*alloc)(unsigned long size);
};

struct td_qualified {
	const int ci;
	volatile int vi;
	const volatile unsigned long cvl;
	const char *const cpc;
	char *volatile vp;
	const td_point_t cpt;
	int *restrict rp;
};

struct td_pointers {
	char **argv;
	const char *const *envp;
	void ***triple;
	struct td_ops *ops;
	const struct td_ops *const *ops_table;
	td_rect_t *rect;
};

struct td_arrays {
	td_id_t ids[4];
	td_point_t points[3];
	td_rect_t rects[2][2];
	td_cmp_fn cmps[2];
	td_state_t states[3];
	enum td_small small;
	td_u64 total;
};

typedef struct td_arrays td_arrays_t;

USED struct td_point g_td_point;
USED td_rect_t g_td_rect;
USED struct td_ops g_td_ops;
USED struct td_qualified g_td_qualified = { 1, 2, 3, "c", 0, { 4, 5 }, 0 };
USED struct td_pointers g_td_pointers;
USED td_arrays_t g_td_arrays;
USED td_state_t g_td_state = TD_RUNNING;
USED enum td_small g_td_small = TD_S0;
