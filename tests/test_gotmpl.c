/* test_gotmpl: golden tables for the syntax=go engine: template and
 * variables against the expected output, or against the expected
 * "name:line:col: message" of the error. Behaviour that must match Go
 * byte for byte is covered more widely by tests/gotmpl_diff.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "err.h"
#include "gotmpl.h"
#include "sink.h"

/* Variables of every test, sorted by name; SECRET is a secret. */
static const char *const vars[][2] = {
	{ "A", "hello" },
	{ "B", "" },
	{ "J", "{\"s\":[{\"n\":\"x\",\"p\":1},{\"n\":\"y\",\"p\":2.5}],"
	    "\"m\":{\"k\":null}}" },
	{ "L", "a,b,c" },
	{ "N", "42" },
	{ "SECRET", "hunter2" },
	{ "U", "postgres://u:p@db:5432/app?ssl=1" },
};
#define NVARS (sizeof(vars) / sizeof(vars[0]))

static const char *
t_get(void *arg, const char *name, size_t len, bool *secret)
{
	size_t i;

	(void)arg;
	for (i = 0; i < NVARS; i++)
		if (strlen(vars[i][0]) == len &&
		    memcmp(vars[i][0], name, len) == 0) {
			if (strcmp(vars[i][0], "SECRET") == 0)
				*secret = true;
			return vars[i][1];
		}
	return NULL;
}

static void
t_each(void *arg, void (*fn)(void *, const char *, const char *, bool),
    void *farg)
{
	size_t i;

	(void)arg;
	for (i = 0; i < NVARS; i++)
		fn(farg, vars[i][0], vars[i][1],
		    strcmp(vars[i][0], "SECRET") == 0);
}

/* Files: "/s" holds "pw\n\n", "/f" holds "a\nb\n"; others are missing. */
static int
t_read(void *arg, const char *path, struct buf *out, struct err *e)
{
	(void)arg;
	if (strcmp(path, "/s") == 0)
		buf_adds(out, "pw\n\n");
	else if (strcmp(path, "/f") == 0)
		buf_adds(out, "a\nb\n");
	else
		return err_set(e, ERR_STEP, 2, "open %s", path);
	return 0;
}

static bool
t_exists(void *arg, const char *path)
{
	(void)arg;
	return strcmp(path, "/s") == 0 || strcmp(path, "/f") == 0;
}

struct row {
	const char *tmpl;
	const char *want;	/* output, or the error line when err */
	bool err;
	unsigned flags;
};

#define STRICT	1
#define DELIMS	2	/* [[ ]] */
#define SECRET	4	/* expect secret_used */

/* Render; the output or the formatted error into out. */
static int
render(const char *tmpl, size_t len, unsigned flags, struct buf *out,
    bool *secret)
{
	struct gotmpl_env env;
	struct err e = ERR_INIT;
	struct sink s = sink_to_buf(out);
	struct gotmpl *t;
	char line[1024];
	int r = -1;

	memset(&env, 0, sizeof(env));
	env.vars.get = t_get;
	env.vars.each = t_each;
	env.read_file = t_read;
	env.exists = t_exists;
	env.strict = (flags & STRICT) != 0;
	t = gotmpl_parse("t", tmpl, len, flags & DELIMS ? "[[" : NULL,
	    flags & DELIMS ? "]]" : NULL, &e);
	if (t != NULL)
		r = gotmpl_exec(t, &env, &s, &e);
	gotmpl_free(t);
	*secret = env.secret_used;
	if (r < 0) {
		assert_int_equal(e.kind, ERR_PLAN);
		err_format(&e, line, sizeof(line));
		buf_reset(out);
		buf_adds(out, line);
	}
	return r;
}

static void
run_rows(const struct row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct buf out = BUF_INIT;
		bool secret = false;
		int r = render(rows[i].tmpl, strlen(rows[i].tmpl),
		    rows[i].flags, &out, &secret);

		if (getenv("GOTMPL_DUMP") != NULL) {
			printf("DUMP\t%s\n", buf_str(&out));
			buf_free(&out);
			continue;
		}
		if ((r < 0) != rows[i].err || strcmp(buf_str(&out),
		    rows[i].want) != 0)
			fail_msg("row %zu: %s\n  want %s%s\n  got  %s%s", i,
			    rows[i].tmpl, rows[i].err ? "error " : "",
			    rows[i].want, r < 0 ? "error " : "",
			    buf_str(&out));
		if (!rows[i].err && secret != ((rows[i].flags & SECRET) != 0))
			fail_msg("row %zu: %s: secret_used %d", i,
			    rows[i].tmpl, secret);
		buf_free(&out);
	}
}

