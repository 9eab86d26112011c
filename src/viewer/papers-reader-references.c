/* papers-reader-references.c: citation previews and the References panel
 *
 * The paper's references live in the model (PapersReferences, held by the
 * reading session); the reader starts reading them once the first page is
 * on screen, gives the view their areas, and shows them: a popover over a
 * citation the pointer rests on (or that Enter previews after Ctrl+J), a
 * rendering of the region a "Figure 3" names, and the panel listing every
 * entry with its state in the library.  The reader writes nothing to the
 * library: "Add to Library" and "Open in Library" are signals the window
 * answers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-reader-private.h"

enum {
  ADD_PAPER,
  OPEN_PAPER,
  FIND_PAPER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* How long the popover stays once the pointer left the citation, so that
 * the pointer can reach its buttons. */
#define HIDE_DELAY_MS 400

/* How many of a citation's entries the popover lists ("[8, 9, 14, 17, 25]"). */
#define MAX_POPOVER_ENTRIES 6

static const PapersRefs *
refs_of (PapersReader *self)
{
  return self->references != NULL ? papers_references_get_refs (self->references) : NULL;
}

static PapersReference *
reference_at (PapersReader *self,
              guint         index)
{
  GListModel *entries = papers_references_get_entries (self->references);

  return index < g_list_model_get_n_items (entries) ? g_list_model_get_item (entries, index) : NULL;
}

/* An entry's rows: its text, its state, and what can be done with it */

static const char *
state_text (PapersReference *ref)
{
  switch (papers_reference_get_state (ref))
    {
    case PAPERS_REFERENCE_IN_LIBRARY:
      return _("In your library");
    case PAPERS_REFERENCE_ON_ARXIV:
      return _("On arXiv, not in your library");
    case PAPERS_REFERENCE_UNRESOLVED:
    default:
      return papers_reference_get_entry (ref)->doi != NULL ? _("Not in your library")
                                                          : _("No arXiv id or DOI found");
    }
}

static GtkWidget *
action_button (const char *label,
               const char *action,
               guint       index,
               const char *description)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", index);
  /* "Add to Library" alone does not say which of the entries. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  return button;
}

static GtkWidget *
entry_widget (PapersReader    *self,
              PapersReference *ref,
              gboolean         in_popover)
{
  const PapersRefEntry *entry = papers_reference_get_entry (ref);
  guint index = papers_reference_get_index (ref);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *text = gtk_label_new (NULL);
  GtkWidget *state = gtk_label_new (NULL);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>  %s", entry->label, entry->text);
  g_autofree char *ids = NULL;
  g_autofree char *state_line = NULL;

  gtk_label_set_markup (GTK_LABEL (text), markup);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  /* Wrapped labels would otherwise ask for their whole text's width. */
  gtk_label_set_max_width_chars (GTK_LABEL (text), in_popover ? 56 : 36);
  gtk_label_set_width_chars (GTK_LABEL (text), in_popover ? 40 : 0);
  if (!in_popover)
    {
      gtk_label_set_lines (GTK_LABEL (text), 5);
      gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
    }
  gtk_box_append (GTK_BOX (box), text);

  if (entry->arxiv_id != NULL)
    ids = g_strdup_printf ("arXiv:%s", entry->arxiv_id);
  else if (entry->doi != NULL)
    ids = g_strdup_printf ("doi:%s", entry->doi);
  state_line = ids != NULL ? g_strdup_printf ("%s · %s", state_text (ref), ids) : g_strdup (state_text (ref));
  gtk_label_set_text (GTK_LABEL (state), state_line);
  gtk_label_set_xalign (GTK_LABEL (state), 0);
  gtk_label_set_wrap (GTK_LABEL (state), TRUE);
  gtk_widget_add_css_class (state, "dim-label");
  gtk_widget_add_css_class (state, "caption");
  gtk_box_append (GTK_BOX (box), state);

  if (papers_reference_get_state (ref) == PAPERS_REFERENCE_IN_LIBRARY)
    gtk_box_append (GTK_BOX (buttons), action_button (_("_Open in Library"), "reader.open-reference", index,
                                                      entry->text));
  else if (papers_reference_get_state (ref) == PAPERS_REFERENCE_ON_ARXIV)
    gtk_box_append (GTK_BOX (buttons), action_button (_("_Add to Library"), "reader.add-reference", index,
                                                      entry->text));
  /* An entry that names no id: its title may find it on arXiv */
  else if (entry->arxiv_id == NULL && entry->title != NULL)
    gtk_box_append (GTK_BOX (buttons), action_button (_("_Find on arXiv"), "reader.find-reference", index,
                                                      entry->text));
  if (entry->arxiv_id != NULL)
    gtk_box_append (GTK_BOX (buttons), action_button (_("Open on a_rXiv"), "reader.open-reference-arxiv", index,
                                                      entry->text));
  if (in_popover)
    gtk_box_append (GTK_BOX (buttons), action_button (_("_Go to Reference"), "reader.go-to-reference", index,
                                                      entry->text));
  gtk_widget_set_halign (buttons, GTK_ALIGN_START);
  gtk_widget_set_visible (buttons, gtk_widget_get_first_child (buttons) != NULL);
  gtk_box_append (GTK_BOX (box), buttons);
  return box;
}

