/* papers-reader.c: the view with its page entry, zoom, find bar and sidebars
 *
 * Plain GTK widgets, laid out in papers-reader.ui; the window wraps this
 * in its own chrome.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "papers-reader-private.h"
#include "papers-viewer-resources.h"

G_DEFINE_FINAL_TYPE (PapersReader, papers_reader, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOCUMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  LOAD_FAILED,
  EXPORT_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean persistent (PapersReader *self, PapersAnnotation *annot);
static void store_add    (PapersReader *self, PapersAnnotation *annot);
static void store_update (PapersReader *self, PapersAnnotation *annot);
static void store_remove (PapersReader *self, PapersAnnotation *annot);

/* Page entry and zoom */

static void
update_page_entry (PapersReader *self)
{
  int page = papers_view_get_current_page (self->view);
  int n = papers_document_get_n_pages (self->document);
  const char *label = papers_document_get_page_label (self->document, page);
  g_autofree char *number = g_strdup_printf ("%d", page + 1);
  g_autofree char *count = NULL;

  gtk_editable_set_text (GTK_EDITABLE (self->page_entry), label);
  if (g_str_equal (label, number))
    count = g_strdup_printf (_("of %d"), n);
  else
    count = g_strdup_printf (_("(%d of %d)"), page + 1, n);
  gtk_label_set_text (GTK_LABEL (self->page_count), count);
  /* A screen reader says "Page, 3, of 12" rather than a bare number. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->page_entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  count, -1);
}

static void
on_current_page (PapersReader *self)
{
  if (self->document != NULL)
    update_page_entry (self);
}

static void
on_page_entry_activate (GtkEntry     *entry,
                        PapersReader *self)
{
  int page;

  if (self->document == NULL)
    return;
  page = papers_document_find_page_label (self->document, gtk_editable_get_text (GTK_EDITABLE (entry)));
  if (page >= 0)
    papers_view_go_to_page (self->view, page);
  update_page_entry (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static void
on_zoom_changed (PapersReader *self)
{
  g_autofree char *label = g_strdup_printf ("%d%%", (int) (papers_view_get_zoom (self->view) * 100 + 0.5));

  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->zoom_button), label);
}

static void
on_history_changed (PapersReader *self)
{
  gtk_widget_set_sensitive (self->back_button, papers_view_can_go_back (self->view));
  gtk_widget_set_sensitive (self->forward_button, papers_view_can_go_forward (self->view));
}

/* Find */

static void
update_search_count (PapersReader *self)
{
  int n = papers_view_get_find_n_matches (self->view);
  g_autofree char *text = NULL;

  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) == '\0')
    text = g_strdup ("");
  else if (n == 0)
    text = g_strdup (papers_view_get_find_busy (self->view) ? _("Searching…") : _("No matches"));
  else
    text = g_strdup_printf (papers_view_get_find_busy (self->view) ? _("%d of %d…") : _("%d of %d"),
                            papers_view_get_find_index (self->view), n);
  gtk_label_set_text (GTK_LABEL (self->search_count), text);
}

static void
on_search_changed (GtkSearchEntry *entry,
                   PapersReader   *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  /* The words papers_reader_find_at() put there are being found, each
   * on its own: the entry's own echo of them is let go, and anything
   * typed after is found as a phrase */
  if (self->find_words_echo != NULL && g_str_equal (text, self->find_words_echo))
    {
      g_clear_pointer (&self->find_words_echo, g_free);
      return;
    }
  g_clear_pointer (&self->find_words_echo, g_free);
  papers_view_find (self->view, text);
}

static void
on_search_next (PapersReader *self)
{
  papers_view_find_next (self->view);
}

static void
on_search_previous (PapersReader *self)
{
  papers_view_find_previous (self->view);
}

static void
on_search_mode (PapersReader *self)
{
  if (!gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (self->search_bar)))
    {
      papers_view_find (self->view, NULL);
      gtk_widget_grab_focus (GTK_WIDGET (self->view));
    }
}

void
papers_reader_show_find (PapersReader *self)
{
  g_return_if_fail (PAPERS_IS_READER (self));
  gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (self->search_bar), TRUE);
  gtk_widget_grab_focus (self->search_entry);
}

/* Goes to the page papers_reader_find_at() asked for and finds its words
 * from there: the find follows its first match, on that page. */
static void
apply_find_at (PapersReader *self)
{
  int n = papers_document_get_n_pages (self->document);

  if (self->find_page > 0)
    papers_view_go_to_page (self->view, CLAMP (self->find_page, 1, MAX (n, 1)) - 1);
  update_page_entry (self);
  if (self->find_words != NULL && *self->find_words != '\0')
    {
      gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (self->search_bar), TRUE);
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), self->find_words) != 0)
        g_set_str (&self->find_words_echo, self->find_words);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), self->find_words);
      /* The entry's changed signal waits; the find starts now, each word
       * on its own: a body hit has them on its page, not in a row */
      papers_view_find_words (self->view, self->find_words);
    }
}

