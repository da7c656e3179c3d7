/* gotmpl_date: Sprig's date functions (now date dateInZone htmlDate
 * htmlDateInZone toDate mustToDate unixEpoch dateModify mustDateModify)
 * on Go's time semantics: layouts are Go's reference-time layouts
 * (nextStdChunk's tokens, appendFormat's output, Parse's rules), times
 * carry a fixed offset and its abbreviation.
 *
 * Zones: UTC; a name or Local (TZ, else /etc/localtime, as Go's initLocal
 * reads them) whose zoneinfo file holds one offset and no transitions
 * (Etc/UTC, Etc/GMT-2, ...). A zone with transitions (Europe/Paris) would
 * need the tzdata rules engine: an error. A missing /etc/localtime with
 * TZ unset is UTC, as in Go; a zone name (in TZ or dateInZone) whose file
 * is missing is an error (Go falls back to UTC there, or finds it in its
 * embedded tzdata, depending on how dockerize was built). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "int.h"

enum {
	S_NONE, S_LONGMONTH, S_MONTH, S_NUMMONTH, S_ZEROMONTH, S_LONGWEEK,
	S_WEEK, S_DAY, S_UNDERDAY, S_ZERODAY, S_UNDERYDAY, S_ZEROYDAY,
	S_HOUR, S_HOUR12, S_ZEROHOUR12, S_MINUTE, S_ZEROMINUTE, S_SECOND,
	S_ZEROSECOND, S_LONGYEAR, S_YEAR, S_PM, S_pm, S_TZ,
	S_ISO, S_ISOSEC, S_ISOSHORT, S_ISOCOLON, S_ISOCOLONSEC,
	S_NUM, S_NUMSEC, S_NUMSHORT, S_NUMCOLON, S_NUMCOLONSEC,
	S_FRAC0, S_FRAC9
};

static const char *const months[] = { "January", "February", "March",
	"April", "May", "June", "July", "August", "September", "October",
	"November", "December" };
static const char *const wdays[] = { "Sunday", "Monday", "Tuesday",
	"Wednesday", "Thursday", "Friday", "Saturday" };

struct chunk {
	size_t pre;		/* literal bytes before the token */
	int std;
	size_t len;		/* the token's bytes */
	int digits;		/* S_FRAC*: how many */
	char sep;		/* S_FRAC*: '.' or ',' */
};

static bool
lower_at(const char *s, size_t n, size_t i)
{
	return i < n && s[i] >= 'a' && s[i] <= 'z';
}

static bool
is_digit(const char *s, size_t n, size_t i)
{
	return i < n && s[i] >= '0' && s[i] <= '9';
}

/* Go's nextStdChunk on l[0..n). */
static struct chunk
next_chunk(const char *l, size_t n)
{
	static const struct {
		const char *t;
		int iso, num;
	} tz[] = { { "070000", S_ISOSEC, S_NUMSEC },
		{ "07:00:00", S_ISOCOLONSEC, S_NUMCOLONSEC },
		{ "0700", S_ISO, S_NUM }, { "07:00", S_ISOCOLON, S_NUMCOLON },
		{ "07", S_ISOSHORT, S_NUMSHORT } };
	static const int zero[] = { S_ZEROMONTH, S_ZERODAY, S_ZEROHOUR12,
		S_ZEROMINUTE, S_ZEROSECOND, S_YEAR };
	struct chunk c = { 0, S_NONE, 0, 0, 0 };
	size_t i, k;

#define AT(str) (n - i >= strlen(str) && memcmp(l + i, str, strlen(str)) == 0)
#define RET(s, w) do { c.pre = i; c.std = (s); c.len = (w); return c; } \
	while (0)
	for (i = 0; i < n; i++) {
		switch (l[i]) {
		case 'J':
			if (AT("January"))
				RET(S_LONGMONTH, 7);
			if (AT("Jan") && !lower_at(l, n, i + 3))
				RET(S_MONTH, 3);
			break;
		case 'M':
			if (AT("Monday"))
				RET(S_LONGWEEK, 6);
			if (AT("Mon") && !lower_at(l, n, i + 3))
				RET(S_WEEK, 3);
			if (AT("MST"))
				RET(S_TZ, 3);
			break;
		case '0':
			if (i + 1 < n && l[i + 1] >= '1' && l[i + 1] <= '6')
				RET(zero[l[i + 1] - '1'], 2);
			if (AT("002"))
				RET(S_ZEROYDAY, 3);
			break;
		case '1':
			if (AT("15"))
				RET(S_HOUR, 2);
			RET(S_NUMMONTH, 1);
		case '2':
			if (AT("2006"))
				RET(S_LONGYEAR, 4);
			RET(S_DAY, 1);
		case '_':
			if (i + 1 < n && l[i + 1] == '2') {
				if (n - i >= 5 && memcmp(l + i + 1, "2006", 4) == 0) {
					i++;
					RET(S_LONGYEAR, 4);
				}
				RET(S_UNDERDAY, 2);
			}
			if (AT("__2"))
				RET(S_UNDERYDAY, 3);
			break;
		case '3':
			RET(S_HOUR12, 1);
		case '4':
			RET(S_MINUTE, 1);
		case '5':
			RET(S_SECOND, 1);
		case 'P':
			if (AT("PM"))
				RET(S_PM, 2);
			break;
		case 'p':
			if (AT("pm"))
				RET(S_pm, 2);
			break;
		case '-':
		case 'Z':
			for (k = 0; k < sizeof(tz) / sizeof(tz[0]); k++)
				if (n - i - 1 >= strlen(tz[k].t) &&
				    memcmp(l + i + 1, tz[k].t, strlen(tz[k].t)) == 0)
					RET(l[i] == 'Z' ? tz[k].iso : tz[k].num,
					    strlen(tz[k].t) + 1);
			break;
		case '.':
		case ',':
			if (i + 1 < n && (l[i + 1] == '0' || l[i + 1] == '9')) {
				char ch = l[i + 1];
				size_t j = i + 1;

				while (j < n && l[j] == ch)
					j++;
				if (!is_digit(l, n, j)) {
					c.digits = (int)(j - i - 1);
					c.sep = l[i];
					RET(ch == '0' ? S_FRAC0 : S_FRAC9, j - i);
				}
			}
			break;
		}
	}
	c.pre = n;
	return c;
#undef AT
#undef RET
}

