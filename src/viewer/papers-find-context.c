/* papers-find-context.c: finding text in a document, for the page view
 *
 * The search runs on a worker thread page by page, from the page the
 * reader is on, and streams each page's matches to the main loop; the
 * view draws them and follows :index to show the current one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-find-context.h"

struct _PapersFindContext
{
  GObject         parent_instance;

  PapersDocument *document;
  char           *text;
  GPtrArray      *matches;     /* per page, GArray of PapersRect or NULL */
  int             n_matches;
  int             page;        /* of the current match, -1 if none */
  int             index;       /* of the current match within its page */
  guint           generation;  /* results of an older search are dropped */
  GCancellable   *cancellable;
  gboolean        busy;
};

G_DEFINE_FINAL_TYPE (PapersFindContext, papers_find_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_TEXT,
  PROP_N_MATCHES,
  PROP_INDEX,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct {
  PapersFindContext *context;   /* a reference */
  PapersDocument    *document;
  char              *text;
  char             **words;       /* each found apart (find_words), or NULL */
  guint              generation;
  int                start_page;
} FindData;

typedef struct {
  PapersFindContext *context;   /* a reference */
  guint              generation;
  int                page;
  GArray            *matches;   /* NULL when the search is over */
} FindResult;

static void
matches_free (gpointer data)
{
  if (data != NULL)
    g_array_unref (data);
}

static void
find_data_free (FindData *data)
{
  g_clear_object (&data->context);
  g_clear_object (&data->document);
  g_free (data->text);
  g_strfreev (data->words);
  g_free (data);
}

static void
notify (PapersFindContext *self,
        int                prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* Forgets the search without telling anyone; callers notify. */
static void
reset (PapersFindContext *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->generation++;
  g_clear_pointer (&self->matches, g_ptr_array_unref);
  g_clear_pointer (&self->text, g_free);
  self->n_matches = 0;
  self->page = -1;
  self->index = -1;
  self->busy = FALSE;
}

static gboolean
find_result_idle (gpointer user_data)
{
  FindResult *result = user_data;
  PapersFindContext *self = result->context;

  if (result->generation == self->generation && self->matches != NULL)
    {
      if (result->matches == NULL)
        {
          self->busy = FALSE;
          notify (self, PROP_BUSY);
        }
      else if (result->matches->len > 0)
        {
          g_ptr_array_index (self->matches, result->page) = g_array_ref (result->matches);
          self->n_matches += result->matches->len;
          /* The first match found is the current one. */
          if (self->page < 0)
            {
              self->page = result->page;
              self->index = 0;
              notify (self, PROP_INDEX);
            }
          notify (self, PROP_N_MATCHES);
        }
    }
  g_clear_pointer (&result->matches, g_array_unref);
  g_object_unref (result->context);
  g_free (result);
  return G_SOURCE_REMOVE;
}

static void
post_find_result (FindData *data,
                  int       page,
                  GArray   *matches)
{
  FindResult *result = g_new0 (FindResult, 1);

  result->context = g_object_ref (data->context);
  result->generation = data->generation;
  result->page = page;
  result->matches = matches;
  g_idle_add (find_result_idle, result);
}

/* Reading order: lines top to bottom, then left to right */
static int
compare_rects (gconstpointer a,
               gconstpointer b)
{
  const PapersRect *x = a;
  const PapersRect *y = b;

  if (x->y1 != y->y1)
    return x->y1 < y->y1 ? -1 : 1;
  return (x->x1 > y->x1) - (x->x1 < y->x1);
}

/* The matches of each of @words on @page, in reading order */
static GArray *
find_words (PapersDocument     *document,
            int                 page,
            const char * const *words)
{
  GArray *all = NULL;

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autoptr(GArray) matches = NULL;

      if (words[i][0] == '\0')
        continue;
      matches = papers_document_find_text (document, page, words[i]);
      if (matches == NULL)
        continue;
      if (all == NULL)
        all = g_array_sized_new (FALSE, FALSE, sizeof (PapersRect), matches->len);
      g_array_append_vals (all, matches->data, matches->len);
    }
  if (all == NULL)
    return g_array_new (FALSE, FALSE, sizeof (PapersRect));
  g_array_sort (all, compare_rects);
  return all;
}

/* Worker thread: pages from the current one on, wrapping around, each
 * taking the Poppler lock on its own so rendering goes on between them. */
static void
find_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FindData *data = task_data;
  int n = papers_document_get_n_pages (data->document);

  for (int i = 0; i < n && !g_cancellable_is_cancelled (cancellable); i++)
    {
      int page = (data->start_page + i) % n;

      post_find_result (data, page,
                        data->words != NULL
                          ? find_words (data->document, page, (const char * const *) data->words)
                          : papers_document_find_text (data->document, page, data->text));
    }
  post_find_result (data, -1, NULL);
  g_task_return_boolean (task, TRUE);
}