/**
 * papers_reader_find_at:
 * @words: (nullable): what to find, as the find bar takes it
 * @page: the page to start from, from 1; 0 for where the reader is
 *
 * Opens the document (loaded or about to be) at @page, instead of where
 * it was left, and finds @words from there with the find bar: a library
 * search's body hit, with its words highlighted.
 */
void
papers_reader_find_at (PapersReader *self,
                       const char   *words,
                       int           page)
{
  g_return_if_fail (PAPERS_IS_READER (self));

  g_set_str (&self->find_words, words);
  self->find_page = MAX (page, 0);
  if (self->document != NULL)
    apply_find_at (self);
}

/* Outline */

static GListModel *
outline_children (gpointer item,
                  gpointer user_data)
{
  GListModel *children = papers_outline_item_get_children (item);

  return children ? g_object_ref (children) : NULL;
}

static void
outline_setup (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), label);
  gtk_list_item_set_child (list_item, expander);
}

static void
outline_bind (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  GtkWidget *label = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  g_autoptr(PapersOutlineItem) item = gtk_tree_list_row_get_item (row);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  gtk_label_set_text (GTK_LABEL (label), papers_outline_item_get_title (item));
  /* Entries with an invalid destination are shown, dimmed. */
  gtk_widget_set_opacity (label, papers_outline_item_get_page (item) >= 0 ? 1.0 : 0.5);
}

static void
on_outline_activate (GtkListView  *list,
                     guint         position,
                     PapersReader *self)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (list));
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, position);
  g_autoptr(PapersOutlineItem) item = row ? gtk_tree_list_row_get_item (row) : NULL;

  if (item != NULL && papers_outline_item_get_page (item) >= 0)
    papers_view_go_to_dest (self->view, papers_outline_item_get_page (item),
                            papers_outline_item_get_top (item));
}

static void
set_outline_model (PapersReader *self)
{
  GtkTreeListModel *tree;
  GtkSingleSelection *selection;

  if (self->document == NULL)
    {
      gtk_list_view_set_model (GTK_LIST_VIEW (self->outline_list), NULL);
      return;
    }
  tree = gtk_tree_list_model_new (g_object_ref (papers_document_get_outline (self->document)),
                                  FALSE, FALSE, outline_children, NULL, NULL);
  selection = gtk_single_selection_new (G_LIST_MODEL (tree));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_list_view_set_model (GTK_LIST_VIEW (self->outline_list), GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
}

void
papers_reader_set_outline_visible (PapersReader *self,
                                   gboolean      visible)
{
  g_return_if_fail (PAPERS_IS_READER (self));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->outline_toggle), visible);
}

void
papers_reader_set_annotations_visible (PapersReader *self,
                                       gboolean      visible)
{
  g_return_if_fail (PAPERS_IS_READER (self));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->annotations_toggle), visible);
}

/* Annotations sidebar */

static gboolean
annotation_filter (gpointer item,
                   gpointer user_data)
{
  PapersReader *self = user_data;
  guint kind = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->kind_filter));
  guint color = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->color_filter));
  guint n_colors;
  const PapersPaletteColor *palette = papers_annotation_palette (&n_colors);

  if (kind > 0 && kind != GTK_INVALID_LIST_POSITION &&
      papers_annot_get_kind (item) != (PapersAnnotKind) (kind - 1))
    return FALSE;
  if (color > 0 && color != GTK_INVALID_LIST_POSITION && color <= n_colors &&
      papers_annot_get_rgb (item) != palette[color - 1].rgb)
    return FALSE;
  return TRUE;
}

