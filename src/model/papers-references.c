/* papers-references.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A paper's reference list and the citations in its text, as the reader
 * shows them.  The text is read and parsed on a thread of its own at the
 * lowest priority (the reader starts it once the first page is on screen,
 * and the thread's niceness keeps it behind rendering); the result lands
 * here on the main thread, indexed by page so that the pointer's citation
 * is found among that page's few.  Each entry is a PapersReference in a
 * list the References panel binds to, with its state in the library,
 * which the store is asked for and asked again when papers come and go.
 * GIO only: the tests read a corpus PDF into it without a display. */

#include "config.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "papers-model-enums.h"
#include "papers-references.h"
#include "papers-store-papers.h"
#include "papers-store-search.h"
#include "papers-text.h"

/* The parsed text, shared by the list and its items: a row may outlive a
 * reparse. */
typedef struct {
  PapersRefs *refs;
} RefsBox;

static void
refs_box_clear (gpointer data)
{
  RefsBox *box = data;

  g_clear_pointer (&box->refs, papers_refs_free);
}

static RefsBox *
refs_box_new (PapersRefs *refs)
{
  RefsBox *box = g_atomic_rc_box_new0 (RefsBox);

  box->refs = refs;
  return box;
}

static void
refs_box_unref (RefsBox *box)
{
  g_atomic_rc_box_release_full (box, refs_box_clear);
}

/* PapersReference */

struct _PapersReference
{
  GObject              parent_instance;

  RefsBox             *box;
  guint                index;
  PapersReferenceState state;
  char                *paper_id;
};

G_DEFINE_FINAL_TYPE (PapersReference, papers_reference, G_TYPE_OBJECT)

enum {
  REF_PROP_0,
  REF_PROP_STATE,
  REF_N_PROPS
};

static GParamSpec *ref_properties[REF_N_PROPS];

static void
papers_reference_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PapersReference *self = PAPERS_REFERENCE (object);

  switch (prop_id)
    {
    case REF_PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
papers_reference_finalize (GObject *object)
{
  PapersReference *self = PAPERS_REFERENCE (object);

  g_clear_pointer (&self->box, refs_box_unref);
  g_clear_pointer (&self->paper_id, g_free);
  G_OBJECT_CLASS (papers_reference_parent_class)->finalize (object);
}

static void
papers_reference_class_init (PapersReferenceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = papers_reference_get_property;
  object_class->finalize = papers_reference_finalize;
  ref_properties[REF_PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, PAPERS_TYPE_REFERENCE_STATE, PAPERS_REFERENCE_UNRESOLVED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, REF_N_PROPS, ref_properties);
}

static void
papers_reference_init (PapersReference *self)
{
}

static PapersReference *
papers_reference_new (RefsBox *box,
                      guint    index)
{
  PapersReference *self = g_object_new (PAPERS_TYPE_REFERENCE, NULL);
  const PapersRefEntry *entry;

  self->box = g_atomic_rc_box_acquire (box);
  self->index = index;
  entry = g_ptr_array_index (box->refs->entries, index);
  self->state = entry->arxiv_id != NULL ? PAPERS_REFERENCE_ON_ARXIV : PAPERS_REFERENCE_UNRESOLVED;
  return self;
}

/* The state without an answer from the library, or with its answer. */
static void
papers_reference_set_state (PapersReference *self,
                            const char      *paper_id)
{
  const PapersRefEntry *entry = papers_reference_get_entry (self);
  PapersReferenceState state = paper_id != NULL ? PAPERS_REFERENCE_IN_LIBRARY
                               : entry->arxiv_id != NULL ? PAPERS_REFERENCE_ON_ARXIV
                               : PAPERS_REFERENCE_UNRESOLVED;

  g_free (self->paper_id);
  self->paper_id = g_strdup (paper_id);
  if (state != self->state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), ref_properties[REF_PROP_STATE]);
    }
}

/**
 * papers_reference_get_index:
 *
 * Returns: the entry's place in the paper's list, from 0
 */
guint
papers_reference_get_index (PapersReference *self)
{
  g_return_val_if_fail (PAPERS_IS_REFERENCE (self), 0);
  return self->index;
}

/**
 * papers_reference_get_entry:
 *
 * Returns: (transfer none): the parsed entry, valid while @self lives
 */