/* The end of a search is told by its last result; the task's data is
 * freed here rather than with the task, which may end on the worker, so
 * the context is always let go on the main thread. */
static void
find_task_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  find_data_free (g_task_get_task_data (G_TASK (result)));
}

/**
 * papers_find_context_find:
 * @text: (nullable): what to look for; %NULL or "" clears the search
 * @start_page: the page to search first
 *
 * Searches the whole document in the background, from @start_page on;
 * matches appear as they are found, the first one found being current.
 */
static void
start_find (PapersFindContext *self,
            const char        *text,
            gboolean           apart,
            int                start_page)
{
  g_autoptr(GTask) task = NULL;
  FindData *data;
  int n;

  reset (self);
  if (text != NULL && *text != '\0' && self->document != NULL)
    {
      n = papers_document_get_n_pages (self->document);
      self->text = g_strdup (text);
      self->matches = g_ptr_array_new_with_free_func (matches_free);
      g_ptr_array_set_size (self->matches, n);
      self->cancellable = g_cancellable_new ();
      self->busy = TRUE;

      data = g_new0 (FindData, 1);
      data->context = g_object_ref (self);
      data->document = g_object_ref (self->document);
      data->text = g_strdup (text);
      if (apart)
        data->words = g_strsplit_set (g_strstrip (data->text), " \t\n", -1);
      data->generation = self->generation;
      data->start_page = n > 0 ? CLAMP (start_page, 0, n - 1) : 0;
      task = g_task_new (NULL, self->cancellable, find_task_done, NULL);
      g_task_set_source_tag (task, papers_find_context_find);
      g_task_set_task_data (task, data, NULL);
      g_task_run_in_thread (task, find_thread);
    }
  notify (self, PROP_TEXT);
  notify (self, PROP_N_MATCHES);
  notify (self, PROP_INDEX);
  notify (self, PROP_BUSY);
}

void
papers_find_context_find (PapersFindContext *self,
                          const char        *text,
                          int                start_page)
{
  g_return_if_fail (PAPERS_IS_FIND_CONTEXT (self));
  start_find (self, text, FALSE, start_page);
}

/**
 * papers_find_context_find_words:
 * @text: (nullable): words separated by spaces
 * @start_page: the page to search first
 *
 * As papers_find_context_find(), each word found on its own rather than
 * @text as a phrase: a library search's words, which its body hit has
 * on the page, though not necessarily side by side.
 */
void
papers_find_context_find_words (PapersFindContext *self,
                                const char        *text,
                                int                start_page)
{
  g_return_if_fail (PAPERS_IS_FIND_CONTEXT (self));
  start_find (self, text, TRUE, start_page);
}

/* Clears the search, notifying what changed. */
void
papers_find_context_cancel (PapersFindContext *self)
{
  gboolean had_text, had_matches, had_current, was_busy;

  g_return_if_fail (PAPERS_IS_FIND_CONTEXT (self));
  had_text = self->text != NULL;
  had_matches = self->n_matches > 0;
  had_current = self->page >= 0;
  was_busy = self->busy;
  reset (self);
  if (had_text)
    notify (self, PROP_TEXT);
  if (had_matches)
    notify (self, PROP_N_MATCHES);
  if (had_current)
    notify (self, PROP_INDEX);
  if (was_busy)
    notify (self, PROP_BUSY);
}

/* Moves to the next match in @direction, wrapping around the document;
 * :index is notified even when it stays, so the view shows it again. */
static void
step (PapersFindContext *self,
      int                direction)
{
  int n;

  if (self->n_matches == 0 || self->page < 0)
    return;
  n = papers_document_get_n_pages (self->document);
  for (int i = 0; i <= n; i++)
    {
      GArray *matches = g_ptr_array_index (self->matches, self->page);
      int next = self->index + (i == 0 ? direction : 0);

      if (i > 0)
        next = direction > 0 ? 0 : (matches ? (int) matches->len - 1 : -1);
      if (matches != NULL && next >= 0 && next < (int) matches->len)
        {
          self->index = next;
          notify (self, PROP_INDEX);
          return;
        }
      self->page = (self->page + direction + n) % n;
    }
}

void
papers_find_context_next (PapersFindContext *self)
{
  g_return_if_fail (PAPERS_IS_FIND_CONTEXT (self));
  step (self, 1);
}

void
papers_find_context_previous (PapersFindContext *self)
{
  g_return_if_fail (PAPERS_IS_FIND_CONTEXT (self));
  step (self, -1);
}

/**
 * papers_find_context_get_text:
 *
 * Returns: (nullable): what is searched for
 */
const char *
papers_find_context_get_text (PapersFindContext *self)
{
  g_return_val_if_fail (PAPERS_IS_FIND_CONTEXT (self), NULL);
  return self->text;
}

