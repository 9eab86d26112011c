/* test-import-export.c: the window's Import (with Undo) and Export…
 * through the model, over a real store, with no display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "papers-collection.h"
#include "papers-bibtex.h"
#include "papers-csl-json.h"
#include "papers-export.h"
#include "papers-test-wait.h"

static gboolean
loaded_set (gpointer data)
{
  return papers_collection_get_loaded (data);
}

/* A library of its own for each test, named @name */
static PapersCollection *
open_collection (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".db", NULL);
  g_autofree char *path = g_build_filename (g_getenv ("PAPERS_TEST_TMPDIR"), file, NULL);
  PapersCollection *collection;

  g_setenv ("PAPERS_LIBRARY", path, TRUE);
  collection = papers_collection_new ();

  papers_test_wait_until (loaded_set, collection, "the collection is loaded");
  return collection;
}

typedef struct
{
  GAsyncResult *result;
} Waited;

static void
waited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Waited *waited = user_data;

  waited->result = g_object_ref (result);
}

static gboolean
result_set (gpointer data)
{
  return ((Waited *) data)->result != NULL;
}

static GAsyncResult *
wait_result (Waited *waited)
{
  papers_test_wait_until (result_set, waited, "the operation completes");
  return waited->result;
}

static PapersPaper *
paper_new (const char *id,
           const char *title)
{
  PapersPaper *paper = papers_paper_new (id);

  papers_paper_set_arxiv_id (paper, id);
  papers_paper_set_title (paper, title);
  return paper;
}

static char **
import (PapersCollection *collection,
        GPtrArray        *papers)
{
  Waited waited = { 0 };
  g_autoptr(GError) error = NULL;
  char **added;

  papers_collection_import_async (collection, papers, NULL, waited_cb, &waited);
  added = papers_collection_import_finish (collection, wait_result (&waited), &error);
  g_object_unref (waited.result);
  g_assert_no_error (error);
  g_assert_nonnull (added);
  return added;
}

static guint
library_size (PapersCollection *collection)
{
  Waited waited = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) found = NULL;

  papers_store_search_async (papers_collection_get_store (collection), "", 0, 1000, NULL, waited_cb, &waited);
  found = papers_store_search_finish (papers_collection_get_store (collection), wait_result (&waited), &error);
  g_object_unref (waited.result);
  g_assert_no_error (error);
  return g_list_model_get_n_items (found);
}

/* Undo removes what the import added, not what was in the library before
 * it and was only updated; the papers on show say so at once */
static void
test_import_undo (void)
{
  g_autoptr(PapersCollection) collection = open_collection ("undo");
  g_autoptr(PapersPaper) kept = paper_new ("1706.03762", "Attention Is All You Need");
  g_autoptr(PapersPaper) shown = paper_new ("2006.11239", "Denoising Diffusion");
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) added = NULL;
  g_auto(GStrv) again = NULL;

  papers_collection_add (collection, kept);
  /* A paper of a listing, on show, not in the library */
  g_assert_true (papers_collection_canonical (collection, shown) == shown);

  g_ptr_array_add (papers, paper_new ("1706.03762", "Attention Is All You Need (updated)"));
  g_ptr_array_add (papers, paper_new ("2006.11239", "Denoising Diffusion Probabilistic Models"));
  g_ptr_array_add (papers, paper_new ("1810.04805", "BERT"));
  added = import (collection, papers);
  g_assert_cmpuint (g_strv_length (added), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) added, "2006.11239"));
  g_assert_true (g_strv_contains ((const char * const *) added, "1810.04805"));
  g_assert_true (papers_paper_get_in_library (shown));
  g_assert_cmpuint (library_size (collection), ==, 3);

  /* The same again adds nothing: its Undo would remove nothing */
  again = import (collection, papers);
  g_assert_cmpuint (g_strv_length (again), ==, 0);

  papers_collection_undo_import (collection, (const char * const *) added);
  g_assert_false (papers_paper_get_in_library (shown));
  g_assert_true (papers_paper_get_in_library (kept));
  g_assert_cmpuint (library_size (collection), ==, 1);
}

static guint
export (PapersCollection        *collection,
        GPtrArray               *papers,
        const PapersExportFind  *find,
        PapersExportFormat       format,
        const char              *path,
        GError                 **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Waited waited = { 0 };
  guint n;

  papers_export_async (papers_collection_get_store (collection), papers, find, format, file, NULL, waited_cb,
                       &waited);
  n = papers_export_finish (wait_result (&waited), error);
  g_object_unref (waited.result);
  return n;
}