const PapersRefEntry *
papers_reference_get_entry (PapersReference *self)
{
  g_return_val_if_fail (PAPERS_IS_REFERENCE (self), NULL);
  return g_ptr_array_index (self->box->refs->entries, self->index);
}

PapersReferenceState
papers_reference_get_state (PapersReference *self)
{
  g_return_val_if_fail (PAPERS_IS_REFERENCE (self), PAPERS_REFERENCE_UNRESOLVED);
  return self->state;
}

/**
 * papers_reference_get_paper_id:
 *
 * Returns: (nullable): the library's id for the entry, when it keeps it
 */
const char *
papers_reference_get_paper_id (PapersReference *self)
{
  g_return_val_if_fail (PAPERS_IS_REFERENCE (self), NULL);
  return self->paper_id;
}

/* PapersReferences */

struct _PapersReferences
{
  GObject       parent_instance;

  PapersStore  *store;          /* NULL: no library to ask */
  RefsBox      *box;            /* NULL until read */
  GPtrArray    *by_page;        /* of GArray of guint: citations per page */
  GListStore   *entries;        /* of PapersReference */
  GCancellable *lookup;         /* the library's answer being waited for */
  GArray       *by_title;       /* of guint: entries still to look for by title */
  guint         next_title;     /* the next of them */
  GHashTable   *resolved;       /* an entry's title → the arXiv id found for it */
};

G_DEFINE_FINAL_TYPE (PapersReferences, papers_references, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  STATES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * papers_references_new:
 * @store: (nullable): the library, asked which entries it keeps
 *
 * Returns: (transfer full): an empty list, until read or given refs
 */
PapersReferences *
papers_references_new (PapersStore *store)
{
  PapersReferences *self;

  g_return_val_if_fail (store == NULL || PAPERS_IS_STORE (store), NULL);
  self = g_object_new (PAPERS_TYPE_REFERENCES, NULL);
  if (store != NULL)
    {
      self->store = g_object_ref (store);
      /* An entry added from the panel, or elsewhere, changes its state. */
      g_signal_connect_object (store, "papers-added", G_CALLBACK (papers_references_refresh_library), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "papers-removed", G_CALLBACK (papers_references_refresh_library), self,
                               G_CONNECT_SWAPPED);
    }
  return self;
}

#define READER_NICENESS 5

typedef struct {
  PapersReferencesReadFunc read;
  gpointer                 data;
  GDestroyNotify           destroy;
} ReadData;

static void
read_data_free (ReadData *rd)
{
  if (rd->destroy != NULL)
    rd->destroy (rd->data);
  g_free (rd);
}

/* A thread of its own rather than one of GIO's pool: its niceness is
 * raised for good, which a pooled thread would keep for other work.  Five
 * steps, not nineteen: a third of the renderer's share keeps it behind
 * the pages, where the last step would starve it on a busy machine. */
static gpointer
read_thread (gpointer data)
{
  g_autoptr(GTask) task = data;
  ReadData *rd = g_task_get_task_data (task);
  g_autoptr(GPtrArray) pages = NULL;
  GError *error = NULL;

  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), READER_NICENESS) != 0)
    g_debug ("Could not lower the priority of the references' reader");
  pages = rd->read (rd->data, g_task_get_cancellable (task), &error);
  if (pages == NULL)
    {
      g_task_return_error (task, error);
      return NULL;
    }
  if (g_task_return_error_if_cancelled (task))
    return NULL;
  g_task_return_pointer (task,
                         papers_refs_parse ((PapersTextPage * const *) pages->pdata, pages->len),
                         (GDestroyNotify) papers_refs_free);
  return NULL;
}

/**
 * papers_references_read_async:
 * @read: reads the document's text on the worker thread
 * @data: (closure read): for @read
 * @destroy: frees @data, on either thread
 *
 * Reads and parses the text on a low-priority thread; the entries and
 * citations replace the ones before when it finishes.
 */
void
papers_references_read_async (PapersReferences         *self,
                              PapersReferencesReadFunc  read,
                              gpointer                  data,
                              GDestroyNotify            destroy,
                              GCancellable             *cancellable,
                              GAsyncReadyCallback       callback,
                              gpointer                  user_data)
{
  GTask *task;
  ReadData *rd;

  g_return_if_fail (PAPERS_IS_REFERENCES (self));
  g_return_if_fail (read != NULL);

  rd = g_new0 (ReadData, 1);
  rd->read = read;
  rd->data = data;
  rd->destroy = destroy;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, papers_references_read_async);
  /* The result is handed back at the default priority: the work is on
   * the thread, and at G_PRIORITY_LOW a busy frame clock (a spinner
   * under a slow renderer) would hold it back for good. */
  g_task_set_task_data (task, rd, (GDestroyNotify) read_data_free);
  g_thread_unref (g_thread_new ("papers-references", read_thread, task));
}

