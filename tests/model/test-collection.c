/* test-collection.c: the window's library model over a real store, with
 * no display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "papers-collection.h"
#include "papers-recovery.h"
#include "papers-results.h"
#include "papers-test-wait.h"
#include "papers-store-wait.h"

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

#define wait_until(done, data) papers_test_wait_until ((done), (data), #done " (" #data ")")

static void
set_flag (gboolean *flag)
{
  *flag = TRUE;
}

/* notify::loaded: counts the times it turned TRUE */
static void
loaded_cb (PapersCollection *collection,
           GParamSpec       *pspec,
           guint            *loaded)
{
  if (papers_collection_get_loaded (collection))
    (*loaded)++;
}

static gboolean
count_set (gpointer data)
{
  return *(guint *) data > 0;
}

static PapersCollection *
open_collection (void)
{
  PapersCollection *collection = papers_collection_new ();
  guint loaded = 0;

  g_signal_connect (collection, "notify::loaded", G_CALLBACK (loaded_cb), &loaded);
  papers_test_wait_until (count_set, &loaded, "the collection is loaded");
  g_signal_handlers_disconnect_by_data (collection, &loaded);
  return collection;
}

typedef struct
{
  GListModel *model;
  GPtrArray  *deleted;
  gboolean    done;
} Search;

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Search *search = user_data;

  search->model = papers_collection_find_finish (PAPERS_COLLECTION (object), result, NULL);
  search->done = TRUE;
}

static GListModel *
find_tagged (PapersCollection *collection,
             const char       *query,
             const char       *tag,
             PapersSort        sort,
             GListModel       *update)
{
  Search search = { 0 };

  papers_collection_find_async (collection, query, tag ? "tag" : NULL, tag, sort, PAPERS_FIND_DEFAULT, 0, update, NULL,
                                search_cb, &search);
  wait_until (flag_set, &search.done);
  return search.model;
}

static GListModel *
find (PapersCollection *collection,
      const char       *query,
      PapersSort        sort,
      GListModel       *update)
{
  return find_tagged (collection, query, NULL, sort, update);
}

static void
delete_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Search *search = user_data;

  search->deleted = papers_collection_delete_tag_finish (PAPERS_COLLECTION (object), result, NULL);
  search->done = TRUE;
}

