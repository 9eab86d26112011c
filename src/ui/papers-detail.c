/* papers-detail.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The detail page: header actions (library, star, Read PDF, a menu), then
 * at a comfortable measure the title, authors, dates, categories, the
 * abstract (selectable), tags with an entry that completes existing tags and
 * creates new ones, the note and the links.
 *
 * The note is saved 500 ms after the last keystroke, when another paper is
 * shown and when the page goes away, so text typed and then the process
 * killed two seconds later is kept. */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-detail.h"
#include "papers-paper-row.h"
#include "papers-uri.h"

#define NOTE_SAVE_DELAY_MS 500

struct _PapersDetail
{
  AdwBin            parent_instance;

  PapersCollection *collection;
  PapersPaper      *paper;
  gulong            notify_id;
  guint             note_timeout;
  gboolean          loading_note;
  char             *locked;  /* why the library cannot be changed, or NULL */

  GtkWidget        *stack;
  GtkWidget        *library_button;
  GtkWidget        *library_label;
  GtkWidget        *read_label;
  GtkWidget        *star_button;
  GtkWidget        *read_button;
  GtkWidget        *menu_button;
  GtkWidget        *read_progress;
  GtkWidget        *title;
  GtkWidget        *authors;
  GtkWidget        *meta;
  GtkWidget        *abstract;
  GtkWidget        *tags_box;
  GtkWidget        *tag_chips;
  GtkWidget        *tag_entry;
  GtkWidget        *tag_popover;
  GtkWidget        *tag_suggestions;
  GtkWidget        *note_box;
  GtkWidget        *note_view;
  GtkWidget        *links;
  GtkWidget        *scroller;
};

G_DEFINE_FINAL_TYPE (PapersDetail, papers_detail, ADW_TYPE_BIN)

GtkWidget *
papers_detail_new (PapersCollection *collection)
{
  PapersDetail *self = g_object_new (PAPERS_TYPE_DETAIL, NULL);

  self->collection = g_object_ref (collection);
  return GTK_WIDGET (self);
}

static void
set_accessible_label (GtkWidget  *widget,
                      const char *label)
{
  gtk_widget_set_tooltip_text (widget, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
update_tags (PapersDetail *self)
{
  const char * const *tags = papers_paper_get_tags (self->paper);

  gtk_flow_box_remove_all (GTK_FLOW_BOX (self->tag_chips));
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
      GtkWidget *label = gtk_label_new (tags[i]);
      GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");
      g_autofree char *remove_label = g_strdup_printf (_("Remove Tag “%s”"), tags[i]);

      gtk_widget_add_css_class (chip, "tag-chip");
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_add_css_class (remove, "circular");
      set_accessible_label (remove, remove_label);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "detail.remove-tag");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", tags[i]);
      gtk_box_append (GTK_BOX (chip), label);
      gtk_box_append (GTK_BOX (chip), remove);
      gtk_flow_box_append (GTK_FLOW_BOX (self->tag_chips), chip);
    }
}

static void
add_link (PapersDetail *self,
          const char   *label,
          const char   *uri)
{
  GtkWidget *button;

  if (!papers_uri_is_web (uri))
    return;
  button = gtk_button_new_with_label (label);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_set_tooltip_text (button, uri);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "detail.open-uri");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", uri);
  gtk_flow_box_append (GTK_FLOW_BOX (self->links), button);
}

