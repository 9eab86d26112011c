/* papers-window-for-you.c: listings ranked For You, the For You view,
 * Not Interested and following
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The window asks PapersForYou (library/) for everything here: it ranks
 * a listing on its own worker thread, keeps the dismissals and follows in
 * the store, and learns them at its next ranking.  The window keeps the
 * answer, a score and a reason per paper id, for the sorter and the rows.
 *
 * A listing sorted For You, and the For You view always, go by the
 * ranking; while the library is too small to learn from, the ranking has
 * no scores and the list goes by upvotes, then date, under a banner that
 * says so.  A listing can also be ranked by the papers of one tag (the
 * sort menu's "For You by Tag"), as if the library held only those.
 *
 * The For You view is the day's Hugging Face papers and every
 * followed arXiv feed and search, fetched through the listing cache like
 * any listing, merged by paper id; a paper opened from a listing before
 * is marked as seen.  Its filters are the authors and topics followed. */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-listing-cache.h"
#include "papers-paper-row.h"
#include "papers-window-private.h"

/* Papers opened, kept as seen: the newest this many */
#define MAX_SEEN 500

typedef struct
{
  double  score;
  char   *reason;
} Rank;

static void
rank_free (Rank *rank)
{
  g_free (rank->reason);
  g_free (rank);
}

/* The window's ranker, over the library open now (a restored library is
 * another store) */
static PapersForYou *
for_you (PapersWindow *self)
{
  PapersStore *store = papers_collection_get_store (self->collection);

  if (store == NULL)
    return NULL;
  if (self->for_you != NULL && papers_for_you_get_store (self->for_you) == store)
    return self->for_you;
  g_clear_object (&self->for_you);
  self->for_you = papers_for_you_new (store);
  return self->for_you;
}

/**
 * papers_window_for_you_sorting:
 *
 * Returns: whether the list goes by the For You ranking: the For You
 *   view, or a listing (not the library) sorted For You
 */
gboolean
papers_window_for_you_sorting (PapersWindow *self)
{
  if (self->view == NULL)
    return FALSE;
  if (g_str_equal (self->view, "for-you"))
    return TRUE;
  return g_strcmp0 (self->sort, "for-you") == 0 && !papers_window_is_library_view (self->view);
}

/* Still learning, or a paper the ranking has not scored: upvotes, then
 * the newest first, never noise */
static int
compare_fallback (PapersPaper *a,
                  PapersPaper *b)
{
  int upvotes = papers_paper_get_upvotes (b) - papers_paper_get_upvotes (a);

  if (upvotes != 0)
    return upvotes;
  return papers_window_compare_dates (papers_paper_get_published (a), papers_paper_get_published (b));
}

int
papers_window_for_you_compare (PapersWindow *self,
                               PapersPaper  *a,
                               PapersPaper  *b)
{
  Rank *ra = g_hash_table_lookup (self->ranks, papers_paper_get_id (a));
  Rank *rb = g_hash_table_lookup (self->ranks, papers_paper_get_id (b));

  if (ra != NULL && rb != NULL && ra->score != rb->score)
    return ra->score > rb->score ? -1 : 1;
  if ((ra == NULL) != (rb == NULL))
    return ra == NULL ? 1 : -1;
  return compare_fallback (a, b);
}

/**
 * papers_window_for_you_note:
 *
 * Returns: (transfer full) (nullable): the line a row shows under the
 *   rest: why the paper ranks high, and in the For You view whether it
 *   was seen
 */
char *
papers_window_for_you_note (PapersWindow *self,
                            PapersPaper  *paper)
{
  Rank *rank;
  gboolean seen;

  if (!papers_window_for_you_sorting (self) || papers_paper_get_id (paper) == NULL)
    return NULL;
  rank = g_hash_table_lookup (self->ranks, papers_paper_get_id (paper));
  seen = g_str_equal (self->view, "for-you") && g_hash_table_contains (self->seen, papers_paper_get_id (paper));
  if (seen && rank != NULL && rank->reason != NULL)
    /* Translators: a row of the For You view: seen before, and why it
     * ranks high ("Like ‘…’", "Tag: …") */
    return g_strdup_printf (_("Seen · %s"), rank->reason);
  if (seen)
    return g_strdup (_("Seen"));
  if (rank != NULL && rank->reason != NULL)
    return g_strdup (rank->reason);
  return NULL;
}