/* ---- calendar ---- */

static long long
days_from_civil(long long y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct civil {
	long long year;
	int month, day, hour, min, sec, wday, yday;
};

static void
civil_from(long long t, struct civil *c)
{
	long long days = t / 86400, rem = t % 86400, era, doe, yoe, doy, mp;

	if (rem < 0)
		rem += 86400, days--;
	c->hour = (int)(rem / 3600);
	c->min = (int)(rem / 60 % 60);
	c->sec = (int)(rem % 60);
	c->wday = (int)(((days % 7) + 11) % 7);	/* 1970-01-01: Thursday */
	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	c->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	c->month = (int)(mp < 10 ? mp + 3 : mp - 9);
	c->year = yoe + era * 400 + (c->month <= 2);
	c->yday = (int)(days - 719468 - days_from_civil(c->year, 1, 1)) + 1;
}

static bool
leap(long long y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int
days_in(int m, long long y)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };

	return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* ---- format ---- */

static void
app_int(struct buf *b, long long x, int width)
{
	char tmp[32];
	unsigned long long u = (unsigned long long)x;
	int k = 0, i;

	if (x < 0) {
		buf_addc(b, '-');
		u = 0 - u;
	}
	do {
		tmp[k++] = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	for (i = k; i < width; i++)
		buf_addc(b, '0');
	while (k > 0)
		buf_addc(b, tmp[--k]);
}

static void
app_zone(struct buf *b, int std, int off)
{
	int zone = off / 60, abs = off;

	if (off == 0 && std >= S_ISO && std <= S_ISOCOLONSEC) {
		buf_addc(b, 'Z');
		return;
	}
	if (zone < 0) {
		buf_addc(b, '-');
		zone = -zone;
		abs = -abs;
	} else
		buf_addc(b, '+');
	app_int(b, zone / 60, 2);
	if (std == S_ISOCOLON || std == S_NUMCOLON || std == S_ISOCOLONSEC ||
	    std == S_NUMCOLONSEC)
		buf_addc(b, ':');
	if (std != S_NUMSHORT && std != S_ISOSHORT)
		app_int(b, zone % 60, 2);
	if (std == S_ISOSEC || std == S_NUMSEC || std == S_ISOCOLONSEC ||
	    std == S_NUMCOLONSEC) {
		if (std == S_ISOCOLONSEC || std == S_NUMCOLONSEC)
			buf_addc(b, ':');
		app_int(b, abs % 60, 2);
	}
}

/* Go's Time.Format. */
static void
tformat(struct buf *b, const struct gv_time *t, const char *l, size_t n)
{
	struct civil c;

	civil_from(t->sec + t->off, &c);
	while (n > 0) {
		struct chunk k = next_chunk(l, n);
		int hr;

		buf_add(b, l, k.pre);
		if (k.std == S_NONE)
			break;
		switch (k.std) {
		case S_YEAR:
			app_int(b, (c.year < 0 ? -c.year : c.year) % 100, 2);
			break;
		case S_LONGYEAR: app_int(b, c.year, 4); break;
		case S_MONTH: buf_add(b, months[c.month - 1], 3); break;
		case S_LONGMONTH: buf_adds(b, months[c.month - 1]); break;
		case S_NUMMONTH: app_int(b, c.month, 0); break;
		case S_ZEROMONTH: app_int(b, c.month, 2); break;
		case S_WEEK: buf_add(b, wdays[c.wday], 3); break;
		case S_LONGWEEK: buf_adds(b, wdays[c.wday]); break;
		case S_DAY: app_int(b, c.day, 0); break;
		case S_UNDERDAY:
			if (c.day < 10)
				buf_addc(b, ' ');
			app_int(b, c.day, 0);
			break;
		case S_ZERODAY: app_int(b, c.day, 2); break;
		case S_UNDERYDAY:
			if (c.yday < 100)
				buf_adds(b, c.yday < 10 ? "  " : " ");
			app_int(b, c.yday, 0);
			break;
		case S_ZEROYDAY: app_int(b, c.yday, 3); break;
		case S_HOUR: app_int(b, c.hour, 2); break;
		case S_HOUR12:
		case S_ZEROHOUR12:
			hr = c.hour % 12 == 0 ? 12 : c.hour % 12;
			app_int(b, hr, k.std == S_HOUR12 ? 0 : 2);
			break;
		case S_MINUTE: app_int(b, c.min, 0); break;
		case S_ZEROMINUTE: app_int(b, c.min, 2); break;
		case S_SECOND: app_int(b, c.sec, 0); break;
		case S_ZEROSECOND: app_int(b, c.sec, 2); break;
		case S_PM: buf_adds(b, c.hour >= 12 ? "PM" : "AM"); break;
		case S_pm: buf_adds(b, c.hour >= 12 ? "pm" : "am"); break;
		case S_TZ:
			if (t->abbr[0] != '\0')
				buf_adds(b, t->abbr);
			else
				app_zone(b, S_NUM, t->off);
			break;
		case S_FRAC0:
		case S_FRAC9: {
			struct buf d = BUF_INIT;
			size_t m;

			if (k.std == S_FRAC9 && (k.digits == 0 || t->nsec == 0))
				break;
			app_int(&d, t->nsec, 9);
			m = k.digits < 9 ? (size_t)k.digits : 9;
			if (k.std == S_FRAC9)
				while (m > 0 && d.p[m - 1] == '0')
					m--;
			if (m > 0 || k.std == S_FRAC0) {
				buf_addc(b, k.sep);
				buf_add(b, d.p, m);
			}
			buf_free(&d);
			break;
		}
		default:
			app_zone(b, k.std, t->off);
		}
		l += k.pre + k.len;
		n -= k.pre + k.len;
	}
}

static void
fmt_cstr(struct buf *b, const struct gv *v, const char *layout)
{
	tformat(b, v->u.tm, layout, strlen(layout));
}

/* time.Time's String: its layout, then m=±S for a monotonic reading. */
void
gt_time_string(struct buf *b, const struct gv *t)
{
	fmt_cstr(b, t, "2006-01-02 15:04:05.999999999 -0700 MST");
	if (t->u.tm->mono)
		buf_printf(b, " m=%+.9f", t->u.tm->monosec);
}

/* MarshalJSON's RFC 3339 with nanoseconds. */
void
gt_time_rfc3339(struct buf *b, const struct gv *t)
{
	fmt_cstr(b, t, "2006-01-02T15:04:05.999999999Z07:00");
}

/* ---- zones ---- */

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* A TZif file holding one offset and no transition: 0 with *off and
 * abbr, 1 when it has more (a zone with rules), -1 when it is no TZif. */
static int
tzif_fixed(const unsigned char *p, size_t n, int *off, char *abbr,
    size_t alen)
{
	size_t pos = 0, tsz = 4, c[6], i, need;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		if (n - pos < 44 || memcmp(p + pos, "TZif", 4) != 0)
			return -1;
		for (i = 0; i < 6; i++)
			c[i] = be32(p + pos + 20 + 4 * i);
		/* isutcnt isstdcnt leapcnt timecnt typecnt charcnt */
		need = c[3] * tsz + c[3] + c[4] * 6 + c[5] + c[2] * (tsz + 4) +
		    c[1] + c[0];
		if (c[3] > n || c[4] > n || c[5] > n || c[2] > n ||
		    n - pos - 44 < need)
			return -1;
		if (pass == 0 && p[pos + 4] >= '2') {
			pos += 44 + need;
			tsz = 8;
			continue;
		}
		break;
	}
	if (c[3] != 0 || c[4] != 1)
		return 1;
	{
		const unsigned char *tt = p + pos + 44;
		const char *chars = (const char *)tt + 6;
		size_t ai = tt[5], k = 0;

		*off = (int)(int32_t)be32(tt);
		if (*off < -86400 || *off > 86400)
			return -1;
		while (ai + k < c[5] && chars[ai + k] != '\0' && k + 1 < alen)
			k++;
		memcpy(abbr, chars + (ai < c[5] ? ai : 0), ai < c[5] ? k : 0);
		abbr[ai < c[5] ? k : 0] = '\0';
	}
	/* A v2+ footer with a DST rule would change the offset later. */
	if (tsz == 8) {
		const char *f = (const char *)p + pos + 44 + c[4] * 6 + c[5] +
		    c[2] * 12 + c[1] + c[0];
		const char *end = (const char *)p + n;

		if (f < end && *f == '\n' && memchr(f, ',', (size_t)(end - f)))
			return 1;
	}
	return 0;
}

/* Load zone file path: 0, 1 (missing), -1 after gt_fail. */
static int
load_file(struct gt_state *s, const char *fn, const char *zone,
    const char *path, int *off, char *abbr)
{
	struct buf b = BUF_INIT;
	struct err saved = *s->e;
	int r;

	if (s->env->read_file == NULL ||
	    s->env->read_file(s->env->arg, path, &b, s->e) < 0) {
		*s->e = saved;
		buf_free(&b);
		return 1;
	}
	r = tzif_fixed((const unsigned char *)b.p, b.len, off, abbr, 16);
	buf_free(&b);
	if (r == 0)
		return 0;
	return gt_fail(s, "%s: time zone %s %s: not supported", fn, zone,
	    r > 0 ? "changes its offset (tzdata rules)" :
	    "is no zoneinfo file");
}

/* A zone name as time.LoadLocation finds it; "Local" is TZ's zone. */
static int zone_named(struct gt_state *s, const char *fn, const char *z,
    size_t n, int *off, char *abbr);

static int
zone_local(struct gt_state *s, const char *fn, int *off, char *abbr)
{
	bool secret = false;
	const char *tz;
	int r;

	if (s->tzstate != 0) {
		if (s->tzstate < 0)
			return gt_fail(s, "%s: the local time zone (TZ or "
			    "/etc/localtime) is not supported", fn);
		*off = s->tzoff;
		strcpy(abbr, s->tzabbr);
		return 0;
	}
	tz = s->env->vars.get != NULL ? s->env->vars.get(s->env->vars.arg,
	    "TZ", 2, &secret) : NULL;
	*off = 0;
	strcpy(abbr, "UTC");
	if (tz == NULL) {
		if ((r = load_file(s, fn, "/etc/localtime", "/etc/localtime",
		    off, abbr)) < 0)
			goto refused;
		if (r == 1) {
			*off = 0;
			strcpy(abbr, "UTC");
		}
	} else {
		if (tz[0] == ':')
			tz++;
		if (tz[0] != '\0' && strcmp(tz, "UTC") != 0) {
			if (tz[0] == '/')
				r = load_file(s, fn, tz, tz, off, abbr);
			else
				r = zone_named(s, fn, tz, strlen(tz), off, abbr);
			if (r == 1)	/* Go: UTC, or embedded tzdata */
				r = gt_fail(s, "%s: TZ=%.64s has no zoneinfo "
				    "file: not supported", fn, tz);
			if (r < 0)
				goto refused;
		}
	}
	s->tzstate = 1;
	s->tzoff = *off;
	strcpy(s->tzabbr, abbr);
	return 0;
refused:
	s->tzstate = -1;	/* the error stays in s->e for this render */
	return -1;
}

/* 0, 1 when no zoneinfo file has the name, -1 after gt_fail. */
static int
zone_named(struct gt_state *s, const char *fn, const char *z, size_t n,
    int *off, char *abbr)
{
	static const char *const dirs[] = { "/usr/share/zoneinfo/",
		"/usr/share/lib/zoneinfo/", "/usr/lib/locale/TZ/" };
	char path[512], name[256];
	size_t i;
	int r;

	if (n == 0 || (n == 3 && memcmp(z, "UTC", 3) == 0)) {
		*off = 0;
		strcpy(abbr, "UTC");
		return 0;
	}
	if (n == 5 && memcmp(z, "Local", 5) == 0)
		return zone_local(s, fn, off, abbr);
	if (n >= sizeof(name) || memchr(z, '\0', n) != NULL || z[0] == '/' ||
	    z[0] == '\\')
		return 1;
	memcpy(name, z, n);
	name[n] = '\0';
	if (strstr(name, "..") != NULL)
		return 1;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", dirs[i], name);
		if ((r = load_file(s, fn, name, path, off, abbr)) != 1)
			return r;
	}
	return 1;
}

