/* papers-text-columns.c: a two-column page's text, one column after the other
 *
 * Poppler's reading order usually reads a two-column page column by
 * column, but not always: on tightly set pages, reference lists with
 * hanging labels above all, it reads across the gutter, one line of each
 * column in turn or both on one line ("…Ashish Polo- [10] Baptiste
 * Zhang…").  Every later step reads entries and citations line by line,
 * so such a page is put back in order here from the characters' boxes:
 * a gutter is a vertical band in the middle of the page that (almost) no
 * line's characters cross while text stands on both sides of it; each
 * line is cut at it; and the pieces are read left column first, then the
 * right, band by band between the lines that span both (a title, a wide
 * figure's caption).
 *
 * A page without such a gutter is left as it is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "papers-refs.h"

/* Pages wider than this (in points) are not looked at: no paper's page is,
 * and the coverage below is one counter per point. */
#define MAX_PAGE_WIDTH    5000
/* Where a gutter may be: the middle of the page */
#define GUTTER_FROM       0.30
#define GUTTER_TO         0.70
/* At least this wide, in points */
#define MIN_GUTTER_WIDTH  3.0
/* Lines crossing it, at most: a title, a wide caption or equation */
#define MAX_CROSSING      0.10
/* The text on each side of it, at least */
#define MIN_SIDE_SHARE    0.20
/* No glyph is wider, in points */
#define MAX_GLYPH_WIDTH   100
/* Fewer lines than this are not enough to tell */
#define MIN_LINES         8

typedef enum {
  SIDE_LEFT,
  SIDE_RIGHT,
  SIDE_BOTH,
} Side;

/* A piece of a line: characters [first, first + n) of the page, and the
 * box of the visible ones */
typedef struct {
  guint          first;
  guint          n;
  gsize          byte_first;
  gsize          n_bytes;
  PapersTextRect box;
  gboolean       has_box;
  Side           side;
  guint          order;       /* in Poppler's reading */
} Piece;

static gboolean
visible_box (const PapersTextPage *page,
             guint                 index,
             gunichar              ch)
{
  const PapersTextRect *r;

  if (index >= page->n_rects || g_unichar_isspace (ch))
    return FALSE;
  r = &page->rects[index];
  return isfinite (r->x1) && isfinite (r->x2) && isfinite (r->y1) && isfinite (r->y2) &&
         r->x2 > r->x1 && r->y2 >= r->y1 && r->x1 >= 0 && r->x2 <= MAX_PAGE_WIDTH;
}

static void
piece_add (Piece                *piece,
           const PapersTextRect *r)
{
  if (!piece->has_box)
    {
      piece->box = *r;
      piece->has_box = TRUE;
      return;
    }
  piece->box.x1 = MIN (piece->box.x1, r->x1);
  piece->box.y1 = MIN (piece->box.y1, r->y1);
  piece->box.x2 = MAX (piece->box.x2, r->x2);
  piece->box.y2 = MAX (piece->box.y2, r->y2);
}

/* The page's lines as pieces, whole; NULL when the boxes do not cover its
 * characters (nothing to go by) */
static GArray *
read_lines (const PapersTextPage *page)
{
  g_autoptr(GArray) lines = g_array_new (FALSE, TRUE, sizeof (Piece));
  const char *text = page->text;
  Piece line = { 0 };
  guint index = 0;
  const char *c;

  for (c = text; ; c = g_utf8_next_char (c), index++)
    {
      gunichar ch = g_utf8_get_char (c);

      if (ch == '\n' || ch == 0)
        {
          line.n = index - line.first;
          line.n_bytes = (c - text) - line.byte_first;
          line.order = lines->len;
          g_array_append_val (lines, line);
          if (ch == 0)
            break;
          memset (&line, 0, sizeof line);
          line.first = index + 1;
          line.byte_first = (c - text) + 1;
          continue;
        }
      if (visible_box (page, index, ch))
        piece_add (&line, &page->rects[index]);
    }
  return index <= page->n_rects + 1 ? g_steal_pointer (&lines) : NULL;
}

