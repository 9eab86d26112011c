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
#ifdef PAPERS_HAVE_SYNC
#include "papers-application.h"
#endif
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
  GtkWidget        *conflict_box;   /* the versions of a note edited on two devices */
  GtkWidget        *links;
  GtkWidget        *scroller;
  GMenu            *follow_section;
  GStrv             followed_authors;
};

/* The most authors the Follow menu lists: a paper of a thousand authors
 * would make a menu nobody can use */
#define MAX_FOLLOW_AUTHORS 30

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

static gboolean
is_followed (PapersDetail *self,
             const char   *name)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);

  for (guint i = 0; self->followed_authors != NULL && self->followed_authors[i] != NULL; i++)
    {
      g_autofree char *other = g_utf8_casefold (self->followed_authors[i], -1);

      if (g_str_equal (folded, other))
        return TRUE;
    }
  return FALSE;
}

/* The menu's authors: a submenu of those to follow, and Unfollow for each
 * one followed already */
static void
update_follow_section (PapersDetail *self)
{
  const char * const *authors;
  g_autoptr(GMenu) to_follow = g_menu_new ();

  if (self->follow_section == NULL)
    return;
  g_menu_remove_all (self->follow_section);
  authors = self->paper != NULL ? papers_paper_get_authors (self->paper) : NULL;
  for (guint i = 0; authors != NULL && authors[i] != NULL && i < MAX_FOLLOW_AUTHORS; i++)
    {
      g_autoptr(GMenuItem) item = NULL;

      if (is_followed (self, authors[i]))
        {
          /* Translators: a menu item; %s is an author's name */
          g_autofree char *label = g_strdup_printf (_("Unfollow %s"), authors[i]);

          item = g_menu_item_new (label, NULL);
          g_menu_item_set_action_and_target (item, "win.unfollow-author", "s", authors[i]);
          g_menu_append_item (self->follow_section, item);
        }
      else
        {
          item = g_menu_item_new (authors[i], NULL);
          g_menu_item_set_action_and_target (item, "win.follow-author", "s", authors[i]);
          g_menu_append_item (to_follow, item);
        }
    }
  if (g_menu_model_get_n_items (G_MENU_MODEL (to_follow)) > 0)
    g_menu_prepend_submenu (self->follow_section, _("_Follow an Author"), G_MENU_MODEL (to_follow));
}

/**
 * papers_detail_set_followed_authors:
 * @authors: (nullable): the authors the reader follows
 *
 * The page's menu offers to follow the others.
 */
