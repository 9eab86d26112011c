/* papers-collection.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The window's view of the library: the papers in it (a GListStore the
 * lists filter and sort), the tags with their colors and counts, and every
 * edit the window makes.  The PapersStore is the truth: the collection
 * opens it, loads the library once, then applies each edit to its own
 * PapersPaper at once (so the window never waits) and sends it to the
 * store's worker thread.  Each edit emits ::changed so sidebar counts and
 * rows stay current; a failed write emits ::error.  No SQL here. */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-collection.h"
#include "papers-bibtex.h"
#include "papers-store.h"
#include "papers-tag.h"

struct _PapersCollection
{
  GObject     parent_instance;

  PapersStore  *store;
  GCancellable *cancellable;
  gboolean      loaded;
  GListStore   *papers;
  GHashTable   *by_id;       /* id → PapersPaper (borrowed from papers) */
  GHashTable   *tag_colors;  /* name → "#rrggbb" */
  GHashTable   *tag_counts;  /* name → count, as the store last said */
};

G_DEFINE_FINAL_TYPE (PapersCollection, papers_collection, G_TYPE_OBJECT)

enum {
  CHANGED,
  TAGS_CHANGED,
  LOADED,
  ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef gboolean (*StoreFinish) (PapersStore *store, GAsyncResult *result, GError **error);

typedef struct
{
  PapersCollection *self;
  StoreFinish       finish;
} Write;

static void reload_tags (PapersCollection *self);

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Write *write = user_data;
  g_autoptr(GError) error = NULL;

  if (!write->finish (PAPERS_STORE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (write->self, signals[ERROR], 0, error->message);
  g_object_unref (write->self);
  g_free (write);
}

/* Every write goes through here: the callback reports failures, which the
 * window shows as a toast with the details. */
static gpointer
write_new (PapersCollection *self,
           StoreFinish       finish)
{
  Write *write = g_new0 (Write, 1);

  write->self = g_object_ref (self);
  write->finish = finish;
  return write;
}

#define WRITE(self, finish) write_done_cb, write_new ((self), (StoreFinish) (finish))

/**
 * papers_collection_new:
 *
 * Opens the library at papers_store_dup_default_path() ($PAPERS_LIBRARY
 * or the user's data folder) and loads it; ::loaded says when.
 */
PapersCollection *
papers_collection_new (void)
{
  return g_object_new (PAPERS_TYPE_COLLECTION, NULL);
}

/**
 * papers_collection_get_store:
 *
 * Returns: (transfer none) (nullable): the store, once open
 */
PapersStore *
papers_collection_get_store (PapersCollection *self)
{
  return self->store;
}

gboolean
papers_collection_is_loaded (PapersCollection *self)
{
  return self->loaded;
}

/**
 * papers_collection_close:
 *
 * Stops loading the library and reading tags for a window that is
 * closing.  Writes already asked for are not cancelled: they complete,
 * and the store's worker writes them before it stops.
 */
void
papers_collection_close (PapersCollection *self)
{
  g_return_if_fail (PAPERS_IS_COLLECTION (self));
  g_cancellable_cancel (self->cancellable);
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

/* New tags get a color at once; the store's own color replaces it when
 * the tags are next listed. */
static void
ensure_tags (PapersCollection *self,
             PapersPaper      *paper)
{
  const char * const *tags = papers_paper_get_tags (paper);
  gboolean added = FALSE;

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    if (!g_hash_table_contains (self->tag_colors, tags[i]))
      {
        g_hash_table_insert (self->tag_colors, g_strdup (tags[i]), papers_tag_default_color (tags[i]));
        added = TRUE;
      }
  if (added)
    g_signal_emit (self, signals[TAGS_CHANGED], 0);
}

static void
insert_papers (PapersCollection *self,
               GListModel       *papers)
{
  guint n = g_list_model_get_n_items (papers);
  g_autoptr(GPtrArray) items = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      PapersPaper *paper = g_list_model_get_item (papers, i);

      if (g_hash_table_contains (self->by_id, papers_paper_get_id (paper)))
        {
          g_object_unref (paper);
          continue;
        }
      g_hash_table_insert (self->by_id, g_strdup (papers_paper_get_id (paper)), g_object_ref (paper));
      g_ptr_array_add (items, paper);
    }
  g_list_store_splice (self->papers, g_list_model_get_n_items (G_LIST_MODEL (self->papers)), 0,
                       items->pdata, items->len);
}

static void
tags_listed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PapersCollection) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) tags = papers_store_list_tags_finish (PAPERS_STORE (object), result, &error);
  guint n;

  if (tags == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[ERROR], 0, error->message);
      return;
    }
  g_hash_table_remove_all (self->tag_colors);
  g_hash_table_remove_all (self->tag_counts);
  n = g_list_model_get_n_items (tags);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PapersTag) tag = g_list_model_get_item (tags, i);

      g_hash_table_insert (self->tag_colors, g_strdup (papers_tag_get_name (tag)),
                           g_strdup (papers_tag_get_color (tag)));
      g_hash_table_insert (self->tag_counts, g_strdup (papers_tag_get_name (tag)),
                           GUINT_TO_POINTER (papers_tag_get_n_papers (tag)));
    }
  g_signal_emit (self, signals[TAGS_CHANGED], 0);
}

