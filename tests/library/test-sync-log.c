/* test-sync-log.c: every library write sync covers appends a change to the
 * sync log in its own transaction; received changes are not logged again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "papers-db.h"
#include "papers-store-db-private.h"

static char *
test_db_path (const char *name)
{
  const char *dir = g_getenv ("PAPERS_TEST_TMPDIR");
  static int counter;
  g_autofree char *base = g_strdup_printf ("%s-%d-%d.db", name, (int) getpid (), ++counter);

  return g_build_filename (dir ? dir : g_get_tmp_dir (), base, NULL);
}

/* The log after row @after as "op paper key text flag" lines, and checks
 * that the stamps only grow */
static char *
dump_log (PapersDb *db,
          gint64    after)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = papers_db_prepare (db, "SELECT wall, logical, op, paper, key, text, flag FROM sync_log"
                                              " WHERE seq > ? ORDER BY seq", &error);
  gint64 last_wall = 0, last_logical = -1;
  gboolean row;

  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, after);
  while (papers_db_step (db, stmt, &row, &error) && row)
    {
      gint64 wall = sqlite3_column_int64 (stmt, 0), logical = sqlite3_column_int64 (stmt, 1);

      g_assert_true (wall > last_wall || (wall == last_wall && logical > last_logical));
      last_wall = wall;
      last_logical = logical;
      g_string_append_printf (out, "%s %s %s %s %d\n", papers_db_column_text (stmt, 2),
                              papers_db_column_text (stmt, 3) ?: "-", papers_db_column_text (stmt, 4) ?: "-",
                              papers_db_column_text (stmt, 5) ?: "-", sqlite3_column_int (stmt, 6));
    }
  g_assert_no_error (error);
  sqlite3_reset (stmt);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gint64
log_count (PapersDb *db)
{
  sqlite3_stmt *stmt = papers_db_prepare (db, "SELECT count (*) FROM sync_log", NULL);
  gboolean row;
  gint64 n;

  g_assert_true (papers_db_step (db, stmt, &row, NULL) && row);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static void
test_writes_are_logged (void)
{
  g_autofree char *path = test_db_path ("sync-log");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PapersAnnotation) annotation = NULL;
  g_autofree char *log = NULL;
  g_autofree char *expected = NULL;
  g_auto(GStrv) parts = NULL;
  const char *add[] = { "ML", NULL };
  const char *remove[] = { "ml", NULL };
  const char *ids[] = { "2410.00001", NULL };
  PapersStoreChanges changes;
  PapersPaper *paper;
  PapersDb *db;

  db = papers_db_open (path, FALSE, &error);
  g_assert_no_error (error);
  papers_store_changes_init (&changes);

  paper = papers_paper_new ("2410.00001");
  papers_paper_set_title (paper, "A paper");
  papers_paper_set_tags (paper, add);
  papers_paper_set_note (paper, "first");
  papers_paper_set_starred (paper, TRUE);
  papers_paper_set_status (paper, PAPERS_READ_STATUS_READ);
  g_ptr_array_add (papers, paper);
  g_assert_true (papers_store_db_upsert (db, papers, TRUE, &changes, &error));
  g_assert_no_error (error);
  g_assert_true (papers_store_db_set_note (db, "2410.00001", "second", &changes, &error));
  g_assert_true (papers_store_db_set_state (db, "2410.00001", "status", PAPERS_READ_STATUS_READING, &changes,
                                            &error));
  g_assert_true (papers_store_db_set_state (db, "2410.00001", "starred", 0, &changes, &error));
  g_assert_true (papers_store_db_tag_paper (db, "2410.00001", NULL, remove, &changes, &error));
  /* Removing a tag the paper does not carry changes nothing: no record */
  g_assert_true (papers_store_db_tag_paper (db, "2410.00001", NULL, remove, &changes, &error));
  g_assert_true (papers_store_db_set_position (db, "2410.00001", 3, 0.5, 1.25, &error));
  annotation = papers_annotation_new ("2410.00001", 2, "highlight");
  g_assert_true (papers_store_db_save_annotation (db, annotation, TRUE, &changes, &error));
  g_assert_true (papers_store_db_remove_annotation (db, papers_annotation_get_id (annotation), &changes, &error));
  g_assert_true (papers_store_db_dismiss (db, "2410.00009", NULL, TRUE, &changes, &error));
  g_assert_true (papers_store_db_follow (db, PAPERS_FOLLOW_AUTHOR, " Ada Lovelace ", TRUE, &error));
  g_assert_true (papers_store_db_remove (db, ids, &changes, &error));
  g_assert_no_error (error);

  log = dump_log (db, 0);
  parts = g_strsplit (log, "\n", -1);
  /* The annotation's key is random: the same one for its save and delete */
  g_assert_cmpuint (g_strv_length (parts), ==, 16);
  {
    g_auto(GStrv) saved = g_strsplit (parts[10], " ", 4);
    g_auto(GStrv) deleted = g_strsplit (parts[11], " ", 4);

    g_assert_cmpstr (saved[0], ==, "annotation");
    g_assert_cmpstr (deleted[0], ==, "annotation-delete");
    g_assert_cmpuint (strlen (saved[2]), ==, 32);
    g_assert_cmpstr (saved[2], ==, deleted[2]);
    g_assert_true (g_str_has_prefix (saved[3], "{\"page\":2,\"type\":\"highlight\""));
  }
  g_clear_pointer (&parts[10], g_free);
  g_clear_pointer (&parts[11], g_free);
  parts[10] = g_strdup ("A");
  parts[11] = g_strdup ("D");
  expected = g_strjoinv ("\n", parts);
  g_assert_cmpstr (expected, ==,
                   "membership 2410.00001 - - 1\n"
                   "status 2410.00001 - read 0\n"
                   "star 2410.00001 - - 1\n"
                   "tag-add 2410.00001 ml - 0\n"
                   "note 2410.00001 - first 0\n"
                   "note 2410.00001 - second 0\n"
                   "status 2410.00001 - reading 0\n"
                   "star 2410.00001 - - 0\n"
                   "tag-remove 2410.00001 ml - 0\n"
                   "position 2410.00001 - 3 0.5 1.25 0\n"
                   "A\nD\n"
                   "dismiss 2410.00009 - - 1\n"
                   "follow - author:ada lovelace Ada Lovelace 1\n"
                   "membership 2410.00001 - - 0\n");

  papers_store_changes_clear (&changes);
  papers_db_close (db);
}