static void
set_still_learning (PapersWindow *self,
                    gboolean      still_learning)
{
  g_autofree char *title = NULL;

  self->still_learning = still_learning;
  if (self->for_you_tag != NULL && g_strcmp0 (self->view, "for-you") != 0)
    /* Translators: %s is a tag's name */
    title = g_strdup_printf (_("Still learning what “%s” is about — tag a few more papers"), self->for_you_tag);
  adw_banner_set_title (self->learning_banner, title != NULL ? title
                                                             : _("Still learning your interests — keep a few papers"));
  adw_banner_set_revealed (self->learning_banner, still_learning && papers_window_for_you_sorting (self));
}

/* A ranking asked for: the window, and the papers its scores are for, in
 * the order given */
typedef struct
{
  PapersWindow *window;
  GPtrArray    *papers;
} RankOp;

static void
rank_op_free (RankOp *op)
{
  g_object_unref (op->window);
  g_ptr_array_unref (op->papers);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RankOp, rank_op_free)

static void
rank_ready_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RankOp) op = user_data;
  PapersWindow *self = op->window;
  GPtrArray *papers = op->papers;
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersRanking) ranking = papers_for_you_rank_finish (PAPERS_FOR_YOU (object), result, &error);

  if (ranking == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->closed)
    return;
  if (ranking == NULL)
    {
      /* The list stays in its fallback order; the ranking is no reason to
       * hide it. */
      g_warning ("For You ranking failed: %s", error->message);
      set_still_learning (self, TRUE);
    }
  else if (ranking->still_learning || ranking->scores == NULL)
    set_still_learning (self, TRUE);
  else
    {
      set_still_learning (self, FALSE);
      for (guint i = 0; i < ranking->n_papers && i < papers->len; i++)
        {
          Rank *rank = g_new0 (Rank, 1);

          rank->score = ranking->scores[i];
          rank->reason = g_strdup (ranking->reasons != NULL ? ranking->reasons[i] : NULL);
          g_hash_table_replace (self->ranks, g_strdup (papers_paper_get_id (papers->pdata[i])), rank);
        }
    }
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  papers_window_update_rows (self);
  /* The list now starts at its best paper: show it, unless a paper chosen
   * is on show */
  if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION &&
      g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    gtk_grid_view_scroll_to (self->paper_list, 0, GTK_LIST_SCROLL_NONE, NULL);
}

/**
 * papers_window_for_you_rank:
 *
 * Ranks the listing shown when the list goes For You, on the ranker's
 * worker thread; else forgets the last ranking.  The list shows its
 * fallback order until the ranking comes.
 */
void
papers_window_for_you_rank (PapersWindow *self)
{
  GListModel *listing = G_LIST_MODEL (self->listing);
  guint n = g_list_model_get_n_items (listing);
  g_autoptr(GPtrArray) papers = NULL;
  PapersForYou *ranker;
  RankOp *op;

  g_cancellable_cancel (self->rank_cancellable);
  g_clear_object (&self->rank_cancellable);
  g_hash_table_remove_all (self->ranks);
  if (!papers_window_for_you_sorting (self) || n == 0)
    {
      set_still_learning (self, FALSE);
      papers_window_update_rows (self);
      return;
    }
  ranker = for_you (self);
  if (ranker == NULL)
    {
      set_still_learning (self, TRUE);
      papers_window_update_rows (self);
      return;
    }
  papers = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (papers, g_list_model_get_item (listing, i));
  self->rank_cancellable = g_cancellable_new ();
  op = g_new0 (RankOp, 1);
  op->window = g_object_ref (self);
  op->papers = g_ptr_array_ref (papers);
  /* The For You view is the whole library's; a listing may be a tag's */
  papers_for_you_rank_async (ranker, papers, g_str_equal (self->view, "for-you") ? NULL : self->for_you_tag,
                             self->rank_cancellable, rank_ready_cb, op);
}

/* The For You view: the day's Hugging Face papers and every followed
 * feed and search */