static void
reload_tags (PapersCollection *self)
{
  if (self->store != NULL)
    papers_store_list_tags_async (self->store, self->cancellable, tags_listed_cb, g_object_ref (self));
}

/* The library loads in two steps: a first screenful, so the list shows
 * at once, then the rest. */
#define FIRST_PAGE 200

static void library_rest_cb (GObject *object, GAsyncResult *result, gpointer user_data);

static void
library_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PapersCollection) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) papers = papers_store_search_finish (PAPERS_STORE (object), result, &error);
  gboolean more;

  if (papers == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (papers == NULL)
    g_signal_emit (self, signals[ERROR], 0, error->message);
  else
    insert_papers (self, papers);
  more = papers != NULL && g_list_model_get_n_items (papers) >= FIRST_PAGE;
  self->loaded = TRUE;
  reload_tags (self);
  g_signal_emit (self, signals[LOADED], 0);
  if (more)
    papers_store_search_async (self->store, "", FIRST_PAGE, G_MAXINT, self->cancellable,
                               library_rest_cb, g_object_ref (self));
}

static void
library_rest_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PapersCollection) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) papers = papers_store_search_finish (PAPERS_STORE (object), result, &error);

  if (papers == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[ERROR], 0, error->message);
      return;
    }
  insert_papers (self, papers);
  g_signal_emit (self, signals[CHANGED], 0, NULL);
}

static void
store_tags_changed_cb (PapersCollection *self)
{
  reload_tags (self);
}

static void
store_opened_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PapersCollection) self = user_data;
  g_autoptr(GError) error = NULL;
  PapersStore *store = papers_store_open_finish (result, &error);

  if (store == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->loaded = TRUE;
      g_signal_emit (self, signals[ERROR], 0, error->message);
      g_signal_emit (self, signals[LOADED], 0);
      return;
    }
  self->store = store;
  g_signal_connect_object (store, "tags-changed", G_CALLBACK (store_tags_changed_cb), self, G_CONNECT_SWAPPED);
  papers_store_search_async (store, "", 0, FIRST_PAGE, self->cancellable, library_loaded_cb, g_object_ref (self));
}

/**
 * papers_collection_add:
 *
 * Adds @paper to the library with the tags, note, status and star it
 * carries (so undoing a removal restores them).
 */
void
papers_collection_add (PapersCollection *self,
                       PapersPaper      *paper)
{
  g_autoptr(GPtrArray) papers = NULL;
  const char *id;

  g_return_if_fail (PAPERS_IS_PAPER (paper));
  g_return_if_fail (papers_paper_get_id (paper) != NULL);

  id = papers_paper_get_id (paper);
  if (g_hash_table_contains (self->by_id, id))
    return;

  papers_paper_set_in_library (paper, TRUE);
  if (papers_paper_get_added (paper) == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      papers_paper_set_added (paper, now);
    }
  g_list_store_insert (self->papers, 0, paper);
  g_hash_table_insert (self->by_id, g_strdup (id), g_object_ref (paper));
  ensure_tags (self, paper);
  g_signal_emit (self, signals[CHANGED], 0, paper);

  if (self->store == NULL)
    return;
  papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (papers, g_object_ref (paper));
  papers_store_upsert_papers_async (self->store, papers, TRUE, NULL, WRITE (self, papers_store_upsert_papers_finish));
  if (papers_paper_get_tags (paper) != NULL && papers_paper_get_tags (paper)[0] != NULL)
    papers_store_tag_paper_async (self->store, id, papers_paper_get_tags (paper), NULL, NULL,
                                  WRITE (self, papers_store_tag_paper_finish));
  if (papers_paper_get_note (paper) != NULL)
    papers_store_set_note_async (self->store, id, papers_paper_get_note (paper), NULL,
                                 WRITE (self, papers_store_set_note_finish));
  if (papers_paper_get_status (paper) != PAPERS_READ_STATUS_UNREAD)
    papers_store_set_status_async (self->store, id, papers_paper_get_status (paper), NULL,
                                   WRITE (self, papers_store_set_status_finish));
  if (papers_paper_get_starred (paper))
    papers_store_set_starred_async (self->store, id, TRUE, NULL, WRITE (self, papers_store_set_starred_finish));
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
  const char *ids[] = { id, NULL };
  guint position;

  if (paper == NULL || !g_list_store_find (self->papers, paper, &position))
    return NULL;

  g_object_ref (paper);
  if (self->store != NULL)
    papers_store_remove_papers_async (self->store, ids, NULL, WRITE (self, papers_store_remove_papers_finish));
  /* Out of the library before it leaves the list, so views reacting to
   * the list see it as removed. */
  papers_paper_set_in_library (paper, FALSE);
  g_hash_table_remove (self->by_id, id);
  g_list_store_remove (self->papers, position);
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
  if (self->store != NULL)
    papers_store_set_status_async (self->store, papers_paper_get_id (paper), status, NULL,
                                   WRITE (self, papers_store_set_status_finish));
  g_signal_emit (self, signals[CHANGED], 0, paper);
}

