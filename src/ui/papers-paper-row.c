/* papers-paper-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A list row: bold title (two lines at most), the first authors dimmed on
 * one line, and a meta line with date, upvotes, comments and tag chips; an
 * unread dot before the title and a bookmark when the paper is in the
 * library.  Ranked For You, a last line says why ("Like ‘…’", "Tag: …",
 * "Author you follow: …") and whether the paper was seen before.  Found by
 * a search in its PDF's text, that line shows the page and the words
 * around the match, the words found in bold.
 *
 * The row is one widget that lays out and draws its text itself.  A list
 * keeps two hundred rows bound, and every search gives it new ones: with
 * a label, box and image per part, each row was ten widgets to style,
 * measure, root and unroot, and a keystroke spent more time on those than
 * on the search.  What a screen reader needs is on the list item: the
 * title as its name, the rest as its description
 * (papers_paper_row_dup_description()). */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-paper-row.h"
#include "papers-snippet.h"

#define DOT_SIZE 8
#define ICON_SIZE 16
#define SPACING 6
#define LINE_SPACING 3
#define CHIP_SPACING 4
#define CHIP_PAD_X 8
#define CHIP_PAD_Y 1
#define MAX_CHIPS 3
#define MAX_CHIP_WIDTH 160
#define MIN_TEXT_WIDTH 48
#define NATURAL_TEXT_WIDTH 320
#define CAPTION_SCALE 0.82
#define DIM_OPACITY 0.55
/* Nothing longer fits on two lines: the rest is never shaped. */
#define MAX_SHOWN_CHARS 400

struct _PapersPaperRow
{
  GtkWidget    parent_instance;

  PapersPaper *paper;
  gulong       notify_id;

  gboolean     unread;
  gboolean     in_library;
  PangoLayout *title;
  PangoLayout *authors;
  PangoLayout *meta;
  PangoLayout *note;
  char        *note_text;  /* the For You line, or NULL */
  PangoLayout *chips[MAX_CHIPS];
  guint        n_chips;
  /* Allocated width the layouts were last set for */
  int          layout_width;
  /* The widget's Pango context when they were made */
  guint        context_serial;
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

/* The meta line's text: date, upvotes, comments */
static char *
dup_meta (PapersPaper *paper)
{
  g_autoptr(GString) meta = g_string_new (NULL);
  g_autofree char *date = papers_format_date (papers_paper_get_published (paper));
  int comments = papers_paper_get_comments (paper);

  g_string_append (meta, date);
  if (papers_paper_get_upvotes (paper) > 0)
    g_string_append_printf (meta, "%s▲ %d", meta->len ? " · " : "", papers_paper_get_upvotes (paper));
  if (comments > 0)
    {
      if (meta->len > 0)
        g_string_append (meta, " · ");
      /* Translators: number of comments on Hugging Face */
      g_string_append_printf (meta, ngettext ("%d comment", "%d comments", comments), comments);
    }
  return g_string_free (g_steal_pointer (&meta), FALSE);
}

/**
 * papers_paper_row_dup_description:
 * @paper: a paper
 *
 * Returns: (transfer full): what a row shows of @paper besides its title,
 *   in words, for screen readers: authors, date, upvotes, comments,
 *   tags, and whether it is unread and in the library
 */
char *
papers_paper_row_dup_description (PapersPaper *paper)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *authors = papers_paper_dup_authors_short (paper, 3);
  g_autofree char *date = papers_format_date (papers_paper_get_published (paper));
  const char * const *tags = papers_paper_get_tags (paper);
  int upvotes = papers_paper_get_upvotes (paper);
  int comments = papers_paper_get_comments (paper);
  gboolean in_library = papers_paper_get_in_library (paper);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (*authors != '\0')
    g_ptr_array_add (parts, g_steal_pointer (&authors));
  if (*date != '\0')
    g_ptr_array_add (parts, g_steal_pointer (&date));
  if (upvotes > 0)
    /* Translators: upvotes on Hugging Face, read by screen readers */
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%d upvote", "%d upvotes", upvotes), upvotes));
  if (comments > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%d comment", "%d comments", comments), comments));
  if (tags != NULL && tags[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) tags);

      /* Translators: the tags of a paper, read by screen readers */
      g_ptr_array_add (parts, g_strdup_printf (_("Tags: %s"), joined));
    }
  if (in_library && papers_paper_get_status (paper) == PAPERS_READ_STATUS_UNREAD)
    g_ptr_array_add (parts, g_strdup (_("Unread")));
  if (in_library)
    g_ptr_array_add (parts, g_strdup (_("In Library")));
  if (papers_paper_get_search_snippet (paper) != NULL)
    {
      g_autofree char *plain = papers_snippet_to_plain (papers_paper_get_search_snippet (paper));

      /* Translators: where a search found the paper in its PDF, read by
       * screen readers: the page, then the words around the match */
      g_ptr_array_add (parts, g_strdup_printf (_("Page %d: %s"), papers_paper_get_search_page (paper), plain));
    }

