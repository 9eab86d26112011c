/* papers-collection.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The window's view of the library: the papers in it (a GListStore the
 * lists filter and sort), the tags with their colors, and every edit the
 * window makes.  Each edit emits ::changed so sidebar counts and rows stay
 * current.  It keeps no SQL: when the store lands, each edit forwards to
 * its _async call and the models come from its searches. */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-collection.h"

struct _PapersCollection
{
  GObject     parent_instance;

  GListStore *papers;
  GHashTable *by_id;       /* id → PapersPaper (borrowed from papers) */
  GHashTable *tag_colors;  /* name → "#rrggbb" */
};

G_DEFINE_FINAL_TYPE (PapersCollection, papers_collection, G_TYPE_OBJECT)

enum {
  CHANGED,
  TAGS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The tag palette: GNOME's named colors, assigned in turn. */
static const char * const palette[] = {
  "#3584e4", "#33d17a", "#f6d32d", "#ff7800", "#e01b24", "#9141ac", "#986a44", "#77767b",
};

PapersCollection *
papers_collection_new (void)
{
  return g_object_new (PAPERS_TYPE_COLLECTION, NULL);
}

/**
 * papers_collection_get_papers:
 *
 * Returns: (transfer none): a GListModel of the PapersPaper in the library
 */
GListModel *
papers_collection_get_papers (PapersCollection *self)
{
  return G_LIST_MODEL (self->papers);
}

/**
 * papers_collection_lookup:
 *
 * Returns: (transfer none) (nullable): the library's paper with @id
 */
PapersPaper *
papers_collection_lookup (PapersCollection *self,
                          const char       *id)
{
  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->by_id, id);
}

static void
ensure_tags (PapersCollection *self,
             PapersPaper      *paper)
{
  const char * const *tags = papers_paper_get_tags (paper);
  gboolean added = FALSE;

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    if (!g_hash_table_contains (self->tag_colors, tags[i]))
      {
        guint n = g_hash_table_size (self->tag_colors);
        g_hash_table_insert (self->tag_colors, g_strdup (tags[i]),
                             g_strdup (palette[n % G_N_ELEMENTS (palette)]));
        added = TRUE;
      }
  if (added)
    g_signal_emit (self, signals[TAGS_CHANGED], 0);
}

void
papers_collection_add (PapersCollection *self,
                       PapersPaper      *paper)
{
  g_return_if_fail (PAPERS_IS_PAPER (paper));
  g_return_if_fail (papers_paper_get_id (paper) != NULL);

  if (g_hash_table_contains (self->by_id, papers_paper_get_id (paper)))
    return;

  papers_paper_set_in_library (paper, TRUE);
  if (papers_paper_get_added (paper) == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      papers_paper_set_added (paper, now);
    }
  g_list_store_insert (self->papers, 0, paper);
  g_hash_table_insert (self->by_id, g_strdup (papers_paper_get_id (paper)), paper);
  ensure_tags (self, paper);
  g_signal_emit (self, signals[CHANGED], 0, paper);
}

/**
 * papers_collection_remove:
 *
 * Returns: (transfer full) (nullable): the removed paper, for undo
 */
PapersPaper *
papers_collection_remove (PapersCollection *self,
                          const char       *id)
{
  PapersPaper *paper = papers_collection_lookup (self, id);
  guint position;

  if (paper == NULL || !g_list_store_find (self->papers, paper, &position))
    return NULL;

  g_object_ref (paper);
  g_hash_table_remove (self->by_id, id);
  g_list_store_remove (self->papers, position);
  papers_paper_set_in_library (paper, FALSE);
  g_signal_emit (self, signals[CHANGED], 0, paper);
  return paper;
}

void
papers_collection_changed (PapersCollection *self,
                           PapersPaper      *paper)
{
  g_signal_emit (self, signals[CHANGED], 0, paper);
}

void
papers_collection_set_status (PapersCollection *self,
                              PapersPaper      *paper,
                              PapersReadStatus  status)
{
  papers_paper_set_status (paper, status);
  g_signal_emit (self, signals[CHANGED], 0, paper);
}

void
papers_collection_set_starred (PapersCollection *self,
                               PapersPaper      *paper,
                               gboolean          starred)
{
  papers_paper_set_starred (paper, starred);
  g_signal_emit (self, signals[CHANGED], 0, paper);
}

void
papers_collection_set_note (PapersCollection *self,
                            PapersPaper      *paper,
                            const char       *note)
{
  if (g_strcmp0 (papers_paper_get_note (paper), note) == 0)
    return;
  papers_paper_set_note (paper, note != NULL && *note != '\0' ? note : NULL);
  g_signal_emit (self, signals[CHANGED], 0, paper);
}

