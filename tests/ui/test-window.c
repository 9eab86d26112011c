/* test-window.c: the main window's structure and adaptive layout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "papers-sidebar-row.h"
#include "papers-test-wait.h"
#include "papers-window-private.h"

#define wait_until(done, data) papers_test_wait_until ((done), (data), #done " (" #data ")")

static gboolean
is_collapsed (gpointer split)
{
  return adw_navigation_split_view_get_collapsed (split);
}

static gboolean
is_expanded (gpointer split)
{
  return !adw_navigation_split_view_get_collapsed (split);
}

static GObject *
child (GtkWidget  *window,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (window, PAPERS_TYPE_WINDOW, name);

  g_assert_nonnull (object);
  return object;
}

static void
test_adaptive (void)
{
  GtkWidget *window = g_object_new (PAPERS_TYPE_WINDOW, NULL);
  AdwNavigationSplitView *outer = ADW_NAVIGATION_SPLIT_VIEW (child (window, "outer_split"));
  AdwNavigationSplitView *inner = ADW_NAVIGATION_SPLIT_VIEW (child (window, "inner_split"));

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (is_expanded, outer);
  wait_until (is_expanded, inner);
  g_assert_false (adw_navigation_split_view_get_collapsed (outer));
  g_assert_false (adw_navigation_split_view_get_collapsed (inner));

  /* Phone size: every split view folds into one navigation stack. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  wait_until (is_collapsed, outer);
  g_assert_true (adw_navigation_split_view_get_collapsed (outer));
  g_assert_true (adw_navigation_split_view_get_collapsed (inner));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_actions (void)
{
  GtkWidget *window = g_object_new (PAPERS_TYPE_WINDOW, NULL);

  g_assert_true (gtk_widget_activate_action (window, "win.toggle-sidebar", NULL));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
collection_loaded (gpointer window)
{
  return papers_collection_get_loaded (papers_window_get_collection (window));
}

static gboolean
collection_is_loaded (gpointer collection)
{
  return papers_collection_get_loaded (collection);
}

typedef struct
{
  PapersCollection *collection;
  const char       *id;
} Wanted;

static gboolean
paper_is_shown (gpointer data)
{
  Wanted *wanted = data;

  return papers_collection_lookup (wanted->collection, wanted->id) != NULL;
}

/* Adding is asynchronous: the library is asked first whether it has it. */
static PapersPaper *
wait_for_paper (PapersCollection *collection,
                const char       *id)
{
  Wanted wanted = { collection, id };

  wait_until (paper_is_shown, &wanted);
  return papers_collection_lookup (collection, id);
}

static gboolean
title_read_from_pdf (gpointer paper)
{
  return g_str_has_prefix (papers_paper_get_title (paper), "Beyond Summarization:");
}