/* A failed write logs nothing; changes received from other devices are
 * written without a record; a clock received from another device far
 * ahead is followed */
static void
test_quiet_and_clock (void)
{
  g_autofree char *path = test_db_path ("sync-log-quiet");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *log = NULL;
  PapersStoreChanges changes;
  sqlite3_stmt *stmt;
  gboolean row;
  gint64 before;
  PapersDb *db;

  db = papers_db_open (path, FALSE, &error);
  g_assert_no_error (error);
  papers_store_changes_init (&changes);
  g_ptr_array_add (papers, papers_paper_new ("2410.00002"));
  g_assert_true (papers_store_db_upsert (db, papers, TRUE, &changes, &error));
  g_assert_no_error (error);
  before = log_count (db);

  g_assert_false (papers_store_db_set_note (db, "2410.99999", "nowhere", &changes, &error));
  g_clear_error (&error);
  g_assert_cmpint (log_count (db), ==, before);

  papers_db_set_sync_quiet (db, TRUE);
  g_assert_true (papers_store_db_set_note (db, "2410.00002", "from elsewhere", &changes, &error));
  g_assert_true (papers_store_db_follow (db, PAPERS_FOLLOW_SEARCH, "diffusion", TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (log_count (db), ==, before);
  papers_db_set_sync_quiet (db, FALSE);

  /* Another device's stamp a day ahead, as the sync layer keeps it */
  g_assert_true (papers_db_exec (db, "INSERT INTO sync_meta (key, value) VALUES ('wall', 4102444800000),"
                                     " ('logical', 7)", &error));
  g_assert_true (papers_store_db_set_note (db, "2410.00002", "after", &changes, &error));
  g_assert_no_error (error);
  stmt = papers_db_prepare (db, "SELECT wall, logical FROM sync_log ORDER BY seq DESC LIMIT 1", &error);
  g_assert_true (papers_db_step (db, stmt, &row, &error) && row);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, 4102444800000);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 1), ==, 8);
  sqlite3_reset (stmt);
  log = dump_log (db, before);
  g_assert_cmpstr (log, ==, "note 2410.00002 - after 0\n");

  papers_store_changes_clear (&changes);
  papers_db_close (db);
}

/* Many rows in one transaction (an import): each stamp follows the last,
 * past a clock received far ahead too; another connection writing
 * between two transactions is followed, not overtaken */