/* The panel */

static void
update_panel (PapersReader *self)
{
  guint n = 0;
  g_autofree char *title = NULL;

  if (self->references == NULL || !papers_references_get_loaded (self->references))
    {
      gtk_label_set_text (GTK_LABEL (self->references_title), _("References"));
      gtk_stack_set_visible_child_name (GTK_STACK (self->references_stack), "reading");
      gtk_widget_set_sensitive (self->references_add_all, FALSE);
      return;
    }
  n = g_list_model_get_n_items (papers_references_get_entries (self->references));
  title = n > 0 ? g_strdup_printf (ngettext ("%u Reference", "%u References", n), n) : g_strdup (_("References"));
  gtk_label_set_text (GTK_LABEL (self->references_title), title);
  gtk_stack_set_visible_child_name (GTK_STACK (self->references_stack), n > 0 ? "list" : "none");
  gtk_widget_set_sensitive (self->references_add_all, papers_references_count_arxiv (self->references) > 0);
  gtk_widget_set_visible (self->references_add_all, n > 0);
}

static void
reference_setup (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item)
{
  gtk_list_item_set_activatable (list_item, TRUE);
}

static void
reference_fill (PapersReader *self,
                GtkListItem  *list_item)
{
  PapersReference *ref = gtk_list_item_get_item (list_item);
  const PapersRefEntry *entry = papers_reference_get_entry (ref);
  GtkWidget *row = entry_widget (self, ref, FALSE);
  g_autofree char *label = NULL;

  gtk_widget_set_margin_top (row, 8);
  gtk_widget_set_margin_bottom (row, 8);
  gtk_widget_set_margin_start (row, 8);
  gtk_widget_set_margin_end (row, 8);
  gtk_list_item_set_child (list_item, row);
  /* Translators: a reference in the References panel, read by screen
   * readers: "[12] A. Author. Title. 2020. In your library". */
  label = g_strdup_printf (_("[%s] %s. %s"), entry->label, entry->text, state_text (ref));
  gtk_list_item_set_accessible_label (list_item, label);
}

static void
on_reference_state (PapersReference *ref,
                    GParamSpec      *pspec,
                    GtkListItem     *list_item)
{
  reference_fill (g_object_get_data (G_OBJECT (list_item), "papers-reader"), list_item);
}

static void
reference_bind (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                PapersReader             *self)
{
  g_object_set_data (G_OBJECT (list_item), "papers-reader", self);
  reference_fill (self, list_item);
  g_signal_connect_object (gtk_list_item_get_item (list_item), "notify::state",
                           G_CALLBACK (on_reference_state), list_item, 0);
}

static void
reference_unbind (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  PapersReader             *self)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (list_item), on_reference_state, list_item);
}

static void go_to_reference (PapersReader *self, guint index);

static void
on_reference_activate (GtkListView  *list,
                       guint         position,
                       PapersReader *self)
{
  go_to_reference (self, position);
}

/**
 * papers_reader_set_references_visible:
 *
 * Shows or hides the References panel.
 */
void
papers_reader_set_references_visible (PapersReader *self,
                                      gboolean      visible)
{
  g_return_if_fail (PAPERS_IS_READER (self));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->references_toggle), visible);
}

/**
 * papers_reader_get_references:
 *
 * Returns: (transfer none) (nullable): the open paper's references
 */