typedef struct
{
  PapersWindow *window;
  guint         generation;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_object_unref (fetch->window);
  g_free (fetch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fetch, fetch_free)

static void
merge_papers (PapersWindow *self,
              GPtrArray    *papers)
{
  for (guint i = 0; i < papers->len; i++)
    {
      PapersPaper *paper = papers->pdata[i];
      gboolean merged = FALSE;

      /* A few hundred papers: a scan costs less than keeping an index */
      for (guint j = 0; j < self->for_you_papers->len && !merged; j++)
        if (g_strcmp0 (papers_paper_get_id (self->for_you_papers->pdata[j]), papers_paper_get_id (paper)) == 0)
          {
            papers_paper_merge (self->for_you_papers->pdata[j], paper);
            merged = TRUE;
          }
      if (!merged)
        g_ptr_array_add (self->for_you_papers, g_object_ref (paper));
    }
}

static void
for_you_listing_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Fetch) fetch = user_data;
  PapersWindow *self = fetch->window;
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) listing = papers_source_fetch_cached_finish (PAPERS_SOURCE_CLIENT (object), result,
                                                                         &error);

  if (self->closed || fetch->generation != self->for_you_generation)
    return;
  if (listing != NULL)
    {
      merge_papers (self, papers_listing_get_papers (listing));
      self->for_you_failed = FALSE;
    }
  if (--self->for_you_pending > 0)
    return;
  self->listing_failed = self->for_you_failed;
  if (self->for_you_failed)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "list");
      papers_window_update_status_page (self);
      return;
    }
  papers_window_show_papers (self, self->for_you_papers);
}

static void
fetch_listing (PapersWindow      *self,
               PapersStore       *store,
               PapersListingKind  kind,
               const char        *query)
{
  Fetch *fetch = g_new0 (Fetch, 1);

  fetch->window = g_object_ref (self);
  fetch->generation = self->for_you_generation;
  self->for_you_pending++;
  papers_source_fetch_cached_async (papers_window_client (self), store, kind, query, self->listing_cancellable,
                                    for_you_listing_cb, fetch);
}

/**
 * papers_window_for_you_load:
 *
 * Fetches what the For You view merges (with the listing's cancellable),
 * then shows it, ranked.
 */
void
papers_window_for_you_load (PapersWindow *self,
                            PapersStore  *store)
{
  g_auto(GStrv) categories = g_settings_get_strv (self->settings, "followed-categories");
  g_autofree char *day = papers_hf_period_query (PAPERS_HF_PERIOD_DAY, self->day);

  self->for_you_generation++;
  self->for_you_pending = 0;
  self->for_you_failed = TRUE;
  g_ptr_array_set_size (self->for_you_papers, 0);
  fetch_listing (self, store, papers_hf_period_listing_kind (PAPERS_HF_PERIOD_DAY), day);
  for (guint i = 0; categories[i] != NULL; i++)
    fetch_listing (self, store, PAPERS_LISTING_ARXIV_FEED, categories[i]);
  for (guint i = 0; self->followed_searches != NULL && self->followed_searches[i] != NULL; i++)
    {
      g_autofree char *query = papers_listing_arxiv_query (self->followed_searches[i]);

      fetch_listing (self, store, PAPERS_LISTING_ARXIV_SEARCH, query);
    }
}

/* Seen papers */

/**
 * papers_window_for_you_seen:
 *
 * Remembers that @paper, shown from a listing, was seen.
 */
void
papers_window_for_you_seen (PapersWindow *self,
                            PapersPaper  *paper)
{
  const char *id = papers_paper_get_id (paper);
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) seen = NULL;
  guint n = 1;

  if (id == NULL || papers_window_is_library_view (self->view) || g_hash_table_contains (self->seen, id))
    return;
  g_hash_table_add (self->seen, g_strdup (id));
  old = g_settings_get_strv (self->settings, "seen-papers");
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, id);
  for (guint i = 0; old[i] != NULL && n < MAX_SEEN; i++, n++)
    g_strv_builder_add (builder, old[i]);
  seen = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "seen-papers", (const char * const *) seen);
}

/* Follows */

static gboolean
strv_contains_fold (char       **strv,
                    const char  *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    {
      g_autofree char *other = g_utf8_casefold (strv[i], -1);

      if (g_str_equal (folded, other))
        return TRUE;
    }
  return FALSE;
}