static void
on_filter_changed (PapersReader *self)
{
  gtk_filter_changed (GTK_FILTER (self->annotations_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
annotation_setup (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *text = gtk_label_new (NULL);
  GtkWidget *comment = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  for (GtkWidget *w = title; w != NULL; w = w == title ? text : w == text ? comment : NULL)
    {
      gtk_label_set_xalign (GTK_LABEL (w), 0);
      gtk_label_set_wrap (GTK_LABEL (w), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (w), PANGO_WRAP_WORD_CHAR);
      /* Wrapped labels would otherwise ask for their whole text's width. */
      gtk_label_set_max_width_chars (GTK_LABEL (w), 32);
      gtk_box_append (GTK_BOX (box), w);
    }
  gtk_label_set_lines (GTK_LABEL (text), 4);
  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (comment, "dim-label");
  gtk_list_item_set_child (list_item, box);
}

/* "Highlight in Yellow on page 3: the text. Comment: the comment." */
static char *
annotation_row_label (PapersReader     *self,
                      PapersAnnotation *annot)
{
  guint32 rgb = papers_annot_get_rgb (annot);
  const char *kind = papers_annot_kind_label (papers_annot_get_kind (annot));
  const char *page = self->document ? papers_document_get_page_label (self->document,
                                                                      papers_annotation_get_page (annot)) : "";
  const char *body = papers_annotation_get_text (annot);
  const char *note = papers_annotation_get_comment (annot);
  const char *color = NULL;
  const PapersPaletteColor *palette;
  GString *label = g_string_new (NULL);
  guint n_colors;

  palette = papers_annotation_palette (&n_colors);
  for (guint i = 0; i < n_colors && color == NULL; i++)
    if (palette[i].rgb == rgb)
      color = _(palette[i].name);
  if (color != NULL)
    /* Translators: an annotation in the sidebar, read by screen readers:
     * "Highlight in Yellow on page 3". */
    g_string_append_printf (label, _("%s in %s on page %s"), kind, color, page);
  else
    /* Translators: "Highlight on page 3" */
    g_string_append_printf (label, _("%s on page %s"), kind, page);
  if (body != NULL && *body != '\0')
    g_string_append_printf (label, ": %s", body);
  if (note != NULL && *note != '\0')
    {
      g_string_append (label, ". ");
      /* Translators: an annotation's comment, read after its text. */
      g_string_append_printf (label, _("Comment: %s"), note);
    }
  return g_string_free (label, FALSE);
}

static void
annotation_fill_row (PapersReader *self,
                     GtkListItem  *list_item)
{
  PapersAnnotation *annot = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *text = gtk_widget_get_next_sibling (title);
  GtkWidget *comment = gtk_widget_get_next_sibling (text);
  int page = papers_annotation_get_page (annot);
  g_autofree char *markup = NULL;
  const char *body = papers_annotation_get_text (annot);
  const char *note = papers_annotation_get_comment (annot);
  g_autofree char *accessible = NULL;

  /* The color as a dot, the kind and the page: "● Highlight · page 3". */
  markup = g_markup_printf_escaped ("<span foreground=\"#%06x\">●</span> <b>%s</b> · %s",
                                    papers_annot_get_rgb (annot),
                                    papers_annot_kind_label (papers_annot_get_kind (annot)),
                                    self->document ? papers_document_get_page_label (self->document, page) : "");
  gtk_label_set_markup (GTK_LABEL (title), markup);
  gtk_label_set_text (GTK_LABEL (text), body ? body : "");
  gtk_widget_set_visible (text, body != NULL && *body != '\0');
  gtk_label_set_text (GTK_LABEL (comment), note ? note : "");
  gtk_widget_set_visible (comment, note != NULL && *note != '\0');

  /* A screen reader reads the row as one sentence rather than as a
   * colored dot and three labels. */
  accessible = annotation_row_label (self, annot);
  gtk_list_item_set_accessible_label (list_item, accessible);
}

static void
on_row_comment_changed (PapersAnnotation *annot,
                        GParamSpec       *pspec,
                        GtkListItem      *list_item)
{
  annotation_fill_row (g_object_get_data (G_OBJECT (list_item), "papers-reader"), list_item);
}

/* Rows follow their annotation's comment: the list keeps the row of an
 * item that is replaced by itself, so splicing the store would not show
 * an edit.  Only the main thread sets comments (the store's worker sets
 * ids and times), so the handler may touch widgets. */
static void
annotation_bind (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 PapersReader             *self)
{
  g_object_set_data (G_OBJECT (list_item), "papers-reader", self);
  annotation_fill_row (self, list_item);
  g_signal_connect_object (gtk_list_item_get_item (list_item), "notify::comment",
                           G_CALLBACK (on_row_comment_changed), list_item, 0);
}

static void
annotation_unbind (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   PapersReader             *self)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (list_item), on_row_comment_changed, list_item);
}

static PapersAnnotation *
selected_annotation (PapersReader *self)
{
  return gtk_single_selection_get_selected_item (self->annotations_selection);
}

static void
on_annotation_selected (PapersReader *self)
{
  PapersAnnotation *annot = selected_annotation (self);
  const char *comment = annot ? papers_annotation_get_comment (annot) : NULL;
  gboolean editable = annot != NULL && !papers_annot_is_from_document (annot);

  gtk_editable_set_text (GTK_EDITABLE (self->comment_entry), comment ? comment : "");
  gtk_widget_set_sensitive (self->comment_entry, editable);
  gtk_widget_set_sensitive (self->delete_button, editable);
  /* Clicking an annotation in the list shows it. */
  if (annot != NULL)
    papers_view_scroll_to_annotation (self->view, annot);
}

static void
on_annotation_activate (GtkListView  *list,
                        guint         position,
                        PapersReader *self)
{
  g_autoptr(PapersAnnotation) annot = g_list_model_get_item (G_LIST_MODEL (self->annotations_selection), position);

  if (annot != NULL)
    papers_view_scroll_to_annotation (self->view, annot);
}

static void
on_comment_activate (GtkEntry     *entry,
                     PapersReader *self)
{
  PapersAnnotation *annot = selected_annotation (self);

  if (annot == NULL)
    return;
  papers_annotation_set_comment (annot, gtk_editable_get_text (GTK_EDITABLE (entry)));
  store_update (self, annot);
}

static void
on_delete_clicked (PapersReader *self)
{
  PapersAnnotation *annot = selected_annotation (self);
  GListStore *store = papers_view_get_annotations (self->view);
  guint position;

  if (annot == NULL || papers_annot_is_from_document (annot) ||
      !g_list_store_find (store, annot, &position))
    return;
  g_ptr_array_add (self->deleted, g_object_ref (annot));
  store_remove (self, annot);
  g_list_store_remove (store, position);
  gtk_widget_set_sensitive (self->undo_button, TRUE);
}

static void
on_undo_clicked (PapersReader *self)
{
  g_autoptr(PapersAnnotation) annot = NULL;

  if (self->deleted->len == 0)
    return;
  annot = g_ptr_array_steal_index (self->deleted, self->deleted->len - 1);
  g_list_store_insert_sorted (papers_view_get_annotations (self->view), annot,
                              papers_annot_compare, NULL);
  /* Back in the library (the session gives it a new id unless it never
   * left) */
  if (persistent (self, annot))
    papers_reading_session_restore_annotation (self->session, annot);
  gtk_widget_set_sensitive (self->undo_button, self->deleted->len > 0);
}

static void
read_annotations_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *annots = papers_document_read_annotations (task_data, &error);

  if (annots != NULL)
    g_task_return_pointer (task, annots, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

static void
on_annotations_read (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  PapersReader *self = PAPERS_READER (source);
  g_autoptr(GPtrArray) annots = g_task_propagate_pointer (G_TASK (result), NULL);

  for (guint i = 0; annots != NULL && i < annots->len; i++)
    {
      PapersDocumentAnnot *annot = g_ptr_array_index (annots, i);
      g_autoptr(PapersAnnotation) item = NULL;

      if (annot->kind == PAPERS_ANNOT_OTHER)
        continue;
      item = papers_annot_new_from_document (annot, papers_view_get_paper_id (self->view));
      g_list_store_insert_sorted (papers_view_get_annotations (self->view), item,
                                  papers_annot_compare, NULL);
    }
}

/* The library */

/* What the library keeps: the reader's own annotations, not those of the
 * PDF itself.  The session writes them (or not, to a read-only library). */
static gboolean
persistent (PapersReader     *self,
            PapersAnnotation *annot)
{
  return self->session != NULL && annot != NULL && !papers_annot_is_from_document (annot);
}

static void
store_add (PapersReader     *self,
           PapersAnnotation *annot)
{
  if (persistent (self, annot))
    papers_reading_session_add_annotation (self->session, annot);
}

static void
store_update (PapersReader     *self,
              PapersAnnotation *annot)
{
  if (persistent (self, annot))
    papers_reading_session_update_annotation (self->session, annot);
}

static void
store_remove (PapersReader     *self,
              PapersAnnotation *annot)
{
  if (persistent (self, annot))
    papers_reading_session_remove_annotation (self->session, annot);
}

static void
on_annotation_added (PapersView       *view,
                     PapersAnnotation *annot,
                     PapersReader     *self)
{
  store_add (self, annot);
}

static void
save_position (PapersReader *self)
{
  int page;
  double offset, zoom;

  if (self->session == NULL || !papers_reading_session_is_writable (self->session) || self->document == NULL ||
      !self->position_restored)
    return;
  papers_view_get_reading_position (self->view, &page, &offset, &zoom);
  papers_reading_session_save_position (self->session, page, offset, zoom);
}

static gboolean
save_position_timeout (gpointer data)
{
  PapersReader *self = data;

  self->save_position_id = 0;
  save_position (self);
  return G_SOURCE_REMOVE;
}

/* Scrolling and zooming save the position once they rest for a second. */
static void
on_position_changed (PapersReader *self)
{
  if (self->session == NULL || !papers_reading_session_has_library (self->session) || !self->position_restored)
    return;
  g_clear_handle_id (&self->save_position_id, g_source_remove);
  self->save_position_id = g_timeout_add_seconds (1, save_position_timeout, self);
}

/* What the library keeps of the paper: where it was left, restored
 * (saving the position starts only then), and its annotations */
static void
on_reading_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PapersReader) self = user_data;
  g_autoptr(PapersReadingPosition) position = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;

  self->position_restored = TRUE;
  if (!papers_reading_session_load_finish (PAPERS_READING_SESSION (source), result, &position, &list, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the annotations: %s", error->message);
      return;
    }
  /* A search's hit is where the reader was sent */
  if (position != NULL && self->document != NULL && self->find_page == 0)
    papers_view_set_reading_position (self->view, position->page, position->offset, position->zoom);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(PapersAnnotation) annot = g_list_model_get_item (list, i);

      g_list_store_insert_sorted (papers_view_get_annotations (self->view), annot,
                                  papers_annot_compare, NULL);
    }
}

