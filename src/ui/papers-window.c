/* papers-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The main window: sidebar | (list | detail) in two nested
 * AdwNavigationSplitViews that fold into one navigation stack on narrow
 * screens.  The list is a one-column GtkGridView (30 rows bound, where a
 * GtkListView keeps 200) over
 *
 *   listing (a GListStore) → GtkSortListModel → selection
 *
 * for the listing a source returned, shown whole.  A view of the library
 * is the store's own find, filtered and sorted in SQL and loaded a
 * screenful at a time (papers-results.c), straight under the selection: a
 * hundred thousand papers never pass through a filter or a sorter here.
 * The sidebar lives in papers-window-sidebar.c, the actions and dialogs
 * in papers-window-actions.c. */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-paper-row.h"
#include "papers-query.h"
#include "papers-results.h"
#include "papers-sidebar-row.h"
#include "papers-window-private.h"

G_DEFINE_FINAL_TYPE (PapersWindow, papers_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_COLLECTION,
  PROP_CLIENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void papers_window_constructed (GObject *object);

/**
 * papers_window_new:
 * @app: the application, which owns the library and the source client
 *
 * Returns: (transfer full): a window on @app's library
 */
PapersWindow *
papers_window_new (PapersApplication *app)
{
  return g_object_new (PAPERS_TYPE_WINDOW,
                       "application", app,
                       "collection", papers_application_get_collection (app),
                       "client", papers_application_get_client (app),
                       NULL);
}

/**
 * papers_window_get_collection:
 *
 * Returns: (transfer none): the library the window shows
 */
PapersCollection *
papers_window_get_collection (PapersWindow *self)
{
  return self->collection;
}

void
papers_window_toast (PapersWindow *self,
                     const char   *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static void
error_details_cb (AdwToast *toast,
                  char     *details)
{
  GtkWidget *window = g_object_get_data (G_OBJECT (toast), "window");
  AdwDialog *dialog = adw_alert_dialog_new (adw_toast_get_title (toast), details);

  adw_alert_dialog_add_response (ADW_ALERT_DIALOG (dialog), "close", _("_Close"));
  adw_dialog_present (dialog, window);
}

/* Errors are toasts; the technical text is one click away. */
void
papers_window_error (PapersWindow *self,
                     const char   *title,
                     const char   *details)
{
  AdwToast *toast = adw_toast_new (title);

  if (details != NULL)
    {
      adw_toast_set_button_label (toast, _("_Details"));
      g_object_set_data (G_OBJECT (toast), "window", self);
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (error_details_cb),
                             g_strdup (details), (GClosureNotify) (void (*) (void)) g_free, 0);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static gboolean
is_library_view (const char *view)
{
  return g_str_has_prefix (view, "library:") || g_str_has_prefix (view, "tag:") ||
         g_str_has_prefix (view, "saved:");
}

/**
 * papers_window_is_library_view:
 *
 * Returns: whether @view is a view of the library (not a listing)
 */
gboolean
papers_window_is_library_view (const char *view)
{
  return is_library_view (view);
}

/**
 * papers_window_compare_dates:
 *
 * Returns: the order of two dates in a list, the newest first and none
 *   last
 */
int
papers_window_compare_dates (GDateTime *a,
                             GDateTime *b)
{
  if (a == NULL || b == NULL)
    return (a == NULL) - (b == NULL);
  return -g_date_time_compare (a, b);
}

/* What the Daily Papers controls and the empty list say for each period.
 * Trending has no date: its arrows and calendar are off and say why
 * (trending_no_date). */
static const struct
{
  const char *previous;
  const char *next;
  const char *choose;
  const char *empty_title;
  const char *empty_description;
  const char *empty_button;
} period_words[] = {
  [PAPERS_HF_PERIOD_DAY] = {
    N_("Previous Day"), N_("Next Day"), N_("Choose Day"),
    N_("No Papers This Day"), N_("Hugging Face lists no papers for this day"), N_("_Previous Day"),
  },
  [PAPERS_HF_PERIOD_WEEK] = {
    N_("Previous Week"), N_("Next Week"), N_("Choose Week"),
    N_("No Papers This Week"), N_("Hugging Face lists no papers for this week"), N_("_Previous Week"),
  },
  [PAPERS_HF_PERIOD_MONTH] = {
    N_("Previous Month"), N_("Next Month"), N_("Choose Month"),
    N_("No Papers This Month"), N_("Hugging Face lists no papers for this month"), N_("_Previous Month"),
  },
  [PAPERS_HF_PERIOD_TRENDING] = {
    N_("Previous Period"), N_("Next Period"), N_("Choose Day"),
    N_("No Trending Papers"), N_("Hugging Face lists no trending papers now"), N_("_Retry"),
  },
};

static const char *trending_no_date = N_("Trending papers have no date");

static int
sort_func (gconstpointer a,
           gconstpointer b,
           gpointer      user_data)
{
  PapersWindow *self = user_data;
  PapersPaper *pa = (PapersPaper *) a;
  PapersPaper *pb = (PapersPaper *) b;

  if (papers_window_for_you_sorting (self))
    return papers_window_for_you_compare (self, pa, pb);
  if (g_str_equal (self->sort, "upvotes"))
    return papers_paper_get_upvotes (pb) - papers_paper_get_upvotes (pa);
  if (g_str_equal (self->sort, "title"))
    return g_utf8_collate (papers_paper_get_title (pa) ? papers_paper_get_title (pa) : "",
                           papers_paper_get_title (pb) ? papers_paper_get_title (pb) : "");
  if (g_str_equal (self->sort, "added"))
    return papers_window_compare_dates (papers_paper_get_added (pa), papers_paper_get_added (pb));
  if (g_str_equal (self->sort, "relevance"))
    return 0;
  return papers_window_compare_dates (papers_paper_get_published (pa), papers_paper_get_published (pb));
}

void
papers_window_update_status_page (PapersWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  const char *icon, *title, *description, *button, *action;

  if (papers_window_library_state_show (self, is_library_view (self->view)))
    return;
  if (g_str_equal (gtk_stack_get_visible_child_name (self->list_stack), "loading"))
    return;
  if (n > 0)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "list");
      return;
    }

  if (self->query != NULL && *self->query != '\0')
    {
      icon = "edit-find-symbolic";
      title = _("No Results");
      description = _("Try different words, or a search form from the help button");
      button = _("_Clear Search");
      action = "win.clear-search";
    }
  else if (g_str_equal (self->view, "for-you") && !self->listing_failed)
    {
      icon = "semi-starred-symbolic";
      title = _("Nothing For You Yet");
      description = _("For You gathers today’s Daily Papers and the feeds, authors and searches you follow");
      button = _("_Browse Daily Papers");
      action = "win.show-view::daily";
    }
  else if (is_library_view (self->view))
    {
      icon = "folder-documents-symbolic";
      title = g_str_equal (self->view, "library:all") ? _("No Papers Yet") : _("No Papers Here");
      description = _("Add papers from Daily Papers, a feed or a search, paste an arXiv link, or drop a PDF here");
      button = _("_Browse Daily Papers");
      action = "win.show-view::daily";
    }
  else if (g_str_has_suffix (self->view, "-search"))
    {
      icon = "system-search-symbolic";
      title = _("Search for Papers");
      description = _("Type a title, an author or a topic, then press Enter");
      button = _("_Search");
      action = "win.search";
    }
  else if (self->listing_failed)
    {
      icon = "network-offline-symbolic";
      title = _("Could Not Load Papers");
      description = _("Check your connection and try again");
      button = _("_Retry");
      action = "win.reload";
    }
  else if (g_str_equal (self->view, "daily"))
    {
      icon = "x-office-calendar-symbolic";
      title = _(period_words[self->period].empty_title);
      description = _(period_words[self->period].empty_description);
      button = _(period_words[self->period].empty_button);
      action = self->period == PAPERS_HF_PERIOD_TRENDING ? "win.reload" : "win.previous-day";
    }
  else
    {
      icon = "application-rss+xml-symbolic";
      title = _("No New Papers");
      description = _("This feed has no papers today");
      button = _("_Retry");
      action = "win.reload";
    }
  adw_status_page_set_icon_name (self->status_page, icon);
  /* Clear the old action before its target, so no step mixes the two. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->status_button), NULL);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->status_button), NULL);
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  gtk_button_set_label (self->status_button, button);
  {
    g_autofree char *name = NULL;
    g_autoptr(GVariant) target = NULL;

    /* Target first, then the name: setting a detailed name in one call
     * passes through a name with the old target. */
    if (g_action_parse_detailed_name (action, &name, &target, NULL))
      {
        gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->status_button), target);
        gtk_actionable_set_action_name (GTK_ACTIONABLE (self->status_button), name);
      }
  }
  gtk_stack_set_visible_child_name (self->list_stack, "status");
}

