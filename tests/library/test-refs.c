/* test-refs.c: the reference parser on made-up pages and on real papers
 *
 * The made-up pages are laid out the way Poppler gives a PDF's text: lines
 * in reading order separated by '\n', one box per character, '\n'
 * included, columns one after the other.  The /corpus/ cases read the
 * corpus' real papers through PapersDocument and compare with the counts
 * made by hand (src/bench/bench-refs-truth.h, shared with papers-bench).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <string.h>

#include <cairo-pdf.h>

#include "papers-document.h"
#include "papers-pdf-text.h"
#include "papers-refs.h"
#include "bench-refs-truth.h"

#define PAGE_W 612.0
#define PAGE_H 792.0

/* A page being laid out. */
typedef struct {
  GString *text;
  GArray  *rects;
} Sheet;

static Sheet *
sheet_new (void)
{
  Sheet *sheet = g_new0 (Sheet, 1);

  sheet->text = g_string_new (NULL);
  sheet->rects = g_array_new (FALSE, FALSE, sizeof (PapersTextRect));
  return sheet;
}

/* Appends @text at (@x, @y) in a font of @size points, characters
 * @size / 2 wide; @raise lifts it (a superscript). */
static void
sheet_run (Sheet      *sheet,
           double     *x,
           double      y,
           double      size,
           double      raise,
           const char *text)
{
  for (const char *c = text; *c != '\0'; c = g_utf8_next_char (c))
    {
      PapersTextRect r = { *x, y - size - raise, *x + size / 2, y - raise };

      g_string_append_unichar (sheet->text, g_utf8_get_char (c));
      g_array_append_val (sheet->rects, r);
      *x += size / 2;
    }
}

static void
sheet_end_line (Sheet *sheet,
                double x,
                double y)
{
  PapersTextRect r = { x, y - 1, x, y };

  g_string_append_c (sheet->text, '\n');
  g_array_append_val (sheet->rects, r);
}

static void
sheet_line (Sheet      *sheet,
            double      x,
            double      y,
            double      size,
            const char *text)
{
  sheet_run (sheet, &x, y, size, 0, text);
  sheet_end_line (sheet, x, y);
}

static PapersTextPage *
sheet_finish (Sheet *sheet)
{
  PapersTextPage *page = papers_text_page_new (sheet->text->str, (PapersTextRect *) sheet->rects->data,
                                               sheet->rects->len, PAGE_W, PAGE_H);

  g_string_free (sheet->text, TRUE);
  g_array_unref (sheet->rects);
  g_free (sheet);
  return page;
}

static PapersRefs *
parse (GPtrArray *pages)
{
  return papers_refs_parse ((PapersTextPage * const *) pages->pdata, pages->len);
}

static GPtrArray *
pages_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) papers_text_page_free);
}

static PapersRefEntry *
entry (PapersRefs *refs,
       guint       i)
{
  g_assert_cmpuint (i, <, refs->entries->len);
  return refs->entries->pdata[i];
}

/* The labels of the entries citation @i names, "|" between them. */
static char *
cited (PapersRefs *refs,
       guint       i)
{
  PapersCitation *c;
  GString *out = g_string_new (NULL);

  g_assert_cmpuint (i, <, refs->citations->len);
  c = refs->citations->pdata[i];
  for (guint j = 0; j < c->entries->len; j++)
    g_string_append_printf (out, "%s%s", j ? "|" : "", entry (refs, g_array_index (c->entries, int, j))->label);
  return g_string_free (out, FALSE);
}

static void
assert_cited (PapersRefs *refs,
              guint       i,
              const char *text,
              const char *labels)
{
  g_autofree char *got = cited (refs, i);

  g_assert_cmpstr (((PapersCitation *) refs->citations->pdata[i])->text, ==, text);
  g_assert_cmpstr (got, ==, labels);
}

static void
body (Sheet  *sheet,
      double *y,
      guint   n)
{
  for (guint i = 0; i < n; i++, *y += 12)
    sheet_line (sheet, 72, *y, 10, "Plain prose of the paper that goes on without citing anything at all here.");
}

static void
test_numbered (void)
{
  g_autoptr(GPtrArray) pages = pages_new ();
  g_autoptr(PapersRefs) refs = NULL;
  Sheet *s = sheet_new ();
  double y = 72;

  body (s, &y, 3);
  sheet_line (s, 72, y += 12, 10, "Transformers [1] replaced recurrence [2, 3], see also [1–3].");
  sheet_line (s, 72, y += 12, 10, "An array index a[2] and a code block sp[3] are not citations, nor is [99].");
  sheet_line (s, 72, y += 24, 12, "References");
  sheet_line (s, 72, y += 14, 9, "[1] A. Vaswani, N. Shazeer, and N. Parmar. Attention is all you need. In");
  sheet_line (s, 82, y += 11, 9, "NeurIPS, 2017. arXiv:1706.03762v5.");
  sheet_line (s, 72, y += 11, 9, "[2] I. Beltagy, M. E. Peters, and A. Cohan. Longformer: The long-document");
  sheet_line (s, 82, y += 11, 9, "transformer. https://arxiv.org/abs/2004.05150");
  sheet_line (s, 72, y += 11, 9, "[3] J. Maldacena. The large N limit of superconformal field theories and");
  sheet_line (s, 82, y += 11, 9, "supergravity. Adv. Theor. Math. Phys. 2, 231 (1998), hep-th/9711200.");
  sheet_line (s, 72, y += 11, 9, "[4] D. Knuth. Literate programming. The Computer Journal 27(2), 1984.");
  sheet_line (s, 82, y += 11, 9, "doi:10.1093/comjnl/27.2.97.");
  g_ptr_array_add (pages, sheet_finish (s));

  refs = parse (pages);
  g_assert_true (refs->numbered);
  g_assert_cmpuint (refs->entries->len, ==, 4);
  g_assert_cmpstr (entry (refs, 0)->label, ==, "1");
  g_assert_cmpstr (entry (refs, 0)->arxiv_id, ==, "1706.03762");
  g_assert_cmpstr (entry (refs, 0)->title, ==, "Attention is all you need");
  g_assert_cmpstr (entry (refs, 1)->arxiv_id, ==, "2004.05150");
  g_assert_cmpstr (entry (refs, 2)->arxiv_id, ==, "hep-th/9711200");
  g_assert_null (entry (refs, 3)->arxiv_id);
  g_assert_cmpstr (entry (refs, 3)->doi, ==, "10.1093/comjnl/27.2.97");
  g_assert_cmpint (entry (refs, 3)->page, ==, 0);
  g_assert_true (g_str_has_suffix (entry (refs, 1)->text, "Longformer: The long-document transformer. https://arxiv.org/abs/2004.05150"));

  g_assert_cmpuint (refs->citations->len, ==, 3);
  assert_cited (refs, 0, "[1]", "1");
  assert_cited (refs, 1, "[2, 3]", "2|3");
  assert_cited (refs, 2, "[1–3]", "1|2|3");
  /* Its box is where the text is. */
  g_assert_cmpfloat (((PapersCitation *) refs->citations->pdata[0])->rect.x1, >, 72 + 5 * 12);
  g_assert_cmpfloat (((PapersCitation *) refs->citations->pdata[0])->rect.y2, <=, 72 + 4 * 12 + 0.01);
}