static const struct row output_rows[] = {
	{ "plain text", "plain text", false, 0 },
	{ "{{ .Env.A }} {{ .Env.MISSING }}", "hello <no value>", false, 0 },
	{ "{{ index .Env \"MISSING\" }}|", "|", false, 0 },
	{ "{{ .Env.B }}|{{ default .Env.B \"x\" }}|{{ default .Env.Z \"x\" }}",
	    "||x", false, 0 },
	{ "a  {{- \"b\" -}}  c", "abc", false, 0 },
	{ "{{/* c */}}x{{- /* c */ -}}  y", "xy", false, 0 },
	{ "{{ -3 }}{{3 -}} z", "-33z", false, 0 },
	{ "{{ if .Env.B }}t{{ else if .Env.A }}e{{ else }}f{{ end }}", "e",
	    false, 0 },
	{ "{{ with .Env.A }}{{ . }}{{ else }}no{{ end }}", "hello", false,
	    0 },
	{ "{{ range $i, $v := split .Env.L \",\" }}{{ $i }}{{ $v }}{{ end }}",
	    "0a1b2c", false, 0 },
	{ "{{ range split .Env.B \",\" }}[{{ . }}]{{ else }}e{{ end }}", "[]",
	    false, 0 },
	{ "{{ range .Env.Z }}x{{ else }}none{{ end }}", "none", false, 0 },
	{ "{{ range $k, $v := .Env }}{{ $k }}{{ end }}", "ABJLNSECRETU",
	    false, 0 },
	{ "{{ range loop 3 }}{{ . }}{{ end }}|{{ range loop 1 9 3 }}{{ . }}"
	    "{{ end }}", "012|147", false, 0 },
	{ "{{ define \"a\" }}[{{ . }}]{{ end }}{{ template \"a\" }}"
	    "{{ template \"a\" 1 }}{{ template \"a\" .Env.A }}",
	    "[<no value>][1][hello]", false, 0 },
	{ "{{ block \"b\" .Env.N }}<{{ . }}>{{ end }}{{ template \"b\" 7 }}",
	    "<42><7>", false, 0 },
	{ "{{ define \"e\" }} {{ end }}{{ define \"e\" }}full{{ end }}"
	    "{{ define \"f\" }}full{{ end }}{{ define \"f\" }}\n{{ end }}"
	    "{{ template \"e\" }}{{ template \"f\" }}", "fullfull", false, 0 },
	{ "{{ define \"t\" }}main{{ end }}  ", "main", false, 0 },
	{ "{{ define \"c\" }}{{ if . }}{{ len . }}{{ template \"c\" (rest .) }}"
	    "{{ end }}{{ end }}{{ template \"c\" (list 1 2 3) }}", "321",
	    false, 0 },
	{ "{{ $v := 1 }}{{ template \"d\" $v := 2 }}{{ $v }}"
	    "{{ define \"d\" }}{{ $ }}{{ end }}", "22", false, 0 },
	{ "{{ template \"s\" .Env.SECRET }}{{ define \"s\" }}{{ . }}{{ end }}",
	    "hunter2", false, SECRET },
	{ "{{ regexMatch `^h\\w+o$` .Env.A }} {{ regexMatch `a|ab` \"xab\" }}",
	    "true true", false, 0 },
	{ "{{ regexFind `a|ab` \"abc\" }} {{ regexFind `(a|ab)(c|bcd)` \"abcd\" }}"
	    " {{ regexFind `a*?b` \"aab\" }}", "a abcd aab", false, 0 },
	{ "{{ regexFindAll `[a-c]` .Env.L -1 }} {{ regexFindAll `\\d` \"a1b22\" 2 }}"
	    " {{ regexFindAll `z` \"a\" -1 }}", "[a b c] [1 2] []", false, 0 },
	{ "{{ regexReplaceAll `(?P<k>\\w)=(\\w)` \"a=1 b=2\" \"$2${k}|$k$$\" }}",
	    "1a|a$ 2b|b$", false, 0 },
	{ "{{ regexReplaceAll `x*` \"abc\" \"-\" }} {{ regexReplaceAll `` \"é\" \".\" }}"
	    " {{ regexReplaceAllLiteral `b` \"abc\" \"$0\" }}", "-a-b-c- .é. a$0c",
	    false, 0 },
	{ "{{ regexSplit `\\s*,\\s*` \"a , b,c\" -1 }} {{ regexSplit `,` \"a,b,c\" 2 }}"
	    " {{ regexSplit `x*` \"axb\" -1 }} {{ regexSplit `,` \"a\" 0 }}",
	    "[a b c] [a b,c] [a b] []", false, 0 },
	{ "{{ regexFindAll `.` \"é\\xffa\" -1 | printf \"%q\" }} {{ regexMatch `a.b` "
	    "\"a\\nb\" }} {{ regexMatch `a[^x]b` \"a\\nb\" }}",
	    "[\"é\" \"\\xff\" \"a\"] false true", false, 0 },
	{ "{{ regexReplaceAll `\\b` \"ab cd\" \"|\" }} {{ regexFind `[[:upper:]]+` "
	    "\"abCDe\" }} {{ regexFind `a{2,3}` \"aaaa\" }} {{ regexFind `(ab){2}` "
	    "\"ababab\" }}", "|ab| |cd| CD aaa abab", false, 0 },
	{ "{{ regexQuoteMeta \"a.b*[c]$\" }}", "a\\.b\\*\\[c\\]\\$", false, 0 },
	{ "{{ regexFind `e` .Env.SECRET }}", "e", false, SECRET },
	{ "{{ toDate \"2006-01-02\" \"2024-03-05\" | date \"Jan 2, 2006\" }}|"
	    "{{ toDate \"2006-01-02\" \"2024-03-05\" }}",
	    "Mar 5, 2024|2024-03-05 00:00:00 +0000 UTC", false, 0 },
	{ "{{ toDate \"2006-01-02T15:04:05.999Z07:00\" \"2024-03-05T13:07:09.5+02:00\""
	    " | date \"Mon _2 Jan 3:04:05.000 PM MST -07:00\" }}",
	    "Tue  5 Mar 11:07:09.500 AM UTC +00:00", false, 0 },
	{ "{{ toDate \"2006-01-02 -0700\" \"2024-03-05 +0130\" }}",
	    "2024-03-05 00:00:00 +0130 +0130", false, 0 },
	{ "{{ toDate \"2006-01-02\" \"2024-02-30\" }}|{{ toDate \"2006\" \"x\" |"
	    " unixEpoch }}", "0001-01-01 00:00:00 +0000 UTC|-62135596800", false,
	    0 },
	{ "{{ date \"2006-01-02 15:04:05 MST\" 1700000000 }}|{{ htmlDate 0 }}|"
	    "{{ dateInZone \"15:04 MST\" 0 \"UTC\" }}",
	    "2023-11-14 22:13:20 UTC|1970-01-01|00:00 UTC", false, 0 },
	{ "{{ toDate \"2006-01-02\" \"2024-03-05\" | dateModify \"-1.5h\" }}|"
	    "{{ toDate \"2006-01-02\" \"2024-03-05\" | dateModify \"x\" | "
	    "unixEpoch }}", "2024-03-04 22:30:00 +0000 UTC|1709596800", false, 0 },
	{ "{{ toDate \"2006-01-02\" \"2024-03-05\" | toJson }}",
	    "\"2024-03-05T00:00:00Z\"", false, 0 },
	{ "{{ now | date \"2006\" | len }}", "4", false, 0 },
	{ "{{ range split \"a,b,c\" \",\" }}{{ if eq . \"b\" }}{{ continue }}"
	    "{{ end }}{{ . }}{{ end }}", "ac", false, 0 },
	{ "{{ range split \"a,b,c\" \",\" }}{{ if eq . \"b\" }}{{ break }}"
	    "{{ end }}{{ . }}{{ end }}", "a", false, 0 },
	{ "{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}", "2",
	    false, 0 },
	{ "{{ $x := \"o\" }}{{ with $x := \"i\" }}{{ $x }}{{ end }}{{ $x }}",
	    "io", false, 0 },
	{ "{{ . }}|{{ $ }}|{{ print . }}", "{map[]}|{map[]}|&{map[]}", false,
	    0 },
	{ "{{ and 1 0 2 }}{{ or 0 \"\" \"z\" }}{{ not 0 }}", "0ztrue", false,
	    0 },
	{ "{{ eq .Env.N \"1\" \"42\" }} {{ ne 1 2 }} {{ lt 1 2 }} {{ le 2 2 }}"
	    " {{ gt \"b\" \"a\" }} {{ ge 1.5 2.5 }}",
	    "true true true true true false", false, 0 },
	{ "{{ eq .Env.Z \"x\" }} {{ eq .Env.Z nil }}", "false true", false,
	    0 },
	{ "{{ len .Env.A }} {{ index .Env \"N\" }} {{ index (split .Env.L "
	    "\",\") 2 }} {{ index \"ab\" 1 }}", "5 42 c 98", false, 0 },
	{ "{{ print 1 2 \"a\" nil }}|{{ println \"x\" 1 }}", "1 2a<nil>|x 1\n",
	    false, 0 },
	{ "{{ printf \"%5s|%-4d|%05.1f|%x|%q|%v|%t|%%\" \"é\" 7 3.14159 255 "
	    "\"a\" (split \"x y\" \" \") true }}",
	    "    é|7   |003.1|ff|\"a\"|[x y]|true|%", false, 0 },
	{ "{{ printf \"%d %s\" \"x\" }}{{ printf \"%d\" 1 2 }}",
	    "%!d(string=x) %!s(MISSING)1%!(EXTRA int=2)", false, 0 },
	{ "{{ 1.5 }} {{ 1e6 }} {{ 0x1F }} {{ 'a' }} {{ 1_000 }} {{ 2.0 }}",
	    "1.5 1e+06 31 97 1000 2", false, 0 },
	{ "{{ `raw\\n` }}{{ \"\\t\\u00e9\\x41\" }}", "raw\\n\t\xc3\xa9" "A",
	    false, 0 },
	{ "{{ .Env.A | upper | printf \"%s!\" }}", "HELLO!", false, 0 },
	{ "{{ (split .Env.L \",\") }} {{ len (split \"\" \",\") }}",
	    "[a b c] 1", false, 0 },
	{ "{{ contains .Env \"A\" }} {{ contains .Env \"Z\" }}", "true false",
	    false, 0 },
	{ "{{ exists \"/s\" }} {{ exists \"/nope\" }}", "true false", false,
	    0 },
	{ "{{ replace \"aaa\" \"a\" \"b\" 2 }} {{ replace \"ab\" \"\" \"-\" -1 }}",
	    "bba -a-b-", false, 0 },
	{ "{{ atoi .Env.N }} {{ add (atoi .Env.N) 1 }} {{ atoi \"-3\" }}",
	    "42 43 -3", false, 0 },
	{ "{{ isTrue \"Yes\" }} {{ isTrue \"t\" }} {{ isTrue \"off\" }}",
	    "true true false", false, 0 },
	{ "{{ lower \"AbÉ\" }} {{ upper \"abé\" }}", "ab\xc3\xa9 AB\xc3\x89",
	    false, 0 },
	{ "{{ jsonQuery .Env.J `s\\.[1]\\.n` }} {{ jsonQuery .Env.J `s\\.[1]\\.p` }}"
	    " {{ jsonQuery .Env.J \"m\" }} {{ jsonQuery .Env.J `m\\.k` }}",
	    "y 2.5 map[k:<nil>] <no value>", false, 0 },
	{ "{{ range jsonQuery .Env.J \"s\" }}{{ .n }}{{ end }}", "xy", false,
	    0 },
	{ "{{ $u := parseUrl .Env.U }}{{ $u.Scheme }} {{ $u.Host }} "
	    "{{ $u.Hostname }} {{ $u.Port }} {{ $u.Path }} {{ $u.RawQuery }} "
	    "{{ $u.User.Username }} {{ $u }}",
	    "postgres db:5432 db 5432 /app ssl=1 u "
	    "postgres://u:p@db:5432/app?ssl=1", false, 0 },
	{ "{{ quote \"a\\\"b\" 1 nil }} {{ squote \"x\" }} {{ trim \"  y \" }}",
	    "\"a\\\"b\" \"1\" 'x' y", false, 0 },
	{ "{{ trimPrefix \"a\" \"abc\" }} {{ trimSuffix \"c\" \"abc\" }}",
	    "bc ab", false, 0 },
	{ "{{ indent 2 \"a\\nb\" }}|{{ nindent 1 \"c\" }}", "  a\n  b|\n c",
	    false, 0 },
	{ "{{ b64enc \"hi!\" }} {{ b64dec \"aGkh\" }} {{ b64dec \"@\" }}",
	    "aGkh hi! illegal base64 data at input byte 0", false, 0 },
	{ "{{ join \"-\" (splitList \",\" .Env.L) }}", "a-b-c", false, 0 },
	{ "{{ hasKey (jsonQuery .Env.J \"m\") \"k\" }}", "true", false, 0 },
	{ "{{ coalesce .Env.B .Env.Z \"c\" }} {{ ternary 1 2 false }} "
	    "{{ empty .Env.B }}", "c 2 true", false, 0 },
	{ "{{ env \"A\" }}|{{ env \"Z\" }}|{{ required \"m\" .Env.A }}",
	    "hello||hello", false, 0 },
	{ "{{ secret \"/s\" }}|{{ file \"/f\" }}", "pw|a\nb\n", false,
	    SECRET },
	{ "{{ .Env.SECRET }}", "hunter2", false, SECRET },
	{ "{{ if .Env.SECRET }}set{{ end }}", "set", false, 0 },
	{ "{{ upper .Env.SECRET | len }}", "7", false, SECRET },
	{ "{{ if .Env.Z }}{{ end }}{{ with .Env.Z }}{{ end }}"
	    "{{ default .Env.Z \"d\" }}", "d", false, STRICT },
	{ "[[ .Env.A ]] {{ .Env.A }}", "hello {{ .Env.A }}", false, DELIMS },
	{ "bad \xff utf8 {{ \"ok\" }}", "bad \xff utf8 ok", false, 0 },
	{ "{{ range loop 9223372036854775806 9223372036854775807 5 }}{{ . }}"
	    "{{ break }}{{ end }}", "9223372036854775806", false, 0 },
	{ "{{ 5e-324 }} {{ 1e-400 }} {{ -1e-400 }}", "5e-324 0 -0", false, 0 },
	/* jsonQuery: a plain '.' is part of a key (dockerize v0.10+). */
	{ "{{ jsonQuery `{\"a.b\":1,\"a\":{\"b\":2}}` \"a.b\" }} "
	    "{{ jsonQuery `{\"a.b\":1,\"a\":{\"b\":2}}` `a\\.b` }} "
	    "{{ jsonQuery `{\"x\":[5,6]}` `x\\.[+1]` }}", "1 2 6", false, 0 },
	/* parseUrl's Query: a url.Values. */
	{ "{{ (parseUrl .Env.U).Query.Get \"ssl\" }} {{ (parseUrl .Env.U).Query }}"
	    " {{ printf \"%T\" (parseUrl .Env.U).Query }}",
	    "1 map[ssl:[1]] url.Values", false, 0 },
	/* Sprig. */
	{ "{{ hasPrefix \"he\" .Env.A }} {{ hasSuffix \"x\" .Env.A }} "
	    "{{ trunc 2 .Env.A }} {{ trunc -2 .Env.A }} {{ repeat 2 \"ab\" }} "
	    "{{ title \"ab cd_e f-g\" }} {{ untitle \"Ab Cd\" }}",
	    "true false he lo abab Ab Cd_e F-G ab cd", false, 0 },
	{ "{{ toString 1.5 }} {{ int \"0x10\" }} {{ int \"7.00\" }} {{ int \"x\" }} "
	    "{{ int64 2.9 }} {{ float64 \"2.5\" }} {{ float64 \"x\" }}",
	    "1.5 16 7 0 2 2.5 0", false, 0 },
	{ "{{ list 1 \"a\" }} {{ first (list 1 2) }} {{ last (list 1 2) }} "
	    "{{ rest (list 1 2 3) }} {{ initial (list 1 2 3) }} {{ first (list) }}",
	    "[1 a] 1 2 [2 3] [1 2] <no value>", false, 0 },
	{ "{{ until 3 }} {{ untilStep 10 0 -4 }} {{ seq 3 }} {{ seq 3 1 }} "
	    "{{ seq 1 2 6 }}", "[0 1 2] [10 6 2] 1 2 3 3 2 1 1 3 5", false, 0 },
	{ "{{ sha256sum \"abc\" }}", "ba7816bf8f01cfea414140de5dae2223b00361a3"
	    "96177a9cb410ff61f20015ad", false, 0 },
	{ "{{ expandenv \"$A ${N} [$Z] $\" }}", "hello 42 [] $", false, 0 },
	{ "{{ $d := dict \"b\" 1 \"a\" 2 }}{{ $e := $d }}"
	    "{{ $_ := set $e \"c\" 3 }}{{ $_ := unset $d \"b\" }}{{ $d }} "
	    "{{ get $d \"a\" }} [{{ get $d \"z\" }}] {{ keys $d }} {{ len $e }}",
	    "map[a:2 c:3] 2 [] [a c] 2", false, 0 },
	{ "{{ $d := dict }}{{ range $i := until 3 }}"
	    "{{ $_ := set $d (print \"k\" $i) (printf \"v%d\" $i) }}{{ end }}"
	    "{{ $d }}", "map[k0:v0 k1:v1 k2:v2]", false, 0 },
	{ "{{ toJson (dict \"a\" (list 1 1.5 nil \"<\") \"b\" true) }} "
	    "{{ toJson 1e21 }} {{ toJson (loop 2) }}|",
	    "{\"a\":[1,1.5,null,\"\\u003c\"],\"b\":true} 1e+21 |", false, 0 },
	{ "{{ toPrettyJson (dict \"a\" (list 1)) }}",
	    "{\n  \"a\": [\n    1\n  ]\n}", false, 0 },
	{ "{{ $j := fromJson .Env.J }}{{ $_ := set $j \"z\" 1 }}{{ $j.z }} "
	    "{{ fromJson \"bad\" }}", "1 <no value>", false, 0 },
	{ "{{ sha256sum .Env.SECRET | trunc 8 }}", "f52fbd32", false, SECRET },
};