static void
update_filter_menu (PapersWindow *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = gtk_drop_down_get_selected (self->follow_filter);
  g_autofree char *keep = NULL;
  guint position = 0;

  /* The filter chosen stays chosen while it is followed */
  if (selected != GTK_INVALID_LIST_POSITION && selected < self->filter_keys->len)
    keep = g_strdup (self->filter_keys->pdata[selected]);

  g_ptr_array_set_size (self->filter_keys, 0);
  gtk_string_list_append (names, _("Everything"));
  g_ptr_array_add (self->filter_keys, g_strdup (""));
  for (guint i = 0; self->followed_authors != NULL && self->followed_authors[i] != NULL; i++)
    {
      /* Translators: a filter of the For You view */
      g_autofree char *name = g_strdup_printf (_("Author: %s"), self->followed_authors[i]);

      gtk_string_list_append (names, name);
      g_ptr_array_add (self->filter_keys, g_strconcat ("author\t", self->followed_authors[i], NULL));
    }
  for (guint i = 0; self->followed_searches != NULL && self->followed_searches[i] != NULL; i++)
    {
      /* Translators: a filter of the For You view: a followed search */
      g_autofree char *name = g_strdup_printf (_("Topic: %s"), self->followed_searches[i]);

      gtk_string_list_append (names, name);
      g_ptr_array_add (self->filter_keys, g_strconcat ("search\t", self->followed_searches[i], NULL));
    }
  for (guint i = 0; keep != NULL && i < self->filter_keys->len; i++)
    if (g_str_equal (keep, self->filter_keys->pdata[i]))
      position = i;
  gtk_drop_down_set_model (self->follow_filter, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->follow_filter, position);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
follows_ready (PapersWindow     *self,
               PapersFollowKind  kind,
               GAsyncResult     *result)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) follows = papers_store_list_follows_finish (papers_collection_get_store (self->collection), result,
                                                            &error);

  if (follows == NULL || self->closed)
    return;
  if (kind == PAPERS_FOLLOW_AUTHOR)
    {
      g_strfreev (self->followed_authors);
      self->followed_authors = g_steal_pointer (&follows);
      papers_detail_set_followed_authors (self->detail, (const char * const *) self->followed_authors);
    }
  else
    {
      const char * const none[] = { NULL };
      gboolean changed = !g_strv_equal ((const char * const *) follows,
                                        self->followed_searches ? (const char * const *) self->followed_searches
                                                                : none);

      g_strfreev (self->followed_searches);
      self->followed_searches = g_steal_pointer (&follows);
      /* The view fetches every followed search: one known only now (at
       * start, the view loads while the library opens) is fetched too */
      if (changed && self->view != NULL && g_str_equal (self->view, "for-you"))
        papers_window_load_listing (self);
    }
  update_filter_menu (self);
  papers_window_for_you_update_header (self);
}

static void
authors_ready_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PapersWindow) self = user_data;

  follows_ready (self, PAPERS_FOLLOW_AUTHOR, result);
}

static void
searches_ready_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PapersWindow) self = user_data;

  follows_ready (self, PAPERS_FOLLOW_SEARCH, result);
}

static void
load_follows (PapersWindow *self)
{
  PapersStore *store = papers_collection_get_store (self->collection);

  if (store == NULL)
    return;
  g_cancellable_cancel (self->follows_cancellable);
  g_clear_object (&self->follows_cancellable);
  self->follows_cancellable = g_cancellable_new ();
  papers_store_list_follows_async (store, PAPERS_FOLLOW_AUTHOR, self->follows_cancellable,
                                   authors_ready_cb, g_object_ref (self));
  papers_store_list_follows_async (store, PAPERS_FOLLOW_SEARCH, self->follows_cancellable,
                                   searches_ready_cb, g_object_ref (self));
}

void
papers_window_for_you_library_opened (PapersWindow *self)
{
  load_follows (self);
}

/* The For You view's filter: a followed author among the paper's, or
 * every word of a followed search in its title or abstract */
