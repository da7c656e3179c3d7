/* gotmpl_parse: tokens to the node array, following the grammar of Go's
 * text/template parser (parse.go) so that what Go rejects at parse time is
 * rejected here too: unknown functions, undefined variables, misplaced
 * else/end/break. Literals are converted here, once. */
#include <stdlib.h>
#include <string.h>

#include "int.h"
#include "xalloc.h"

struct parser {
	struct gotmpl *t;
	struct gt_lexer lx;
	struct err *e;
	struct gt_token back[4];	/* pushed-back tokens, a stack */
	int nback;
	uint32_t *scope;		/* ids of the variables in scope */
	size_t nscope, capscope;
	size_t scopebase;		/* a define/block body's first */
	int rangedepth, depth;
	unsigned nassign;		/* "=" pipelines seen so far */
};

/* What an action turned out to be. */
enum { ACT_NODE, ACT_END, ACT_ELSE, ACT_ELSEIF };

static uint32_t parse_pipeline(struct parser *p, const char *ctx,
    enum gt_tok end, enum gt_ntype type);
static int parse_items(struct parser *p, uint32_t *list, bool top);
static uint32_t parse_if(struct parser *p, const struct gt_token *kw);
static uint32_t parse_template(struct parser *p, bool block);
static int parse_define(struct parser *p);
int gt_unquote(struct buf *out, const char *s, size_t n, char q);
int gt_parse_number(struct gotmpl *t, struct gt_node *nd, const char *s,
    size_t n, bool ischar);

static int
perr(struct parser *p, uint32_t pos, const char *msg, const char *arg)
{
	return gt_errorf(p->e, p->t->name, p->t->text, pos, "%s%s", msg,
	    arg != NULL ? arg : "");
}

static uint32_t
new_node(struct parser *p, enum gt_ntype type, uint32_t pos)
{
	struct gotmpl *t = p->t;
	struct gt_node *nd;

	if (t->nnodes == t->capnodes)
		t->nodes = xgrow(t->nodes, &t->capnodes, t->nnodes + 1,
		    sizeof(*t->nodes));
	nd = &t->nodes[t->nnodes];
	nd->type = (unsigned char)type;
	nd->flags = 0;
	nd->n = 0;
	nd->pos = pos;
	nd->a = 0;
	nd->next = 0;
	return (uint32_t)t->nnodes++;
}

#define N(p, i)	(&(p)->t->nodes[(i)])

/* Append child to a chain whose head is *head; *tail tracks the end. */
static void
link_child(struct parser *p, uint32_t *head, uint32_t *tail, uint32_t child)
{
	if (*head == 0)
		*head = child;
	else
		N(p, *tail)->next = child;
	*tail = child;
}

static int
next(struct parser *p, struct gt_token *tk)
{
	if (p->nback > 0) {
		*tk = p->back[--p->nback];
		return 0;
	}
	return gt_lex_next(&p->lx, tk);
}

static void
backup(struct parser *p, const struct gt_token *tk)
{
	p->back[p->nback++] = *tk;
}

static int
next_nonspace(struct parser *p, struct gt_token *tk)
{
	do {
		if (next(p, tk) < 0)
			return -1;
	} while (tk->type == TK_SPACE);
	return 0;
}

static int
peek_nonspace(struct parser *p, struct gt_token *tk)
{
	if (next_nonspace(p, tk) < 0)
		return -1;
	backup(p, tk);
	return 0;
}

static int
unexpected(struct parser *p, const struct gt_token *tk, const char *ctx)
{
	if (tk->type == TK_RDELIM)
		return perr(p, tk->pos, "unexpected right delimiter in ",
		    ctx);
	if (tk->type == TK_EOF)
		return perr(p, tk->pos, "unexpected EOF in ", ctx);
	return perr(p, tk->pos, "unexpected token in ", ctx);
}

static int
expect(struct parser *p, enum gt_tok type, const char *ctx)
{
	struct gt_token tk;

	if (next_nonspace(p, &tk) < 0)
		return -1;
	if (tk.type != type)
		return unexpected(p, &tk, ctx);
	return 0;
}