static const struct row error_rows[] = {
	{ "{{ nope }}",
	    "t:1:4: function \"nope\" not defined", true, 0 },
	{ "{{ .Env.A",
	    "t:1:10: unclosed action", true, 0 },
	{ "{{ if true }}x",
	    "t:1:14: unexpected EOF", true, 0 },
	{ "{{ end }}",
	    "t:1:1: unexpected {{end}}", true, 0 },
	{ "{{ else }}",
	    "t:1:1: unexpected {{else}}", true, 0 },
	{ "{{ with 1 }}{{ else if 2 }}{{ end }}",
	    "t:1:21: unexpected token in input", true, 0 },
	{ "{{ $x }}",
	    "t:1:4: undefined variable \"$x\"", true, 0 },
	{ "{{ break }}",
	    "t:1:4: {{break}} outside {{range}}", true, 0 },
	{ "{{ regexMatch `(a` \"a\" }}",
	    "t:1:15: regexMatch: error parsing regexp: missing closing ): `(a`",
	    true, 0 },
	{ "\n {{ regexFind `\\d+\\pL` .Env.A }}",
	    "t:2:15: regexFind: pattern uses \\p (Unicode classes): not supported",
	    true, 0 },
	{ "{{ mustRegexMatch `(?i)a` .Env.A }}",
	    "t:1:19: mustRegexMatch: pattern uses (?flags): not supported", true,
	    0 },
	{ "{{ regexReplaceAll `a**` \"a\" \"b\" }}",
	    "t:1:20: regexReplaceAll: error parsing regexp: invalid nested "
	    "repetition operator: `**`", true, 0 },
	{ "{{ regexSplit `x{1001}` \"a\" -1 }}",
	    "t:1:15: regexSplit: error parsing regexp: invalid repeat count: "
	    "`{1001}`", true, 0 },
	{ "{{ regexFindAll `[z-a]` \"a\" -1 }}",
	    "t:1:17: regexFindAll: error parsing regexp: invalid character class "
	    "range: `z-a`", true, 0 },
	{ "{{ regexFind `\\0` \"a\" }}",
	    "t:1:14: regexFind: pattern uses an octal escape: not supported", true,
	    0 },
	{ "{{ regexFind `(a{1000}){3}` \"a\" }}",
	    "t:1:14: regexFind: pattern compiles to over 2000 instructions: not "
	    "supported", true, 0 },
	{ "{{ if false }}{{ regexMatch (print \"[\" .Env.A) \"a\" }}{{ end }}"
	    "{{ mustRegexFind (print \"[\" .Env.A) \"a\" }}",
	    "t:1:66: mustRegexFind: error parsing regexp: missing closing ]: "
	    "`[hello`", true, 0 },
	{ "{{ mustRegexFind (print \"[\" .Env.SECRET) \"a\" }}",
	    "t:1:4: mustRegexFind: error parsing regexp: missing closing ] in a "
	    "secret pattern", true, 0 },
	{ "{{ regexReplaceAll `a` \"a\" \"$é\" }}",
	    "t:1:4: regexReplaceAll: a non-ASCII character in a $name of the "
	    "replacement: not supported", true, 0 },
	{ "{{ regexFindAll `a` \"a\" }}",
	    "t:1:4: wrong number of args for regexFindAll: want 3 got 2", true, 0 },
	{ "{{ regexMatch \"a\" \"b\" \"c\" }}",
	    "t:1:4: wrong number of args for regexMatch: want 2 got 3", true, 0 },
	{ "{{ dateInZone \"15:04\" 0 \"Mars/Base\" }}",
	    "t:1:4: dateInZone: time zone Mars/Base: no zoneinfo file (Go would "
	    "use UTC or its embedded tzdata): not supported", true, 0 },
	{ "{{ toDate \"2006 MST\" \"2024 UTC\" }}",
	    "t:1:4: toDate: layout element MST: not supported", true, 0 },
	{ "{{ mustToDate \"2006-01-02\" \"2024-13-05\" }}",
	    "t:1:4: error calling mustToDate: parsing time 2024-13-05 as "
	    "2006-01-02: cannot parse", true, 0 },
	{ "{{ mustDateModify \"1x\" now }}",
	    "t:1:4: error calling mustDateModify: time: invalid duration 1x", true,
	    0 },
	{ "{{ unixEpoch \"2024\" }}",
	    "t:1:14: can't handle a literal for arg of type time.Time", true, 0 },
	{ "{{ unixEpoch .Env.A }}",
	    "t:1:18: wrong type for value; expected time.Time; got string", true,
	    0 },
	{ "{{ template \"nope\" }}",
	    "t:1:13: template \"nope\" not defined", true, 0 },
	{ "{{ define \"a\" }}1{{ end }}\n{{ define \"a\" }}2{{ end }}",
	    "t:2:11: template: multiple definition of template \"a\"", true,
	    0 },
	{ "x{{ define \"t\" }}y{{ end }}",
	    "t:1:1: template: multiple definition of template \"t\"", true, 0 },
	{ "{{ if 1 }}{{ define \"a\" }}{{ end }}{{ end }}",
	    "t:1:14: unexpected token in command", true, 0 },
	{ "{{ $x := 1 }}{{ define \"a\" }}{{ $x }}{{ end }}",
	    "t:1:33: undefined variable \"$x\"", true, 0 },
	{ "{{ define \"a\" }}{{ $x = 2 }}{{ end }}{{ $x := 1 }}"
	    "{{ template \"a\" }}", "t:1:20: undefined variable: $x", true, 0 },
	{ "{{ define \"a\" }}x{{ else }}y{{ end }}",
	    "t:1:11: unexpected {{else}} in define clause", true, 0 },
	{ "{{ define a }}{{ end }}",
	    "t:1:11: unexpected token in define clause", true, 0 },
	{ "{{ define \"a\" . }}{{ end }}",
	    "t:1:15: unexpected token in define clause", true, 0 },
	{ "{{ define \"a\" }}x", "t:1:17: unexpected EOF", true, 0 },
	{ "{{ template \"a\" }}{{ template }}",
	    "t:1:31: unexpected right delimiter in template clause", true, 0 },
	{ "{{ block \"b\" }}x{{ end }}",
	    "t:1:14: missing value for block clause", true, 0 },
	{ "{{ range list 1 }}{{ block \"b\" . }}{{ break }}{{ end }}"
	    "{{ end }}", "t:1:39: {{break}} outside {{range}}", true, 0 },
	{ "{{ define \"r\" }}{{ template \"r\" . }}{{ end }}"
	    "{{ template \"r\" 1 }}",
	    "t:1:29: exceeded maximum template depth (2000)", true, 0 },
	{ "{{ define \"r\" }}{{ if . }}{{ template \"r\" . }}{{ end }}"
	    "{{ end }}{{ template \"r\" 1 }}",
	    "t:1:23: exceeded maximum template depth (2000)", true, 0 },
	{ "{{ define \"a\" }}{{ .x }}{{ end }}{{ template \"a\" \"s\" }}",
	    "t:1:20: can't evaluate field x in type string", true, 0 },
	{ "{{ \"x\" | 3 }}",
	    "t:1:10: non executable command in pipeline stage 2", true, 0 },
	{ "{{ }}",
	    "t:1:4: missing value for command", true, 0 },
	{ "{{ ( }}",
	    "t:1:6: unclosed left paren", true, 0 },
	{ "{{ ) }}",
	    "t:1:4: unexpected right paren", true, 0 },
	{ "{{ \"unterminated }}",
	    "t:1:4: unterminated quoted string", true, 0 },
	{ "{{ 'ab' }}",
	    "t:1:4: illegal number syntax", true, 0 },
	{ "{{ 12abc }}",
	    "t:1:4: bad number syntax", true, 0 },
	{ "{{ \"\\q\" }}",
	    "t:1:4: invalid syntax in quoted string", true, 0 },
	{ "{{ /* x */ }}",
	    "t:1:4: unexpected token in command", true, 0 },
	{ "{{/* x",
	    "t:1:1: unclosed comment", true, 0 },
	{ "{{ $a, $b := 1 }}",
	    "t:1:6: too many declarations in command", true, 0 },
	{ "{{ range $a, $b, $c := 1 }}{{ end }}",
	    "t:1:16: too many declarations in range", true, 0 },
	{ "{{ 3.x }}",
	    "t:1:4: bad number syntax", true, 0 },
	{ "{{ a:b }}",
	    "t:1:4: function \"a\" not defined", true, 0 },
	{ "{{ # }}",
	    "t:1:4: unexpected token in command", true, 0 },
	{ "{{ .Env.Z }}",
	    "t:1:4: missing value (strict mode)", true, STRICT },
	{ "{{ nil }}",
	    "t:1:4: nil is not a command", true, 0 },
	{ "{{ .Env.A 1 }}",
	    "t:1:8: A is not a method but has arguments", true, 0 },
	{ "{{ 1 2 }}",
	    "t:1:4: can't give argument to non-function", true, 0 },
	{ "{{ lower }}",
	    "t:1:4: wrong number of args for lower: want 1 got 0", true, 0 },
	{ "{{ lower 1 }}",
	    "t:1:10: expected string; found a literal of another type", true, 0 },
	{ "{{ lower .Env.Z }}",
	    "t:1:14: invalid value; expected string", true, 0 },
	{ "{{ add \"1\" 2 }}",
	    "t:1:8: expected integer; found a literal of another type", true, 0 },
	{ "{{ add (jsonQuery .Env.J `s\\.[1]\\.p`) 1 }}",
	    "t:1:9: wrong type for value; expected int; got float64", true, 0 },
	{ "{{ contains nil \"x\" }}{{ contains \"x\" \"y\" }}",
	    "t:1:35: can't handle a literal for arg of type "
	    "map[string]string", true, 0 },
	{ "{{ hasKey .Env \"A\" }}",
	    "t:1:11: wrong type for value; expected map[string]interface {}; "
	    "got map[string]string", true, 0 },
	{ "{{ index (split .Env.L \",\") 3 }}",
	    "t:1:4: error calling index: index out of range: 3", true, 0 },
	{ "{{ index 1 1 }}",
	    "t:1:4: error calling index: can't index item of type int", true, 0 },
	{ "{{ index nil 1 }}",
	    "t:1:4: error calling index: index of untyped nil", true, 0 },
	{ "{{ len 3 }}",
	    "t:1:4: error calling len: len of type int", true, 0 },
	{ "{{ lt 1 \"a\" }}",
	    "t:1:4: error calling lt: incompatible types for comparison", true, 0 },
	{ "{{ eq (split \"a\" \",\") 1 }}",
	    "t:1:4: error calling eq: incompatible types for comparison", true, 0 },
	{ "{{ eq 1 }}",
	    "t:1:4: error calling eq: missing argument for comparison", true, 0 },
	{ "{{ range 3 }}{{ end }}",
	    "t:1:4: range can't iterate over type int", true, 0 },
	{ "{{ .Env.A.B }}",
	    "t:1:10: can't evaluate field B in type string", true, 0 },
	{ "{{ $.Foo }}",
	    "t:1:5: can't evaluate field Foo in type *main.Context", true, 0 },
	{ "{{ atoi .Env.A }}",
	    "t:1:4: error calling atoi: invalid syntax", true, 0 },
	{ "{{ atoi \"99999999999999999999\" }}",
	    "t:1:4: error calling atoi: value out of range", true, 0 },
	{ "{{ parseUrl \"://x\" }}",
	    "t:1:4: error calling parseUrl: missing protocol scheme", true, 0 },
	{ "{{ parseUrl \"http://h:port/\" }}",
	    "t:1:4: error calling parseUrl: invalid port after host", true, 0 },
	{ "{{ (parseUrl .Env.U).User.Password }}",
	    "t:1:26: can't call method/function \"Password\" with 2 "
	    "results", true, 0 },
	{ "{{ jsonQuery \"{\" \"a\" }}",
	    "t:1:4: error calling jsonQuery: unable to parse JSON object", true, 0 },
	{ "{{ jsonQuery .Env.J `s\\.[9]` }}",
	    "t:1:4: error calling jsonQuery: index out of range", true, 0 },
	{ "{{ jsonQuery .Env.J \"nope\" }}",
	    "t:1:4: error calling jsonQuery: key does not exist", true, 0 },
	{ "{{ loop }}",
	    "t:1:4: error calling loop: wrong number of arguments, expected "
	    "1-3, but got 0", true, 0 },
	{ "{{ range loop 0 5 0 }}{{ end }}",
	    "t:1:10: error calling loop: step must be positive", true, 0 },
	{ "{{ loop 1 }}",
	    "t:1:4: can't print a value of type <-chan int", true, 0 },
	{ "{{ default }}",
	    "t:1:4: default called with no values", true, 0 },
	{ "{{ default .Env.Z 1 }}",
	    "t:1:4: default is not a string value, hint: surround it with "
	    "double quotes", true, 0 },
	{ "{{ required \"A is required\" .Env.Z }}",
	    "t:1:4: required: A is required", true, 0 },
	{ "{{ secret \"/nope\" }}",
	    "t:1:4: secret: open /nope: No such file or directory", true, 0 },
	{ "{{ indent -1 \"x\" }}",
	    "t:1:4: error calling indent: negative count", true, 0 },
	{ "{{ $x = 1 }}",
	    "t:1:4: undefined variable: $x", true, 0 },
	{ "{{ range jsonQuery .Env.J \"m\" }}{{ .x }}{{ end }}",
	    "t:1:36: nil pointer evaluating interface {}.x", true, 0 },
	{ "{{ jsonQuery .Env.J \"s.[1].n\" }}",
	    "t:1:4: error calling jsonQuery: key does not exist", true, 0 },
	{ "{{ jsonQuery .Env.J `s\\.[-1]` }}",
	    "t:1:4: error calling jsonQuery: index out of range", true, 0 },
	{ "{{ (parseUrl .Env.U).Query.Get }}",
	    "t:1:27: wrong number of args for Get: want 1 got 0", true, 0 },
	{ "{{ (parseUrl .Env.U).User.Password }}",
	    "t:1:26: can't call method/function \"Password\" with 2 results",
	    true, 0 },
	{ "\n  {{ repeat -1 \"x\" }}",
	    "t:2:6: error calling repeat: strings: negative Repeat count", true,
	    0 },
	{ "{{ repeat 99999999 \"abc\" }}",
	    "t:1:4: error calling repeat: result over 16 MiB", true, 0 },
	{ "{{ until 9999999 }}", "t:1:4: more than 1048576 items", true, 0 },
	{ "{{ first \"abc\" }}",
	    "t:1:4: error calling first: Cannot find first on type string", true,
	    0 },
	{ "{{ set nil \"a\" 1 }}",
	    "t:1:4: error calling set: assignment to entry in nil map", true, 0 },
	{ "{{ set (jsonQuery .Env.J \"m\") \"a\" 1 }}",
	    "t:1:9: volinit changes only a map made by dict or fromJson, not one "
	    "inside JSON", true, 0 },
	{ "{{ until \"3\" }}",
	    "t:1:10: expected integer; found a literal of another type", true, 0 },
	{ "{{ template \"nope\" }}",
	    "t:1:13: template \"nope\" not defined", true, 0 },
	{ "{{ define \"a\" }}1{{ end }}\n{{ define \"a\" }}2{{ end }}",
	    "t:2:11: template: multiple definition of template \"a\"", true,
	    0 },
	{ "x{{ define \"t\" }}y{{ end }}",
	    "t:1:1: template: multiple definition of template \"t\"", true, 0 },
	{ "{{ if 1 }}{{ define \"a\" }}{{ end }}{{ end }}",
	    "t:1:14: unexpected token in command", true, 0 },
	{ "{{ $x := 1 }}{{ define \"a\" }}{{ $x }}{{ end }}",
	    "t:1:33: undefined variable \"$x\"", true, 0 },
	{ "{{ define \"a\" }}{{ $x = 2 }}{{ end }}{{ $x := 1 }}"
	    "{{ template \"a\" }}", "t:1:20: undefined variable: $x", true, 0 },
	{ "{{ define \"a\" }}x{{ else }}y{{ end }}",
	    "t:1:11: unexpected {{else}} in define clause", true, 0 },
	{ "{{ define a }}{{ end }}",
	    "t:1:11: unexpected token in define clause", true, 0 },
	{ "{{ define \"a\" . }}{{ end }}",
	    "t:1:15: unexpected token in define clause", true, 0 },
	{ "{{ define \"a\" }}x", "t:1:17: unexpected EOF", true, 0 },
	{ "{{ template \"a\" }}{{ template }}",
	    "t:1:31: unexpected right delimiter in template clause", true, 0 },
	{ "{{ block \"b\" }}x{{ end }}",
	    "t:1:14: missing value for block clause", true, 0 },
	{ "{{ range list 1 }}{{ block \"b\" . }}{{ break }}{{ end }}"
	    "{{ end }}", "t:1:39: {{break}} outside {{range}}", true, 0 },
	{ "{{ define \"r\" }}{{ template \"r\" . }}{{ end }}"
	    "{{ template \"r\" 1 }}",
	    "t:1:29: exceeded maximum template depth (2000)", true, 0 },
	{ "{{ define \"r\" }}{{ if . }}{{ template \"r\" . }}{{ end }}"
	    "{{ end }}{{ template \"r\" 1 }}",
	    "t:1:23: exceeded maximum template depth (2000)", true, 0 },
	{ "{{ define \"a\" }}{{ .x }}{{ end }}{{ template \"a\" \"s\" }}",
	    "t:1:20: can't evaluate field x in type string", true, 0 },
};