static void
test_numbered_dot (void)
{
  g_autoptr(GPtrArray) pages = pages_new ();
  g_autoptr(PapersRefs) refs = NULL;
  Sheet *s = sheet_new ();
  double y = 72;

  body (s, &y, 2);
  sheet_line (s, 72, y += 12, 10, "As shown before [2].");
  sheet_line (s, 72, y += 24, 12, "5. REFERENCES");
  sheet_line (s, 72, y += 14, 9, "1. Brown, T. et al. Language models are few-shot learners. NeurIPS 33,");
  sheet_line (s, 82, y += 11, 9, "2020. (2020).");
  sheet_line (s, 72, y += 11, 9, "2. Kaplan, J. et al. Scaling laws for neural language models. arXiv");
  sheet_line (s, 82, y += 11, 9, "preprint arXiv:2001.08361 (2020).");
  sheet_line (s, 72, y += 11, 9, "3. Hoffmann, J. et al. Training compute-optimal large language models.");
  sheet_line (s, 82, y += 11, 9, "arXiv:2203.");
  sheet_line (s, 82, y += 11, 9, "15556 (2022).");
  g_ptr_array_add (pages, sheet_finish (s));

  refs = parse (pages);
  g_assert_true (refs->numbered);
  g_assert_cmpuint (refs->entries->len, ==, 3);
  g_assert_cmpstr (entry (refs, 1)->arxiv_id, ==, "2001.08361");
  /* Broken over two lines. */
  g_assert_cmpstr (entry (refs, 2)->arxiv_id, ==, "2203.15556");
  g_assert_cmpuint (refs->citations->len, ==, 1);
  assert_cited (refs, 0, "[2]", "2");
}

static void
test_author_year (void)
{
  g_autoptr(GPtrArray) pages = pages_new ();
  g_autoptr(PapersRefs) refs = NULL;
  Sheet *s = sheet_new ();
  double y = 72;

  body (s, &y, 2);
  sheet_line (s, 72, y += 12, 10, "Vaswani et al. (2017) introduced it; others followed");
  sheet_line (s, 72, y += 12, 10, "(Vaswani et al., 2017; Brown et al., 2020a). Larger ones came (e.g.,");
  sheet_line (s, 72, y += 12, 10, "Brown et al., 2020b), and van der Maaten and Hinton (2008) is older.");
  sheet_line (s, 72, y += 12, 10, "In 2019 nothing was cited (12 models, 2019), but Brown et al. (2020a,b) was.");
  sheet_line (s, 72, y += 24, 12, "References");
  sheet_line (s, 72, y += 14, 9, "Tom Brown, Benjamin Mann, and Nick Ryder. 2020a. Language models are");
  sheet_line (s, 82, y += 11, 9, "few-shot learners. In NeurIPS.");
  sheet_line (s, 72, y += 11, 9, "Tom Brown, Nick Ryder, and Jared Kaplan. 2020b. Scaling up. arXiv");
  sheet_line (s, 82, y += 11, 9, "preprint arXiv:2005.14165.");
  sheet_line (s, 72, y += 11, 9, "Laurens van der Maaten and Geoffrey Hinton. 2008. Visualizing data using");
  sheet_line (s, 82, y += 11, 9, "t-SNE. JMLR, 9:2579–2605.");
  sheet_line (s, 72, y += 11, 9, "Ashish Vaswani, Noam Shazeer, Niki Parmar, and Jakob Uszkoreit. 2017.");
  sheet_line (s, 82, y += 11, 9, "Attention is all you need. In Advances in Neural Information Processing");
  sheet_line (s, 82, y += 11, 9, "Systems, pages 5998–6008.");
  g_ptr_array_add (pages, sheet_finish (s));

  refs = parse (pages);
  g_assert_false (refs->numbered);
  g_assert_cmpuint (refs->entries->len, ==, 4);
  g_assert_cmpstr (entry (refs, 0)->label, ==, "Brown et al., 2020a");
  g_assert_cmpstr (entry (refs, 2)->label, ==, "Maaten and Hinton, 2008");
  g_assert_cmpstr (entry (refs, 3)->label, ==, "Vaswani et al., 2017");
  g_assert_cmpstr (entry (refs, 3)->title, ==, "Attention is all you need");
  g_assert_cmpstr (entry (refs, 1)->arxiv_id, ==, "2005.14165");

  g_assert_cmpuint (refs->citations->len, ==, 6);
  assert_cited (refs, 0, "Vaswani et al. (2017)", "Vaswani et al., 2017");
  assert_cited (refs, 1, "Vaswani et al., 2017", "Vaswani et al., 2017");
  assert_cited (refs, 2, "Brown et al., 2020a", "Brown et al., 2020a");
  assert_cited (refs, 3, "Brown et al., 2020b", "Brown et al., 2020b");
  assert_cited (refs, 4, "Maaten and Hinton (2008)", "Maaten and Hinton, 2008");
  assert_cited (refs, 5, "Brown et al. (2020a,b)", "Brown et al., 2020a|Brown et al., 2020b");
}

