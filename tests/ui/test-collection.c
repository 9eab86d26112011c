/* test-collection.c: the window's library model over a real store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "papers-collection.h"

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
iterate_until (gboolean (*done) (gpointer), gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (done (data));
}

static void
set_flag (gboolean *flag)
{
  *flag = TRUE;
}

static PapersCollection *
open_collection (void)
{
  PapersCollection *collection = papers_collection_new ();
  gboolean loaded = FALSE;

  g_signal_connect_swapped (collection, "loaded", G_CALLBACK (set_flag), &loaded);
  iterate_until (flag_set, &loaded);
  return collection;
}

typedef struct
{
  GListModel *model;
  gboolean    done;
} Search;

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Search *search = user_data;

  search->model = papers_collection_search_finish (PAPERS_COLLECTION (object), result, NULL);
  search->done = TRUE;
}

static guint
count_matches (PapersCollection *collection,
               const char       *query)
{
  Search search = { 0 };
  guint n;

  papers_collection_search_async (collection, query, NULL, search_cb, &search);
  iterate_until (flag_set, &search.done);
  g_assert_nonnull (search.model);
  n = g_list_model_get_n_items (search.model);
  g_object_unref (search.model);
  return n;
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
  PapersPaper *reloaded;

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
  again = open_collection ();
  reloaded = papers_collection_lookup (again, "2410.17243");
  g_assert_nonnull (reloaded);
  g_assert_cmpstr (papers_paper_get_note (reloaded), ==, "tiling strategy");
  g_assert_cmpint (papers_paper_get_status (reloaded), ==, PAPERS_READ_STATUS_READ);
  g_assert_true (papers_paper_get_starred (reloaded));
  g_assert_cmpuint (g_strv_length ((char **) papers_paper_get_tags (reloaded)), ==, 2);
}

static void
test_tag_edits (void)
{
  g_autoptr(PapersCollection) collection = open_collection ();
  g_autoptr(PapersPaper) a = paper_new ("2410.16251", "A");
  g_autoptr(PapersPaper) b = paper_new ("2410.18533", "B");
  g_autoptr(GPtrArray) deleted = NULL;
  g_auto(GStrv) names = NULL;

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

  deleted = papers_collection_delete_tag (collection, "computer vision");
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

      papers_collection_search_async (collection, queries[i], NULL, search_cb, &search);
      iterate_until (flag_set, &search.done);
      g_clear_object (&search.model);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/collection/edits-persist", test_edits_persist);
  g_test_add_func ("/ui/collection/tag-edits", test_tag_edits);
  g_test_add_func ("/ui/collection/bad-queries", test_bad_queries);

  return g_test_run ();
}