static guint
count_matches (PapersCollection *collection,
               const char       *query)
{
  g_autoptr(GListModel) model = find (collection, query, PAPERS_SORT_RELEVANCE, NULL);

  g_assert_nonnull (model);
  return g_list_model_get_n_items (model);
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

static void
test_edits_persist (void)
{
  g_autoptr(PapersCollection) collection = open_collection ();
  g_autoptr(PapersPaper) paper = paper_new ("2410.17243", "Breaking the Memory Barrier");
  g_autoptr(PapersPaper) removed = NULL;
  g_autoptr(PapersCollection) again = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(PapersPaper) reloaded = NULL;

  papers_collection_add (collection, paper);
  papers_collection_tag_paper (collection, paper, "  contrastive ", NULL);
  papers_collection_tag_paper (collection, paper, "CONTRASTIVE", NULL); /* the same tag */
  papers_collection_tag_paper (collection, paper, "to-read", NULL);
  papers_collection_set_note (collection, paper, "tiling strategy");
  papers_collection_set_status (collection, paper, PAPERS_READ_STATUS_READ);
  papers_collection_set_starred (collection, paper, TRUE);
  g_assert_cmpuint (g_strv_length ((char **) papers_paper_get_tags (paper)), ==, 2);

  g_assert_cmpuint (count_matches (collection, "tag:contrastive"), ==, 1);
  g_assert_cmpuint (count_matches (collection, "tiling"), ==, 1);
  g_assert_cmpuint (count_matches (collection, "is:read"), ==, 1);
  g_assert_cmpuint (count_matches (collection, "-tag:contrastive"), ==, 0);

  /* Remove, then undo: tags, note and status come back too. */
  removed = papers_collection_remove (collection, "2410.17243");
  g_assert_nonnull (removed);
  g_assert_false (papers_paper_get_in_library (removed));
  g_assert_cmpuint (count_matches (collection, "tiling"), ==, 0);
  papers_collection_add (collection, removed);
  g_assert_cmpuint (count_matches (collection, "tiling"), ==, 1);
  g_assert_cmpuint (count_matches (collection, "tag:to-read"), ==, 1);

  /* A fresh collection over the same library sees it all. */
  g_clear_object (&collection);
  g_clear_object (&paper);
  g_clear_object (&removed);
  again = open_collection ();
  g_assert_null (papers_collection_lookup (again, "2410.17243"));
  g_assert_cmpuint (papers_collection_get_counts (again)->all, ==, 0); /* not counted yet */
  all = find (again, "", PAPERS_SORT_PUBLISHED, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 1);
  reloaded = g_list_model_get_item (all, 0);
  g_assert_false (papers_results_is_placeholder (reloaded));
  g_assert_true (papers_collection_lookup (again, "2410.17243") == reloaded);
  g_assert_cmpstr (papers_paper_get_note (reloaded), ==, "tiling strategy");
  g_assert_cmpint (papers_paper_get_status (reloaded), ==, PAPERS_READ_STATUS_READ);
  g_assert_true (papers_paper_get_starred (reloaded));
  g_assert_cmpuint (g_strv_length ((char **) papers_paper_get_tags (reloaded)), ==, 2);
}

/* ::changed during papers_collection_refresh(): each time, whether the
 * collection said it came of the refresh */
typedef struct
{
  guint    emitted;
  guint    refreshing;
  gboolean null_paper;
} Refreshed;

static void
refresh_changed_cb (PapersCollection *collection,
                    PapersPaper      *paper,
                    PapersChange      change,
                    Refreshed        *refreshed)
{
  refreshed->emitted++;
  if (papers_collection_is_refreshing (collection))
    refreshed->refreshing++;
  if (paper == NULL)
    refreshed->null_paper = TRUE;
}

static gboolean
note_is (gpointer data)
{
  return g_strcmp0 (papers_paper_get_note (data), "from elsewhere") == 0 &&
         papers_paper_get_tags (data) != NULL && g_strv_contains (papers_paper_get_tags (data), "synced");
}

/* Another writer (a sync round's process) changed a paper on show: a
 * refresh brings the live object up to date, and every ::changed it
 * emits says it comes of the refresh, so the window does not take it for
 * the reader's edit (which would start another sync) */
static void
test_refresh (void)
{
  g_autoptr(PapersCollection) collection = open_collection ();
  g_autoptr(PapersCollection) other = NULL;
  g_autoptr(PapersPaper) paper = paper_new ("2410.17243", "Breaking the Memory Barrier");
  g_autoptr(PapersPaper) theirs = paper_new ("2410.17243", "Breaking the Memory Barrier");
  Refreshed refreshed = { 0 };
  guint edits = 0;

  papers_collection_add (collection, paper);
  g_assert_true (papers_collection_canonical (collection, paper) == paper);
  other = open_collection ();
  papers_paper_set_note (theirs, "from elsewhere");
  papers_paper_set_tags (theirs, (const char * const []) { "synced", NULL });
  papers_collection_add (other, theirs);
  g_assert_cmpuint (count_matches (other, "tag:synced"), ==, 1);
  g_assert_null (papers_paper_get_note (paper));

  g_signal_connect (collection, "changed", G_CALLBACK (refresh_changed_cb), &refreshed);
  papers_collection_refresh (collection);
  wait_until (note_is, paper);
  g_assert_true (refreshed.null_paper);
  g_assert_cmpuint (refreshed.emitted, >=, 2);
  g_assert_cmpuint (refreshed.refreshing, ==, refreshed.emitted);
  g_assert_false (papers_collection_is_refreshing (collection));

  /* Choosing a note writes and announces it even when it is the text
   * the paper has: the choice is the edit that settles a conflict */
  g_signal_handlers_disconnect_by_data (collection, &refreshed);
  g_signal_connect_swapped (collection, "changed", G_CALLBACK (g_atomic_int_inc), &edits);
  papers_collection_set_note (collection, paper, "from elsewhere");
  g_assert_cmpuint (edits, ==, 0);
  papers_collection_choose_note (collection, paper, "from elsewhere");
  g_assert_cmpuint (edits, ==, 1);
}

/* A paper added with a PDF of the reader's own (a dropped file, Open
 * With) keeps it in the library, through a removal and its undo too. */
static void
test_added_pdf_persists (void)
{
  g_autoptr(PapersCollection) collection = open_collection ();
  g_autoptr(PapersPaper) paper = paper_new ("2410.17244", "A dropped paper");
  g_autoptr(PapersPaper) removed = NULL;
  g_autoptr(PapersCollection) again = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(PapersPaper) reloaded = NULL;
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "dropped-paper.pdf", NULL);

  g_assert_true (g_file_set_contents (path, "%PDF-1.4\n", -1, NULL));
  papers_paper_set_pdf_path (paper, path);
  papers_collection_add (collection, paper);
  removed = papers_collection_remove (collection, "2410.17244");
  g_assert_nonnull (removed);
  papers_collection_add (collection, removed);
  /* A find waits for the writes queued before it */
  g_assert_cmpuint (count_matches (collection, "dropped"), ==, 1);

  g_clear_object (&collection);
  g_clear_object (&paper);
  g_clear_object (&removed);
  again = open_collection ();
  all = find (again, "dropped", PAPERS_SORT_PUBLISHED, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 1);
  reloaded = g_list_model_get_item (all, 0);
  g_assert_cmpstr (papers_paper_get_pdf_path (reloaded), ==, path);
  g_unlink (path);
}