/* Titles where the entries give them, and a URL line in a font of the
 * body's size kept in its entry. */
static void
test_titles (void)
{
  g_autoptr(GPtrArray) pages = pages_new ();
  g_autoptr(PapersRefs) refs = NULL;
  Sheet *s = sheet_new ();
  double y = 72;

  body (s, &y, 3);
  sheet_line (s, 72, y += 24, 12, "References");
  sheet_line (s, 72, y += 14, 9, "[1] Alan Baddeley. 1992. Working memory. Science 255, 5044 (1992), 556–559.");
  sheet_line (s, 72, y += 11, 9, "[2] D. C. Johnston, Adv. Phys. 59, 803 (2010).");
  sheet_line (s, 72, y += 11, 9, "[3] A. Vaswani et al., “Attention is all you need,” in NIPS, 2017.");
  sheet_line (s, 72, y += 11, 9, "[4] X. Long. A long title for a preprint. Available:");
  sheet_line (s, 82, y += 12, 10, "http://arxiv.org/abs/2101.00001");
  {
    /* A title longer than the 400 bytes kept, cut inside a character. */
    g_autoptr(GString) line = g_string_new ("[5] A. Author. ");

    for (guint i = 0; i < 200; i++)
      g_string_append (line, "€€ ");
    g_string_append (line, "end.");
    sheet_line (s, 72, y += 11, 9, line->str);
  }
  g_ptr_array_add (pages, sheet_finish (s));

  refs = parse (pages);
  g_assert_cmpuint (refs->entries->len, ==, 5);
  g_assert_true (entry (refs, 4)->title == NULL || g_utf8_validate (entry (refs, 4)->title, -1, NULL));
  g_assert_cmpstr (entry (refs, 0)->title, ==, "Working memory");
  g_assert_null (entry (refs, 1)->title);
  g_assert_cmpstr (entry (refs, 2)->title, ==, "Attention is all you need");
  g_assert_cmpstr (entry (refs, 3)->title, ==, "A long title for a preprint");
  g_assert_cmpstr (entry (refs, 3)->arxiv_id, ==, "2101.00001");
}

/* A two-column list that runs onto the next page, under a running head
 * and over a page number. */
static void
test_columns_and_pages (void)
{
  g_autoptr(GPtrArray) pages = pages_new ();
  g_autoptr(PapersRefs) refs = NULL;
  double y;
  guint n = 1;

  for (guint pg = 0; pg < 3; pg++)
    {
      Sheet *s = sheet_new ();

      sheet_line (s, 200, 40, 8, "A Paper About Things, Preprint");
      for (guint col = 0; col < 2; col++)
        {
          double x = col == 0 ? 54 : 318;

          y = 80;
          if (pg == 1 && col == 0)
            sheet_line (s, x, y += 12, 10, "REFERENCES");
          if (pg == 0)
            {
              for (guint i = 0; i < 50; i++, y += 12)
                sheet_line (s, x, y, 10, i == 3 && col == 1 ? "as in [7] and [1, 12]." : "Column text of the body.");
              continue;
            }
          for (; y < 700; n++)
            {
              g_autofree char *first = g_strdup_printf ("[%u] A. Author%u and B. Writer. A title of", n, n);

              sheet_line (s, x, y += 11, 8, first);
              /* The third line of an entry falls onto the next column. */
              sheet_line (s, x + 10, y += 11, 8, "some length, in Proceedings of a Venue,");
              sheet_line (s, x + 10, y += 11, 8, "2021.");
            }
        }
      {
        g_autofree char *number = g_strdup_printf ("%u", pg + 1);

        sheet_line (s, 300, 760, 10, number);
      }
      g_ptr_array_add (pages, sheet_finish (s));
    }

  refs = parse (pages);
  g_assert_true (refs->numbered);
  g_assert_cmpuint (refs->entries->len, ==, n - 1);
  for (guint i = 0; i < refs->entries->len; i++)
    {
      g_autofree char *label = g_strdup_printf ("%u", i + 1);

      g_assert_cmpstr (entry (refs, i)->label, ==, label);
      /* No running head, no page number inside an entry. */
      g_assert_null (strstr (entry (refs, i)->text, "Preprint"));
      g_assert_true (g_str_has_suffix (entry (refs, i)->text, "Venue, 2021."));
    }
  g_assert_cmpint (entry (refs, refs->entries->len - 1)->page, ==, 2);
  g_assert_cmpuint (refs->citations->len, ==, 2);
  assert_cited (refs, 1, "[1, 12]", "1|12");
}

/* The year last, as natbib's plainnat and the ICLR and ICML styles write
 * entries; citations in square brackets with commas between them, as
 * natbib's defaults write them; a name with an accent that Poppler reads
 * as a letter and a combining mark; a justified line that Poppler ended
 * at a wide space; and a page number above the page's bottom margin. */
