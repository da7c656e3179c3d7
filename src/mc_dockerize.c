/* mc_dockerize: `dockerize [options] [command]` (jwilder/dockerize) on
 * volinit's own parts: the Go template engine through render_one, the
 * waits of wait.c, the supervisor of supervise.c for the command and the
 * -stdout/-stderr tails.
 *
 * As dockerize: Go's flag package (-flag value, -flag=value, --flag, a
 * boolean only as -flag or -flag=BOOL, parsing stops at the first word
 * that is not a flag or after --; exit 2 with the usage on a bad flag, 0
 * for -h/-help); Go durations for -timeout (10s) and
 * -wait-retry-interval (1s); every wait under the one -timeout, exit 1
 * when it passes; templates first (a directory renders each of its files
 * into DEST, or to stdout), then the waits, then the command with the
 * tails, whose exit code is dockerize's.
 * Where it differs (README: Migrating): https:// waits are refused at
 * once naming tcp:// (no TLS here), redirects are not followed (a 3xx is
 * not ready), destinations are written atomically (never through a link
 * at DEST), every signal is forwarded (not only HUP, INT, TERM) and none
 * escalates to SIGKILL, a command that cannot start is 127/126 (not 1), a
 * command killed by signal N is 128+N (not 255), and every failure is
 * checked before anything is written: waits and delimiters first. */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mc.h"
#include "mc_dockerize.h"
#include "steps.h"
#include "supervise.h"
#include "wait.h"
#include "xalloc.h"

#ifndef VOLINIT_VERSION
#define VOLINIT_VERSION "dev"
#endif
#define DZ_MAX 64		/* of each repeatable flag */

extern char **environ;

enum dz_kind { DZ_BOOL, DZ_STR, DZ_DUR, DZ_LIST };

struct dz_list {
	const char *v[DZ_MAX];
	size_t n;
};

struct dz {
	bool version, poll, no_overwrite;
	struct dz_list templates, out, err, headers, waits;
	const char *delims;
	long long timeout_ns, retry_ns;
	int nflags;
	char **args;		/* the command, NULL-terminated */
};

static const struct dz_flag {
	const char *name;
	enum dz_kind kind;
	const char *usage;
} dz_flags[] = {
	{ "delims", DZ_STR, "template tag delimiters. default \"{{\":\"}}\"" },
	{ "no-overwrite", DZ_BOOL, "Do not overwrite destination file if it "
	    "already exists." },
	{ "poll", DZ_BOOL, "enable polling (accepted: volinit always polls)" },
	{ "stderr", DZ_LIST, "Tails a file to stderr. Can be passed multiple "
	    "times" },
	{ "stdout", DZ_LIST, "Tails a file to stdout. Can be passed multiple "
	    "times" },
	{ "template", DZ_LIST, "Template (/template:/dest). Can be passed "
	    "multiple times. Does also support directories" },
	{ "timeout", DZ_DUR, "Host wait timeout (default 10s)" },
	{ "version", DZ_BOOL, "show version" },
	{ "wait", DZ_LIST, "Host (tcp/tcp4/tcp6/http/unix/file) to wait for "
	    "before this container starts. Can be passed multiple times. e.g. "
	    "tcp://db:5432" },
	{ "wait-http-header", DZ_LIST, "HTTP headers, colon separated. e.g "
	    "\"Accept-Encoding: gzip\". Can be passed multiple times" },
	{ "wait-retry-interval", DZ_DUR, "Duration to wait before retrying "
	    "(default 1s)" },
};

static void
dz_usage(void)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_adds(&b, "Usage: dockerize [options] [command]\n\nUtility to "
	    "simplify running applications in docker containers (volinit "
	    VOLINIT_VERSION ")\n\nOptions:\n");
	for (i = 0; i < sizeof(dz_flags) / sizeof(dz_flags[0]); i++)
		buf_printf(&b, "  -%s%s\n    \t%s\n", dz_flags[i].name,
		    dz_flags[i].kind == DZ_BOOL ? "" : dz_flags[i].kind ==
		    DZ_DUR ? " duration" : " value", dz_flags[i].usage);
	buf_adds(&b, "\nArguments:\n  command - command to be executed\n\n"
	    "Examples:\n\n   dockerize -template nginx.tmpl:/etc/nginx/"
	    "nginx.conf \\\n             -stdout /var/log/nginx/access.log \\\n"
	    "             -stderr /var/log/nginx/error.log \\\n"
	    "             -wait tcp://web:8000 nginx\n\n");
	(void)!write(2, b.p, b.len);
	buf_free(&b);
}

