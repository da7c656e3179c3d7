/* bounds: every limit volinit puts on what it reads, in one place. A
 * hostile or broken input meets one of these and fails with a clear
 * error instead of exhausting memory, the stack or the clock. */
#ifndef BOUNDS_H
#define BOUNDS_H

#define PLAN_MAX	(4u << 20)	/* a plan file */
#define TEMPLATE_MAX	(16u << 20)	/* a template read whole (go, check) */
#define SECRET_MAX	(1u << 20)	/* a secret file: more is a mistake,
					 * not a password */
#define CAPTURE_MAX	(1u << 20)	/* run capture=: SPEC's 1 MiB */
#define HOSTS_MAX	(1u << 20)	/* /etc/hosts */
#define RESOLV_CONF_MAX	(64u << 10)	/* /etc/resolv.conf */
#define EXPAND_DEPTH_MAX 100		/* ${...} inside one another */
#define REF_MAX		4096		/* a ${...} or $NAME in a streamed
					 * template, carried across chunks */
#define WAIT_RESP_MAX	8192		/* an http status line and headers */
#define WAIT_BODY_MAX	65536		/* what body= searches */
#define TAIL_LINE_MAX	65536		/* a tailed line, else in pieces */
#endif