/* The id of variable name[0..n), interned in t->vars. */
static uint32_t
var_id(struct parser *p, uint32_t pos, uint32_t n)
{
	struct gotmpl *t = p->t;
	size_t i;

	if (n == 1)
		return 0;	/* "$" alone: the root */
	for (i = 0; i < t->nvars; i++)
		if (t->vars[2 * i + 1] == n &&
		    memcmp(t->text + t->vars[2 * i], t->text + pos, n) == 0)
			return (uint32_t)i;
	if (2 * t->nvars + 2 > t->capvars)
		t->vars = xgrow(t->vars, &t->capvars, 2 * t->nvars + 2,
		    sizeof(*t->vars));
	t->vars[2 * t->nvars] = pos;
	t->vars[2 * t->nvars + 1] = n;
	return (uint32_t)t->nvars++;
}

static void
declare(struct parser *p, uint32_t id)
{
	if (p->nscope == p->capscope)
		p->scope = xgrow(p->scope, &p->capscope, p->nscope + 1,
		    sizeof(*p->scope));
	p->scope[p->nscope++] = id;
}

/* Length of the variable name at the start of a $var token. */
static uint32_t
var_len(const struct gt_token *tk)
{
	return tk->len;
}

/* The .A.B accesses right after a term, as one span of the text (they
 * are adjacent tokens). Returns the span's length, 0 for none, -1. */
static int
parse_names(struct parser *p, uint32_t *start)
{
	struct gt_token tk;
	uint32_t end = 0;

	for (;;) {
		if (next(p, &tk) < 0)
			return -1;
		if (tk.type != TK_FIELD) {
			backup(p, &tk);
			break;
		}
		if (end == 0)
			*start = tk.pos;
		end = tk.pos + tk.len;
	}
	if (end == 0)
		return 0;
	if (end - *start > 0xffff)
		return perr(p, *start, "field chain too long", NULL);
	return (int)(end - *start);
}

static uint32_t
term_var(struct parser *p, const struct gt_token *tk)
{
	uint32_t id = var_id(p, tk->pos, var_len(tk)), nd;
	size_t i;

	for (i = p->scopebase; i < p->nscope && id != 0; i++)
		if (p->scope[i] == id)
			break;
	if (i == p->nscope && id != 0) {
		gt_errorf(p->e, p->t->name, p->t->text, tk->pos,
		    "undefined variable \"%.*s\"", (int)tk->len,
		    p->t->text + tk->pos);
		return 0;
	}
	nd = new_node(p, ND_VAR, tk->pos);
	N(p, nd)->a = id;
	return nd;
}

static uint32_t
term_literal(struct parser *p, const struct gt_token *tk)
{
	uint32_t nd;

	if (tk->type == TK_STRING || tk->type == TK_RAW) {
		struct buf *pool = &p->t->pool;
		size_t off = pool->len;
		uint32_t n;

		buf_add(pool, "\0\0\0", 4);	/* the length, set below */
		if (gt_unquote(pool, p->t->text + tk->pos, tk->len,
		    p->t->text[tk->pos]) < 0) {
			perr(p, tk->pos, "invalid syntax in quoted string",
			    NULL);
			return 0;
		}
		n = (uint32_t)(pool->len - off - 4);
		memcpy(pool->p + off, &n, 4);
		buf_addc(pool, '\0');	/* C strings for paths */
		nd = new_node(p, ND_STR, tk->pos);
		N(p, nd)->a = (uint32_t)off;
		return nd;
	}
	nd = new_node(p, ND_NUM, tk->pos);
	if (gt_parse_number(p->t, N(p, nd), p->t->text + tk->pos, tk->len,
	    tk->type == TK_CHAR) < 0) {
		perr(p, tk->pos, "illegal number syntax", NULL);
		return 0;
	}
	return nd;
}

static uint32_t
term_ident(struct parser *p, const struct gt_token *tk)
{
	int f = gt_func_find(p->t->text + tk->pos, tk->len);
	uint32_t nd;

	if (f < 0) {
		gt_errorf(p->e, p->t->name, p->t->text, tk->pos,
		    "function \"%.*s\" not defined", (int)tk->len,
		    p->t->text + tk->pos);
		return 0;
	}
	nd = new_node(p, ND_IDENT, tk->pos);
	N(p, nd)->a = (uint32_t)f;
	return nd;
}