static struct gv
new_time(struct gt_state *s, long long sec, long nsec, int off,
    const char *abbr)
{
	struct gv_time *t = ga_alloc(&s->arena, sizeof(*t));
	struct gv v;

	memset(t, 0, sizeof(*t));
	t->sec = sec;
	t->nsec = nsec;
	t->off = off;
	snprintf(t->abbr, sizeof(t->abbr), "%s", abbr);
	v.kind = GV_TIME;
	v.flags = 0;
	v.len = 0;
	v.u.tm = t;
	return v;
}

/* ---- functions ---- */

int
gt_fn_now(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	static struct timespec start;
	struct timespec ts, mono;
	char abbr[16];
	int off;

	(void)a;
	(void)n;
	if (zone_local(s, "now", &off, abbr) < 0)
		return -1;
	clock_gettime(CLOCK_REALTIME, &ts);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	if (start.tv_sec == 0 && start.tv_nsec == 0)
		start = mono;
	*out = new_time(s, (long long)ts.tv_sec, ts.tv_nsec, off, abbr);
	((struct gv_time *)out->u.tm)->mono = true;
	((struct gv_time *)out->u.tm)->monosec = (double)(mono.tv_sec -
	    start.tv_sec) + (double)(mono.tv_nsec - start.tv_nsec) / 1e9 +
	    1e-9;
	return 0;
}