/* The position of the paper with @id in the list, without loading a
 * library view's pages that are not loaded yet */
static guint
position_of (PapersWindow *self,
             const char   *id)
{
  GListModel *model = gtk_single_selection_get_model (self->selection);
  guint n;

  if (id == NULL || model == NULL)
    return GTK_INVALID_LIST_POSITION;
  if (PAPERS_IS_RESULTS (model))
    return papers_results_find (PAPERS_RESULTS (model), id);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PapersPaper) paper = g_list_model_get_item (model, i);

      if (g_strcmp0 (papers_paper_get_id (paper), id) == 0)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static void
select_paper_id (PapersWindow *self,
                 const char   *id)
{
  guint position = position_of (self, id);

  if (position == GTK_INVALID_LIST_POSITION)
    return;
  gtk_single_selection_set_selected (self->selection, position);
  gtk_grid_view_scroll_to (self->paper_list, position, GTK_LIST_SCROLL_FOCUS, NULL);
}

static gboolean
restore_paper_cb (gpointer user_data)
{
  g_autoptr(PapersWindow) self = user_data;
  g_autofree char *id = g_steal_pointer (&self->restore_paper);

  self->navigating = TRUE;
  select_paper_id (self, id);
  self->navigating = FALSE;
  self->restoring = FALSE;
  return G_SOURCE_REMOVE;
}

static void
items_changed_cb (PapersWindow *self)
{
  papers_window_update_status_page (self);
  /* Not from inside the model's own signal: the list view reacts to it
   * after this handler. */
  if (self->restore_paper != NULL && !self->restoring &&
      g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    {
      self->restoring = TRUE;
      g_idle_add (restore_paper_cb, g_object_ref (self));
    }
}

/* The detail page shows @paper (or nothing), titled after it */
static void
show_in_detail (PapersWindow *self,
                PapersPaper  *paper)
{
  papers_detail_set_paper (self->detail, paper);
  adw_navigation_page_set_title (self->detail_page,
                                 paper && papers_paper_get_title (paper) ? papers_paper_get_title (paper) : _("Paper"));
}

static void
selection_changed_cb (PapersWindow *self)
{
  PapersPaper *paper = gtk_single_selection_get_selected_item (self->selection);
  PapersPaper *shown = papers_detail_get_paper (self->detail);

  /* A paper just removed from the library leaves a library list, but
   * stays on show so its Undo toast makes sense. */
  if (paper == NULL && shown != NULL && !papers_paper_get_in_library (shown) && is_library_view (self->view))
    return;
  show_in_detail (self, paper);
  if (paper != NULL)
    {
      g_settings_set_string (self->settings, "selected-paper", papers_paper_get_id (paper));
      papers_window_for_you_seen (self, paper);
    }
  papers_window_update_actions (self);

  /* Folded, choosing a paper opens it; restoring state does not. */
  if (paper != NULL && !self->navigating && adw_navigation_split_view_get_collapsed (self->inner_split))
    adw_navigation_split_view_set_show_content (self->inner_split, TRUE);
}

/* A listing goes through the sorter */
static void
show_listing (PapersWindow *self)
{
  if (gtk_single_selection_get_model (self->selection) != G_LIST_MODEL (self->sort_model))
    gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->sort_model));
}

/* A view of the library is the store's list, as it is */
static void
show_library_model (PapersWindow *self,
                    GListModel   *model)
{
  g_set_object (&self->library_model, model);
  if (gtk_single_selection_get_model (self->selection) != model)
    gtk_single_selection_set_model (self->selection, model);
}

/**
 * papers_window_show_paper:
 * @paper: a library paper
 *
 * Shows the paper, and the whole library with the paper selected once
 * its page of the list is there.
 */
void
papers_window_show_paper (PapersWindow *self,
                          PapersPaper  *paper)
{
  g_free (self->restore_paper);
  self->restore_paper = g_strdup (papers_paper_get_id (paper));
  papers_window_set_view (self, "library:all");
  show_in_detail (self, paper);
  papers_window_update_actions (self);
}

/**
 * papers_window_show_unlisted_paper:
 * @paper: a paper the library does not keep
 *
 * Shows @paper's page, with Add to Library, over whatever list is on
 * show, nothing selected in it: a paper opened by its address.
 */
void
papers_window_show_unlisted_paper (PapersWindow *self,
                                   PapersPaper  *paper)
{
  /* A selection restored from the last session would replace it */
  g_clear_pointer (&self->restore_paper, g_free);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  show_in_detail (self, paper);
  papers_window_update_actions (self);
}

/* A button's tooltip is its name for screen readers, or, while it is
 * off, the reason, which screen readers read as its description */