  for (guint i = 0; i < parts->len; i++)
    {
      if (i > 0)
        g_string_append (text, "; ");
      g_string_append (text, parts->pdata[i]);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* @text cut to what a row can show, on a character boundary */
static void
set_text (PangoLayout *layout,
          const char  *text)
{
  const char *end;
  guint n = 0;

  if (text == NULL)
    text = "";
  end = text;
  while (*end != '\0' && n++ < MAX_SHOWN_CHARS)
    end = g_utf8_next_char (end);
  pango_layout_set_text (layout, text, end - text);
}

/* The search's hit on @layout: "Page N · " and the snippet, whose words
 * found are in bold.  The snippet is markup the library made from the
 * PDF's text, escaped; markup Pango refuses is shown as it is. */
static void
set_search_hit (PangoLayout *layout,
                PapersPaper *paper)
{
  g_autofree char *page = g_strdup_printf (_("Page %d"), papers_paper_get_search_page (paper));
  g_autofree char *escaped = g_markup_escape_text (page, -1);
  g_autofree char *markup = g_strdup_printf ("%s · %s", escaped, papers_paper_get_search_snippet (paper));
  g_autoptr(PangoAttrList) attrs = NULL;
  g_autofree char *text = NULL;

  if (!pango_parse_markup (markup, -1, 0, &attrs, &text, NULL, NULL))
    {
      g_autofree char *plain = g_strdup_printf ("%s · %s", page, papers_paper_get_search_snippet (paper));

      set_text (layout, plain);
      return;
    }
  pango_attr_list_insert_before (attrs, pango_attr_scale_new (CAPTION_SCALE));
  pango_layout_set_attributes (layout, attrs);
  set_text (layout, text);
}

static PangoLayout *
layout_new (PapersPaperRow *self,
            PangoAttrList  *attrs,
            int             lines)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);

  /* As GtkLabel aligns its text */
  if (gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL)
    pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
  pango_layout_set_attributes (layout, attrs);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  if (lines > 1)
    {
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_height (layout, -lines);
    }
  else
    pango_layout_set_single_paragraph_mode (layout, TRUE);
  return layout;
}

static void
clear_layouts (PapersPaperRow *self)
{
  g_clear_object (&self->title);
  g_clear_object (&self->authors);
  g_clear_object (&self->meta);
  g_clear_object (&self->note);
  for (guint i = 0; i < MAX_CHIPS; i++)
    g_clear_object (&self->chips[i]);
  self->n_chips = 0;
  self->layout_width = -1;
}

