/* papers-window-find.c: a cited paper found on arXiv by its title
 *
 * A reference that names no arXiv id or DOI still has a title, as
 * papers_refs guesses it. "Find on arXiv" searches arXiv's titles for it
 * and compares what comes back with papers_text_title_similarity(): a
 * match close enough is added at once, one less sure is shown to the
 * reader to confirm, and nothing close says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-text.h"
#include "papers-window-private.h"

/* At or above: the same title, in other case, accents or punctuation, or
 * a word apart in a long one.  Between the two: asked.  Below: another
 * paper sharing some words. */
#define SURE_SIMILARITY  0.9
#define ASKED_SIMILARITY 0.6

/* What arXiv is asked: a title guessed from a reference can be long or
 * hold quotes, which end arXiv's phrase */
#define MAX_TITLE_CHARS 300

typedef struct
{
  PapersWindow     *window;
  PapersReferences *references;  /* (nullable): of the paper that cites it */
  char             *title;
} Finding;

static void
finding_free (Finding *finding)
{
  g_object_unref (finding->window);
  g_clear_object (&finding->references);
  g_free (finding->title);
  g_free (finding);
}

/* Adds the paper found, and tells the reference list which it is: its
 * entry shows as in the library once the library keeps it, even when the
 * titles are only alike. */
static void
add_found (PapersWindow     *self,
           PapersReferences *references,
           const char       *title,
           const char       *arxiv_id)
{
  if (references != NULL)
    papers_references_resolve_title (references, title, arxiv_id);
  papers_window_add_arxiv_id (self, arxiv_id);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Finding, finding_free)

static char *
title_query (const char *title)
{
  g_autofree char *valid = g_utf8_make_valid (title, -1);
  glong length = g_utf8_strlen (valid, -1);
  g_autofree char *start = g_utf8_substring (valid, 0, MIN (length, MAX_TITLE_CHARS));

  g_strdelimit (start, "\"\n\r\t", ' ');
  return g_strdup_printf ("ti:\"%s\"", g_strstrip (start));
}

/* The found paper most like @title, and how much */
static PapersPaper *
best_match (GPtrArray  *papers,
            const char *title,
            double     *similarity)
{
  PapersPaper *best = NULL;

  *similarity = 0.0;
  for (guint i = 0; papers != NULL && i < papers->len; i++)
    {
      PapersPaper *paper = papers->pdata[i];
      double s;

      if (papers_paper_get_arxiv_id (paper) == NULL)
        continue;
      s = papers_text_title_similarity (title, papers_paper_get_title (paper));
      if (s > *similarity)
        {
          *similarity = s;
          best = paper;
        }
    }
  return best;
}

static void
confirm_response_cb (AdwAlertDialog *dialog,
                     const char     *response,
                     PapersWindow   *self)
{
  const char *arxiv_id = g_object_get_data (G_OBJECT (dialog), "arxiv-id");
  Finding *finding = g_object_get_data (G_OBJECT (dialog), "finding");

  if (g_str_equal (response, "add") && !self->closed)
    add_found (self, finding->references, finding->title, arxiv_id);
}

/* A match not sure enough: the reader compares the two titles */
static void
confirm (PapersWindow *self,
         Finding      *finding,
         PapersPaper  *found)
{
  g_autofree char *wanted = g_utf8_make_valid (finding->title, -1);
  const char * const *authors = papers_paper_get_authors (found);
  GDateTime *published = papers_paper_get_published (found);
  g_autofree char *year = published != NULL ? g_date_time_format (published, "%Y") : NULL;
  g_autofree char *body = NULL;
  AdwDialog *dialog;

  /* Translators: the first %s is the title as the reference gives it, the
   * second the title found on arXiv, then its first author and year */
  body = g_strdup_printf (_("The reference names “%s”.\n\nFound on arXiv: “%s”, %s%s%s."), wanted,
                          papers_paper_get_title (found),
                          authors != NULL && authors[0] != NULL ? authors[0] : _("unknown authors"),
                          year != NULL ? ", " : "", year != NULL ? year : "");
  dialog = adw_alert_dialog_new (_("Is This the Paper?"), body);
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog), "cancel", _("_Cancel"), "add",
                                  _("_Add to Library"), NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "add");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "arxiv-id", g_strdup (papers_paper_get_arxiv_id (found)), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "finding", finding, (GDestroyNotify) finding_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  adw_dialog_present (dialog, GTK_WIDGET (self));
}

static void
searched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Finding) finding = user_data;
  PapersWindow *self = finding->window;
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersListing) listing = papers_source_client_fetch_finish (PAPERS_SOURCE_CLIENT (object), result,
                                                                        &error);
  PapersPaper *found;
  double similarity;

  if (self->closed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (listing == NULL)
    {
      papers_window_error (self, _("arXiv could not be searched"), error->message);
      return;
    }
  found = best_match (papers_listing_get_papers (listing), finding->title, &similarity);
  g_debug ("“%s”: best match %s at %.2f", finding->title,
           found != NULL ? papers_paper_get_arxiv_id (found) : "(none)", similarity);
  if (found != NULL && similarity >= SURE_SIMILARITY)
    add_found (self, finding->references, finding->title, papers_paper_get_arxiv_id (found));
  else if (found != NULL && similarity >= ASKED_SIMILARITY)
    confirm (self, g_steal_pointer (&finding), found);
  else
    papers_window_toast (self, _("No paper on arXiv has this title"));
}

/**
 * papers_window_find_title:
 * @title: a title guessed from a reference
 * @references: (nullable): the reference list it is from, told what was
 *   found
 *
 * Looks for @title on arXiv and adds the paper found (asking first when
 * the titles are only alike).
 */
void
papers_window_find_title (PapersWindow     *self,
                          const char       *title,
                          PapersReferences *references)
{
  g_autofree char *query = NULL;
  Finding *finding;

  g_return_if_fail (PAPERS_IS_WINDOW (self));

  if (title == NULL || *title == '\0' || !papers_window_library_check_editable (self))
    return;
  query = title_query (title);
  finding = g_new0 (Finding, 1);
  finding->window = g_object_ref (self);
  finding->title = g_strdup (title);
  finding->references = references != NULL ? g_object_ref (references) : NULL;
  papers_source_client_fetch_async (papers_window_client (self), PAPERS_LISTING_ARXIV_SEARCH, query, NULL,
                                    self->cancellable, searched_cb, finding);
}
