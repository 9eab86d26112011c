/* test-library-state.c: the window with a damaged library (its page, the
 * backup restored, a new library) under its own time limit: each case
 * opens a window in a process of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "papers-store.h"
#include "papers-test-wait.h"
#include "papers-window-private.h"
#include "papers-store-wait.h"

#define iterate_until(done, data) papers_test_wait_until ((done), (data), #done " (" #data ")")

static gboolean
collection_loaded (gpointer window)
{
  return papers_collection_get_loaded (papers_window_get_collection (window));
}

static gboolean
backup_known (gpointer window)
{
  return PAPERS_WINDOW (window)->library_backup_known;
}

static gboolean
daily_settled (gpointer window)
{
  PapersWindow *self = window;

  return g_strcmp0 (self->view, "daily") == 0 &&
         !g_str_equal (gtk_stack_get_visible_child_name (self->list_stack), "loading");
}

static gboolean
library_restored (gpointer window)
{
  PapersWindow *self = window;

  return papers_collection_get_store (self->collection) != NULL && self->library_model != NULL &&
         g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 1;
}

static gboolean
action_enabled (GtkWidget  *window,
                const char *name)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (window), name);
}

/* A library of garbage in a folder of its own, with a backup of one
 * paper made by the store first when @backup; Daily Papers' server is a
 * closed port, so its listing fails at once.  Returns the folder. */
static char *
damaged_library (const char *name,
                 gboolean    backup)
{
  char *dir = g_build_filename (g_getenv ("PAPERS_TEST_TMPDIR"), name, NULL);
  g_autofree char *path = g_build_filename (dir, "library.db", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_setenv ("PAPERS_LIBRARY", path, TRUE);
  g_setenv ("PAPERS_HF_URL", "http://127.0.0.1:1", TRUE);
  /* libproxy asked about loopback took seconds under the sanitizers */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  if (backup)
    {
      g_autoptr(PapersStore) store = papers_store_new (path, &error);
      g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);

      g_assert_no_error (error);
      g_ptr_array_add (papers, papers_paper_new ("2410.17243"));
      g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                        store, papers, TRUE));
      g_assert_true (papers_store_wait (papers_store_maintain_async, papers_store_maintain_finish, &error,
                                        store, PAPERS_STORE_MAINTAIN_FORCE_BACKUP));
    }
  g_assert_true (g_file_set_contents (path, "not a library, not a library, not a library", -1, NULL));
  return dir;
}

/* The files named like a damaged library set aside, in @dir */
static guint
count_damaged (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint damaged = 0;

  while ((name = g_dir_read_name (listing)) != NULL)
    damaged += strstr (name, ".damaged-") != NULL;
  return damaged;
}

/* A damaged library: its views show what happened and offer the backup,
 * the actions that would change it are disabled, Daily Papers does not
 * wait for it; restoring brings the papers back and keeps the damaged
 * file. */
static void
test_damaged_library (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = damaged_library ("restore", TRUE);
      PapersWindow *self = g_object_new (PAPERS_TYPE_WINDOW, NULL);

      gtk_window_present (GTK_WINDOW (self));
      iterate_until (collection_loaded, self);
      papers_window_set_view (self, "daily");
      iterate_until (daily_settled, self);
      g_assert_true (daily_settled (self));
      g_assert_true (adw_banner_get_revealed (self->library_banner));

      papers_window_set_view (self, "library:all");
      g_assert_cmpstr (gtk_stack_get_visible_child_name (self->list_stack), ==, "library");
      g_assert_false (adw_banner_get_revealed (self->library_banner));
      g_assert_false (action_enabled (GTK_WIDGET (self), "add-by-id"));
      g_assert_false (action_enabled (GTK_WIDGET (self), "tag-delete"));
      iterate_until (backup_known, self);
      g_assert_nonnull (self->library_backup);
      g_assert_cmpuint (self->library_backup->n_papers, ==, 1);
      g_assert_true (gtk_widget_get_visible (self->library_primary_button));

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (self), "win.restore-backup", NULL));
      iterate_until (library_restored, self);
      g_assert_true (library_restored (self));
      g_assert_cmpstr (gtk_stack_get_visible_child_name (self->list_stack), ==, "list");
      g_assert_true (action_enabled (GTK_WIDGET (self), "add-by-id"));
      g_assert_false (adw_banner_get_revealed (self->library_banner));
      g_assert_cmpuint (count_damaged (dir), ==, 1);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static gboolean
library_open (gpointer window)
{
  PapersWindow *self = window;

  return papers_collection_get_store (self->collection) != NULL && self->library_model != NULL;
}

/* A damaged library with no backup: the page says so and offers a new
 * library, which keeps the damaged file beside it once confirmed. */
static void
test_new_library (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = damaged_library ("new", FALSE);
      PapersWindow *self = g_object_new (PAPERS_TYPE_WINDOW, NULL);
      AdwDialog *dialog;

      gtk_window_present (GTK_WINDOW (self));
      iterate_until (collection_loaded, self);
      papers_window_set_view (self, "library:all");
      iterate_until (backup_known, self);
      g_assert_null (self->library_backup);
      g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (self->library_primary_button)), ==,
                       "_Start a New Library");
      g_assert_nonnull (strstr (adw_status_page_get_description (self->library_page), "no good backup"));

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (self), "win.new-library", NULL));
      dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (self));
      g_assert_true (ADW_IS_ALERT_DIALOG (dialog));
      /* Nothing happens before it is confirmed */
      g_assert_cmpuint (count_damaged (dir), ==, 0);
      g_signal_emit_by_name (dialog, "response", "start");
      adw_dialog_force_close (dialog);
      iterate_until (library_open, self);
      g_assert_true (library_open (self));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (self->selection)), ==, 0);
      g_assert_true (papers_collection_can_edit (self->collection));
      g_assert_cmpuint (count_damaged (dir), ==, 1);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }

  /* What is drawn is not what these tests check: software drawing spares
   * them the GL renderer's first shaders, which took some 13 s under the
   * sanitizers' slow unwinder */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/library-state/damaged", test_damaged_library);
  g_test_add_func ("/ui/library-state/new-library", test_new_library);

  return g_test_run ();
}
