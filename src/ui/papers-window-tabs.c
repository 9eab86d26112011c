/* papers-window-tabs.c: the reader's tabs, one paper each
 *
 * The reader is one navigation page ("viewer") over the list and the
 * paper, kept in the navigation view while papers are open in it: Back
 * or Escape shows the list again and keeps the tabs, Read shows them
 * again.  Its content is an AdwTabView with an AdwTabBar under the
 * header bar (hidden while one paper is open); narrow, as the window's
 * panes fold, the bar gives way to an AdwTabOverview button.
 *
 * Each tab is its own PapersReader with its own reading session, so it
 * keeps its place and saves it as a lone reader does.  A tab is named
 * by its paper's id (or, for a PDF the library does not know, its
 * path): opening a paper already open selects its tab.
 *
 * The open tabs (paper ids in order, and the selected one, -1 when the
 * list was on show) are kept in the "open-tabs" and "selected-tab" keys
 * and come back at start; a tab restored but not selected reads its PDF
 * only when first selected.
 *
 * Memory: a reader keeps its textures in its own renderer's cache (16 MB
 * at most, see papers-renderer.c).  A hidden tab keeps those its last
 * frame showed, so that going back to it draws its page in the next
 * frame, and drops the pages it had rendered ahead and what it had
 * queued; all tabs' pages render on one worker thread.  Past
 * BACKGROUND_TEXTURES bytes over all hidden tabs (each texture has a
 * copy in the GSK renderer too), those selected longest ago drop theirs
 * and render again when shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-reader.h"
#include "papers-renderer.h"
#include "papers-window-private.h"

#define BACKGROUND_TEXTURES (40 * 1024 * 1024)
#define MAX_CLOSED_TABS 20

static const char *
tab_key (GtkWidget *reader)
{
  return g_object_get_data (G_OBJECT (reader), "papers-tab-key");
}

static GtkWidget *
selected_reader (PapersWindow *self)
{
  AdwTabPage *page = self->tab_view != NULL ? adw_tab_view_get_selected_page (self->tab_view) : NULL;

  return page != NULL ? adw_tab_page_get_child (page) : NULL;
}

/**
 * papers_window_reader_shown:
 *
 * Returns: whether the reader is what the window shows
 */
gboolean
papers_window_reader_shown (PapersWindow *self)
{
  AdwNavigationPage *page = adw_navigation_view_get_visible_page (self->main_view);

  return page != NULL && page == self->reader_page;
}

/**
 * papers_window_visible_reader:
 *
 * Returns: (transfer none) (nullable): the reader of the selected tab,
 *   when the reader is what the window shows
 */
GtkWidget *
papers_window_visible_reader (PapersWindow *self)
{
  return papers_window_reader_shown (self) ? selected_reader (self) : NULL;
}

/**
 * papers_window_leave_reader:
 *
 * Shows the list and the paper again; the tabs stay open.
 */
void
papers_window_leave_reader (PapersWindow *self)
{
  if (papers_window_reader_shown (self))
    adw_navigation_view_pop (self->main_view);
}

static void
save_tabs (PapersWindow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;
  int n = adw_tab_view_get_n_pages (self->tab_view);
  int selected = -1, kept = 0;

  if (self->restoring_tabs || self->closed)
    return;
  for (int i = 0; i < n; i++)
    {
      GtkWidget *reader = adw_tab_page_get_child (adw_tab_view_get_nth_page (self->tab_view, i));

      /* A PDF outside the library has no id to come back by */
      if (g_object_get_data (G_OBJECT (reader), "papers-tab-paper") == NULL)
        continue;
      if (reader == selected_reader (self) && papers_window_reader_shown (self))
        selected = kept;
      g_strv_builder_add (builder, tab_key (reader));
      kept++;
    }
  ids = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "open-tabs", (const char * const *) ids);
  g_settings_set_int (self->settings, "selected-tab", selected);
}

/* Hidden tabs keep their textures, the most recently selected first,
 * while they fit in BACKGROUND_TEXTURES */