/* Go's time.ParseDuration, into nanoseconds: [-+]?(DIGITS[.DIGITS]UNIT)+
 * with units ns us µs ms s m h, or a bare "0". */
static int
go_duration(const char *s, long long *ns)
{
	static const struct { const char *u; long long mul; } units[] = {
		{ "ns", 1 }, { "us", 1000 }, { "\xc2\xb5s", 1000 },
		{ "\xce\xbcs", 1000 }, { "ms", 1000000 }, { "s", 1000000000LL },
		{ "m", 60000000000LL }, { "h", 3600000000000LL } };
	long long total = 0, whole, frac, scale, mul;
	bool neg = *s == '-';
	size_t i, l, best;
	int digits;

	s += *s == '-' || *s == '+';
	if (strcmp(s, "0") == 0) {
		*ns = 0;
		return 0;
	}
	if (*s == '\0')
		return -1;
	while (*s != '\0') {
		whole = frac = 0;
		scale = 1;
		for (digits = 0; isdigit((unsigned char)*s); s++, digits++)
			if ((whole = whole * 10 + (*s - '0')) > 1LL << 40)
				return -1;
		if (*s == '.')
			for (s++; isdigit((unsigned char)*s); s++, digits++)
				if (scale < 1000000000000LL) {
					frac = frac * 10 + (*s - '0');
					scale *= 10;
				}
		if (digits == 0)
			return -1;
		for (i = 0, best = 0, mul = 0; i < sizeof(units) /
		    sizeof(units[0]); i++) {
			l = strlen(units[i].u);
			if (l > best && strncmp(s, units[i].u, l) == 0 &&
			    !isalpha((unsigned char)s[l]))
				best = l, mul = units[i].mul;
		}
		if (mul == 0)
			return -1;
		s += best;
		if (whole > (1LL << 62) / mul)
			return -1;
		total += whole * mul + frac * (mul / scale);
		if (total > 1LL << 62)
			return -1;
	}
	*ns = neg ? -total : total;
	return 0;
}

static int
go_bool(const char *v, bool *b)
{
	static const char *const t[] = { "1", "t", "T", "TRUE", "true",
	    "True" }, *const f[] = { "0", "f", "F", "FALSE", "false",
	    "False" };
	size_t i;

	for (i = 0; i < 6; i++) {
		if (strcmp(v, t[i]) == 0)
			return *b = true, 0;
		if (strcmp(v, f[i]) == 0)
			return *b = false, 0;
	}
	return -1;
}

static bool *
bool_of(struct dz *d, const char *name)
{
	return strcmp(name, "version") == 0 ? &d->version :
	    strcmp(name, "poll") == 0 ? &d->poll : &d->no_overwrite;
}

static struct dz_list *
list_of(struct dz *d, const char *name)
{
	return strcmp(name, "template") == 0 ? &d->templates :
	    strcmp(name, "stdout") == 0 ? &d->out :
	    strcmp(name, "stderr") == 0 ? &d->err :
	    strcmp(name, "wait") == 0 ? &d->waits : &d->headers;
}

/* Set flag f to value v: 0, or -1 having said why. */
static int
dz_set(struct dz *d, const struct dz_flag *f, const char *v)
{
	struct dz_list *l;

	switch (f->kind) {
	case DZ_BOOL:
		if (go_bool(v, bool_of(d, f->name)) == 0)
			return 0;
		mc_say("dockerize", "invalid boolean value \"%s\" for -%s: "
		    "parse error", v, f->name);
		return -1;
	case DZ_DUR:
		if (go_duration(v, strcmp(f->name, "timeout") == 0 ?
		    &d->timeout_ns : &d->retry_ns) == 0)
			return 0;
		mc_say("dockerize", "invalid value \"%s\" for flag -%s: parse "
		    "error", v, f->name);
		return -1;
	case DZ_STR:
		d->delims = v;
		return 0;
	case DZ_LIST:
		l = list_of(d, f->name);
		if (l->n == DZ_MAX) {
			mc_say("dockerize", "more than %d -%s flags", DZ_MAX,
			    f->name);
			return -1;
		}
		l->v[l->n++] = v;
		return 0;
	}
	return -1;
}

