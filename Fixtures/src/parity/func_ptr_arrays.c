/* Arrays of function pointers (dvb_usb_adapter.fe_init in drivers/media/usb/dvb-usb):
 * pahole 1.24 prints the bound after the parameter list, `int (*fe_init)(struct
 * dvb_frontend *)[3]`, which is not C (a function returning an array); the C is
 * `int (*fe_init[3])(struct dvb_frontend *)`.  SPDX-License-Identifier: MIT */
#define USED __attribute__((used))

struct fpa_frontend;

struct fpa_adapter {
	int id;
	int (*fe_init[3])(struct fpa_frontend *);
	int (*fe_sleep[3])(struct fpa_frontend *);
	void (*hooks[2])(void);
	struct fpa_frontend *fe[3];
};

USED struct fpa_adapter fpa_adapter_g;