static void
trim_textures (PapersWindow *self)
{
  int n = adw_tab_view_get_n_pages (self->tab_view);
  g_autoptr(GPtrArray) hidden = g_ptr_array_new ();
  gsize total = 0;

  for (int i = 0; i < n; i++)
    {
      GtkWidget *reader = adw_tab_page_get_child (adw_tab_view_get_nth_page (self->tab_view, i));

      if (reader != selected_reader (self))
        g_ptr_array_add (hidden, reader);
    }
  /* Most recently selected first: a bubble sort of a few tabs */
  for (guint i = 0; i < hidden->len; i++)
    for (guint j = i + 1; j < hidden->len; j++)
      if (GPOINTER_TO_UINT (g_object_get_data (hidden->pdata[j], "papers-tab-used")) >
          GPOINTER_TO_UINT (g_object_get_data (hidden->pdata[i], "papers-tab-used")))
        {
          gpointer swap = hidden->pdata[i];

          hidden->pdata[i] = hidden->pdata[j];
          hidden->pdata[j] = swap;
        }
  for (guint i = 0; i < hidden->len; i++)
    {
      PapersRenderer *renderer = papers_view_get_renderer (papers_reader_get_view (hidden->pdata[i]));

      if (renderer == NULL)
        continue;
      /* What it rendered ahead goes; what it showed stays */
      papers_renderer_trim (renderer);
      total += papers_renderer_get_cache_size (renderer);
      if (total > BACKGROUND_TEXTURES)
        papers_renderer_drop_textures (renderer);
    }
}

static void
update_title (PapersWindow *self)
{
  AdwTabPage *page = adw_tab_view_get_selected_page (self->tab_view);
  const char *title = page != NULL ? adw_tab_page_get_title (page) : NULL;

  adw_navigation_page_set_title (self->reader_page, title != NULL && *title != '\0' ? title : _("Document"));
}

static void
selected_page_cb (PapersWindow *self)
{
  GtkWidget *reader = selected_reader (self);
  GFile *pending;

  /* A closing window's tabs go one by one: nothing more is read */
  if (reader == NULL || self->closed)
    return;
  g_object_set_data (G_OBJECT (reader), "papers-tab-used", GUINT_TO_POINTER (++self->tab_clock));
  /* Restored, and shown for the first time: its PDF is read now */
  pending = g_object_get_data (G_OBJECT (reader), "papers-tab-pending");
  if (pending != NULL)
    {
      g_autoptr(GFile) file = g_object_ref (pending);

      g_object_set_data (G_OBJECT (reader), "papers-tab-pending", NULL);
      papers_reader_load (PAPERS_READER (reader), file);
    }
  update_title (self);
  trim_textures (self);
  save_tabs (self);
}

/* Closing the last tab goes back to the list */
static void
n_pages_cb (PapersWindow *self)
{
  if (self->closed)
    return;
  if (adw_tab_view_get_n_pages (self->tab_view) == 0)
    {
      papers_window_leave_reader (self);
      update_title (self);
    }
  save_tabs (self);
}

static gboolean
close_page_cb (AdwTabView   *view,
               AdwTabPage   *page,
               PapersWindow *self)
{
  GtkWidget *reader = adw_tab_page_get_child (page);
  PapersPaper *paper = g_object_get_data (G_OBJECT (reader), "papers-tab-paper");

  /* Ctrl+Shift+T brings it back */
  if (paper != NULL && !self->closed)
    {
      g_ptr_array_add (self->closed_tabs, g_object_ref (paper));
      if (self->closed_tabs->len > MAX_CLOSED_TABS)
        g_ptr_array_remove_index (self->closed_tabs, 0);
    }
  adw_tab_view_close_page_finish (view, page, TRUE);
  return GDK_EVENT_STOP;
}

static void
narrow_cb (PapersWindow *self)
{
  gboolean narrow = adw_navigation_split_view_get_collapsed (self->outer_split);

  /* Narrow, the tabs are a grid behind a button rather than a bar */
  gtk_widget_set_visible (GTK_WIDGET (self->tab_bar), !narrow);
  gtk_widget_set_visible (self->tab_overview_button, narrow && adw_tab_view_get_n_pages (self->tab_view) > 1);
}

static void
reader_popped_cb (PapersWindow *self)
{
  save_tabs (self);
}