static gboolean
strv_contains_casefold (const char * const *strv,
                        const char         *name)
{
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    if (g_ascii_strcasecmp (strv[i], name) == 0)
      return TRUE;
  return FALSE;
}

static void
replace_tag (PapersPaper *paper,
             const char  *add,
             const char  *remove)
{
  const char * const *tags = papers_paper_get_tags (paper);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) result = NULL;

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    if (remove == NULL || g_ascii_strcasecmp (tags[i], remove) != 0)
      if (add == NULL || g_ascii_strcasecmp (tags[i], add) != 0)
        g_strv_builder_add (builder, tags[i]);
  if (add != NULL)
    g_strv_builder_add (builder, add);
  result = g_strv_builder_end (builder);
  papers_paper_set_tags (paper, (const char * const *) result);
}

void
papers_collection_tag_paper (PapersCollection *self,
                             PapersPaper      *paper,
                             const char       *add,
                             const char       *remove)
{
  g_autofree char *clean = add != NULL ? g_strstrip (g_strdup (add)) : NULL;

  if (clean != NULL && *clean == '\0')
    g_clear_pointer (&clean, g_free);
  /* Tag names are unique regardless of case: reuse the existing spelling. */
  if (clean != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, self->tag_colors);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (g_ascii_strcasecmp (key, clean) == 0)
          {
            g_free (clean);
            clean = g_strdup (key);
            break;
          }
    }
  replace_tag (paper, clean, remove);
  ensure_tags (self, paper);
  g_signal_emit (self, signals[CHANGED], 0, paper);
  g_signal_emit (self, signals[TAGS_CHANGED], 0);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

/**
 * papers_collection_dup_tag_names:
 *
 * Returns: (transfer full): the tag names, sorted
 */
char **
papers_collection_dup_tag_names (PapersCollection *self)
{
  guint n = 0;
  char **names = (char **) g_hash_table_get_keys_as_array (self->tag_colors, &n);
  char **copy = g_new0 (char *, n + 1);

  qsort (names, n, sizeof (char *), compare_names);
  for (guint i = 0; i < n; i++)
    copy[i] = g_strdup (names[i]);
  g_free (names);
  return copy;
}

const char *
papers_collection_get_tag_color (PapersCollection *self,
                                 const char       *name)
{
  const char *color = g_hash_table_lookup (self->tag_colors, name);

  return color != NULL ? color : palette[0];
}

guint
papers_collection_count_tag (PapersCollection *self,
                             const char       *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->papers));
  guint count = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PapersPaper) paper = g_list_model_get_item (G_LIST_MODEL (self->papers), i);

      if (strv_contains_casefold (papers_paper_get_tags (paper), name))
        count++;
    }
  return count;
}

static GPtrArray *
papers_with_tag (PapersCollection *self,
                 const char       *name)
{
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->papers));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PapersPaper) paper = g_list_model_get_item (G_LIST_MODEL (self->papers), i);

      if (strv_contains_casefold (papers_paper_get_tags (paper), name))
        g_ptr_array_add (result, g_object_ref (paper));
    }
  return result;
}

static void
retag_all (PapersCollection *self,
           const char       *name,
           const char       *into)
{
  g_autoptr(GPtrArray) tagged = papers_with_tag (self, name);

  for (guint i = 0; i < tagged->len; i++)
    {
      replace_tag (tagged->pdata[i], into, name);
      g_signal_emit (self, signals[CHANGED], 0, tagged->pdata[i]);
    }
}

gboolean
papers_collection_rename_tag (PapersCollection *self,
                              const char       *name,
                              const char       *new_name)
{
  g_autofree char *color = NULL;

  if (new_name == NULL || *new_name == '\0' || !g_hash_table_contains (self->tag_colors, name))
    return FALSE;
  if (g_hash_table_contains (self->tag_colors, new_name))
    return FALSE;

  color = g_strdup (g_hash_table_lookup (self->tag_colors, name));
  g_hash_table_insert (self->tag_colors, g_strdup (new_name), g_steal_pointer (&color));
  retag_all (self, name, new_name);
  g_hash_table_remove (self->tag_colors, name);
  g_signal_emit (self, signals[TAGS_CHANGED], 0);
  return TRUE;
}

void
papers_collection_recolor_tag (PapersCollection *self,
                               const char       *name,
                               const char       *color)
{
  if (!g_hash_table_contains (self->tag_colors, name))
    return;
  g_hash_table_insert (self->tag_colors, g_strdup (name), g_strdup (color));
  g_signal_emit (self, signals[TAGS_CHANGED], 0);
}

