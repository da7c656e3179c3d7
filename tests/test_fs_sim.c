/* test_fs_sim: the dry run's table of what earlier steps would make:
 * held entries, what lies beneath them, overlays on the disk, removals,
 * the content bound, walking a subtree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fs_sim.h"

static enum fs_sim_state
look(struct fs_sim *s, const char *p)
{
	struct fs_sim_ent *en;

	return fs_sim_look(s, p, &en);
}

static void
t_empty(void **state)
{
	struct fs_sim s;

	(void)state;
	fs_sim_init(&s);
	assert_int_equal(look(&s, "/a/b"), FS_SIM_DISK);
	assert_int_equal(look(&s, "/"), FS_SIM_DISK);
	fs_sim_free(&s);
}

/* A held directory hides the disk beneath it; its parents stay the
 * disk's. */
static void
t_held_dir(void **state)
{
	struct fs_sim s;
	struct fs_sim_ent *en;
	struct stat st;

	(void)state;
	fs_sim_init(&s);
	fs_sim_put(&s, "/x/a", FS_SIM_DIR, 0755, 1, 2, NULL, 0);
	assert_int_equal(fs_sim_look(&s, "/x/a", &en), FS_SIM_HELD);
	fs_sim_stat(en, &st);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0755);
	assert_int_equal(st.st_uid, 1);
	assert_int_equal(st.st_gid, 2);
	assert_int_equal(look(&s, "/x/a/b"), FS_SIM_ABSENT);
	assert_int_equal(look(&s, "/x/a/b/c"), FS_SIM_ABSENT);
	assert_int_equal(look(&s, "/x"), FS_SIM_DISK);
	assert_int_equal(look(&s, "/x/ab"), FS_SIM_DISK);
	assert_false(fs_sim_any_beneath(&s, "/x/a"));
	assert_true(fs_sim_any_beneath(&s, "/x"));
	assert_true(fs_sim_any_beneath(&s, "/"));
	fs_sim_free(&s);
}

/* A file's content is kept, so a second write of it compares equal. */
static void
t_file(void **state)
{
	struct fs_sim s;
	struct fs_sim_ent *en;
	struct stat st;

	(void)state;
	fs_sim_init(&s);
	fs_sim_put(&s, "/v/f", FS_SIM_FILE, 0644, 0, 0, "hello\n", 6);
	assert_int_equal(fs_sim_look(&s, "/v/f", &en), FS_SIM_HELD);
	assert_non_null(en->data);
	assert_memory_equal(en->data, "hello\n", 6);
	assert_int_equal(en->len, 6);
	assert_true(en->hash == fs_sim_hash(FS_SIM_HASH0, "hello\n", 6));
	fs_sim_stat(en, &st);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_size, 6);
	assert_int_equal(st.st_nlink, 1);
	/* nothing lies beneath a file */
	assert_int_equal(look(&s, "/v/f/x"), FS_SIM_ABSENT);
	/* replaced in place */
	fs_sim_put(&s, "/v/f", FS_SIM_FILE, 0600, 0, 0, "x", 1);
	assert_int_equal(fs_sim_look(&s, "/v/f", &en), FS_SIM_HELD);
	assert_int_equal(en->len, 1);
	assert_int_equal(en->mode, 0600);
	assert_int_equal(s.kept, 1);
	fs_sim_free(&s);
}

static void
t_link(void **state)
{
	struct fs_sim s;
	struct fs_sim_ent *en;
	struct stat st;

	(void)state;
	fs_sim_init(&s);
	fs_sim_put(&s, "/v/l", FS_SIM_LINK, 0777, 0, 0, "target", 0);
	assert_int_equal(fs_sim_look(&s, "/v/l", &en), FS_SIM_HELD);
	assert_string_equal(en->data, "target");
	fs_sim_stat(en, &st);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(st.st_size, 6);
	fs_sim_free(&s);
}

/* An overlay changes the disk's mode and owner only: beneath an overlay
 * directory the disk still counts. */
static void
t_overlay(void **state)
{
	struct fs_sim s;
	struct fs_sim_ent *en;
	struct stat st;

	(void)state;
	fs_sim_init(&s);
	memset(&st, 0, sizeof(st));
	st.st_mode = S_IFDIR | 0755;
	st.st_size = 99;
	fs_sim_meta(&s, "/d", &st, 0700, 5, 6);
	assert_int_equal(fs_sim_look(&s, "/d", &en), FS_SIM_DISK);
	assert_non_null(en);
	assert_true(en->over);
	fs_sim_over(en, &st);
	assert_int_equal(st.st_mode, S_IFDIR | 0700);
	assert_int_equal(st.st_uid, 5);
	assert_int_equal(st.st_gid, 6);
	assert_int_equal(st.st_size, 99);
	assert_int_equal(look(&s, "/d/x"), FS_SIM_DISK);
	/* a held entry is updated in place, not overlaid */
	fs_sim_put(&s, "/h", FS_SIM_FILE, 0644, 0, 0, "a", 1);
	fs_sim_meta(&s, "/h", &st, 0600, 7, 7);
	assert_int_equal(fs_sim_look(&s, "/h", &en), FS_SIM_HELD);
	assert_int_equal(en->mode, 0600);
	assert_int_equal(en->uid, 7);
	fs_sim_free(&s);
}

