/* papers-results.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A GListModel over a find's keys (a hundred thousand of them, say) that
 * holds only the papers near what the list shows.  The first screenful
 * comes with the find; any other item asked for is a placeholder at once
 * and its page (with the next and the previous) loads on the store's
 * worker thread, then replaces the placeholders with items-changed.
 * Pages not asked for in a while are let go once too many are held.
 *
 * The owner's canonical function keeps one object per paper: a paper
 * loaded again while its object is still shown (in a row, in the detail
 * page) comes back as that object, so an edit shows everywhere.
 *
 * papers_results_update() takes a newer find of the same list (after an
 * edit) and reports only what changed between the two, so the list keeps
 * its scroll position and its selection. */

#include "config.h"

#include "papers-results.h"

#define PAGE_SIZE 50
#define MAX_PAGES 40

struct _PapersResults
{
  GObject              parent_instance;

  PapersStore         *store;
  GObject             *owner;
  PapersCanonicalFunc  canonical;
  GCancellable        *cancellable;

  GArray              *keys;      /* gint64 */
  GPtrArray           *slots;     /* PapersPaper or NULL, as long as keys */
  GHashTable          *pending;   /* pages being loaded */
  GQueue               pages;     /* pages held, most recently used first */
  guint                generation;
  char                *query;     /* the find's, when its pages carry body hits */
};

static void papers_results_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PapersResults, papers_results, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, papers_results_list_model_init))

static GQuark
placeholder_quark (void)
{
  return g_quark_from_static_string ("papers-results-placeholder");
}

typedef struct
{
  PapersResults *self;
  guint          page;
  guint          generation;
  gboolean       hits;  /* loaded with the find's body hits */
} PageLoad;

static void
unref_slot (gpointer paper)
{
  if (paper != NULL)
    g_object_unref (paper);
}

gboolean
papers_results_is_placeholder (PapersPaper *paper)
{
  return paper != NULL && g_object_get_qdata (G_OBJECT (paper), placeholder_quark ()) != NULL;
}

static guint
n_pages (PapersResults *self)
{
  return (self->keys->len + PAGE_SIZE - 1) / PAGE_SIZE;
}

static gboolean
page_needs_load (PapersResults *self,
                 guint          page)
{
  guint end = MIN ((page + 1) * PAGE_SIZE, self->keys->len);

  for (guint i = page * PAGE_SIZE; i < end; i++)
    if (self->slots->pdata[i] == NULL || papers_results_is_placeholder (self->slots->pdata[i]))
      return TRUE;
  return FALSE;
}

static void
touch_page (PapersResults *self,
            guint          page)
{
  GList *link = g_queue_find (&self->pages, GUINT_TO_POINTER (page));

  if (link != NULL)
    g_queue_unlink (&self->pages, link);
  else
    link = g_list_alloc ();
  link->data = GUINT_TO_POINTER (page);
  g_queue_push_head_link (&self->pages, link);
}

/* Lets go of the least recently used pages beyond MAX_PAGES.  Rows still
 * showing a paper keep it alive; asked for again, it comes back as the
 * same object through the canonical function. */
static void
evict_pages (PapersResults *self)
{
  while (self->pages.length > MAX_PAGES)
    {
      guint page = GPOINTER_TO_UINT (g_queue_pop_tail (&self->pages));
      guint end = MIN ((page + 1) * PAGE_SIZE, self->keys->len);

      if (g_hash_table_contains (self->pending, GUINT_TO_POINTER (page)))
        continue;
      for (guint i = page * PAGE_SIZE; i < end; i++)
        if (self->slots->pdata[i] != NULL && !papers_results_is_placeholder (self->slots->pdata[i]))
          g_clear_object (&self->slots->pdata[i]);
    }
}

static void
emit_range (PapersResults *self,
            guint          start,
            guint          end)
{
  if (end > start)
    g_list_model_items_changed (G_LIST_MODEL (self), start, end - start, end - start);
}

/* Puts @papers (the loaded page from @start) in their slots; placeholders
 * someone has seen are replaced with items-changed.  @found: @papers are a
 * find's, or a page of a search's loaded with its body hits, which know
 * where those are (a page of a listing does not). */