/**
 * papers_references_read_finish:
 *
 * Returns: whether the text was read; the entries are set then
 */
gboolean
papers_references_read_finish (PapersReferences  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  PapersRefs *refs;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  refs = g_task_propagate_pointer (G_TASK (result), error);
  if (refs == NULL)
    return FALSE;
  papers_references_set_refs (self, refs);
  return TRUE;
}

static void
index_pages (PapersReferences *self)
{
  const PapersRefs *refs = self->box->refs;

  g_ptr_array_set_size (self->by_page, 0);
  for (guint i = 0; i < refs->citations->len; i++)
    {
      const PapersCitation *citation = g_ptr_array_index (refs->citations, i);

      if (citation->page < 0)
        continue;
      while (self->by_page->len <= (guint) citation->page)
        g_ptr_array_add (self->by_page, g_array_new (FALSE, FALSE, sizeof (guint)));
      g_array_append_val (g_ptr_array_index (self->by_page, citation->page), i);
    }
}

/**
 * papers_references_set_refs:
 * @refs: (transfer full): a parsed paper
 *
 * Shows @refs: what papers_references_read_finish() does with what it
 * read.
 */
void
papers_references_set_refs (PapersReferences *self,
                            PapersRefs       *refs)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean was_loaded;

  g_return_if_fail (PAPERS_IS_REFERENCES (self));
  g_return_if_fail (refs != NULL);

  was_loaded = self->box != NULL;
  g_clear_pointer (&self->box, refs_box_unref);
  self->box = refs_box_new (refs);
  index_pages (self);
  for (guint i = 0; i < refs->entries->len; i++)
    g_ptr_array_add (items, papers_reference_new (self->box, i));
  g_list_store_splice (self->entries, 0, g_list_model_get_n_items (G_LIST_MODEL (self->entries)),
                       items->pdata, items->len);
  papers_references_refresh_library (self);
  if (!was_loaded)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

gboolean
papers_references_get_loaded (PapersReferences *self)
{
  g_return_val_if_fail (PAPERS_IS_REFERENCES (self), FALSE);
  return self->box != NULL;
}

/**
 * papers_references_get_refs:
 *
 * Returns: (transfer none) (nullable): the parsed paper, %NULL until read
 */
const PapersRefs *
papers_references_get_refs (PapersReferences *self)
{
  g_return_val_if_fail (PAPERS_IS_REFERENCES (self), NULL);
  return self->box != NULL ? self->box->refs : NULL;
}

/**
 * papers_references_get_entries:
 *
 * Returns: (transfer none): of #PapersReference, in the paper's order
 */
GListModel *
papers_references_get_entries (PapersReferences *self)
{
  g_return_val_if_fail (PAPERS_IS_REFERENCES (self), NULL);
  return G_LIST_MODEL (self->entries);
}

/**
 * papers_references_count_arxiv:
 *
 * Returns: how many entries have an arXiv id and are not in the library
 */
guint
papers_references_count_arxiv (PapersReferences *self)
{
  g_autoptr(GPtrArray) ids = papers_references_dup_arxiv_ids_to_add (self);

  return ids->len;
}

/**
 * papers_references_dup_arxiv_ids_to_add:
 *
 * Returns: (transfer full) (element-type utf8): the arXiv ids of the
 *   entries the library does not keep, each once
 */
GPtrArray *
papers_references_dup_arxiv_ids_to_add (PapersReferences *self)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  GListModel *model = G_LIST_MODEL (self->entries);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PapersReference) ref = g_list_model_get_item (model, i);
      const char *id = papers_reference_get_entry (ref)->arxiv_id;

      if (ref->state == PAPERS_REFERENCE_ON_ARXIV &&
          !g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL))
        g_ptr_array_add (ids, g_strdup (id));
    }
  return ids;
}

/**
 * papers_references_page_citations:
 * @page: from 0
 * @n: (out): how many
 *
 * Returns: (array length=n) (transfer none) (nullable): indices into the
 *   refs' citations on @page, in reading order
 */
