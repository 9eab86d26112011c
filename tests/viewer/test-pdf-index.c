/* test-pdf-index.c: the library's PDFs' text read into its search
 * (src/document/papers-pdf-index.c), on PDFs made with cairo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "papers-pdf-index.h"
#include "papers-pdf-text.h"
#include "papers-store-wait.h"
#include "papers-test-wait.h"
#include "viewer-test-util.h"

static char *
tmp_path (const char *name)
{
  const char *dir = g_getenv ("PAPERS_TEST_TMPDIR");
  static int counter;
  g_autofree char *base = g_strdup_printf ("pdf-index-%d-%d-%s", (int) getpid (), ++counter, name);

  return g_build_filename (dir ? dir : g_get_tmp_dir (), base, NULL);
}

/* A PDF of @n_pages: page i shows @text (with "%d" for its number) in
 * @lines lines, or only a filled box (a scan) when @text is NULL */
static char *
make_pdf (const char *name,
          int         n_pages,
          const char *text,
          int         lines)
{
  char *path = tmp_path (name);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 612, 792);
  cairo_t *cr = cairo_create (surface);

  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 7);
  for (int i = 1; i <= n_pages; i++)
    {
      if (text == NULL)
        {
          cairo_rectangle (cr, 50, 50, 500, 700);
          cairo_fill (cr);
        }
      for (int l = 0; text != NULL && l < lines; l++)
        {
          g_autofree char *number = g_strdup_printf ("%d", i);
          g_autoptr(GString) line = g_string_new (text);

          g_string_replace (line, "%d", number, 0);

          cairo_move_to (cr, 20, 20 + l * 9);
          cairo_show_text (cr, line->str);
        }
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

static PapersStore *
new_store (guint n_papers)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_path ("library.db");
  PapersStore *store = papers_store_new (path, &error);

  g_assert_no_error (error);
  for (guint i = 1; i <= n_papers; i++)
    {
      g_autofree char *id = g_strdup_printf ("2403.%05u", i);
      PapersPaper *paper = papers_paper_new (id);

      papers_paper_set_arxiv_id (paper, id);
      papers_paper_set_title (paper, "A paper");
      g_ptr_array_add (papers, paper);
    }
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                    store, papers, TRUE));
  g_assert_no_error (error);
  return store;
}

static void
set_pdf (PapersStore *store,
         const char  *id,
         const char  *path)
{
  g_autoptr(GError) error = NULL;
  GStatBuf buf;

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  g_assert_true (papers_store_wait (papers_store_set_pdf_async, papers_store_write_finish, &error, store, id,
                                    path, (gint64) buf.st_size, NULL));
  g_assert_no_error (error);
}

static int
index_all (PapersStore *store,
           const char  *id)
{
  g_autoptr(GError) error = NULL;
  int n = papers_store_wait (papers_pdf_index_async, papers_pdf_index_finish, &error, store, id);

  g_assert_no_error (error);
  return n;
}

static GListModel *
search (PapersStore *store,
        const char  *query)
{
  g_autoptr(GError) error = NULL;
  GListModel *found = papers_store_wait (papers_store_search_async, papers_store_search_finish, &error, store,
                                         query, 0, 50);

  g_assert_no_error (error);
  return found;
}

static guint
count (PapersStore *store,
       const char  *query)
{
  g_autoptr(GListModel) found = search (store, query);

  return g_list_model_get_n_items (found);
}

/* Downloaded, indexed: a word of page 3 finds the paper on page 3; read
 * once, not again until the file changes, then again */