static void
set_button_text (GtkWidget  *button,
                 const char *name,
                 const char *why_off)
{
  gtk_widget_set_tooltip_text (button, why_off != NULL ? why_off : name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  if (why_off != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, why_off, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/* The arrows, wide and narrow, and the calendar say which period they
 * step or choose; the arrows' sensitivity follows their actions.  The
 * calendar shows no week numbers: its weeks start on the locale's first
 * day, Sunday in many, and its rows would then not be the ISO weeks
 * Hugging Face lists. */
static void
update_period_controls (PapersWindow *self)
{
  gboolean dated = self->period != PAPERS_HF_PERIOD_TRENDING;
  const char *why_off = dated ? NULL : _(trending_no_date);
  const char *previous = _(period_words[self->period].previous);
  const char *next = _(period_words[self->period].next);

  set_button_text (self->prev_day_button, previous, why_off);
  set_button_text (self->narrow_prev_button, previous, why_off);
  set_button_text (self->next_day_button, next, why_off);
  set_button_text (self->narrow_next_button, next, why_off);
  set_button_text (self->date_button, _(period_words[self->period].choose), why_off);
  gtk_widget_set_sensitive (self->date_button, dated);
}

static void
update_header (PapersWindow *self)
{
  gboolean daily = g_str_equal (self->view, "daily");
  g_autofree char *title = papers_window_view_title (self->view);
  g_autofree char *subtitle = NULL;

  if (daily)
    subtitle = papers_hf_period_describe (self->period, self->day);
  else if (g_str_equal (self->view, "for-you"))
    /* (its Hugging Face papers are the day's) */
    subtitle = papers_hf_period_describe (PAPERS_HF_PERIOD_DAY, self->day);
  else if (self->query != NULL && *self->query != '\0')
    subtitle = g_strdup (self->query);
  adw_window_title_set_title (self->list_title, title);
  adw_window_title_set_subtitle (self->list_title, subtitle ? subtitle : "");
  adw_navigation_page_set_title (self->list_page, title);
  /* Narrow, the day arrows and sorting move to a bar at the bottom so
   * the title keeps its room. */
  gtk_widget_set_visible (self->prev_day_button, daily && !self->narrow);
  gtk_widget_set_visible (self->next_day_button, daily && !self->narrow);
  /* For You is always ranked: sorting it means nothing */
  gtk_widget_set_visible (self->sort_button, !self->narrow && !g_str_equal (self->view, "for-you"));
  gtk_widget_set_visible (self->narrow_sort_button, !g_str_equal (self->view, "for-you"));
  gtk_widget_set_visible (self->narrow_prev_button, daily);
  gtk_widget_set_visible (self->narrow_next_button, daily);
  gtk_action_bar_set_revealed (self->narrow_bar, self->narrow && !g_str_equal (self->view, "for-you"));
  gtk_widget_set_visible (self->date_button, daily);
  gtk_widget_set_visible (self->period_bar, daily);
  update_period_controls (self);
  papers_window_for_you_update_header (self);
  gtk_widget_set_visible (self->save_search_button, is_library_view (self->view));
  gtk_search_entry_set_placeholder_text (self->search_entry,
                                         g_str_equal (self->view, "hf-search") ? _("Search Hugging Face") :
                                         g_str_equal (self->view, "arxiv-search") ? _("Search arXiv") :
                                         _("Search library"));
}

static gboolean
present_cb (gpointer data)
{
  PapersWindow *self = data;

  self->present_source = 0;
  gtk_window_present (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

static void
present_if_waiting (PapersWindow *self)
{
  if (self->present_source != 0)
    {
      g_clear_handle_id (&self->present_source, g_source_remove);
      present_cb (self);
    }
}

static void
search_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PapersWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = papers_collection_find_finish (PAPERS_COLLECTION (object), result, &error);

  if (self->closed)
    return;
  if (model == NULL)
    {
      /* Cancelled, a newer find runs; else none does */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_pointer (&self->running_find, g_free);
          g_clear_pointer (&self->running_search, g_free);
        }
      /* A half-typed query ("tag:") keeps the last results; the entry
       * says the query is not complete yet. */
      if (error->domain == PAPERS_QUERY_ERROR || g_error_matches (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_QUERY))
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->search_entry), "error");
          gtk_widget_set_tooltip_text (GTK_WIDGET (self->search_entry), error->message);
        }
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        papers_window_error (self, _("Search failed"), error->message);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->search_entry), NULL);
  g_free (self->shown_find);
  self->shown_find = g_steal_pointer (&self->running_find);
  g_free (self->shown_search);
  self->shown_search = g_steal_pointer (&self->running_search);
  if (!is_library_view (self->view))
    return;
  show_library_model (self, model);
  papers_window_update_status_page (self);
  present_if_waiting (self);
}

/* A window opening on the library waits for its list (a few tens of
 * milliseconds, a find on the store's thread while GTK starts) so its
 * first frame shows the papers rather than an empty list; never longer
 * than this. */
#define PRESENT_WAIT_MS 300

/**
 * papers_window_get_shown_search:
 *
 * Returns: (nullable): the search text whose results the library list
 *   shows, NULL before the first
 */
const char *
papers_window_get_shown_search (PapersWindow *self)
{
  return self->shown_search;
}

/**
 * papers_window_present_when_ready:
 *
 * Presents the window once what it opens on is there to show.
 */
void
papers_window_present_when_ready (PapersWindow *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self)) || !is_library_view (self->view) ||
      (self->library_model != NULL && papers_collection_get_loaded (self->collection)))
    {
      gtk_window_present (GTK_WINDOW (self));
      return;
    }
  if (self->present_source == 0)
    self->present_source = g_timeout_add (PRESENT_WAIT_MS, present_cb, self);
  /* Meanwhile its surface and renderer get ready */
  gtk_widget_realize (GTK_WIDGET (self));
}

static PapersSort
sort_from_name (const char *sort)
{
  if (g_str_equal (sort, "upvotes"))
    return PAPERS_SORT_UPVOTES;
  if (g_str_equal (sort, "title"))
    return PAPERS_SORT_TITLE;
  if (g_str_equal (sort, "added"))
    return PAPERS_SORT_ADDED;
  if (g_str_equal (sort, "relevance"))
    return PAPERS_SORT_RELEVANCE;
  return PAPERS_SORT_PUBLISHED;
}

/* The search key a view of the library adds to what the user types */
static void
view_filter (const char  *view,
             const char **key,
             const char **value)
{
  *key = NULL;
  *value = NULL;
  if (g_str_has_prefix (view, "library:") && !g_str_equal (view, "library:all"))
    {
      *key = "is";
      *value = view + strlen ("library:");
    }
  else if (g_str_has_prefix (view, "tag:"))
    {
      *key = "tag";
      *value = view + strlen ("tag:");
    }
}