/* term: a literal, function, ., .Field, $var or ( pipeline ). Returns 0
 * with *none set when the next token is no term, 0 on error. */
static uint32_t
parse_term(struct parser *p, bool *none)
{
	struct gt_token tk;
	uint32_t nd;

	*none = false;
	if (next_nonspace(p, &tk) < 0)
		return 0;
	switch (tk.type) {
	case TK_IDENT:
		return term_ident(p, &tk);
	case TK_DOT:
	case TK_NIL:
		return new_node(p, tk.type == TK_DOT ? ND_DOT : ND_NIL, tk.pos);
	case TK_VAR:
		return term_var(p, &tk);
	case TK_FIELD:
		backup(p, &tk);
		return new_node(p, ND_FIELD, tk.pos);
	case TK_BOOL:
		nd = new_node(p, ND_BOOL, tk.pos);
		N(p, nd)->a = p->t->text[tk.pos] == 't';
		return nd;
	case TK_CHAR:
	case TK_NUMBER:
	case TK_STRING:
	case TK_RAW:
		return term_literal(p, &tk);
	case TK_LPAREN:
		if (++p->depth > GT_MAX_DEPTH) {
			perr(p, tk.pos, "nesting too deep", NULL);
			return 0;
		}
		nd = parse_pipeline(p, "parenthesized pipeline", TK_RPAREN,
		    ND_PIPE);
		p->depth--;
		return nd;
	default:
		backup(p, &tk);
		*none = true;
		return 0;
	}
}

/* operand: a term followed by .Field accesses. */
static uint32_t
parse_operand(struct parser *p, bool *none)
{
	uint32_t nd = parse_term(p, none), start = 0, chain;
	struct gt_node *n;
	int len;

	if (nd == 0 || (len = parse_names(p, &start)) < 0)
		return 0;
	n = N(p, nd);
	if (n->type == ND_FIELD || n->type == ND_VAR) {
		n->n = (unsigned short)len;
		return nd;
	}
	if (len == 0)
		return nd;
	if (n->type != ND_PIPE && n->type != ND_IDENT) {
		perr(p, start, "unexpected . after term", NULL);
		return 0;
	}
	chain = new_node(p, ND_CHAIN, start);
	N(p, chain)->a = nd;
	N(p, chain)->n = (unsigned short)len;
	return chain;
}

/* A regex function called with a literal pattern: the pattern is
 * checked now, so that `check` reports what the engine refuses. */
static int
check_regex(struct parser *p, uint32_t head)
{
	const struct gt_node *f = N(p, head), *a = N(p, f->next);
	const char *name;
	char msg[400];
	uint32_t len;

	if (f->type != ND_IDENT || a->type != ND_STR)
		return 0;
	name = gt_funcs[f->a].name;
	if ((strncmp(name, "regex", 5) != 0 &&
	    strncmp(name, "mustRegex", 9) != 0) ||
	    strcmp(name, "regexQuoteMeta") == 0)
		return 0;
	memcpy(&len, p->t->pool.p + a->a, 4);
	if (gt_re_check(name, p->t->pool.p + a->a + 4, len, msg,
	    sizeof(msg)) < 0)
		return gt_errorf(p->e, p->t->name, p->t->text, a->pos, "%s",
		    msg);
	return 0;
}

/* command: operands separated by spaces, up to '|', ')' or the delim.
 * A command of one operand is that operand's node itself. */