/* Makes the layouts for the paper shown (none without one) */
static void
ensure_layouts (PapersPaperRow *self)
{
  PapersPaper *paper = self->paper;
  g_autoptr(PangoAttrList) bold = NULL;
  g_autoptr(PangoAttrList) caption = NULL;
  g_autofree char *authors = NULL;
  g_autofree char *meta = NULL;
  const char * const *tags;

  if (self->title != NULL || paper == NULL)
    return;
  self->context_serial = pango_context_get_serial (gtk_widget_get_pango_context (GTK_WIDGET (self)));

  bold = pango_attr_list_new ();
  pango_attr_list_insert (bold, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  caption = pango_attr_list_new ();
  pango_attr_list_insert (caption, pango_attr_scale_new (CAPTION_SCALE));
  pango_attr_list_insert (caption, pango_attr_font_features_new ("tnum=1"));

  self->title = layout_new (self, bold, 2);
  set_text (self->title, papers_paper_get_title (paper) ? papers_paper_get_title (paper) : papers_paper_get_id (paper));
  authors = papers_paper_dup_authors_short (paper, 3);
  self->authors = layout_new (self, NULL, 1);
  set_text (self->authors, authors);
  meta = dup_meta (paper);
  self->meta = layout_new (self, caption, 1);
  set_text (self->meta, meta);
  /* The For You line, else a search's hit in the PDF (two lines: the
   * words around it) */
  if (self->note_text == NULL && papers_paper_get_search_snippet (paper) != NULL)
    {
      self->note = layout_new (self, caption, 2);
      set_search_hit (self->note, paper);
    }
  else
    {
      self->note = layout_new (self, caption, 1);
      set_text (self->note, self->note_text);
    }

  tags = papers_paper_get_tags (paper);
  for (self->n_chips = 0; tags != NULL && tags[self->n_chips] != NULL && self->n_chips < MAX_CHIPS; self->n_chips++)
    {
      PangoLayout *chip = layout_new (self, caption, 1);

      set_text (chip, tags[self->n_chips]);
      pango_layout_set_width (chip, (MAX_CHIP_WIDTH - 2 * CHIP_PAD_X) * PANGO_SCALE);
      self->chips[self->n_chips] = chip;
    }
  self->layout_width = -1;
}

/* The width left to the text beside the dot and the bookmark */
static int
text_width (int width)
{
  return MAX (width - DOT_SIZE - SPACING - SPACING - ICON_SIZE, 1);
}

static void
set_layout_width (PapersPaperRow *self,
                  int             width)
{
  int text = text_width (width) * PANGO_SCALE;

  if (self->title == NULL || self->layout_width == width)
    return;
  pango_layout_set_width (self->title, text);
  pango_layout_set_width (self->authors, text);
  pango_layout_set_width (self->meta, text);
  pango_layout_set_width (self->note, text);
  self->layout_width = width;
}

static int
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

/* The height of the title's first line, which the dot and the bookmark
 * are centred on */
static int
first_line_height (PapersPaperRow *self)
{
  PangoRectangle logical;

  pango_layout_line_get_pixel_extents (pango_layout_get_line_readonly (self->title, 0), NULL, &logical);
  return logical.height;
}

static int
chip_height (PapersPaperRow *self)
{
  return self->n_chips > 0 ? layout_height (self->chips[0]) + 2 * CHIP_PAD_Y : 0;
}

/* The meta line: its text beside the chips, the taller of the two */
static int
meta_line_height (PapersPaperRow *self)
{
  return MAX (layout_height (self->meta), chip_height (self));
}

/* The title, authors (when there are some) and meta line, for @width */
static int
height_for_width (PapersPaperRow *self,
                  int             width)
{
  int height;

  ensure_layouts (self);
  if (self->title == NULL)
    return 0;
  set_layout_width (self, width);
  height = layout_height (self->title);
  if (pango_layout_get_character_count (self->authors) > 0)
    height += LINE_SPACING + layout_height (self->authors);
  height += LINE_SPACING + meta_line_height (self);
  if (pango_layout_get_character_count (self->note) > 0)
    height += LINE_SPACING + layout_height (self->note);
  return height;
}

static GtkSizeRequestMode
papers_paper_row_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
papers_paper_row_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  PapersPaperRow *self = PAPERS_PAPER_ROW (widget);
  int chrome = DOT_SIZE + SPACING + SPACING + ICON_SIZE;

  /* Any width the pane gives: the text wraps and ellipsizes to it */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = chrome + MIN_TEXT_WIDTH;
      *natural = chrome + NATURAL_TEXT_WIDTH;
    }
  else
    {
      int width = for_size >= 0 ? for_size : chrome + NATURAL_TEXT_WIDTH;

      *minimum = *natural = MAX (height_for_width (self, width), ICON_SIZE);
    }
}

static void
papers_paper_row_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  PapersPaperRow *self = PAPERS_PAPER_ROW (widget);

  ensure_layouts (self);
  set_layout_width (self, width);
}

/* @x of something @width wide, mirrored right to left */
static int
mirror (GtkWidget *widget,
        int        x,
        int        width)
{
  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    return gtk_widget_get_width (widget) - x - width;
  return x;
}

static void
get_accent (GtkWidget *widget,
            GdkRGBA   *accent)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  adw_accent_color_to_standalone_rgba (adw_style_manager_get_accent_color (manager),
                                       adw_style_manager_get_dark (manager), accent);
}

static void
snapshot_layout (GtkSnapshot   *snapshot,
                 PangoLayout   *layout,
                 int            x,
                 int            y,
                 const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
snapshot_dot (GtkSnapshot   *snapshot,
              int            x,
              int            y,
              const GdkRGBA *color)
{
  GskRoundedRect dot;

  gsk_rounded_rect_init_from_rect (&dot, &GRAPHENE_RECT_INIT (x, y, DOT_SIZE, DOT_SIZE), DOT_SIZE / 2.0);
  gtk_snapshot_push_rounded_clip (snapshot, &dot);
  gtk_snapshot_append_color (snapshot, color, &dot.bounds);
  gtk_snapshot_pop (snapshot);
}

static void
snapshot_bookmark (GtkWidget     *widget,
                   GtkSnapshot   *snapshot,
                   int            x,
                   int            y,
                   const GdkRGBA *color)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
  g_autoptr(GtkIconPaintable) icon = gtk_icon_theme_lookup_icon (theme, "user-bookmarks-symbolic", NULL, ICON_SIZE,
                                                                 gtk_widget_get_scale_factor (widget),
                                                                 gtk_widget_get_direction (widget), 0);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot, ICON_SIZE, ICON_SIZE, color, 1);
  gtk_snapshot_restore (snapshot);
}