void
papers_collection_merge_tag (PapersCollection *self,
                             const char       *name,
                             const char       *into)
{
  if (g_strcmp0 (name, into) == 0 || !g_hash_table_contains (self->tag_colors, name))
    return;
  if (!g_hash_table_contains (self->tag_colors, into))
    g_hash_table_insert (self->tag_colors, g_strdup (into),
                         g_strdup (g_hash_table_lookup (self->tag_colors, name)));
  retag_all (self, name, into);
  g_hash_table_remove (self->tag_colors, name);
  g_signal_emit (self, signals[TAGS_CHANGED], 0);
}

/**
 * papers_collection_delete_tag:
 *
 * Returns: (transfer full): the papers that had the tag, for undo
 */
GPtrArray *
papers_collection_delete_tag (PapersCollection *self,
                              const char       *name)
{
  GPtrArray *tagged = papers_with_tag (self, name);

  retag_all (self, name, NULL);
  g_hash_table_remove (self->tag_colors, name);
  g_signal_emit (self, signals[TAGS_CHANGED], 0);
  return tagged;
}

void
papers_collection_restore_tag (PapersCollection *self,
                               const char       *name,
                               const char       *color,
                               GPtrArray        *papers)
{
  g_hash_table_insert (self->tag_colors, g_strdup (name), g_strdup (color));
  for (guint i = 0; papers != NULL && i < papers->len; i++)
    {
      replace_tag (papers->pdata[i], name, NULL);
      g_signal_emit (self, signals[CHANGED], 0, papers->pdata[i]);
    }
  g_signal_emit (self, signals[TAGS_CHANGED], 0);
}

/* The query language, as the library documents it:
 *   word  "a phrase"  tag:NAME  -tag:NAME  author:NAME  year:2024
 *   year:2019..2023  is:unread|reading|read|starred  has:pdf|note|annotations
 * Terms are ANDed; a leading '-' negates any term. */
static char **
tokenize (const char *query)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) token = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = query; p != NULL && *p != '\0'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && g_ascii_isspace (*p))
        {
          if (token->len > 0)
            g_ptr_array_add (tokens, g_strdup (token->str));
          g_string_truncate (token, 0);
        }
      else
        g_string_append_c (token, *p);
    }
  if (token->len > 0)
    g_ptr_array_add (tokens, g_strdup (token->str));
  g_ptr_array_add (tokens, NULL);
  return (char **) g_ptr_array_steal (tokens, NULL);
}

static gboolean
contains_folded (const char *haystack,
                 const char *folded_needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, folded_needle) != NULL;
}

static gboolean
match_year (PapersPaper *paper,
            const char  *value)
{
  GDateTime *published = papers_paper_get_published (paper);
  const char *dots = strstr (value, "..");
  int year, from, to;

  if (published == NULL)
    return FALSE;
  year = g_date_time_get_year (published);
  from = atoi (value);
  to = dots != NULL ? atoi (dots + 2) : from;
  return year >= from && year <= to;
}

static gboolean
match_term (PapersPaper *paper,
            const char  *term)
{
  const char *colon = strchr (term, ':');
  g_autofree char *field = colon != NULL ? g_strndup (term, colon - term) : NULL;
  const char *value = colon != NULL ? colon + 1 : term;
  g_autofree char *folded = g_utf8_casefold (value, -1);

  if (field != NULL && g_str_equal (field, "tag"))
    return strv_contains_casefold (papers_paper_get_tags (paper), value);
  if (field != NULL && g_str_equal (field, "author"))
    {
      const char * const *authors = papers_paper_get_authors (paper);
      for (guint i = 0; authors != NULL && authors[i] != NULL; i++)
        if (contains_folded (authors[i], folded))
          return TRUE;
      return FALSE;
    }
  if (field != NULL && g_str_equal (field, "year"))
    return match_year (paper, value);
  if (field != NULL && g_str_equal (field, "is"))
    {
      PapersReadStatus status;

      if (g_str_equal (value, "starred"))
        return papers_paper_get_starred (paper);
      return papers_read_status_from_string (value, &status) && papers_paper_get_status (paper) == status;
    }
  if (field != NULL && g_str_equal (field, "has"))
    {
      if (g_str_equal (value, "pdf"))
        return papers_paper_get_pdf_path (paper) != NULL;
      if (g_str_equal (value, "note"))
        return papers_paper_get_note (paper) != NULL;
      return FALSE;
    }
  if (*folded == '\0')
    return TRUE;
  if (contains_folded (papers_paper_get_title (paper), folded) ||
      contains_folded (papers_paper_get_abstract (paper), folded) ||
      contains_folded (papers_paper_get_note (paper), folded) ||
      contains_folded (papers_paper_get_arxiv_id (paper), folded))
    return TRUE;
  for (const char * const *a = papers_paper_get_authors (paper); a != NULL && *a != NULL; a++)
    if (contains_folded (*a, folded))
      return TRUE;
  return FALSE;
}