static uint32_t
parse_command(struct parser *p)
{
	struct gt_token tk;
	uint32_t cmd, head = 0, tail = 0, pos;
	int n = 0;

	if (peek_nonspace(p, &tk) < 0)
		return 0;
	pos = tk.pos;
	for (;;) {
		bool none;
		uint32_t op;

		if (peek_nonspace(p, &tk) < 0)
			return 0;
		op = parse_operand(p, &none);
		if (op == 0 && !none)
			return 0;
		if (op != 0 && ++n > 0xffff) {
			perr(p, tk.pos, "too many arguments", NULL);
			return 0;
		}
		if (op != 0)
			link_child(p, &head, &tail, op);
		if (next(p, &tk) < 0)
			return 0;
		if (tk.type == TK_SPACE)
			continue;
		if (tk.type == TK_RDELIM || tk.type == TK_RPAREN)
			backup(p, &tk);
		else if (tk.type != TK_PIPE) {
			unexpected(p, &tk, "operand");
			return 0;
		}
		break;
	}
	if (n == 0) {
		perr(p, pos, "empty command", NULL);
		return 0;
	}
	if (n == 1)
		return head;
	if (check_regex(p, head) < 0)
		return 0;
	cmd = new_node(p, ND_CMD, pos);
	N(p, cmd)->a = head;
	N(p, cmd)->n = (unsigned short)n;
	return cmd;
}

static int
check_pipeline(struct parser *p, uint32_t pipe, const char *ctx)
{
	uint32_t c = N(p, pipe)->a;
	int stage = 1;

	if (c == 0)
		return perr(p, N(p, pipe)->pos, "missing value for ", ctx);
	for (c = N(p, c)->next; c != 0; c = N(p, c)->next) {
		int t = N(p, c)->type == ND_CMD ? N(p, N(p, c)->a)->type :
		    N(p, c)->type;

		stage++;
		if (t == ND_BOOL || t == ND_DOT || t == ND_NIL ||
		    t == ND_NUM || t == ND_STR)
			return gt_errorf(p->e, p->t->name, p->t->text,
			    N(p, c)->pos,
			    "non executable command in pipeline stage %d",
			    stage);
	}
	return 0;
}

static bool
starts_operand(enum gt_tok t)
{
	switch (t) {
	case TK_BOOL: case TK_CHAR: case TK_DOT: case TK_FIELD:
	case TK_IDENT: case TK_NUMBER: case TK_NIL: case TK_RAW:
	case TK_STRING: case TK_VAR: case TK_LPAREN:
		return true;
	default:
		return false;
	}
}

/* A declared variable: DECL nodes follow their pipe in the array. */
static int
add_decl(struct parser *p, uint32_t pipe, const struct gt_token *v)
{
	uint32_t d = new_node(p, ND_DECL, v->pos), id;

	id = var_id(p, v->pos, var_len(v));
	N(p, d)->a = id;
	N(p, pipe)->n++;
	declare(p, id);
	return 0;
}

/* Declarations: "$x :=", "$x =", and in range "$i, $v :=". Returns 1 when
 * a second range variable follows, 0 when done, -1 on error. */
static int
parse_decl(struct parser *p, uint32_t pipe, const char *ctx)
{
	struct gt_token v, after, nx;

	if (peek_nonspace(p, &v) < 0)
		return -1;
	if (v.type != TK_VAR)
		return 0;
	if (next(p, &v) < 0 || next(p, &after) < 0)
		return -1;
	backup(p, &after);
	if (peek_nonspace(p, &nx) < 0)
		return -1;
	if (nx.type == TK_ASSIGN || nx.type == TK_DECLARE) {
		next_nonspace(p, &nx);
		if (nx.type == TK_ASSIGN) {
			N(p, pipe)->flags |= NF_ASSIGN;
			p->nassign++;
		}
		return add_decl(p, pipe, &v);
	}
	if (nx.type == TK_OTHER && p->t->text[nx.pos] == ',') {
		next_nonspace(p, &nx);
		add_decl(p, pipe, &v);
		if (strcmp(ctx, "range") == 0 && N(p, pipe)->n < 2) {
			if (peek_nonspace(p, &nx) < 0)
				return -1;
			if (nx.type == TK_VAR || nx.type == TK_RDELIM ||
			    nx.type == TK_RPAREN)
				return 1;
			return perr(p, nx.pos,
			    "range can only initialize variables", NULL);
		}
		return perr(p, nx.pos, "too many declarations in ", ctx);
	}
	if (after.type == TK_SPACE) {
		/* "$x foo": an argument after all; put both back. */
		p->nback--;
		backup(p, &nx);
		backup(p, &after);
	}
	backup(p, &v);
	return 0;
}