static void
test_stamps_in_a_transaction (void)
{
  g_autofree char *path = test_db_path ("sync-log-bulk");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) more = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *log = NULL;
  g_autofree char *tail = NULL;
  PapersStoreChanges changes;
  sqlite3_stmt *stmt;
  PapersDb *db, *other;
  gboolean row;
  gint64 logical = 7;

  db = papers_db_open (path, FALSE, &error);
  g_assert_no_error (error);
  other = papers_db_open (path, FALSE, &error);
  g_assert_no_error (error);
  papers_store_changes_init (&changes);
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *id = g_strdup_printf ("2410.%05u", i);
      PapersPaper *paper = papers_paper_new (id);

      papers_paper_set_starred (paper, TRUE);
      papers_paper_set_status (paper, PAPERS_READ_STATUS_READ);
      g_ptr_array_add (papers, paper);
    }
  g_assert_true (papers_store_db_upsert (db, papers, TRUE, &changes, &error));
  g_assert_no_error (error);
  /* (membership, status and star for each, stamps strictly growing) */
  log = dump_log (db, 0);
  g_assert_cmpuint (strlen (log), >, 0);
  g_assert_cmpint (log_count (db), ==, 150);

  /* The other connection writes; then a clock far ahead arrives */
  g_assert_true (papers_store_db_set_note (other, "2410.00001", "elsewhere", &changes, &error));
  g_assert_no_error (error);
  g_assert_true (papers_db_exec (db, "INSERT INTO sync_meta (key, value) VALUES ('wall', 4102444800000),"
                                     " ('logical', 7)", &error));
  for (guint i = 50; i < 53; i++)
    {
      g_autofree char *id = g_strdup_printf ("2410.%05u", i);
      PapersPaper *paper = papers_paper_new (id);

      papers_paper_set_starred (paper, TRUE);
      g_ptr_array_add (more, paper);
    }
  g_assert_true (papers_store_db_upsert (db, more, TRUE, &changes, &error));
  g_assert_no_error (error);
  tail = dump_log (db, 0);
  stmt = papers_db_prepare (db, "SELECT wall, logical FROM sync_log WHERE seq > 151 ORDER BY seq", &error);
  while (papers_db_step (db, stmt, &row, &error) && row)
    {
      g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, 4102444800000);
      g_assert_cmpint (sqlite3_column_int64 (stmt, 1), ==, ++logical);
    }
  g_assert_no_error (error);
  sqlite3_reset (stmt);
  /* membership and star for three papers */
  g_assert_cmpint (logical, ==, 7 + 6);

  papers_store_changes_clear (&changes);
  papers_db_close (other);
  papers_db_close (db);
}


/* The clock as the sync layer keeps it in sync_meta, as text: a round
 * that moved no clock keeps 0, a clock behind the log's last row is
 * behind; neither takes the stamps back */
