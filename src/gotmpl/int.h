/* gotmpl_int.h: what the lexer, parser, evaluator and function table of
 * the syntax=go engine share. Not for other modules: gotmpl.h is the
 * interface.
 *
 * The tree is one array of small nodes linked by index (index 0 is "none"),
 * so a 1 MB template costs a few hundred KiB of tree and no per-node
 * malloc. Positions are byte offsets into the copied text; line and column
 * are computed only when an error is reported. */
#ifndef GOTMPL_INT_H
#define GOTMPL_INT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "gotmpl.h"

#define GT_MAX_SIZE	(16u << 20)	/* template size cap */
#define GT_MAX_DEPTH	100		/* nesting of blocks and parens */
#define GT_MAX_KEEP	(64u << 20)	/* what dict/set keep for a render */
#define GT_MAX_ITEMS	(1u << 20)	/* items until/untilStep/seq make */
#define GT_MAX_STR	(16u << 20)	/* a string repeat or toJson makes */
#define GT_MAX_CALLS	(1u << 20)	/* template/block calls of a render */
#define GT_MAX_EXEC	2000		/* nested bodies while executing */

enum gt_tok {
	TK_EOF, TK_TEXT, TK_LDELIM, TK_RDELIM, TK_SPACE, TK_IDENT, TK_FIELD,
	TK_VAR, TK_DOT, TK_STRING, TK_RAW, TK_CHAR, TK_NUMBER, TK_BOOL,
	TK_NIL, TK_PIPE, TK_LPAREN, TK_RPAREN, TK_DECLARE, TK_ASSIGN,
	TK_OTHER, TK_IF, TK_ELSE, TK_END, TK_RANGE, TK_WITH, TK_BREAK,
	TK_CONTINUE, TK_DEFINE, TK_TEMPLATE, TK_BLOCK
};

struct gt_token {
	enum gt_tok type;
	uint32_t pos, len;
};

enum gt_lexstate { LX_TEXT, LX_LDELIM, LX_ACTION, LX_DONE };

struct gt_lexer {
	const char *s;
	size_t n, pos;
	const char *ld, *rd;
	size_t ldn, rdn;
	enum gt_lexstate state;
	int paren;
	struct err *e;
	const char *name;
};

enum gt_ntype {
	ND_NONE, ND_LIST, ND_TEXT, ND_ACTION, ND_IF, ND_WITH, ND_RANGE,
	ND_BREAK, ND_CONTINUE, ND_PIPE, ND_CMD, ND_DECL, ND_FIELD, ND_VAR,
	ND_CHAIN, ND_DOT, ND_NIL, ND_BOOL, ND_NUM, ND_STR, ND_IDENT,
	ND_TEMPLATE
};

/* Node flags. */
#define NF_ASSIGN	1	/* pipe: "=" rather than ":=" */
#define NF_INT		2	/* number usable as an int */
#define NF_FLOAT	4	/* number usable as a float */
#define NF_LOOKSFLOAT	8	/* number spelled as a float (1.0, 1e3) */
#define NF_HASASSIGN	16	/* if/with/range body holds an "=" */

/* One node, 16 bytes: a 1 MB template makes about 100k of them. next
 * links siblings (the items of a list, the arguments of a command, the
 * commands of a pipeline). By type:
 * LIST a=first item, next=the else list when it is a body;
 * TEXT pos=offset a=length;
 * ACTION and PIPE a=first command n=declarations, which are the n DECL
 *   nodes right after it; a control's PIPE has next=its body LIST;
 * IF/WITH/RANGE a=PIPE;
 * CMD a=first argument n=arguments; a one-argument command is the bare
 *   argument node in the pipeline's chain, with no CMD;
 * DECL a=variable id; BOOL a=value; NUM a=index in nums;
 * STR a=pool offset of a 4-byte length, then the bytes and a NUL;
 * IDENT a=function index;
 * TEMPLATE a=the name's STR node, whose next is the PIPE or 0; n=index
 *   in defs plus 1, 0 when no template has that name;
 * FIELD pos=the ".A.B" text n=its length; VAR a=variable id n=length
 *   of the ".A.B" after the name; CHAIN a=term, pos/n as FIELD. */
struct gt_node {
	unsigned char type, flags;
	unsigned short n;
	uint32_t pos, a, next;
};

struct gt_num {
	long long i;
	double f;
};

/* A template of the set: {{define}}, {{block}} and the main one. */
struct gt_def {
	uint32_t name;		/* pool offset of the name (as a STR node's) */
	uint32_t root;		/* its body LIST */
};