/* dateInZone's date argument: a time, Unix seconds for an int, else
 * the time now (Sprig's default case). */
static int
date_in(struct gt_state *s, const char *fn, const struct gv *layout,
    const struct gv *d, const char *zone, size_t zn, struct gv *out)
{
	struct gv t;
	struct gv_time *tm;
	char abbr[16];
	int off, r;

	if (d->kind == GV_TIME)
		t = *d;
	else if (d->kind == GV_INT)
		t = new_time(s, d->u.i, 0, 0, "UTC");
	else if (gt_fn_now(s, NULL, 0, &t) < 0)
		return -1;
	if ((r = zone_named(s, fn, zone, zn, &off, abbr)) < 0)
		return -1;
	if (r == 1)
		return gt_fail(s, "%s: time zone %.*s: no zoneinfo file (Go "
		    "would use UTC or its embedded tzdata): not supported", fn,
		    (int)(zn > 64 ? 64 : zn), zone);
	tm = ga_alloc(&s->arena, sizeof(*tm));
	*tm = *t.u.tm;
	tm->off = off;
	memcpy(tm->abbr, abbr, sizeof(tm->abbr));
	t.u.tm = tm;
	buf_reset(&s->tmp);
	tformat(&s->tmp, tm, layout->u.s, layout->len);
	*out = gv_str(ga_strdup(&s->arena, buf_str(&s->tmp), s->tmp.len),
	    s->tmp.len);
	return 0;
}