void
papers_window_tabs_init (PapersWindow *self)
{
  GtkWidget *toolbar = adw_toolbar_view_new ();
  GtkWidget *header = adw_header_bar_new ();

  self->closed_tabs = g_ptr_array_new_with_free_func (g_object_unref);
  self->tab_view = ADW_TAB_VIEW (adw_tab_view_new ());
  /* The window's actions switch tabs: they reach it from anywhere */
  adw_tab_view_remove_shortcuts (self->tab_view, ADW_TAB_VIEW_SHORTCUT_ALL_SHORTCUTS);
  self->tab_bar = ADW_TAB_BAR (adw_tab_bar_new ());
  adw_tab_bar_set_view (self->tab_bar, self->tab_view);
  adw_tab_bar_set_autohide (self->tab_bar, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->tab_bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Open Papers"), -1);
  self->tab_overview_button = adw_tab_button_new ();
  adw_tab_button_set_view (ADW_TAB_BUTTON (self->tab_overview_button), self->tab_view);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->tab_overview_button), "overview.open");
  gtk_widget_set_tooltip_text (self->tab_overview_button, _("Show Open Papers"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->tab_overview_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Show Open Papers"), -1);
  /* At the start, beside Back: the reader's toolbar is wider than a
   * phone, and what is past the window's end is cut */
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->tab_overview_button);
  adw_toolbar_view_add_top_bar (ADW_TOOLBAR_VIEW (toolbar), header);
  adw_toolbar_view_add_top_bar (ADW_TOOLBAR_VIEW (toolbar), GTK_WIDGET (self->tab_bar));
  adw_toolbar_view_set_content (ADW_TOOLBAR_VIEW (toolbar), GTK_WIDGET (self->tab_view));

  self->tab_overview = ADW_TAB_OVERVIEW (adw_tab_overview_new ());
  adw_tab_overview_set_view (self->tab_overview, self->tab_view);
  adw_tab_overview_set_child (self->tab_overview, toolbar);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->tab_overview), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Open Papers"), -1);

  self->reader_page = adw_navigation_page_new (GTK_WIDGET (self->tab_overview), _("Document"));
  adw_navigation_page_set_tag (self->reader_page, "viewer");
  /* Added rather than pushed: the navigation view keeps it, with its
   * tabs, when Back or Escape pops it */
  adw_navigation_view_add (self->main_view, self->reader_page);

  g_signal_connect_swapped (self->tab_view, "notify::selected-page", G_CALLBACK (selected_page_cb), self);
  g_signal_connect_swapped (self->tab_view, "notify::n-pages", G_CALLBACK (n_pages_cb), self);
  g_signal_connect_swapped (self->tab_view, "notify::n-pages", G_CALLBACK (narrow_cb), self);
  g_signal_connect_swapped (self->tab_view, "page-reordered", G_CALLBACK (save_tabs), self);
  g_signal_connect (self->tab_view, "close-page", G_CALLBACK (close_page_cb), self);
  g_signal_connect_swapped (self->reader_page, "hidden", G_CALLBACK (reader_popped_cb), self);
  g_signal_connect_swapped (self->outer_split, "notify::collapsed", G_CALLBACK (narrow_cb), self);
  narrow_cb (self);
}

/**
 * papers_window_show_tabs:
 *
 * Shows the open papers as a grid to choose from (the overview, which
 * narrow windows have instead of the tab bar), when the reader is on
 * show with more than one.
 */
void
papers_window_show_tabs (PapersWindow *self)
{
  if (adw_navigation_view_get_visible_page (self->main_view) != self->reader_page ||
      adw_tab_view_get_n_pages (self->tab_view) < 2)
    return;
  adw_tab_overview_set_open (self->tab_overview, TRUE);
}

void
papers_window_tabs_dispose (PapersWindow *self)
{
  g_clear_pointer (&self->closed_tabs, g_ptr_array_unref);
}

static AdwTabPage *
find_page (PapersWindow *self,
           const char   *key)
{
  int n = adw_tab_view_get_n_pages (self->tab_view);

  for (int i = 0; i < n && key != NULL; i++)
    {
      AdwTabPage *page = adw_tab_view_get_nth_page (self->tab_view, i);

      if (g_strcmp0 (tab_key (adw_tab_page_get_child (page)), key) == 0)
        return page;
    }
  return NULL;
}

/**
 * papers_window_tabs_select:
 * @key: a paper's id, or the path of a PDF outside the library
 *
 * Selects the tab of @key and shows the reader, when it is open.
 *
 * Returns: whether it was
 */
gboolean
papers_window_tabs_select (PapersWindow *self,
                           const char   *key)
{
  AdwTabPage *page = find_page (self, key);

  if (page == NULL)
    return FALSE;
  adw_tab_view_set_selected_page (self->tab_view, page);
  if (!papers_window_reader_shown (self))
    adw_navigation_view_push (self->main_view, self->reader_page);
  gtk_widget_grab_focus (adw_tab_page_get_child (page));
  return TRUE;
}