static void
test_tag_edits (void)
{
  g_autoptr(PapersCollection) collection = open_collection ();
  g_autoptr(PapersPaper) a = paper_new ("2410.16251", "A");
  g_autoptr(PapersPaper) b = paper_new ("2410.18533", "B");
  g_autoptr(GPtrArray) deleted = NULL;
  g_auto(GStrv) names = NULL;
  Search search = { 0 };

  papers_collection_add (collection, a);
  papers_collection_add (collection, b);
  papers_collection_tag_paper (collection, a, "vision", NULL);
  papers_collection_tag_paper (collection, b, "cv", NULL);

  g_assert_true (papers_collection_rename_tag (collection, "vision", "computer vision"));
  g_assert_false (papers_collection_rename_tag (collection, "computer vision", "cv")); /* merge instead */
  g_assert_false (papers_collection_rename_tag (collection, "no such tag", "x"));
  g_assert_false (papers_collection_rename_tag (collection, "cv", ""));
  g_assert_cmpstr (papers_paper_get_tags (a)[0], ==, "computer vision");

  papers_collection_merge_tag (collection, "cv", "computer vision");
  g_assert_cmpstr (papers_paper_get_tags (b)[0], ==, "computer vision");
  g_assert_cmpuint (count_matches (collection, "tag:\"computer vision\""), ==, 2);

  papers_collection_delete_tag_async (collection, "computer vision", delete_cb, &search);
  wait_until (flag_set, &search.done);
  deleted = search.deleted;
  g_assert_cmpuint (deleted->len, ==, 2);
  g_assert_cmpuint (count_matches (collection, "tag:\"computer vision\""), ==, 0);
  papers_collection_restore_tag (collection, "computer vision", "#e01b24", deleted);
  g_assert_cmpuint (count_matches (collection, "tag:\"computer vision\""), ==, 2);
  g_assert_cmpstr (papers_collection_get_tag_color (collection, "computer vision"), ==, "#e01b24");
  names = papers_collection_dup_tag_names (collection);
  g_assert_true (g_strv_contains ((const char * const *) names, "computer vision"));
  g_assert_false (g_strv_contains ((const char * const *) names, "vision"));
  g_assert_false (g_strv_contains ((const char * const *) names, "cv"));
}

static void
test_bad_queries (void)
{
  g_autoptr(PapersCollection) collection = open_collection ();
  const char *queries[] = { "\"unbalanced", "tag:", "year:abc", "is:", "-", "((((", "\xff\xfe", NULL };

  /* Hostile or half-typed queries fail or find nothing, never crash. */
  for (guint i = 0; queries[i] != NULL; i++)
    {
      Search search = { 0 };

      papers_collection_find_async (collection, queries[i], "tag", queries[i], PAPERS_SORT_TITLE, PAPERS_FIND_DEFAULT,
                                    10, NULL, NULL,
                                    search_cb, &search);
      wait_until (flag_set, &search.done);
      g_clear_object (&search.model);
    }
}

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint calls;
} Changes;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->position = position;
  changes->removed = removed;
  changes->added = added;
  changes->calls++;
}

static gboolean
changed_once (gpointer data)
{
  return ((Changes *) data)->calls > 0;
}

#define N_LONG 1000

static gboolean
all_shown (gpointer list)
{
  return g_list_model_get_n_items (list) == N_LONG;
}