int
papers_find_context_get_n_matches (PapersFindContext *self)
{
  g_return_val_if_fail (PAPERS_IS_FIND_CONTEXT (self), 0);
  return self->n_matches;
}

/* The 1-based position of the current match in document order, 0 if none. */
int
papers_find_context_get_index (PapersFindContext *self)
{
  int index = 0;

  g_return_val_if_fail (PAPERS_IS_FIND_CONTEXT (self), 0);
  if (self->page < 0 || self->matches == NULL)
    return 0;
  for (int i = 0; i < self->page; i++)
    {
      GArray *matches = g_ptr_array_index (self->matches, i);

      index += matches ? (int) matches->len : 0;
    }
  return index + self->index + 1;
}

gboolean
papers_find_context_get_busy (PapersFindContext *self)
{
  g_return_val_if_fail (PAPERS_IS_FIND_CONTEXT (self), FALSE);
  return self->busy;
}

/**
 * papers_find_context_get_matches:
 * @page: a page
 * @n_matches: (out): how many
 *
 * Returns: (transfer none) (array length=n_matches) (nullable): the
 *   matches found on @page so far, in points
 */
const PapersRect *
papers_find_context_get_matches (PapersFindContext *self,
                                 int                page,
                                 guint             *n_matches)
{
  GArray *matches = NULL;

  g_return_val_if_fail (PAPERS_IS_FIND_CONTEXT (self), NULL);
  if (self->matches != NULL && page >= 0 && page < (int) self->matches->len)
    matches = g_ptr_array_index (self->matches, page);
  *n_matches = matches ? matches->len : 0;
  return matches ? (const PapersRect *) matches->data : NULL;
}

/**
 * papers_find_context_get_current:
 * @page: (out) (optional): the page of the current match
 *
 * Returns: (transfer none) (nullable): the current match, in points
 */
const PapersRect *
papers_find_context_get_current (PapersFindContext *self,
                                 int               *page)
{
  GArray *matches;

  g_return_val_if_fail (PAPERS_IS_FIND_CONTEXT (self), NULL);
  if (self->page < 0 || self->matches == NULL)
    return NULL;
  matches = g_ptr_array_index (self->matches, self->page);
  if (page)
    *page = self->page;
  return &g_array_index (matches, PapersRect, self->index);
}

/**
 * papers_find_context_set_document:
 * @document: (nullable): the document to search
 *
 * A new document ends the search in the old one.
 */
void
papers_find_context_set_document (PapersFindContext *self,
                                  PapersDocument    *document)
{
  g_return_if_fail (PAPERS_IS_FIND_CONTEXT (self));
  g_return_if_fail (document == NULL || PAPERS_IS_DOCUMENT (document));

  if (self->document == document)
    return;
  papers_find_context_cancel (self);
  g_set_object (&self->document, document);
  notify (self, PROP_DOCUMENT);
}

/**
 * papers_find_context_get_document:
 *
 * Returns: (transfer none) (nullable): the document searched
 */
PapersDocument *
papers_find_context_get_document (PapersFindContext *self)
{
  g_return_val_if_fail (PAPERS_IS_FIND_CONTEXT (self), NULL);
  return self->document;
}

static void
papers_find_context_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  PapersFindContext *self = PAPERS_FIND_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT: g_value_set_object (value, self->document); break;
    case PROP_TEXT: g_value_set_string (value, self->text); break;
    case PROP_N_MATCHES: g_value_set_int (value, self->n_matches); break;
    case PROP_INDEX: g_value_set_int (value, papers_find_context_get_index (self)); break;
    case PROP_BUSY: g_value_set_boolean (value, self->busy); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
papers_find_context_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  PapersFindContext *self = PAPERS_FIND_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT: papers_find_context_set_document (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
papers_find_context_dispose (GObject *object)
{
  PapersFindContext *self = PAPERS_FIND_CONTEXT (object);

  reset (self);
  g_clear_object (&self->document);
  G_OBJECT_CLASS (papers_find_context_parent_class)->dispose (object);
}

static void
papers_find_context_class_init (PapersFindContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = papers_find_context_get_property;
  object_class->set_property = papers_find_context_set_property;
  object_class->dispose = papers_find_context_dispose;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, PAPERS_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_MATCHES] =
    g_param_spec_int ("n-matches", NULL, NULL, 0, G_MAXINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * PapersFindContext:index:
   *
   * The 1-based position of the current match in document order, 0 if
   * none.  Notified whenever a match becomes current, even the same one
   * again, so a view can bring it into sight.
   */
  properties[PROP_INDEX] =
    g_param_spec_int ("index", NULL, NULL, 0, G_MAXINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
papers_find_context_init (PapersFindContext *self)
{
  self->page = -1;
  self->index = -1;
}

PapersFindContext *
papers_find_context_new (void)
{
  return g_object_new (PAPERS_TYPE_FIND_CONTEXT, NULL);
}
