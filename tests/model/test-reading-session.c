/* test-reading-session.c: what the library keeps of a paper being read,
 * through PapersReadingSession over a real store, with no display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <math.h>

#include "papers-ranker.h"
#include "papers-reading-session.h"
#include "papers-store-wait.h"
#include "papers-test-wait.h"

#define PAPER_ID "2304.00001"

typedef struct
{
  PapersStore *store;
  guint        changes;   /* "annotations-changed" so far */
} Library;

static void
annotations_changed_cb (PapersStore *store,
                        const char  *paper_id,
                        Library     *library)
{
  g_assert_cmpstr (paper_id, ==, PAPER_ID);
  library->changes++;
}

/* A library of its own with the paper in it */
static void
library_init (Library    *library,
              const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("PAPERS_TEST_TMPDIR"), name, NULL);
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  library->store = papers_store_new (path, &error);
  g_assert_no_error (error);
  library->changes = 0;
  g_ptr_array_add (papers, papers_paper_new (PAPER_ID));
  papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error, library->store, papers,
                     TRUE);
  g_assert_no_error (error);
  g_signal_connect (library->store, "annotations-changed", G_CALLBACK (annotations_changed_cb), library);
}

static void
library_clear (Library *library)
{
  g_signal_handlers_disconnect_by_data (library->store, library);
  g_clear_object (&library->store);
}

typedef struct
{
  Library *library;
  guint    changes;
} Changes;

static gboolean
changed_enough (gpointer data)
{
  Changes *wanted = data;

  return wanted->library->changes >= wanted->changes;
}

/* Waits until the store has announced @n annotation changes in all */
static void
wait_changes (Library *library,
              guint    n)
{
  Changes wanted = { library, n };

  papers_test_wait_until (changed_enough, &wanted, "the annotations written");
}

/* What the library holds, read as a new reader would */
static GListModel *
stored_annotations (Library *library)
{
  g_autoptr(GError) error = NULL;
  GListModel *list = papers_store_wait (papers_store_list_annotations_async, papers_store_list_annotations_finish,
                                        &error, library->store, PAPER_ID);

  g_assert_no_error (error);
  return list;
}

typedef struct
{
  gboolean               done;
  PapersReadingPosition *position;
  GListModel            *annotations;
  GError                *error;
} Loaded;

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Loaded *loaded = user_data;

  papers_reading_session_load_finish (PAPERS_READING_SESSION (source), result, &loaded->position,
                                      &loaded->annotations, &loaded->error);
  loaded->done = TRUE;
}

/* What the session loads: the position (NULL when never opened) and the
 * annotations; both NULL with @error when the load fails */
static void
load (PapersReadingSession   *session,
      PapersReadingPosition **position,
      GListModel            **annotations,
      GError                **error)
{
  Loaded loaded = { FALSE, NULL, NULL, NULL };

  papers_reading_session_load_async (session, NULL, loaded_cb, &loaded);
  papers_test_wait_until (papers_test_flag_set, &loaded.done, "what the library keeps");
  if (loaded.error != NULL)
    g_propagate_error (error, loaded.error);
  if (position != NULL)
    *position = loaded.position;
  else
    g_clear_pointer (&loaded.position, papers_reading_position_free);
  if (annotations != NULL)
    *annotations = loaded.annotations;
  else
    g_clear_object (&loaded.annotations);
}

static PapersReadingPosition *
load_position (PapersReadingSession *session,
               GError              **error)
{
  PapersReadingPosition *position = NULL;

  load (session, &position, NULL, error);
  return position;
}

static GListModel *
load_annotations (PapersReadingSession *session,
                  GError              **error)
{
  GListModel *annotations = NULL;

  load (session, NULL, &annotations, error);
  return annotations;
}

static PapersAnnotation *
highlight_new (void)
{
  static const double rect[4] = { 10, 20, 110, 32 };
  PapersAnnotation *annot = papers_annotation_new (PAPER_ID, 3, "highlight");

  papers_annotation_set_rects (annot, rect, 1);
  papers_annotation_set_color (annot, "#a5d6a7");
  return annot;
}

static gboolean
has_id (gpointer annot)
{
  return papers_annotation_get_id (annot) > 0;
}

/* A position saved comes back in a later session of the same paper; a
 * paper never read has none, which is no failure of the load. */