/**
 * papers_reader_set_session:
 * @session: (nullable): the paper about to be loaded, as the library
 *   keeps it
 *
 * Makes the reader keep the paper's annotations and reading position in
 * the library through @session: the next papers_reader_load() restores
 * them, and every change is handed to the session.  Call before loading.
 */
void
papers_reader_set_session (PapersReader         *self,
                           PapersReadingSession *session)
{
  g_return_if_fail (PAPERS_IS_READER (self));
  g_return_if_fail (session == NULL || PAPERS_IS_READING_SESSION (session));

  g_set_object (&self->session, session);
  papers_view_set_paper_id (self->view, session != NULL ? papers_reading_session_get_paper_id (session) : NULL);
}

/* Selection popover */

static void
annotate (PapersReader    *self,
          PapersAnnotKind  kind,
          guint32          rgb)
{
  papers_view_annotate_selection (self->view, kind, rgb);
  gtk_popover_popdown (GTK_POPOVER (self->selection_popover));
}

static void
on_color_clicked (GtkButton    *button,
                  PapersReader *self)
{
  annotate (self, PAPERS_ANNOT_HIGHLIGHT, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "rgb")));
}

/* Underlines, strike-throughs and squiggles are drawn in one red. */
#define MARKUP_RGB 0xef5350