PapersReferences *
papers_reader_get_references (PapersReader *self)
{
  g_return_val_if_fail (PAPERS_IS_READER (self), NULL);
  return self->references;
}

/**
 * papers_reader_get_citation_popover:
 *
 * Returns: (transfer none): the popover of citations and figures
 */
GtkWidget *
papers_reader_get_citation_popover (PapersReader *self)
{
  g_return_val_if_fail (PAPERS_IS_READER (self), NULL);
  return self->citation_popover;
}

/* The popover */

static void
hide_popover (PapersReader *self)
{
  g_clear_handle_id (&self->hide_popover_id, g_source_remove);
  gtk_popover_popdown (GTK_POPOVER (self->citation_popover));
}

static void clear_popover (PapersReader *self);

static void
on_popover_closed (PapersReader *self)
{
  gboolean by_keyboard = !self->popover_by_hover;

  g_clear_handle_id (&self->hide_popover_id, g_source_remove);
  /* Its rows go with it, so that a screen reader finds no hidden entry. */
  clear_popover (self);
  self->shown_citation = self->shown_mention = -1;
  self->pointer_in_popover = FALSE;
  self->popover_by_hover = FALSE;
  /* Back to the pages, where Ctrl+J goes on from the same citation. */
  if (by_keyboard && self->document != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static gboolean
hide_popover_timeout (gpointer data)
{
  PapersReader *self = data;

  self->hide_popover_id = 0;
  if (!self->pointer_in_popover)
    gtk_popover_popdown (GTK_POPOVER (self->citation_popover));
  return G_SOURCE_REMOVE;
}

static void
hide_popover_later (PapersReader *self)
{
  if (!self->popover_by_hover || self->hide_popover_id != 0 ||
      !gtk_widget_get_visible (self->citation_popover))
    return;
  self->hide_popover_id = g_timeout_add (HIDE_DELAY_MS, hide_popover_timeout, self);
}

static void
clear_popover (PapersReader *self)
{
  GtkWidget *child;

  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  while ((child = gtk_widget_get_first_child (self->citation_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->citation_box), child);
}

/* Points the popover at @rect of @page and shows it: by the pointer, it
 * stays out of the keyboard's way; by the keyboard, it takes the focus and
 * Escape closes it. */
static void
popup_at (PapersReader         *self,
          int                   page,
          const PapersTextRect *rect,
          gboolean              by_hover)
{
  GdkRectangle area;
  graphene_point_t origin;

  if (!papers_view_rect_to_widget (self->view, page, rect, &area) ||
      !gtk_widget_compute_point (GTK_WIDGET (self->view), GTK_WIDGET (self),
                                 &GRAPHENE_POINT_INIT (area.x, area.y), &origin))
    return;
  area.x = (int) origin.x;
  area.y = (int) origin.y;
  g_clear_handle_id (&self->hide_popover_id, g_source_remove);
  self->popover_by_hover = by_hover;
  gtk_popover_set_autohide (GTK_POPOVER (self->citation_popover), !by_hover);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->citation_popover), &area);
  gtk_popover_popup (GTK_POPOVER (self->citation_popover));
}

static void
show_citation (PapersReader *self,
               int           index,
               gboolean      by_hover)
{
  const PapersRefs *refs = refs_of (self);
  const PapersCitation *citation;
  GtkWidget *heading;
  g_autofree char *title = NULL;

  if (refs == NULL || index < 0 || (guint) index >= refs->citations->len)
    return;
  citation = g_ptr_array_index (refs->citations, index);
  if (index == self->shown_citation && gtk_widget_get_visible (self->citation_popover))
    {
      g_clear_handle_id (&self->hide_popover_id, g_source_remove);
      return;
    }
  gtk_popover_popdown (GTK_POPOVER (self->citation_popover));
  clear_popover (self);

  /* Translators: the heading of a citation's preview; %s is the citation
   * as the text has it, "[3, 7]" or "Vaswani et al. (2017)". */
  title = g_strdup_printf (_("Cited as %s"), citation->text);
  heading = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (self->citation_box), heading);
  for (guint i = 0; i < citation->entries->len && i < MAX_POPOVER_ENTRIES; i++)
    {
      g_autoptr(PapersReference) ref = reference_at (self, g_array_index (citation->entries, int, i));

      if (ref != NULL)
        gtk_box_append (GTK_BOX (self->citation_box), entry_widget (self, ref, TRUE));
    }
  if (citation->entries->len > MAX_POPOVER_ENTRIES)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("And %u more reference", "And %u more references",
                                                         citation->entries->len - MAX_POPOVER_ENTRIES),
                                               citation->entries->len - MAX_POPOVER_ENTRIES);
      GtkWidget *label = gtk_label_new (more);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (self->citation_box), label);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->citation_popover), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);
  popup_at (self, citation->page, &citation->rect, by_hover);
  self->shown_citation = index;
}