/* The gutter's middle, or a negative number when the page has none */
static double
find_gutter (const PapersTextPage *page,
             GArray               *lines)
{
  guint width = (guint) ceil (page->width);
  g_autofree guint *cover = NULL;
  g_autofree guint *stamp = NULL;
  guint n_lines = 0, best_from = 0, best_len = 0, from, to;
  double gutter, left = 0, right = 0;

  if (!isfinite (page->width) || page->width < 100 || page->width > MAX_PAGE_WIDTH)
    return -1;
  cover = g_new0 (guint, width + 1);
  stamp = g_new0 (guint, width + 1);
  /* How many lines have a character over each point of the width (a
   * character wider than any glyph is not counted: it would cost) */
  for (guint l = 0; l < lines->len; l++)
    {
      const Piece *line = &g_array_index (lines, Piece, l);
      const char *c = page->text + line->byte_first;

      if (!line->has_box)
        continue;
      n_lines++;
      for (guint i = 0; i < line->n; i++, c = g_utf8_next_char (c))
        {
          const PapersTextRect *r;

          if (!visible_box (page, line->first + i, g_utf8_get_char (c)))
            continue;
          r = &page->rects[line->first + i];
          if (r->x2 - r->x1 > MAX_GLYPH_WIDTH)
            continue;
          for (guint x = (guint) floor (r->x1); x <= (guint) ceil (r->x2) && x <= width; x++)
            if (stamp[x] != l + 1)
              {
                stamp[x] = l + 1;
                cover[x]++;
              }
        }
    }
  if (n_lines < MIN_LINES)
    return -1;

  /* The widest band of the middle that few lines cross */
  from = (guint) (page->width * GUTTER_FROM);
  to = (guint) (page->width * GUTTER_TO);
  for (guint x = from; x <= to; )
    {
      guint end = x;

      while (end <= to && cover[end] <= n_lines * MAX_CROSSING)
        end++;
      if (end - x > best_len)
        {
          best_from = x;
          best_len = end - x;
        }
      x = end + 1;
    }
  if (best_len < MIN_GUTTER_WIDTH + 2)   /* the bins at its ends are partly covered */
    return -1;
  /* Its emptiest part (give or take a line or two that overflows into
   * it): a reference list's hanging labels stand alone at the right
   * column's edge, on few lines, and would pull the middle right.  The
   * gap between them and their entries' text is as empty, but narrower. */
  {
    guint least = G_MAXUINT, least_from = best_from, least_len = 0;
    guint slack = MAX (1, n_lines / 50);

    for (guint x = best_from; x < best_from + best_len; x++)
      least = MIN (least, cover[x]);
    for (guint x = best_from; x < best_from + best_len; )
      {
        guint end = x;

        while (end < best_from + best_len && cover[end] <= least + slack)
          end++;
        if (end - x > least_len)
          {
            least_from = x;
            least_len = end - x;
          }
        x = end + 1;
      }
    gutter = least_from + least_len / 2.0;
  }

  /* Text on both sides of it */
  for (guint x = 0; x <= width; x++)
    {
      if (x < gutter)
        left += cover[x];
      else
        right += cover[x];
    }
  if (left < (left + right) * MIN_SIDE_SHARE || right < (left + right) * MIN_SIDE_SHARE)
    return -1;
  return gutter;
}

/* Cuts each line at the gutter: its characters left of it, then those
 * right of it, as a line read across the gutter has them.  A line whose
 * characters cross the gutter and reach a quarter of a column into each
 * side (a title, a wide caption) stays whole and spans both; so does, on
 * the side of its start, one that goes back left after the right (not
 * a line of two columns). */
static void
cut_line (const PapersTextPage *page,
          const Piece          *line,
          double                gutter,
          GArray               *pieces)
{
  const char *c = page->text + line->byte_first;
  const char *cut = NULL;
  Piece part[2] = { { 0 }, { 0 } };
  gboolean crosses = FALSE, back = FALSE;
  guint cut_index = line->n;

  for (guint i = 0; i < line->n; i++, c = g_utf8_next_char (c))
    {
      const PapersTextRect *r = &page->rects[MIN (line->first + i, page->n_rects - 1)];
      Side side;

      if (!visible_box (page, line->first + i, g_utf8_get_char (c)))
        continue;
      crosses = crosses || (r->x1 < gutter && r->x2 > gutter);
      side = (r->x1 + r->x2) / 2 < gutter ? SIDE_LEFT : SIDE_RIGHT;
      if (side == SIDE_RIGHT && cut == NULL)
        {
          cut = c;
          cut_index = i;
        }
      else if (side == SIDE_LEFT && cut != NULL)
        back = TRUE;
      piece_add (&part[side], r);
    }

  if (cut == NULL || cut_index == 0 || back ||
      (crosses && line->box.x1 < gutter - gutter / 4 && line->box.x2 > gutter + (page->width - gutter) / 4))
    {
      Piece whole = *line;

      if (crosses && !back && cut != NULL && cut_index > 0)
        whole.side = SIDE_BOTH;
      else
        whole.side = whole.has_box && (whole.box.x1 + whole.box.x2) / 2 >= gutter ? SIDE_RIGHT : SIDE_LEFT;
      g_array_append_val (pieces, whole);
      return;
    }

  part[SIDE_LEFT].first = line->first;
  part[SIDE_LEFT].n = cut_index;
  part[SIDE_LEFT].byte_first = line->byte_first;
  part[SIDE_LEFT].n_bytes = (cut - page->text) - line->byte_first;
  part[SIDE_RIGHT].first = line->first + cut_index;
  part[SIDE_RIGHT].n = line->n - cut_index;
  part[SIDE_RIGHT].byte_first = cut - page->text;
  part[SIDE_RIGHT].n_bytes = line->byte_first + line->n_bytes - (cut - page->text);
  for (int s = SIDE_LEFT; s <= SIDE_RIGHT; s++)
    {
      part[s].side = s;
      part[s].order = line->order;
      g_array_append_val (pieces, part[s]);
    }
}