static void
test_long_list (void)
{
  g_autoptr(PapersCollection) collection = open_collection ();
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GListModel) again = NULL;
  g_autoptr(PapersPaper) first = NULL;
  g_autoptr(PapersPaper) far = NULL;
  g_autoptr(PapersPaper) loaded = NULL;
  g_autoptr(PapersPaper) removed = NULL;
  g_autoptr(GError) error = NULL;
  Changes changes = { 0 };

  for (guint i = 0; i < N_LONG; i++)
    {
      g_autofree char *id = g_strdup_printf ("2401.%05u", i);
      g_autofree char *title = g_strdup_printf ("Paper %04u", i);
      PapersPaper *paper = paper_new (id, title);
      const char *tags[] = { "long list", NULL };

      /* Tagged, so other tests' papers stay out of the list */
      papers_paper_set_tags (paper, tags);
      g_ptr_array_add (papers, paper);
    }
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                    papers_collection_get_store (collection), papers, TRUE));
  g_assert_no_error (error);
  g_clear_pointer (&papers, g_ptr_array_unref);

  list = find_tagged (collection, "", "long list", PAPERS_SORT_TITLE, NULL);
  g_assert_true (PAPERS_IS_RESULTS (list));
  /* A screenful at first, the rest a step at a time after it */
  g_assert_cmpuint (g_list_model_get_n_items (list), >, 10);
  g_assert_cmpuint (g_list_model_get_n_items (list), <, 100);
  wait_until (all_shown, list);
  g_assert_null (g_list_model_get_item (list, N_LONG));

  /* The first screenful comes loaded; a far item is a placeholder until
   * its page arrives, then announced as changed. */
  first = g_list_model_get_item (list, 0);
  g_assert_false (papers_results_is_placeholder (first));
  g_assert_cmpstr (papers_paper_get_title (first), ==, "Paper 0000");
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  far = g_list_model_get_item (list, 777);
  g_assert_true (papers_results_is_placeholder (far));
  wait_until (changed_once, &changes);
  g_assert_cmpuint (changes.position, <=, 777);
  g_assert_cmpuint (changes.removed, ==, changes.added);
  loaded = g_list_model_get_item (list, 777);
  g_assert_false (papers_results_is_placeholder (loaded));
  g_assert_cmpstr (papers_paper_get_title (loaded), ==, "Paper 0777");
  g_assert_cmpuint (papers_results_find (PAPERS_RESULTS (list), "2401.00777"), ==, 777);

  /* One object per paper: another list gives the same one. */
  again = find (collection, "\"Paper 0000\"", PAPERS_SORT_RELEVANCE, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (again), ==, 1);
  {
    g_autoptr(PapersPaper) same = g_list_model_get_item (again, 0);
    g_assert_true (same == first);
  }

  /* An edit refreshes the list in place: only the removed row changes. */
  removed = papers_collection_remove (collection, "2401.00777");
  g_assert_nonnull (removed);
  changes.calls = 0;
  g_clear_object (&again);
  again = find_tagged (collection, "", "long list", PAPERS_SORT_TITLE, list);
  g_assert_true (again == list);
  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_cmpuint (changes.position, ==, 777);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_cmpuint (changes.added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, N_LONG - 1);
  {
    g_autoptr(PapersPaper) kept = g_list_model_get_item (list, 0);
    g_assert_true (kept == first);
  }

  /* Scrolling through the whole list holds a bounded number of papers. */
  for (guint i = 0; i < N_LONG - 1; i++)
    {
      g_autoptr(PapersPaper) item = g_list_model_get_item (list, i);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_signal_handlers_disconnect_by_data (list, &changes);
}

static void
test_counts (void)
{
  g_autoptr(PapersCollection) collection = papers_collection_new ();
  g_autoptr(PapersPaper) a = paper_new ("2499.00001", "A");
  g_autoptr(PapersPaper) b = paper_new ("2499.00002", "B");
  gboolean counted = FALSE;
  PapersCounts before;
  const PapersCounts *after;

  /* Counted once the library is open */
  g_signal_connect_swapped (collection, "notify::counts", G_CALLBACK (set_flag), &counted);
  wait_until (flag_set, &counted);
  before = *papers_collection_get_counts (collection);

  counted = FALSE;
  papers_collection_add (collection, a);
  papers_collection_add (collection, b);
  papers_collection_set_status (collection, a, PAPERS_READ_STATUS_READING);
  papers_collection_set_starred (collection, b, TRUE);
  wait_until (flag_set, &counted);
  after = papers_collection_get_counts (collection);
  g_assert_cmpuint (after->all, ==, before.all + 2);
  g_assert_cmpuint (after->unread, ==, before.unread + 1);
  g_assert_cmpuint (after->reading, ==, before.reading + 1);
  g_assert_cmpuint (after->read, ==, before.read);
  g_assert_cmpuint (after->starred, ==, before.starred + 1);
}