/**
 * papers_reader_preview_citation:
 * @citation: an index into the references' citations
 *
 * Shows the entries @citation names in a popover that takes the keyboard
 * focus, as Enter on the keyboard's citation does.
 */
void
papers_reader_preview_citation (PapersReader *self,
                                int           citation)
{
  g_return_if_fail (PAPERS_IS_READER (self));
  show_citation (self, citation, FALSE);
}

static void
on_citation_activated (PapersView   *view,
                       int           citation,
                       PapersReader *self)
{
  show_citation (self, citation, FALSE);
}

/* A figure, table or equation: a rendering of its region */

typedef struct {
  PapersDocument *document;
  int             page;
  PapersTextRect  region;
  double          scale;
} RegionJob;

static void
region_job_free (RegionJob *job)
{
  g_clear_object (&job->document);
  g_free (job);
}

static void
render_region_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  RegionJob *job = task_data;
  int x = (int) floor (job->region.x1 * job->scale), y = (int) floor (job->region.y1 * job->scale);
  int width = (int) ceil ((job->region.x2 - job->region.x1) * job->scale);
  int height = (int) ceil ((job->region.y2 - job->region.y1) * job->scale);
  cairo_surface_t *surface;
  g_autoptr(GBytes) bytes = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  surface = papers_document_render (job->document, job->page, job->scale, x, y, width, height);
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) * cairo_image_surface_get_height (surface),
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  g_task_return_pointer (task,
                         gdk_memory_texture_new (cairo_image_surface_get_width (surface),
                                                 cairo_image_surface_get_height (surface),
                                                 GDK_MEMORY_DEFAULT, bytes,
                                                 cairo_image_surface_get_stride (surface)),
                         g_object_unref);
}

static void
on_region_rendered (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GtkPicture *picture = user_data;
  g_autoptr(GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), NULL);

  if (texture != NULL)
    gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
  g_object_unref (picture);
}

static char *
mention_title (const PapersRefMention *mention)
{
  switch (mention->kind)
    {
    case PAPERS_REF_FIGURE:
      return g_strdup_printf (_("Figure %s"), mention->label);
    case PAPERS_REF_TABLE:
      return g_strdup_printf (_("Table %s"), mention->label);
    case PAPERS_REF_EQUATION:
      return g_strdup_printf (_("Equation %s"), mention->label);
    case PAPERS_REF_SECTION:
      return g_strdup_printf (_("Section %s"), mention->label);
    case PAPERS_REF_APPENDIX:
    default:
      return g_strdup_printf (_("Appendix %s"), mention->label);
    }
}

/* The widest a preview is drawn, in CSS pixels: readable, and the popover
 * still fits beside the page. */
#define PREVIEW_WIDTH 520.0

