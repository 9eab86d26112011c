/* papers-window-sources.c: listings, lookups, downloads and reading
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Everything that reaches the network goes through the sources layer:
 * listings via papers_source_fetch_cached_async() (the cached copy when
 * offline, with the time it was fetched), metadata of a paper added by
 * identifier via papers_source_client_lookup_async(), and PDFs via
 * papers_source_client_download_pdf_async() with progress shown in the
 * Read button.  Reading pushes the viewer over list and detail. */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-download.h"
#include "papers-listing-cache.h"
#include "papers-query.h"
#include "papers-reader.h"
#include "papers-window-private.h"

/**
 * papers_window_client:
 *
 * Returns: (transfer none): the source client the window asks
 */
PapersSourceClient *
papers_window_client (PapersWindow *self)
{
  return self->client;
}

/* A listing's papers, with the library's own object wherever the paper is
 * in the library, so rows show its tags and status. */
static void
resolved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PapersWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = papers_collection_resolve_finish (PAPERS_COLLECTION (object), result, &error);

  if (self->closed)
    return;
  if (papers == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      papers_window_error (self, _("The library could not be read"), error->message);
      papers = g_ptr_array_new ();
    }
  g_list_store_splice (self->listing, 0, g_list_model_get_n_items (G_LIST_MODEL (self->listing)),
                       papers->pdata, papers->len);
  gtk_stack_set_visible_child_name (self->list_stack, "list");
  papers_window_update_status_page (self);
  papers_window_for_you_rank (self);
}

/**
 * papers_window_show_papers:
 * @papers: (element-type PapersPaper): a listing's papers
 *
 * Shows @papers in the list, as the library knows them, ranked when the
 * list goes For You.
 */
void
papers_window_show_papers (PapersWindow *self,
                           GPtrArray    *papers)
{
  papers_collection_resolve_async (self->collection, papers, self->listing_cancellable, resolved_cb,
                                   g_object_ref (self));
}

static void
listing_ready_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PapersWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) listing = papers_source_fetch_cached_finish (PAPERS_SOURCE_CLIENT (object),
                                                                         result, &error);

  if (listing == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->listing_failed = listing == NULL;
  if (listing == NULL)
    g_list_store_remove_all (self->listing);
  else
    {
      papers_window_show_papers (self, papers_listing_get_papers (listing));
      if (papers_listing_get_from_cache (listing) && papers_listing_get_error (listing) != NULL)
        {
          g_autoptr(GDateTime) local = g_date_time_to_local (papers_listing_get_fetched_at (listing));
          /* Translators: when a listing was fetched, see strftime(3) */
          g_autofree char *when = g_date_time_format (local, _("%-d %b %Y, %H:%M"));
          g_autofree char *title = g_strdup_printf (_("Offline — showing papers fetched %s"), when);

          adw_banner_set_title (self->offline_banner, title);
          adw_banner_set_revealed (self->offline_banner, TRUE);
        }
      /* The list and its status follow once the papers are resolved. */
      return;
    }
  gtk_stack_set_visible_child_name (self->list_stack, "list");
  papers_window_update_status_page (self);
}

/**
 * papers_window_load_listing:
 *
 * Fetches what the current discovery view shows; a newer call cancels an
 * older one still running.
 */