static void
test_clock_kept_as_text (void)
{
  g_autofree char *path = test_db_path ("sync-log-text");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 now = g_get_real_time () / 1000;
  gint64 walls[] = { 0, now - 24 * 3600 * 1000 };
  PapersStoreChanges changes;
  PapersDb *db;

  db = papers_db_open (path, FALSE, &error);
  g_assert_no_error (error);
  papers_store_changes_init (&changes);
  g_ptr_array_add (papers, papers_paper_new ("2410.00003"));
  g_assert_true (papers_store_db_upsert (db, papers, TRUE, &changes, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (walls); i++)
    {
      PapersStoreSyncSave save = { .wall = walls[i], .uploaded = -1 };
      g_autofree char *log = NULL;
      sqlite3_stmt *stmt;
      gboolean row;

      g_assert_true (papers_store_db_sync_save (db, &save, &changes, &error));
      g_assert_true (papers_store_db_set_note (db, "2410.00003", "one", &changes, &error));
      g_assert_true (papers_store_db_set_note (db, "2410.00003", "two", &changes, &error));
      g_assert_no_error (error);
      /* (which checks that the stamps grow) */
      log = dump_log (db, 0);
      stmt = papers_db_prepare (db, "SELECT wall FROM sync_log ORDER BY seq DESC LIMIT 1", &error);
      g_assert_true (papers_db_step (db, stmt, &row, &error) && row);
      g_assert_cmpint (sqlite3_column_int64 (stmt, 0), >=, now);
      sqlite3_reset (stmt);
    }

  papers_store_changes_clear (&changes);
  papers_db_close (db);
}


static PapersStoreSyncItem *
item (const char *key,
      const char *text,
      gboolean    flag)
{
  return papers_store_sync_item_new (key, text, flag);
}

static gint64
count_rows (PapersDb   *db,
            const char *sql)
{
  sqlite3_stmt *stmt = papers_db_prepare (db, sql, NULL);
  gboolean row;
  gint64 n;

  g_assert_nonnull (stmt);
  g_assert_true (papers_db_step (db, stmt, &row, NULL) && row);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* Received changes that are not what this Papers writes (another
 * version's, or damaged past the decoder: annotations that are not its
 * JSON, positions that are not three numbers, follows of no known kind,
 * colors that are not colors, empty names) are left alone, the valid
 * ones beside them written, nothing logged */
static void
test_bad_received (void)
{
  g_autofree char *path = test_db_path ("sync-log-bad");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  const char *annotations[][2] = {
    { "k-garbage", "not json" },
    { "k-array", "[1, 2]" },
    { "k-type", "{\"page\":1,\"type\":\"scribble\",\"created\":1,\"updated\":1}" },
    { "k-page", "{\"page\":\"one\",\"type\":\"note\",\"created\":1,\"updated\":1}" },
    { "k-negative", "{\"page\":-1,\"type\":\"note\",\"created\":1,\"updated\":1}" },
    { "k-huge", "{\"page\":99999999999,\"type\":\"note\",\"created\":1,\"updated\":1}" },
    { "k-color", "{\"page\":1,\"type\":\"note\",\"color\":\"red\",\"created\":1,\"updated\":1}" },
    { "k-comment", "{\"page\":1,\"type\":\"note\",\"comment\":5,\"created\":1,\"updated\":1}" },
    { "k-created", "{\"page\":1,\"type\":\"note\"}" },
    { "k-good", "{\"page\":3,\"type\":\"note\",\"comment\":\"kept\",\"created\":1,\"updated\":2}" },
  };
  const char *positions[] = { "1 2", "x 0.5 1", "1 nan 1", "1 0.5 1 4", "-3 0.5 1", "" };
  PapersStoreSyncSave save = { .uploaded = -1 };
  PapersStoreChanges changes;
  PapersStoreSyncTag *tag;
  PapersDb *db;
  gint64 logged;

  db = papers_db_open (path, FALSE, &error);
  g_assert_no_error (error);
  papers_store_changes_init (&changes);
  g_ptr_array_add (papers, papers_paper_new ("2410.00004"));
  g_assert_true (papers_store_db_upsert (db, papers, TRUE, &changes, &error));
  g_assert_no_error (error);
  logged = log_count (db);

  save.edits = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_store_sync_edit_free);
  for (guint i = 0; i < G_N_ELEMENTS (positions); i++)
    {
      PapersStoreSyncEdit *edit = papers_store_sync_edit_new ("2410.00004");

      edit->in_library = 1;
      edit->position = g_strdup (positions[i]);
      g_ptr_array_add (save.edits, edit);
    }
  {
    PapersStoreSyncEdit *edit = papers_store_sync_edit_new ("2410.00004");

    edit->in_library = 1;
    edit->annotations = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_store_sync_item_free);
    for (guint i = 0; i < G_N_ELEMENTS (annotations); i++)
      g_ptr_array_add (edit->annotations, item (annotations[i][0], annotations[i][1], FALSE));
    g_ptr_array_add (save.edits, edit);
  }
  save.follows = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_store_sync_item_free);
  g_ptr_array_add (save.follows, item ("no kind", "x", TRUE));
  g_ptr_array_add (save.follows, item ("planet:mars", "Mars", TRUE));
  g_ptr_array_add (save.follows, item ("author:", "Nobody", TRUE));
  g_ptr_array_add (save.follows, item ("author:ada lovelace", NULL, TRUE));
  save.tags = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_store_sync_tag_free);
  tag = g_new0 (PapersStoreSyncTag, 1);
  tag->key = g_strdup ("ml");
  tag->color = g_strdup ("not a color");
  g_ptr_array_add (save.tags, tag);
  tag = g_new0 (PapersStoreSyncTag, 1);
  tag->key = g_strdup ("cv");
  tag->name = g_strdup ("   ");
  g_ptr_array_add (save.tags, tag);

  g_assert_true (papers_store_db_sync_save (db, &save, &changes, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM reading_positions"), ==, 0);
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM annotations"), ==, 1);
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM annotations WHERE sync_key = 'k-good'"
                                   " AND page = 3 AND comment = 'kept'"), ==, 1);
  /* A follow from a log that did not carry the value has its key */
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM follows"), ==, 1);
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM follows WHERE value = 'ada lovelace'"), ==, 1);
  g_assert_cmpint (count_rows (db, "SELECT count (*) FROM tags"), ==, 0);
  g_assert_cmpint (log_count (db), ==, logged);

  g_ptr_array_unref (save.edits);
  g_ptr_array_unref (save.follows);
  g_ptr_array_unref (save.tags);
  papers_store_changes_clear (&changes);
  papers_db_close (db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync-log/writes", test_writes_are_logged);
  g_test_add_func ("/sync-log/quiet-and-clock", test_quiet_and_clock);
  g_test_add_func ("/sync-log/stamps-in-a-transaction", test_stamps_in_a_transaction);
  g_test_add_func ("/sync-log/clock-kept-as-text", test_clock_kept_as_text);
  g_test_add_func ("/sync-log/bad-received", test_bad_received);
  return g_test_run ();
}
