/* papers-test-db.c: library files for the store tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <unistd.h>

#include "papers-db.h"
#include "papers-test-db.h"

char *
papers_test_db_path (const char *name)
{
  const char *dir = g_getenv ("PAPERS_TEST_TMPDIR");
  static int counter;
  g_autofree char *base = g_strdup_printf ("%s-%d-%d.db", name, (int) getpid (), ++counter);

  return g_build_filename (dir ? dir : g_get_tmp_dir (), base, NULL);
}

char *
papers_test_db_at_version (const char *name,
                           int         version,
                           const char *sql)
{
  g_autofree char *path = papers_test_db_path (name);
  g_autoptr(GError) error = NULL;
  PapersDb *db;

  db = papers_db_open_at_version (path, FALSE, version, &error);
  g_assert_no_error (error);
  g_assert_cmpint (papers_db_get_version (db), ==, version);
  papers_db_exec (db, sql, &error);
  g_assert_no_error (error);
  papers_db_close (db);
  return g_steal_pointer (&path);
}