gboolean
papers_collection_matches (const char  *query,
                           PapersPaper *paper)
{
  g_auto(GStrv) tokens = tokenize (query);

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      gboolean negate = tokens[i][0] == '-' && tokens[i][1] != '\0';

      if (match_term (paper, tokens[i] + (negate ? 1 : 0)) == negate)
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  char      *query;
  GPtrArray *papers;
} SearchData;

static void
search_data_free (SearchData *data)
{
  g_free (data->query);
  g_ptr_array_unref (data->papers);
  g_free (data);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SearchData *data = task_data;
  g_autoptr(GListStore) result = g_list_store_new (PAPERS_TYPE_PAPER);
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  for (guint i = 0; i < data->papers->len; i++)
    {
      /* A newer keystroke replaced this query: stop early. */
      if ((i & 1023) == 0 && g_cancellable_is_cancelled (cancellable))
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
          return;
        }
      if (papers_collection_matches (data->query, data->papers->pdata[i]))
        g_ptr_array_add (found, data->papers->pdata[i]);
    }
  g_list_store_splice (result, 0, 0, found->pdata, found->len);
  g_task_return_pointer (task, g_steal_pointer (&result), g_object_unref);
}

void
papers_collection_search_async (PapersCollection    *self,
                                const char          *query,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  SearchData *data = g_new0 (SearchData, 1);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->papers));

  g_task_set_source_tag (task, papers_collection_search_async);
  data->query = g_strdup (query != NULL ? query : "");
  data->papers = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (data->papers, g_list_model_get_item (G_LIST_MODEL (self->papers), i));
  g_task_set_task_data (task, data, (GDestroyNotify) search_data_free);
  g_task_run_in_thread (task, search_thread);
}

/**
 * papers_collection_search_finish:
 *
 * Returns: (transfer full): a GListModel of the matching PapersPaper
 */
GListModel *
papers_collection_search_finish (PapersCollection  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
append_field (GString    *out,
              const char *name,
              const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  g_string_append_printf (out, "  %s = {", name);
  for (const char *p = value; *p != '\0'; p++)
    if (*p != '{' && *p != '}')
      g_string_append_c (out, *p);
  g_string_append (out, "},\n");
}

/**
 * papers_collection_dup_bibtex:
 *
 * Returns: (transfer full): a BibTeX entry for @paper
 */
char *
papers_collection_dup_bibtex (PapersPaper *paper)
{
  GString *out = g_string_new (NULL);
  const char * const *authors = papers_paper_get_authors (paper);
  g_autofree char *joined = authors != NULL ? g_strjoinv (" and ", (char **) authors) : NULL;
  g_autofree char *year = NULL;
  g_autofree char *key = NULL;
  const char *arxiv_id = papers_paper_get_arxiv_id (paper);

  if (papers_paper_get_published (paper) != NULL)
    year = g_date_time_format (papers_paper_get_published (paper), "%Y");
  key = g_strdup (arxiv_id != NULL ? arxiv_id : papers_paper_get_id (paper));
  g_strcanon (key, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.:-_", '_');
  g_string_append_printf (out, "@misc{%s,\n", key);
  append_field (out, "title", papers_paper_get_title (paper));
  append_field (out, "author", joined);
  append_field (out, "year", year);
  if (arxiv_id != NULL)
    {
      append_field (out, "eprint", arxiv_id);
      append_field (out, "archivePrefix", "arXiv");
    }
  append_field (out, "doi", papers_paper_get_doi (paper));
  append_field (out, "url", papers_paper_get_abs_url (paper));
  g_string_append (out, "}\n");
  return g_string_free (out, FALSE);
}

static void
papers_collection_finalize (GObject *object)
{
  PapersCollection *self = PAPERS_COLLECTION (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->tag_colors, g_hash_table_unref);
  g_clear_object (&self->papers);

  G_OBJECT_CLASS (papers_collection_parent_class)->finalize (object);
}

static void
papers_collection_class_init (PapersCollectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = papers_collection_finalize;

  /**
   * PapersCollection::changed:
   * @paper: the paper added, removed or edited
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, PAPERS_TYPE_PAPER);
  signals[TAGS_CHANGED] = g_signal_new ("tags-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
papers_collection_init (PapersCollection *self)
{
  self->papers = g_list_store_new (PAPERS_TYPE_PAPER);
  self->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->tag_colors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}