static void
show_mention (PapersReader *self,
              int           index,
              gboolean      by_hover)
{
  const PapersRefs *refs = refs_of (self);
  const PapersRefMention *mention;
  const PapersRefTarget *target;
  GtkWidget *heading, *picture, *button;
  g_autofree char *title = NULL;
  g_autofree char *go = NULL;
  RegionJob *job;
  g_autoptr(GTask) task = NULL;
  double width, height, css_scale;

  if (refs == NULL || self->document == NULL || index < 0 || (guint) index >= refs->mentions->len)
    return;
  mention = g_ptr_array_index (refs->mentions, index);
  if (mention->target < 0 || (guint) mention->target >= refs->targets->len)
    return;
  if (index == self->shown_mention && gtk_widget_get_visible (self->citation_popover))
    {
      g_clear_handle_id (&self->hide_popover_id, g_source_remove);
      return;
    }
  target = g_ptr_array_index (refs->targets, mention->target);
  gtk_popover_popdown (GTK_POPOVER (self->citation_popover));
  clear_popover (self);

  title = mention_title (mention);
  heading = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (self->citation_box), heading);

  width = MAX (target->region.x2 - target->region.x1, 1);
  height = MAX (target->region.y2 - target->region.y1, 1);
  css_scale = MIN (PREVIEW_WIDTH / width, 2.0);
  picture = gtk_picture_new ();
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_widget_set_size_request (picture, (int) (width * css_scale), (int) MIN (height * css_scale, 380));
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_box_append (GTK_BOX (self->citation_box), picture);

  /* Translators: a button under a figure's preview; %s is "Figure 3". */
  go = g_strdup_printf (_("Go to %s"), title);
  button = gtk_button_new_with_label (go);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "reader.go-to-target");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", (guint) mention->target);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (self->citation_box), button);

  self->preview_cancellable = g_cancellable_new ();
  job = g_new0 (RegionJob, 1);
  job->document = g_object_ref (self->document);
  job->page = target->page;
  job->region = target->region;
  job->scale = css_scale * gtk_widget_get_scale_factor (GTK_WIDGET (self));
  task = g_task_new (self, self->preview_cancellable, on_region_rendered, g_object_ref (picture));
  g_task_set_source_tag (task, show_mention);
  g_task_set_task_data (task, job, (GDestroyNotify) region_job_free);
  g_task_run_in_thread (task, render_region_thread);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->citation_popover), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);
  popup_at (self, mention->page, &mention->rect, by_hover);
  self->shown_mention = index;
}

/**
 * papers_reader_preview_mention:
 * @mention: an index into the references' mentions
 *
 * Shows the region of the figure, table or equation @mention names.
 */
void
papers_reader_preview_mention (PapersReader *self,
                               int           mention)
{
  g_return_if_fail (PAPERS_IS_READER (self));
  show_mention (self, mention, FALSE);
}

static void
on_mention_activated (PapersView   *view,
                      int           mention,
                      PapersReader *self)
{
  show_mention (self, mention, FALSE);
}

void
papers_reader_references_motion (PapersReader *self,
                                 double        x,
                                 double        y)
{
  int citation, mention;

  if (!papers_view_reference_at (self->view, x, y, &citation, &mention))
    {
      hide_popover_later (self);
      return;
    }
  /* A popover the keyboard opened stays until it is closed. */
  if (gtk_widget_get_visible (self->citation_popover) && !self->popover_by_hover)
    return;
  if (citation >= 0)
    show_citation (self, citation, TRUE);
  else
    show_mention (self, mention, TRUE);
}

static void
on_popover_enter (PapersReader *self)
{
  self->pointer_in_popover = TRUE;
  g_clear_handle_id (&self->hide_popover_id, g_source_remove);
}

static void
on_popover_leave (PapersReader *self)
{
  self->pointer_in_popover = FALSE;
  hide_popover_later (self);
}

/* What the entries' buttons do */

static void
go_to_place (PapersReader         *self,
             int                   page,
             const PapersTextRect *rect)
{
  /* A link to the place, so that Back returns to where the reader was. */
  PapersLink link = { .kind = PAPERS_LINK_INTERNAL, .dest_page = page, .dest_top = MAX (rect->y1 - 12, 0) };

  hide_popover (self);
  papers_view_activate_link (self->view, &link);
}

static void
go_to_reference (PapersReader *self,
                 guint         index)
{
  g_autoptr(PapersReference) ref = self->references ? reference_at (self, index) : NULL;
  const PapersRefEntry *entry;

  if (ref == NULL)
    return;
  entry = papers_reference_get_entry (ref);
  go_to_place (self, entry->page, &entry->rect);
}

static void
add_all (PapersReader *self)
{
  g_autoptr(GPtrArray) ids = NULL;

  if (self->references == NULL)
    return;
  ids = papers_references_dup_arxiv_ids_to_add (self->references);
  for (guint i = 0; i < ids->len; i++)
    g_signal_emit (self, signals[ADD_PAPER], 0, g_ptr_array_index (ids, i));
}