/* The meta line at @y: its text, then as many chips as fit */
static void
snapshot_meta (PapersPaperRow *self,
               GtkSnapshot    *snapshot,
               int             x,
               int             y,
               const GdkRGBA  *color,
               const GdkRGBA  *dim)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int available = text_width (gtk_widget_get_width (widget));
  int line = meta_line_height (self);
  int pill_height = chip_height (self);
  PangoRectangle logical;
  GdkRGBA chip_color = *color;
  int used;

  pango_layout_get_pixel_extents (self->meta, NULL, &logical);
  used = logical.width;
  snapshot_layout (snapshot, self->meta, mirror (widget, x, used), y + (line - logical.height) / 2, dim);

  chip_color.alpha *= 0.1;
  for (guint i = 0; i < self->n_chips; i++)
    {
      PangoRectangle text;
      GskRoundedRect pill;
      int start = used > 0 ? used + (i == 0 ? SPACING : CHIP_SPACING) : 0;
      int chip_width, chip_x;

      pango_layout_get_pixel_extents (self->chips[i], NULL, &text);
      chip_width = text.width + 2 * CHIP_PAD_X;
      if (start + chip_width > available)
        break;
      chip_x = mirror (widget, x + start, chip_width);
      gsk_rounded_rect_init_from_rect (&pill,
                                       &GRAPHENE_RECT_INIT (chip_x, y + (line - pill_height) / 2.0,
                                                            chip_width, pill_height),
                                       pill_height / 2.0);
      gtk_snapshot_push_rounded_clip (snapshot, &pill);
      gtk_snapshot_append_color (snapshot, &chip_color, &pill.bounds);
      gtk_snapshot_pop (snapshot);
      snapshot_layout (snapshot, self->chips[i], chip_x + CHIP_PAD_X, pill.bounds.origin.y + CHIP_PAD_Y, color);
      used = start + chip_width;
    }
}

static void
papers_paper_row_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  PapersPaperRow *self = PAPERS_PAPER_ROW (widget);
  int width = gtk_widget_get_width (widget);
  int x = DOT_SIZE + SPACING;
  int y = 0;
  GdkRGBA color, dim, accent;
  PangoRectangle logical;

  ensure_layouts (self);
  if (self->title == NULL)
    return;
  set_layout_width (self, width);
  gtk_widget_get_color (widget, &color);
  dim = color;
  dim.alpha *= DIM_OPACITY;
  get_accent (widget, &accent);

  if (self->unread)
    snapshot_dot (snapshot, mirror (widget, 0, DOT_SIZE), (first_line_height (self) - DOT_SIZE) / 2, &accent);
  if (self->in_library)
    snapshot_bookmark (widget, snapshot, mirror (widget, width - ICON_SIZE, ICON_SIZE),
                       MAX ((first_line_height (self) - ICON_SIZE) / 2, 0), &accent);

  pango_layout_get_pixel_extents (self->title, NULL, &logical);
  snapshot_layout (snapshot, self->title, mirror (widget, x, text_width (width)), y, &color);
  y += logical.height;
  if (pango_layout_get_character_count (self->authors) > 0)
    {
      y += LINE_SPACING;
      snapshot_layout (snapshot, self->authors, mirror (widget, x, text_width (width)), y, &dim);
      y += layout_height (self->authors);
    }
  snapshot_meta (self, snapshot, x, y + LINE_SPACING, &color, &dim);
  if (pango_layout_get_character_count (self->note) > 0)
    {
      y += LINE_SPACING + meta_line_height (self) + LINE_SPACING;
      snapshot_layout (snapshot, self->note, mirror (widget, x, text_width (width)), y,
                       self->note_text != NULL ? &accent : &color);
    }
}