static void
test_author_year_year_last (void)
{
  g_autoptr(GPtrArray) pages = pages_new ();
  g_autoptr(PapersRefs) refs = NULL;
  Sheet *s = sheet_new ();
  double y = 72, x;

  body (s, &y, 2);
  sheet_line (s, 72, y += 12, 10, "Shown before [Azhar and Ryder, 2022, Mu\u0308ller et al., 2010]; see");
  sheet_line (s, 72, y += 12, 10, "also Mu\u0308ller et al. (2010) and (Chang, 1996).");
  sheet_line (s, 72, y += 24, 12, "References");
  sheet_line (s, 72, y += 14, 9, "Edouard Azhar and Sergey Ryder. Attention fine-tuning diffusion tokenization");
  sheet_line (s, 82, y += 11, 9, "self-supervised. In International Conference on Machine Learning, 2022.");
  sheet_line (s, 72, y += 11, 9, "Armand Chang. Quantization instruction mixture convergence graph. In");
  /* One line to Poppler, two lines' worth of text: the second half on
   * the same baseline */
  x = 82;
  sheet_run (s, &x, y += 11, 9, 0, "Proceedings of the IEEE Conference,");
  sheet_end_line (s, x, y);
  sheet_line (s, 360, y, 9, "1996.");
  sheet_line (s, 72, y += 11, 9, "Oriol Mu\u0308ller, Dario Parmar, and Jia Ba. Sparse graph recurrent memory.");
  sheet_line (s, 82, y += 11, 9, "Nature, 7:410\u2013429, 2010.");
  /* The page's number, under its text but well above its bottom edge */
  sheet_line (s, 300, 700, 10, "4");
  g_ptr_array_add (pages, sheet_finish (s));

  refs = parse (pages);
  g_assert_false (refs->numbered);
  g_assert_cmpuint (refs->entries->len, ==, 3);
  g_assert_cmpstr (entry (refs, 0)->label, ==, "Azhar and Ryder, 2022");
  g_assert_cmpstr (entry (refs, 0)->title, ==, "Attention fine-tuning diffusion tokenization self-supervised");
  g_assert_cmpstr (entry (refs, 1)->label, ==, "Chang, 1996");
  g_assert_true (g_str_has_suffix (entry (refs, 1)->text, "IEEE Conference, 1996."));
  g_assert_cmpstr (entry (refs, 2)->label, ==, "Mu\u0308ller et al., 2010");
  g_assert_cmpstr (entry (refs, 2)->title, ==, "Sparse graph recurrent memory");

  g_assert_cmpuint (refs->citations->len, ==, 4);
  assert_cited (refs, 0, "Azhar and Ryder, 2022", "Azhar and Ryder, 2022");
  assert_cited (refs, 1, "Mu\u0308ller et al., 2010", "Mu\u0308ller et al., 2010");
  assert_cited (refs, 2, "Mu\u0308ller et al. (2010)", "Mu\u0308ller et al., 2010");
  assert_cited (refs, 3, "Chang, 1996", "Chang, 1996");
}

/* IEEE's style with the cite package: "[3]–[5]" is three entries; an
 * old-style id broken at its archive's hyphen is the id, not
 * "quantph/…" */
static void
test_numbered_ranges_and_old_ids (void)
{
  g_autoptr(GPtrArray) pages = pages_new ();
  g_autoptr(PapersRefs) refs = NULL;
  Sheet *s = sheet_new ();
  double y = 72;

  body (s, &y, 2);
  sheet_line (s, 72, y += 12, 10, "As shown in [1], [3]\u2013[5] and [2].");
  sheet_line (s, 72, y += 24, 12, "References");
  for (guint n = 1; n <= 5; n++)
    {
      g_autofree char *first = g_strdup_printf ("[%u] A. Author%u and B. Writer. A title of some length. arXiv preprint", n, n);

      sheet_line (s, 72, y += 11, 9, first);
      if (n == 2)
        {
          sheet_line (s, 82, y += 11, 9, "arXiv:quant-");
          sheet_line (s, 82, y += 11, 9, "ph/9502504, 1995.");
        }
      else
        {
          g_autofree char *id = g_strdup_printf ("arXiv:2101.0000%u, 2021.", n);

          sheet_line (s, 82, y += 11, 9, id);
        }
    }
  /* SIAM's style: names, then the title, with commas only */
  sheet_line (s, 72, y += 11, 9, "[6] A. Beltagy, J.-P. Brown, and R. Li, Learning alignment graph models, Nature,");
  sheet_line (s, 82, y += 11, 9, "2 (2009), pp. 156\u2013166.");
  /* An address \url broke after a dot */
  sheet_line (s, 72, y += 11, 9, "[7] C. Writer. Another title of some length. https://arxiv.");
  sheet_line (s, 82, y += 11, 9, "org/abs/2104.00382.");
  g_ptr_array_add (pages, sheet_finish (s));

  refs = parse (pages);
  g_assert_true (refs->numbered);
  g_assert_cmpuint (refs->entries->len, ==, 7);
  g_assert_cmpstr (entry (refs, 1)->arxiv_id, ==, "quant-ph/9502504");
  g_assert_cmpstr (entry (refs, 5)->title, ==, "Learning alignment graph models");
  g_assert_cmpstr (entry (refs, 6)->arxiv_id, ==, "2104.00382");
  /* Authors ending in a sentence are not read as a comma list */
  g_assert_cmpstr (entry (refs, 0)->title, ==, "A title of some length");
  g_assert_cmpuint (refs->citations->len, ==, 3);
  assert_cited (refs, 0, "[1]", "1");
  assert_cited (refs, 1, "[3]\u2013[5]", "3|4|5");
  assert_cited (refs, 2, "[2]", "2");
}

/* Two columns that Poppler read across the gutter: each text line holds a
 * line of the left column and then one of the right, or alternates
 * between them.  Read column by column, every entry is whole. */