void
papers_window_load_listing (PapersWindow *self)
{
  PapersListingKind kind;
  g_autofree char *query = NULL;
  PapersStore *store = papers_collection_get_store (self->collection);

  g_cancellable_cancel (self->listing_cancellable);
  g_clear_object (&self->listing_cancellable);
  g_list_store_remove_all (self->listing);
  adw_banner_set_revealed (self->offline_banner, FALSE);
  self->listing_failed = FALSE;

  if (g_str_equal (self->view, "for-you"))
    {
      gtk_stack_set_visible_child_name (self->list_stack, "loading");
      if (store == NULL && !papers_collection_get_loaded (self->collection))
        return;
      self->listing_cancellable = g_cancellable_new ();
      papers_window_for_you_load (self, store);
      return;
    }
  if (g_str_equal (self->view, "daily"))
    {
      /* The same listings as the command line's --week, --month and
       * --trending, cached and shown offline alike */
      kind = papers_hf_period_listing_kind (self->period);
      query = papers_hf_period_query (self->period, self->day);
    }
  else if (g_str_has_prefix (self->view, "feed:"))
    {
      kind = PAPERS_LISTING_ARXIV_FEED;
      query = g_strdup (self->view + 5);
    }
  else if (self->query == NULL || *self->query == '\0')
    {
      papers_window_update_status_page (self);
      return;
    }
  else if (g_str_equal (self->view, "hf-search"))
    {
      kind = PAPERS_LISTING_HF_SEARCH;
      query = g_strdup (self->query);
    }
  else
    {
      kind = PAPERS_LISTING_ARXIV_SEARCH;
      query = papers_listing_arxiv_query (self->query);
    }

  gtk_stack_set_visible_child_name (self->list_stack, "loading");
  /* The library is opening: the view reloads once it is open.  One that
   * could not be opened is no reason to wait: the listing comes from the
   * network alone. */
  if (store == NULL && !papers_collection_get_loaded (self->collection))
    return;
  self->listing_cancellable = g_cancellable_new ();
  papers_source_fetch_cached_async (papers_window_client (self), store, kind, query, self->listing_cancellable,
                                    listing_ready_cb, g_object_ref (self));
}

static void
lookup_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PapersWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersPaper) found = papers_source_client_lookup_finish (PAPERS_SOURCE_CLIENT (object), result, &error);
  PapersPaper *paper;

  if (found == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        papers_window_error (self, _("Could not fetch the paper’s details"), error->message);
      return;
    }
  /* Whatever shows the paper shows the details too; shown nowhere, they
   * still reach the library. */
  paper = papers_collection_lookup (self->collection, papers_paper_get_id (found));
  if (paper == NULL)
    paper = found;
  else
    papers_paper_merge (paper, found);
  papers_collection_update_metadata (self->collection, paper);
}

/**
 * papers_window_lookup_paper:
 *
 * Fills in a paper added as a dropped PDF named by its arXiv identifier
 * (a paper added by identifier comes with its metadata:
 * papers_source_client_paper_for_id_async()).
 */
void
papers_window_lookup_paper (PapersWindow *self,
                            PapersPaper  *paper)
{
  papers_source_client_lookup_async (papers_window_client (self), papers_paper_get_id (paper), self->cancellable,
                                     lookup_ready_cb, g_object_ref (self));
}

/* A window's operation on one paper: both stay alive until it reports
 * back, so a window closed meanwhile is never touched after it is freed. */
typedef struct
{
  PapersWindow *window;
  PapersPaper  *paper;
} PaperOp;

static PaperOp *
paper_op_new (PapersWindow *window,
              PapersPaper  *paper)
{
  PaperOp *op = g_new0 (PaperOp, 1);

  op->window = g_object_ref (window);
  op->paper = g_object_ref (paper);
  return op;
}

static void
paper_op_free (PaperOp *op)
{
  g_object_unref (op->window);
  g_object_unref (op->paper);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PaperOp, paper_op_free)

static void
reader_failed_cb (PapersReader *reader,
                  GError       *error,
                  PapersWindow *self)
{
  papers_window_close_tab (self, GTK_WIDGET (reader));
  papers_window_error (self, _("Could not open the PDF"), error->message);
}

/* "Add to Library" on a reference in the reader: as a pasted id. */
static void
reader_add_paper_cb (PapersReader *reader,
                     const char   *arxiv_id,
                     PapersWindow *self)
{
  if (!papers_window_add_arxiv_id (self, arxiv_id))
    papers_window_toast (self, _("Not an arXiv identifier"));
}