static char *
paper_tooltip (PapersPaper *paper,
               const char  *title)
{
  const char * const *authors = paper != NULL ? papers_paper_get_authors (paper) : NULL;
  g_autofree char *names = NULL;

  if (authors == NULL || authors[0] == NULL)
    return g_markup_escape_text (title, -1);
  names = g_strv_length ((GStrv) authors) > 3 ? g_strdup_printf (_("%s et al."), authors[0])
                                              : g_strjoinv (", ", (GStrv) authors);
  return g_markup_printf_escaped ("%s\n<small>%s</small>", title, names);
}

/* A PDF's own title, read once it is added, names its tab */
static void
paper_title_cb (PapersPaper *paper,
                GParamSpec  *pspec,
                AdwTabPage  *page)
{
  PapersWindow *self = PAPERS_WINDOW (gtk_widget_get_root (adw_tab_page_get_child (page)));
  g_autofree char *tooltip = NULL;

  if (papers_paper_get_title (paper) == NULL)
    return;
  tooltip = paper_tooltip (paper, papers_paper_get_title (paper));
  adw_tab_page_set_title (page, papers_paper_get_title (paper));
  adw_tab_page_set_tooltip (page, tooltip);
  if (self != NULL && PAPERS_IS_WINDOW (self) && adw_tab_view_get_selected_page (self->tab_view) == page)
    update_title (self);
}

/**
 * papers_window_tabs_add:
 * @reader: a new reader, not yet loaded
 * @key: its paper's id, or the path of a PDF outside the library
 * @paper: (nullable): its paper, when the library keeps it
 * @new_tab: whether it opens beside the selected tab rather than in
 *   its place
 * @select: whether it becomes the selected tab and the reader is shown
 *
 * Gives @reader a tab.
 */
void
papers_window_tabs_add (PapersWindow *self,
                        GtkWidget    *reader,
                        const char   *key,
                        PapersPaper  *paper,
                        gboolean      new_tab,
                        gboolean      select)
{
  AdwTabPage *replaced = new_tab ? NULL : adw_tab_view_get_selected_page (self->tab_view);
  const char *title = paper != NULL && papers_paper_get_title (paper) != NULL ? papers_paper_get_title (paper)
                                                                              : _("Document");
  g_autofree char *tooltip = paper_tooltip (paper, title);
  AdwTabPage *page;

  g_object_set_data_full (G_OBJECT (reader), "papers-tab-key", g_strdup (key), g_free);
  if (paper != NULL)
    g_object_set_data_full (G_OBJECT (reader), "papers-tab-paper", g_object_ref (paper), g_object_unref);
  page = adw_tab_view_add_page (self->tab_view, reader, NULL);
  adw_tab_page_set_title (page, title);
  adw_tab_page_set_tooltip (page, tooltip);
  if (paper != NULL)
    g_signal_connect_object (paper, "notify::title", G_CALLBACK (paper_title_cb), page, 0);
  if (select)
    {
      adw_tab_view_set_selected_page (self->tab_view, page);
      if (!papers_window_reader_shown (self))
        adw_navigation_view_push (self->main_view, self->reader_page);
    }
  /* Read, not Open in New Tab: the paper takes the place of the one read */
  if (replaced != NULL)
    {
      adw_tab_view_reorder_page (self->tab_view, page, adw_tab_view_get_page_position (self->tab_view, replaced));
      adw_tab_view_close_page (self->tab_view, replaced);
    }
  update_title (self);
  save_tabs (self);
}

/**
 * papers_window_close_tab:
 * @reader: (nullable): a tab's reader, or %NULL for the selected tab
 *
 * Closes a tab; closing the last shows the list again.
 */
void
papers_window_close_tab (PapersWindow *self,
                         GtkWidget    *reader)
{
  AdwTabPage *page = reader != NULL ? adw_tab_view_get_page (self->tab_view, reader)
                                    : adw_tab_view_get_selected_page (self->tab_view);

  if (page != NULL)
    adw_tab_view_close_page (self->tab_view, page);
}

/**
 * papers_window_switch_tab:
 * @step: 1 for the next tab, -1 for the previous
 *
 * Selects the next or previous tab, round the ends.
 */
void
papers_window_switch_tab (PapersWindow *self,
                          int           step)
{
  int n = adw_tab_view_get_n_pages (self->tab_view);
  AdwTabPage *page = adw_tab_view_get_selected_page (self->tab_view);
  int position;

  if (page == NULL || n < 2 || !papers_window_reader_shown (self))
    return;
  position = (adw_tab_view_get_page_position (self->tab_view, page) + step + n) % n;
  page = adw_tab_view_get_nth_page (self->tab_view, position);
  adw_tab_view_set_selected_page (self->tab_view, page);
  gtk_widget_grab_focus (adw_tab_page_get_child (page));
}

