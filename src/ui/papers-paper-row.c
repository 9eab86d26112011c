/* papers-paper-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A list row: bold title (two lines at most), the first authors dimmed on
 * one line, and a meta line with date, upvotes, comments and tag chips; an
 * unread dot before the title and a bookmark when the paper is in the
 * library.  Rows are recycled by GtkListView, so everything is set in
 * papers_paper_row_set_paper() and the row follows the paper's
 * notifications until it is given another one. */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-paper-row.h"

struct _PapersPaperRow
{
  GtkWidget    parent_instance;

  PapersPaper *paper;
  gulong       notify_id;

  GtkWidget   *unread_dot;
  GtkWidget   *title;
  GtkWidget   *in_library;
  GtkWidget   *authors;
  GtkWidget   *meta;
  GtkWidget   *tags;
};

G_DEFINE_FINAL_TYPE (PapersPaperRow, papers_paper_row, GTK_TYPE_WIDGET)

GtkWidget *
papers_paper_row_new (void)
{
  return g_object_new (PAPERS_TYPE_PAPER_ROW, NULL);
}

/**
 * papers_format_date:
 *
 * Returns: (transfer full): @date as the list shows it ("25 Oct 2024"), or ""
 */
char *
papers_format_date (GDateTime *date)
{
  if (date == NULL)
    return g_strdup ("");
  /* Translators: a paper's date in lists, see strftime(3) */
  return g_date_time_format (date, _("%-d %b %Y"));
}

static void
update (PapersPaperRow *self)
{
  PapersPaper *paper = self->paper;
  g_autoptr(GString) meta = g_string_new (NULL);
  g_autofree char *authors = NULL;
  g_autofree char *date = NULL;
  const char * const *tags;
  GtkWidget *child;
  gboolean in_library;

  if (paper == NULL)
    return;

  in_library = papers_paper_get_in_library (paper);
  gtk_label_set_text (GTK_LABEL (self->title), papers_paper_get_title (paper) ? papers_paper_get_title (paper) : papers_paper_get_id (paper));
  authors = papers_paper_dup_authors_short (paper, 3);
  gtk_label_set_text (GTK_LABEL (self->authors), authors);
  gtk_widget_set_visible (self->authors, *authors != '\0');

  date = papers_format_date (papers_paper_get_published (paper));
  g_string_append (meta, date);
  if (papers_paper_get_upvotes (paper) > 0)
    g_string_append_printf (meta, "%s▲ %d", meta->len ? " · " : "", papers_paper_get_upvotes (paper));
  if (papers_paper_get_comments (paper) > 0)
    {
      int n = papers_paper_get_comments (paper);

      if (meta->len > 0)
        g_string_append (meta, " · ");
      /* Translators: number of comments on Hugging Face */
      g_string_append_printf (meta, ngettext ("%d comment", "%d comments", n), n);
    }
  gtk_label_set_text (GTK_LABEL (self->meta), meta->str);

  gtk_widget_set_visible (self->unread_dot,
                          in_library && papers_paper_get_status (paper) == PAPERS_READ_STATUS_UNREAD);
  gtk_widget_set_visible (self->in_library, in_library);

  while ((child = gtk_widget_get_first_child (self->tags)) != NULL)
    gtk_box_remove (GTK_BOX (self->tags), child);
  tags = papers_paper_get_tags (paper);
  for (guint i = 0; tags != NULL && tags[i] != NULL && i < 3; i++)
    {
      GtkWidget *chip = gtk_label_new (tags[i]);

      gtk_widget_add_css_class (chip, "tag-chip");
      gtk_widget_add_css_class (chip, "caption");
      gtk_box_append (GTK_BOX (self->tags), chip);
    }
}

static void
paper_notify_cb (PapersPaperRow *self)
{
  update (self);
}

void
papers_paper_row_set_paper (PapersPaperRow *self,
                            PapersPaper    *paper)
{
  g_return_if_fail (PAPERS_IS_PAPER_ROW (self));

  if (self->paper == paper)
    return;
  if (self->paper != NULL)
    g_clear_signal_handler (&self->notify_id, self->paper);
  g_set_object (&self->paper, paper);
  if (paper != NULL)
    {
      self->notify_id = g_signal_connect_swapped (paper, "notify", G_CALLBACK (paper_notify_cb), self);
      update (self);
    }
}

/**
 * papers_paper_row_get_paper:
 *
 * Returns: (transfer none) (nullable): the paper shown
 */
PapersPaper *
papers_paper_row_get_paper (PapersPaperRow *self)
{
  return self->paper;
}

static void
papers_paper_row_dispose (GObject *object)
{
  PapersPaperRow *self = PAPERS_PAPER_ROW (object);
  GtkWidget *child;

  papers_paper_row_set_paper (self, NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (papers_paper_row_parent_class)->dispose (object);
}

static void
papers_paper_row_class_init (PapersPaperRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = papers_paper_row_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "paperrow");
}

static GtkWidget *
label_new (const char *css_class,
           int         lines)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (lines > 1)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_lines (GTK_LABEL (label), lines);
    }
  else
    gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
papers_paper_row_init (PapersPaperRow *self)
{
  GtkWidget *top, *text, *meta_box;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_HORIZONTAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 6);

  self->unread_dot = gtk_image_new_from_icon_name ("media-record-symbolic");
  gtk_widget_set_valign (self->unread_dot, GTK_ALIGN_START);
  gtk_widget_set_margin_top (self->unread_dot, 3);
  gtk_widget_add_css_class (self->unread_dot, "unread-dot");
  gtk_widget_set_tooltip_text (self->unread_dot, _("Unread"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->unread_dot),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Unread"), -1);

  text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  gtk_widget_set_hexpand (text, TRUE);
  top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->title = label_new ("paper-title", 2);
  gtk_widget_set_hexpand (self->title, TRUE);
  self->in_library = gtk_image_new_from_icon_name ("user-bookmarks-symbolic");
  gtk_widget_set_valign (self->in_library, GTK_ALIGN_START);
  gtk_widget_add_css_class (self->in_library, "accent");
  gtk_widget_set_tooltip_text (self->in_library, _("In Library"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->in_library),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("In Library"), -1);
  gtk_box_append (GTK_BOX (top), self->title);
  gtk_box_append (GTK_BOX (top), self->in_library);

  self->authors = label_new ("dim-label", 1);
  meta_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->meta = label_new ("dim-label", 1);
  gtk_widget_add_css_class (self->meta, "caption");
  gtk_widget_add_css_class (self->meta, "numeric");
  self->tags = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_box_append (GTK_BOX (meta_box), self->meta);
  gtk_box_append (GTK_BOX (meta_box), self->tags);

  gtk_box_append (GTK_BOX (text), top);
  gtk_box_append (GTK_BOX (text), self->authors);
  gtk_box_append (GTK_BOX (text), meta_box);

  gtk_widget_set_parent (self->unread_dot, GTK_WIDGET (self));
  gtk_widget_set_parent (text, GTK_WIDGET (self));
  gtk_widget_set_margin_top (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 6);
}