/* printf widths and precisions at and past Go's limit (1e6, fmt's
 * tooLarge): what Go prints, never a huge allocation or an overflow.
 * tests/gotmpl-corpus/printf-widths.tmpl proves these against Go. */
static const struct row printf_rows[] = {
	{ "{{ printf \"%3000000000d|\" 1 }}", "%!(NOVERB)%!(EXTRA int=1)",
	    false, 0 },
	{ "{{ printf \"%.3000000000d|\" 1 }}", "%!(NOVERB)%!(EXTRA int=1)",
	    false, 0 },
	{ "{{ printf \"%99999999999999999999d|\" 1 }}",
	    "%!(NOVERB)%!(EXTRA int=1)", false, 0 },
	{ "{{ printf \"%[99999999999999999999]d|\" 1 }}", "%!d(BADINDEX)|",
	    false, 0 },
	{ "{{ printf \"%10000009d\" 1 | len }}", "10000009", false, 0 },
	{ "{{ printf \"%10000010d\" 1 }}", "%!(NOVERB)%!(EXTRA int=1)",
	    false, 0 },
	{ "{{ printf \"%*d|\" -2147483648 1 }}", "%!(BADWIDTH)1|", false,
	    0 },
	{ "{{ printf \"%*d|\" -9223372036854775808 1 }}", "%!(BADWIDTH)1|",
	    false, 0 },
	{ "{{ printf \"%*d|\" 1000001 1 }}", "%!(BADWIDTH)1|", false, 0 },
	{ "{{ printf \"%*d|\" -1000000 1 | len }}", "1000001", false, 0 },
	{ "{{ printf \"%*d|\" \"5\" 1 }}", "%!(BADWIDTH)1|", false, 0 },
	{ "{{ printf \"%*d|\" }}", "%!(BADWIDTH)%!d(MISSING)|", false, 0 },
	{ "{{ printf \"%.*d|\" -2147483648 1 }}", "%!(BADPREC)1|", false,
	    0 },
	{ "{{ printf \"%.*d|\" 1000001 1 }}", "%!(BADPREC)1|", false, 0 },
	{ "{{ printf \"%*.*d|\" 9223372036854775807 -9223372036854775807 3 }}",
	    "%!(BADWIDTH)%!(BADPREC)3|", false, 0 },
	{ "{{ printf \"%5.\" 1 }}", "%!.(int=    1)", false, 0 },
	{ "{{ printf \"%.70d\" 1 | len }}|{{ printf \"%0100d\" 1 | len }}",
	    "70|100", false, 0 },
	{ "{{ printf \"%.1000000f\" 1.5 | len }}", "1000002", false, 0 },
	{ "{{ printf \"%05.0d|\" 0 }}", "     |", false, 0 },
	{ "{{ printf \"%[2]d %[1]d|%[3]d|%d\" 1 2 }}", "2 1|%!d(BADINDEX)|2",
	    false, 0 },
	{ "{{ printf \"%+v|%#.3g|%O\" 5 1.0 8 }}", "5|1.00|0o10", false, 0 },
};