/**
 * papers_window_view_find:
 *
 * Gives what the library view on show finds (what it shows, whole): the
 * query typed or saved, the view's own term and the sort, valid while
 * the view is.
 */
void
papers_window_view_find (PapersWindow *self,
                         const char  **query,
                         const char  **filter_key,
                         const char  **filter_value,
                         PapersSort   *sort)
{
  *query = self->query != NULL ? self->query : "";
  view_filter (self->view, filter_key, filter_value);
  *sort = sort_from_name (self->sort);
}

/* A search reads its best results from the top; the library's own lists
 * are whole. */
#define SEARCH_LIMIT 2000

/* How long a keystroke waits for its search, in microseconds */
#define TYPED_WAIT_US 8000

/* The selection shows the library's own list (not a listing, not yet
 * nothing) */
static gboolean
library_list_shown (PapersWindow *self)
{
  return self->library_model != NULL && gtk_single_selection_get_model (self->selection) == self->library_model;
}

/* @refresh: the list is the same, after an edit or once typing pauses:
 * change it in place.  @typing: a keystroke's search, its first
 * screenful only, found quickly; the list is refined after a pause. */
static void
run_search (PapersWindow *self,
            gboolean      refresh,
            gboolean      typing)
{
  const char *text = self->query != NULL ? self->query : "";
  gboolean quick = typing && !refresh;
  g_autofree char *query = NULL;
  g_autofree char *find = NULL;
  const char *key, *value;

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  update_header (self);

  /* A library that could not be opened has its own page */
  if (!is_library_view (self->view) || papers_collection_get_store (self->collection) == NULL)
    {
      papers_window_update_status_page (self);
      return;
    }
  query = papers_query_dup_incremental (text);
  find = g_strdup_printf ("%s\n%s\n%s", self->view, self->sort, query);
  /* "language m" searches what "language " did, which is on show */
  if (!refresh && g_strcmp0 (find, self->shown_find) == 0 && library_list_shown (self))
    {
      /* (and a find of another query, cancelled above, runs no more) */
      g_clear_pointer (&self->running_find, g_free);
      g_clear_pointer (&self->running_search, g_free);
      g_free (self->shown_search);
      self->shown_search = g_strdup (text);
      return;
    }
  g_free (self->running_find);
  self->running_find = g_steal_pointer (&find);
  g_free (self->running_search);
  self->running_search = g_strdup (text);
  /* A newer keystroke cancels the search still running. */
  self->search_cancellable = g_cancellable_new ();
  view_filter (self->view, &key, &value);
  papers_collection_find_async (self->collection, query, key, value, sort_from_name (self->sort),
                                quick ? PAPERS_FIND_QUICK : PAPERS_FIND_DEFAULT,
                                *query != '\0' ? SEARCH_LIMIT : 0,
                                refresh ? self->library_model : NULL,
                                self->search_cancellable, search_ready_cb, g_object_ref (self));
  /* A keystroke's results come in the frame that shows the character
   * typed when they are found within half a frame (they mostly are):
   * else in the frame after. */
  if (quick)
    papers_collection_wait_finds (self->collection, TYPED_WAIT_US);
}

static gboolean
refresh_cb (gpointer data)
{
  PapersWindow *self = data;

  self->refresh_source = 0;
  g_clear_handle_id (&self->refine_source, g_source_remove);
  if (is_library_view (self->view) && library_list_shown (self))
    run_search (self, TRUE, FALSE);
  return G_SOURCE_REMOVE;
}

/* A pause in typing this long, and the list of the query typed so far is
 * ranked and completed (its first screenful came quickly). */
#define REFINE_DELAY_MS 300

static gboolean
refine_cb (gpointer data)
{
  PapersWindow *self = data;

  self->refine_source = 0;
  /* A slow machine: the keystroke's own results first */
  if (self->running_find != NULL)
    {
      self->refine_source = g_timeout_add (REFINE_DELAY_MS, refine_cb, self);
      return G_SOURCE_REMOVE;
    }
  if (self->refresh_source == 0 && is_library_view (self->view) && library_list_shown (self))
    run_search (self, TRUE, FALSE);
  return G_SOURCE_REMOVE;
}

/**
 * papers_window_refresh_library:
 *
 * Finds the library view again after edits (once for a burst of them),
 * changing the list in place.
 */
void
papers_window_refresh_library (PapersWindow *self)
{
  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add (50, refresh_cb, self);
}

/* Relevance means nothing without a search: the list goes by date. */
static void
leave_relevance (PapersWindow *self)
{
  if (g_str_equal (self->sort, "relevance"))
    g_action_group_change_action_state (G_ACTION_GROUP (self), "sort", g_variant_new_string ("date"));
}

/* A search belongs to the view it was typed in: arXiv searched for
 * "testing" leaves All Papers unfiltered, and Search arXiv shows
 * "testing" again when it is chosen again.  Daily Papers and the feeds
 * have none (typing there searches the library), and a saved search is
 * its own text. */
static gboolean
view_keeps_query (const char *view)
{
  return g_str_has_suffix (view, "-search") ||
         (is_library_view (view) && !g_str_has_prefix (view, "saved:"));
}

/* Makes @query the view's search and shows it, without searching for it
 * as typed text is */
static void
show_query (PapersWindow *self,
            const char   *query)
{
  g_free (self->query);
  self->query = g_strdup (query);
  if (*query == '\0')
    leave_relevance (self);

  self->navigating = TRUE;
  /* GtkSearchBar empties its entry as it hides, so a search shows in the
   * bar shown.  Showing it focuses the entry: a view chosen from the
   * sidebar keeps the focus there. */
  if (*query != '\0' && !gtk_search_bar_get_search_mode (self->search_bar))
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
      g_autoptr(GtkWidget) keep = focus != NULL ? g_object_ref (focus) : NULL;

      gtk_search_bar_set_search_mode (self->search_bar, TRUE);
      if (keep != NULL)
        gtk_widget_grab_focus (keep);
    }
  /* (Typing that moved to the library keeps its cursor; a search shown
   * again is continued at its end.) */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), query) != 0)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), query);
      gtk_editable_set_position (GTK_EDITABLE (self->search_entry), -1);
    }
  self->navigating = FALSE;
}