static void
on_underline_clicked (PapersReader *self)
{
  annotate (self, PAPERS_ANNOT_UNDERLINE, MARKUP_RGB);
}

static void
on_strikeout_clicked (PapersReader *self)
{
  annotate (self, PAPERS_ANNOT_STRIKEOUT, MARKUP_RGB);
}

static void
on_squiggly_clicked (PapersReader *self)
{
  annotate (self, PAPERS_ANNOT_SQUIGGLY, MARKUP_RGB);
}

static void
on_comment_clicked (PapersReader *self)
{
  guint n;
  PapersAnnotation *annot = papers_view_annotate_selection (self->view, PAPERS_ANNOT_HIGHLIGHT,
                                                                papers_annotation_palette (&n)[0].rgb);
  GListModel *model = G_LIST_MODEL (self->annotations_selection);

  gtk_popover_popdown (GTK_POPOVER (self->selection_popover));
  if (annot == NULL)
    return;
  papers_reader_set_annotations_visible (self, TRUE);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PapersAnnotation) item = g_list_model_get_item (model, i);

      if (item == annot)
        gtk_single_selection_set_selected (self->annotations_selection, i);
    }
  gtk_widget_grab_focus (self->comment_entry);
}

static void
on_copy_clicked (PapersReader *self)
{
  papers_view_copy_selection (self->view);
  gtk_popover_popdown (GTK_POPOVER (self->selection_popover));
}

static gboolean
show_selection_popover (gpointer data)
{
  PapersReader *self = data;
  graphene_point_t point;

  self->selection_popover_id = 0;
  if (!papers_view_has_selection (self->view) ||
      !gtk_widget_compute_point (GTK_WIDGET (self->view), GTK_WIDGET (self),
                                 &GRAPHENE_POINT_INIT (self->pointer_x, self->pointer_y), &point))
    return G_SOURCE_REMOVE;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->selection_popover),
                               &(GdkRectangle) { (int) point.x, (int) point.y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->selection_popover));
  return G_SOURCE_REMOVE;
}

/* The popover waits until a run of clicks is over: shown at once, it
 * would take the pointer, and the third click of a triple click (select
 * the line) would only close it again. */
static void
on_selection_finished (PapersReader *self)
{
  int delay = 400;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-double-click-time", &delay, NULL);
  g_clear_handle_id (&self->selection_popover_id, g_source_remove);
  self->selection_popover_id = g_timeout_add (MAX (delay, 0), show_selection_popover, self);
}

static void
on_view_motion (GtkEventControllerMotion *controller,
                double                    x,
                double                    y,
                PapersReader             *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  papers_reader_references_motion (self, x, y);
}

/* One button per colour of the library's palette, before the separator. */
static void
add_color_buttons (PapersReader *self)
{
  GtkWidget *box = gtk_widget_get_parent (self->popover_separator);
  GtkWidget *previous = NULL;
  const PapersPaletteColor *palette;
  guint n_colors;

  palette = papers_annotation_palette (&n_colors);
  for (guint i = 0; i < n_colors; i++)
    {
      g_autofree char *markup = g_strdup_printf ("<span foreground=\"#%06x\" size=\"x-large\">●</span>",
                                                 palette[i].rgb);
      g_autofree char *label = g_strdup_printf (_("Highlight in %s"), _(palette[i].name));
      GtkWidget *dot = gtk_label_new (NULL);
      GtkWidget *button = gtk_button_new ();

      gtk_label_set_markup (GTK_LABEL (dot), markup);
      gtk_button_set_child (GTK_BUTTON (button), dot);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_set_data (G_OBJECT (button), "rgb", GUINT_TO_POINTER (palette[i].rgb));
      g_signal_connect (button, "clicked", G_CALLBACK (on_color_clicked), self);
      gtk_box_insert_child_after (GTK_BOX (box), button, previous);
      previous = button;
    }
}

/* External links */

static void
on_activate_uri (PapersView   *view,
                 const char   *uri,
                 PapersReader *self)
{
  g_autoptr(GtkUriLauncher) launcher = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (!papers_view_uri_is_openable (uri))
    {
      g_message ("Not opening link to %s: only web addresses are opened", uri);
      return;
    }
  launcher = gtk_uri_launcher_new (uri);
  gtk_uri_launcher_launch (launcher, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, NULL, NULL);
}

/* Export */

