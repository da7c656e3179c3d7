/* edit: the text edits of set-key, replace and ensure-line, as pure
 * functions from a file's whole content to its new content. Lines end at
 * '\n' (the last may lack one); nothing here touches a file.
 *
 * set-key's line matcher: a line sets KEY when, after optional leading
 * blanks (space, tab), it begins with KEY (exact bytes, case-sensitive)
 * and KEY is followed by a blank, by the end of the line, or directly by
 * the separator's non-blank part (sep " = " → "=", sep "=" → "=", sep " "
 * → nothing, so only a blank or the end). It is commented out when the
 * same holds after a leading comment prefix (comment's non-blank part,
 * default "#") and optional blanks: `#KEY`, `# KEY`, `  #  KEY = 1`. So
 * for KEY max_connections and sep " = ", `max_connections=100`,
 * `max_connections = 100`, `max_connections 100` and
 * `#max_connections = 100` all match; `max_connections_x = 1` and
 * `##max_connections` do not. A '\r' before a line's '\n' is kept. */
#ifndef EDIT_H
#define EDIT_H
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

enum edit_match { EDIT_NONE, EDIT_ACTIVE, EDIT_COMMENTED };

/* How line (n bytes, without its '\n') relates to KEY. comment NULL or
 * blank: no line is commented out. */
enum edit_match edit_key_match(const char *line, size_t n, const char *key,
    const char *sep, const char *comment);
/* text with KEY set to VALUE, into out (appended): the first line that
 * matches, active or commented out, becomes KEY SEP VALUE; later active
 * ones are dropped (later commented ones kept); with none, the line is
 * appended (after a '\n' the text lacked). */
void edit_set_key(const char *text, size_t len, const char *key,
    const char *sep, const char *value, const char *comment,
    struct buf *out);
/* Where needle (n > 0 bytes) first occurs in text, or NULL. */
const char *edit_find(const char *text, size_t len, const char *needle,
    size_t n);
/* Every literal old (oldn > 0) in text, left to right and not
 * overlapping, replaced by new into out; the count. */
size_t edit_replace(const char *text, size_t len, const char *old,
    size_t oldn, const char *new, size_t newn, struct buf *out);
/* Does text hold line (n bytes) as a whole line? */
bool edit_has_line(const char *text, size_t len, const char *line,
    size_t n);
/* text with line appended (after a '\n' the text lacked), into out. */
void edit_add_line(const char *text, size_t len, const char *line,
    size_t n, struct buf *out);
/* text without every line equal to line (n bytes), into out; the count. */
size_t edit_remove_line(const char *text, size_t len, const char *line,
    size_t n, struct buf *out);
#endif