void
papers_collection_set_starred (PapersCollection *self,
                               PapersPaper      *paper,
                               gboolean          starred)
{
  papers_paper_set_starred (paper, starred);
  if (self->store != NULL)
    papers_store_set_starred_async (self->store, papers_paper_get_id (paper), starred, NULL,
                                    WRITE (self, papers_store_set_starred_finish));
  g_signal_emit (self, signals[CHANGED], 0, paper);
}

void
papers_collection_set_note (PapersCollection *self,
                            PapersPaper      *paper,
                            const char       *note)
{
  if (note != NULL && *note == '\0')
    note = NULL;
  if (g_strcmp0 (papers_paper_get_note (paper), note) == 0)
    return;
  papers_paper_set_note (paper, note);
  if (self->store != NULL)
    papers_store_set_note_async (self->store, papers_paper_get_id (paper), note, NULL,
                                 WRITE (self, papers_store_set_note_finish));
  g_signal_emit (self, signals[CHANGED], 0, paper);
}

/**
 * papers_collection_update_metadata:
 *
 * Stores new bibliographic data of a library paper (after a lookup).
 */
void
papers_collection_update_metadata (PapersCollection *self,
                                   PapersPaper      *paper)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (papers, g_object_ref (paper));
  if (self->store != NULL)
    papers_store_upsert_papers_async (self->store, papers, papers_paper_get_in_library (paper), NULL,
                                      WRITE (self, papers_store_upsert_papers_finish));
  g_signal_emit (self, signals[CHANGED], 0, paper);
}

void
papers_collection_set_pdf (PapersCollection *self,
                           PapersPaper      *paper,
                           const char       *path,
                           gint64            size,
                           const char       *sha256)
{
  papers_paper_set_pdf_path (paper, path);
  if (self->store != NULL && papers_paper_get_in_library (paper))
    papers_store_set_pdf_async (self->store, papers_paper_get_id (paper), path, size, sha256, NULL,
                                WRITE (self, papers_store_set_pdf_finish));
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
  const char *adds[] = { NULL, NULL };
  const char *removes[] = { remove, NULL };

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
  adds[0] = clean;
  replace_tag (paper, clean, remove);
  ensure_tags (self, paper);
  if (self->store != NULL && papers_paper_get_in_library (paper))
    papers_store_tag_paper_async (self->store, papers_paper_get_id (paper), clean ? adds : NULL,
                                  remove ? removes : NULL, NULL, WRITE (self, papers_store_tag_paper_finish));
  g_signal_emit (self, signals[CHANGED], 0, paper);
  reload_tags (self);
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

  return color != NULL ? color : "#3584e4";
}

guint
papers_collection_count_tag (PapersCollection *self,
                             const char       *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->tag_counts, name));
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

/* The store edits the tag in one transaction; the papers here follow. */
static void
edit_tag (PapersCollection *self,
          PapersTagEdit     edit,
          const char       *name,
          const char       *value)
{
  if (edit != PAPERS_TAG_EDIT_RECOLOR)
    {
      g_autoptr(GPtrArray) tagged = papers_with_tag (self, name);

      for (guint i = 0; i < tagged->len; i++)
        {
          replace_tag (tagged->pdata[i], value, name);
          g_signal_emit (self, signals[CHANGED], 0, tagged->pdata[i]);
        }
    }
  if (self->store != NULL)
    papers_store_edit_tag_async (self->store, edit, name, value, NULL, WRITE (self, papers_store_edit_tag_finish));
  reload_tags (self);
}