static gboolean
has_words (PapersPaper *paper,
           const char  *search)
{
  g_autofree char *text = g_strconcat (papers_paper_get_title (paper) ? papers_paper_get_title (paper) : "", " ",
                                       papers_paper_get_abstract (paper) ? papers_paper_get_abstract (paper) : "",
                                       NULL);
  g_autofree char *folded = g_utf8_casefold (text, -1);
  g_autofree char *words_folded = g_utf8_casefold (search, -1);
  g_auto(GStrv) words = g_str_tokenize_and_fold (words_folded, NULL, NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (folded, words[i]) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  PapersWindow *self = user_data;
  PapersPaper *paper = item;
  guint selected = gtk_drop_down_get_selected (self->follow_filter);
  const char *key;

  if (self->view == NULL || !g_str_equal (self->view, "for-you") || selected == 0 ||
      selected >= self->filter_keys->len)
    return TRUE;
  key = self->filter_keys->pdata[selected];
  if (g_str_has_prefix (key, "author\t"))
    return strv_contains_fold ((char **) papers_paper_get_authors (paper), key + strlen ("author\t"));
  return has_words (paper, key + strlen ("search\t"));
}

static void
filter_selected_cb (PapersWindow *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_widget_set_visible (self->unfollow_button, gtk_drop_down_get_selected (self->follow_filter) > 0);
  papers_window_update_status_page (self);
}

/**
 * papers_window_for_you_update_header:
 *
 * Shows the For You view's filters in that view, and the Follow button of
 * a remote search with its state.
 */
void
papers_window_for_you_update_header (PapersWindow *self)
{
  gboolean for_you_view = self->view != NULL && g_str_equal (self->view, "for-you");
  gboolean searched = self->view != NULL && g_str_has_suffix (self->view, "-search") &&
                      self->query != NULL && *self->query != '\0';
  gboolean followed = searched && strv_contains_fold (self->followed_searches, self->query);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "follow-search");

  gtk_widget_set_visible (self->for_you_bar, for_you_view && self->filter_keys->len > 1);
  gtk_widget_set_visible (self->unfollow_button, gtk_drop_down_get_selected (self->follow_filter) > 0);
  gtk_widget_set_visible (self->follow_search_button, searched);
  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (followed));
  gtk_button_set_icon_name (GTK_BUTTON (self->follow_search_button),
                            followed ? "starred-symbolic" : "non-starred-symbolic");
  gtk_widget_set_tooltip_text (self->follow_search_button, followed ? _("Unfollow This Search")
                                                                    : _("Follow This Search"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->follow_search_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  followed ? _("Unfollow This Search") : _("Follow This Search"), -1);
  adw_banner_set_revealed (self->learning_banner, self->still_learning && papers_window_for_you_sorting (self));
}

/* Not Interested, and its undo */

typedef struct
{
  PapersWindow *window;
  PapersPaper  *paper;
  char         *view;      /* the listing it left */
  guint         position;  /* where it was, or G_MAXUINT */
} Dismissal;

static void
dismissal_free (Dismissal *dismissal)
{
  g_object_unref (dismissal->window);
  g_object_unref (dismissal->paper);
  g_free (dismissal->view);
  g_free (dismissal);
}

static void
change_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PapersWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!papers_for_you_change_finish (PAPERS_FOR_YOU (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !self->closed)
    papers_window_error (self, _("The change was not saved"), error->message);
}

static void
undo_dismiss_cb (AdwToast  *toast,
                 Dismissal *dismissal)
{
  PapersWindow *self = dismissal->window;
  PapersForYou *ranker = for_you (self);

  if (self->closed || ranker == NULL)
    return;
  papers_for_you_undismiss_async (ranker, papers_paper_get_id (dismissal->paper), self->cancellable,
                                  change_ready_cb, g_object_ref (self));
  /* Back where it was, if its listing is still on show */
  if (g_strcmp0 (self->view, dismissal->view) == 0 && dismissal->position != G_MAXUINT &&
      !g_list_store_find (self->listing, dismissal->paper, NULL))
    g_list_store_insert (self->listing, MIN (dismissal->position, g_list_model_get_n_items (G_LIST_MODEL (self->listing))),
                         dismissal->paper);
}