const guint *
papers_references_page_citations (PapersReferences *self,
                                  int               page,
                                  guint            *n)
{
  GArray *list;

  g_return_val_if_fail (PAPERS_IS_REFERENCES (self), NULL);
  *n = 0;
  if (page < 0 || (guint) page >= self->by_page->len)
    return NULL;
  list = g_ptr_array_index (self->by_page, page);
  *n = list->len;
  return (const guint *) list->data;
}

/* A citation's box is its glyphs': a pointer a point outside still means it. */
#define SLACK 1.0

static gboolean
rect_contains (const PapersTextRect *rect,
               double                x,
               double                y)
{
  return x >= rect->x1 - SLACK && x <= rect->x2 + SLACK && y >= rect->y1 - SLACK && y <= rect->y2 + SLACK;
}

/**
 * papers_references_citation_at:
 * @x: (in points from the page's left)
 * @y: (in points from the page's top)
 *
 * Returns: the index of the citation under (@x, @y) on @page that names an
 *   entry, or -1
 */
int
papers_references_citation_at (PapersReferences *self,
                               int               page,
                               double            x,
                               double            y)
{
  const guint *list;
  guint n;

  g_return_val_if_fail (PAPERS_IS_REFERENCES (self), -1);
  list = papers_references_page_citations (self, page, &n);
  for (guint i = 0; i < n; i++)
    {
      const PapersCitation *citation = g_ptr_array_index (self->box->refs->citations, list[i]);

      if (citation->entries->len > 0 && rect_contains (&citation->rect, x, y))
        return (int) list[i];
    }
  return -1;
}

/**
 * papers_references_mention_at:
 *
 * Returns: the index of the mention of a figure, table, equation, section
 *   or appendix under (@x, @y) on @page whose target was found, or -1
 */
int
papers_references_mention_at (PapersReferences *self,
                              int               page,
                              double            x,
                              double            y)
{
  const PapersRefs *refs;

  g_return_val_if_fail (PAPERS_IS_REFERENCES (self), -1);
  refs = papers_references_get_refs (self);
  for (guint i = 0; refs != NULL && i < refs->mentions->len; i++)
    {
      const PapersRefMention *mention = g_ptr_array_index (refs->mentions, i);

      if (mention->page == page && mention->target >= 0 && rect_contains (&mention->rect, x, y))
        return (int) i;
    }
  return -1;
}

/* The library: which entries it keeps */

static char *
doi_key (const char *doi)
{
  g_autofree char *folded = g_utf8_casefold (doi, -1);

  return g_strconcat ("doi:", folded, NULL);
}

static void look_up_titles (PapersReferences *self);
static void look_up_next_title (PapersReferences *self);

static PapersReference *
reference_at_index (PapersReferences *self,
                    guint             index)
{
  GListModel *model = G_LIST_MODEL (self->entries);

  return index < g_list_model_get_n_items (model) ? g_list_model_get_item (model, index) : NULL;
}

static void
on_library_answer (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PapersReferences) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = papers_store_get_papers_finish (PAPERS_STORE (source), result, &error);
  g_autoptr(GHashTable) kept = NULL;
  GListModel *model = G_LIST_MODEL (self->entries);

  if (papers == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not ask the library for the references: %s", error->message);
      return;
    }
  /* arXiv id or "doi:" and the casefolded DOI → the library's id */
  kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < papers->len; i++)
    {
      PapersPaper *paper = g_ptr_array_index (papers, i);

      if (!papers_paper_get_in_library (paper))
        continue;
      /* A paper added by its arXiv id alone (arXiv could not be asked)
       * has that id and no other. */
      g_hash_table_insert (kept, g_strdup (papers_paper_get_id (paper)), g_strdup (papers_paper_get_id (paper)));
      if (papers_paper_get_arxiv_id (paper) != NULL)
        g_hash_table_insert (kept, g_strdup (papers_paper_get_arxiv_id (paper)),
                             g_strdup (papers_paper_get_id (paper)));
      if (papers_paper_get_doi (paper) != NULL)
        g_hash_table_insert (kept, doi_key (papers_paper_get_doi (paper)), g_strdup (papers_paper_get_id (paper)));
    }
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PapersReference) ref = g_list_model_get_item (model, i);
      const PapersRefEntry *entry = papers_reference_get_entry (ref);
      g_autofree char *doi = entry->doi != NULL ? doi_key (entry->doi) : NULL;
      const char *id = entry->arxiv_id != NULL ? g_hash_table_lookup (kept, entry->arxiv_id) : NULL;

      if (id == NULL && doi != NULL)
        id = g_hash_table_lookup (kept, doi);
      if (id == NULL && entry->title != NULL && self->resolved != NULL)
        {
          const char *found = g_hash_table_lookup (self->resolved, entry->title);

          id = found != NULL ? g_hash_table_lookup (kept, found) : NULL;
        }
      papers_reference_set_state (ref, id);
    }
  g_signal_emit (self, signals[STATES_CHANGED], 0);
  look_up_titles (self);
}

