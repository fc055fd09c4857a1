/* klp-layout fixture: what `audit` may move and what it may not (issue 30).
 * SPDX-License-Identifier: MIT
 *
 * am_task is task_struct in small: thread_info first (current_thread_info() casts the
 * task pointer), a cacheline-aligned group (`se`, like sched_entity holding a
 * ____cacheline_aligned sched_avg), and `thread` last, whose fpu state ends the struct
 * (x86's thread_struct ends in a variable-sized FPU state): a fix moves members into
 * holes without moving either end or crossing an aligned member.
 */
#define __aligned(x) __attribute__((aligned(x)))
#define ____cacheline_aligned __aligned(64)
#define USED __attribute__((used))

struct am_thread_info {
	unsigned long flags;
	unsigned long syscall_work;
	unsigned int status;
	unsigned int cpu;
};

struct am_sched_avg {
	unsigned long last_update_time;
	unsigned long load_sum;
	unsigned int util_sum;
	unsigned int period_contrib;
} ____cacheline_aligned;

struct am_sched_entity {
	unsigned long weight;
	unsigned long vruntime;
	int depth;
	struct am_sched_avg avg;
};

struct am_fpu {
	unsigned int last_cpu;
	unsigned long avx512_timestamp;
	unsigned char state[64] __aligned(64);
};

struct am_thread {
	unsigned long sp;
	unsigned short es;
	unsigned short ds;
	struct am_fpu fpu;
};

struct am_task {
	struct am_thread_info thread_info;
	unsigned int __state;
	void *stack;
	int on_cpu;
	unsigned long wakee_flip_decay_ts;
	int prio;
	struct am_sched_entity se;
	unsigned int policy;
	void *cpus_ptr;
	int exit_state;
	unsigned long jobctl;
	unsigned int personality;
	unsigned int sched_reset_on_fork:1;
	unsigned int sched_migrated:1;
	unsigned long atomic_flags;
	int pid;
	void *real_parent;
	unsigned int sas_ss_flags;
	void *task_works;
	unsigned int psi_flags;
	unsigned long acct_rss_mem1;
	int pagefault_disabled;
	void *oom_reaper_list;
	int mce_count;
	void *rethooks;
	unsigned int kstack_offset;
	void *mce_vaddr;
	struct am_thread thread;
};

/* am_task with the two moves audit proposes made by hand, as gcc lays it out: the
 * compiler's word on the proposed layout (512 bytes, thread at 320). */
struct am_task_moved {
	struct am_thread_info thread_info;
	unsigned int __state;
	void *stack;
	int on_cpu;
	unsigned long wakee_flip_decay_ts;
	int prio;
	struct am_sched_entity se;
	unsigned int policy;
	int exit_state;
	void *cpus_ptr;
	unsigned long jobctl;
	unsigned int personality;
	unsigned int sched_reset_on_fork:1;
	unsigned int sched_migrated:1;
	unsigned long atomic_flags;
	int pid;
	unsigned int sas_ss_flags;
	void *real_parent;
	void *task_works;
	unsigned int psi_flags;
	unsigned long acct_rss_mem1;
	int pagefault_disabled;
	void *oom_reaper_list;
	int mce_count;
	void *rethooks;
	unsigned int kstack_offset;
	void *mce_vaddr;
	struct am_thread thread;
};

/* pahole is right here: nothing aligned, and no end has to move. */
struct am_simple {
	long first;
	int a;
	long b;
	int c;
	long d;
	int e;
	char f;
	long last;
};

/* aesni_xts_ctx in small: both arrays aligned(16), 12 bytes between them and 12 after,
 * and no order of the two changes that. */
struct am_forced {
	unsigned char raw_tweak_ctx[484] __aligned(16);
	unsigned char raw_crypt_ctx[484] __aligned(16);
};

/* A page-aligned buffer: a 4 KB hole before it and the padding after it are forced
 * (no move saves them); only a full re-sort, which moves the buffer first, does. */
struct am_page_hole {
	long first;
	int flags;
	unsigned char page[64] __aligned(4096);
	long last;
};

USED struct am_task am_task_g;
USED struct am_task_moved am_task_moved_g;
USED struct am_simple am_simple_g;
USED struct am_forced am_forced_g;
USED struct am_page_hole am_page_hole_g;