/**
 * papers_window_reopen_tab:
 *
 * Opens the tab closed last again, at its saved place.
 */
void
papers_window_reopen_tab (PapersWindow *self)
{
  g_autoptr(PapersPaper) paper = NULL;

  if (self->closed_tabs->len == 0)
    return;
  paper = g_ptr_array_steal_index (self->closed_tabs, self->closed_tabs->len - 1);
  papers_window_read_in_tab (self, paper, TRUE);
}

/* Restoring: the ids kept, looked up in the library in order */

typedef struct
{
  PapersWindow *window;
  GPtrArray    *papers;    /* in the order kept; NULL where gone */
  guint         pending;
  int           selected;
} Restore;

static void
unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static void
restore_free (Restore *restore)
{
  g_object_unref (restore->window);
  g_ptr_array_unref (restore->papers);
  g_free (restore);
}

static void
restore_done (Restore *restore)
{
  PapersWindow *self = restore->window;
  AdwTabPage *selected = NULL;

  self->restoring_tabs = TRUE;
  for (guint i = 0; i < restore->papers->len; i++)
    {
      PapersPaper *paper = restore->papers->pdata[i];
      const char *path = paper != NULL ? papers_paper_get_pdf_path (paper) : NULL;
      g_autoptr(GFile) file = NULL;
      GtkWidget *reader;

      /* Removed meanwhile, or its PDF gone: left out without a word */
      if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR) ||
          find_page (self, papers_paper_get_id (paper)) != NULL)
        continue;
      reader = papers_window_new_reader (self, paper);
      file = g_file_new_for_path (path);
      g_object_set_data_full (G_OBJECT (reader), "papers-tab-pending", g_steal_pointer (&file), g_object_unref);
      papers_window_tabs_add (self, reader, papers_paper_get_id (paper), paper, TRUE, FALSE);
      if ((int) i <= restore->selected || selected == NULL)
        selected = adw_tab_view_get_page (self->tab_view, reader);
    }
  self->restoring_tabs = FALSE;
  if (selected != NULL)
    {
      adw_tab_view_set_selected_page (self->tab_view, selected);
      /* Selected while restoring (the first tab is, when added), it was
       * not saved nor, maybe, read: both now */
      selected_page_cb (self);
      if (restore->selected >= 0)
        adw_navigation_view_push (self->main_view, self->reader_page);
    }
  save_tabs (self);
}

typedef struct
{
  Restore *restore;
  guint    index;
} RestoreItem;

static void
restore_item_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RestoreItem *item = user_data;
  Restore *restore = item->restore;
  g_autoptr(PapersPaper) paper = papers_store_get_paper_finish (PAPERS_STORE (object), result, NULL);

  if (paper != NULL && papers_paper_get_in_library (paper) && !restore->window->closed)
    restore->papers->pdata[item->index] =
      g_object_ref (papers_collection_canonical (restore->window->collection, paper));
  g_free (item);
  if (--restore->pending == 0)
    {
      if (!restore->window->closed)
        restore_done (restore);
      restore_free (restore);
    }
}

/**
 * papers_window_tabs_restore:
 *
 * Opens the tabs that were open when the window last closed, each at its
 * saved place.  Call once the library is open.
 */
void
papers_window_tabs_restore (PapersWindow *self)
{
  g_auto(GStrv) ids = g_settings_get_strv (self->settings, "open-tabs");
  PapersStore *store = papers_collection_get_store (self->collection);
  Restore *restore;

  if (self->tabs_restored || store == NULL)
    return;
  self->tabs_restored = TRUE;
  if (ids[0] == NULL)
    return;
  restore = g_new0 (Restore, 1);
  restore->window = g_object_ref (self);
  restore->papers = g_ptr_array_new_with_free_func (unref_nullable);
  restore->selected = g_settings_get_int (self->settings, "selected-tab");
  g_ptr_array_set_size (restore->papers, g_strv_length (ids));
  restore->pending = g_strv_length (ids);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      RestoreItem *item = g_new0 (RestoreItem, 1);

      item->restore = restore;
      item->index = i;
      papers_store_get_paper_async (store, ids[i], self->cancellable, restore_item_cb, item);
    }
}
