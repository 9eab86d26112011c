/* papers-test-db.h: library files for the store tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A path of its own for a test library called @name, in
 * $PAPERS_TEST_TMPDIR (or the temporary folder) */
char *papers_test_db_path       (const char *name);

/* Makes a library of schema @version holding the rows @sql inserts, as an
 * older Papers left it, and gives its path: what a migration test opens. */
char *papers_test_db_at_version (const char *name,
                                 int         version,
                                 const char *sql);

G_END_DECLS