static void
on_export_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PapersReader) self = user_data;
  g_autoptr(GError) error = NULL;

  papers_document_export_annotated_finish (PAPERS_DOCUMENT (source), result, &error);
  g_signal_emit (self, signals[EXPORT_FINISHED], 0, error);
}

/**
 * papers_reader_export_annotated_to:
 * @file: where to write
 *
 * Writes a copy of the PDF with the annotations made in the viewer as
 * standard PDF annotations, in the background; #PapersReader::export-finished
 * tells how it went.
 */
void
papers_reader_export_annotated_to (PapersReader *self,
                                   GFile        *file)
{
  g_autoptr(GPtrArray) annots = NULL;
  GListModel *model;

  g_return_if_fail (PAPERS_IS_READER (self));
  g_return_if_fail (G_IS_FILE (file));
  if (self->document == NULL)
    return;

  annots = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_document_annot_free);
  model = G_LIST_MODEL (papers_view_get_annotations (self->view));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PapersAnnotation) annot = g_list_model_get_item (model, i);

      if (!papers_annot_is_from_document (annot))
        g_ptr_array_add (annots, papers_annot_to_document (annot));
    }
  papers_document_export_annotated_async (self->document, annots, file, self->cancellable,
                                          on_export_done, g_object_ref (self));
}

static void
on_export_file_chosen (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(PapersReader) self = user_data;
  g_autoptr(GFile) file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (source), result, NULL);

  if (file != NULL)
    papers_reader_export_annotated_to (self, file);
}

/**
 * papers_reader_export_annotated:
 *
 * Asks where to write a copy of the PDF with the annotations as standard
 * PDF annotations, and writes it in the background.
 */
void
papers_reader_export_annotated (PapersReader *self)
{
  g_autoptr(GtkFileDialog) dialog = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  GtkRoot *root;

  g_return_if_fail (PAPERS_IS_READER (self));
  if (self->document == NULL)
    return;

  base = g_file_get_basename (papers_document_get_file (self->document));
  if (g_str_has_suffix (base, ".pdf"))
    base[strlen (base) - 4] = '\0';
  /* Translators: the file name of an exported copy; %s is the original name. */
  name = g_strdup_printf (_("%s (annotated).pdf"), base);
  dialog = gtk_file_dialog_new ();
  gtk_file_dialog_set_title (dialog, _("Export Annotated PDF"));
  gtk_file_dialog_set_initial_name (dialog, name);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  gtk_file_dialog_save (dialog, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->cancellable,
                        on_export_file_chosen, g_object_ref (self));
}

/* Loading */

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PapersReader) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersDocument) document = papers_document_load_finish (result, &error);
  g_autoptr(GTask) task = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (document == NULL)
    {
      if (g_error_matches (error, PAPERS_DOCUMENT_ERROR, PAPERS_DOCUMENT_ERROR_NEEDS_PASSWORD) ||
          g_error_matches (error, PAPERS_DOCUMENT_ERROR, PAPERS_DOCUMENT_ERROR_BAD_PASSWORD))
        {
          gtk_label_set_text (GTK_LABEL (self->password_message), error->message);
          gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
          gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "password");
          gtk_widget_grab_focus (self->password_entry);
        }
      else
        {
          gtk_label_set_text (GTK_LABEL (self->error_message), error->message);
          gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "error");
        }
      g_signal_emit (self, signals[LOAD_FAILED], 0, error);
      return;
    }

  g_set_object (&self->document, document);
  gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (self->search_bar), FALSE);
  g_list_store_remove_all (papers_view_get_annotations (self->view));
  g_ptr_array_set_size (self->deleted, 0);
  papers_view_set_document (self->view, document);
  set_outline_model (self);
  update_page_entry (self);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "document");
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
  papers_reader_references_load (self);
  if (self->find_words != NULL || self->find_page > 0)
    apply_find_at (self);

  task = g_task_new (self, self->cancellable, on_annotations_read, NULL);
  g_task_set_source_tag (task, on_loaded);
  g_task_set_task_data (task, g_object_ref (document), g_object_unref);
  g_task_run_in_thread (task, read_annotations_thread);

  self->position_restored = self->session == NULL || !papers_reading_session_has_library (self->session);
  if (!self->position_restored)
    papers_reading_session_load_async (self->session, self->cancellable, on_reading_loaded, g_object_ref (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

static void
load_with_password (PapersReader *self,
                    const char   *password)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "loading");
  papers_document_load_async (self->file, password, self->cancellable, on_loaded, g_object_ref (self));
}

/**
 * papers_reader_load:
 * @file: a PDF
 *
 * Opens @file in the background; asks for a password if needed, and
 * shows the reason when it cannot be opened.
 */
void
papers_reader_load (PapersReader *self,
                    GFile        *file)
{
  g_return_if_fail (PAPERS_IS_READER (self));
  g_return_if_fail (G_IS_FILE (file));

  g_set_object (&self->file, file);
  load_with_password (self, NULL);
}

static void
on_unlock (PapersReader *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));

  if (self->file != NULL)
    load_with_password (self, password);
}

/* The filters' other choices come from the annotation kinds and the
 * library's palette; the first, "All", is in the template. */