/* Go's FlagSet.Parse: 0 with d->args the rest; -1 after -h (exit 0);
 * else 2, the usage shown. */
static int
dz_parse(struct dz *d, int argc, char **argv)
{
	const struct dz_flag *f;
	char name[64], *s;
	const char *eq, *v;
	size_t i, nl;
	int k = 1;

	for (; k < argc; k++) {
		s = argv[k];
		if (s[0] != '-' || s[1] == '\0')
			break;
		if (strcmp(s, "--") == 0) {
			k++;
			break;
		}
		s += s[1] == '-' ? 2 : 1;
		if (*s == '\0' || *s == '-' || *s == '=') {
			mc_say("dockerize", "bad flag syntax: %s", argv[k]);
			goto usage;
		}
		eq = strchr(s + 1, '=');
		nl = eq != NULL ? (size_t)(eq - s) : strlen(s);
		snprintf(name, sizeof(name), "%.*s", (int)nl, s);
		for (i = 0, f = NULL; i < sizeof(dz_flags) / sizeof(dz_flags[0]);
		    i++)
			if (strlen(dz_flags[i].name) == nl &&
			    strncmp(dz_flags[i].name, s, nl) == 0)
				f = &dz_flags[i];
		if (f == NULL && (strcmp(name, "h") == 0 ||
		    strcmp(name, "help") == 0)) {
			dz_usage();
			return -1;	/* exit 0, as Go's ErrHelp */
		}
		if (f == NULL) {
			mc_say("dockerize", "flag provided but not defined: -%s",
			    name);
			goto usage;
		}
		d->nflags++;
		v = eq != NULL ? eq + 1 : f->kind == DZ_BOOL ? "true" :
		    k + 1 < argc ? argv[++k] : NULL;
		if (v == NULL) {
			mc_say("dockerize", "flag needs an argument: -%s", name);
			goto usage;
		}
		if (dz_set(d, f, v) < 0)
			goto usage;
	}
	d->args = argv + k;
	return 0;
usage:
	dz_usage();
	return 2;
}

/* ---- waits ---- */

/* dockerize's -wait URL as one of volinit's targets. */
static int
dz_target(const char *url, const struct dz_list *hdr, struct wait_target *t,
    struct err *e)
{
	const char *sep = strstr(url, "://"), *rest, *p;
	size_t sl = sep != NULL ? (size_t)(sep - url) : 0, i;
	char scheme[16];
	int r;

	memset(t, 0, sizeof(*t));
	if (sep == NULL || sl == 0 || sl >= sizeof(scheme))
		return err_set(e, ERR_STEP, 0, "invalid host protocol provided: "
		    "%.*s. supported protocols are: tcp, tcp4, tcp6, unix, file "
		    "and http", (int)strcspn(url, ":"), url);
	snprintf(scheme, sizeof(scheme), "%.*s", (int)sl, url);
	rest = sep + 3;
	if (strcmp(scheme, "tcp") == 0 || strcmp(scheme, "tcp4") == 0 ||
	    strcmp(scheme, "tcp6") == 0) {
		char host[300];

		snprintf(host, sizeof(host), "%.*s", (int)strcspn(rest, "/?#"),
		    rest);
		return wait_target_parse(t, "tcp", host, NULL, e);
	}
	if (strcmp(scheme, "file") == 0 || strcmp(scheme, "unix") == 0) {
		p = strchr(rest, '/');
		return wait_target_parse(t, scheme, p != NULL ? p : "", NULL, e);
	}
	if (strcmp(scheme, "https") == 0)
		return err_set(e, ERR_STEP, 0, "cannot wait for %s: volinit "
		    "speaks no TLS; wait for the port instead (-wait tcp://HOST"
		    ":443) or for a plain http:// health endpoint", url);
	if (strcmp(scheme, "http") != 0)
		return err_set(e, ERR_STEP, 0, "invalid host protocol provided: "
		    "%s. supported protocols are: tcp, tcp4, tcp6, unix, file "
		    "and http", scheme);
	if ((r = wait_target_parse(t, "http", url, NULL, e)) < 0)
		return r;
	for (i = 0; i < hdr->n; i++)
		if (wait_target_add_header(t, hdr->v[i], e) < 0)
			return -1;
	return 0;
}