/* pipeline: declarations? command ('|' command)* up to end. The node
 * made is of type (an ACTION or a PIPE). */
static uint32_t
parse_pipeline(struct parser *p, const char *ctx, enum gt_tok end,
    enum gt_ntype type)
{
	struct gt_token tk;
	uint32_t pipe, chead = 0, ctail = 0;
	int r;

	if (peek_nonspace(p, &tk) < 0)
		return 0;
	pipe = new_node(p, type, tk.pos);
	while ((r = parse_decl(p, pipe, ctx)) == 1)
		;
	if (r < 0)
		return 0;
	for (;;) {
		uint32_t cmd;

		if (next_nonspace(p, &tk) < 0)
			return 0;
		if (tk.type == end)
			break;
		if (!starts_operand(tk.type)) {
			unexpected(p, &tk, ctx);
			return 0;
		}
		backup(p, &tk);
		if ((cmd = parse_command(p)) == 0)
			return 0;
		link_child(p, &chead, &ctail, cmd);
	}
	N(p, pipe)->a = chead;
	if (check_pipeline(p, pipe, ctx) < 0)
		return 0;
	return pipe;
}

/* if/with/range: pipeline, body, optional else (or "else if" for if). */
static uint32_t
parse_control(struct parser *p, enum gt_ntype type, const char *ctx,
    uint32_t pos)
{
	size_t mark = p->nscope;
	unsigned assigns = p->nassign;
	uint32_t nd, pipe, list, elist = 0;
	int r;

	if (++p->depth > GT_MAX_DEPTH) {
		perr(p, pos, "nesting too deep", NULL);
		return 0;
	}
	if ((pipe = parse_pipeline(p, ctx, TK_RDELIM, ND_PIPE)) == 0)
		return 0;
	p->rangedepth += type == ND_RANGE;
	r = parse_items(p, &list, false);
	p->rangedepth -= type == ND_RANGE;
	if (r < 0)
		return 0;
	if (r == ACT_ELSEIF && type == ND_IF) {
		struct gt_token kw;
		uint32_t ifn;

		next_nonspace(p, &kw);
		elist = new_node(p, ND_LIST, kw.pos);
		if ((ifn = parse_if(p, &kw)) == 0)
			return 0;
		N(p, elist)->a = ifn;
	} else if (r == ACT_ELSE || r == ACT_ELSEIF) {
		if ((r = parse_items(p, &elist, false)) < 0)
			return 0;
		if (r != ACT_END) {
			perr(p, pos, "expected end; found else", NULL);
			return 0;
		}
	}
	p->nscope = mark;
	p->depth--;
	nd = new_node(p, type, pos);
	N(p, nd)->a = pipe;
	N(p, pipe)->next = list;
	N(p, list)->next = elist;
	if (p->nassign != assigns)
		N(p, nd)->flags |= NF_HASASSIGN;
	return nd;
}

static uint32_t
parse_if(struct parser *p, const struct gt_token *kw)
{
	return parse_control(p, ND_IF, "if", kw->pos);
}

static int
parse_loopjump(struct parser *p, const struct gt_token *kw, uint32_t *out)
{
	bool brk = kw->type == TK_BREAK;

	if (expect(p, TK_RDELIM, brk ? "{{break}}" : "{{continue}}") < 0)
		return -1;
	if (p->rangedepth == 0)
		return perr(p, kw->pos, brk ? "{{break}} outside {{range}}" :
		    "{{continue}} outside {{range}}", NULL);
	*out = new_node(p, brk ? ND_BREAK : ND_CONTINUE, kw->pos);
	return ACT_NODE;
}

/* Go's IsEmptyTree on a body: nothing but text that bytes.TrimSpace
 * empties (comments leave no node here). */