static void
not_interested_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  PapersWindow *self = user_data;
  PapersPaper *paper = papers_detail_get_paper (self->detail);
  PapersForYou *ranker = for_you (self);
  Dismissal *dismissal;
  AdwToast *toast;
  guint position;

  if (paper == NULL || papers_paper_get_id (paper) == NULL)
    return;
  if (ranker == NULL)
    {
      papers_window_error (self, _("The library is not open"), NULL);
      return;
    }
  dismissal = g_new0 (Dismissal, 1);
  dismissal->window = g_object_ref (self);
  dismissal->paper = g_object_ref (paper);
  dismissal->view = g_strdup (self->view);
  dismissal->position = G_MAXUINT;
  papers_for_you_dismiss_async (ranker, papers_paper_get_id (paper), paper, self->cancellable, change_ready_cb,
                                g_object_ref (self));
  if (g_list_store_find (self->listing, paper, &position))
    {
      dismissal->position = position;
      g_list_store_remove (self->listing, position);
    }
  toast = adw_toast_new (_("Marked as not interesting: such papers rank lower"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_dismiss_cb), dismissal,
                         (GClosureNotify) (void (*) (void)) dismissal_free, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Following */

static void
followed_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PapersWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (self->closed)
    return;
  if (!papers_for_you_change_finish (PAPERS_FOR_YOU (object), result, &error))
    {
      /* Unfollowing what another window unfollowed already */
      if (!g_error_matches (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        papers_window_error (self, _("The change was not saved"), error->message);
    }
  load_follows (self);
}

static void
follow (PapersWindow     *self,
        PapersFollowKind  kind,
        const char       *value,
        gboolean          follow)
{
  PapersForYou *ranker = for_you (self);
  g_autofree char *title = NULL;

  if (ranker == NULL || value == NULL || *value == '\0')
    return;
  papers_for_you_follow_async (ranker, kind, value, follow, self->cancellable, followed_cb, g_object_ref (self));
  if (kind == PAPERS_FOLLOW_AUTHOR)
    /* Translators: a toast; the name of an author */
    title = g_strdup_printf (follow ? _("Following %s: their papers rank higher For You")
                                    : _("No longer following %s"), value);
  else
    /* Translators: a toast; a search's words */
    title = g_strdup_printf (follow ? _("Following “%s”: such papers rank higher For You")
                                    : _("No longer following “%s”"), value);
  papers_window_toast (self, title);
}

static void
follow_author_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  follow (user_data, PAPERS_FOLLOW_AUTHOR, g_variant_get_string (parameter, NULL),
          g_str_equal (g_action_get_name (G_ACTION (action)), "follow-author"));
}

static void
unfollow_filter_action (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  PapersWindow *self = user_data;
  guint selected = gtk_drop_down_get_selected (self->follow_filter);
  const char *key;

  if (selected == 0 || selected >= self->filter_keys->len)
    return;
  key = self->filter_keys->pdata[selected];
  if (g_str_has_prefix (key, "author\t"))
    follow (self, PAPERS_FOLLOW_AUTHOR, key + strlen ("author\t"), FALSE);
  else
    follow (self, PAPERS_FOLLOW_SEARCH, key + strlen ("search\t"), FALSE);
  gtk_drop_down_set_selected (self->follow_filter, 0);
}

static void
follow_search_change_state (GSimpleAction *action,
                            GVariant      *state,
                            gpointer       user_data)
{
  PapersWindow *self = user_data;

  if (self->query == NULL || *self->query == '\0')
    return;
  g_simple_action_set_state (action, state);
  follow (self, PAPERS_FOLLOW_SEARCH, self->query, g_variant_get_boolean (state));
}

/* A row's menu: right click, long press, or Menu / Shift+F10 on the
 * list.  The row clicked is selected first, so the menu's actions (the
 * detail page's) act on it. */

static void
popup_row_menu (PapersWindow *self,
                double        x,
                double        y)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  PapersPaper *paper = papers_detail_get_paper (self->detail);

  if (paper == NULL)
    return;
  g_menu_append (menu, _("Open in New _Tab"), "win.read-new-tab");
  g_menu_append (menu, papers_paper_get_in_library (paper) ? _("_Remove from Library") : _("_Add to Library"),
                 "win.toggle-library");
  if (!papers_window_is_library_view (self->view))
    g_menu_append (menu, _("_Not Interested"), "win.not-interested");
  papers_window_popup_menu (GTK_WIDGET (self->paper_list), G_MENU_MODEL (menu), x, y);
}

/* Selects the row at (@x, @y) in the list; FALSE when there is none */
static gboolean
select_row_at (PapersWindow *self,
               double        x,
               double        y)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self->paper_list), x, y, GTK_PICK_DEFAULT);
  PapersPaper *paper = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));

  for (GtkWidget *w = picked; w != NULL && w != GTK_WIDGET (self->paper_list); w = gtk_widget_get_parent (w))
    {
      GtkWidget *child = gtk_widget_get_first_child (w);

      if (PAPERS_IS_PAPER_ROW (w))
        paper = papers_paper_row_get_paper (PAPERS_PAPER_ROW (w));
      else if (child != NULL && PAPERS_IS_PAPER_ROW (child))
        paper = papers_paper_row_get_paper (PAPERS_PAPER_ROW (child));
      if (paper != NULL)
        break;
    }
  if (paper == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PapersPaper) item = g_list_model_get_item (G_LIST_MODEL (self->selection), i);

      if (item == paper)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return TRUE;
        }
    }
  return FALSE;
}