static void
update (PapersDetail *self)
{
  PapersPaper *paper = self->paper;
  g_autoptr(GString) meta = g_string_new (NULL);
  g_autofree char *authors = NULL;
  g_autofree char *published = NULL;
  const char * const *categories;
  gboolean in_library;

  gtk_widget_set_visible (self->library_button, paper != NULL);
  gtk_widget_set_visible (self->read_button, paper != NULL);
  gtk_widget_set_visible (self->menu_button, paper != NULL);
  /* A library that cannot be changed shows its tags and note as they are,
   * and says why they cannot be edited. */
  if (self->tag_entry != NULL)
    {
      gtk_widget_set_sensitive (self->tag_entry, self->locked == NULL);
      gtk_widget_set_tooltip_text (self->tag_entry, self->locked ? self->locked : _("Type a tag and press Enter"));
      gtk_text_view_set_editable (GTK_TEXT_VIEW (self->note_view), self->locked == NULL);
      gtk_widget_set_tooltip_text (self->note_view, self->locked);
    }
  if (paper == NULL)
    {
      gtk_widget_set_visible (self->star_button, FALSE);
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
      return;
    }
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "paper");
  in_library = papers_paper_get_in_library (paper);

  gtk_label_set_text (GTK_LABEL (self->title), papers_paper_get_title (paper) ? papers_paper_get_title (paper) : papers_paper_get_id (paper));
  authors = papers_paper_get_authors (paper) ? g_strjoinv (", ", (char **) papers_paper_get_authors (paper)) : g_strdup ("");
  gtk_label_set_text (GTK_LABEL (self->authors), authors);
  gtk_widget_set_visible (self->authors, *authors != '\0');

  published = papers_format_date (papers_paper_get_published (paper));
  if (*published != '\0')
    /* Translators: %s is a date */
    g_string_append_printf (meta, _("Published %s"), published);
  if (papers_paper_get_updated (paper) != NULL)
    {
      g_autofree char *updated = papers_format_date (papers_paper_get_updated (paper));

      if (g_strcmp0 (updated, published) != 0)
        {
          if (meta->len > 0)
            g_string_append (meta, " · ");
          /* Translators: %s is a date */
          g_string_append_printf (meta, _("Updated %s"), updated);
        }
    }
  categories = papers_paper_get_categories (paper);
  if (categories != NULL && categories[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (" ", (char **) categories);

      if (meta->len > 0)
        g_string_append (meta, " · ");
      g_string_append (meta, joined);
    }
  if (papers_paper_get_upvotes (paper) > 0)
    g_string_append_printf (meta, "%s▲ %d", meta->len ? " · " : "", papers_paper_get_upvotes (paper));
  gtk_label_set_text (GTK_LABEL (self->meta), meta->str);
  gtk_widget_set_visible (self->meta, meta->len > 0);

  gtk_label_set_text (GTK_LABEL (self->abstract),
                      papers_paper_get_abstract (paper) ? papers_paper_get_abstract (paper) : _("No abstract available."));

  gtk_label_set_text (GTK_LABEL (self->library_label), in_library ? _("In Library") : _("Add to Library"));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->library_button), in_library);
  gtk_button_set_icon_name (GTK_BUTTON (self->star_button),
                            papers_paper_get_starred (paper) ? "starred-symbolic" : "non-starred-symbolic");
  set_accessible_label (self->star_button, papers_paper_get_starred (paper) ? _("Unstar") : _("Star"));
  gtk_widget_set_tooltip_text (self->library_button, self->locked ? self->locked
                                                    : in_library ? _("Remove from Library") : _("Add to Library"));
  if (self->locked != NULL)
    gtk_widget_set_tooltip_text (self->star_button, self->locked);
  gtk_widget_set_visible (self->star_button, in_library);
  gtk_widget_set_visible (self->tags_box, in_library);
  gtk_widget_set_visible (self->note_box, in_library);
  update_tags (self);

  gtk_flow_box_remove_all (GTK_FLOW_BOX (self->links));
  add_link (self, _("arXiv"), papers_paper_get_abs_url (paper));
  add_link (self, _("PDF"), papers_paper_get_pdf_url (paper));
  add_link (self, _("Hugging Face"), papers_paper_get_hf_url (paper));
  add_link (self, _("Code"), papers_paper_get_code_url (paper));
  add_link (self, _("Project Page"), papers_paper_get_project_url (paper));
}

static void
load_note (PapersDetail *self)
{
  GtkTextBuffer *buffer;
  const char *note = self->paper ? papers_paper_get_note (self->paper) : NULL;

  if (self->note_view == NULL)
    return;
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->note_view));
  self->loading_note = TRUE;
  gtk_text_buffer_set_text (buffer, note ? note : "", -1);
  self->loading_note = FALSE;
}