static gboolean
papers_paper_row_query_tooltip (GtkWidget  *widget,
                                int         x,
                                int         y,
                                gboolean    keyboard,
                                GtkTooltip *tooltip)
{
  PapersPaperRow *self = PAPERS_PAPER_ROW (widget);
  int width = gtk_widget_get_width (widget);
  int dot_x = mirror (widget, 0, DOT_SIZE);
  int icon_x = mirror (widget, width - ICON_SIZE, ICON_SIZE);
  int line;

  if (keyboard || self->title == NULL)
    return FALSE;
  line = MAX (first_line_height (self), ICON_SIZE);
  if (self->unread && x >= dot_x - 2 && x < dot_x + DOT_SIZE + 2 && y < line)
    {
      gtk_tooltip_set_text (tooltip, _("Unread"));
      return TRUE;
    }
  if (self->in_library && x >= icon_x && x < icon_x + ICON_SIZE && y < line)
    {
      gtk_tooltip_set_text (tooltip, _("In Library"));
      return TRUE;
    }
  return FALSE;
}

static void
papers_paper_row_css_changed (GtkWidget         *widget,
                              GtkCssStyleChange *change)
{
  PapersPaperRow *self = PAPERS_PAPER_ROW (widget);

  GTK_WIDGET_CLASS (papers_paper_row_parent_class)->css_changed (widget, change);
  /* A new font or size (a new Pango context) lays the text out again; a
   * new color (a hover, a selection) only draws it again. */
  if (self->title != NULL &&
      pango_context_get_serial (gtk_widget_get_pango_context (widget)) != self->context_serial)
    {
      clear_layouts (self);
      gtk_widget_queue_resize (widget);
    }
  else
    gtk_widget_queue_draw (widget);
}

static void
papers_paper_row_direction_changed (GtkWidget        *widget,
                                    GtkTextDirection  previous)
{
  clear_layouts (PAPERS_PAPER_ROW (widget));
  gtk_widget_queue_resize (widget);
}

static void
update (PapersPaperRow *self)
{
  PapersPaper *paper = self->paper;

  clear_layouts (self);
  self->in_library = paper != NULL && papers_paper_get_in_library (paper);
  self->unread = self->in_library && papers_paper_get_status (paper) == PAPERS_READ_STATUS_UNREAD;
  gtk_widget_queue_resize (GTK_WIDGET (self));
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
    self->notify_id = g_signal_connect_swapped (paper, "notify", G_CALLBACK (paper_notify_cb), self);
  update (self);
}

/**
 * papers_paper_row_set_note:
 * @note: (nullable): the line under the rest: why the paper ranks high
 *   For You, and whether it was seen
 *
 * The list item says the same to screen readers (in its description).
 */
void
papers_paper_row_set_note (PapersPaperRow *self,
                           const char     *note)
{
  g_return_if_fail (PAPERS_IS_PAPER_ROW (self));

  if (g_strcmp0 (self->note_text, note) == 0)
    return;
  g_free (self->note_text);
  self->note_text = g_strdup (note);
  clear_layouts (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
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

/**
 * papers_paper_row_dup_shown_text:
 *
 * Returns: (transfer full): the text the row draws, a line per part
 *   (title, authors, meta line, then each tag shown), as drawn
 */
char *
papers_paper_row_dup_shown_text (PapersPaperRow *self)
{
  GString *text = g_string_new (NULL);

  ensure_layouts (self);
  if (self->title == NULL)
    return g_string_free (text, FALSE);
  g_string_append_printf (text, "%s\n%s\n%s", pango_layout_get_text (self->title),
                          pango_layout_get_text (self->authors), pango_layout_get_text (self->meta));
  for (guint i = 0; i < self->n_chips; i++)
    g_string_append_printf (text, "\n%s", pango_layout_get_text (self->chips[i]));
  if (pango_layout_get_character_count (self->note) > 0)
    g_string_append_printf (text, "\n%s", pango_layout_get_text (self->note));
  return g_string_free (text, FALSE);
}

static void
papers_paper_row_dispose (GObject *object)
{
  PapersPaperRow *self = PAPERS_PAPER_ROW (object);

  papers_paper_row_set_paper (self, NULL);
  clear_layouts (self);
  g_clear_pointer (&self->note_text, g_free);

  G_OBJECT_CLASS (papers_paper_row_parent_class)->dispose (object);
}

static void
papers_paper_row_class_init (PapersPaperRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = papers_paper_row_dispose;
  widget_class->get_request_mode = papers_paper_row_get_request_mode;
  widget_class->measure = papers_paper_row_measure;
  widget_class->size_allocate = papers_paper_row_size_allocate;
  widget_class->snapshot = papers_paper_row_snapshot;
  widget_class->query_tooltip = papers_paper_row_query_tooltip;
  widget_class->css_changed = papers_paper_row_css_changed;
  widget_class->direction_changed = papers_paper_row_direction_changed;
  gtk_widget_class_set_css_name (widget_class, "paperrow");
  /* The list item carries the name and description */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
papers_paper_row_init (PapersPaperRow *self)
{
  self->layout_width = -1;
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 6);
}
