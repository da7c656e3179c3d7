/* gotmpl_exec: walks the tree and writes to the sink, following the
 * evaluation rules of Go's text/template (exec.go) for the value kinds
 * dockerize templates meet: a missing key is an invalid value that prints
 * "<no value>", arguments are checked against each function's Go parameter
 * types, and/or short-circuit, variables live until the {{end}} of the
 * block that declared them. Values made while rendering live in an arena
 * released after each printed action and each range iteration. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "int.h"
#include "sink.h"
#include "xalloc.h"

enum { W_OK = 0, W_BREAK = 1, W_CONTINUE = 2 };


static int walk_list(struct gt_state *s, const struct gv *dot,
    uint32_t list);
static int eval_pipeline(struct gt_state *s, const struct gv *dot,
    uint32_t pipe, struct gv *out);
static int eval_arg(struct gt_state *s, const struct gv *dot, int type,
    uint32_t nd, struct gv *out);
static int eval_function(struct gt_state *s, const struct gv *dot,
    uint32_t ident, uint32_t args, int nargs, const struct gv *final,
    struct gv *out);

/* Parts of nodes (see gotmpl_int.h). */
#define PIPE_BODY(s, ctl)	(ND(s, ND(s, ctl)->a)->next)
#define ELSE_LIST(s, ctl)	(ND(s, PIPE_BODY(s, ctl))->next)

#define ND(s, i)	(&(s)->t->nodes[(i)])

static const char *const ptype_names[] = {
	"string", "int", "bool", "interface {}", "reflect.Value",
	"map[string]string", "map[string]interface {}",
	"map[string]interface {}", "time.Time"
};