static void
save_note (PapersDetail *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (self->paper == NULL || !papers_paper_get_in_library (self->paper))
    return;

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->note_view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_signal_handler_block (self->paper, self->notify_id);
  papers_collection_set_note (self->collection, self->paper, text);
  g_signal_handler_unblock (self->paper, self->notify_id);
}

/**
 * papers_detail_flush_note:
 *
 * Saves a pending note edit now.
 */
void
papers_detail_flush_note (PapersDetail *self)
{
  if (self->note_timeout == 0)
    return;
  g_clear_handle_id (&self->note_timeout, g_source_remove);
  save_note (self);
}

static gboolean
note_timeout_cb (gpointer user_data)
{
  PapersDetail *self = user_data;

  self->note_timeout = 0;
  save_note (self);
  return G_SOURCE_REMOVE;
}

static void
note_changed_cb (PapersDetail *self)
{
  if (self->loading_note)
    return;
  g_clear_handle_id (&self->note_timeout, g_source_remove);
  self->note_timeout = g_timeout_add (NOTE_SAVE_DELAY_MS, note_timeout_cb, self);
}

static void
paper_notify_cb (PapersDetail *self,
                 GParamSpec   *pspec)
{
  if (g_str_equal (pspec->name, "note"))
    {
      if (self->note_timeout == 0)
        load_note (self);
      return;
    }
  update (self);
}

static void build_paper_page (PapersDetail *self);

void
papers_detail_set_paper (PapersDetail *self,
                         PapersPaper  *paper)
{
  g_return_if_fail (PAPERS_IS_DETAIL (self));

  if (self->paper == paper)
    return;
  if (paper != NULL && self->scroller == NULL)
    build_paper_page (self);
  papers_detail_flush_note (self);
  if (self->paper != NULL)
    g_clear_signal_handler (&self->notify_id, self->paper);
  g_set_object (&self->paper, paper);
  if (paper != NULL)
    self->notify_id = g_signal_connect_swapped (paper, "notify", G_CALLBACK (paper_notify_cb), self);
  load_note (self);
  update (self);
  if (self->scroller != NULL)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);
}

/**
 * papers_detail_get_paper:
 *
 * Returns: (transfer none) (nullable): the paper shown
 */
PapersPaper *
papers_detail_get_paper (PapersDetail *self)
{
  return self->paper;
}

/**
 * papers_detail_set_compact:
 *
 * On a phone the header keeps to icons.
 */
void
papers_detail_set_compact (PapersDetail *self,
                           gboolean      compact)
{
  gtk_widget_set_visible (self->library_label, !compact);
  gtk_label_set_text_with_mnemonic (GTK_LABEL (self->read_label), compact ? _("_Read") : _("_Read PDF"));
}

/**
 * papers_detail_focus_tags:
 *
 * Moves the keyboard focus to the tag entry (Ctrl+T).
 */
void
papers_detail_focus_tags (PapersDetail *self)
{
  if (self->tags_box != NULL && gtk_widget_get_visible (self->tags_box))
    gtk_widget_grab_focus (self->tag_entry);
}

/**
 * papers_detail_focus_note:
 *
 * Moves the keyboard focus to the note (Ctrl+E).
 */
void
papers_detail_focus_note (PapersDetail *self)
{
  if (self->note_box != NULL && gtk_widget_get_visible (self->note_box))
    gtk_widget_grab_focus (self->note_view);
}

/**
 * papers_detail_set_locked:
 * @reason: (nullable): why the library cannot be changed, or %NULL when
 *   it can
 *
 * Makes the paper's tags and note read-only, the controls telling why.
 */
void
papers_detail_set_locked (PapersDetail *self,
                          const char   *reason)
{
  g_return_if_fail (PAPERS_IS_DETAIL (self));

  if (g_strcmp0 (self->locked, reason) == 0)
    return;
  g_free (self->locked);
  self->locked = g_strdup (reason);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.remove-tag", reason == NULL);
  update (self);
}