static void
fill (PapersResults *self,
      guint          start,
      GPtrArray     *papers,
      gboolean       notify,
      gboolean       found)
{
  guint changed_start = 0;
  gboolean in_range = FALSE;

  for (guint j = 0; j < papers->len && start + j < self->slots->len; j++)
    {
      guint i = start + j;
      PapersPaper *old = self->slots->pdata[i];
      gboolean replace = papers->pdata[j] != NULL && (old == NULL || papers_results_is_placeholder (old));
      gboolean seen = replace && old != NULL;

      if (replace)
        {
          PapersPaper *paper = self->canonical (self->owner, papers->pdata[j]);

          self->slots->pdata[i] = g_object_ref (paper);
          g_clear_object (&old);
        }
      /* A search's body hit is the loaded object's: the object on show
       * (another list's, or the one this list kept) takes it, and loses
       * an older search's */
      if (papers->pdata[j] != NULL && (replace || found) && self->slots->pdata[i] != papers->pdata[j] &&
          !papers_results_is_placeholder (self->slots->pdata[i]))
        papers_paper_set_search_hit (self->slots->pdata[i],
                                     papers_paper_get_search_snippet (papers->pdata[j]),
                                     papers_paper_get_search_page (papers->pdata[j]));
      if (seen && !in_range)
        {
          changed_start = i;
          in_range = TRUE;
        }
      else if (!seen && in_range)
        {
          if (notify)
            emit_range (self, changed_start, i);
          in_range = FALSE;
        }
    }
  if (in_range && notify)
    emit_range (self, changed_start, MIN (start + papers->len, self->slots->len));
}

static void
page_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  PageLoad *load = user_data;
  g_autoptr(PapersResults) self = load->self;
  g_autoptr(GPtrArray) papers = load->hits ? papers_store_load_hits_finish (PAPERS_STORE (object), result, NULL)
                                            : papers_store_load_finish (PAPERS_STORE (object), result, NULL);
  guint page = load->page;
  gboolean current = load->generation == self->generation;
  gboolean hits = load->hits;

  g_free (load);
  /* A newer find moved the pages: its own loads fill them. */
  if (!current)
    return;
  g_hash_table_remove (self->pending, GUINT_TO_POINTER (page));
  if (papers == NULL)
    return;
  fill (self, page * PAGE_SIZE, papers, TRUE, hits);
  touch_page (self, page);
  evict_pages (self);
}

static void
request_page (PapersResults *self,
              guint          page)
{
  PageLoad *load;
  guint start = page * PAGE_SIZE;

  if (page >= n_pages (self) || g_hash_table_contains (self->pending, GUINT_TO_POINTER (page)))
    return;
  if (!page_needs_load (self, page))
    {
      touch_page (self, page);
      return;
    }
  g_hash_table_add (self->pending, GUINT_TO_POINTER (page));
  load = g_new0 (PageLoad, 1);
  load->self = g_object_ref (self);
  load->page = page;
  load->generation = self->generation;
  load->hits = self->query != NULL;
  /* Past the papers a find loaded, a search's pages still say where
   * their body hits are */
  if (load->hits)
    papers_store_load_hits_async (self->store, &g_array_index (self->keys, gint64, start),
                                  MIN (PAGE_SIZE, self->keys->len - start), self->query, self->cancellable,
                                  page_loaded_cb, load);
  else
    papers_store_load_async (self->store, &g_array_index (self->keys, gint64, start),
                             MIN (PAGE_SIZE, self->keys->len - start), self->cancellable,
                             page_loaded_cb, load);
}

static GType
papers_results_get_item_type (GListModel *model)
{
  return PAPERS_TYPE_PAPER;
}

static guint
papers_results_get_n_items (GListModel *model)
{
  return PAPERS_RESULTS (model)->keys->len;
}

static gpointer
papers_results_get_item (GListModel *model,
                         guint       position)
{
  PapersResults *self = PAPERS_RESULTS (model);
  guint page = position / PAGE_SIZE;

  if (position >= self->keys->len)
    return NULL;
  if (self->slots->pdata[position] == NULL)
    {
      PapersPaper *placeholder = papers_paper_new ("");

      g_object_set_qdata (G_OBJECT (placeholder), placeholder_quark (), GINT_TO_POINTER (TRUE));
      self->slots->pdata[position] = placeholder;
    }
  request_page (self, page);
  /* Read ahead both ways: scrolling rarely meets a placeholder. */
  request_page (self, page + 1);
  if (page > 0)
    request_page (self, page - 1);
  return g_object_ref (self->slots->pdata[position]);
}

static void
papers_results_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = papers_results_get_item_type;
  iface->get_n_items = papers_results_get_n_items;
  iface->get_item = papers_results_get_item;
}