int
gt_fn_date(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)n;
	return date_in(s, "date", &a[0], &a[1], "Local", 5, out);
}

int
gt_fn_dateinzone(struct gt_state *s, struct gv *a, size_t n,
    struct gv *out)
{
	(void)n;
	return date_in(s, "dateInZone", &a[0], &a[1], a[2].u.s, a[2].len,
	    out);
}

int
gt_fn_htmldate(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	struct gv l = gv_str("2006-01-02", 10);

	(void)n;
	return date_in(s, "htmlDate", &l, &a[0], "Local", 5, out);
}

int
gt_fn_htmldateinzone(struct gt_state *s, struct gv *a, size_t n,
    struct gv *out)
{
	struct gv l = gv_str("2006-01-02", 10);

	(void)n;
	return date_in(s, "htmlDateInZone", &l, &a[0], a[1].u.s, a[1].len,
	    out);
}

int
gt_fn_unixepoch(struct gt_state *s, struct gv *a, size_t n,
    struct gv *out)
{
	char tmp[32];
	int k = snprintf(tmp, sizeof(tmp), "%lld", a[0].u.tm->sec);

	(void)n;
	*out = gv_str(ga_strdup(&s->arena, tmp, (size_t)k), (size_t)k);
	return 0;
}

/* ---- time.ParseDuration ---- */