/**
 * papers_detail_set_progress:
 * @fraction: 0..1 while downloading, a negative value when done
 */
void
papers_detail_set_progress (PapersDetail *self,
                            double        fraction)
{
  gtk_widget_set_visible (self->read_progress, fraction >= 0);
  if (fraction >= 0)
    gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->read_progress), fraction);
}

static void
open_uri_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  const char *uri = g_variant_get_string (parameter, NULL);
  g_autoptr(GtkUriLauncher) launcher = NULL;

  /* Only web addresses: a listing could carry file: or other schemes. */
  if (!papers_uri_is_web (uri))
    return;
  launcher = gtk_uri_launcher_new (uri);
  gtk_uri_launcher_launch (launcher, GTK_WINDOW (gtk_widget_get_root (widget)), NULL, NULL, NULL);
}

static void
remove_tag_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PapersDetail *self = PAPERS_DETAIL (widget);

  if (self->paper != NULL)
    papers_collection_tag_paper (self->collection, self->paper, NULL,
                                 g_variant_get_string (parameter, NULL));
}

static void
add_tag (PapersDetail *self,
         const char   *name)
{
  g_autofree char *clean = g_strstrip (g_strdup (name));

  if (self->paper == NULL || *clean == '\0')
    return;
  papers_collection_tag_paper (self->collection, self->paper, clean, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->tag_entry), "");
  gtk_popover_popdown (GTK_POPOVER (self->tag_popover));
}

static void
tag_entry_activate_cb (PapersDetail *self)
{
  add_tag (self, gtk_editable_get_text (GTK_EDITABLE (self->tag_entry)));
}

static void
suggestion_activated_cb (PapersDetail  *self,
                         GtkListBoxRow *row)
{
  add_tag (self, gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (row))));
}

/* Completion: existing tags starting with (or containing) the text typed,
 * minus those the paper already has.  GtkEntryCompletion is deprecated, so a
 * small popover under the entry lists them. */
static void
tag_entry_changed_cb (PapersDetail *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->tag_entry));
  g_autofree char *folded = g_utf8_casefold (text, -1);
  g_auto(GStrv) names = papers_collection_dup_tag_names (self->collection);
  guint shown = 0;

  gtk_list_box_remove_all (GTK_LIST_BOX (self->tag_suggestions));
  for (guint i = 0; *folded != '\0' && names[i] != NULL && shown < 8; i++)
    {
      g_autofree char *name = g_utf8_casefold (names[i], -1);
      const char * const *have = papers_paper_get_tags (self->paper);
      GtkWidget *label;

      if (strstr (name, folded) == NULL || (have && g_strv_contains (have, names[i])))
        continue;
      label = gtk_label_new (names[i]);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_list_box_append (GTK_LIST_BOX (self->tag_suggestions), label);
      shown++;
    }
  if (shown > 0)
    gtk_popover_popup (GTK_POPOVER (self->tag_popover));
  else
    gtk_popover_popdown (GTK_POPOVER (self->tag_popover));
}

static void
papers_detail_dispose (GObject *object)
{
  PapersDetail *self = PAPERS_DETAIL (object);

  papers_detail_flush_note (self);
  if (self->paper != NULL)
    g_clear_signal_handler (&self->notify_id, self->paper);
  g_clear_object (&self->paper);
  g_clear_object (&self->collection);
  g_clear_pointer (&self->locked, g_free);
  if (self->tag_popover != NULL)
    {
      gtk_widget_unparent (self->tag_popover);
      self->tag_popover = NULL;
    }

  G_OBJECT_CLASS (papers_detail_parent_class)->dispose (object);
}

static void
papers_detail_class_init (PapersDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = papers_detail_dispose;

  gtk_widget_class_install_action (widget_class, "detail.open-uri", "s", open_uri_action);
  gtk_widget_class_install_action (widget_class, "detail.remove-tag", "s", remove_tag_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, 0, "win.star", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_u, 0, "win.set-status", "s", "unread");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, 0, "win.set-status", "s", "read");
}