static void
open_on_arxiv (PapersReader *self,
               const char   *id)
{
  const char *base = g_getenv ("PAPERS_ARXIV_URL");
  g_autofree char *uri = g_strdup_printf ("%s/abs/%s", base != NULL && *base != '\0' ? base : "https://arxiv.org",
                                          id);
  g_autoptr(GtkUriLauncher) launcher = gtk_uri_launcher_new (uri);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_uri_launcher_launch (launcher, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, NULL, NULL);
}

static void
references_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  PapersReader *self = PAPERS_READER (widget);
  g_autoptr(PapersReference) ref = NULL;
  const PapersRefs *refs = refs_of (self);

  if (g_str_equal (name, "reader.add-all-references"))
    {
      add_all (self);
      return;
    }
  if (g_str_equal (name, "reader.next-citation") || g_str_equal (name, "reader.previous-citation"))
    {
      /* From the toolbar or a panel too: the pages take the focus, so
       * that Enter then previews. */
      gtk_widget_grab_focus (GTK_WIDGET (self->view));
      papers_view_focus_citation (self->view, g_str_equal (name, "reader.next-citation") ? 1 : -1);
      return;
    }
  if (refs == NULL)
    return;
  if (g_str_equal (name, "reader.go-to-target"))
    {
      guint target = g_variant_get_uint32 (param);

      if (target < refs->targets->len)
        {
          const PapersRefTarget *t = g_ptr_array_index (refs->targets, target);

          go_to_place (self, t->page, &t->region);
        }
      return;
    }
  if (g_str_equal (name, "reader.go-to-reference"))
    {
      go_to_reference (self, g_variant_get_uint32 (param));
      return;
    }
  ref = reference_at (self, g_variant_get_uint32 (param));
  if (ref == NULL)
    return;
  if (g_str_equal (name, "reader.add-reference") && papers_reference_get_entry (ref)->arxiv_id != NULL)
    g_signal_emit (self, signals[ADD_PAPER], 0, papers_reference_get_entry (ref)->arxiv_id);
  else if (g_str_equal (name, "reader.open-reference") && papers_reference_get_paper_id (ref) != NULL)
    {
      hide_popover (self);
      g_signal_emit (self, signals[OPEN_PAPER], 0, papers_reference_get_paper_id (ref));
    }
  else if (g_str_equal (name, "reader.find-reference") && papers_reference_get_entry (ref)->title != NULL)
    {
      hide_popover (self);
      g_signal_emit (self, signals[FIND_PAPER], 0, papers_reference_get_entry (ref)->title);
    }
  else if (g_str_equal (name, "reader.open-reference-arxiv") && papers_reference_get_entry (ref)->arxiv_id != NULL)
    open_on_arxiv (self, papers_reference_get_entry (ref)->arxiv_id);
}

/* Reading: after the first page is on screen */

static GPtrArray *
read_document_text (gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  /* Page by page, each under the Poppler lock alone, so the renderer's
   * jobs come between them. */
  return papers_document_extract_text (data, -1, cancellable);
}

/* The reader is not held while its text is read: closing it disposes it,
 * which cancels the reading at the next page. */