static GArray *
cut_lines (const PapersTextPage *page,
           GArray               *lines,
           double                gutter)
{
  GArray *pieces = g_array_new (FALSE, TRUE, sizeof (Piece));

  PapersTextRect above = { 0, 0, 0, 0 };

  for (guint l = 0; l < lines->len; l++)
    {
      Piece *line = &g_array_index (lines, Piece, l);

      /* A line of spaces, or of characters without boxes, stays below
       * the line Poppler read before it. */
      if (!line->has_box)
        {
          line->box = above;
          line->has_box = TRUE;
        }
      above = line->box;
      cut_line (page, line, gutter, pieces);
    }
  return pieces;
}

static double
piece_top (const Piece *piece)
{
  return piece->has_box ? piece->box.y1 : -1;
}

static int
compare_pieces (gconstpointer a,
                gconstpointer b)
{
  const Piece *p = *(const Piece **) a, *q = *(const Piece **) b;
  double dy = piece_top (p) - piece_top (q);

  /* The same line within a column (cells of a table): left to right */
  if (fabs (dy) > 1.0)
    return dy < 0 ? -1 : 1;
  if (p->box.x1 != q->box.x1)
    return p->box.x1 < q->box.x1 ? -1 : 1;
  return (p->order > q->order) - (p->order < q->order);
}

/* Appends @piece's characters and a line's end to @text and @rects */
static void
append_piece (const PapersTextPage *page,
              const Piece          *piece,
              GString              *text,
              GArray               *rects)
{
  PapersTextRect end = piece->box;

  g_string_append_len (text, page->text + piece->byte_first, piece->n_bytes);
  for (guint i = 0; i < piece->n; i++)
    {
      guint index = piece->first + i;
      PapersTextRect none = { NAN, NAN, NAN, NAN };

      g_array_append_val (rects, *(index < page->n_rects ? &page->rects[index] : &none));
    }
  g_string_append_c (text, '\n');
  if (piece->n > 0 && piece->first + piece->n - 1 < page->n_rects)
    end = page->rects[piece->first + piece->n - 1];
  g_array_append_val (rects, end);
}

/**
 * papers_text_page_order_columns:
 * @page: a page's text with its boxes
 *
 * Reads a two-column page column by column when Poppler read it across.
 *
 * Returns: (transfer full) (nullable): the page's text in that order, its
 *   boxes and links with it; NULL when @page has no gutter (it is read
 *   as it is)
 */
PapersTextPage *
papers_text_page_order_columns (const PapersTextPage *page)
{
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GArray) pieces = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GPtrArray) left = g_ptr_array_new ();
  g_autoptr(GPtrArray) right = g_ptr_array_new ();
  GPtrArray *column[2] = { left, right };
  g_autoptr(GString) text = NULL;
  g_autoptr(GArray) rects = NULL;
  PapersTextPage *ordered;
  double gutter;
  gboolean changed = FALSE;

  g_return_val_if_fail (page != NULL, NULL);

  if (page->text == NULL || page->n_rects == 0 || (lines = read_lines (page)) == NULL)
    return NULL;
  if ((gutter = find_gutter (page, lines)) < 0)
    return NULL;

  pieces = cut_lines (page, lines, gutter);
  sorted = g_ptr_array_sized_new (pieces->len);
  for (guint i = 0; i < pieces->len; i++)
    g_ptr_array_add (sorted, &g_array_index (pieces, Piece, i));
  g_ptr_array_sort (sorted, compare_pieces);

  /* Band by band: the left column's pieces above a line spanning both,
   * the right column's, then that line */
  text = g_string_sized_new (strlen (page->text) + pieces->len);
  rects = g_array_sized_new (FALSE, FALSE, sizeof (PapersTextRect), page->n_rects + pieces->len);
  for (guint i = 0; i <= sorted->len; i++)
    {
      const Piece *piece = i < sorted->len ? sorted->pdata[i] : NULL;

      if (piece != NULL && piece->side != SIDE_BOTH)
        {
          g_ptr_array_add (column[piece->side], (gpointer) piece);
          continue;
        }
      for (int s = SIDE_LEFT; s <= SIDE_RIGHT; s++)
        {
          for (guint j = 0; j < column[s]->len; j++)
            append_piece (page, column[s]->pdata[j], text, rects);
          g_ptr_array_set_size (column[s], 0);
        }
      if (piece != NULL)
        append_piece (page, piece, text, rects);
    }
  /* The last line had no end of its own */
  if (text->len > 0 && page->text[strlen (page->text) - 1] != '\n')
    {
      g_string_truncate (text, text->len - 1);
      g_array_set_size (rects, rects->len - 1);
    }

  changed = strcmp (text->str, page->text) != 0;
  if (!changed)
    return NULL;
  ordered = papers_text_page_new (text->str, (const PapersTextRect *) rects->data, rects->len, page->width,
                                  page->height);
  if (page->links != NULL)
    ordered->links = g_array_ref (page->links);
  return ordered;
}