static GtkWidget *
heading_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 12);
  return label;
}

static GtkWidget *
text_label_new (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
flow_box_new (void)
{
  GtkWidget *box = gtk_flow_box_new ();

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (box), GTK_SELECTION_NONE);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (box), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (box), 6);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (box), 12);
  gtk_widget_set_halign (box, GTK_ALIGN_START);
  return box;
}

static GtkWidget *
build_header (PapersDetail *self)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *menu_button = self->menu_button = gtk_menu_button_new ();
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *read_label = self->read_label = gtk_label_new_with_mnemonic (_("_Read PDF"));
  GtkWidget *library_box;

  adw_header_bar_set_show_title (ADW_HEADER_BAR (header), FALSE);

  /* A toggle with one accessible name; its state says whether the paper
   * is in the library. */
  self->library_button = gtk_toggle_button_new ();
  library_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->library_label = gtk_label_new (_("Add to Library"));
  gtk_box_append (GTK_BOX (library_box), gtk_image_new_from_icon_name ("user-bookmarks-symbolic"));
  gtk_box_append (GTK_BOX (library_box), self->library_label);
  gtk_button_set_child (GTK_BUTTON (self->library_button), library_box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->library_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("In Library"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->library_button), "win.toggle-library");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->library_button);

  self->star_button = gtk_button_new_from_icon_name ("non-starred-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->star_button), "win.star");
  set_accessible_label (self->star_button, _("Star"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->star_button);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  set_accessible_label (menu_button, _("Paper Menu"));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), menu_button);

  /* Download progress shows inside the button, under its label. */
  self->read_button = gtk_button_new ();
  self->read_progress = gtk_progress_bar_new ();
  gtk_widget_set_valign (self->read_progress, GTK_ALIGN_END);
  gtk_widget_add_css_class (self->read_progress, "osd");
  gtk_widget_set_visible (self->read_progress, FALSE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (read_label), self->read_button);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), read_label);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->read_progress);
  gtk_button_set_child (GTK_BUTTON (self->read_button), overlay);
  gtk_widget_add_css_class (self->read_button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->read_button), "win.read");
  gtk_widget_set_tooltip_text (self->read_button, _("Read PDF"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->read_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Read PDF"), -1);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->read_button);

  return header;
}

/* The page of a paper, built when the first is shown: a window opens
 * with none, and its first frame need not build what it does not show. */
static void
build_paper_page (PapersDetail *self)
{
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *tag_row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *links_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkEventController *focus;
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) copy = g_menu_new ();
  g_autoptr(GMenu) status = g_menu_new ();

  g_menu_append (copy, _("Copy _BibTeX"), "win.copy-bibtex");
  g_menu_append (copy, _("Copy _Link"), "win.copy-link");
  g_menu_append (copy, _("Open on _arXiv"), "win.open-link::arxiv");
  g_menu_append (copy, _("Open on _Hugging Face"), "win.open-link::hf");
  g_menu_append (status, _("Mark as _Unread"), "win.set-status::unread");
  g_menu_append (status, _("Mark as Rea_ding"), "win.set-status::reading");
  g_menu_append (status, _("Mark as _Read"), "win.set-status::read");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (copy));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (status));
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->menu_button), G_MENU_MODEL (menu));

  self->title = text_label_new ("title-2");
  self->authors = text_label_new (NULL);
  self->meta = text_label_new ("dim-label");
  /* Only the abstract is for copying; a selectable title would be
   * selected whole each time it got the focus. */
  gtk_label_set_selectable (GTK_LABEL (self->title), FALSE);
  gtk_label_set_selectable (GTK_LABEL (self->authors), FALSE);
  gtk_label_set_selectable (GTK_LABEL (self->meta), FALSE);
  gtk_widget_add_css_class (self->meta, "caption");
  self->abstract = text_label_new ("body");
  gtk_label_set_wrap_mode (GTK_LABEL (self->abstract), PANGO_WRAP_WORD);
  /* Selectable with the pointer, but never focused (and so selected
   * whole) when the page opens. */
  gtk_widget_set_focusable (self->abstract, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->abstract),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Abstract"), -1);

  self->tags_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->tag_chips = flow_box_new ();
  self->tag_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->tag_entry), _("Add a tag…"));
  gtk_widget_set_tooltip_text (self->tag_entry, _("Type a tag and press Enter"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->tag_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Add Tag"), -1);
  gtk_widget_set_halign (self->tag_entry, GTK_ALIGN_START);
  g_signal_connect_swapped (self->tag_entry, "activate", G_CALLBACK (tag_entry_activate_cb), self);
  g_signal_connect_swapped (self->tag_entry, "changed", G_CALLBACK (tag_entry_changed_cb), self);
  self->tag_suggestions = gtk_list_box_new ();
  gtk_list_box_set_activate_on_single_click (GTK_LIST_BOX (self->tag_suggestions), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->tag_suggestions),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Existing Tags"), -1);
  g_signal_connect_swapped (self->tag_suggestions, "row-activated", G_CALLBACK (suggestion_activated_cb), self);
  self->tag_popover = gtk_popover_new ();
  gtk_popover_set_autohide (GTK_POPOVER (self->tag_popover), FALSE);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->tag_popover), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self->tag_popover), GTK_POS_BOTTOM);
  gtk_popover_set_child (GTK_POPOVER (self->tag_popover), self->tag_suggestions);
  gtk_widget_set_parent (self->tag_popover, self->tag_entry);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (gtk_popover_popdown), self->tag_popover);
  gtk_widget_add_controller (self->tag_entry, focus);
  gtk_box_append (GTK_BOX (tag_row), self->tag_chips);
  gtk_box_append (GTK_BOX (tag_row), self->tag_entry);
  gtk_box_append (GTK_BOX (self->tags_box), heading_new (_("Tags")));
  gtk_box_append (GTK_BOX (self->tags_box), tag_row);

  self->note_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->note_view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->note_view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self->note_view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self->note_view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->note_view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self->note_view), 8);
  gtk_widget_set_size_request (self->note_view, -1, 120);
  gtk_widget_add_css_class (self->note_view, "note");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->note_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Note"), -1);
  g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->note_view)), "changed",
                            G_CALLBACK (note_changed_cb), self);
  gtk_frame_set_child (GTK_FRAME (frame), self->note_view);
  gtk_box_append (GTK_BOX (self->note_box), heading_new (_("Note")));
  gtk_box_append (GTK_BOX (self->note_box), frame);

  self->links = flow_box_new ();
  gtk_box_append (GTK_BOX (links_box), heading_new (_("Links")));
  gtk_box_append (GTK_BOX (links_box), self->links);

  gtk_box_append (GTK_BOX (box), self->title);
  gtk_box_append (GTK_BOX (box), self->authors);
  gtk_box_append (GTK_BOX (box), self->meta);
  gtk_box_append (GTK_BOX (box), heading_new (_("Abstract")));
  gtk_box_append (GTK_BOX (box), self->abstract);
  gtk_box_append (GTK_BOX (box), self->tags_box);
  gtk_box_append (GTK_BOX (box), self->note_box);
  gtk_box_append (GTK_BOX (box), links_box);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), clamp);

  gtk_stack_add_named (GTK_STACK (self->stack), self->scroller, "paper");
}

static void
papers_detail_init (PapersDetail *self)
{
  GtkWidget *toolbar = adw_toolbar_view_new ();
  GtkWidget *empty = adw_status_page_new ();

  adw_toolbar_view_add_top_bar (ADW_TOOLBAR_VIEW (toolbar), build_header (self));

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "text-x-generic-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Paper Selected"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty), _("Choose a paper from the list to see its abstract"));

  self->stack = gtk_stack_new ();
  gtk_stack_add_named (GTK_STACK (self->stack), empty, "empty");
  adw_toolbar_view_set_content (ADW_TOOLBAR_VIEW (toolbar), self->stack);
  adw_bin_set_child (ADW_BIN (self), toolbar);
  update (self);
}