static void
test_columns_read_across (void)
{
  g_autoptr(GPtrArray) pages = pages_new ();
  g_autoptr(GPtrArray) single = pages_new ();
  g_autoptr(PapersRefs) refs = NULL;
  g_autoptr(PapersTextPage) same = NULL;
  Sheet *s = sheet_new ();
  const guint per_column = 14;

  sheet_line (s, 54, 60, 10, "REFERENCES");
  for (guint row = 0; row < per_column * 3; row++)
    {
      guint entry = row / 3, part = row % 3;
      double y = 80 + row * 11;

      for (guint col = 0; col < 2; col++)
        {
          guint n = col * per_column + entry + 1;
          double x = col == 0 ? 54 : 318;
          g_autofree char *first = g_strdup_printf ("[%u] A. Author%u and B. Writer. A title of", n, n);
          const char *text = part == 0 ? first : part == 1 ? "some length, in Proceedings of a Venue,"
                                                            : "2021.";

          if (part > 0)
            x += 14;   /* hanging indent */
          /* Every other row: both columns on one text line */
          if (col == 0 || row % 2 == 1)
            sheet_run (s, &x, y, 8, 0, text);
          else
            {
              sheet_run (s, &(double) { 300 }, y, 8, 0, " ");
              sheet_run (s, &x, y, 8, 0, text);
            }
          if (col == 1 || row % 2 == 1)
            sheet_end_line (s, x, y);
        }
    }
  g_ptr_array_add (pages, sheet_finish (s));

  refs = parse (pages);
  g_assert_true (refs->numbered);
  g_assert_cmpuint (refs->entries->len, ==, per_column * 2);
  for (guint i = 0; i < refs->entries->len; i++)
    {
      g_autofree char *label = g_strdup_printf ("%u", i + 1);
      g_autofree char *author = g_strdup_printf ("A. Author%u and", i + 1);

      g_assert_cmpstr (entry (refs, i)->label, ==, label);
      g_assert_true (g_str_has_prefix (entry (refs, i)->text, author));
      g_assert_true (g_str_has_suffix (entry (refs, i)->text, "Venue, 2021."));
    }

  /* A page of one column is read as it is */
  s = sheet_new ();
  for (guint row = 0; row < 30; row++)
    sheet_line (s, 72, 80 + row * 12, 10, "A line of body text running across the whole width of a page.");
  g_ptr_array_add (single, sheet_finish (s));
  same = papers_text_page_order_columns (single->pdata[0]);
  g_assert_null (same);
}

/* RevTeX: no heading, labels raised on lines of their own, citations as
 * superscripts. */
static void
test_superscripts (void)
{
  g_autoptr(GPtrArray) pages = pages_new ();
  g_autoptr(PapersRefs) refs = NULL;
  Sheet *s = sheet_new ();
  double x, y = 72;

  body (s, &y, 2);
  x = 72;
  sheet_run (s, &x, y += 12, 10, 0, "Lattices were studied before");
  sheet_run (s, &x, y, 6, 4, "1,2");
  sheet_run (s, &x, y, 10, 0, " and the square x");
  sheet_run (s, &x, y, 6, 4, "2");
  sheet_run (s, &x, y, 10, 0, " is no citation.");
  sheet_end_line (s, x, y);
  y += 24;
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *label = g_strdup_printf ("%u", i);
      double lx = 72;

      sheet_run (s, &lx, y += 11, 6, 3, label);
      sheet_end_line (s, lx, y);
      sheet_line (s, 78, y, 8, i == 2 ? "H. A. Bethe, Proc. Roy. Soc. London A 150, 552 (1935)."
                                      : "D. C. Johnston, Adv. Phys. 59, 803 (2010).");
    }
  g_ptr_array_add (pages, sheet_finish (s));

  refs = parse (pages);
  g_assert_true (refs->numbered);
  g_assert_cmpuint (refs->entries->len, ==, 3);
  g_assert_cmpstr (entry (refs, 1)->text, ==, "H. A. Bethe, Proc. Roy. Soc. London A 150, 552 (1935).");
  g_assert_cmpuint (refs->citations->len, ==, 1);
  assert_cited (refs, 0, "1,2", "1|2");
}

static void
test_none (void)
{
  g_autoptr(GPtrArray) pages = pages_new ();
  g_autoptr(PapersRefs) refs = NULL;
  Sheet *s = sheet_new ();
  double y = 72;

  body (s, &y, 40);
  sheet_line (s, 72, y += 12, 10, "Smith (2019) and [3] mean nothing without a list.");
  g_ptr_array_add (pages, sheet_finish (s));
  g_ptr_array_add (pages, papers_text_page_new (NULL, NULL, 0, 0, 0));
  g_ptr_array_add (pages, papers_text_page_new ("", NULL, 0, PAGE_W, PAGE_H));
  /* A scanned page: text with no boxes. */
  g_ptr_array_add (pages, papers_text_page_new ("References\n[1] A. B. Title.\n", NULL, 0, PAGE_W, PAGE_H));

  refs = parse (pages);
  g_assert_cmpuint (refs->citations->len, ==, 0);
  g_assert_false (refs->truncated);

  g_clear_pointer (&refs, papers_refs_free);
  refs = papers_refs_parse (NULL, 0);
  g_assert_cmpuint (refs->entries->len, ==, 0);
}