void
papers_window_set_view (PapersWindow *self,
                        const char   *view)
{
  if (view == NULL || *view == '\0')
    view = "daily";
  if (g_strcmp0 (self->view, view) != 0)
    {
      g_autofree char *old = g_steal_pointer (&self->view);

      if (old != NULL && view_keeps_query (old))
        g_hash_table_replace (self->queries, g_strdup (old), g_strdup (self->query ? self->query : ""));
      self->view = g_strdup (view);
      if (g_str_has_prefix (view, "saved:"))
        show_query (self, view + strlen ("saved:"));
      else if (view_keeps_query (view) && g_hash_table_contains (self->queries, view))
        show_query (self, g_hash_table_lookup (self->queries, view));
      else
        show_query (self, "");
    }
  g_settings_set_string (self->settings, "last-view", self->view);
  /* A view chosen is found again, even the one on show */
  g_clear_pointer (&self->shown_find, g_free);
  g_clear_handle_id (&self->refine_source, g_source_remove);

  update_header (self);
  papers_window_sidebar_select (self, self->view);

  if (is_library_view (view))
    {
      adw_banner_set_revealed (self->offline_banner, FALSE);
      gtk_stack_set_visible_child_name (self->list_stack, "list");
      if (papers_collection_get_loaded (self->collection))
        run_search (self, FALSE, FALSE);
    }
  else
    {
      show_listing (self);
      papers_window_load_listing (self);
    }
  papers_window_update_status_page (self);
  papers_window_update_actions (self);
}

static void
narrow_changed_cb (PapersWindow *self)
{
  self->narrow = adw_navigation_split_view_get_collapsed (self->outer_split);
  /* A window that starts narrow starts at the sidebar, wherever the
   * focus happens to be. */
  if (self->narrow && !self->narrow_seen)
    adw_navigation_split_view_set_show_content (self->outer_split, FALSE);
  self->narrow_seen |= self->narrow;
  papers_detail_set_compact (self->detail, self->narrow);
  update_header (self);
}

static void
sidebar_row_selected_cb (PapersWindow  *self,
                         GtkListBoxRow *row)
{
  const char *view;

  if (row == NULL || self->navigating)
    return;
  view = papers_sidebar_row_get_view (PAPERS_SIDEBAR_ROW (row));
  if (g_strcmp0 (view, self->view) == 0)
    return;
  papers_window_set_view (self, view);
  /* Folded, choosing another view opens it, as in the list.  (Focus
   * entering the list selects the current row: that opens nothing.) */
  if (adw_navigation_split_view_get_collapsed (self->outer_split))
    adw_navigation_split_view_set_show_content (self->outer_split, TRUE);
}

static void
sidebar_row_activated_cb (PapersWindow  *self,
                          GtkListBoxRow *row)
{
  sidebar_row_selected_cb (self, row);
  adw_navigation_split_view_set_show_content (self->outer_split, TRUE);
}

/* A row activated with Ctrl held (a double click), or Ctrl+Enter, opens
 * the paper in a new tab.  The list's activate signal says nothing of
 * the keys held, so the events on their way to the list are looked at
 * first. */
static gboolean
list_event_cb (GtkEventControllerLegacy *controller,
               GdkEvent                 *event,
               PapersWindow             *self)
{
  GdkEventType type = gdk_event_get_event_type (event);
  gboolean ctrl = (gdk_event_get_modifier_state (event) & GDK_CONTROL_MASK) != 0;

  if (type == GDK_BUTTON_PRESS)
    self->ctrl_click_time = ctrl ? gdk_event_get_time (event) : 0;
  else if (type == GDK_KEY_PRESS)
    {
      self->ctrl_click_time = 0;
      /* The rows' own Enter binding wants no modifier: Ctrl+Enter opens
       * the row selected (the focused one) here */
      if (ctrl && (gdk_key_event_get_keyval (event) == GDK_KEY_Return ||
                   gdk_key_event_get_keyval (event) == GDK_KEY_KP_Enter))
        {
          gtk_widget_activate_action (GTK_WIDGET (self), "win.read-new-tab", NULL);
          return GDK_EVENT_STOP;
        }
    }
  return GDK_EVENT_PROPAGATE;
}

static void
paper_list_activate_cb (PapersWindow *self,
                        guint         position)
{
  gboolean new_tab = self->ctrl_click_time != 0;

  self->ctrl_click_time = 0;
  gtk_single_selection_set_selected (self->selection, position);
  if (new_tab)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.read-new-tab", NULL);
  else if (adw_navigation_split_view_get_collapsed (self->inner_split))
    adw_navigation_split_view_set_show_content (self->inner_split, TRUE);
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "win.read", NULL);
}

static void
search_changed_cb (PapersWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (self->navigating || g_strcmp0 (text, self->query) == 0)
    return;
  g_free (self->query);
  self->query = g_strdup (text);
  /* Remote searches run on Enter: each keystroke would be a request. */
  if (g_str_has_suffix (self->view, "-search"))
    return;
  if (*text == '\0')
    leave_relevance (self);
  /* Typing in a feed or Daily Papers searches the library. */
  if (!is_library_view (self->view) && *text != '\0')
    {
      g_hash_table_replace (self->queries, g_strdup ("library:all"), g_strdup (text));
      papers_window_set_view (self, "library:all");
    }
  else
    {
      run_search (self, FALSE, TRUE);
      g_clear_handle_id (&self->refine_source, g_source_remove);
      self->refine_source = g_timeout_add (REFINE_DELAY_MS, refine_cb, self);
    }
}

/* From the search to its results: the keyboard goes to the paper
 * selected, or the first, selecting it */
static gboolean
focus_results (PapersWindow *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    return FALSE;
  if (position == GTK_INVALID_LIST_POSITION)
    position = 0;
  gtk_grid_view_scroll_to (self->paper_list, position, GTK_LIST_SCROLL_FOCUS | GTK_LIST_SCROLL_SELECT, NULL);
  /* (which moves the list's own cursor, not the keyboard, from outside) */
  gtk_widget_grab_focus (GTK_WIDGET (self->paper_list));
  return TRUE;
}

static void
search_activate_cb (PapersWindow *self)
{
  if (g_str_has_suffix (self->view, "-search"))
    {
      update_header (self);
      papers_window_load_listing (self);
      return;
    }
  focus_results (self);
}

/* Down in the search goes to the results, as Enter does */
static gboolean
search_key_pressed_cb (PapersWindow    *self,
                       guint            keyval,
                       guint            keycode,
                       GdkModifierType  state)
{
  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;
  return focus_results (self) ? GDK_EVENT_STOP : GDK_EVENT_PROPAGATE;
}

static void
search_stop_cb (PapersWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
calendar_day_selected_cb (PapersWindow *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->calendar);
  g_autoptr(GDateTime) day = g_date_time_new_utc (g_date_time_get_year (date), g_date_time_get_month (date),
                                                  g_date_time_get_day_of_month (date), 0, 0, 0);

  g_autofree char *query = papers_hf_period_query (self->period, day);
  g_autofree char *shown = papers_hf_period_query (self->period, self->day);

  if (g_date_time_equal (day, self->day))
    return;
  g_date_time_unref (self->day);
  self->day = g_steal_pointer (&day);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->date_button));
  /* A day of the week or month on show changes nothing on screen; the
   * day is kept for going back to Day. */
  if (g_strcmp0 (query, shown) != 0 || !g_str_equal (self->view, "daily"))
    papers_window_set_view (self, "daily");
}