struct gotmpl {
	const char *name;
	char *text;		/* the copied template */
	size_t len;
	struct gt_node *nodes;
	size_t nnodes, capnodes;
	struct gt_num *nums;
	size_t nnums, capnums;
	struct buf pool;	/* unquoted string literals */
	uint32_t *vars;		/* variable names: offset, length pairs */
	size_t nvars, capvars;
	uint32_t root;		/* the top LIST */
	struct gt_def *defs;	/* the named templates, main one included */
	size_t ndefs, capdefs;
};

/* Values. */
enum gv_kind {
	GV_NIL, GV_STR, GV_INT, GV_FLOAT, GV_BOOL, GV_LIST, GV_MAP, GV_ENV,
	GV_URL, GV_USER, GV_CHAN, GV_ROOT,
	GV_DICT,	/* a mutable map (dict, fromJson): u.dict, kept */
	GV_TIME		/* a time.Time: u.tm */
};

#define GVF_SECRET	1	/* derived from a secret */
#define GVF_IFACE	2	/* nil held in an interface (a JSON null) */
#define GVF_ANY		4	/* list or map of interface{} (from JSON) */
#define GVF_VALUES	8	/* map: a url.Values, values are []string */

struct gv_mapent;
struct gv_url;
struct gv_dict;

struct gv {
	unsigned char kind, flags;
	size_t len;		/* string bytes, list items, map entries */
	union {
		const char *s;
		long long i;
		double f;
		int b;
		struct gv *items;
		struct gv_mapent *ents;	/* sorted by key */
		const struct gv_url *url;
		const struct gv_time *tm;
		const long long *loop;	/* start, stop, step */
		struct gv_dict *dict;
	} u;
};

/* A Go map[string]interface{} that set/unset change in place: every
 * copy of the value shares it. It and everything in it live in the
 * render's keep arena, never released before the render ends. */
struct gv_dict {
	struct gv_mapent *ents;	/* sorted by key */
	size_t len, cap;
};

struct gv_mapent {
	const char *k;
	size_t klen;
	struct gv v;
};

/* A time.Time: Unix seconds and nanoseconds, the zone it is shown in
 * (a fixed offset and its abbreviation, "" for Go's FixedZone("", off)),
 * and for now's value the monotonic reading Go prints as m=+S. */
struct gv_time {
	long long sec;
	long nsec;
	int off;
	bool mono;
	double monosec;
	char abbr[16];
};

struct gv_str {
	const char *p;
	size_t n;
};

struct gv_url {
	struct gv_str scheme, opaque, host, path, rawpath, rawquery,
	    fragment, rawfragment, user, pass;
	bool hasuser, haspass, forcequery, omithost;
};

/* A stack allocator for values made while rendering: released at marks
 * so long ranges do not accumulate garbage. */
struct ga_chunk {
	struct ga_chunk *prev;
	size_t cap, used;
	/* data follows, aligned */
};

struct garena {
	struct ga_chunk *top, *spare;
};

struct ga_mark {
	struct ga_chunk *chunk;
	size_t used;
};

void *ga_alloc(struct garena *a, size_t n);
char *ga_strdup(struct garena *a, const char *s, size_t n);
struct ga_mark ga_mark(const struct garena *a);
void ga_release(struct garena *a, struct ga_mark m);
void ga_free(struct garena *a);

/* Function signatures: parameter types as Go's reflection sees them. */
enum gt_ptype {
	PT_STR, PT_INT, PT_BOOL, PT_ANY, PT_VAL, PT_MAPSS, PT_MAPSI,
	PT_DICT,	/* a map set/unset change: only a GV_DICT */
	PT_TIME		/* a time.Time */
};

struct gt_state;

struct gt_func {
	const char *name;
	int (*fn)(struct gt_state *s, struct gv *args, size_t n,
	    struct gv *out);
	unsigned char nparams;		/* fixed, or all with variadic */
	bool variadic;			/* last param repeats */
	unsigned char params[4];
};

extern const struct gt_func gt_funcs[];
extern const size_t gt_nfuncs;
/* Index of name[0..len) in gt_funcs, or -1. */
int gt_func_find(const char *name, size_t len);

/* The evaluator's state, shared with the functions. */
struct gt_var {
	uint32_t id;
	struct gv v;
};

struct gt_state {
	const struct gotmpl *t;
	struct gotmpl_env *env;
	const struct sink *out;
	struct err *e;
	struct garena arena;
	struct gt_var *vars;
	size_t nvars, capvars;
	struct gv_mapent *envents;	/* .Env as a sorted map, lazily */
	size_t nenvents;
	struct garena keep;	/* dicts and what they hold */
	size_t kept;		/* bytes in keep, at most GT_MAX_KEEP */
	unsigned calls;		/* template/block calls so far */
	unsigned depth;		/* bodies being walked, nested */
	size_t varbase;		/* the called template's first variable */
	int tzstate;		/* Local: 0 unknown, 1 known, -1 refused */
	int tzoff;
	char tzabbr[16];
	uint32_t pos;		/* node being evaluated, for errors */
	struct buf tmp;		/* scratch for formatting */
};