static void
test_garbage (void)
{
  g_autoptr(GPtrArray) pages = pages_new ();
  g_autoptr(PapersRefs) refs = NULL;
  GRand *rand = g_rand_new_with_seed (18);

  for (guint pg = 0; pg < 20; pg++)
    {
      guint len = g_rand_int_range (rand, 0, 20000);
      g_autofree char *bytes = g_malloc (len + 1);
      g_autofree PapersTextRect *rects = g_new (PapersTextRect, len + 1);
      static const char alphabet[] = "[]()0123456789,;.-– \n\nReferencsAppendixFigTable:et al.arXiv/";

      for (guint i = 0; i < len; i++)
        {
          bytes[i] = pg % 2 ? (char) g_rand_int_range (rand, 1, 256)
                            : alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
          rects[i] = (PapersTextRect) { g_rand_double_range (rand, -1e6, 1e6), g_rand_double_range (rand, -10, 800),
                                        g_rand_double_range (rand, -10, 800), g_rand_double_range (rand, -10, 800) };
        }
      bytes[len] = '\0';
      g_ptr_array_add (pages, papers_text_page_new (bytes, rects, pg % 3 ? len : len / 2, PAGE_W, PAGE_H));
    }
  g_rand_free (rand);

  refs = parse (pages);
  /* Anything found is well formed. */
  for (guint i = 0; i < refs->entries->len; i++)
    g_assert_true (g_utf8_validate (entry (refs, i)->text, -1, NULL));
  for (guint i = 0; i < refs->citations->len; i++)
    {
      PapersCitation *c = refs->citations->pdata[i];

      for (guint j = 0; j < c->entries->len; j++)
        g_assert_cmpint (g_array_index (c->entries, int, j), <, (int) refs->entries->len);
    }
}

/* A book: 800 pages of prose with citations, then a list of 2 000
 * entries, in bounded time. */
static void
test_huge (void)
{
  g_autoptr(GPtrArray) pages = pages_new ();
  g_autoptr(PapersRefs) refs = NULL;
  gint64 start;
  guint n = 1;

  for (guint pg = 0; pg < 800; pg++)
    {
      Sheet *s = sheet_new ();
      double y = 60;

      for (guint i = 0; i < 55; i++, y += 12)
        sheet_line (s, 72, y, 10, i % 10 == 0 ? "A line that cites [12] and [3, 5] (2019) in passing, and Fig. 2."
                                              : "A line of prose in a long book that never ends, page after page.");
      g_ptr_array_add (pages, sheet_finish (s));
    }
  for (guint pg = 0; n <= 2000; pg++)
    {
      Sheet *s = sheet_new ();
      double y = 60;

      if (pg == 0)
        sheet_line (s, 72, y += 12, 12, "Bibliography");
      for (; y < 700 && n <= 2000; n++)
        {
          g_autofree char *line = g_strdup_printf ("[%u] A. Author. A book. Publisher, 1999.", n);

          sheet_line (s, 72, y += 11, 9, line);
        }
      g_ptr_array_add (pages, sheet_finish (s));
    }

  start = g_get_monotonic_time ();
  refs = parse (pages);
  g_test_message ("%u pages in %.0f ms", pages->len, (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (refs->entries->len, ==, 2000);
  g_assert_cmpuint (refs->citations->len, ==, 800 * 6 * 2);
  /* Its speed is papers-bench refs' to measure; here meson's timeout
   * stands guard against work that grows out of bounds. */
}

static void
test_labels (void)
{
  g_autoptr(GPtrArray) pages = pages_new ();
  g_autoptr(PapersRefs) refs = NULL;
  Sheet *s = sheet_new ();
  double x, y = 72;
  const char *mentions[] = { "Figure 3", "Fig. 3(b)", "Table 2", "Eq. (4)", "Section 3.2", "Appendix B" };
  PapersRefTarget *t;

  sheet_line (s, 72, y += 14, 12, "3.2 Method");
  sheet_line (s, 72, y += 14, 10, "As Figure 3 and Fig. 3(b) show, Table 2 holds; Eq. (4) gives it,");
  sheet_line (s, 72, y += 12, 10, "Section 3.2 says how and Appendix B says why, while Figure 9 is nowhere.");
  body (s, &y, 3);
  /* The figure: a drawing's labels, then its caption. */
  sheet_line (s, 200, y += 40, 7, "loss");
  sheet_line (s, 90, y += 80, 7, "0");
  sheet_line (s, 72, y += 14, 9, "Figure 3: The loss falls as the model grows, until it does not.");
  body (s, &y, 2);
  sheet_line (s, 72, y += 14, 9, "Table 2. Results on the benchmark.");
  sheet_line (s, 100, y += 14, 9, "Model 1.0 2.0");
  sheet_line (s, 100, y += 12, 9, "Ours 3.0 4.0");
  body (s, &y, 2);
  x = 200;
  sheet_run (s, &x, y += 16, 10, 0, "E = mc2");
  x = 500;
  sheet_run (s, &x, y, 10, 0, "(4)");
  sheet_end_line (s, x, y);
  body (s, &y, 2);
  sheet_line (s, 72, y += 24, 12, "Appendix B Proofs");
  g_ptr_array_add (pages, sheet_finish (s));

  refs = parse (pages);
  g_assert_cmpuint (refs->entries->len, ==, 0);
  g_assert_cmpuint (refs->mentions->len, ==, G_N_ELEMENTS (mentions) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (mentions); i++)
    {
      PapersRefMention *m = refs->mentions->pdata[i];

      g_assert_cmpstr (m->text, ==, mentions[i]);
      g_assert_cmpint (m->target, >=, 0);
    }
  g_assert_cmpint (((PapersRefMention *) refs->mentions->pdata[6])->target, ==, -1);

  t = refs->targets->pdata[((PapersRefMention *) refs->mentions->pdata[1])->target];
  g_assert_cmpint (t->kind, ==, PAPERS_REF_FIGURE);
  g_assert_cmpstr (t->label, ==, "3");
  /* The region holds the drawing above the caption, not the prose. */
  g_assert_cmpfloat (t->region.y1, <, t->rect.y1 - 80);
  g_assert_cmpfloat (t->region.y1, >=, 136);   /* under the last line of prose */
  t = refs->targets->pdata[((PapersRefMention *) refs->mentions->pdata[2])->target];
  g_assert_cmpint (t->kind, ==, PAPERS_REF_TABLE);
  g_assert_cmpfloat (t->region.y2, >, t->rect.y2 + 20);
  t = refs->targets->pdata[((PapersRefMention *) refs->mentions->pdata[3])->target];
  g_assert_cmpint (t->kind, ==, PAPERS_REF_EQUATION);
  g_assert_cmpstr (t->label, ==, "4");
  t = refs->targets->pdata[((PapersRefMention *) refs->mentions->pdata[4])->target];
  g_assert_cmpint (t->kind, ==, PAPERS_REF_SECTION);
  t = refs->targets->pdata[((PapersRefMention *) refs->mentions->pdata[5])->target];
  g_assert_cmpint (t->kind, ==, PAPERS_REF_APPENDIX);
  g_assert_cmpstr (t->label, ==, "B");
}

/* The corpus' real papers, read as the reader reads them. */
static void
test_corpus (gconstpointer data)
{
  const BenchRefsTruth *truth = data;
  const char *dir = g_getenv ("PAPERS_CORPUS_DIR");
  g_autofree char *path = g_build_filename (dir != NULL ? dir : "", "pdf", truth->file, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersDocument) document = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GPtrArray) plain = NULL;
  g_autoptr(PapersRefs) refs = NULL;
  guint ids = 0;

  if (dir == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no corpus");
      return;
    }
  document = papers_document_load (file, NULL, NULL, &error);
  g_assert_no_error (error);
  pages = papers_document_extract_text (document, -1, NULL);
  g_assert_cmpuint (pages->len, ==, papers_document_get_n_pages (document));
  refs = parse (pages);

  /* The command line reads the file without the viewer: the same pages. */
  plain = papers_pdf_extract_text (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plain->len, ==, pages->len);
  for (guint i = 0; i < pages->len; i++)
    {
      PapersTextPage *a = pages->pdata[i], *b = plain->pdata[i];

      g_assert_cmpstr (a->text, ==, b->text);
      g_assert_cmpuint (a->n_rects, ==, b->n_rects);
      g_assert_true (a->n_rects == 0 || memcmp (a->rects, b->rects, a->n_rects * sizeof *a->rects) == 0);
      g_assert_cmpfloat (a->width, ==, b->width);
      g_assert_cmpfloat (a->height, ==, b->height);
    }

  g_assert_cmpuint (refs->entries->len, ==, truth->entries);
  for (guint i = 0; i < refs->entries->len; i++)
    {
      g_autofree char *label = g_strdup_printf ("%u", i + 1);

      g_assert_cmpstr (entry (refs, i)->label, ==, label);
      ids += entry (refs, i)->arxiv_id != NULL;
    }
  g_assert_cmpuint (ids, ==, truth->arxiv_ids);
  for (guint i = 0; truth->citations[i].text != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < refs->citations->len && !found; j++)
        {
          PapersCitation *c = refs->citations->pdata[j];
          g_autofree char *labels = NULL;

          if (c->page != truth->citations[i].page - 1 || !g_str_equal (c->text, truth->citations[i].text))
            continue;
          labels = cited (refs, j);
          found = g_str_equal (labels, truth->citations[i].labels);
        }
      if (!found)
        g_test_message ("%s: p%d %s not tied to %s", truth->file, truth->citations[i].page,
                        truth->citations[i].text, truth->citations[i].labels);
      g_assert_true (found);
    }
}