/* Every wait checked, then awaited under the one -timeout. */
static int
dz_waits(const struct dz *d)
{
	struct wait_target t[DZ_MAX];
	struct err e = ERR_INIT;
	long long deadline, to = d->timeout_ns / 1000000;
	long iv = (long)(d->retry_ns / 1000000);
	size_t i, n;
	int r = 0;

	for (n = 0; n < d->waits.n; n++)
		if (dz_target(d->waits.v[n], &d->headers, &t[n], &e) < 0) {
			mc_say("dockerize", "-wait %s: %s", d->waits.v[n],
			    e.msg);
			wait_target_free(&t[n]);
			r = 1;
			goto out;
		}
	deadline = wait_now_ms() + (to > 0 ? to : 0);
	for (i = 0; i < n && r == 0; i++) {
		mc_say("dockerize", "waiting for: %s", t[i].shown);
		if (wait_until(&t[i], deadline, iv > 0 ? iv : 1, &e) < 0) {
			mc_say("dockerize", "timeout after %lldms waiting on "
			    "dependencies to become available: %s", to, e.msg);
			r = 1;
		}
	}
out:
	for (i = 0; i < n; i++)
		wait_target_free(&t[i]);
	return r;
}

/* ---- templates ---- */

static int
dz_render(struct run_ctx *ctx, const struct dz *d, const char *src,
    const char *dest)
{
	struct render_req rq;
	struct err e = ERR_INIT;
	char line[640];

	memset(&rq, 0, sizeof(rq));
	rq.opts.syntax = TMPL_GO;
	rq.delims = d->delims != NULL && *d->delims != '\0' ? d->delims :
	    NULL;
	rq.ow = d->no_overwrite ? FS_OW_MISSING : FS_OW_ALWAYS;
	rq.tmpl = src;
	rq.dest = dest;
	if (render_one(ctx, &rq, &e) >= 0)
		return 0;
	err_format(&e, line, sizeof(line));
	mc_say("dockerize", "template %s: %s", src, line);
	return 1;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every entry of dir, sorted, into dest/NAME (or stdout): dockerize's
 * generateDir. A subdirectory fails, as it does there. */
static int
dz_render_dir(struct run_ctx *ctx, const struct dz *d, const char *dir,
    const char *dest)
{
	struct buf s = BUF_INIT, t = BUF_INIT;
	struct stat sb;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	DIR *dp;
	int r = 0;

	if (*dest != '\0' && (stat(dest, &sb) == -1 || !S_ISDIR(sb.st_mode))) {
		mc_say("dockerize", "if template is a directory, dest must "
		    "also be a directory (or stdout): %s", dest);
		return 1;
	}
	if ((dp = opendir(dir)) == NULL) {
		mc_say("dockerize", "bad directory: %s: %s", dir,
		    strerror(errno));
		return 1;
	}
	while ((de = readdir(dp)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..")) {
			names = xgrow(names, &cap, n + 1, sizeof(*names));
			names[n++] = xstrdup(de->d_name);
		}
	closedir(dp);
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		buf_reset(&s);
		buf_printf(&s, "%s/%s", dir, names[i]);
		buf_reset(&t);
		buf_printf(&t, "%s/%s", dest, names[i]);
		if (r == 0 && stat(buf_str(&s), &sb) == 0 &&
		    S_ISDIR(sb.st_mode)) {
			mc_say("dockerize", "unable to parse template %s: is "
			    "a directory", buf_str(&s));
			r = 1;
		} else if (r == 0) {
			r = dz_render(ctx, d, buf_str(&s), *dest != '\0' ?
			    buf_str(&t) : NULL);
		}
		free(names[i]);
	}
	free(names);
	buf_free(&s);
	buf_free(&t);
	return r;
}

static int
dz_templates(const struct dz *d)
{
	struct run_ctx ctx;
	struct stat sb;
	const char *colon;
	char *src;
	size_t i;
	int r = 0;

	mc_ctx_init(&ctx);
	for (i = 0; i < d->templates.n && r == 0; i++) {
		colon = strchr(d->templates.v[i], ':');
		src = colon != NULL ? xstrndup(d->templates.v[i],
		    (size_t)(colon - d->templates.v[i])) :
		    xstrdup(d->templates.v[i]);
		if (stat(src, &sb) == -1) {
			mc_say("dockerize", "unable to stat %s, error: %s", src,
			    strerror(errno));
			r = 1;
		} else if (S_ISDIR(sb.st_mode)) {
			r = dz_render_dir(&ctx, d, src, colon != NULL ?
			    colon + 1 : "");
		} else {
			r = dz_render(&ctx, d, src, colon != NULL &&
			    colon[1] != '\0' ? colon + 1 : NULL);
		}
		free(src);
	}
	mc_ctx_free(&ctx);
	return r;
}

/* ---- the command and the tails ---- */

static int
dz_run(const struct dz *d)
{
	struct sup_tail tails[2 * DZ_MAX];
	struct supervise s;
	struct proc_cmd c;
	struct err e = ERR_INIT;
	size_t i;
	int code;

	memset(&s, 0, sizeof(s));
	for (i = 0; i < d->out.n; i++) {
		tails[s.ntails].path = d->out.v[i];
		tails[s.ntails++].out = 1;
	}
	for (i = 0; i < d->err.n; i++) {
		tails[s.ntails].path = d->err.v[i];
		tails[s.ntails++].out = 2;
	}
	s.tails = tails;
	s.tail_whole = true;	/* hpcloud/tail from the file's start */
	if (d->args[0] != NULL) {
		memset(&c, 0, sizeof(c));
		c.argv = d->args;
		c.envp = environ;
		c.path = getenv("PATH");
		s.cmd = &c;
	} else if (s.ntails == 0) {
		return 0;
	}
	if ((code = supervise_run(&s, &e)) >= 0)
		return code;
	mc_say("dockerize", "error starting command: %s", e.msg);
	return err_exit_code(&e);
}

int
mc_dockerize(int argc, char **argv)
{
	struct dz d;
	const char *c;
	size_t i;
	int r;

	memset(&d, 0, sizeof(d));
	d.timeout_ns = 10000000000LL;
	d.retry_ns = 1000000000LL;
	if ((r = dz_parse(&d, argc, argv)) != 0)
		return r < 0 ? 0 : r;
	if (d.version)
		return log_stdout("volinit " VOLINIT_VERSION " (dockerize)\n",
		    strlen("volinit " VOLINIT_VERSION " (dockerize)\n"),
		    &(struct err)ERR_INIT) == 0 ? 0 : 1;
	if (d.delims != NULL && *d.delims != '\0' && ((c = strchr(d.delims,
	    ':')) == NULL || strchr(c + 1, ':') != NULL)) {
		mc_say("dockerize", "bad delimiters argument: %s. expected "
		    "\"left:right\"", d.delims);
		return 1;
	}
	for (i = 0; i < d.headers.n; i++)
		if (d.waits.n == 0 || strchr(d.headers.v[i], ':') == NULL) {
			mc_say("dockerize", d.waits.n == 0 ? "-wait-http-header "
			    "\"%s\" provided with no -wait option" : "bad HTTP "
			    "Headers argument: %s. expected \"headerName: "
			    "headerValue\"", d.headers.v[i]);
			return 1;
		}
	if (d.args[0] == NULL && d.nflags == 0) {
		dz_usage();
		return 1;
	}
	if (d.waits.n > 0) {
		/* every -wait is checked before any template is written */
		for (i = 0; i < d.waits.n; i++) {
			struct wait_target t;
			struct err e = ERR_INIT;

			r = dz_target(d.waits.v[i], &d.headers, &t, &e);
			wait_target_free(&t);
			if (r < 0) {
				mc_say("dockerize", "-wait %s: %s",
				    d.waits.v[i], e.msg);
				return 1;
			}
		}
	}
	if (dz_templates(&d) != 0 || dz_waits(&d) != 0)
		return 1;
	return dz_run(&d);
}