/* Lexer (gotmpl_lex.c). */
void gt_lex_init(struct gt_lexer *l, const char *name, const char *s,
    size_t n, const char *ld, const char *rd, struct err *e);
int gt_lex_next(struct gt_lexer *l, struct gt_token *t);
/* Fill e with name:line:col for byte offset pos of text. */
int gt_errorf(struct err *e, const char *name, const char *text,
    size_t pos, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Exec helpers the functions use (gotmpl_exec.c). */
int gt_fail(struct gt_state *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
bool gt_truth(const struct gv *v);
void gt_env_value(struct gt_state *s, const struct gv *env, struct gv *out);

/* Values (gotmpl_value.c). */
const char *gt_typename(const struct gv *v);
void gt_fmt_value(struct gt_state *s, struct buf *b, const struct gv *v,
    bool top);
void gt_sprint(struct gt_state *s, struct buf *b, const struct gv *a,
    size_t n, bool ln);
void gt_sprintf(struct gt_state *s, struct buf *b, const char *f, size_t fn,
    const struct gv *a, size_t n);
void gt_quote(struct buf *b, const char *s, size_t n, bool ascii);
void gt_fmt_float(struct buf *b, double f, char verb, int prec);
void gt_fmt_shortest(struct buf *b, double f, char verb);
void gt_url_string(struct buf *b, const struct gv_url *u);
void gt_user_string(struct buf *b, const struct gv_url *u);
size_t gt_runes(const char *s, size_t n);

/* URL and JSON (gotmpl_data.c). */
int gt_url_parse(struct gt_state *s, const char *p, size_t n,
    struct gv *out);
int gt_url_field(struct gt_state *s, const struct gv *u, const char *name,
    size_t len, struct gv *out);
int gt_json_parse(struct gt_state *s, const char *doc, size_t n,
    struct gv *out);
/* Sprig's helpers (sprig.c). */
long gt_case_rune(long r, bool up);
void gt_strval(struct gt_state *s, struct buf *b, const struct gv *v);
bool gt_empty(const struct gv *v);
void gt_time_string(struct buf *b, const struct gv *t);
void gt_time_rfc3339(struct buf *b, const struct gv *t);
int gt_values_encode(struct gt_state *s, const struct gv *m,
    struct gv *out);
int gt_json_query(struct gt_state *s, const char *doc, size_t n,
    const char *path, size_t pn, struct gv *out);

/* Regular expressions (regex.c): Go's RE2 syntax and leftmost-first
 * matching. */
struct gt_re;
struct gt_re *gt_re_compile(const char *pat, size_t n, char *err,
    size_t errlen);
void gt_re_free(struct gt_re *re);
int gt_re_exec(const struct gt_re *re, const char *s, size_t n, size_t pos,
    int *caps, bool wantcaps);
int gt_re_ncap(const struct gt_re *re);
int gt_re_name(const struct gt_re *re, const char *name, size_t n,
    const int *m);
int gt_re_check(const char *fn, const char *pat, size_t n, char *msg,
    size_t len);

/* A dict as the plain sorted map it is now, for code that reads maps. */
static inline const struct gv *
gt_view(const struct gv *v, struct gv *tmp)
{
	if (v->kind != GV_DICT)
		return v;
	tmp->kind = GV_MAP;
	tmp->flags = (unsigned char)(v->flags | GVF_ANY);
	tmp->len = v->u.dict->len;
	tmp->u.ents = v->u.dict->ents;
	return tmp;
}

static inline struct gv
gv_str(const char *p, size_t n)
{
	struct gv v;

	v.kind = GV_STR;
	v.flags = 0;
	v.len = n;
	v.u.s = p;
	return v;
}

static inline struct gv
gv_int(long long i)
{
	struct gv v;

	v.kind = GV_INT;
	v.flags = 0;
	v.len = 0;
	v.u.i = i;
	return v;
}

static inline struct gv
gv_bool(int b)
{
	struct gv v;

	v.kind = GV_BOOL;
	v.flags = 0;
	v.len = 0;
	v.u.b = b;
	return v;
}

static inline struct gv
gv_nil(void)
{
	struct gv v;

	v.kind = GV_NIL;
	v.flags = 0;
	v.len = 0;
	v.u.s = NULL;
	return v;
}
#endif
