/* Two units that define the same names differently, linked with ld -r: pahole and
 * klp-layout print each distinct definition once. */
struct irq_info {
	int irq;
	unsigned long flags;
};
struct remap_data {
	long start;
};
struct shared_same {
	int x;
};
struct irq_info a_irq;
struct remap_data a_remap;
struct shared_same a_shared;