gboolean
papers_collection_rename_tag (PapersCollection *self,
                              const char       *name,
                              const char       *new_name)
{
  if (new_name == NULL || *new_name == '\0' || !g_hash_table_contains (self->tag_colors, name))
    return FALSE;
  if (g_hash_table_contains (self->tag_colors, new_name))
    return FALSE;

  g_hash_table_insert (self->tag_colors, g_strdup (new_name),
                       g_strdup (g_hash_table_lookup (self->tag_colors, name)));
  g_hash_table_remove (self->tag_colors, name);
  edit_tag (self, PAPERS_TAG_EDIT_RENAME, name, new_name);
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
  edit_tag (self, PAPERS_TAG_EDIT_RECOLOR, name, color);
}

void
papers_collection_merge_tag (PapersCollection *self,
                             const char       *name,
                             const char       *into)
{
  if (g_strcmp0 (name, into) == 0 || !g_hash_table_contains (self->tag_colors, name))
    return;
  g_hash_table_remove (self->tag_colors, name);
  edit_tag (self, PAPERS_TAG_EDIT_MERGE, name, into);
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

  g_hash_table_remove (self->tag_colors, name);
  edit_tag (self, PAPERS_TAG_EDIT_DELETE, name, NULL);
  g_signal_emit (self, signals[TAGS_CHANGED], 0);
  return tagged;
}

void
papers_collection_restore_tag (PapersCollection *self,
                               const char       *name,
                               const char       *color,
                               GPtrArray        *papers)
{
  for (guint i = 0; papers != NULL && i < papers->len; i++)
    papers_collection_tag_paper (self, papers->pdata[i], name, NULL);
  papers_collection_recolor_tag (self, name, color);
}

static void
search_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PapersCollection *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) found = papers_store_search_finish (PAPERS_STORE (object), result, &error);
  g_autoptr(GListStore) papers = NULL;
  g_autoptr(GPtrArray) items = NULL;
  guint n;

  if (found == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Results are the collection's own objects, so an edit made on a search
   * result shows everywhere. */
  n = g_list_model_get_n_items (found);
  items = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      PapersPaper *paper = g_list_model_get_item (found, i);
      PapersPaper *mine = papers_collection_lookup (self, papers_paper_get_id (paper));

      if (mine != NULL)
        {
          g_object_unref (paper);
          paper = g_object_ref (mine);
        }
      g_ptr_array_add (items, paper);
    }
  papers = g_list_store_new (PAPERS_TYPE_PAPER);
  g_list_store_splice (papers, 0, 0, items->pdata, items->len);
  g_task_return_pointer (task, g_steal_pointer (&papers), g_object_unref);
}

/**
 * papers_collection_search_async:
 * @query: a query in the library's language (see the store)
 *
 * Searches the library on the store's worker thread, best first, at most
 * %PAPERS_COLLECTION_SEARCH_LIMIT results (a search is read from the top;
 * loading every match of a one-letter prefix in a big library would cost
 * each keystroke seconds).  Cancel @cancellable when a newer query
 * replaces this one.
 */
void
papers_collection_search_async (PapersCollection    *self,
                                const char          *query,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, papers_collection_search_async);
  if (self->store == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("The library is not open"));
      g_object_unref (task);
      return;
    }
  papers_store_search_async (self->store, query, 0, PAPERS_COLLECTION_SEARCH_LIMIT, cancellable,
                             search_ready_cb, task);
}

/**
 * papers_collection_search_finish:
 *
 * Returns: (transfer full): a GListModel of the matching PapersPaper, best first
 */
GListModel *
papers_collection_search_finish (PapersCollection  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * papers_collection_dup_bibtex:
 *
 * Returns: (transfer full): a BibTeX entry for @paper, as the library
 *   exports it
 */
char *
papers_collection_dup_bibtex (PapersPaper *paper)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new ();

  g_ptr_array_add (papers, paper);
  return papers_bibtex_export (papers);
}

static void
papers_collection_finalize (GObject *object)
{
  PapersCollection *self = PAPERS_COLLECTION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->tag_colors, g_hash_table_unref);
  g_clear_pointer (&self->tag_counts, g_hash_table_unref);
  g_clear_object (&self->papers);
  g_clear_object (&self->store);

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
  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * PapersCollection::error:
   * @message: what went wrong, for the Details of a toast
   */
  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
papers_collection_init (PapersCollection *self)
{
  self->papers = g_list_store_new (PAPERS_TYPE_PAPER);
  self->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->tag_colors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->tag_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  papers_store_open_async (NULL, self->cancellable, store_opened_cb, g_object_ref (self));
}