static bool
space_rune(const unsigned char *s, size_t n, size_t *w)
{
	static const char *const wide[] = { "\xc2\x85", "\xc2\xa0",
	    "\xe1\x9a\x80", "\xe2\x80\xa8", "\xe2\x80\xa9", "\xe2\x80\xaf",
	    "\xe2\x81\x9f", "\xe3\x80\x80" };
	size_t i;

	*w = 1;
	if (strchr("\t\n\v\f\r ", s[0]) != NULL && s[0] != '\0')
		return true;
	if (n >= 3 && s[0] == 0xe2 && s[1] == 0x80 && s[2] >= 0x80 &&
	    s[2] <= 0x8a) {
		*w = 3;	/* U+2000..U+200A */
		return true;
	}
	for (i = 0; i < sizeof(wide) / sizeof(wide[0]); i++) {
		*w = strlen(wide[i]);
		if (n >= *w && memcmp(s, wide[i], *w) == 0)
			return true;
	}
	return false;
}

static bool
empty_tree(struct parser *p, uint32_t list)
{
	uint32_t nd;

	for (nd = N(p, list)->a; nd != 0; nd = N(p, nd)->next) {
		const unsigned char *s;
		size_t i, w;

		if (N(p, nd)->type != ND_TEXT)
			return false;
		s = (const unsigned char *)p->t->text + N(p, nd)->pos;
		for (i = 0; i < N(p, nd)->a; i += w)
			if (!space_rune(s + i, N(p, nd)->a - i, &w))
				return false;
	}
	return true;
}

static bool
def_name_is(const struct gotmpl *t, uint32_t off, const char *name,
    uint32_t n)
{
	uint32_t len;

	memcpy(&len, t->pool.p + off, 4);
	return len == n && memcmp(t->pool.p + off + 4, name, n) == 0;
}

/* Go's Tree.add: a second body for a name replaces an empty first one,
 * an empty second one is dropped, two non-empty ones are an error. */
static int
add_def(struct parser *p, uint32_t name, uint32_t root, uint32_t pos)
{
	struct gotmpl *t = p->t;
	uint32_t n;
	size_t i;

	memcpy(&n, t->pool.p + name, 4);
	for (i = 0; i < t->ndefs; i++)
		if (def_name_is(t, t->defs[i].name, t->pool.p + name + 4, n))
			break;
	if (i < t->ndefs && !empty_tree(p, t->defs[i].root)) {
		struct buf q = BUF_INIT;
		int r = 0;

		if (!empty_tree(p, root)) {
			gt_quote(&q, t->pool.p + name + 4, n, false);
			r = gt_errorf(p->e, t->name, t->text, pos,
			    "template: multiple definition of template %s",
			    buf_str(&q));
		}
		buf_free(&q);
		return r;
	}
	if (i == t->ndefs) {
		if (t->ndefs == t->capdefs)
			t->defs = xgrow(t->defs, &t->capdefs, t->ndefs + 1,
			    sizeof(*t->defs));
		t->ndefs++;
	}
	t->defs[i].name = name;
	t->defs[i].root = root;
	return 0;
}

/* A define or block body: its own variables ($ only, as a new Tree's
 * are) and no enclosing range, up to its {{end}}. */
static int
parse_body(struct parser *p, uint32_t *list, const char *ctx,
    uint32_t pos)
{
	size_t base = p->scopebase, mark = p->nscope;
	int rd = p->rangedepth, r;

	p->scopebase = p->nscope;
	p->rangedepth = 0;
	r = parse_items(p, list, false);
	p->scopebase = base;
	p->nscope = mark;
	p->rangedepth = rd;
	if (r == ACT_ELSE || r == ACT_ELSEIF)
		return perr(p, pos, "unexpected {{else}} in ", ctx);
	return r < 0 ? -1 : 0;
}

/* The quoted name after define, template or block: a STR node. */
static uint32_t
parse_tname(struct parser *p, const char *ctx)
{
	struct gt_token tk;

	if (next_nonspace(p, &tk) < 0)
		return 0;
	if (tk.type != TK_STRING && tk.type != TK_RAW) {
		unexpected(p, &tk, ctx);
		return 0;
	}
	return term_literal(p, &tk);
}