/* A page of a numbered list, cited once as "[1]" and once in words the
 * parser cannot read ("the long-document model"), and the reference list */
static GPtrArray *
linked_pages (void)
{
  GPtrArray *pages = pages_new ();
  Sheet *s = sheet_new ();
  double y = 72;

  body (s, &y, 3);
  /* 10-point characters are 5 points wide: "the long-document model"
   * starts at x = 72 + 5 * 8 */
  sheet_line (s, 72, y += 12, 10, "Compare the long-document model with attention [1].");
  sheet_line (s, 72, y += 24, 12, "References");
  sheet_line (s, 72, y += 14, 9, "[1] A. Vaswani, N. Shazeer, and N. Parmar. Attention is all you need. In");
  sheet_line (s, 82, y += 11, 9, "NeurIPS, 2017.");
  sheet_line (s, 72, y += 11, 9, "[2] I. Beltagy, M. E. Peters, and A. Cohan. Longformer: The long-document");
  sheet_line (s, 82, y += 11, 9, "transformer. 2020.");
  g_ptr_array_add (pages, sheet_finish (s));
  return pages;
}

/* Where the PDF links text to an entry and the text alone found no
 * citation, the link is one; a link over a citation found adds nothing;
 * links that go elsewhere, or nowhere valid, are left */
static void
test_link_citations (void)
{
  g_autoptr(GPtrArray) pages = linked_pages ();
  g_autoptr(PapersRefs) plain = parse (pages);
  g_autoptr(PapersRefs) refs = NULL;
  PapersTextPage *page = pages->pdata[0];
  const PapersRefEntry *first = entry (plain, 0), *second = entry (plain, 1);
  /* The citing line's top, as laid out: its baseline is 38 points above
   * the first entry's, whose 9-point characters rise from it */
  double line_top = first->rect.y1 + 9 - 38 - 10;
  PapersTextLink words = { { 72 + 5 * 8, line_top, 72 + 5 * 31 - 1, line_top + 10 }, 0, -1, second->rect.y1 - 8 };
  PapersTextLink bracket = { { 72 + 5 * 47, line_top, 72 + 5 * 50, line_top + 10 }, 0, 72, first->rect.y1 - 8 };
  PapersTextLink to_body = { { 72, line_top, 80, line_top + 10 }, 0, -1, 80 };
  PapersTextLink beyond = { { 72, line_top, 80, line_top + 10 }, 7, -1, 10 };
  PapersTextLink nan = { { NAN, line_top, 80, line_top + 10 }, 0, -1, second->rect.y1 };
  PapersTextLink other_column = { { 72 + 5 * 37, line_top, 72 + 5 * 46 - 1, line_top + 10 }, 0, 500, second->rect.y1 };

  g_assert_cmpuint (plain->citations->len, ==, 1);
  assert_cited (plain, 0, "[1]", "1");

  papers_text_page_add_link (page, &words);
  papers_text_page_add_link (page, &bracket);
  papers_text_page_add_link (page, &to_body);
  papers_text_page_add_link (page, &beyond);
  papers_text_page_add_link (page, &nan);
  papers_text_page_add_link (page, &other_column);
  refs = parse (pages);

  /* In reading order: the linked words, then the bracket, once */
  g_assert_cmpuint (refs->citations->len, ==, 2);
  assert_cited (refs, 0, "the long-document model", "2");
  assert_cited (refs, 1, "[1]", "1");
}

