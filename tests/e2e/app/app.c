/* A stand-in "application" for the end-to-end tests: a static musl program
 * that can live alone in a FROM scratch image. It reports what a real program
 * started after volinit would see, in lines the tests grep:
 *
 *   argv ARG...                  its arguments
 *   pid N ppid N                 N = 1 when volinit exec'd it as PID 1
 *   id uid=U gid=G groups=A,B    real ids and supplementary groups
 *   env NAME=VALUE               one line per environment variable
 *   path P type=f mode=0640 uid=U gid=G size=N   (directories walked)
 *   | LINE                       content of each small regular file
 *
 * Usage: app [--sleep SECONDS] [--exit CODE] [PATH...]
 * Called as "initdb" (a link or copy of this binary, as the postgres example
 * needs), it also acts like initdb just enough: --pgdata=DIR (or -D DIR) gets a
 * PG_VERSION file, --pwfile=FILE must be readable and non-empty. */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

static void show(const char *p, int depth);

static void walk(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, i, j;
	if (!d) {
		printf("error opendir %s: %s\n", dir, strerror(errno));
		return;
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		names = realloc(names, (n + 1) * sizeof *names);
		names[n++] = strdup(de->d_name);
	}
	closedir(d);
	for (i = 1; i < n; i++) /* sorted, so output is stable */
		for (j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	for (i = 0; i < n; i++) {
		char sub[4096];
		snprintf(sub, sizeof sub, "%s/%s", dir, names[i]);
		show(sub, depth + 1);
		free(names[i]);
	}
	free(names);
}

static void show(const char *p, int depth)
{
	struct stat st;
	char type = '?';
	if (lstat(p, &st)) {
		printf("path %s missing (%s)\n", p, strerror(errno));
		return;
	}
	if (S_ISREG(st.st_mode)) type = 'f';
	else if (S_ISDIR(st.st_mode)) type = 'd';
	else if (S_ISLNK(st.st_mode)) type = 'l';
	printf("path %s type=%c mode=%04o uid=%u gid=%u size=%lld", p, type,
	       (unsigned)(st.st_mode & 07777), (unsigned)st.st_uid,
	       (unsigned)st.st_gid, (long long)st.st_size);
	if (type == 'l') {
		char t[4096];
		ssize_t k = readlink(p, t, sizeof t - 1);
		if (k >= 0) { t[k] = 0; printf(" -> %s", t); }
	}
	printf("\n");
	if (type == 'f' && st.st_size <= 8192) {
		FILE *f = fopen(p, "r");
		char line[1024];
		if (!f) {
			printf("error open %s: %s\n", p, strerror(errno));
			return;
		}
		while (fgets(line, sizeof line, f)) {
			line[strcspn(line, "\n")] = 0;
			printf("| %s\n", line);
		}
		fclose(f);
	}
	if (type == 'd' && depth < 8)
		walk(p, depth);
}

static int initdb(int argc, char **argv)
{
	const char *pgdata = getenv("PGDATA"), *pwfile = NULL;
	char buf[4096];
	int i, fd;
	ssize_t k;
	for (i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "--pgdata=", 9)) pgdata = argv[i] + 9;
		else if (!strcmp(argv[i], "-D") && i + 1 < argc) pgdata = argv[++i];
		else if (!strncmp(argv[i], "--pwfile=", 9)) pwfile = argv[i] + 9;
	}
	if (!pgdata) {
		fprintf(stderr, "initdb: no data directory\n");
		return 1;
	}
	if (pwfile) {
		fd = open(pwfile, O_RDONLY);
		k = fd < 0 ? -1 : read(fd, buf, sizeof buf);
		if (k <= 0) {
			printf("initdb: cannot read pwfile %s: %s\n", pwfile,
			       k < 0 ? strerror(errno) : "empty");
			return 1;
		}
		printf("initdb: pwfile %s bytes=%zd final-newline=%s\n", pwfile,
		       k, buf[k - 1] == '\n' ? "yes" : "no");
		close(fd);
	}
	snprintf(buf, sizeof buf, "%s/PG_VERSION", pgdata);
	fd = open(buf, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0 || write(fd, "15\n", 3) != 3) {
		printf("initdb: cannot create %s: %s\n", buf, strerror(errno));
		return 1;
	}
	close(fd);
	printf("initdb: created %s as uid=%u\n", buf, (unsigned)getuid());
	return 0;
}

int main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	int i, code = 0, sleep_s = 0, ng;
	gid_t groups[256];
	char **e;

	base = base ? base + 1 : argv[0];
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("argv");
	for (i = 0; i < argc; i++)
		printf(" %s", argv[i]);
	printf("\npid %d ppid %d\n", (int)getpid(), (int)getppid());
	printf("id uid=%u gid=%u euid=%u egid=%u groups=", (unsigned)getuid(),
	       (unsigned)getgid(), (unsigned)geteuid(), (unsigned)getegid());
	ng = getgroups(256, groups);
	for (i = 0; i < ng; i++)
		printf("%s%u", i ? "," : "", (unsigned)groups[i]);
	printf("\n");
	for (e = environ; *e; e++)
		printf("env %s\n", *e);
	if (!strcmp(base, "initdb"))
		return initdb(argc, argv);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--sleep") && i + 1 < argc)
			sleep_s = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--exit") && i + 1 < argc)
			code = atoi(argv[++i]);
		else if (argv[i][0] == '/')
			show(argv[i], 0);
	}
	printf("app: done\n");
	fflush(stdout);
	if (sleep_s)
		sleep(sleep_s);
	return code;
}
