/* fuzz_plan: the plan lexer and parser (plan_parse, plan_validate) on
 * any text. Every ${...} piece it keeps must be one whole expression, as
 * expand_span measures it, so that run time never re-parses garbage. */
#include "fuzz.h"
#include "expand.h"
#include "plan.h"

static void
check_word(const struct word *w)
{
	size_t i;

	for (i = 0; i < w->nsegs; i++) {
		const struct seg *sg = &w->segs[i];
		struct err e = ERR_INIT;

		FZ_CHECK(sg->line > 0 && sg->col > 0);
		if (!sg->expr)
			continue;
		FZ_CHECK(sg->len >= 3 && sg->text[0] == '$' &&
		    sg->text[1] == '{' && sg->text[sg->len - 1] == '}');
		FZ_CHECK(expand_span(sg->text, sg->len, &e) == (long)sg->len);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct plan p;
	struct err e = ERR_INIT;
	size_t i, j;
	int n;

	memset(&p, 0, sizeof(p));
	n = plan_parse(&p, "fuzz", (const char *)data, size, NULL, &e);
	FZ_CHECK(n >= 0);
	FZ_CHECK((n == 0) == (e.kind == ERR_NONE));
	FZ_CHECK(n == 0 || e.kind == ERR_PLAN);
	for (i = 0; i < p.n; i++) {
		const struct step *s = &p.steps[i];

		FZ_CHECK(s->verb < VERB_COUNT && s->line > 0);
		for (j = 0; j < s->nargs; j++)
			check_word(&s->args[j]);
		for (j = 0; j < s->ncmd; j++)
			check_word(&s->cmd[j]);
		for (j = 0; j < s->nopts; j++) {
			FZ_CHECK(lang_verb_opt(s->verb, s->opts[j].name,
			    strlen(s->opts[j].name)) != NULL);
			check_word(&s->opts[j].value);
		}
	}
	if (n == 0) {
		err_clear(&e);
		plan_validate(&p, &e);
	}
	plan_free(&p);
	return 0;
}