static int
parse_duration(const char *s, size_t n, long long *out)
{
	static const struct {
		const char *u;
		unsigned long long ns;
	} units[] = { { "ns", 1 }, { "us", 1000 }, { "\xc2\xb5s", 1000 },
		{ "\xce\xbcs", 1000 }, { "ms", 1000000 }, { "s", 1000000000 },
		{ "m", 60000000000ull }, { "h", 3600000000000ull } };
	unsigned long long d = 0;
	size_t i = 0;
	bool neg = false;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	if (n - i == 1 && s[i] == '0') {
		*out = 0;
		return 0;
	}
	if (i == n)
		return -1;
	while (i < n) {
		unsigned long long v = 0, f = 0, unit = 0;
		double scale = 1;
		bool pre = false, post = false, over = false;
		size_t st, k;

		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
			if (v > (1ull << 63) / 10)
				return -1;
			v = v * 10 + (unsigned)(s[i] - '0');
			if (v > 1ull << 63)
				return -1;
			pre = true;
		}
		if (i < n && s[i] == '.') {
			for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
				post = true;
				if (over)
					continue;
				if (f > (~0ull >> 1) / 10) {
					over = true;
					continue;
				}
				f = f * 10 + (unsigned)(s[i] - '0');
				scale *= 10;
			}
		}
		if (!pre && !post)
			return -1;
		st = i;
		while (i < n && s[i] != '.' && (s[i] < '0' || s[i] > '9'))
			i++;
		if (i == st)
			return -1;
		for (k = 0; k < sizeof(units) / sizeof(units[0]); k++)
			if (strlen(units[k].u) == i - st &&
			    memcmp(units[k].u, s + st, i - st) == 0)
				unit = units[k].ns;
		if (unit == 0)
			return -1;
		if (v > (1ull << 63) / unit)
			return -1;
		v *= unit;
		if (f > 0) {
			v += (unsigned long long)((double)f * ((double)unit /
			    scale));
			if (v > 1ull << 63)
				return -1;
		}
		d += v;
		if (d > 1ull << 63)
			return -1;
	}
	if (neg) {
		*out = (long long)(0 - d);
		return 0;
	}
	if (d > (1ull << 63) - 1)
		return -1;
	*out = (long long)d;
	return 0;
}

static int
date_modify(struct gt_state *s, struct gv *a, bool must, struct gv *out)
{
	long long d, sec;
	long ns;
	struct gv_time *t;

	if (parse_duration(a[0].u.s, a[0].len, &d) < 0) {
		if (must)
			return gt_fail(s, "error calling mustDateModify: time: "
			    "invalid duration %.*s", (int)(a[0].len > 64 ? 64 :
			    a[0].len), a[0].u.s);
		*out = a[1];
		return 0;
	}
	t = ga_alloc(&s->arena, sizeof(*t));
	*t = *a[1].u.tm;
	sec = d / 1000000000;
	ns = t->nsec + (long)(d % 1000000000);
	if (ns < 0) {
		ns += 1000000000;
		sec--;
	} else if (ns >= 1000000000) {
		ns -= 1000000000;
		sec++;
	}
	t->sec += sec;
	t->nsec = ns;
	if (t->mono)
		t->monosec += (double)d / 1e9;
	*out = a[1];
	out->u.tm = t;
	return 0;
}

int
gt_fn_datemodify(struct gt_state *s, struct gv *a, size_t n,
    struct gv *out)
{
	(void)n;
	return date_modify(s, a, false, out);
}

int
gt_fn_mustdatemodify(struct gt_state *s, struct gv *a, size_t n,
    struct gv *out)
{
	(void)n;
	return date_modify(s, a, true, out);
}

/* ---- time.ParseInLocation(layout, value, time.Local) ---- */

/* Go's getnum: one or two digits (two when fixed). */
static int
getnum(const char **v, const char *end, bool fixed, int *out)
{
	const char *p = *v;

	if (p >= end || *p < '0' || *p > '9')
		return -1;
	if (p + 1 >= end || p[1] < '0' || p[1] > '9') {
		if (fixed)
			return -1;
		*out = *p - '0';
		*v = p + 1;
		return 0;
	}
	*out = (p[0] - '0') * 10 + (p[1] - '0');
	*v = p + 2;
	return 0;
}

/* A name of list (case-insensitive, as Go's lookup), full or 3 bytes. */
static int
lookup_name(const char **v, const char *end, const char *const *list,
    int cnt, bool full)
{
	int i;

	for (i = 0; i < cnt; i++) {
		size_t l = full ? strlen(list[i]) : 3;

		if ((size_t)(end - *v) >= l && strncasecmp(*v, list[i], l) == 0) {
			*v += l;
			return i;
		}
	}
	return -1;
}