static void
test_export (void)
{
  g_autoptr(PapersCollection) collection = open_collection ("export");
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *dir = g_build_filename (g_getenv ("PAPERS_TEST_TMPDIR"), "export", NULL);
  g_autofree char *bib = g_build_filename (dir, "view.bib", NULL);
  g_autofree char *json = g_build_filename (dir, "view.json", NULL);
  g_autofree char *md = g_build_filename (dir, "notes.md", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "x.bib", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  PapersExportFind all = { "", NULL, NULL, PAPERS_SORT_TITLE };
  PapersExportFind tagged = { "", "tag", "thesis", PAPERS_SORT_TITLE };
  g_auto(GStrv) added = NULL;
  PapersPaper *noted;
  gsize length;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("2401.0000%u", i);
      g_autofree char *title = g_strdup_printf ("Paper %u", i);

      g_ptr_array_add (papers, paper_new (id, title));
    }
  added = import (collection, papers);
  g_assert_cmpuint (g_strv_length (added), ==, 5);
  noted = papers_collection_canonical (collection, papers->pdata[1]);
  papers_paper_set_in_library (noted, TRUE);
  papers_collection_tag_paper (collection, noted, "thesis", NULL);
  papers_collection_set_note (collection, noted, "A note worth *keeping*");

  /* The whole library view, and a tag's view, from the store */
  g_assert_cmpuint (export (collection, NULL, &all, PAPERS_EXPORT_BIBTEX, bib, &error), ==, 5);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (bib, &text, &length, NULL));
  g_assert_nonnull (strstr (text, "eprint        = {2401.00004}"));
  g_clear_pointer (&text, g_free);
  g_assert_cmpuint (export (collection, NULL, &tagged, PAPERS_EXPORT_CSL_JSON, json, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (json, &text, &length, NULL));
  {
    g_autoptr(GPtrArray) back = papers_csl_json_parse (text, length, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (back->len, ==, 1);
    g_assert_cmpstr (papers_paper_get_id (back->pdata[0]), ==, "2401.00001");
  }
  g_clear_pointer (&text, g_free);

  /* Markdown: the papers with a note or annotations */
  g_assert_cmpuint (export (collection, NULL, &all, PAPERS_EXPORT_MARKDOWN, md, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (md, &text, &length, NULL));
  g_assert_nonnull (strstr (text, "# Paper 1\n"));
  g_assert_nonnull (strstr (text, "A note worth \\*keeping\\*"));
  g_clear_pointer (&text, g_free);

  /* Papers given (a listing's), none with notes: nothing is written */
  g_ptr_array_remove_index (papers, 1);
  g_assert_cmpuint (export (collection, papers, NULL, PAPERS_EXPORT_MARKDOWN, missing, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  /* A folder that is gone, or read-only: a clear error, the old file whole */
  g_assert_cmpuint (export (collection, papers, NULL, PAPERS_EXPORT_BIBTEX, missing, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  if (geteuid () != 0)
    {
      g_autofree char *before = NULL;

      g_assert_true (g_file_get_contents (bib, &before, NULL, NULL));
      g_assert_cmpint (g_chmod (dir, 0500), ==, 0);
      g_assert_cmpuint (export (collection, papers, NULL, PAPERS_EXPORT_BIBTEX, bib, &error), ==, 0);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      g_assert_cmpint (g_chmod (dir, 0700), ==, 0);
      g_assert_true (g_file_get_contents (bib, &text, NULL, NULL));
      g_assert_cmpstr (text, ==, before);
    }
}

/* The busy states a collection went through, as notified */
typedef struct
{
  PapersCollection *collection;
  GString          *seen;
} BusyLog;

static void
busy_cb (PapersCollection *collection,
         GParamSpec       *pspec,
         BusyLog          *log)
{
  g_string_append_c (log->seen, papers_collection_get_busy (collection) ? 'B' : 'i');
}

/* Imports @path through the model as the window does: returns the
 * summary, or NULL with @error, and the busy notifications in @seen */
static PapersImportSummary *
import_file (PapersCollection  *collection,
             const char        *path,
             GString           *seen,
             GError           **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  BusyLog log = { collection, seen };
  Waited waited = { 0 };
  gulong handler = g_signal_connect (collection, "notify::busy", G_CALLBACK (busy_cb), &log);
  PapersImportSummary *summary;

  papers_collection_import_file_async (collection, file, NULL, waited_cb, &waited);
  /* Busy at once, before any worker has run */
  g_assert_true (papers_collection_get_busy (collection));
  summary = papers_collection_import_file_finish (collection, wait_result (&waited), error);
  g_object_unref (waited.result);
  g_signal_handler_disconnect (collection, handler);
  g_assert_false (papers_collection_get_busy (collection));
  return summary;
}

static char *
write_file (const char *name,
            const char *text,
            gssize      length)
{
  char *path = g_build_filename (g_getenv ("PAPERS_TEST_TMPDIR"), name, NULL);

  g_assert_true (g_file_set_contents (path, text, length, NULL));
  return path;
}

/* A .bib read and written on workers: the collection is busy from the
 * call to the result, once each way; the summary counts what was read,
 * skipped and added */
static void
test_import_file (void)
{
  g_autoptr(PapersCollection) collection = open_collection ("import-file");
  g_autofree char *bib = write_file ("refs.bib",
                                     "@article{a, title={Alpha Paper}, author={Ann Author}, year={2020},"
                                     " eprint={2001.00001}, archivePrefix={arXiv}}\n"
                                     "@article{b, author={Nobody}}\n"
                                     "@misc{c, title={Gamma Paper}, year={2021}}\n", -1);
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersImportSummary) summary = import_file (collection, bib, seen, &error);
  g_autoptr(PapersImportSummary) again = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (seen->str, ==, "Bi");
  g_assert_cmpstr (summary->name, ==, "refs.bib");
  g_assert_false (summary->json);
  g_assert_cmpuint (summary->papers->len, ==, 2);
  g_assert_cmpuint (summary->skipped->len, ==, 1);
  g_assert_cmpstr (((PapersBibtexSkip *) summary->skipped->pdata[0])->key, ==, "b");
  g_assert_cmpuint (g_strv_length (summary->added), ==, 2);
  g_assert_cmpuint (library_size (collection), ==, 2);

  /* The same file again adds nothing, and says so */
  g_string_truncate (seen, 0);
  again = import_file (collection, bib, seen, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seen->str, ==, "Bi");
  g_assert_cmpuint (again->papers->len, ==, 2);
  g_assert_cmpuint (g_strv_length (again->added), ==, 0);
  g_assert_cmpuint (library_size (collection), ==, 2);
}

/* Files that are not bibliographies fail whole, the library unchanged and
 * the collection idle again after each */
static void
test_import_file_bad (void)
{
  g_autoptr(PapersCollection) collection = open_collection ("import-file-bad");
  static const char garbage[] = { 'P', 'K', 3, 4, 0, 0, (char) 0xff, (char) 0xfe, 0, 'x' };
  g_autofree char *binary = write_file ("zip.bib", garbage, sizeof garbage);
  g_autofree char *json = write_file ("refs.json", "{\"not\": \"an array\"", -1);
  g_autofree char *missing = g_build_filename (g_getenv ("PAPERS_TEST_TMPDIR"), "gone.bib", NULL);
  g_autofree char *huge = g_build_filename (g_getenv ("PAPERS_TEST_TMPDIR"), "huge.bib", NULL);
  g_autofree char *dir = g_build_filename (g_getenv ("PAPERS_TEST_TMPDIR"), "folder.bib", NULL);
  const char *paths[] = { binary, json, missing, huge, dir };
  int fd;

  /* Over the limit without writing it: a sparse file */
  fd = g_open (huge, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) PAPERS_IMPORT_MAX_BYTES + 1), ==, 0);
  close (fd);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GString) seen = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(PapersImportSummary) summary = import_file (collection, paths[i], seen, &error);

      g_test_message ("%s: %s", paths[i], error != NULL ? error->message : "(no error)");
      g_assert_null (summary);
      g_assert_nonnull (error);
      g_assert_cmpstr (seen->str, ==, "Bi");
    }
  g_assert_cmpuint (library_size (collection), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/import/undo", test_import_undo);
  g_test_add_func ("/model/import/file", test_import_file);
  g_test_add_func ("/model/import/file-bad", test_import_file_bad);
  g_test_add_func ("/model/export/formats", test_export);
  return g_test_run ();
}