/* A search's body hit reaches the object on show, which another list
 * loaded first, and a later find without it takes it away again */
static void
test_body_hit_on_show (void)
{
  g_autoptr(PapersCollection) collection = open_collection ();
  g_autoptr(PapersPaper) paper = paper_new ("2499.00003", "Flowers");
  const char *pages[] = { "Nothing here.", "Petals of zygomorphic flowers.", NULL };
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListModel) found = NULL;
  g_autoptr(GListModel) again = NULL;
  g_autoptr(PapersPaper) shown = NULL;
  g_autoptr(PapersPaper) hit = NULL;
  g_autoptr(GError) error = NULL;

  papers_collection_add (collection, paper);
  g_assert_true (papers_store_wait (papers_store_set_pdf_pages_async, papers_store_write_finish, &error,
                                    papers_collection_get_store (collection), "2499.00003", pages, 1000,
                                    1700000000, "cafe"));
  g_assert_no_error (error);

  all = find (collection, "flowers", PAPERS_SORT_RELEVANCE, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 1);
  shown = g_list_model_get_item (all, 0);
  g_assert_null (papers_paper_get_search_snippet (shown));

  found = find (collection, "zygomorphic", PAPERS_SORT_RELEVANCE, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  hit = g_list_model_get_item (found, 0);
  g_assert_true (hit == shown);
  g_assert_cmpint (papers_paper_get_search_page (hit), ==, 2);
  g_assert_nonnull (strstr (papers_paper_get_search_snippet (hit), "<b>zygomorphic</b>"));

  again = find (collection, "flowers", PAPERS_SORT_RELEVANCE, NULL);
  g_assert_null (papers_paper_get_search_snippet (shown));
  g_assert_cmpint (papers_paper_get_search_page (shown), ==, 0);
}

/* The body hits of a search's results past the papers its find loaded
 * (the first screenful) come with their page's load */
static void
test_body_hits_past_first_load (void)
{
  g_autoptr(PapersCollection) collection = open_collection ();
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListModel) list = NULL;
  g_autoptr(PapersPaper) far = NULL;
  g_autoptr(PapersPaper) loaded = NULL;
  g_autoptr(GError) error = NULL;
  Changes changes = { 0 };
  const guint n = 90;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("2402.%05u", i);

      g_ptr_array_add (papers, paper_new (id, "Untitled"));
    }
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                    papers_collection_get_store (collection), papers, TRUE));
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      const char *pages[] = { "cover", "a quagga on page two", NULL };

      g_assert_true (papers_store_wait (papers_store_set_pdf_pages_async, papers_store_write_finish, &error,
                                        papers_collection_get_store (collection),
                                        papers_paper_get_id (papers->pdata[i]), pages, 1000, 1700000000, NULL));
      g_assert_no_error (error);
    }

  list = find (collection, "quagga", PAPERS_SORT_RELEVANCE, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, n);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  far = g_list_model_get_item (list, n - 5);
  g_assert_true (papers_results_is_placeholder (far));
  wait_until (changed_once, &changes);
  loaded = g_list_model_get_item (list, n - 5);
  g_assert_false (papers_results_is_placeholder (loaded));
  g_assert_cmpint (papers_paper_get_search_page (loaded), ==, 2);
  g_assert_nonnull (strstr (papers_paper_get_search_snippet (loaded), "<b>quagga</b>"));
}

/* The library opens on the store's thread (papers_store_open_full_async()):
 * the collection is not loaded when made, and #PapersCollection:loaded
 * turns TRUE once, when the open completes, with the store open.  Each
 * collection opens a store of its own. */