static void
test_index_and_change (void)
{
  g_autoptr(PapersStore) store = new_store (1);
  g_autofree char *pdf = make_pdf ("a.pdf", 4, "page %d of the paper about wombats", 2);
  g_autofree char *other = make_pdf ("b.pdf", 2, "page %d now says platypus", 1);
  g_autoptr(GListModel) found = NULL;
  g_autoptr(PapersPaper) paper = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  set_pdf (store, "2403.00001", pdf);
  g_assert_cmpuint (count (store, "has:fulltext"), ==, 0);
  g_assert_cmpint (index_all (store, "2403.00001"), ==, 1);
  found = search (store, "wombats 3");
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  paper = g_list_model_get_item (found, 0);
  g_assert_cmpint (papers_paper_get_search_page (paper), ==, 3);
  g_assert_nonnull (strstr (papers_paper_get_search_snippet (paper), "<b>wombats</b>"));
  g_assert_cmpuint (count (store, "has:fulltext"), ==, 1);

  /* Nothing changed: nothing read */
  g_assert_cmpint (index_all (store, NULL), ==, 0);

  /* The file replaced in place (another size, another mtime) */
  g_assert_true (g_file_get_contents (other, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (pdf, contents, length, NULL));
  g_assert_cmpint (index_all (store, NULL), ==, 1);
  g_assert_cmpuint (count (store, "wombats"), ==, 0);
  g_assert_cmpuint (count (store, "platypus"), ==, 1);

  /* A new download of the paper (another sha256 known) is read again */
  {
    g_autoptr(GError) error = NULL;
    GStatBuf buf;

    g_assert_cmpint (g_stat (pdf, &buf), ==, 0);
    g_assert_true (papers_store_wait (papers_store_set_pdf_async, papers_store_write_finish, &error, store,
                                      "2403.00001", pdf, (gint64) buf.st_size, "0123abcd"));
    g_assert_cmpint (index_all (store, NULL), ==, 1);
    g_assert_cmpint (index_all (store, NULL), ==, 0);
  }
}

/* A scan, a file that is not a PDF, a missing file: no crash, no text;
 * the first two are not read again */
static void
test_bad_files (void)
{
  g_autoptr(PapersStore) store = new_store (3);
  g_autofree char *scan = make_pdf ("scan.pdf", 3, NULL, 0);
  g_autofree char *garbage = tmp_path ("garbage.pdf");
  g_autofree char *gone = tmp_path ("gone.pdf");

  g_assert_true (g_file_set_contents (garbage, "%PDF-1.7\n\x01\x02 garbage \xff\xfe endobj trailer <<>>", -1,
                                      NULL));
  g_assert_true (g_file_set_contents (gone, "x", -1, NULL));
  set_pdf (store, "2403.00001", scan);
  set_pdf (store, "2403.00002", garbage);
  set_pdf (store, "2403.00003", gone);
  g_assert_cmpint (g_unlink (gone), ==, 0);

  g_assert_cmpint (index_all (store, NULL), ==, 2);
  g_assert_cmpuint (count (store, "has:fulltext"), ==, 0);
  g_assert_cmpuint (count (store, "garbage"), ==, 0);
  g_assert_cmpint (index_all (store, NULL), ==, 0);
}

/* Text that is not text: control characters, form feeds, invalid UTF-8
 * from a font without a usable map are all made searchable text */
static void
test_garbage_text (void)
{
  g_autoptr(PapersStore) store = new_store (1);
  g_autofree char *pdf = make_pdf ("odd.pdf", 2, "\x01\x02\f\x7f page %d \xc3\xa9t\xc3\xa9 zzqx \xe2\x80\x8b", 1);
  g_autoptr(GFile) file = g_file_new_for_path (pdf);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) pages = papers_pdf_read_pages_text (file, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (pages), ==, 2);
  for (guint i = 0; pages[i] != NULL; i++)
    {
      g_assert_true (g_utf8_validate (pages[i], -1, NULL));
      g_assert_null (strchr (pages[i], '\f'));
    }
  set_pdf (store, "2403.00001", pdf);
  g_assert_cmpint (index_all (store, NULL), ==, 1);
  g_assert_cmpuint (count (store, "zzqx"), ==, 1);
  g_assert_cmpuint (count (store, "ete"), ==, 1);
}

typedef struct
{
  gint64 last;
  gint64 longest;
} Ticks;

static gboolean
tick_cb (gpointer data)
{
  Ticks *ticks = data;
  gint64 now = g_get_monotonic_time ();

  ticks->longest = MAX (ticks->longest, now - ticks->last);
  ticks->last = now;
  return G_SOURCE_CONTINUE;
}

static void
index_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static gboolean
have_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/* A book of several hundred pages with more text than is kept: read to
 * the bound, on a worker, the main loop turning all along */