static int
parse_nanos(const char *v, size_t nb, long *ns)
{
	long x = 0;
	size_t i;

	if (v[0] != '.' && v[0] != ',')
		return -1;
	if (nb > 10)
		nb = 10;
	for (i = 1; i < nb; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
		x = x * 10 + (v[i] - '0');
	}
	for (; i < 10; i++)
		x *= 10;
	*ns = x;
	return 0;
}

/* 0 with *out, -1 when value does not match layout (toDate's zero
 * time), -2 after gt_fail for what this engine does not parse. */
static int
tparse(struct gt_state *s, const char *fn, const char *l, size_t ln,
    const char *v, size_t vn, struct gv *out)
{
	const char *vp = v, *ve = v + vn;
	long long year = 0;
	int month = -1, day = -1, hour = 0, min = 0, sec = 0, zoff = -1;
	int loff;
	long nsec = 0;
	bool pm = false, am = false, utc = false, range = false;
	char labbr[16];

	while (ln > 0) {
		struct chunk k = next_chunk(l, ln);
		size_t i;
		const char *p = l;
		int x;

		/* skip: the literal prefix, a space matching any run */
		for (i = 0; i < k.pre;) {
			if (p[i] == ' ') {
				if (vp < ve && *vp != ' ')
					return -1;
				while (i < k.pre && p[i] == ' ')
					i++;
				while (vp < ve && *vp == ' ')
					vp++;
				continue;
			}
			if (vp >= ve || *vp != p[i])
				return -1;
			vp++;
			i++;
		}
		if (k.std == S_NONE)
			break;
		l += k.pre + k.len;
		ln -= k.pre + k.len;
		switch (k.std) {
		case S_YEAR:
			if (ve - vp < 2 || !is_digit(vp, 2, 0) ||
			    !is_digit(vp, 2, 1))
				return -1;
			x = (vp[0] - '0') * 10 + vp[1] - '0';
			year = x >= 69 ? 1900 + x : 2000 + x;
			vp += 2;
			break;
		case S_LONGYEAR:
			if (ve - vp < 4 || !is_digit(vp, 4, 0))
				return -1;
			for (i = 0, x = 0; i < 4; i++) {
				if (!is_digit(vp, 4, i))
					return -1;
				x = x * 10 + vp[i] - '0';
			}
			year = x;
			vp += 4;
			break;
		case S_MONTH:
		case S_LONGMONTH:
			if ((x = lookup_name(&vp, ve, months, 12,
			    k.std == S_LONGMONTH)) < 0)
				return -1;
			month = x + 1;
			break;
		case S_NUMMONTH:
		case S_ZEROMONTH:
			if (getnum(&vp, ve, k.std == S_ZEROMONTH, &month) < 0)
				return -1;
			range |= month <= 0 || month > 12;
			break;
		case S_WEEK:
		case S_LONGWEEK:
			if (lookup_name(&vp, ve, wdays, 7, k.std == S_LONGWEEK) < 0)
				return -1;
			break;
		case S_DAY:
		case S_UNDERDAY:
		case S_ZERODAY:
			if (k.std == S_UNDERDAY && vp < ve && *vp == ' ')
				vp++;
			if (getnum(&vp, ve, k.std == S_ZERODAY, &day) < 0)
				return -1;
			break;
		case S_HOUR:
			if (getnum(&vp, ve, false, &hour) < 0)
				return -1;
			range |= hour >= 24;
			break;
		case S_HOUR12:
		case S_ZEROHOUR12:
			if (getnum(&vp, ve, k.std == S_ZEROHOUR12, &hour) < 0)
				return -1;
			range |= hour > 12;
			break;
		case S_MINUTE:
		case S_ZEROMINUTE:
			if (getnum(&vp, ve, k.std == S_ZEROMINUTE, &min) < 0)
				return -1;
			range |= min >= 60;
			break;
		case S_SECOND:
		case S_ZEROSECOND:
			if (getnum(&vp, ve, k.std == S_ZEROSECOND, &sec) < 0)
				return -1;
			range |= sec >= 60;
			if (ve - vp >= 2 && (vp[0] == '.' || vp[0] == ',') &&
			    is_digit(vp, 2, 1)) {
				struct chunk nx = next_chunk(l, ln);
				size_t m = 2;

				if (nx.std == S_FRAC0 || nx.std == S_FRAC9)
					break;
				while (is_digit(vp, (size_t)(ve - vp), m))
					m++;
				if (parse_nanos(vp, m, &nsec) < 0)
					return -1;
				vp += m;
			}
			break;
		case S_PM:
		case S_pm:
			if (ve - vp < 2)
				return -1;
			if (memcmp(vp, k.std == S_PM ? "PM" : "pm", 2) == 0)
				pm = true;
			else if (memcmp(vp, k.std == S_PM ? "AM" : "am", 2) == 0)
				am = true;
			else
				return -1;
			vp += 2;
			break;
		case S_FRAC0:
			if ((size_t)(ve - vp) < (size_t)k.digits + 1 ||
			    parse_nanos(vp, (size_t)k.digits + 1, &nsec) < 0)
				return -1;
			vp += k.digits + 1;
			break;
		case S_FRAC9:
			if (ve - vp < 2 || (vp[0] != '.' && vp[0] != ',') ||
			    !is_digit(vp, 2, 1))
				break;
			i = 1;
			while (is_digit(vp, (size_t)(ve - vp), i + 1))
				i++;
			if (parse_nanos(vp, i + 1, &nsec) < 0)
				return -1;
			vp += i + 1;
			break;
		case S_ISO:
		case S_ISOCOLON:
		case S_ISOSHORT:
		case S_NUM:
		case S_NUMCOLON:
		case S_NUMSHORT: {
			const char *h, *m;
			size_t w;
			int hh, mm;

			if (k.std >= S_ISO && k.std <= S_ISOCOLON && vp < ve &&
			    *vp == 'Z') {
				vp++;
				utc = true;
				break;
			}
			if (k.std == S_ISOCOLON || k.std == S_NUMCOLON) {
				if (ve - vp < 6 || vp[3] != ':')
					return -1;
				h = vp + 1, m = vp + 4, w = 6;
			} else if (k.std == S_ISOSHORT || k.std == S_NUMSHORT) {
				if (ve - vp < 3)
					return -1;
				h = vp + 1, m = NULL, w = 3;
			} else {
				if (ve - vp < 5)
					return -1;
				h = vp + 1, m = vp + 3, w = 5;
			}
			if (getnum(&h, h + 2, true, &hh) < 0 || (m != NULL &&
			    getnum(&m, m + 2, true, &mm) < 0))
				return -1;
			if (m == NULL)
				mm = 0;
			zoff = (hh * 60 + mm) * 60;
			if (*vp == '-')
				zoff = -zoff;
			else if (*vp != '+')
				return -1;
			vp += w;
			break;
		}
		default:
			return gt_fail(s, "%s: layout element %.*s: not "
			    "supported", fn, (int)k.len, l - k.len), -2;
		}
	}
	if (vp < ve || range)
		return -1;
	if (pm && hour < 12)
		hour += 12;
	else if (am && hour == 12)
		hour = 0;
	if (month < 0)
		month = 1;
	if (day < 0)
		day = 1;
	if (day < 1 || day > days_in(month, year))
		return -1;
	{
		long long t = days_from_civil(year, month, day) * 86400 +
		    hour * 3600 + min * 60 + sec;

		if (utc) {
			*out = new_time(s, t, nsec, 0, "UTC");
			return 0;
		}
		if (zone_local(s, fn, &loff, labbr) < 0)
			return -2;
		if (zoff != -1) {
			if (zoff == loff)
				*out = new_time(s, t - zoff, nsec, loff, labbr);
			else
				*out = new_time(s, t - zoff, nsec, zoff, "");
			return 0;
		}
		*out = new_time(s, t - loff, nsec, loff, labbr);
	}
	return 0;
}