static void
test_drop_pdf (void)
{
  const char *corpus = g_getenv ("PAPERS_CORPUS_DIR");
  g_autofree char *tracemonkey = corpus ? g_build_filename (corpus, "pdf", "pdfjs__tracemonkey.pdf", NULL) : NULL;
  /* (a PDF with a title in its metadata, which tracemonkey has not) */
  g_autofree char *titled = corpus ? g_build_filename (corpus, "pdf", "papermage__2304.02623v1.pdf", NULL) : NULL;
  g_autofree char *tmpdir = g_dir_make_tmp ("papers-drop-XXXXXX", NULL);
  g_autofree char *named = g_build_filename (tmpdir, "2304.02623v1.pdf", NULL);
  g_autofree char *unnamed = g_build_filename (tmpdir, "expository-writing.pdf", NULL);
  g_autofree char *text = g_build_filename (tmpdir, "notes.txt", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *unnamed_id = NULL;
  g_autoptr(GFile) unnamed_file = NULL;
  g_autoptr(GFile) named_file = NULL;
  g_autoptr(GFile) text_file = NULL;
  GtkWidget *window;
  PapersCollection *collection;
  PapersPaper *paper;
  gsize length;

  if (tracemonkey == NULL || !g_file_test (tracemonkey, G_FILE_TEST_EXISTS) ||
      !g_file_test (titled, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no corpus");
      return;
    }
  window = g_object_new (PAPERS_TYPE_WINDOW, NULL);
  collection = papers_window_get_collection (PAPERS_WINDOW (window));
  wait_until (collection_loaded, window);

  /* An arXiv identifier in the file name names the paper. */
  g_assert_true (g_file_get_contents (tracemonkey, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (named, contents, length, NULL));
  named_file = g_file_new_for_path (named);
  g_assert_true (papers_window_add_pdf (PAPERS_WINDOW (window), named_file));
  paper = wait_for_paper (collection, "2304.02623");
  g_assert_nonnull (paper);
  g_assert_cmpstr (papers_paper_get_pdf_path (paper), ==, named);

  /* Otherwise the PDF's own title, once read. */
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (titled, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (unnamed, contents, length, NULL));
  unnamed_file = g_file_new_for_path (unnamed);
  g_assert_true (papers_window_add_pdf (PAPERS_WINDOW (window), unnamed_file));
  unnamed_id = g_strconcat ("file:", unnamed, NULL);
  paper = wait_for_paper (collection, unnamed_id);
  g_assert_nonnull (paper);
  g_object_ref (paper);
  wait_until (title_read_from_pdf, paper);
  g_object_unref (paper);

  /* Anything else is refused. */
  g_assert_true (g_file_set_contents (text, "not a pdf", -1, NULL));
  text_file = g_file_new_for_path (text);
  g_assert_false (papers_window_add_pdf (PAPERS_WINDOW (window), text_file));

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (named);
  g_unlink (unnamed);
  g_unlink (text);
  g_rmdir (tmpdir);
}

static gboolean
detail_shows_paper (gpointer window)
{
  GObject *detail_page = gtk_widget_get_template_child (window, PAPERS_TYPE_WINDOW, "detail_page");
  PapersDetail *detail = PAPERS_DETAIL (adw_navigation_page_get_child (ADW_NAVIGATION_PAGE (detail_page)));

  return papers_detail_get_paper (detail) != NULL;
}

/* The view and paper last shown come back at start. */
static void
test_restore (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.example.Papers");
  g_autoptr(PapersPaper) paper = papers_paper_new ("2410.17243");
  GtkWidget *window = g_object_new (PAPERS_TYPE_WINDOW, NULL);

  wait_until (collection_loaded, window);
  papers_paper_set_title (paper, "Breaking the Memory Barrier");
  papers_collection_add (papers_window_get_collection (PAPERS_WINDOW (window)), paper);
  gtk_window_destroy (GTK_WINDOW (window));

  g_settings_set_string (settings, "start-view", "last");
  g_settings_set_string (settings, "last-view", "library:unread");
  g_settings_set_string (settings, "selected-paper", "2410.17243");
  window = g_object_new (PAPERS_TYPE_WINDOW, NULL);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (collection_loaded, window);
  wait_until (detail_shows_paper, window);
  g_assert_true (detail_shows_paper (window));
  {
    g_autofree char *view = g_settings_get_string (settings, "last-view");
    g_assert_cmpstr (view, ==, "library:unread");
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
list_has_two (gpointer window)
{
  PapersWindow *self = window;

  return g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 2;
}

static void
counted (GObject      *store,
         GAsyncResult *result,
         gpointer      flag)
{
  g_autoptr(PapersCounts) counts = papers_store_count_finish (PAPERS_STORE (store), result, NULL);

  g_assert_nonnull (counts);
  *(gboolean *) flag = TRUE;
}

/* Every job asked of the store so far is done and its completion has run:
 * the store's worker takes jobs in order and its completions come back in
 * order, so a count asked now comes back after all of them. */
static void
wait_store (PapersWindow *self)
{
  gboolean done = FALSE;

  papers_store_count_async (papers_collection_get_store (self->collection), NULL, counted, &done);
  papers_test_wait_until (papers_test_flag_set, &done, "the library's work asked for so far");
}

/* No refresh or refinement pending or running, and the library's list on
 * show. */
static gboolean
list_idle (gpointer data)
{
  PapersWindow *self = data;

  return self->refresh_source == 0 && self->refine_source == 0 && self->running_find == NULL &&
         self->library_model != NULL && gtk_single_selection_get_model (self->selection) == self->library_model;
}

/* The library list is settled: the list idle, and still so once the
 * store's work asked for so far (the test's own edits) has come back, as
 * an edit written finds the list on show again after a while. */
static void
wait_settled (PapersWindow *self)
{
  do
    {
      wait_until (list_idle, self);
      wait_store (self);
    }
  while (!list_idle (self));
}

/* The search typed has run and, after the pause, been refined. */
static gboolean
refined (gpointer data)
{
  PapersWindow *self = data;

  return self->refine_source == 0 && self->running_find == NULL;
}

/* Edits refresh the library list in place: the selected paper stays. */
static void
test_edit_keeps_selection (void)
{
  g_autoptr(PapersPaper) a = papers_paper_new ("2401.00001");
  g_autoptr(PapersPaper) b = papers_paper_new ("2401.00002");
  PapersWindow *self = g_object_new (PAPERS_TYPE_WINDOW, NULL);
  PapersPaper *selected;

  gtk_window_present (GTK_WINDOW (self));
  wait_until (collection_loaded, self);
  papers_paper_set_title (a, "A");
  papers_paper_set_title (b, "B");
  /* Other tests' papers share the library: a tag keeps these apart */
  papers_paper_set_tags (a, (const char *[]) { "kept", NULL });
  papers_paper_set_tags (b, (const char *[]) { "kept", NULL });
  papers_collection_add (self->collection, a);
  papers_collection_add (self->collection, b);
  papers_window_set_view (self, "tag:kept");
  wait_until (list_has_two, self);
  g_assert_true (list_has_two (self));

  gtk_single_selection_set_selected (self->selection, 1);
  selected = gtk_single_selection_get_selected_item (self->selection);
  g_assert_nonnull (selected);
  g_assert_true (papers_detail_get_paper (self->detail) == selected);

  papers_collection_set_status (self->collection, selected, PAPERS_READ_STATUS_READ);
  papers_collection_set_starred (self->collection, selected, TRUE);
  wait_settled (self);
  g_assert_true (gtk_single_selection_get_selected_item (self->selection) == selected);
  g_assert_true (papers_detail_get_paper (self->detail) == selected);

  /* In a view the edit leaves, the paper goes from the list but stays on
   * show. */
  papers_window_set_view (self, "library:unread");
  wait_settled (self);
  gtk_window_destroy (GTK_WINDOW (self));
}


typedef struct
{
  PapersWindow *window;
  const char   *text;
  const char   *first;   /* the id the list should start with */
  guint         n;
  GPtrArray    *firsts;  /* the first id after each change, while @text shows */
} Shown;

static const char *
first_id (PapersWindow *self)
{
  g_autoptr(PapersPaper) paper = NULL;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    return NULL;
  paper = g_list_model_get_item (G_LIST_MODEL (self->selection), 0);
  return papers_paper_get_id (paper);
}

static gboolean
shows (gpointer data)
{
  Shown *shown = data;

  return g_strcmp0 (papers_window_get_shown_search (shown->window), shown->text) == 0 &&
         g_list_model_get_n_items (G_LIST_MODEL (shown->window->selection)) == shown->n &&
         g_strcmp0 (first_id (shown->window), shown->first) == 0;
}

static void
record_first (Shown *shown)
{
  if (g_strcmp0 (papers_window_get_shown_search (shown->window), shown->text) == 0 &&
      first_id (shown->window) != NULL)
    g_ptr_array_add (shown->firsts, g_strdup (first_id (shown->window)));
}

/* Each keystroke shows its results at once; a query ending in a prefix
 * first comes unranked (newest first) and is ranked after a pause, and a
 * keystroke that searches what is on show runs nothing. */
static void
test_typed_search (void)
{
  g_autoptr(PapersPaper) dense = papers_paper_new ("2401.00011");
  g_autoptr(PapersPaper) recent = papers_paper_new ("2401.00012");
  PapersWindow *self = g_object_new (PAPERS_TYPE_WINDOW, NULL);
  GtkEditable *entry = GTK_EDITABLE (child (GTK_WIDGET (self), "search_entry"));
  GListModel *model;
  Shown shown = { self, NULL, NULL, 0, NULL };

  gtk_window_present (GTK_WINDOW (self));
  wait_until (collection_loaded, self);
  /* Older and ranked first; newer, with the prefix once */
  papers_paper_set_title (dense, "Zorblax zorblax zorblax");
  papers_paper_set_title (recent, "Zorbing experiments in the field");
  papers_collection_add (self->collection, dense);
  wait_store (self);
  papers_collection_add (self->collection, recent);
  papers_window_set_view (self, "library:all");
  wait_settled (self);

  /* A refresh after the adds that came late would cancel the keystroke's
   * quick find and update the list in place. */
  g_action_group_change_action_state (G_ACTION_GROUP (self), "sort", g_variant_new_string ("relevance"));
  wait_settled (self);
  shown.text = "zorb";
  shown.firsts = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect_swapped (self->selection, "items-changed", G_CALLBACK (record_first), &shown);

  /* The keystroke's results come unranked, newest first; after a pause
   * they are ranked: the denser title first */
  gtk_editable_set_text (entry, "zorb");
  shown.first = "2401.00011";
  shown.n = 2;
  wait_until (shows, &shown);
  g_assert_true (shows (&shown));
  g_assert_cmpuint (shown.firsts->len, >, 0);
  g_assert_cmpstr (shown.firsts->pdata[0], ==, "2401.00012");
  g_signal_handlers_disconnect_by_func (self->selection, record_first, &shown);
  g_clear_pointer (&shown.firsts, g_ptr_array_unref);

  /* "zorblax" then "zorblax e": the short word waits, nothing runs */
  gtk_editable_set_text (entry, "zorblax ");
  shown.text = "zorblax ";
  shown.n = 1;
  wait_until (shows, &shown);
  g_assert_true (shows (&shown));
  model = self->library_model;
  gtk_editable_insert_text (entry, "e", 1, (int[]) { -1 });
  g_assert_cmpstr (papers_window_get_shown_search (self), ==, "zorblax e");
  g_assert_true (self->library_model == model);

  /* Back to what is on show while another find runs: that one stops, and
   * the pause's ranked find still comes */
  gtk_editable_set_text (entry, "zorblax exp");
  g_assert_nonnull (self->running_find);
  gtk_editable_set_text (entry, "zorblax e");
  g_assert_null (self->running_find);
  wait_until (refined, self);
  g_assert_cmpuint (self->refine_source, ==, 0);
  g_assert_null (self->running_find);
  g_assert_cmpstr (papers_window_get_shown_search (self), ==, "zorblax e");
  gtk_window_destroy (GTK_WINDOW (self));
}


/* Only a change that can move papers in or out of the list on show finds
 * it again: a note typed in All Papers does not, in a search it does. */
static void
test_note_keeps_list (void)
{
  g_autoptr(PapersPaper) paper = papers_paper_new ("2401.00021");
  PapersWindow *self = g_object_new (PAPERS_TYPE_WINDOW, NULL);
  GtkEditable *entry = GTK_EDITABLE (child (GTK_WIDGET (self), "search_entry"));

  gtk_window_present (GTK_WINDOW (self));
  wait_until (collection_loaded, self);
  papers_paper_set_title (paper, "Noted");
  papers_collection_add (self->collection, paper);
  papers_window_set_view (self, "library:all");
  wait_settled (self);
  g_assert_cmpuint (self->refresh_source, ==, 0);

  papers_collection_set_note (self->collection, paper, "a first thought");
  g_assert_cmpuint (self->refresh_source, ==, 0);
  papers_collection_set_status (self->collection, paper, PAPERS_READ_STATUS_READING);
  g_assert_cmpuint (self->refresh_source, ==, 0);
  papers_collection_set_starred (self->collection, paper, TRUE);
  g_assert_cmpuint (self->refresh_source, ==, 0);

  gtk_editable_set_text (entry, "thought");
  wait_until (refined, self);
  papers_collection_set_note (self->collection, paper, "a second thought");
  g_assert_cmpuint (self->refresh_source, !=, 0);
  wait_settled (self);

  gtk_editable_set_text (entry, "");
  papers_window_set_view (self, "library:reading");
  wait_settled (self);
  papers_collection_set_status (self->collection, paper, PAPERS_READ_STATUS_READ);
  g_assert_cmpuint (self->refresh_source, !=, 0);
  wait_settled (self);
  gtk_window_destroy (GTK_WINDOW (self));
}


typedef struct
{
  PapersWindow *window;
  const char   *view;
} SidebarRow;

static gboolean
sidebar_has (gpointer data)
{
  SidebarRow *wanted = data;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (wanted->window->sidebar_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (PAPERS_IS_SIDEBAR_ROW (row) &&
        g_strcmp0 (papers_sidebar_row_get_view (PAPERS_SIDEBAR_ROW (row)), wanted->view) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
shown_with_tag (gpointer data)
{
  SidebarRow *wanted = data;

  return gtk_widget_get_visible (GTK_WIDGET (wanted->window)) && sidebar_has (wanted);
}

/* A window opening on the library, shown once its list is there, has its
 * tags in the sidebar (presenting it used to drop the pending rebuild). */
static void
test_start_tags (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.example.Papers");
  g_autoptr(PapersPaper) paper = papers_paper_new ("2401.00031");
  g_autoptr(PapersCollection) collection = NULL;
  PapersWindow *self = g_object_new (PAPERS_TYPE_WINDOW, NULL);
  SidebarRow wanted = { NULL, "tag:sidebar-tag" };

  wait_until (collection_loaded, self);
  papers_paper_set_title (paper, "Tagged at start");
  papers_paper_set_tags (paper, (const char *[]) { "sidebar-tag", NULL });
  papers_collection_add (self->collection, paper);
  wait_store (self);
  gtk_window_destroy (GTK_WINDOW (self));

  g_settings_set_string (settings, "start-view", "library");
  /* As the application does: the window is handed a library already open */
  collection = papers_collection_new ();
  wait_until (collection_is_loaded, collection);
  self = g_object_new (PAPERS_TYPE_WINDOW, "collection", collection, NULL);
  g_assert_true (papers_window_get_collection (self) == collection);
  wanted.window = self;
  papers_window_present_when_ready (self);
  wait_until (shown_with_tag, &wanted);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (self)));
  g_assert_true (sidebar_has (&wanted));
  gtk_window_destroy (GTK_WINDOW (self));
  g_settings_reset (settings, "start-view");
}

/* Daily Papers' period comes back at start; the arrows step by it and
 * say so, and Trending turns them and the calendar off, saying why. */
static void
test_period (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.example.Papers");
  PapersWindow *self;
  AdwToggleGroup *group;

  /* Nothing answers on the discard port: the listings fail at once. */
  g_setenv ("PAPERS_HF_URL", "http://127.0.0.1:9", TRUE);
  g_setenv ("PAPERS_DAILY_DATE", "2020-12-31", TRUE);
  g_settings_set_string (settings, "start-view", "daily");
  g_settings_set_string (settings, "daily-period", "week");
  self = g_object_new (PAPERS_TYPE_WINDOW, NULL);
  group = ADW_TOGGLE_GROUP (child (GTK_WIDGET (self), "period_group"));

  g_assert_cmpstr (adw_toggle_group_get_active_name (group), ==, "week");
  g_assert_cmpstr (adw_window_title_get_subtitle (self->list_title), ==, "Week 53, 2020");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (self->prev_day_button), ==, "Previous Week");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (self->narrow_next_button), ==, "Next Week");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (self->date_button), ==, "Choose Week");
  g_assert_true (gtk_widget_get_visible (self->period_bar));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (self), "win.next-day", NULL));
  g_assert_cmpstr (adw_window_title_get_subtitle (self->list_title), ==, "Week 1, 2021");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (self), "win.previous-day", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (self), "win.previous-day", NULL));
  g_assert_cmpstr (adw_window_title_get_subtitle (self->list_title), ==, "Week 52, 2020");

  /* A day picked in the calendar shows its week. */
  gtk_window_present (GTK_WINDOW (self));
  gtk_menu_button_popup (GTK_MENU_BUTTON (self->date_button));
  g_assert_nonnull (self->calendar);
  {
    g_autoptr(GDateTime) picked = g_date_time_new_utc (2020, 12, 15, 0, 0, 0);

    gtk_calendar_select_day (self->calendar, picked);
  }
  g_assert_cmpstr (adw_window_title_get_subtitle (self->list_title), ==, "Week 51, 2020");

  adw_toggle_group_set_active_name (group, "month");
  g_assert_cmpstr (adw_window_title_get_subtitle (self->list_title), ==, "December 2020");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (self), "win.next-day", NULL));
  g_assert_cmpstr (adw_window_title_get_subtitle (self->list_title), ==, "January 2021");

  adw_toggle_group_set_active_name (group, "trending");
  {
    g_autofree char *period = g_settings_get_string (settings, "daily-period");
    g_assert_cmpstr (period, ==, "trending");
  }
  g_assert_cmpstr (adw_window_title_get_subtitle (self->list_title), ==, "Trending");
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (self), "previous-day"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (self), "next-day"));
  g_assert_false (gtk_widget_get_sensitive (self->date_button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (self->next_day_button), ==, "Trending papers have no date");

  /* Away from Daily Papers the period has no place. */
  papers_window_set_view (self, "library:all");
  g_assert_false (gtk_widget_get_visible (self->period_bar));
  gtk_window_destroy (GTK_WINDOW (self));

  self = g_object_new (PAPERS_TYPE_WINDOW, NULL);
  group = ADW_TOGGLE_GROUP (child (GTK_WIDGET (self), "period_group"));
  g_assert_cmpstr (adw_toggle_group_get_active_name (group), ==, "trending");
  g_assert_cmpstr (adw_window_title_get_subtitle (self->list_title), ==, "Trending");
  gtk_window_destroy (GTK_WINDOW (self));

  g_settings_reset (settings, "daily-period");
  g_settings_reset (settings, "start-view");
  g_unsetenv ("PAPERS_DAILY_DATE");
  g_unsetenv ("PAPERS_HF_URL");
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

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/window/adaptive", test_adaptive);
  g_test_add_func ("/ui/window/actions", test_actions);
  g_test_add_func ("/corpus/ui/window/drop-pdf", test_drop_pdf);
  g_test_add_func ("/ui/window/restore", test_restore);
  g_test_add_func ("/ui/window/edit-keeps-selection", test_edit_keeps_selection);
  g_test_add_func ("/ui/window/typed-search", test_typed_search);
  g_test_add_func ("/ui/window/note-keeps-list", test_note_keeps_list);
  g_test_add_func ("/ui/window/start-tags", test_start_tags);
  g_test_add_func ("/ui/window/period", test_period);

  return g_test_run ();
}