static void
test_position (void)
{
  Library library;
  g_autoptr(PapersReadingSession) session = NULL;
  g_autoptr(PapersReadingSession) later = NULL;
  g_autoptr(PapersReadingPosition) none = NULL;
  g_autoptr(PapersReadingPosition) position = NULL;
  g_autoptr(GError) error = NULL;

  library_init (&library, "position.db");
  session = papers_reading_session_new (library.store, PAPER_ID);
  g_assert_cmpstr (papers_reading_session_get_paper_id (session), ==, PAPER_ID);
  g_assert_true (papers_reading_session_has_library (session));
  g_assert_true (papers_reading_session_is_writable (session));

  none = load_position (session, &error);
  g_assert_null (none);
  g_assert_no_error (error);

  papers_reading_session_save_position (session, 7, 0.25, 1.5);
  g_clear_object (&session);

  /* The store's worker takes jobs in turn: the load follows the save */
  later = papers_reading_session_new (library.store, PAPER_ID);
  position = load_position (later, &error);
  g_assert_no_error (error);
  g_assert_nonnull (position);
  g_assert_cmpint (position->page, ==, 7);
  g_assert_cmpfloat_with_epsilon (position->offset, 0.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (position->zoom, 1.5, 1e-9);
  library_clear (&library);
}

/* An annotation added, then edited, then removed: the library holds each
 * state in turn, and a later session loads what it holds. */
static void
test_annotations (void)
{
  Library library;
  g_autoptr(PapersReadingSession) session = NULL;
  g_autoptr(PapersAnnotation) annot = highlight_new ();
  g_autoptr(GListModel) stored = NULL;
  g_autoptr(GListModel) loaded = NULL;
  g_autoptr(PapersAnnotation) back = NULL;
  g_autoptr(GError) error = NULL;

  library_init (&library, "annotations.db");
  session = papers_reading_session_new (library.store, PAPER_ID);

  papers_reading_session_add_annotation (session, annot);
  papers_test_wait_until (has_id, annot, "the highlight stored");
  wait_changes (&library, 1);
  stored = stored_annotations (&library);
  g_assert_cmpuint (g_list_model_get_n_items (stored), ==, 1);
  g_clear_object (&stored);

  papers_annotation_set_comment (annot, "a first thought");
  papers_reading_session_update_annotation (session, annot);
  wait_changes (&library, 2);

  loaded = load_annotations (session, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (loaded), ==, 1);
  back = g_list_model_get_item (loaded, 0);
  g_assert_cmpint (papers_annotation_get_id (back), ==, papers_annotation_get_id (annot));
  g_assert_cmpstr (papers_annotation_get_comment (back), ==, "a first thought");
  g_assert_cmpint (papers_annotation_get_page (back), ==, 3);
  g_assert_cmpstr (papers_annotation_get_annotation_type (back), ==, "highlight");

  papers_reading_session_remove_annotation (session, annot);
  wait_changes (&library, 3);
  stored = stored_annotations (&library);
  g_assert_cmpuint (g_list_model_get_n_items (stored), ==, 0);
  g_clear_object (&stored);

  /* Undone: added again (SQLite may give it its old rowid back) */
  papers_reading_session_restore_annotation (session, annot);
  papers_test_wait_until (has_id, annot, "the highlight stored again");
  wait_changes (&library, 4);
  stored = stored_annotations (&library);
  g_assert_cmpuint (g_list_model_get_n_items (stored), ==, 1);
  library_clear (&library);
}

static void
set_flag_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      flag)
{
  g_assert_true (papers_store_write_finish (PAPERS_STORE (source), result, NULL));
  *(gboolean *) flag = TRUE;
}

/* Edited, then removed, before the library finished adding it (no id
 * yet): the edit is written once the add is done, and the removal too. */
static void
test_while_adding (void)
{
  Library library;
  g_autoptr(PapersReadingSession) session = NULL;
  g_autoptr(PapersAnnotation) edited = highlight_new ();
  g_autoptr(PapersAnnotation) removed = highlight_new ();
  g_autoptr(PapersAnnotation) undone = highlight_new ();
  g_autoptr(PapersAnnotation) back = NULL;
  g_autoptr(GListModel) stored = NULL;
  g_autoptr(GPtrArray) many = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean many_written = FALSE;

  library_init (&library, "while-adding.db");
  session = papers_reading_session_new (library.store, PAPER_ID);

  /* The store's worker takes its jobs in turn: while it writes these
   * thousands of papers, the adds below wait behind them, with no id. */
  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *id = g_strdup_printf ("2399.%05u", i);
      PapersPaper *paper = papers_paper_new (id);

      papers_paper_set_title (paper, "A paper the worker writes while the annotations wait");
      g_ptr_array_add (many, paper);
    }
  papers_store_upsert_papers_async (library.store, many, TRUE, NULL, set_flag_cb, &many_written);

  papers_reading_session_add_annotation (session, edited);
  papers_annotation_set_comment (edited, "written after the add");
  papers_reading_session_update_annotation (session, edited);
  g_assert_cmpint (papers_annotation_get_id (edited), ==, 0);

  papers_reading_session_add_annotation (session, removed);
  papers_reading_session_remove_annotation (session, removed);

  /* Removed and undone before its add finished: that add keeps it */
  papers_reading_session_add_annotation (session, undone);
  papers_reading_session_remove_annotation (session, undone);
  papers_reading_session_restore_annotation (session, undone);
  g_assert_cmpint (papers_annotation_get_id (removed), ==, 0);
  g_assert_cmpint (papers_annotation_get_id (undone), ==, 0);

  /* Three adds, an update and a removal */
  papers_test_wait_until (papers_test_flag_set, &many_written, "the papers written");
  wait_changes (&library, 5);
  stored = stored_annotations (&library);
  g_assert_cmpuint (g_list_model_get_n_items (stored), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(PapersAnnotation) item = g_list_model_get_item (stored, i);

      g_assert_cmpint (papers_annotation_get_id (item), !=, papers_annotation_get_id (removed));
      if (papers_annotation_get_id (item) == papers_annotation_get_id (edited))
        back = g_object_ref (item);
      else
        g_assert_cmpint (papers_annotation_get_id (item), ==, papers_annotation_get_id (undone));
    }
  g_assert_nonnull (back);
  g_assert_cmpstr (papers_annotation_get_comment (back), ==, "written after the add");
  library_clear (&library);
}

