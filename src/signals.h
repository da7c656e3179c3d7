/* signals: volinit's PID 1 duties. Termination signals either end volinit
 * at once (cleaning up a half-written temp file) or, while a `run` child
 * is running, are forwarded to it. SIGPIPE and SIGXFSZ are ignored. */
#ifndef SIGNALS_H
#define SIGNALS_H
#include <signal.h>
#include <sys/types.h>

/* Call first thing in main (after proc_refuse_setid): install handlers for
 * SIGTERM, SIGINT, SIGQUIT and SIGHUP (a PID 1 without a handler never
 * sees them), ignore SIGPIPE and SIGXFSZ, and remember the signal mask
 * volinit started with (children get it back). With no child running, a
 * handled signal runs the cleanup hooks (the temp file of an interrupted
 * write) and exits 128+N at once. */
void proc_signals_init(void);
/* The one cleanup hook: whoever owns temp files registers what removes
 * them (async-signal-safe: unlink and close only). Idempotent; a few
 * slots (SIGNALS_HOOKS_MAX), enough for every owner. */
#define SIGNALS_HOOKS_MAX 4
void proc_signals_on_abort(void (*cleanup)(void));

/* Block the four forwarded signals; the old mask into *old. */
void proc_signals_block(sigset_t *old);
/* Set (pid > 0) or clear (0) the child that signals are forwarded to. */
void proc_signals_child(pid_t pid);
/* The first signal forwarded since the last proc_signals_child(pid), or
 * 0. */
int proc_signals_taken(void);
/* Before execve: every disposition back to default (handlers too when
 * also_handlers; execve itself resets them otherwise), then the mask
 * volinit started with. */
void proc_signals_reset(int also_handlers);
/* Name of a signal without the SIG prefix ("TERM"), or "?". */
const char *proc_signal_name(int sig);
#endif