static void
period_changed_cb (PapersWindow *self)
{
  PapersHfPeriod period;

  /* The template sets the toggle before the window has a view. */
  if (self->view == NULL ||
      !papers_hf_period_from_nick (adw_toggle_group_get_active_name (self->period_group), &period) ||
      period == self->period)
    return;
  self->period = period;
  g_settings_set_string (self->settings, "daily-period", papers_hf_period_to_nick (period));
  papers_window_set_view (self, "daily");
}

/**
 * papers_window_set_day:
 * @day: the Daily Papers day, as "YYYY-MM-DD"
 *
 * Returns: whether @day was a valid date
 */
gboolean
papers_window_set_day (PapersWindow *self,
                       const char   *day)
{
  g_autofree char *iso = g_strconcat (day, "T00:00:00Z", NULL);
  g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (iso, NULL);

  if (date == NULL)
    return FALSE;
  g_date_time_unref (self->day);
  self->day = g_steal_pointer (&date);
  if (self->calendar != NULL)
    gtk_calendar_select_day (self->calendar, self->day);
  if (g_strcmp0 (self->view, "daily") == 0)
    papers_window_set_view (self, "daily");
  return TRUE;
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         PapersWindow  *self)
{
  GSList *files = g_value_get_boxed (value);
  gboolean added = FALSE;

  for (GSList *l = files; l != NULL; l = l->next)
    {
      /* A bibliography is imported, with its summary; anything else
       * is a PDF to add, or said not to be one */
      if (papers_window_is_bibliography (l->data))
        {
          papers_window_import_file (self, l->data);
          added = TRUE;
        }
      else
        added |= papers_window_add_pdf (self, l->data);
    }
  return added;
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              PapersWindow             *self)
{
  gtk_list_item_set_child (item, papers_paper_row_new ());
  g_object_set_data (G_OBJECT (item), "papers-window", self);
}

/* What a row says of @paper besides its title, the For You line last */
static char *
row_description (PapersWindow *self,
                 PapersPaper  *paper,
                 const char   *note)
{
  g_autofree char *description = papers_paper_row_dup_description (paper);

  if (note == NULL)
    return g_steal_pointer (&description);
  return g_strdup_printf ("%s; %s", description, note);
}

/* The row is named by its title, which a lookup may fill in later, and
 * described by the rest of what it shows, which edits change. */
static void
paper_notify_cb (PapersPaper *paper,
                 GParamSpec  *pspec,
                 GtkListItem *item)
{
  PapersWindow *self = g_object_get_data (G_OBJECT (item), "papers-window");
  g_autofree char *note = papers_window_for_you_note (self, paper);
  g_autofree char *description = row_description (self, paper, note);

  gtk_list_item_set_accessible_label (item, papers_paper_get_title (paper) ? papers_paper_get_title (paper)
                                                                           : papers_paper_get_id (paper));
  gtk_list_item_set_accessible_description (item, description);
}

/**
 * papers_window_update_rows:
 *
 * Gives the rows on screen their For You line again, after a ranking
 * (rows bound later get it as they are bound).
 */
void
papers_window_update_rows (PapersWindow *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->paper_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);
      PapersPaper *paper;
      g_autofree char *note = NULL;
      g_autofree char *description = NULL;

      if (row == NULL || !PAPERS_IS_PAPER_ROW (row))
        continue;
      paper = papers_paper_row_get_paper (PAPERS_PAPER_ROW (row));
      if (paper == NULL)
        continue;
      note = papers_window_for_you_note (self, paper);
      papers_paper_row_set_note (PAPERS_PAPER_ROW (row), note);
      description = row_description (self, paper, note);
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
    }
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             PapersWindow             *self)
{
  PapersPaper *paper = gtk_list_item_get_item (item);
  g_autofree char *note = papers_window_for_you_note (self, paper);

  papers_paper_row_set_paper (PAPERS_PAPER_ROW (gtk_list_item_get_child (item)), paper);
  papers_paper_row_set_note (PAPERS_PAPER_ROW (gtk_list_item_get_child (item)), note);
  paper_notify_cb (paper, NULL, item);
  g_signal_connect_object (paper, "notify", G_CALLBACK (paper_notify_cb), item, 0);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  PapersPaper *paper = gtk_list_item_get_item (item);

  if (paper != NULL)
    g_signal_handlers_disconnect_by_func (paper, paper_notify_cb, item);
  papers_paper_row_set_paper (PAPERS_PAPER_ROW (gtk_list_item_get_child (item)), NULL);
  papers_paper_row_set_note (PAPERS_PAPER_ROW (gtk_list_item_get_child (item)), NULL);
}

/* Whether @change can move papers into, out of or about the library
 * list on show (a row shows any change itself) */
static gboolean
change_moves_list (PapersWindow *self,
                   PapersChange  change)
{
  gboolean searching = self->query != NULL && *self->query != '\0';

  if (change & (PAPERS_CHANGE_LIBRARY | PAPERS_CHANGE_METADATA))
    return TRUE;
  /* Status, star and tags make the views of those; only a search reads
   * notes and PDF text. */
  if (change & (PAPERS_CHANGE_STATUS | PAPERS_CHANGE_STARRED | PAPERS_CHANGE_TAGS))
    return searching || !g_str_equal (self->view, "library:all");
  return searching;
}

static void
collection_changed_cb (PapersWindow *self,
                       PapersPaper  *paper,
                       PapersChange  change)
{
  if (is_library_view (self->view) && change_moves_list (self, change))
    papers_window_refresh_library (self);
  papers_window_update_actions (self);
}

/* The library opened, or could not be: the window shows it.  (While it
 * opens again after a restore, what showed its state stays.) */
static void
collection_loaded_cb (PapersWindow *self)
{
  g_autofree char *view = NULL;

  if (!papers_collection_get_loaded (self->collection))
    return;
  view = g_strdup (self->view);

  papers_window_library_state_update (self);
  papers_window_sidebar_update_counts (self);
  papers_window_for_you_library_opened (self);
  papers_window_set_view (self, view);
  papers_window_tabs_restore (self);
}

/* Says what did not happen: a change that was not saved, or a read */
static void
collection_error_cb (PapersWindow *self,
                     GError       *error,
                     gboolean      write)
{
  const char *title;

  present_if_waiting (self);
  if (!write)
    title = _("The library could not be read");
  else if (g_error_matches (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_READ_ONLY))
    title = _("The change was not saved: the library is read-only");
  else if (g_error_matches (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_FULL))
    title = _("The change was not saved: the disk is full");
  else
    title = _("The change was not saved");
  papers_window_error (self, title, error->message);
}

