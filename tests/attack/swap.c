/* swap: the attacker's side of a race. Given two paths in the same
 * directory (one a directory, one a symlink to the sentinel), exchange them
 * with renameat2(RENAME_EXCHANGE) in a tight loop until killed, so that any
 * name volinit resolves twice may be a directory one moment and a link
 * leaving the volume the next (docker cp, CVE-2018-15664).
 *
 * usage: swap PATH_A PATH_B
 * Errors (a path briefly missing because volinit removed it) are ignored:
 * the loop goes on; it dies with the shell that started it (a case killed
 * by its timeout leaves no spinning process behind). Built with the host cc (tests/bin/swap). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

int
main(int argc, char **argv)
{
	if (argc != 3) {
		fputs("usage: swap PATH_A PATH_B\n", stderr);
		return 2;
	}
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() == 1)
		return 1;
	/* Prove the first exchange works before spinning: a typo in a test
	 * must not silently make it race nothing. */
	if (syscall(SYS_renameat2, AT_FDCWD, argv[1], AT_FDCWD, argv[2],
	    RENAME_EXCHANGE) != 0) {
		perror("swap: renameat2(RENAME_EXCHANGE)");
		return 1;
	}
	for (;;)
		(void)syscall(SYS_renameat2, AT_FDCWD, argv[1], AT_FDCWD,
		    argv[2], RENAME_EXCHANGE);
}