int
gt_fail(struct gt_state *s, const char *fmt, ...)
{
	char msg[sizeof(s->e->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return gt_errorf(s->e, s->t->name, s->t->text, s->pos, "%s", msg);
}

bool
gt_truth(const struct gv *v)
{
	switch (v->kind) {
	case GV_NIL:
		return false;
	case GV_STR:
	case GV_LIST:
	case GV_MAP:
	case GV_ENV:
		return v->len > 0;
	case GV_INT:
		return v->u.i != 0;
	case GV_FLOAT:
		return v->u.f != 0;
	case GV_BOOL:
		return v->u.b != 0;
	case GV_USER:
		return v->u.url->hasuser;	/* a nil *Userinfo */
	case GV_DICT:
		return v->u.dict->len > 0;
	default:
		return true;	/* pointers, channels: non-nil */
	}
}

struct env_collect {
	struct gv_mapent *ents;
	size_t n, cap;
};

static void
env_add(void *arg, const char *name, const char *value, bool secret)
{
	struct env_collect *c = arg;
	struct gv_mapent *m;

	if (c->n == c->cap)
		c->ents = xgrow(c->ents, &c->cap, c->n + 1, sizeof(*c->ents));
	m = &c->ents[c->n++];
	m->k = xstrdup(name);	/* the lookup promises only values */
	m->klen = strlen(name);
	m->v = gv_str(value, strlen(value));
	m->v.flags = secret ? GVF_SECRET : 0;
}

/* The environment as a sorted map, built once per render. */
static struct gv_mapent *
env_map(struct gt_state *s, size_t *n)
{
	struct env_collect c = { NULL, 0, 0 };

	if (s->envents == NULL) {
		if (s->env->vars.each != NULL)
			s->env->vars.each(s->env->vars.arg, env_add, &c);
		s->envents = c.ents != NULL ? c.ents : xcalloc(1, 1);
		s->nenvents = c.n;
	}
	*n = s->nenvents;
	return s->envents;
}

/* Turn .Env into a plain map value, for range, print and len. */
void
gt_env_value(struct gt_state *s, const struct gv *env, struct gv *out)
{
	size_t n;

	out->u.ents = env_map(s, &n);
	out->kind = GV_MAP;
	out->flags = env->flags;
	out->len = n;
}

static void
push_var(struct gt_state *s, uint32_t id, const struct gv *v)
{
	if (s->nvars == s->capvars)
		s->vars = xgrow(s->vars, &s->capvars, s->nvars + 1,
		    sizeof(*s->vars));
	s->vars[s->nvars].id = id;
	s->vars[s->nvars].v = *v;
	s->nvars++;
}

static struct gt_var *
find_var(struct gt_state *s, uint32_t id)
{
	size_t i;

	for (i = s->nvars; i > s->varbase; i--)
		if (s->vars[i - 1].id == id)
			return &s->vars[i - 1];
	return NULL;
}

static const char *
var_name(struct gt_state *s, uint32_t id, int *len)
{
	*len = (int)s->t->vars[2 * id + 1];
	return id == 0 ? "$" : s->t->text + s->t->vars[2 * id];
}

static int
set_var(struct gt_state *s, uint32_t id, const struct gv *v)
{
	struct gt_var *x = find_var(s, id);
	int n;
	const char *name;

	if (x == NULL) {
		name = var_name(s, id, &n);
		return gt_fail(s, "undefined variable: %.*s", n, name);
	}
	x->v = *v;
	return 0;
}

static bool
nillable(int type)
{
	return type == PT_ANY || type == PT_VAL || type == PT_MAPSS ||
	    type == PT_MAPSI || type == PT_DICT;
}

/* Go's validateType: v must be assignable to a parameter of type. */
static int
validate(struct gt_state *s, const struct gv *v, int type, struct gv *out)
{
	bool ok;

	*out = *v;
	if (v->kind == GV_NIL) {
		if (nillable(type)) {
			*out = gv_nil();
			out->flags = v->flags & GVF_SECRET;
			return 0;
		}
		return gt_fail(s, (v->flags & GVF_IFACE) ? "wrong type for "
		    "value; expected %s; got interface {}" :
		    "invalid value; expected %s", ptype_names[type]);
	}
	switch (type) {
	case PT_STR:
		ok = v->kind == GV_STR;
		break;
	case PT_INT:
		ok = v->kind == GV_INT;
		break;
	case PT_BOOL:
		ok = v->kind == GV_BOOL;
		break;
	case PT_MAPSS:
		ok = v->kind == GV_ENV;
		break;
	case PT_MAPSI:
		if (v->kind == GV_DICT) {
			struct gv tmp;

			*out = *gt_view(v, &tmp);
			return 0;
		}
		ok = v->kind == GV_MAP && (v->flags & GVF_ANY);
		break;
	case PT_TIME:
		ok = v->kind == GV_TIME;
		break;
	case PT_DICT:
		if (v->kind == GV_MAP && (v->flags & GVF_ANY))
			return gt_fail(s, "volinit changes only a map made by "
			    "dict or fromJson, not one inside JSON");
		ok = v->kind == GV_DICT;
		break;
	default:
		ok = true;
	}
	if (!ok)
		return gt_fail(s, "wrong type for value; expected %s; got %s",
		    ptype_names[type], gt_typename(v));
	return 0;
}

static int
map_field(struct gt_state *s, const struct gv *m, const char *name,
    size_t n, struct gv *out)
{
	size_t lo = 0, hi = m->len;

	(void)s;
	*out = gv_nil();
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct gv_mapent *e = &m->u.ents[mid];
		size_t k = e->klen < n ? e->klen : n;
		int c = memcmp(e->k, name, k);

		if (c == 0)
			c = e->klen < n ? -1 : e->klen > n ? 1 : 0;
		if (c == 0) {
			*out = e->v;
			if (out->kind == GV_NIL)
				out->flags |= GVF_IFACE;
			break;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	out->flags |= m->flags & GVF_SECRET;
	return 0;
}

static int
env_field(struct gt_state *s, const char *name, size_t n, struct gv *out)
{
	bool secret = false;
	const char *v = s->env->vars.get(s->env->vars.arg, name, n, &secret);

	*out = v != NULL ? gv_str(v, strlen(v)) : gv_nil();
	if (secret)
		out->flags |= GVF_SECRET;
	return 0;
}

/* The operands a method named last in a chain is called with: nargs
 * argument nodes from args, then final (the previous command's value). */
struct gt_call {
	const struct gv *dot;
	uint32_t args;
	int nargs;
	const struct gv *final;
};

static const struct gt_call no_call = { NULL, 0, 0, NULL };

/* The string arguments of a method call, checked as Go's evalCall does. */
static int
method_args(struct gt_state *s, const struct gt_call *c, const char *nm,
    int want, struct gv *argv)
{
	int n = c->nargs + (c->final != NULL), i;
	uint32_t a = c->args, pos = s->pos;

	if (n != want)
		return gt_fail(s, "wrong number of args for %s: want %d got %d",
		    nm, want, n);
	for (i = 0; i < c->nargs; i++, a = s->t->nodes[a].next)
		if (eval_arg(s, c->dot, PT_STR, a, &argv[i]) < 0)
			return -1;
	if (c->final != NULL && validate(s, c->final, PT_STR, &argv[i]) < 0)
		return -1;
	s->pos = pos;
	return 0;
}

/* url.Values' methods Get, Has and Encode. 1 when nm is none of them. */
static int
values_method(struct gt_state *s, const struct gv *m, const char *nm,
    size_t n, const struct gt_call *c, struct gv *out)
{
	struct gv k, l;
	char name[8];

	if (n > 6)
		return 1;
	memcpy(name, nm, n);
	name[n] = '\0';
	if (strcmp(name, "Encode") == 0) {
		if (method_args(s, c, name, 0, NULL) < 0)
			return -1;
		return gt_values_encode(s, m, out);
	}
	if (strcmp(name, "Get") != 0 && strcmp(name, "Has") != 0)
		return 1;
	if (method_args(s, c, name, 1, &k) < 0)
		return -1;
	map_field(s, m, k.u.s, k.len, &l);
	if (name[0] == 'H')
		*out = gv_bool(l.kind != GV_NIL);
	else
		*out = l.kind == GV_LIST && l.len > 0 ? l.u.items[0] :
		    gv_str("", 0);
	out->flags |= (k.flags | m->flags) & GVF_SECRET;
	return 0;
}

/* Go's evalField on the receivers we have: the root's Env method, map
 * keys, URL fields and methods, url.Values' methods. */
static int
eval_field(struct gt_state *s, const struct gv *recv, const char *nm,
    size_t n, const struct gt_call *c, struct gv *out)
{
	bool hasargs = c->nargs > 0 || c->final != NULL;
	struct gv view;
	int r;

	recv = gt_view(recv, &view);
	if (recv->kind == GV_NIL && !(recv->flags & GVF_IFACE)) {
		*out = gv_nil();
		return 0;
	}
	if (recv->kind == GV_NIL)
		return gt_fail(s, "nil pointer evaluating interface {}.%.*s",
		    (int)n, nm);
	if (recv->kind == GV_ROOT && n == 3 && memcmp(nm, "Env", 3) == 0) {
		if (hasargs)
			return gt_fail(s, "wrong number of args for Env");
		out->kind = GV_ENV;
		out->flags = 0;
		env_map(s, &out->len);
		return 0;
	}
	if (recv->kind == GV_MAP && (recv->flags & GVF_VALUES) &&
	    (r = values_method(s, recv, nm, n, c, out)) <= 0)
		return r;
	if ((recv->kind == GV_ENV || recv->kind == GV_MAP) && hasargs)
		return gt_fail(s, "%.*s is not a method but has arguments",
		    (int)n, nm);
	if (recv->kind == GV_ENV)
		return env_field(s, nm, n, out);
	if (recv->kind == GV_MAP)
		return map_field(s, recv, nm, n, out);
	if ((recv->kind == GV_URL || recv->kind == GV_USER) && hasargs)
		return gt_fail(s, "%.*s has arguments but cannot be invoked "
		    "as function", (int)n, nm);
	if (recv->kind == GV_URL || recv->kind == GV_USER)
		return gt_url_field(s, recv, nm, n, out);
	return gt_fail(s, "can't evaluate field %.*s in type %s", (int)n, nm,
	    gt_typename(recv));
}

/* .A.B.C (the text at pos, len bytes) on recv; the last name sees
 * whether arguments follow. */
static int
eval_chain(struct gt_state *s, const struct gv *recv, uint32_t pos,
    size_t len, const struct gt_call *c, struct gv *out)
{
	const char *p = s->t->text + pos, *end = p + len;
	struct gv cur = *recv;

	while (p < end) {
		const char *nm = p + 1, *q = memchr(nm, '.', (size_t)(end -
		    nm));

		if (q == NULL)
			q = end;
		s->pos = (uint32_t)(p - s->t->text);
		if (eval_field(s, &cur, nm, (size_t)(q - nm), q == end ? c :
		    &no_call, out) < 0)
			return -1;
		cur = *out;
		p = q;
	}
	*out = cur;
	return 0;
}

/* A variable's value and the .A.B after its name. */
static int
eval_var(struct gt_state *s, const struct gt_node *n,
    const struct gt_call *c, struct gv *out)
{
	struct gt_var *x = find_var(s, n->a);
	uint32_t name = n->a == 0 ? 1 : s->t->vars[2 * n->a + 1];

	if (x == NULL)
		return gt_fail(s, "undefined variable");
	return eval_chain(s, &x->v, n->pos + name, n->n, c, out);
}

/* Go's idealConstant: a number with no type context. */
static int
ideal_number(struct gt_state *s, const struct gt_node *nd, struct gv *out)
{
	if (nd->flags & NF_LOOKSFLOAT) {
		out->kind = GV_FLOAT;
		out->flags = 0;
		out->len = 0;
		out->u.f = s->t->nums[nd->a].f;
		return 0;
	}
	if (nd->flags & NF_INT) {
		*out = gv_int(s->t->nums[nd->a].i);
		return 0;
	}
	return gt_fail(s, "number overflows int");
}

static int
literal(struct gt_state *s, const struct gt_node *nd, struct gv *out)
{
	uint32_t len;

	switch (nd->type) {
	case ND_BOOL:
		*out = gv_bool((int)nd->a);
		return 0;
	case ND_STR:
		memcpy(&len, s->t->pool.p + nd->a, 4);
		*out = gv_str(s->t->pool.p + nd->a + 4, len);
		return 0;
	case ND_NUM:
		return ideal_number(s, nd, out);
	default:
		return gt_fail(s, "nil is not a command");
	}
}

/* Go's evalArg: a node evaluated for a parameter of the given type;
 * literals must match the type, other values pass validate(). */
static int
eval_arg(struct gt_state *s, const struct gv *dot, int type, uint32_t nd,
    struct gv *out)
{
	const struct gt_node *n = ND(s, nd);
	struct gv v;

	s->pos = n->pos;
	switch (n->type) {
	case ND_DOT:
		return validate(s, dot, type, out);
	case ND_NIL:
		if (!nillable(type))
			return gt_fail(s, "cannot assign nil to %s",
			    ptype_names[type]);
		*out = gv_nil();
		return 0;
	case ND_FIELD:
		if (eval_chain(s, dot, n->pos, n->n, &no_call, &v) < 0)
			return -1;
		return validate(s, &v, type, out);
	case ND_VAR:
		if (eval_var(s, n, &no_call, &v) < 0)
			return -1;
		return validate(s, &v, type, out);
	case ND_PIPE:
		if (eval_pipeline(s, dot, nd, &v) < 0)
			return -1;
		return validate(s, &v, type, out);
	case ND_IDENT:
		if (eval_function(s, dot, nd, 0, 0, NULL, &v) < 0)
			return -1;
		return validate(s, &v, type, out);
	case ND_CHAIN:
		if (eval_arg(s, dot, PT_ANY, n->a, &v) < 0 ||
		    eval_chain(s, &v, n->pos, n->n, &no_call, &v) < 0)
			return -1;
		return validate(s, &v, type, out);
	}
	if ((type == PT_BOOL && n->type != ND_BOOL) ||
	    (type == PT_STR && n->type != ND_STR) ||
	    (type == PT_INT && (n->type != ND_NUM || !(n->flags & NF_INT))))
		return gt_fail(s, "expected %s; found a literal of another "
		    "type", type == PT_INT ? "integer" : ptype_names[type]);
	if (type == PT_MAPSS || type == PT_MAPSI || type == PT_DICT ||
	    type == PT_TIME)
		return gt_fail(s, "can't handle a literal for arg of type %s",
		    ptype_names[type]);
	if (type == PT_INT) {
		*out = gv_int(s->t->nums[n->a].i);
		return 0;
	}
	return literal(s, n, out);
}

/* and/or: the first value deciding the result, else the last. */
static int
eval_andor(struct gt_state *s, const struct gv *dot, bool isor,
    uint32_t args, int nargs, const struct gv *final, struct gv *out)
{
	uint32_t a;
	int i;

	for (i = 0, a = args; i < nargs; i++, a = ND(s, a)->next) {
		if (eval_arg(s, dot, PT_VAL, a, out) < 0)
			return -1;
		if (gt_truth(out) == isor)
			return 0;
	}
	if (final != NULL)
		return validate(s, final, PT_VAL, out);
	return 0;
}

static int
check_nargs(struct gt_state *s, const struct gt_func *f, int n)
{
	int fixed = f->variadic ? f->nparams - 1 : f->nparams;

	if (f->variadic && n < fixed)
		return gt_fail(s, "wrong number of args for %s: want at least "
		    "%d got %d", f->name, fixed, n);
	if (!f->variadic && n != fixed)
		return gt_fail(s, "wrong number of args for %s: want %d got %d",
		    f->name, fixed, n);
	return 0;
}

static int
param_type(const struct gt_func *f, int i)
{
	return i < f->nparams ? f->params[i] : f->params[f->nparams - 1];
}

/* Go's evalCall for a function of gt_funcs. */
static int
eval_function(struct gt_state *s, const struct gv *dot, uint32_t ident,
    uint32_t args, int nargs, const struct gv *final, struct gv *out)
{
	const struct gt_func *f = &gt_funcs[ND(s, ident)->a];
	int n = nargs + (final != NULL), i = 0, r;
	uint32_t pos = ND(s, ident)->pos, a;
	struct gv *argv;
	unsigned char flags = 0;

	s->pos = pos;
	if (check_nargs(s, f, n) < 0)
		return -1;
	if (strcmp(f->name, "and") == 0 || strcmp(f->name, "or") == 0)
		return eval_andor(s, dot, f->name[0] == 'o', args, nargs,
		    final, out);
	argv = ga_alloc(&s->arena, (size_t)(n > 0 ? n : 1) * sizeof(*argv));
	for (a = args; i < nargs; a = ND(s, a)->next, i++)
		if (eval_arg(s, dot, param_type(f, i), a, &argv[i]) < 0)
			return -1;
	if (final != NULL && validate(s, final, param_type(f, i),
	    &argv[i]) < 0)
		return -1;
	for (i = 0; i < n; i++)
		flags |= argv[i].flags & GVF_SECRET;
	s->pos = pos;
	*out = gv_nil();
	r = f->fn(s, argv, (size_t)n, out);
	out->flags |= flags;
	return r;
}

static int
not_a_function(struct gt_state *s, int nargs, const struct gv *final)
{
	if (nargs > 1 || final != NULL)
		return gt_fail(s, "can't give argument to non-function");
	return 0;
}

/* One command of a pipeline: nargs operands from first; final is the
 * previous command's value. */
static int
eval_command(struct gt_state *s, const struct gv *dot, uint32_t first,
    int nargs, const struct gv *final, struct gv *out)
{
	const struct gt_node *n = ND(s, first);
	struct gt_call c = { dot, n->next, nargs - 1, final };

	s->pos = n->pos;
	switch (n->type) {
	case ND_FIELD:
		return eval_chain(s, dot, n->pos, n->n, &c, out);
	case ND_CHAIN:
		if (eval_arg(s, dot, PT_ANY, n->a, out) < 0)
			return -1;
		return eval_chain(s, out, n->pos, n->n, &c, out);
	case ND_IDENT:
		return eval_function(s, dot, first, n->next, nargs - 1, final,
		    out);
	case ND_VAR:
		if (n->n == 0 && not_a_function(s, nargs, final) < 0)
			return -1;
		return eval_var(s, n, &c, out);
	}
	if (not_a_function(s, nargs, final) < 0)
		return -1;
	if (n->type == ND_PIPE)
		return eval_pipeline(s, dot, first, out);
	if (n->type == ND_DOT) {
		*out = *dot;
		return 0;
	}
	return literal(s, n, out);
}

/* A PIPE or ACTION node: its commands in turn, then its declarations. */
static int
eval_pipeline(struct gt_state *s, const struct gv *dot, uint32_t pipe,
    struct gv *out)
{
	const struct gt_node *p = ND(s, pipe);
	struct gv prev;
	uint32_t c, i;
	bool have = false;

	*out = gv_nil();
	for (c = p->a; c != 0; c = ND(s, c)->next) {
		const struct gt_node *cn = ND(s, c);
		bool cmd = cn->type == ND_CMD;

		if (eval_command(s, dot, cmd ? cn->a : c, cmd ? cn->n : 1,
		    have ? &prev : NULL, out) < 0)
			return -1;
		out->flags &= (unsigned char)~GVF_IFACE;
		prev = *out;
		have = true;
	}
	for (i = 1; i <= p->n; i++) {
		s->pos = ND(s, pipe + i)->pos;
		if (p->flags & NF_ASSIGN) {
			if (set_var(s, ND(s, pipe + i)->a, out) < 0)
				return -1;
		} else
			push_var(s, ND(s, pipe + i)->a, out);
	}
	return 0;
}

static int
emit(struct gt_state *s, const char *p, size_t n)
{
	return sink_put(s->out, p, n, s->e);
}

/* Go's printValue: "<no value>" for a missing value, unless strict. */
static int
print_value(struct gt_state *s, const struct gv *v)
{
	if (v->flags & GVF_SECRET)
		s->env->secret_used = true;
	switch (v->kind) {
	case GV_NIL:
		if (s->env->strict)
			return gt_fail(s, "missing value (strict mode)");
		return emit(s, "<no value>", 10);
	case GV_STR:
		return emit(s, v->u.s, v->len);
	case GV_CHAN:
		return gt_fail(s, "can't print a value of type <-chan int");
	default:
		buf_reset(&s->tmp);
		gt_fmt_value(s, &s->tmp, v, true);
		return emit(s, s->tmp.p, s->tmp.len);
	}
}

static int
walk_action(struct gt_state *s, const struct gv *dot, uint32_t nd)
{
	struct ga_mark m = ga_mark(&s->arena);
	struct gv v;

	if (eval_pipeline(s, dot, nd, &v) < 0)
		return -1;
	if (ND(s, nd)->n > 0)
		return 0;	/* a declaration prints nothing, keeps v */
	s->pos = ND(s, nd)->pos;
	if (print_value(s, &v) < 0)
		return -1;
	ga_release(&s->arena, m);
	return 0;
}

static int
walk_ifwith(struct gt_state *s, const struct gv *dot, uint32_t nd)
{
	const struct gt_node *n = ND(s, nd);
	struct ga_mark m = ga_mark(&s->arena);
	size_t vmark = s->nvars;
	struct gv v;
	int r;

	if (eval_pipeline(s, dot, n->a, &v) < 0)
		return -1;
	if (gt_truth(&v))
		r = walk_list(s, n->type == ND_WITH ? &v : dot,
		    PIPE_BODY(s, nd));
	else
		r = ELSE_LIST(s, nd) != 0 ? walk_list(s, dot,
		    ELSE_LIST(s, nd)) : W_OK;
	s->nvars = vmark;
	if (r >= 0 && !(n->flags & NF_HASASSIGN))
		ga_release(&s->arena, m);
	return r;
}

/* One pass of a range body: the element (and index) set, then the body;
 * variables the body declared are dropped afterwards. */
static int
range_once(struct gt_state *s, uint32_t nd, size_t vmark,
    const struct gv *idx, const struct gv *elem)
{
	const struct gt_node *n = ND(s, nd);
	unsigned ndecl = ND(s, n->a)->n;
	struct ga_mark m = ga_mark(&s->arena);
	int r;

	if (ndecl > 0)
		s->vars[vmark - 1].v = *elem;
	if (ndecl > 1)
		s->vars[vmark - 2].v = *idx;
	r = walk_list(s, elem, PIPE_BODY(s, nd));
	s->nvars = vmark;
	if (r >= 0 && !(n->flags & NF_HASASSIGN))
		ga_release(&s->arena, m);
	return r;
}

static int
range_items(struct gt_state *s, uint32_t nd, size_t vmark,
    const struct gv *v)
{
	size_t i;
	int r = W_OK;

	for (i = 0; i < v->len && r != W_BREAK && r >= 0; i++) {
		struct gv idx, elem;

		if (v->kind == GV_LIST) {
			idx = gv_int((long long)i);
			elem = v->u.items[i];
		} else {
			idx = gv_str(v->u.ents[i].k, v->u.ents[i].klen);
			elem = v->u.ents[i].v;
		}
		if (elem.kind == GV_NIL && (v->flags & GVF_ANY))
			elem.flags |= GVF_IFACE;
		elem.flags |= v->flags & GVF_SECRET;
		idx.flags |= v->flags & GVF_SECRET;
		r = range_once(s, nd, vmark, &idx, &elem);
	}
	return r < 0 ? -1 : (int)v->len;
}

/* dockerize's loop is a channel of ints; it is generated lazily here. */
static int
range_loop(struct gt_state *s, uint32_t nd, size_t vmark,
    const struct gv *v)
{
	long long i, k = 0, stop = v->u.loop[1], step = v->u.loop[2];
	int r = W_OK;

	/* Go's int wraps: i += step is done unsigned (signed overflow is
	 * undefined in C), so loop runs exactly as dockerize's does. */
	for (i = v->u.loop[0]; i < stop && r != W_BREAK; k++,
	    i = (long long)((unsigned long long)i + (unsigned long long)step)) {
		struct gv idx = gv_int(k), elem = gv_int(i);

		if ((r = range_once(s, nd, vmark, &idx, &elem)) < 0)
			return -1;
		if (k == 0x7fffffff)
			k = 0x7fffffff;
	}
	return k > 0;
}

static int
walk_range(struct gt_state *s, const struct gv *dot, uint32_t nd)
{
	const struct gt_node *n = ND(s, nd);
	struct ga_mark m = ga_mark(&s->arena);
	size_t outer = s->nvars;
	struct gv v;
	int cnt;

	if (eval_pipeline(s, dot, n->a, &v) < 0)
		return -1;
	s->pos = n->pos;
	if (v.kind == GV_ENV)
		gt_env_value(s, &v, &v);
	if (v.kind == GV_DICT) {
		struct gv tmp = v;

		v = *gt_view(&tmp, &v);
	}
	if (v.kind == GV_LIST || v.kind == GV_MAP)
		cnt = range_items(s, nd, s->nvars, &v);
	else if (v.kind == GV_CHAN)
		cnt = range_loop(s, nd, s->nvars, &v);
	else if (v.kind == GV_NIL)
		cnt = 0;
	else
		return gt_fail(s, "range can't iterate over type %s",
		    gt_typename(&v));
	if (cnt == 0 && ELSE_LIST(s, nd) != 0 &&
	    walk_list(s, dot, ELSE_LIST(s, nd)) < 0)
		cnt = -1;
	s->nvars = outer;
	if (cnt >= 0 && !(n->flags & NF_HASASSIGN))
		ga_release(&s->arena, m);
	return cnt < 0 ? -1 : W_OK;
}

/* {{template "name" pipeline}}: the body with dot and $ the pipeline's
 * value and no other variable (Go has no dynamic scoping); variables the
 * pipeline declares stay in the caller's scope. */
static int
walk_template(struct gt_state *s, const struct gv *dot, uint32_t nd)
{
	const struct gt_node *n = ND(s, nd);
	uint32_t name = n->a, pipe = ND(s, name)->next;
	struct ga_mark m = ga_mark(&s->arena);
	size_t base = s->varbase, vmark;
	struct gv v = gv_nil();
	int r;

	if (n->n == 0) {
		uint32_t len;
		struct buf q = BUF_INIT;

		memcpy(&len, s->t->pool.p + ND(s, name)->a, 4);
		gt_quote(&q, s->t->pool.p + ND(s, name)->a + 4, len, false);
		r = gt_fail(s, "template %s not defined", buf_str(&q));
		buf_free(&q);
		return r;
	}
	if (s->depth >= GT_MAX_EXEC)
		return gt_fail(s, "exceeded maximum template depth (%u)",
		    GT_MAX_EXEC);
	if (++s->calls > GT_MAX_CALLS)
		return gt_fail(s, "more than %u template calls", GT_MAX_CALLS);
	if (pipe != 0 && eval_pipeline(s, dot, pipe, &v) < 0)
		return -1;
	v.flags &= (unsigned char)~GVF_IFACE;
	vmark = s->nvars;
	s->varbase = vmark;
	push_var(s, 0, &v);
	r = walk_list(s, &v, s->t->defs[n->n - 1].root);
	s->nvars = vmark;
	s->varbase = base;
	if (r >= 0 && (pipe == 0 || ND(s, pipe)->n == 0))
		ga_release(&s->arena, m);
	return r < 0 ? -1 : W_OK;
}

static int
walk_list(struct gt_state *s, const struct gv *dot, uint32_t list)
{
	uint32_t nd;
	int r = W_OK;

	if (s->depth >= GT_MAX_EXEC)
		return gt_fail(s, "exceeded maximum template depth (%u)",
		    GT_MAX_EXEC);
	s->depth++;
	for (nd = ND(s, list)->a; nd != 0 && r == W_OK;
	    nd = ND(s, nd)->next) {
		const struct gt_node *n = ND(s, nd);

		s->pos = n->pos;
		switch (n->type) {
		case ND_TEXT:
			r = emit(s, s->t->text + n->pos, n->a);
			break;
		case ND_ACTION:
			r = walk_action(s, dot, nd);
			break;
		case ND_IF:
		case ND_WITH:
			r = walk_ifwith(s, dot, nd);
			break;
		case ND_RANGE:
			r = walk_range(s, dot, nd);
			break;
		case ND_BREAK:
			r = W_BREAK;
			break;
		case ND_CONTINUE:
			r = W_CONTINUE;
			break;
		case ND_TEMPLATE:
			r = walk_template(s, dot, nd);
			break;
		}
	}
	s->depth--;
	return r;
}

int
gotmpl_exec(const struct gotmpl *t, struct gotmpl_env *env,
    const struct sink *out, struct err *e)
{
	struct gt_state s;
	struct gv root;
	size_t i;
	int r;

	memset(&s, 0, sizeof(s));
	s.t = t;
	s.env = env;
	s.out = out;
	s.e = e;
	root.kind = GV_ROOT;
	root.flags = 0;
	root.len = 0;
	root.u.s = NULL;
	push_var(&s, 0, &root);
	r = walk_list(&s, &root, t->root);
	ga_free(&s.arena);
	ga_free(&s.keep);
	free(s.vars);
	for (i = 0; i < s.nenvents; i++)
		free((char *)s.envents[i].k);
	free(s.envents);
	buf_free(&s.tmp);
	return r < 0 ? -1 : 0;
}