/* {{define "name"}}...{{end}}, at the top level only. */
static int
parse_define(struct parser *p)
{
	uint32_t name, list;

	if ((name = parse_tname(p, "define clause")) == 0 ||
	    expect(p, TK_RDELIM, "define clause") < 0 ||
	    parse_body(p, &list, "define clause", N(p, name)->pos) < 0)
		return -1;
	return add_def(p, N(p, name)->a, list, N(p, name)->pos);
}

/* {{template "name" [pipeline]}} and {{block "name" pipeline}}...{{end}}
 * (a define of the body, then a template of it). */
static uint32_t
parse_template(struct parser *p, bool block)
{
	const char *ctx = block ? "block clause" : "template clause";
	struct gt_token tk;
	uint32_t name, pipe = 0, nd, list;

	if ((name = parse_tname(p, ctx)) == 0 || peek_nonspace(p, &tk) < 0)
		return 0;
	if (block || tk.type != TK_RDELIM) {
		if ((pipe = parse_pipeline(p, ctx, TK_RDELIM, ND_PIPE)) == 0)
			return 0;
	} else
		next_nonspace(p, &tk);
	if (block && (parse_body(p, &list, ctx, N(p, name)->pos) < 0 ||
	    add_def(p, N(p, name)->a, list, N(p, name)->pos) < 0))
		return 0;
	nd = new_node(p, ND_TEMPLATE, N(p, name)->pos);
	N(p, nd)->a = name;
	N(p, name)->next = pipe;
	return nd;
}

/* After the parse: the main template joins the set under its name (as
 * Go's Parse adds it last), then every {{template}} finds its body. */
static int
resolve_templates(struct parser *p)
{
	struct gotmpl *t = p->t;
	size_t nlen = strlen(t->name), i, j;
	uint32_t off = (uint32_t)t->pool.len, n = (uint32_t)nlen;

	if (nlen > GT_MAX_SIZE)
		return perr(p, 0, "template name too long", NULL);
	buf_add(&t->pool, &n, 4);
	buf_add(&t->pool, t->name, nlen);
	buf_addc(&t->pool, '\0');
	if (add_def(p, off, t->root, 0) < 0)
		return -1;
	for (i = 0; i < t->ndefs; i++)
		if (def_name_is(t, t->defs[i].name, t->name, n))
			t->root = t->defs[i].root;
	if (t->ndefs >= 0xffff)
		return perr(p, 0, "more than 65534 templates", NULL);
	for (i = 1; i < t->nnodes; i++) {
		struct gt_node *nd = &t->nodes[i];
		uint32_t s, len;

		if (nd->type != ND_TEMPLATE)
			continue;
		s = t->nodes[nd->a].a;
		memcpy(&len, t->pool.p + s, 4);
		for (j = 0; j < t->ndefs; j++)
			if (def_name_is(t, t->defs[j].name, t->pool.p + s + 4,
			    len))
				nd->n = (unsigned short)(j + 1);
	}
	return 0;
}

/* After "{{": a control word or a pipeline to print. */
static int
parse_action(struct parser *p, uint32_t *out)
{
	struct gt_token tk;

	if (next_nonspace(p, &tk) < 0)
		return -1;
	switch (tk.type) {
	case TK_IF:
	case TK_WITH:
	case TK_RANGE:
		*out = parse_control(p, tk.type == TK_IF ? ND_IF :
		    tk.type == TK_WITH ? ND_WITH : ND_RANGE,
		    tk.type == TK_IF ? "if" : tk.type == TK_WITH ? "with" :
		    "range", tk.pos);
		return *out == 0 ? -1 : ACT_NODE;
	case TK_ELSE:
		if (peek_nonspace(p, &tk) < 0)
			return -1;
		if (tk.type == TK_IF)
			return ACT_ELSEIF;
		return expect(p, TK_RDELIM, "else") < 0 ? -1 : ACT_ELSE;
	case TK_END:
		return expect(p, TK_RDELIM, "end") < 0 ? -1 : ACT_END;
	case TK_BREAK:
	case TK_CONTINUE:
		return parse_loopjump(p, &tk, out);
	case TK_TEMPLATE:
	case TK_BLOCK:
		*out = parse_template(p, tk.type == TK_BLOCK);
		return *out == 0 ? -1 : ACT_NODE;
	default:
		break;
	}
	backup(p, &tk);
	if ((*out = parse_pipeline(p, "command", TK_RDELIM, ND_ACTION)) == 0)
		return -1;
	return ACT_NODE;
}

