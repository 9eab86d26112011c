/* fuzz-refs.c: libFuzzer target for the reference parser
 *
 * The input is laid out as page text: '\f' starts a page, '\n' a line;
 * each character gets a box on a grid, and the characters after a '^'
 * up to the next space are set small and raised, so superscripts, columns
 * (a '\t' jumps to the right half) and labels on lines of their own are
 * all within reach.  An '@' starts a link over the next dozen characters
 * whose destination (a page, valid or not, and a place) the character
 * after it chooses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "papers-refs.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static PapersTextPage *
lay_out (const char *text)
{
  g_autoptr(GArray) rects = g_array_new (FALSE, FALSE, sizeof (PapersTextRect));
  double x = 50, y = 60;
  gboolean raised = FALSE;

  for (const char *c = text; *c != '\0'; c = g_utf8_next_char (c))
    {
      gunichar ch = g_utf8_get_char (c);
      double size = raised ? 6 : 10;
      PapersTextRect r = { x, y - size - (raised ? 4 : 0), x + size / 2, y - (raised ? 4 : 0) };

      g_array_append_val (rects, r);
      if (ch == '^')
        raised = TRUE;
      else if (ch == ' ')
        raised = FALSE;
      if (ch == '\n')
        {
          x = x >= 306 ? 316 : 50;
          y += 12;
          raised = FALSE;
        }
      else if (ch == '\t')
        x = 316;
      else
        x += size / 2;
      if (y > 760)
        y = 60;
    }
  return papers_text_page_new (text, (PapersTextRect *) rects->data, rects->len, 612, 792);
}

static void
add_links (PapersTextPage *page,
           guint           n_pages)
{
  guint i = 0;

  for (const char *c = page->text; *c != '\0' && i < page->n_rects; c = g_utf8_next_char (c), i++)
    {
      guint b = (guint8) c[1];
      PapersTextLink link;

      if (*c != '@')
        continue;
      link.rect = page->rects[i];
      for (guint j = i + 1; j < MIN (i + 12, page->n_rects); j++)
        {
          link.rect.x2 = MAX (link.rect.x2, page->rects[j].x2);
          link.rect.y2 = MAX (link.rect.y2, page->rects[j].y2);
        }
      link.dest_page = (int) (b % (n_pages + 2)) - 1;
      link.dest_top = (double) ((b * 37) % 800) - 10;
      link.dest_left = b & 1 ? -1 : (double) ((b * 13) % 612);
      papers_text_page_add_link (page, &link);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_utf8_make_valid ((const char *) data, size);
  g_auto(GStrv) sheets = g_strsplit (text, "\f", 64);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_text_page_free);
  g_autoptr(PapersRefs) refs = NULL;

  for (guint i = 0; sheets[i] != NULL; i++)
    g_ptr_array_add (pages, lay_out (sheets[i]));
  for (guint i = 0; i < pages->len; i++)
    add_links (pages->pdata[i], pages->len);
  refs = papers_refs_parse ((PapersTextPage * const *) pages->pdata, pages->len);

  /* Whatever is found points at real entries, targets and pages. */
  for (guint i = 0; i < refs->entries->len; i++)
    {
      PapersRefEntry *entry = refs->entries->pdata[i];

      g_assert_true (g_utf8_validate (entry->text, -1, NULL));
      g_assert_nonnull (entry->label);
      g_assert_cmpint (entry->page, <, (int) pages->len);
    }
  for (guint i = 0; i < refs->citations->len; i++)
    {
      PapersCitation *citation = refs->citations->pdata[i];

      g_assert_cmpuint (citation->entries->len, >, 0);
      for (guint j = 0; j < citation->entries->len; j++)
        g_assert_cmpint (g_array_index (citation->entries, int, j), <, (int) refs->entries->len);
    }
  for (guint i = 0; i < refs->mentions->len; i++)
    g_assert_cmpint (((PapersRefMention *) refs->mentions->pdata[i])->target, <, (int) refs->targets->len);
  return 0;
}