static void
list_secondary_click_cb (GtkGestureClick *gesture,
                         int              n_press,
                         double           x,
                         double           y,
                         PapersWindow    *self)
{
  if (!select_row_at (self, x, y))
    return;
  if (gesture != NULL)
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_row_menu (self, x, y);
}

/* Ctrl+click on a row opens its paper in a new tab, as a browser's
 * Ctrl+click on a link.  Taken before the list sees the press: in a
 * single-selection list Ctrl+click would do nothing else worth keeping. */
static void
list_ctrl_click_cb (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    PapersWindow    *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  if (n_press != 1 || (state & GDK_MODIFIER_MASK & ~GDK_LOCK_MASK) != GDK_CONTROL_MASK ||
      !select_row_at (self, x, y))
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.read-new-tab", NULL);
}

static void
list_long_press_cb (GtkGestureLongPress *gesture,
                    double               x,
                    double               y,
                    PapersWindow        *self)
{
  list_secondary_click_cb (NULL, 1, x, y, self);
}

static void
row_menu_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PapersWindow *self = PAPERS_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  graphene_rect_t bounds;
  double x = -1, y = -1;

  if (focus == NULL ||
      (focus != GTK_WIDGET (self->paper_list) && !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->paper_list))))
    return;
  /* Pointing at the focused row: pointing at the whole list, which is
   * as tall as the window, leaves a menu of three items no room above
   * or below it, and it does not show */
  if (focus != GTK_WIDGET (self->paper_list) &&
      gtk_widget_compute_bounds (focus, GTK_WIDGET (self->paper_list), &bounds))
    {
      x = bounds.origin.x + bounds.size.width / 2;
      y = bounds.origin.y + bounds.size.height / 2;
    }
  popup_row_menu (self, x, y);
}

void
papers_window_for_you_update_actions (PapersWindow *self)
{
  PapersPaper *paper = papers_detail_get_paper (self->detail);

  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "not-interested");

  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), paper != NULL && self->view != NULL &&
                                 !papers_window_is_library_view (self->view));
}

/* For You by Tag */

static void
set_for_you_tag (PapersWindow *self,
                 const char   *tag)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "for-you-tag");
  char *copy = tag != NULL && *tag != '\0' ? g_strdup (tag) : NULL;

  g_free (self->for_you_tag);
  self->for_you_tag = copy;
  tag = copy;
  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (tag ? tag : ""));
  g_settings_set_string (self->settings, "for-you-tag", tag ? tag : "");
}

/* A tag of the sort menu: the listing goes For You, by that tag's papers */
static void
for_you_tag_change_state (GSimpleAction *action,
                          GVariant      *state,
                          gpointer       user_data)
{
  PapersWindow *self = user_data;

  set_for_you_tag (self, g_variant_get_string (state, NULL));
  if (g_strcmp0 (self->sort, "for-you") != 0)
    {
      /* (which ranks) */
      self->choosing_for_you_tag = TRUE;
      g_action_group_change_action_state (G_ACTION_GROUP (self), "sort", g_variant_new_string ("for-you"));
      self->choosing_for_you_tag = FALSE;
    }
  else
    papers_window_for_you_rank (self);
}

/**
 * papers_window_for_you_sort_chosen:
 *
 * An order was chosen from the sort menu: For You alone, or any other,
 * is no longer by a tag.
 */
void
papers_window_for_you_sort_chosen (PapersWindow *self)
{
  if (self->for_you_tag != NULL)
    set_for_you_tag (self, NULL);
}

/* Menu labels take "_" as a mnemonic: a tag's own stay as they are */
static char *
escape_mnemonic (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '_')
        g_string_append_c (out, '_');
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/**
 * papers_window_for_you_update_tags:
 * @tags: the library's tags
 *
 * Lists @tags in the sort menu to rank For You by.  A tag no longer in
 * the library (renamed, deleted, another library) stops ranking.
 */