/* The search syntax, in the popover of its button */
static GtkWidget *
search_help_new (void)
{
  static const struct { const char *form; const char *meaning; } forms[] = {
    { "word", N_("Title, authors, abstract or note contain the word") },
    { "\"a phrase\"", N_("Contains the exact phrase") },
    { "tag:name", N_("Has the tag") },
    { "-tag:name", N_("Does not have the tag (any form can be negated)") },
    { "author:name", N_("An author’s name contains the text") },
    { "year:2024", N_("Published in 2024") },
    { "year:2019..2023", N_("Published between 2019 and 2023") },
    { "is:unread", N_("Unread, also is:reading, is:read, is:starred") },
    { "has:pdf", N_("Has a PDF, also has:note, has:annotations") },
  };
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());

  gtk_grid_set_row_spacing (grid, 6);
  gtk_grid_set_column_spacing (grid, 12);
  gtk_widget_set_margin_top (GTK_WIDGET (grid), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (grid), 6);
  gtk_widget_set_margin_start (GTK_WIDGET (grid), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (grid), 6);
  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      GtkWidget *form = gtk_label_new (forms[i].form);
      GtkWidget *meaning = gtk_label_new (_(forms[i].meaning));

      /* For copying with the pointer; never focused, which selected the
       * first whole each time the popover opened */
      gtk_label_set_selectable (GTK_LABEL (form), TRUE);
      gtk_widget_set_focusable (form, FALSE);
      gtk_widget_add_css_class (form, "monospace");
      gtk_label_set_xalign (GTK_LABEL (form), 0);
      gtk_label_set_xalign (GTK_LABEL (meaning), 0);
      gtk_label_set_wrap (GTK_LABEL (meaning), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (meaning), 36);
      gtk_grid_attach (grid, form, 0, i, 1, 1);
      gtk_grid_attach (grid, meaning, 1, i, 1, 1);
    }
  return GTK_WIDGET (grid);
}

/* The header's menus and popovers are made when their buttons are first
 * opened: the window's first frame does without them (the calendar alone
 * is some fifty widgets).  A menu button's menu, @user_data: */
static void
create_menu (GtkMenuButton *button,
             gpointer       user_data)
{
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (user_data));
}

static void
create_search_help (GtkMenuButton *button,
                    gpointer       user_data)
{
  GtkWidget *popover = gtk_popover_new ();

  gtk_popover_set_child (GTK_POPOVER (popover), search_help_new ());
  gtk_menu_button_set_popover (button, popover);
}

static void
create_calendar (GtkMenuButton *button,
                 gpointer       user_data)
{
  PapersWindow *self = user_data;
  GtkWidget *popover = gtk_popover_new ();

  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  gtk_calendar_select_day (self->calendar, self->day);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->calendar), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Day"), -1);
  g_signal_connect_object (self->calendar, "day-selected", G_CALLBACK (calendar_day_selected_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_popover_set_child (GTK_POPOVER (popover), GTK_WIDGET (self->calendar));
  gtk_menu_button_set_popover (button, popover);
}

/**
 * papers_window_shutdown:
 *
 * Ends the window's work as it closes: saves the note being edited,
 * cancels its searches, listings, lookups, downloads and reads, and has
 * the application wait, when it quits, until what was already asked of
 * the library is written and every callback holding the window has run
 * (see papers_application_await()).  Runs when the window is asked to
 * close, when the application quits, and at the latest in dispose: a
 * destroyed window is disposed only once those callbacks release it, so
 * the cancelling cannot wait for dispose.  Safe to call more than once.
 */
void
papers_window_shutdown (PapersWindow *self)
{
  g_return_if_fail (PAPERS_IS_WINDOW (self));

  if (self->closed || self->collection == NULL)
    return;
  self->closed = TRUE;
  papers_detail_flush_note (self->detail);
  papers_application_await (self);
  papers_application_await (self->collection);
  if (papers_collection_get_store (self->collection) != NULL)
    papers_application_await (papers_collection_get_store (self->collection));
  /* The application's library stays open for its other windows (the
   * application closes it when it shuts down), so a closed window stops
   * following it instead: what it announces later reaches nothing here. */
  if (self->owns_collection)
    papers_collection_close (self->collection);
  else
    g_signal_handlers_disconnect_by_data (self->collection, self);
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->search_cancellable);
  g_cancellable_cancel (self->listing_cancellable);
  papers_window_for_you_shutdown (self);
  /* No refresh, rebuild or late present after this */
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->refine_source, g_source_remove);
  g_clear_handle_id (&self->present_source, g_source_remove);
  g_clear_handle_id (&self->sidebar_rebuild_source, g_source_remove);
}

static gboolean
papers_window_close_request (GtkWindow *window)
{
  papers_window_shutdown (PAPERS_WINDOW (window));
  return GTK_WINDOW_CLASS (papers_window_parent_class)->close_request (window);
}

static void
papers_window_dispose (GObject *object)
{
  PapersWindow *self = PAPERS_WINDOW (object);

  papers_window_shutdown (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->listing_cancellable);
  g_clear_object (&self->client);
  papers_window_for_you_dispose (self);
  papers_window_tabs_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PAPERS_TYPE_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->sort_model);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->refine_source, g_source_remove);
  g_clear_handle_id (&self->present_source, g_source_remove);
  g_clear_handle_id (&self->sidebar_rebuild_source, g_source_remove);
  g_clear_object (&self->library_model);
  g_clear_object (&self->listing);
  g_clear_object (&self->collection);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->sidebar_rows, g_hash_table_unref);
  g_clear_pointer (&self->library_backup, papers_backup_free);

  G_OBJECT_CLASS (papers_window_parent_class)->dispose (object);
}

static void
papers_window_finalize (GObject *object)
{
  PapersWindow *self = PAPERS_WINDOW (object);

  g_free (self->view);
  g_free (self->sort);
  g_free (self->query);
  g_clear_pointer (&self->queries, g_hash_table_unref);
  g_free (self->restore_paper);
  g_free (self->shown_find);
  g_free (self->shown_search);
  g_free (self->running_find);
  g_free (self->running_search);
  g_clear_pointer (&self->day, g_date_time_unref);

  G_OBJECT_CLASS (papers_window_parent_class)->finalize (object);
}

static void
papers_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PapersWindow *self = PAPERS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_COLLECTION:
      g_value_set_object (value, self->collection);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