static int
to_date(struct gt_state *s, struct gv *a, bool must, struct gv *out)
{
	const char *fn = must ? "mustToDate" : "toDate";
	int r = tparse(s, fn, a[0].u.s, a[0].len, a[1].u.s, a[1].len, out);

	if (r == -2)
		return -1;
	if (r == -1) {
		if (must && (a[1].flags & GVF_SECRET))
			return gt_fail(s, "error calling mustToDate: parsing "
			    "a secret time as %.*s: cannot parse",
			    (int)(a[0].len > 64 ? 64 : a[0].len), a[0].u.s);
		if (must)
			return gt_fail(s, "error calling mustToDate: parsing "
			    "time %.*s as %.*s: cannot parse", (int)(a[1].len >
			    64 ? 64 : a[1].len), a[1].u.s, (int)(a[0].len > 64 ?
			    64 : a[0].len), a[0].u.s);
		/* time.Time{}: January 1, year 1, 00:00:00 UTC */
		*out = new_time(s, -62135596800LL, 0, 0, "UTC");
	}
	return 0;
}

int
gt_fn_todate(struct gt_state *s, struct gv *a, size_t n, struct gv *out)
{
	(void)n;
	return to_date(s, a, false, out);
}

int
gt_fn_musttodate(struct gt_state *s, struct gv *a, size_t n,
    struct gv *out)
{
	(void)n;
	return to_date(s, a, true, out);
}