static void
test_book (void)
{
  g_autoptr(PapersStore) store = new_store (1);
  g_autofree char *line = g_strnfill (90, 'w');
  g_autofree char *text = g_strdup_printf ("p%%d kangaroo %s", line);
  g_autofree char *pdf = make_pdf ("book.pdf", 400, text, 70);
  g_autoptr(GFile) file = g_file_new_for_path (pdf);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) pages = papers_pdf_read_pages_text (file, NULL, &error);
  gsize total = 0;
  Ticks ticks = { g_get_monotonic_time (), 0 };
  GAsyncResult *result = NULL;
  guint source;

  g_assert_no_error (error);
  for (guint i = 0; pages[i] != NULL; i++)
    total += strlen (pages[i]) + 1;
  g_assert_cmpuint (total, <=, PAPERS_PDF_INDEX_MAX_TEXT);
  g_assert_cmpuint (g_strv_length (pages), >, 250);
  g_assert_cmpuint (g_strv_length (pages), <, 400);

  /* The default context turns while the store and the worker work */
  set_pdf (store, "2403.00001", pdf);
  source = g_timeout_add (5, tick_cb, &ticks);
  papers_pdf_index_async (store, NULL, NULL, index_done_cb, &result);
  papers_test_wait_until (have_result, &result, "the book indexed");
  g_source_remove (source);
  g_assert_cmpint (papers_pdf_index_finish (store, result, &error), ==, 1);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_test_message ("longest main loop stall: %.1f ms", ticks.longest / 1000.0);
  g_assert_cmpint (ticks.longest, <, 250000 * papers_test_timeout_multiplier ());
  g_assert_cmpuint (count (store, "kangaroo"), ==, 1);
}

/* A PDF that needs a password: no text, no crash, not read again */
static void
test_encrypted (void)
{
  g_autoptr(GFile) file = viewer_test_corpus_file ("popplertest__PasswordEncrypted.pdf");
  g_autoptr(PapersStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) pages = NULL;
  g_autofree char *path = NULL;

  if (file == NULL)
    return;
  pages = papers_pdf_read_pages_text (file, NULL, &error);
  g_assert_null (pages);
  g_assert_error (error, PAPERS_PDF_ERROR, PAPERS_PDF_ERROR_ENCRYPTED);
  store = new_store (1);
  path = g_file_get_path (file);
  set_pdf (store, "2403.00001", path);
  g_assert_cmpint (index_all (store, NULL), ==, 1);
  g_assert_cmpuint (count (store, "has:fulltext"), ==, 0);
  g_assert_cmpint (index_all (store, NULL), ==, 0);
}

static gboolean
indexer_idle (gpointer indexer)
{
  return !papers_pdf_indexer_is_busy (indexer);
}

/* The background indexer: every PDF once at start, resuming where a pass
 * stopped (what was read is in the library), then each PDF the store
 * announces */
static void
test_backfill (void)
{
  g_autoptr(PapersStore) store = new_store (4);
  g_autoptr(PapersPdfIndexer) indexer = NULL;
  g_autofree char *first = make_pdf ("1.pdf", 2, "first echidna %d", 1);
  g_autofree char *second = make_pdf ("2.pdf", 2, "second echidna %d", 1);
  g_autofree char *third = make_pdf ("3.pdf", 2, "third echidna %d", 1);
  g_autofree char *fourth = make_pdf ("4.pdf", 2, "fourth numbat %d", 1);

  set_pdf (store, "2403.00001", first);
  set_pdf (store, "2403.00002", second);
  set_pdf (store, "2403.00003", third);
  /* An earlier run read one of them before it stopped */
  g_assert_cmpint (index_all (store, "2403.00002"), ==, 1);

  indexer = papers_pdf_indexer_new (store);
  g_assert_false (papers_pdf_indexer_is_busy (indexer));
  papers_pdf_indexer_start (indexer);
  g_assert_true (papers_pdf_indexer_is_busy (indexer));
  papers_test_wait_until (indexer_idle, indexer, "the backfill");
  g_assert_cmpuint (count (store, "echidna"), ==, 3);
  /* The rest only was read */
  g_assert_cmpint (index_all (store, NULL), ==, 0);

  /* A PDF downloaded or added later */
  set_pdf (store, "2403.00004", fourth);
  g_assert_true (papers_pdf_indexer_is_busy (indexer));
  papers_test_wait_until (indexer_idle, indexer, "the new PDF indexed");
  g_assert_cmpuint (count (store, "numbat"), ==, 1);

  papers_pdf_indexer_stop (indexer);
  set_pdf (store, "2403.00004", first);
  g_assert_false (papers_pdf_indexer_is_busy (indexer));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/viewer/pdf-index/index-and-change", test_index_and_change);
  g_test_add_func ("/viewer/pdf-index/bad-files", test_bad_files);
  g_test_add_func ("/viewer/pdf-index/garbage-text", test_garbage_text);
  g_test_add_func ("/viewer/pdf-index/book", test_book);
  g_test_add_func ("/viewer/pdf-index/backfill", test_backfill);
  g_test_add_func ("/corpus/pdf-index/encrypted", test_encrypted);

  return g_test_run ();
}