void
papers_detail_set_followed_authors (PapersDetail       *self,
                                    const char * const *authors)
{
  g_return_if_fail (PAPERS_IS_DETAIL (self));

  g_strfreev (self->followed_authors);
  self->followed_authors = g_strdupv ((char **) authors);
  update_follow_section (self);
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
  update_follow_section (self);

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

#ifdef PAPERS_HAVE_SYNC
static PapersSyncService *
detail_sync (void)
{
  GApplication *app = g_application_get_default ();

  return PAPERS_IS_APPLICATION (app) ? papers_application_get_sync_service (PAPERS_APPLICATION (app)) : NULL;
}

/* The reader's choice is a new edit of the note, newer than both
 * versions: the next sync sends it and every device takes it */
static void
conflict_choose (PapersDetail *self,
                 const char   *text)
{
  PapersSyncService *sync = detail_sync ();

  if (self->paper == NULL)
    return;
  g_clear_handle_id (&self->note_timeout, g_source_remove);
  papers_collection_choose_note (self->collection, self->paper, text);
  load_note (self);
  if (sync != NULL)
    papers_sync_service_forget_conflict (sync, papers_paper_get_id (self->paper));
}

static void
keep_version_cb (GtkButton    *button,
                 PapersDetail *self)
{
  conflict_choose (self, g_object_get_data (G_OBJECT (button), "papers-text"));
}

static void
keep_both_cb (GtkButton    *button,
              PapersDetail *self)
{
  PapersSyncService *sync = detail_sync ();
  GPtrArray *versions = sync != NULL && self->paper != NULL
                          ? papers_sync_service_get_note_versions (sync, papers_paper_get_id (self->paper)) : NULL;
  g_autoptr(GString) both = g_string_new (NULL);

  if (versions == NULL)
    return;
  /* Joined oldest first, a blank line between */
  for (guint i = 0; i < versions->len; i++)
    {
      PapersSyncNoteVersion *version = versions->pdata[i];

      if (both->len > 0)
        g_string_append (both, "\n\n");
      g_string_append (both, version->text);
    }
  conflict_choose (self, both->str);
}

/* Above the note: each version with its device's time and Keep, and Keep
 * Both; nothing when the note is not in conflict */
static void
update_conflict (PapersDetail *self)
{
  PapersSyncService *sync = detail_sync ();
  GPtrArray *versions;
  GtkWidget *child, *heading, *both;

  if (self->conflict_box == NULL)
    return;
  while ((child = gtk_widget_get_first_child (self->conflict_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->conflict_box), child);
  versions = sync != NULL && self->paper != NULL
               ? papers_sync_service_get_note_versions (sync, papers_paper_get_id (self->paper)) : NULL;
  gtk_widget_set_visible (self->conflict_box, versions != NULL);
  if (versions == NULL)
    return;

  heading = gtk_label_new (_("This note was edited on two devices. Keep one version, or both."));
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "warning");
  gtk_box_append (GTK_BOX (self->conflict_box), heading);
  for (guint i = 0; i < versions->len; i++)
    {
      PapersSyncNoteVersion *version = versions->pdata[i];
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (version->wall_ms / 1000);
      g_autofree char *date = when != NULL ? g_date_time_format (when, _("%-e %B %Y, %H:%M")) : g_strdup ("");
      g_autofree char *caption = g_strdup_printf (_("Version %u, edited %s"), i + 1, g_strstrip (date));
      g_autofree char *keep_label = g_strdup_printf (_("Keep Version %u"), i + 1);
      GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *label = gtk_label_new (caption);
      GtkWidget *text = gtk_label_new (*version->text != '\0' ? version->text : _("(empty)"));
      GtkWidget *keep = gtk_button_new_with_label (keep_label);

      gtk_widget_add_css_class (card, "card");
      gtk_widget_set_margin_top (card, 6);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_top (label, 8);
      gtk_label_set_xalign (GTK_LABEL (text), 0);
      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_label_set_selectable (GTK_LABEL (text), TRUE);
      gtk_widget_set_margin_start (text, 12);
      gtk_widget_set_margin_end (text, 12);
      gtk_widget_set_halign (keep, GTK_ALIGN_END);
      gtk_widget_set_margin_end (keep, 8);
      gtk_widget_set_margin_bottom (keep, 8);
      g_object_set_data_full (G_OBJECT (keep), "papers-text", g_strdup (version->text), g_free);
      g_signal_connect (keep, "clicked", G_CALLBACK (keep_version_cb), self);
      gtk_box_append (GTK_BOX (card), label);
      gtk_box_append (GTK_BOX (card), text);
      gtk_box_append (GTK_BOX (card), keep);
      gtk_box_append (GTK_BOX (self->conflict_box), card);
    }
  both = gtk_button_new_with_label (_("Keep Both"));
  gtk_widget_set_halign (both, GTK_ALIGN_END);
  g_signal_connect (both, "clicked", G_CALLBACK (keep_both_cb), self);
  gtk_box_append (GTK_BOX (self->conflict_box), both);
}

static void
conflict_box_setup (PapersDetail *self)
{
  PapersSyncService *sync = detail_sync ();

  if (sync == NULL)
    return;
  self->conflict_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_visible (self->conflict_box, FALSE);
  /* Between the note's heading and the note */
  gtk_box_insert_child_after (GTK_BOX (self->note_box), self->conflict_box,
                              gtk_widget_get_first_child (self->note_box));
  g_signal_connect_object (sync, "conflicts-changed", G_CALLBACK (update_conflict), self, G_CONNECT_SWAPPED);
}
#else
static void
update_conflict (PapersDetail *self)
{
}

static void
conflict_box_setup (PapersDetail *self)
{
}
#endif

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
  update_conflict (self);
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
  g_clear_object (&self->follow_section);
  g_clear_pointer (&self->followed_authors, g_strfreev);
  if (self->tag_popover != NULL)
    {
      gtk_widget_unparent (self->tag_popover);
      self->tag_popover = NULL;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), PAPERS_TYPE_DETAIL);

  G_OBJECT_CLASS (papers_detail_parent_class)->dispose (object);
}