static void
reader_paper_ready_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(PapersWindow) self = user_data;
  g_autoptr(PapersPaper) paper = papers_store_get_paper_finish (PAPERS_STORE (object), result, NULL);

  PapersPaper *canonical;

  if (paper == NULL || self->closed)
    return;
  canonical = papers_collection_canonical (self->collection, paper);
  /* A cited paper the library has the PDF of opens beside the citing
   * one, in a tab of its own */
  if (papers_paper_get_pdf_path (canonical) != NULL &&
      g_file_test (papers_paper_get_pdf_path (canonical), G_FILE_TEST_IS_REGULAR))
    {
      papers_window_read_in_tab (self, canonical, TRUE);
      return;
    }
  /* Otherwise the reader, where the reference was, gives way to the
   * paper. */
  papers_window_leave_reader (self);
  papers_window_show_paper (self, canonical);
}

/* "Open in Library" on a reference the library keeps: its page. */
static void
reader_open_paper_cb (PapersReader *reader,
                      const char   *paper_id,
                      PapersWindow *self)
{
  PapersStore *store = papers_collection_get_store (self->collection);

  if (store != NULL)
    papers_store_get_paper_async (store, paper_id, self->cancellable, reader_paper_ready_cb, g_object_ref (self));
}

/* "Find on arXiv" on a reference that names no id */
static void
reader_find_paper_cb (PapersReader *reader,
                      const char   *title,
                      PapersWindow *self)
{
  papers_window_find_title (self, title, papers_reader_get_references (reader));
}

/* The words and phrases of @search that a result must have, none
 * negated, as the reader's find bar takes them; NULL with none */
static char *
dup_find_words (const char *search)
{
  g_autoptr(PapersQuery) query = search != NULL ? papers_query_parse (search, NULL) : NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) words = NULL;

  for (guint i = 0; query != NULL && i < papers_query_get_n_terms (query); i++)
    {
      const PapersQueryTerm *term = papers_query_get_term (query, i);

      if (!term->negated && (term->kind == PAPERS_QUERY_WORD || term->kind == PAPERS_QUERY_PHRASE))
        g_strv_builder_add (builder, term->text);
    }
  words = g_strv_builder_end (builder);
  return words[0] != NULL ? g_strjoinv (" ", words) : NULL;
}

/**
 * papers_window_new_reader:
 * @paper: (nullable): the paper it will show, when the library keeps it
 *
 * Returns: (transfer floating): a reader for a tab, keeping the paper's
 *   annotations and reading position in the library
 */
GtkWidget *
papers_window_new_reader (PapersWindow *self,
                          PapersPaper  *paper)
{
  GtkWidget *reader = papers_reader_new ();

  g_signal_connect_object (reader, "load-failed", G_CALLBACK (reader_failed_cb), self, 0);
  g_signal_connect_object (reader, "add-paper", G_CALLBACK (reader_add_paper_cb), self, 0);
  g_signal_connect_object (reader, "open-paper", G_CALLBACK (reader_open_paper_cb), self, 0);
  g_signal_connect_object (reader, "find-paper", G_CALLBACK (reader_find_paper_cb), self, 0);
  /* Its loads and render jobs report back before the application exits. */
  papers_application_await (reader);
  gtk_widget_set_vexpand (reader, TRUE);
  /* Annotations and the reading position live in the library: the reader
   * restores them on load and writes every change back. */
  if (paper != NULL && papers_paper_get_id (paper) != NULL)
    {
      g_autoptr(PapersReadingSession) session =
        papers_reading_session_new (papers_collection_get_store (self->collection), papers_paper_get_id (paper));

      papers_reader_set_session (PAPERS_READER (reader), session);
    }
  return reader;
}

/* The reader goes over list and detail, with a back button; Escape or
 * back returns to the paper, the list where it was.  A paper already
 * open in a tab is shown there; otherwise it opens in a new tab, or in
 * the selected tab's place. */
