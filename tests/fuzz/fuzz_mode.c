/* fuzz_mode: symbolic and octal modes (mode_parse, mode_apply). The
 * first two bytes are a current mode, the third says directory or not;
 * the rest is the mode text. A result never leaves 07777; an octal mode
 * is exact whatever the current mode. */
#include "fuzz.h"
#include "mode.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mode_spec m;
	struct err e = ERR_INIT;
	mode_t cur, got;
	bool isdir;
	char *s;

	if (size < 3)
		return 0;
	cur = (mode_t)(data[0] | data[1] << 8) & 07777;
	isdir = data[2] & 1;
	s = fz_str(data + 3, size - 3);
	if (mode_parse(s, &m, &e) == 0) {
		FZ_CHECK(m.octal || m.n <= MODE_MAX_CLAUSES);
		got = mode_apply(&m, cur, isdir);
		FZ_CHECK((got & ~(mode_t)07777) == 0);
		if (m.octal)
			FZ_CHECK(got == m.bits && mode_apply(&m, 0, !isdir) ==
			    m.bits);
	} else
		FZ_CHECK(e.kind == ERR_PLAN && e.msg[0] != '\0');
	free(s);
	return 0;
}