/* The library, again, for the entries that name no id: a paper it keeps
 * under the title the entry gives (added by "Find on arXiv", or long
 * before the reader opened this paper).  Searched one entry at a time,
 * so that the reader's own requests to the store are not kept waiting
 * behind a whole reference list; at most MAX_TITLE_LOOKUPS of them. */

#define MAX_TITLE_LOOKUPS     200
#define TITLE_QUERY_WORDS     8
#define TITLE_CANDIDATES      5
/* The same title, in another case, with other accents or punctuation,
 * or a word apart in a long one (as "Find on arXiv" adds without asking) */
#define SAME_TITLE_SIMILARITY 0.9

/* Up to TITLE_QUERY_WORDS of @title's words, as plain search words: no
 * quote, sign or colon the search language would read as syntax.  NULL
 * for a title too short to look for. */
static char *
title_query (const char *title)
{
  g_autofree char *valid = g_utf8_make_valid (title, -1);
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);
  guint n_words = 0;

  for (const char *p = valid; n_words < TITLE_QUERY_WORDS; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (word, c);
          continue;
        }
      /* One-letter words ("a", a variable's name) find too much. */
      if (g_utf8_strlen (word->str, -1) > 1)
        {
          if (query->len > 0)
            g_string_append_c (query, ' ');
          g_string_append (query, word->str);
          n_words++;
        }
      g_string_truncate (word, 0);
      if (c == 0)
        break;
    }
  return n_words >= 2 ? g_string_free_and_steal (g_steal_pointer (&query)) : NULL;
}

static void
on_title_found (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PapersReferences) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersFound) found = papers_store_find_finish (PAPERS_STORE (source), result, &error);
  g_autoptr(PapersReference) ref = NULL;
  GPtrArray *papers;
  const char *title;

  if (found == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Could not look for a reference by its title: %s", error->message);
    }
  else if (self->by_title != NULL && self->next_title > 0)
    {
      ref = reference_at_index (self, g_array_index (self->by_title, guint, self->next_title - 1));
      title = ref != NULL ? papers_reference_get_entry (ref)->title : NULL;
      papers = papers_found_get_loaded (found);
      for (guint i = 0; title != NULL && papers != NULL && i < papers->len; i++)
        {
          PapersPaper *paper = g_ptr_array_index (papers, i);

          if (paper != NULL && papers_paper_get_in_library (paper) &&
              papers_text_title_similarity (title, papers_paper_get_title (paper)) >= SAME_TITLE_SIMILARITY)
            {
              papers_reference_set_state (ref, papers_paper_get_id (paper));
              g_signal_emit (self, signals[STATES_CHANGED], 0);
              break;
            }
        }
    }
  look_up_next_title (self);
}

static void
look_up_next_title (PapersReferences *self)
{
  while (self->by_title != NULL && self->next_title < self->by_title->len)
    {
      guint index = g_array_index (self->by_title, guint, self->next_title++);
      g_autoptr(PapersReference) ref = reference_at_index (self, index);
      g_autofree char *query = ref != NULL ? title_query (papers_reference_get_entry (ref)->title) : NULL;

      if (query == NULL)
        continue;
      papers_store_find_async (self->store, query, NULL, NULL, PAPERS_SORT_RELEVANCE, PAPERS_FIND_QUICK,
                               TITLE_CANDIDATES, TITLE_CANDIDATES, self->lookup, on_title_found,
                               g_object_ref (self));
      return;
    }
  g_clear_pointer (&self->by_title, g_array_unref);
}