static void
open_pdf (PapersWindow *self,
          PapersPaper  *paper,
          const char   *path,
          gboolean      new_tab)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  const char *key = paper != NULL && papers_paper_get_id (paper) != NULL ? papers_paper_get_id (paper) : path;
  GtkWidget *reader;

  if (papers_window_tabs_select (self, key))
    return;
  reader = papers_window_new_reader (self, paper);
  papers_window_tabs_add (self, reader, key, paper, new_tab, TRUE);
  /* Found in its body by the search on show: the reader opens on that
   * page with the search's words found there */
  if (paper != NULL && papers_paper_get_search_page (paper) > 0 &&
      papers_window_get_shown_search (self) != NULL)
    {
      g_autofree char *words = dup_find_words (papers_window_get_shown_search (self));

      if (words != NULL)
        papers_reader_find_at (PAPERS_READER (reader), words, papers_paper_get_search_page (paper));
    }
  papers_reader_load (PAPERS_READER (reader), file);
  gtk_widget_grab_focus (reader);
}

static void
download_progress_cb (goffset  received,
                      goffset  total,
                      gpointer user_data)
{
  PaperOp *op = user_data;

  if (!op->window->closed)
    papers_detail_set_progress (op->window->detail, total > 0 ? (double) received / total : 0.0);
}

static void
download_ready_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PaperOp) op = user_data;
  PapersWindow *self = op->window;
  PapersPaper *paper = op->paper;
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersDownloadResult) download = papers_source_client_download_pdf_finish (PAPERS_SOURCE_CLIENT (object),
                                                                                        result, &error);

  g_object_set_data (G_OBJECT (paper), "papers-window", NULL);
  /* A closed window cancelled the download; the .part is resumed next
   * time. */
  if (self->closed)
    return;
  papers_detail_set_progress (self->detail, -1);
  if (download == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        papers_window_error (self, _("Could not download the PDF"), error->message);
      return;
    }
  papers_collection_set_pdf (self->collection, paper, download->path, download->size, download->sha256);
  if (papers_detail_get_paper (self->detail) == paper)
    open_pdf (self, paper, download->path, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (paper), "papers-new-tab")));
}

/**
 * papers_window_read:
 *
 * Opens the paper's PDF in the viewer, downloading it first when needed.
 */
void
papers_window_read (PapersWindow *self,
                    PapersPaper  *paper)
{
  papers_window_read_in_tab (self, paper, FALSE);
}

/**
 * papers_window_read_in_tab:
 * @new_tab: whether the paper opens in a tab of its own rather than in
 *   the selected tab's place
 *
 * As papers_window_read(); a paper already open shows its tab.
 */
void
papers_window_read_in_tab (PapersWindow *self,
                           PapersPaper  *paper,
                           gboolean      new_tab)
{
  g_autofree char *directory = NULL;
  PaperOp *op;

  if (papers_paper_get_pdf_path (paper) != NULL &&
      g_file_test (papers_paper_get_pdf_path (paper), G_FILE_TEST_IS_REGULAR))
    {
      open_pdf (self, paper, papers_paper_get_pdf_path (paper), new_tab);
      return;
    }
#ifdef PAPERS_HAVE_SYNC
  /* Another device may have sent it: that copy first */
  if (papers_window_read_synced_pdf (self, paper, new_tab))
    return;
#endif
  if (papers_paper_get_arxiv_id (paper) == NULL && papers_paper_get_pdf_url (paper) == NULL)
    {
      papers_window_error (self, _("This paper has no PDF"), NULL);
      return;
    }
  if (g_object_get_data (G_OBJECT (paper), "papers-window") != NULL)
    return; /* already downloading */
  g_object_set_data (G_OBJECT (paper), "papers-window", self);
  g_object_set_data (G_OBJECT (paper), "papers-new-tab", GINT_TO_POINTER (new_tab));
  papers_detail_set_progress (self->detail, 0);
  directory = papers_download_default_directory ();
  op = paper_op_new (self, paper);
  papers_source_client_download_pdf_async (papers_window_client (self),
                                           papers_paper_get_arxiv_id (paper) ? papers_paper_get_arxiv_id (paper)
                                                                             : papers_paper_get_id (paper),
                                           papers_paper_get_version (paper), directory,
                                           download_progress_cb, op, self->cancellable,
                                           download_ready_cb, op);
}