void
papers_window_for_you_update_tags (PapersWindow       *self,
                                   const char * const *tags)
{
  g_menu_remove_all (self->for_you_tag_menu);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autofree char *label = escape_mnemonic (tags[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "win.for-you-tag", g_variant_new_string (tags[i]));
      g_menu_append_item (self->for_you_tag_menu, item);
    }
  if (self->for_you_tag != NULL && papers_collection_get_loaded (self->collection) &&
      (tags == NULL || !g_strv_contains (tags, self->for_you_tag)))
    {
      set_for_you_tag (self, NULL);
      papers_window_for_you_rank (self);
    }
}

static const GActionEntry for_you_actions[] = {
  { .name = "for-you-tag", .parameter_type = "s", .state = "''", .change_state = for_you_tag_change_state },
  { .name = "follow-search", .state = "false", .change_state = follow_search_change_state },
  { .name = "not-interested", .activate = not_interested_action },
  { .name = "follow-author", .activate = follow_author_action, .parameter_type = "s" },
  { .name = "unfollow-author", .activate = follow_author_action, .parameter_type = "s" },
  { .name = "unfollow-filter", .activate = unfollow_filter_action },
};

void
papers_window_for_you_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, learning_banner);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, for_you_tag_menu);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, for_you_bar);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, follow_filter);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, unfollow_button);
  gtk_widget_class_bind_template_child (widget_class, PapersWindow, follow_search_button);
  gtk_widget_class_install_action (widget_class, "list.row-menu", NULL, row_menu_action);
}

/**
 * papers_window_for_you_init:
 *
 * Sets up the filter (listing → filter → sorter) and what the window
 * knows of seen papers and follows.  Runs before the list is set up.
 */
void
papers_window_for_you_init (PapersWindow *self)
{
  g_auto(GStrv) seen = g_settings_get_strv (self->settings, "seen-papers");
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *ctrl_click = gtk_gesture_click_new ();
  GtkGesture *press = gtk_gesture_long_press_new ();
  GtkEventController *keys = gtk_shortcut_controller_new ();

  self->ranks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) rank_free);
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; seen[i] != NULL; i++)
    g_hash_table_add (self->seen, g_strdup (seen[i]));
  self->for_you_papers = g_ptr_array_new_with_free_func (g_object_unref);
  self->filter_keys = g_ptr_array_new_with_free_func (g_free);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->listing)),
                                                  g_object_ref (GTK_FILTER (self->filter)));
  g_action_map_add_action_entries (G_ACTION_MAP (self), for_you_actions, G_N_ELEMENTS (for_you_actions), self);
  {
    g_autofree char *tag = g_settings_get_string (self->settings, "for-you-tag");

    set_for_you_tag (self, tag);
  }
  update_filter_menu (self);
  g_signal_connect_object (self->follow_filter, "notify::selected", G_CALLBACK (filter_selected_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (list_secondary_click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->paper_list), GTK_EVENT_CONTROLLER (click));
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (ctrl_click), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (ctrl_click), GTK_PHASE_CAPTURE);
  g_signal_connect (ctrl_click, "pressed", G_CALLBACK (list_ctrl_click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->paper_list), GTK_EVENT_CONTROLLER (ctrl_click));
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (press), TRUE);
  g_signal_connect (press, "pressed", G_CALLBACK (list_long_press_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->paper_list), GTK_EVENT_CONTROLLER (press));
  /* Nothing is reachable only with a pointer */
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("Menu|<Shift>F10"),
                                                          gtk_named_action_new ("list.row-menu")));
  gtk_widget_add_controller (GTK_WIDGET (self->paper_list), keys);
  load_follows (self);
}

void
papers_window_for_you_shutdown (PapersWindow *self)
{
  g_cancellable_cancel (self->rank_cancellable);
  g_cancellable_cancel (self->follows_cancellable);
  /* Its worker reports back before the application exits */
  if (self->for_you != NULL)
    papers_application_await (self->for_you);
}

void
papers_window_for_you_dispose (PapersWindow *self)
{
  g_clear_object (&self->rank_cancellable);
  g_clear_object (&self->follows_cancellable);
  g_clear_object (&self->for_you);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->ranks, g_hash_table_unref);
  g_clear_pointer (&self->seen, g_hash_table_unref);
  g_clear_pointer (&self->for_you_papers, g_ptr_array_unref);
  g_clear_pointer (&self->filter_keys, g_ptr_array_unref);
  g_clear_pointer (&self->followed_authors, g_strfreev);
  g_clear_pointer (&self->followed_searches, g_strfreev);
  g_clear_pointer (&self->for_you_tag, g_free);
}
