/* Same names as same_name_a.c, different definitions (irq_info, remap_data) and
 * one identical (shared_same). With -DV2 this unit's irq_info grows: diff must pair
 * it with this unit's old irq_info, not with same_name_a.c's. */
struct irq_info {
	char name[16];
	int irq;
	int (*handler)(int);
#ifdef V2
	long spurious;
#endif
};
struct remap_data {
	long start;
	long end;
};
struct shared_same {
	int x;
};
struct irq_info b_irq;
struct remap_data b_remap;
struct shared_same b_shared;