/* Many links on a page over the same words: one citation */
static void
test_link_citations_many (void)
{
  g_autoptr(GPtrArray) pages = linked_pages ();
  g_autoptr(PapersRefs) plain = parse (pages);
  g_autoptr(PapersRefs) refs = NULL;
  PapersTextPage *page = pages->pdata[0];
  double line_top = entry (plain, 0)->rect.y1 + 9 - 38 - 10;

  for (guint i = 0; i < 100000; i++)
    {
      PapersTextLink link = { { 72 + 5 * 8, line_top, 72 + 5 * 31 - 1, line_top + 10 }, 0, -1,
                              entry (plain, 1)->rect.y1 - (i % 20) };

      papers_text_page_add_link (page, &link);
    }
  refs = parse (pages);
  g_assert_cmpuint (refs->citations->len, ==, 2);
  assert_cited (refs, 0, "the long-document model", "2");
}

static void
show_line (cairo_t    *cr,
           double      y,
           double      size,
           const char *text)
{
  cairo_set_font_size (cr, size);
  cairo_move_to (cr, 72, y);
  cairo_show_text (cr, text);
}

/* A PDF whose citation is a link to its entry, as hyperref makes them:
 * the words linked are no citation the text alone finds, and both ways of
 * reading the file (the viewer's and the command line's) tie them */
static void
test_link_citations_pdf (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("PAPERS_TEST_TMPDIR"), "linked.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 612, 792);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(PapersDocument) document = NULL;
  g_autoptr(GPtrArray) viewer_pages = NULL;
  g_autoptr(GPtrArray) cli_pages = NULL;
  g_autoptr(GError) error = NULL;
  double y = 100;

  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  for (guint i = 0; i < 3; i++, y += 14)
    show_line (cr, y, 10, "Plain prose of the paper that goes on without citing anything at all here.");
  cairo_set_font_size (cr, 10);
  cairo_move_to (cr, 72, y);
  cairo_show_text (cr, "Compare ");
  cairo_tag_begin (cr, CAIRO_TAG_LINK, "dest='cite.beltagy'");
  cairo_show_text (cr, "the long-document model");
  cairo_tag_end (cr, CAIRO_TAG_LINK);
  cairo_show_text (cr, " with attention [1].");
  show_line (cr, y += 30, 12, "References");
  show_line (cr, y += 16, 9, "[1] A. Vaswani, N. Shazeer, and N. Parmar. Attention is all you need. In");
  show_line (cr, y += 11, 9, "     NeurIPS, 2017.");
  cairo_tag_begin (cr, CAIRO_TAG_DEST, "name='cite.beltagy'");
  show_line (cr, y += 11, 9, "[2] I. Beltagy, M. E. Peters, and A. Cohan. Longformer: The long-document");
  cairo_tag_end (cr, CAIRO_TAG_DEST);
  show_line (cr, y += 11, 9, "     transformer. 2020.");
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  document = papers_document_load (file, NULL, NULL, &error);
  g_assert_no_error (error);
  viewer_pages = papers_document_extract_text (document, -1, NULL);
  cli_pages = papers_pdf_extract_text (file, NULL, &error);
  g_assert_no_error (error);
  for (guint way = 0; way < 2; way++)
    {
      GPtrArray *pages = way == 0 ? viewer_pages : cli_pages;
      g_autoptr(PapersRefs) refs = parse (pages);

      g_test_message ("%s: %u citations", way == 0 ? "viewer" : "command line", refs->citations->len);
      g_assert_cmpuint (refs->entries->len, ==, 2);
      g_assert_cmpuint (refs->citations->len, ==, 2);
      assert_cited (refs, 0, "the long-document model", "2");
      assert_cited (refs, 1, "[1]", "1");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/library/refs/numbered", test_numbered);
  g_test_add_func ("/library/refs/numbered-dot", test_numbered_dot);
  g_test_add_func ("/library/refs/author-year", test_author_year);
  g_test_add_func ("/library/refs/titles", test_titles);
  g_test_add_func ("/library/refs/link-citations", test_link_citations);
  g_test_add_func ("/library/refs/link-citations-many", test_link_citations_many);
  g_test_add_func ("/library/refs/link-citations-pdf", test_link_citations_pdf);
  g_test_add_func ("/library/refs/columns-and-pages", test_columns_and_pages);
  g_test_add_func ("/library/refs/columns-read-across", test_columns_read_across);
  g_test_add_func ("/library/refs/author-year-year-last", test_author_year_year_last);
  g_test_add_func ("/library/refs/numbered-ranges-old-ids", test_numbered_ranges_and_old_ids);
  g_test_add_func ("/library/refs/superscripts", test_superscripts);
  g_test_add_func ("/library/refs/none", test_none);
  g_test_add_func ("/library/refs/garbage", test_garbage);
  g_test_add_func ("/library/refs/huge", test_huge);
  g_test_add_func ("/library/refs/labels", test_labels);
  for (guint i = 0; i < G_N_ELEMENTS (bench_refs_truth); i++)
    {
      g_autofree char *name = g_strdup_printf ("/corpus/refs/%s", bench_refs_truth[i].file);

      g_test_add_data_func (name, &bench_refs_truth[i], test_corpus);
    }

  return g_test_run ();
}