static void
test_loaded_notify (void)
{
  g_autoptr(PapersCollection) first = papers_collection_new ();
  g_autoptr(PapersCollection) second = NULL;
  gboolean loaded = TRUE;
  guint notified = 0;

  g_assert_false (papers_collection_get_loaded (first));
  g_object_get (first, "loaded", &loaded, NULL);
  g_assert_false (loaded);
  g_assert_null (papers_collection_get_store (first));
  g_signal_connect (first, "notify::loaded", G_CALLBACK (loaded_cb), &notified);
  papers_test_wait_until (count_set, &notified, "the collection is loaded");
  g_object_get (first, "loaded", &loaded, NULL);
  g_assert_true (loaded);
  g_assert_nonnull (papers_collection_get_store (first));
  g_assert_null (papers_collection_get_open_error (first));

  /* Once: nothing else turns it (counts and tags come after) */
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (notified, ==, 1);

  second = open_collection ();
  g_assert_true (papers_collection_get_loaded (second));
  g_assert_nonnull (papers_collection_get_store (second));
  g_assert_true (papers_collection_get_store (first) != papers_collection_get_store (second));
}

static void
count_error (guint *errors)
{
  (*errors)++;
}

/* A library file of garbage: the collection is loaded and says why it
 * could not open, reports no error (nothing was being written), and
 * refuses edits rather than showing them unsaved.  Once the file is set
 * aside it opens anew. */
static void
test_damaged (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *path = g_build_filename (g_getenv ("PAPERS_TEST_TMPDIR"), "damaged.db", NULL);
      g_autoptr(PapersCollection) collection = NULL;
      g_autoptr(PapersPaper) paper = paper_new ("2401.00001", "Kept nowhere");
      g_autoptr(GError) error = NULL;
      g_autofree char *aside = NULL;
      guint errors = 0;
      guint loaded = 0;

      g_assert_true (g_file_set_contents (path, "garbage, not a database, ha ha ha ha ha ha ha ha ha ha", -1, NULL));
      g_setenv ("PAPERS_LIBRARY", path, TRUE);
      collection = papers_collection_new ();
      g_signal_connect_swapped (collection, "error", G_CALLBACK (count_error), &errors);
      g_signal_connect (collection, "notify::loaded", G_CALLBACK (loaded_cb), &loaded);
      papers_test_wait_until (count_set, &loaded, "the collection is loaded");
      /* Loaded, with the reason, and not loaded again */
      g_assert_true (papers_collection_get_loaded (collection));
      g_assert_cmpuint (loaded, ==, 1);

      g_assert_null (papers_collection_get_store (collection));
      g_assert_error ((GError *) papers_collection_get_open_error (collection), PAPERS_STORE_ERROR,
                      PAPERS_STORE_ERROR_CORRUPT);
      g_assert_false (papers_collection_can_edit (collection));
      g_assert_false (papers_collection_is_read_only (collection));
      /* The refusal is the model layer's debug message, in its own domain */
      g_test_expect_message ("Papers-Model", G_LOG_LEVEL_DEBUG, "*cannot be written was refused*");
      papers_collection_add (collection, paper);
      g_test_assert_expected_messages ();
      g_assert_false (papers_paper_get_in_library (paper));
      papers_collection_tag_paper (collection, paper, "nowhere", NULL);
      g_assert_null (papers_paper_get_tags (paper));

      aside = papers_recovery_set_aside (path, NULL, &error);
      g_assert_no_error (error);
      loaded = 0;
      papers_collection_reopen (collection);
      /* Unloaded while it opens again */
      g_assert_false (papers_collection_get_loaded (collection));
      papers_test_wait_until (count_set, &loaded, "the collection is loaded again");
      g_assert_cmpuint (loaded, ==, 1);
      g_assert_nonnull (papers_collection_get_store (collection));
      g_assert_null (papers_collection_get_open_error (collection));
      g_assert_true (papers_collection_can_edit (collection));
      g_assert_cmpuint (errors, ==, 0);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/collection/edits-persist", test_edits_persist);
  g_test_add_func ("/model/collection/added-pdf-persists", test_added_pdf_persists);
  g_test_add_func ("/model/collection/tag-edits", test_tag_edits);
  g_test_add_func ("/model/collection/bad-queries", test_bad_queries);
  g_test_add_func ("/model/collection/long-list", test_long_list);
  g_test_add_func ("/model/collection/counts", test_counts);
  g_test_add_func ("/model/collection/body-hit-on-show", test_body_hit_on_show);
  g_test_add_func ("/model/collection/body-hits-past-first-load", test_body_hits_past_first_load);
  g_test_add_func ("/model/collection/loaded-notify", test_loaded_notify);
  g_test_add_func ("/model/collection/damaged", test_damaged);
  g_test_add_func ("/model/collection/refresh", test_refresh);

  return g_test_run ();
}