static void
on_references_read (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!papers_references_read_finish (PAPERS_REFERENCES (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Could not read the references: %s", error->message);
}

static void
start_reading (PapersReader *self)
{
  if (self->document == NULL || self->references == NULL)
    return;
  g_debug ("Reading the references");
  papers_references_read_async (self->references, read_document_text, g_object_ref (self->document),
                                g_object_unref, self->cancellable, on_references_read, NULL);
}

static void
on_first_update (PapersRenderer *renderer,
                 int             page,
                 PapersReader   *self)
{
  g_clear_signal_handler (&self->first_update_id, renderer);
  start_reading (self);
}

static void
disconnect_references (PapersReader *self)
{
  if (self->first_update_id != 0)
    {
      PapersRenderer *renderer = papers_view_get_renderer (self->view);

      if (renderer != NULL)
        g_clear_signal_handler (&self->first_update_id, renderer);
      self->first_update_id = 0;
    }
  if (self->references != NULL)
    g_signal_handlers_disconnect_by_data (self->references, self);
}

/* The document is open: the references are the session's, or the
 * reader's own without one, read anew once the renderer has drawn. */
void
papers_reader_references_load (PapersReader *self)
{
  g_autoptr(PapersReferences) references = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;
  PapersRenderer *renderer = papers_view_get_renderer (self->view);

  disconnect_references (self);
  hide_popover (self);
  references = self->session != NULL ? g_object_ref (papers_reading_session_get_references (self->session))
                                     : papers_references_new (NULL);
  g_set_object (&self->references, references);
  g_signal_connect_swapped (references, "notify::loaded", G_CALLBACK (update_panel), self);
  g_signal_connect_swapped (references, "states-changed", G_CALLBACK (update_panel), self);
  selection = gtk_no_selection_new (g_object_ref (papers_references_get_entries (references)));
  gtk_list_view_set_model (GTK_LIST_VIEW (self->references_list), GTK_SELECTION_MODEL (selection));
  papers_view_set_references (self->view, references);
  update_panel (self);
  if (renderer != NULL)
    self->first_update_id = g_signal_connect (renderer, "tile-ready", G_CALLBACK (on_first_update), self);
  else
    start_reading (self);
}

void
papers_reader_references_dispose (PapersReader *self)
{
  disconnect_references (self);
  g_clear_handle_id (&self->hide_popover_id, g_source_remove);
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  g_clear_object (&self->references);
}

void
papers_reader_references_init (PapersReader *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->shown_citation = self->shown_mention = -1;
  g_signal_connect_swapped (motion, "enter", G_CALLBACK (on_popover_enter), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (on_popover_leave), self);
  gtk_widget_add_controller (self->citation_popover, motion);
  g_signal_connect_swapped (self->citation_popover, "closed", G_CALLBACK (on_popover_closed), self);
  g_signal_connect (self->view, "citation-activated", G_CALLBACK (on_citation_activated), self);
  g_signal_connect (self->view, "mention-activated", G_CALLBACK (on_mention_activated), self);
  /* A popover left pointing at a citation scrolled away would float. */
  g_signal_connect_swapped (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled)),
                            "value-changed", G_CALLBACK (hide_popover), self);
  update_panel (self);
}

void
papers_reader_references_class_init (GtkWidgetClass *widget_class)
{
  /**
   * PapersReader::add-paper:
   * @arxiv_id: an entry's arXiv id
   *
   * "Add to Library" on an entry; the window adds the paper.
   */
  signals[ADD_PAPER] = g_signal_new ("add-paper", G_TYPE_FROM_CLASS (widget_class), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * PapersReader::open-paper:
   * @paper_id: the library's id of an entry it keeps
   *
   * "Open in Library" on an entry; the window shows the paper.
   */
  signals[OPEN_PAPER] = g_signal_new ("open-paper", G_TYPE_FROM_CLASS (widget_class), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * PapersReader::find-paper:
   * @title: the title guessed from an entry that names no id
   *
   * "Find on arXiv" on an entry; the window looks for the paper by its
   * title and offers to add it.
   */
  signals[FIND_PAPER] = g_signal_new ("find-paper", G_TYPE_FROM_CLASS (widget_class), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "reader.add-reference", "u", references_action);
  gtk_widget_class_install_action (widget_class, "reader.find-reference", "u", references_action);
  gtk_widget_class_install_action (widget_class, "reader.open-reference", "u", references_action);
  gtk_widget_class_install_action (widget_class, "reader.open-reference-arxiv", "u", references_action);
  gtk_widget_class_install_action (widget_class, "reader.go-to-reference", "u", references_action);
  gtk_widget_class_install_action (widget_class, "reader.go-to-target", "u", references_action);
  gtk_widget_class_install_action (widget_class, "reader.add-all-references", NULL, references_action);
  gtk_widget_class_install_action (widget_class, "reader.next-citation", NULL, references_action);
  gtk_widget_class_install_action (widget_class, "reader.previous-citation", NULL, references_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, GDK_CONTROL_MASK, "reader.next-citation", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_J, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "reader.previous-citation", NULL);

  gtk_widget_class_bind_template_child (widget_class, PapersReader, references_toggle);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, references_sidebar);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, references_stack);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, references_title);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, references_list);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, references_add_all);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, citation_popover);
  gtk_widget_class_bind_template_child (widget_class, PapersReader, citation_box);
  gtk_widget_class_bind_template_callback (widget_class, reference_setup);
  gtk_widget_class_bind_template_callback (widget_class, reference_bind);
  gtk_widget_class_bind_template_callback (widget_class, reference_unbind);
  gtk_widget_class_bind_template_callback (widget_class, on_reference_activate);
}