static void
look_up_titles (PapersReferences *self)
{
  GListModel *model = G_LIST_MODEL (self->entries);

  g_clear_pointer (&self->by_title, g_array_unref);
  self->by_title = g_array_new (FALSE, FALSE, sizeof (guint));
  self->next_title = 0;
  for (guint i = 0; i < g_list_model_get_n_items (model) && self->by_title->len < MAX_TITLE_LOOKUPS; i++)
    {
      g_autoptr(PapersReference) ref = g_list_model_get_item (model, i);
      const PapersRefEntry *entry = papers_reference_get_entry (ref);

      /* An entry with an arXiv id is looked for by it, and no other way. */
      if (entry->arxiv_id == NULL && entry->title != NULL &&
          papers_reference_get_state (ref) != PAPERS_REFERENCE_IN_LIBRARY)
        g_array_append_val (self->by_title, i);
    }
  look_up_next_title (self);
}

/**
 * papers_references_refresh_library:
 *
 * Asks the library again which entries it keeps; each entry's state
 * follows its answer.
 */
void
papers_references_refresh_library (PapersReferences *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;
  const PapersRefs *refs;

  g_return_if_fail (PAPERS_IS_REFERENCES (self));
  refs = papers_references_get_refs (self);
  if (self->store == NULL || refs == NULL)
    return;
  for (guint e = 0; e < refs->entries->len; e++)
    {
      PapersRefEntry *entry = g_ptr_array_index (refs->entries, e);

      if (entry->arxiv_id != NULL)
        g_strv_builder_add (builder, entry->arxiv_id);
      if (entry->doi != NULL)
        g_strv_builder_take (builder, g_strconcat ("doi:", entry->doi, NULL));
    }
  if (self->resolved != NULL)
    {
      GHashTableIter iter;
      gpointer found;

      g_hash_table_iter_init (&iter, self->resolved);
      while (g_hash_table_iter_next (&iter, NULL, &found))
        g_strv_builder_add (builder, found);
    }
  ids = g_strv_builder_end (builder);
  g_cancellable_cancel (self->lookup);
  g_clear_object (&self->lookup);
  self->lookup = g_cancellable_new ();
  if (ids[0] == NULL)
    look_up_titles (self);
  else
    papers_store_get_papers_async (self->store, (const char * const *) ids, self->lookup, on_library_answer,
                                   g_object_ref (self));
}

/**
 * papers_references_resolve_title:
 * @title: an entry's title, as the entry gives it
 * @arxiv_id: the paper found for it elsewhere (on arXiv, by its title)
 *
 * Says which paper the entries with @title are, when their titles are
 * too unlike the paper's own for the library to tell (the reader was
 * asked and said yes): once the library keeps @arxiv_id, they show as in
 * it.  Kept as long as @self is.
 */
void
papers_references_resolve_title (PapersReferences *self,
                                 const char       *title,
                                 const char       *arxiv_id)
{
  g_return_if_fail (PAPERS_IS_REFERENCES (self));
  g_return_if_fail (title != NULL && arxiv_id != NULL);

  if (self->resolved == NULL)
    self->resolved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_replace (self->resolved, g_strdup (title), g_strdup (arxiv_id));
  papers_references_refresh_library (self);
}

static void
papers_references_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PapersReferences *self = PAPERS_REFERENCES (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, papers_references_get_loaded (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
papers_references_dispose (GObject *object)
{
  PapersReferences *self = PAPERS_REFERENCES (object);

  g_cancellable_cancel (self->lookup);
  g_clear_object (&self->lookup);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (papers_references_parent_class)->dispose (object);
}

static void
papers_references_finalize (GObject *object)
{
  PapersReferences *self = PAPERS_REFERENCES (object);

  g_clear_object (&self->entries);
  g_clear_pointer (&self->by_page, g_ptr_array_unref);
  g_clear_pointer (&self->box, refs_box_unref);
  g_clear_pointer (&self->by_title, g_array_unref);
  g_clear_pointer (&self->resolved, g_hash_table_unref);
  G_OBJECT_CLASS (papers_references_parent_class)->finalize (object);
}

static void
papers_references_class_init (PapersReferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = papers_references_get_property;
  object_class->dispose = papers_references_dispose;
  object_class->finalize = papers_references_finalize;
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PapersReferences::states-changed:
   *
   * The library answered which entries it keeps: a count of those still
   * to add may have changed.
   */
  signals[STATES_CHANGED] = g_signal_new ("states-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
papers_references_init (PapersReferences *self)
{
  self->entries = g_list_store_new (PAPERS_TYPE_REFERENCE);
  self->by_page = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
}