/* Removing makes a path and everything beneath it absent, whatever the
 * disk holds; making it again brings back only what is made. */
static void
t_gone(void **state)
{
	struct fs_sim s;

	(void)state;
	fs_sim_init(&s);
	fs_sim_put(&s, "/v/d", FS_SIM_DIR, 0755, 0, 0, NULL, 0);
	fs_sim_put(&s, "/v/d/f", FS_SIM_FILE, 0644, 0, 0, "abc", 3);
	fs_sim_gone(&s, "/v/d");
	assert_int_equal(look(&s, "/v/d"), FS_SIM_ABSENT);
	assert_int_equal(look(&s, "/v/d/f"), FS_SIM_ABSENT);
	assert_int_equal(look(&s, "/v/d/g"), FS_SIM_ABSENT);
	assert_int_equal(s.kept, 0);
	assert_false(fs_sim_any_beneath(&s, "/v"));
	fs_sim_put(&s, "/v/d", FS_SIM_DIR, 0755, 0, 0, NULL, 0);
	assert_int_equal(look(&s, "/v/d"), FS_SIM_HELD);
	assert_int_equal(look(&s, "/v/d/f"), FS_SIM_ABSENT);
	/* a disk path removed */
	fs_sim_gone(&s, "/real");
	assert_int_equal(look(&s, "/real/x/y"), FS_SIM_ABSENT);
	/* the root itself */
	fs_sim_gone(&s, "/");
	assert_int_equal(look(&s, "/v"), FS_SIM_ABSENT);
	fs_sim_free(&s);
}

/* Past FS_SIM_KEEP in all a file is only its size and hash. */
static void
t_bound(void **state)
{
	struct fs_sim s;
	struct fs_sim_ent *en;
	size_t n = FS_SIM_KEEP / 2 + 1;
	char *big = calloc(1, n);

	(void)state;
	assert_non_null(big);
	fs_sim_init(&s);
	fs_sim_put(&s, "/a", FS_SIM_FILE, 0644, 0, 0, big, n);
	fs_sim_put(&s, "/b", FS_SIM_FILE, 0644, 0, 0, big, n);
	assert_int_equal(fs_sim_look(&s, "/a", &en), FS_SIM_HELD);
	assert_non_null(en->data);
	assert_int_equal(fs_sim_look(&s, "/b", &en), FS_SIM_HELD);
	assert_null(en->data);
	assert_int_equal(en->len, n);
	assert_true(en->hash == fs_sim_hash(FS_SIM_HASH0, big, n));
	assert_int_equal(s.kept, n);
	/* removing /a frees its share */
	fs_sim_gone(&s, "/a");
	assert_int_equal(s.kept, 0);
	fs_sim_put_hash(&s, "/c", 0644, 0, 0, 10, 42);
	assert_int_equal(fs_sim_look(&s, "/c", &en), FS_SIM_HELD);
	assert_null(en->data);
	assert_int_equal(en->len, 10);
	assert_true(en->hash == 42);
	free(big);
	fs_sim_free(&s);
}

static void
count(void *arg, struct fs_sim_ent *en)
{
	(void)en;
	(*(int *)arg)++;
}

static void
t_each(void **state)
{
	struct fs_sim s;
	char p[64];
	int i, n = 0;

	(void)state;
	fs_sim_init(&s);
	fs_sim_put(&s, "/t", FS_SIM_DIR, 0755, 0, 0, NULL, 0);
	for (i = 0; i < 200; i++) {	/* past the first hash table size */
		snprintf(p, sizeof(p), "/t/f%d", i);
		fs_sim_put(&s, p, FS_SIM_FILE, 0644, 0, 0, "x", 1);
	}
	fs_sim_put(&s, "/tt", FS_SIM_FILE, 0644, 0, 0, "x", 1);
	fs_sim_gone(&s, "/t/f7");
	fs_sim_each(&s, "/t", true, count, &n);
	assert_int_equal(n, 200);	/* /t and 199 files, not /tt */
	n = 0;
	fs_sim_each(&s, "/t", false, count, &n);
	assert_int_equal(n, 1);
	assert_int_equal(look(&s, "/t/f199"), FS_SIM_HELD);
	assert_int_equal(look(&s, "/t/f7"), FS_SIM_ABSENT);
	fs_sim_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_empty),
		cmocka_unit_test(t_held_dir),
		cmocka_unit_test(t_file),
		cmocka_unit_test(t_link),
		cmocka_unit_test(t_overlay),
		cmocka_unit_test(t_gone),
		cmocka_unit_test(t_bound),
		cmocka_unit_test(t_each),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