static void
test_printf(void **state)
{
	(void)state;
	run_rows(printf_rows, sizeof(printf_rows) / sizeof(printf_rows[0]));
}

static void
test_output(void **state)
{
	(void)state;
	run_rows(output_rows, sizeof(output_rows) / sizeof(output_rows[0]));
}

static void
test_errors(void **state)
{
	(void)state;
	run_rows(error_rows, sizeof(error_rows) / sizeof(error_rows[0]));
}

/* Limits: NUL bytes, nesting, size. */
static void
test_limits(void **state)
{
	struct buf b = BUF_INIT, out = BUF_INIT;
	bool secret;
	int i;

	(void)state;
	assert_int_equal(render(NULL, 0, 0, &out, &secret), 0);
	assert_string_equal(buf_str(&out), "");
	assert_int_equal(render("a\n{{ 1 }}\0", 10, 0, &out, &secret), -1);
	assert_string_equal(buf_str(&out), "t:2:8: NUL byte in template");
	for (i = 0; i < 101; i++)
		buf_adds(&b, "{{ if 1 }}");
	buf_reset(&out);
	assert_int_equal(render(b.p, b.len, 0, &out, &secret), -1);
	assert_non_null(strstr(buf_str(&out), "nesting too deep"));
	buf_reset(&b);
	buf_adds(&b, "{{ ");
	for (i = 0; i < 101; i++)
		buf_adds(&b, "(");
	buf_reset(&out);
	assert_int_equal(render(b.p, b.len, 0, &out, &secret), -1);
	buf_free(&b);
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_output),
		cmocka_unit_test(test_printf),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