static void
papers_detail_class_init (PapersDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = papers_detail_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Papers/papers-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, PapersDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, PapersDetail, library_button);
  gtk_widget_class_bind_template_child (widget_class, PapersDetail, library_label);
  gtk_widget_class_bind_template_child (widget_class, PapersDetail, star_button);
  gtk_widget_class_bind_template_child (widget_class, PapersDetail, menu_button);
  gtk_widget_class_bind_template_child (widget_class, PapersDetail, read_button);
  gtk_widget_class_bind_template_child (widget_class, PapersDetail, read_label);
  gtk_widget_class_bind_template_child (widget_class, PapersDetail, read_progress);

  gtk_widget_class_install_action (widget_class, "detail.open-uri", "s", open_uri_action);
  gtk_widget_class_install_action (widget_class, "detail.remove-tag", "s", remove_tag_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, 0, "win.star", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_u, 0, "win.set-status", "s", "unread");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, 0, "win.set-status", "s", "read");
}

/* The page of a paper, built when the first is shown: a window opens
 * with none, and its first frame need not build what it does not show. */
static void
build_paper_page (PapersDetail *self)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GtkBuilderScope) scope = gtk_builder_cscope_new ();
  g_autoptr(GError) error = NULL;

  gtk_builder_cscope_add_callback_symbols (GTK_BUILDER_CSCOPE (scope),
                                           "tag_entry_activate_cb", G_CALLBACK (tag_entry_activate_cb),
                                           "tag_entry_changed_cb", G_CALLBACK (tag_entry_changed_cb),
                                           "suggestion_activated_cb", G_CALLBACK (suggestion_activated_cb),
                                           "note_changed_cb", G_CALLBACK (note_changed_cb),
                                           "gtk_popover_popdown", G_CALLBACK (gtk_popover_popdown),
                                           NULL);
  gtk_builder_set_scope (builder, scope);
  /* Handlers without an object of their own are called with the page */
  gtk_builder_set_current_object (builder, G_OBJECT (self));
  if (!gtk_builder_add_from_resource (builder, "/org/example/Papers/papers-detail-page.ui", &error))
    g_error ("papers-detail-page.ui: %s", error->message);

#define PAGE_WIDGET(name) self->name = GTK_WIDGET (gtk_builder_get_object (builder, #name))
  PAGE_WIDGET (scroller);
  PAGE_WIDGET (title);
  PAGE_WIDGET (authors);
  PAGE_WIDGET (meta);
  PAGE_WIDGET (abstract);
  PAGE_WIDGET (tags_box);
  PAGE_WIDGET (tag_chips);
  PAGE_WIDGET (tag_entry);
  PAGE_WIDGET (tag_popover);
  PAGE_WIDGET (tag_suggestions);
  PAGE_WIDGET (note_box);
  PAGE_WIDGET (note_view);
  PAGE_WIDGET (links);
#undef PAGE_WIDGET

  gtk_widget_set_parent (self->tag_popover, self->tag_entry);
  self->follow_section = g_object_ref (G_MENU (gtk_builder_get_object (builder, "follow_section")));
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->menu_button),
                                  G_MENU_MODEL (gtk_builder_get_object (builder, "paper_menu")));
  gtk_stack_add_named (GTK_STACK (self->stack), self->scroller, "paper");
  conflict_box_setup (self);
}

static void
papers_detail_init (PapersDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}