/* The library is not open: nothing to restore (NOT_FOUND), and nothing
 * is written, nor is anything asked of a store. */
static void
test_no_library (void)
{
  g_autoptr(PapersReadingSession) session = papers_reading_session_new (NULL, PAPER_ID);
  g_autoptr(PapersAnnotation) annot = highlight_new ();
  g_autoptr(PapersReadingPosition) position = NULL;
  g_autoptr(GListModel) annotations = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (papers_reading_session_has_library (session));
  g_assert_false (papers_reading_session_is_writable (session));
  position = load_position (session, &error);
  g_assert_null (position);
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  annotations = load_annotations (session, &error);
  g_assert_null (annotations);
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND);

  papers_reading_session_save_position (session, 2, 0.5, 1.0);
  papers_reading_session_add_annotation (session, annot);
  papers_reading_session_update_annotation (session, annot);
  papers_reading_session_remove_annotation (session, annot);
  g_assert_cmpint (papers_annotation_get_id (annot), ==, 0);
  g_assert_null (g_object_get_data (G_OBJECT (annot), "papers-edited-while-adding"));
}

/* The weight For You gives the paper, from what the library holds of it */
static double
stored_weight (Library *library)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersRankState) state = papers_store_wait (papers_store_load_rank_state_async,
                                                        papers_store_load_rank_state_finish, &error,
                                                        library->store, NULL);
  double *weight;

  g_assert_no_error (error);
  weight = g_hash_table_lookup (state->weights, PAPER_ID);
  g_assert_nonnull (weight);
  return *weight;
}

/* The time a paper is read reaches the library and weighs it up in For
 * You: what the viewer adds, and what the session counts itself from its
 * start to the reader's last sign and to its end */
static void
test_reading_time (void)
{
  Library library;
  g_autoptr(PapersPaper) paper = papers_paper_new (PAPER_ID);
  PapersReadingSession *session;
  double unread, counted;

  library_init (&library, "reading-time.db");
  unread = stored_weight (&library);
  g_assert_cmpfloat_with_epsilon (unread, papers_ranker_weight_for_paper (paper, 0, 0.0), 1e-9);

  session = papers_reading_session_new (library.store, PAPER_ID);
  papers_reading_session_add_reading_time (session, 600.0);
  papers_reading_session_add_reading_time (session, 300.0);
  /* Nonsense is no time */
  papers_reading_session_add_reading_time (session, -5.0);
  papers_reading_session_add_reading_time (session, NAN);
  g_object_unref (session);
  counted = stored_weight (&library);
  g_assert_cmpfloat (counted, >=, papers_ranker_weight_for_paper (paper, 0, 900.0) - 1e-9);
  g_assert_cmpfloat (counted, <, papers_ranker_weight_for_paper (paper, 0, 960.0));

  /* A session that is read a moment, then closed */
  session = papers_reading_session_new (library.store, PAPER_ID);
  g_usleep (G_USEC_PER_SEC / 5);
  papers_reading_session_save_position (session, 1, 0.25, 1.0);
  g_object_unref (session);
  g_assert_cmpfloat (stored_weight (&library), >, counted);

  library_clear (&library);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/reading-session/position", test_position);
  g_test_add_func ("/model/reading-session/annotations", test_annotations);
  g_test_add_func ("/model/reading-session/while-adding", test_while_adding);
  g_test_add_func ("/model/reading-session/no-library", test_no_library);
  g_test_add_func ("/model/reading-session/reading-time", test_reading_time);

  return g_test_run ();
}
