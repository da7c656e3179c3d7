/* signals: what volinit does with signals, as PID 1 or not.
 *
 * MUST: the handler is async-signal-safe (kill, write, the cleanup hooks'
 * unlink, _exit) and keeps errno; a signal arriving between
 * fork and the recording of the child's pid is held back (the parent
 * blocks the forwarded signals around fork); children start with default
 * dispositions and the mask volinit itself was started with (as tini
 * does); SIGPIPE and SIGXFSZ never kill volinit (writes fail with EPIPE
 * and EFBIG instead). */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "signals.h"

static const int fwd[] = { SIGTERM, SIGINT, SIGQUIT, SIGHUP };
static volatile sig_atomic_t child_pid;
static volatile sig_atomic_t taken;
static sigset_t start_mask;
static void (*volatile hooks[SIGNALS_HOOKS_MAX])(void);

void
proc_signals_on_abort(void (*cleanup)(void))
{
	size_t i;

	for (i = 0; i < SIGNALS_HOOKS_MAX; i++)
		if (hooks[i] == cleanup || hooks[i] == NULL) {
			hooks[i] = cleanup;
			return;
		}
}

const char *
proc_signal_name(int sig)
{
	static const struct { int sig; const char *name; } t[] = {
		{ SIGHUP, "HUP" }, { SIGINT, "INT" }, { SIGQUIT, "QUIT" },
		{ SIGILL, "ILL" }, { SIGTRAP, "TRAP" }, { SIGABRT, "ABRT" },
		{ SIGBUS, "BUS" }, { SIGFPE, "FPE" }, { SIGKILL, "KILL" },
		{ SIGUSR1, "USR1" }, { SIGSEGV, "SEGV" }, { SIGUSR2, "USR2" },
		{ SIGPIPE, "PIPE" }, { SIGALRM, "ALRM" }, { SIGTERM, "TERM" },
		{ SIGXCPU, "XCPU" }, { SIGXFSZ, "XFSZ" }, { SIGSYS, "SYS" }
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i].sig == sig)
			return t[i].name;
	return "?";
}

static void
say(const char *s)
{
	(void)!write(2, s, strlen(s));
}

static void
on_signal(int sig)
{
	int saved = errno;
	const char *name;
	pid_t pid = child_pid;
	size_t i;

	if (pid > 0) {
		if (taken == 0)
			taken = sig;
		kill(pid, sig);
		errno = saved;
		return;
	}
	for (i = 0; i < SIGNALS_HOOKS_MAX && hooks[i] != NULL; i++)
		hooks[i]();
	name = proc_signal_name(sig);
	say(log_format == LOG_JSON ? "{\"level\":\"error\",\"msg\":\""
	    "terminated by SIG" : "volinit: terminated by SIG");
	say(name);
	say(log_format == LOG_JSON ? "\"}\n" : "\n");
	_exit(128 + sig);
}

void
proc_signals_init(void)
{
	struct sigaction sa;
	size_t i;

	sigprocmask(SIG_SETMASK, NULL, &start_mask);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(fwd) / sizeof(fwd[0]); i++)
		sigaddset(&sa.sa_mask, fwd[i]);
	for (i = 0; i < sizeof(fwd) / sizeof(fwd[0]); i++)
		sigaction(fwd[i], &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sa.sa_flags = 0;
	sigaction(SIGPIPE, &sa, NULL);
	sigaction(SIGXFSZ, &sa, NULL);
	/* An inherited SIGCHLD=SIG_IGN would make waitpid fail (ECHILD). */
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	/* Those four must get through even if our parent blocked them. */
	sigprocmask(SIG_UNBLOCK, &sa.sa_mask, NULL);
}

void
proc_signals_block(sigset_t *old)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < sizeof(fwd) / sizeof(fwd[0]); i++)
		sigaddset(&set, fwd[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

void
proc_signals_child(pid_t pid)
{
	if (pid > 0)
		taken = 0;
	child_pid = pid;
}

int
proc_signals_taken(void)
{
	return taken;
}

void
proc_signals_reset(int also_handlers)
{
	struct sigaction sa, old;
	int sig;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (sig = 1; sig < NSIG; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP ||
		    sigaction(sig, NULL, &old) == -1)
			continue;
		if (old.sa_handler == SIG_IGN || (also_handlers &&
		    old.sa_handler != SIG_DFL))
			sigaction(sig, &sa, NULL);
	}
	sigprocmask(SIG_SETMASK, &start_mask, NULL);
}
