/* fuzz-query.c: libFuzzer target for the search language
 *
 * Every query, searched through the store's public API on a small real
 * library, either returns papers or fails with an error of the query
 * domain: user text never becomes an SQLite or FTS5 error.  So does the
 * same text as the window searches it while it is typed, found in every
 * order and under a view's tag filter made of the text itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "papers-query.h"
#include "papers-store.h"
#include "papers-store-wait.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static PapersStore *store;

static void
open_store (void)
{
  g_autofree char *dir = g_dir_make_tmp ("papers-fuzz-query-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "library.db", NULL);
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  static const char *authors[] = { "Ada Lovelace", "Zesen Cheng", NULL };
  static const char *tags[] = { "to-read", "diffusion", NULL };

  store = papers_store_new (path, &error);
  g_assert_no_error (error);

  for (int i = 0; i < 20; i++)
    {
      g_autofree char *id = g_strdup_printf ("2401.%05d", i + 1);
      PapersPaper *paper = papers_paper_new (id);

      papers_paper_set_arxiv_id (paper, id);
      papers_paper_set_title (paper, i % 2 ? "Breaking the memory barrier" : "Diffusion über alles");
      papers_paper_set_abstract (paper, "Contrastive loss scales with near infinite batch size.");
      papers_paper_set_authors (paper, authors);
      papers_paper_set_tags (paper, i % 3 ? tags : NULL);
      g_ptr_array_add (papers, paper);
    }
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                    store, papers, TRUE));
  g_assert_no_error (error);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) results = NULL;
  g_autofree char *typed = NULL;

  if (store == NULL)
    open_store ();

  results = papers_store_wait (papers_store_search_async, papers_store_search_finish, &error, store, text, 0,
                               100);
  if (results == NULL)
    {
      g_assert_nonnull (error);
      if (error->domain != PAPERS_QUERY_ERROR)
        g_error ("query %s gave a non-query error: %s", text, error->message);
    }
  else
    g_assert_no_error (error);
  g_clear_error (&error);

  typed = papers_query_dup_incremental (text);
  for (int sort = PAPERS_SORT_RELEVANCE; sort <= PAPERS_SORT_UPVOTES; sort++)
    {
      g_autoptr(PapersFound) found = papers_store_wait (papers_store_find_async, papers_store_find_finish,
                                                        &error, store, typed, sort % 2 ? "tag" : NULL, text,
                                                        sort,
                                                        sort % 3 ? PAPERS_FIND_DEFAULT : PAPERS_FIND_QUICK,
                                                        50, 10);

      if (found == NULL)
        {
          g_assert_nonnull (error);
          if (error->domain != PAPERS_QUERY_ERROR)
            g_error ("query %s gave a non-query error: %s", typed, error->message);
          g_clear_error (&error);
        }
      else
        g_assert_cmpuint (papers_found_get_n_keys (found), <=, 50);
    }

  return 0;
}