papers_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PapersWindow *self = PAPERS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_COLLECTION:
      self->collection = g_value_dup_object (value);
      break;
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
papers_window_class_init (PapersWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = papers_window_constructed;
  object_class->dispose = papers_window_dispose;
  object_class->finalize = papers_window_finalize;
  object_class->get_property = papers_window_get_property;
  object_class->set_property = papers_window_set_property;

  /**
   * PapersWindow:collection:
   *
   * The library the window shows, the application's: %NULL makes the
   * window open one of its own.
   */
  properties[PROP_COLLECTION] = g_param_spec_object ("collection", NULL, NULL, PAPERS_TYPE_COLLECTION,
                                                     G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                     G_PARAM_STATIC_STRINGS);
  /**
   * PapersWindow:client:
   *
   * The client the window fetches listings, papers and PDFs with, one for
   * the whole application (one HTTP session and one arXiv queue, so two
   * windows still keep arXiv's 3-second spacing): %NULL makes the window
   * a client of its own.
   */
  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, PAPERS_TYPE_SOURCE_CLIENT,
                                                 G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                 G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  GTK_WINDOW_CLASS (klass)->close_request = papers_window_close_request;

  g_type_ensure (PAPERS_TYPE_PAPER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Papers/papers-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, add_button);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, main_view);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, outer_split);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, inner_split);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, list_page);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, detail_page);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, list_title);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, period_bar);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, period_group);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, prev_day_button);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, date_button);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, next_day_button);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, sort_button);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, narrow_sort_button);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, sync_status_button);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, sort_menu);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, narrow_bar);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, narrow_prev_button);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, narrow_next_button);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, search_help_button);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, save_search_button);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, offline_banner);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, import_progress);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, paper_list);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, status_button);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, paper_list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);
  papers_window_sidebar_class_init (widget_class);
  papers_window_for_you_class_init (widget_class);
}

static void
setup_list (PapersWindow *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  self->sorter = gtk_custom_sorter_new (sort_func, self, NULL);
  /* listing → the For You view's filter → sorter */
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)),
                                              GTK_SORTER (self->sorter));
  /* The window keeps the listing's sort model (and with it the sorter)
   * while the selection shows the library's list instead. */
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sort_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected-item", G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_swapped (self->selection, "items-changed", G_CALLBACK (items_changed_cb), self);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_grid_view_set_factory (self->paper_list, factory);
  g_object_unref (factory);
  gtk_grid_view_set_model (self->paper_list, GTK_SELECTION_MODEL (g_object_ref (self->selection)));
  {
    GtkEventController *events = gtk_event_controller_legacy_new ();

    /* Before the list's own handlers, which activate the row; it takes
     * nothing from them */
    gtk_event_controller_set_propagation_phase (events, GTK_PHASE_CAPTURE);
    g_signal_connect (events, "event", G_CALLBACK (list_event_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->paper_list), events);
  }
  g_object_unref (self->selection);
}

/* On a phone (or any screen smaller than the saved size) the window starts
 * at the screen's size, so the narrow layout applies from the first frame. */
static void
fit_to_screen (PapersWindow *self)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GdkMonitor) monitor = NULL;
  GdkRectangle area;
  int width, height;

  if (display == NULL)
    return;
  monitor = g_list_model_get_item (gdk_display_get_monitors (display), 0);
  if (monitor == NULL)
    return;
  gdk_monitor_get_geometry (monitor, &area);
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (area.width > 0 && area.height > 0 && (width > area.width || height > area.height))
    gtk_window_set_default_size (GTK_WINDOW (self), MIN (width, area.width), MIN (height, area.height));
}

static void
papers_window_init (PapersWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  if (g_strcmp0 (PROFILE, "Devel") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  /* Window geometry lives in GSettings and is bound both ways, so it is
   * restored here and saved on every change without a close handler. */
  self->settings = g_settings_new (BASE_APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  fit_to_screen (self);
}

/* What follows the library comes once the properties are set: the window
 * is handed the application's collection and client, or (a window made on
 * its own, in the tests) opens a library and makes a client of its own. */
static void
papers_window_constructed (GObject *object)
{
  PapersWindow *self = PAPERS_WINDOW (object);
  GtkDropTarget *drop;
  g_autofree char *start_view = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  G_OBJECT_CLASS (papers_window_parent_class)->constructed (object);

  if (self->collection == NULL)
    {
      self->collection = papers_collection_new ();
      self->owns_collection = TRUE;
    }
  if (self->client == NULL)
    self->client = papers_source_client_new_from_settings (self->settings);
  self->cancellable = g_cancellable_new ();
  self->listing = g_list_store_new (PAPERS_TYPE_PAPER);
  self->sidebar_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->sort = g_settings_get_string (self->settings, "sort-order");
  self->queries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->day = g_date_time_new_utc (g_date_time_get_year (now), g_date_time_get_month (now),
                                   g_date_time_get_day_of_month (now), 0, 0, 0);
  {
    g_autofree char *period = g_settings_get_string (self->settings, "daily-period");

    papers_hf_period_from_nick (period, &self->period);
    adw_toggle_group_set_active_name (self->period_group, period);
  }
  self->view = g_strdup ("daily");

  self->detail = PAPERS_DETAIL (papers_detail_new (self->collection));
  adw_navigation_page_set_child (self->detail_page, GTK_WIDGET (self->detail));

  papers_window_for_you_init (self);
  setup_list (self);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->primary_menu_button), create_menu,
                                         self->primary_menu, NULL);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->sort_button), create_menu, self->sort_menu, NULL);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->narrow_sort_button), create_menu, self->sort_menu,
                                         NULL);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->search_help_button), create_search_help, NULL, NULL);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->date_button), create_calendar, self, NULL);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (search_key_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
  }
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  g_signal_connect_object (self->collection, "changed", G_CALLBACK (collection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->outer_split, "notify::collapsed", G_CALLBACK (narrow_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->collection, "notify::loaded", G_CALLBACK (collection_loaded_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->collection, "error", G_CALLBACK (collection_error_cb), self, G_CONNECT_SWAPPED);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  papers_window_tabs_init (self);
  papers_window_actions_init (self);
  papers_window_files_init (self);
  papers_window_sidebar_init (self);
  papers_window_library_state_init (self);
  papers_window_sync_init (self);
  papers_window_library_state_update (self);

  /* Restore what the user last looked at, or the view chosen in
   * Preferences. */
  start_view = g_settings_get_string (self->settings, "start-view");
  if (g_str_equal (start_view, "last"))
    {
      g_free (start_view);
      start_view = g_settings_get_string (self->settings, "last-view");
    }
  else if (g_str_equal (start_view, "library"))
    {
      g_free (start_view);
      start_view = g_strdup ("library:all");
    }
  /* Tests and screenshots pin the Daily Papers day. */
  if (g_getenv ("PAPERS_DAILY_DATE") != NULL)
    papers_window_set_day (self, g_getenv ("PAPERS_DAILY_DATE"));
  self->restore_paper = g_settings_get_string (self->settings, "selected-paper");
  if (*self->restore_paper == '\0')
    g_clear_pointer (&self->restore_paper, g_free);
  papers_window_set_view (self, start_view);
  /* The application's library may be open already: no notify::loaded */
  if (papers_collection_get_loaded (self->collection))
    papers_window_tabs_restore (self);
}