static void
set_found (PapersResults *self,
           PapersFound   *found,
           guint          prefix,
           guint          suffix)
{
  guint n = papers_found_get_n_keys (found);
  guint old_n = self->keys->len;
  GPtrArray *slots = g_ptr_array_new_full (n, unref_slot);
  GPtrArray *loaded = papers_found_get_loaded (found);

  g_ptr_array_set_size (slots, n);
  for (guint i = 0; i < prefix; i++)
    slots->pdata[i] = g_steal_pointer (&self->slots->pdata[i]);
  for (guint i = 0; i < suffix; i++)
    slots->pdata[n - 1 - i] = g_steal_pointer (&self->slots->pdata[old_n - 1 - i]);
  g_ptr_array_unref (self->slots);
  self->slots = slots;

  g_array_set_size (self->keys, 0);
  g_array_append_vals (self->keys, papers_found_get_keys (found), n);
  g_free (self->query);
  self->query = g_strdup (papers_found_get_query (found));

  /* Loads under way were for the old positions. */
  self->generation++;
  g_hash_table_remove_all (self->pending);
  g_queue_clear (&self->pages);
  if (loaded != NULL)
    fill (self, 0, loaded, FALSE, TRUE);
}

PapersResults *
papers_results_new (PapersStore         *store,
                    PapersFound         *found,
                    PapersCanonicalFunc  canonical,
                    GObject             *owner)
{
  PapersResults *self = g_object_new (PAPERS_TYPE_RESULTS, NULL);

  self->store = g_object_ref (store);
  self->canonical = canonical;
  self->owner = g_object_ref (owner);
  set_found (self, found, 0, 0);
  return self;
}

/**
 * papers_results_update:
 * @found: a newer find of the same list
 *
 * Takes the keys of @found, keeping the papers of the unchanged start and
 * end of the list, and announces the part between as changed.
 */
void
papers_results_update (PapersResults *self,
                       PapersFound   *found)
{
  const gint64 *keys = papers_found_get_keys (found);
  guint n = papers_found_get_n_keys (found);
  guint old_n = self->keys->len;
  guint common = MIN (n, old_n);
  guint prefix = 0;
  guint suffix = 0;

  while (prefix < common && g_array_index (self->keys, gint64, prefix) == keys[prefix])
    prefix++;
  while (suffix < common - prefix &&
         g_array_index (self->keys, gint64, old_n - 1 - suffix) == keys[n - 1 - suffix])
    suffix++;

  set_found (self, found, prefix, suffix);
  /* Only what changed is announced */
  if (prefix + suffix < MAX (n, old_n))
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, old_n - prefix - suffix, n - prefix - suffix);

  /* Placeholders someone holds still want their papers. */
  for (guint i = 0; i < n; i += PAGE_SIZE)
    {
      guint end = MIN (i + PAGE_SIZE, n);

      for (guint j = i; j < end; j++)
        if (papers_results_is_placeholder (self->slots->pdata[j]))
          {
            request_page (self, i / PAGE_SIZE);
            break;
          }
    }
}

/**
 * papers_results_find:
 *
 * Returns: the position of the paper with @id among those loaded and
 *   announced, or
 *   %G_MAXUINT (GTK's invalid position)
 */
guint
papers_results_find (PapersResults *self,
                     const char    *id)
{
  for (guint i = 0; id != NULL && i < self->keys->len; i++)
    {
      PapersPaper *paper = self->slots->pdata[i];

      if (paper != NULL && g_strcmp0 (papers_paper_get_id (paper), id) == 0)
        return i;
    }
  return G_MAXUINT;
}

static void
papers_results_finalize (GObject *object)
{
  PapersResults *self = PAPERS_RESULTS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->owner);
  g_clear_pointer (&self->keys, g_array_unref);
  g_clear_pointer (&self->slots, g_ptr_array_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_queue_clear (&self->pages);
  g_free (self->query);

  G_OBJECT_CLASS (papers_results_parent_class)->finalize (object);
}

static void
papers_results_class_init (PapersResultsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = papers_results_finalize;
}

static void
papers_results_init (PapersResults *self)
{
  self->cancellable = g_cancellable_new ();
  self->keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->slots = g_ptr_array_new_with_free_func (unref_slot);
  self->pending = g_hash_table_new (NULL, NULL);
  g_queue_init (&self->pages);
}