static void
fill_filters (PapersReader *self)
{
  GtkStringList *kinds = GTK_STRING_LIST (gtk_drop_down_get_model (GTK_DROP_DOWN (self->kind_filter)));
  GtkStringList *colors = GTK_STRING_LIST (gtk_drop_down_get_model (GTK_DROP_DOWN (self->color_filter)));
  const PapersPaletteColor *palette;
  guint n_colors;

  for (int kind = PAPERS_ANNOT_HIGHLIGHT; kind <= PAPERS_ANNOT_NOTE; kind++)
    gtk_string_list_append (kinds, papers_annot_kind_label (kind));
  palette = papers_annotation_palette (&n_colors);
  for (guint i = 0; i < n_colors; i++)
    gtk_string_list_append (colors, _(palette[i].name));
}

static void
reader_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  PapersReader *self = PAPERS_READER (widget);

  if (g_str_equal (name, "reader.zoom-in"))
    papers_view_zoom_in (self->view);
  else if (g_str_equal (name, "reader.zoom-out"))
    papers_view_zoom_out (self->view);
  else if (g_str_equal (name, "reader.fit-width"))
    papers_view_set_sizing_mode (self->view, PAPERS_SIZING_FIT_WIDTH);
  else if (g_str_equal (name, "reader.fit-page"))
    papers_view_set_sizing_mode (self->view, PAPERS_SIZING_FIT_PAGE);
  else if (g_str_equal (name, "reader.zoom"))
    papers_view_set_zoom (self->view, g_variant_get_double (param));
  else if (g_str_equal (name, "reader.find"))
    papers_reader_show_find (self);
  else if (g_str_equal (name, "reader.go-to-page"))
    {
      /* The whole label selected, so typing replaces it. */
      gtk_widget_grab_focus (self->page_entry);
      gtk_editable_select_region (GTK_EDITABLE (self->page_entry), 0, -1);
    }
  else if (g_str_equal (name, "reader.export"))
    papers_reader_export_annotated (self);
  else if (g_str_equal (name, "reader.undo"))
    on_undo_clicked (self);
  else if (g_str_equal (name, "reader.go-back"))
    papers_view_go_back (self->view);
  else if (g_str_equal (name, "reader.go-forward"))
    papers_view_go_forward (self->view);
}

static void
papers_reader_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  gtk_widget_measure (PAPERS_READER (widget)->box, orientation, for_size, minimum, natural, NULL, NULL);
}

/* The box fills the reader; the popover floats over it. */
static void
papers_reader_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  PapersReader *self = PAPERS_READER (widget);

  gtk_widget_allocate (self->box, width, height, baseline, NULL);
  gtk_popover_present (GTK_POPOVER (self->selection_popover));
  gtk_popover_present (GTK_POPOVER (self->citation_popover));
}

static void
papers_reader_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PapersReader *self = PAPERS_READER (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
papers_reader_dispose (GObject *object)
{
  PapersReader *self = PAPERS_READER (object);

  /* Leaving the paper keeps where the reader was. */
  if (self->save_position_id != 0)
    {
      g_clear_handle_id (&self->save_position_id, g_source_remove);
      save_position (self);
    }
  g_clear_handle_id (&self->selection_popover_id, g_source_remove);
  papers_reader_references_dispose (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->selection_popover, gtk_widget_unparent);
  g_clear_pointer (&self->citation_popover, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), PAPERS_TYPE_READER);
  g_clear_pointer (&self->deleted, g_ptr_array_unref);
  g_clear_object (&self->document);
  g_clear_object (&self->file);
  g_clear_pointer (&self->find_words, g_free);
  g_clear_pointer (&self->find_words_echo, g_free);
  G_OBJECT_CLASS (papers_reader_parent_class)->dispose (object);
}