/* 1 when the action just opened is a define (consumed), 0, or -1. */
static int
is_define(struct parser *p)
{
	struct gt_token tk;

	if (next_nonspace(p, &tk) < 0)
		return -1;
	if (tk.type == TK_DEFINE)
		return 1;
	backup(p, &tk);
	return 0;
}

/* Text and actions up to {{end}}, {{else}} or (top only) the end of
 * input. Returns the ACT_ code that ended the list, or -1. */
static int
parse_items(struct parser *p, uint32_t *list, bool top)
{
	struct gt_token tk;
	uint32_t head = 0, tail = 0, nd = 0;
	int r;

	if (peek_nonspace(p, &tk) < 0)
		return -1;
	*list = new_node(p, ND_LIST, tk.pos);
	for (;;) {
		if (next_nonspace(p, &tk) < 0)
			return -1;
		if (tk.type == TK_EOF && top)
			break;
		if (tk.type == TK_EOF)
			return perr(p, tk.pos, "unexpected EOF", NULL);
		if (tk.type == TK_TEXT) {
			nd = new_node(p, ND_TEXT, tk.pos);
			N(p, nd)->a = tk.len;
		} else if (tk.type == TK_LDELIM && top &&
		    (r = is_define(p)) != 0) {
			if (r < 0 || parse_define(p) < 0)
				return -1;
			continue;
		} else if (tk.type != TK_LDELIM)
			return unexpected(p, &tk, "input");
		else if ((r = parse_action(p, &nd)) < 0)
			return -1;
		else if (r != ACT_NODE && top)
			return perr(p, tk.pos, r == ACT_END ?
			    "unexpected {{end}}" : "unexpected {{else}}", NULL);
		else if (r != ACT_NODE) {
			N(p, *list)->a = head;
			return r;
		}
		link_child(p, &head, &tail, nd);
	}
	N(p, *list)->a = head;
	return ACT_END;
}

static int
check_text(const char *name, const char *text, size_t len, struct err *e)
{
	const char *z;

	if (len > GT_MAX_SIZE)
		return err_set(e, ERR_PLAN, 0, "%s: template larger than %u "
		    "MiB", name, GT_MAX_SIZE >> 20);
	if (len > 0 && (z = memchr(text, '\0', len)) != NULL)
		return gt_errorf(e, name, text, (size_t)(z - text),
		    "NUL byte in template");
	return 0;
}

struct gotmpl *
gotmpl_parse(const char *name, const char *text, size_t len,
    const char *ldelim, const char *rdelim, struct err *e)
{
	struct gotmpl *t;
	struct parser p;

	if (check_text(name, text, len, e) < 0)
		return NULL;
	t = xcalloc(1, sizeof(*t));
	t->name = name;
	t->text = xmalloc(len + 1);
	if (len > 0)
		memcpy(t->text, text, len);
	t->text[len] = '\0';
	t->len = len;
	/* A guess that rarely needs growing: untouched pages cost nothing. */
	t->capnodes = len / 8 + 64;
	t->nodes = xmalloc(t->capnodes * sizeof(*t->nodes));
	memset(&p, 0, sizeof(p));
	p.t = t;
	p.e = e;
	gt_lex_init(&p.lx, name, t->text, len, ldelim, rdelim, e);
	new_node(&p, ND_NONE, 0);	/* index 0 means "none" */
	declare(&p, var_id(&p, 0, 0));	/* "$", the root, is id 0 */
	if (parse_items(&p, &t->root, true) < 0 ||
	    resolve_templates(&p) < 0) {
		free(p.scope);
		gotmpl_free(t);
		return NULL;
	}
	free(p.scope);
	return t;
}

void
gotmpl_free(struct gotmpl *t)
{
	if (t == NULL)
		return;
	free(t->text);
	free(t->nodes);
	free(t->nums);
	free(t->vars);
	free(t->defs);
	buf_free(&t->pool);
	free(t);
}