static void
papers_reader_class_init (PapersReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = papers_reader_get_property;
  object_class->dispose = papers_reader_dispose;
  widget_class->measure = papers_reader_measure;
  widget_class->size_allocate = papers_reader_size_allocate;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, PAPERS_TYPE_DOCUMENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PapersReader::load-failed:
   * @error: why the document could not be shown
   */
  signals[LOAD_FAILED] = g_signal_new ("load-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  /**
   * PapersReader::export-finished:
   * @error: (nullable): why the annotated copy could not be written, or
   *   %NULL when it was
   */
  signals[EXPORT_FINISHED] = g_signal_new ("export-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  gtk_widget_class_install_action (widget_class, "reader.zoom-in", NULL, reader_action);
  gtk_widget_class_install_action (widget_class, "reader.zoom-out", NULL, reader_action);
  gtk_widget_class_install_action (widget_class, "reader.fit-width", NULL, reader_action);
  gtk_widget_class_install_action (widget_class, "reader.fit-page", NULL, reader_action);
  gtk_widget_class_install_action (widget_class, "reader.zoom", "d", reader_action);
  gtk_widget_class_install_action (widget_class, "reader.find", NULL, reader_action);
  gtk_widget_class_install_action (widget_class, "reader.go-to-page", NULL, reader_action);
  gtk_widget_class_install_action (widget_class, "reader.export", NULL, reader_action);
  gtk_widget_class_install_action (widget_class, "reader.undo", NULL, reader_action);
  gtk_widget_class_install_action (widget_class, "reader.go-back", NULL, reader_action);
  gtk_widget_class_install_action (widget_class, "reader.go-forward", NULL, reader_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "reader.find", NULL);
  /* As in other document viewers: the keyboard's way to the page entry. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "reader.go-to-page", NULL);
  /* Also when the focus is in the toolbar or a sidebar, not the pages. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "reader.go-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "reader.go-forward", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "reader.undo", NULL);

  gtk_widget_class_set_css_name (widget_class, "papers-reader");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  /* By hand: see meson.build. */
  papers_viewer_register_resource ();
  g_type_ensure (PAPERS_TYPE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Papers/viewer/papers-reader.ui");
  gtk_widget_class_bind_template_child (widget_class, PapersReader, box);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, toolbar);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, stack);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, scrolled);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, view);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, back_button);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, forward_button);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, page_entry);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, page_count);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, outline_toggle);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, annotations_toggle);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, search_bar);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, search_count);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, outline_list);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, annotations_selection);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, annotations_filtered);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, annotations_filter);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, kind_filter);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, color_filter);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, comment_entry);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, delete_button);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, undo_button);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, password_entry);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, password_message);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, error_message);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, selection_popover);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, popover_separator);
  gtk_widget_class_bind_template_callback (widget_class, papers_view_go_back);
  gtk_widget_class_bind_template_callback (widget_class, papers_view_go_forward);
  gtk_widget_class_bind_template_callback (widget_class, on_page_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_mode);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_next);
  gtk_widget_class_bind_template_callback (widget_class, on_search_previous);
  gtk_widget_class_bind_template_callback (widget_class, on_unlock);
  gtk_widget_class_bind_template_callback (widget_class, outline_setup);
  gtk_widget_class_bind_template_callback (widget_class, outline_bind);
  gtk_widget_class_bind_template_callback (widget_class, on_outline_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_current_page);
  gtk_widget_class_bind_template_callback (widget_class, on_zoom_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_history_changed);
  gtk_widget_class_bind_template_callback (widget_class, update_search_count);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_finished);
  gtk_widget_class_bind_template_callback (widget_class, on_activate_uri);
  gtk_widget_class_bind_template_callback (widget_class, on_view_motion);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_annotation_selected);
  gtk_widget_class_bind_template_callback (widget_class, annotation_setup);
  gtk_widget_class_bind_template_callback (widget_class, annotation_bind);
  gtk_widget_class_bind_template_callback (widget_class, annotation_unbind);
  gtk_widget_class_bind_template_callback (widget_class, on_annotation_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_comment_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_delete_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_undo_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_underline_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_strikeout_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_squiggly_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_comment_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);
  papers_reader_references_class_init (widget_class);
}

static void
papers_reader_init (PapersReader *self)
{
  self->deleted = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_search_bar_connect_entry (GTK_SEARCH_BAR (self->search_bar), GTK_EDITABLE (self->search_entry));
  fill_filters (self);
  add_color_buttons (self);
  gtk_custom_filter_set_filter_func (self->annotations_filter, annotation_filter, self, NULL);
  gtk_filter_list_model_set_model (self->annotations_filtered, G_LIST_MODEL (papers_view_get_annotations (self->view)));
  papers_reader_references_init (self);

  /* What is written to the library follows the view from here rather
   * than from the template: it is not the widgets' concern. */
  g_signal_connect (self->view, "annotation-added", G_CALLBACK (on_annotation_added), self);
  g_signal_connect_swapped (self->view, "notify::current-page", G_CALLBACK (on_position_changed), self);
  g_signal_connect_swapped (self->view, "notify::zoom", G_CALLBACK (on_position_changed), self);
  g_signal_connect_swapped (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled)),
                            "value-changed", G_CALLBACK (on_position_changed), self);
  on_history_changed (self);
}

GtkWidget *
papers_reader_new (void)
{
  return g_object_new (PAPERS_TYPE_READER, NULL);
}

/**
 * papers_reader_get_document:
 *
 * Returns: (transfer none) (nullable): the open document
 */
PapersDocument *
papers_reader_get_document (PapersReader *self)
{
  g_return_val_if_fail (PAPERS_IS_READER (self), NULL);
  return self->document;
}

/**
 * papers_reader_get_view:
 *
 * Returns: (transfer none): the page view, for reading positions and
 *   annotations
 */
PapersView *
papers_reader_get_view (PapersReader *self)
{
  g_return_val_if_fail (PAPERS_IS_READER (self), NULL);
  return self->view;
}

/**
 * papers_reader_get_toolbar:
 *
 * Returns: (transfer none): the toolbar, for a window that wants to move
 *   its controls into a header bar
 */
GtkWidget *
papers_reader_get_toolbar (PapersReader *self)
{
  g_return_val_if_fail (PAPERS_IS_READER (self), NULL);
  return self->toolbar;
}
