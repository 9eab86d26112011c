/* papers-markdown.c: notes and annotations as Markdown (CommonMark)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "papers-annotation.h"
#include "papers-markdown.h"

/* Characters that are markup wherever they stand */
#define INLINE_SPECIALS "\\`*_[]<>|~&!"

/* Appends one line of plain text, escaped.  A line's start needs more: "#",
 * "-", "+", "=", ">" and "1." would open a heading, a list, a quote. */
static void
append_escaped_line (GString    *out,
                     const char *line,
                     gssize      length)
{
  const char *end = line + (length < 0 ? (gssize) strlen (line) : length);
  const char *p = line;
  gboolean at_start = TRUE;

  /* Leading white space would make an indented code block */
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  for (; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f)
        {
          g_string_append_c (out, ' ');
          at_start = FALSE;
          continue;
        }
      if (c < 0x80 && strchr (INLINE_SPECIALS, (char) c) != NULL)
        g_string_append_c (out, '\\');
      else if (at_start && c < 0x80 && strchr ("#-+=>", (char) c) != NULL)
        g_string_append_c (out, '\\');
      else if (at_start && g_ascii_isdigit (c))
        {
          /* "2024. A year" is an ordered list item: escape its dot */
          const char *q = p;

          while (q < end && g_ascii_isdigit (*q))
            q++;
          g_string_append_len (out, p, q - p);
          if (q < end && (*q == '.' || *q == ')'))
            g_string_append_c (out, '\\');
          p = q - 1;
          at_start = FALSE;
          continue;
        }
      g_string_append_unichar (out, c);
      at_start = FALSE;
    }
}

char *
papers_markdown_escape_inline (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;

  if (text == NULL)
    return g_strdup ("");
  lines = g_strsplit_set (text, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (*lines[i] == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      append_escaped_line (out, lines[i], -1);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* Appends @text line by line after @prefix ("> " for a quote, "  " inside
 * a list item); a blank line stays a blank line of the block, so
 * paragraphs survive and nothing leaves it */
static void
append_block (GString    *out,
              const char *prefix,
              const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (lines);

  /* No blank lines at the ends */
  while (n > 0 && *g_strstrip (lines[n - 1]) == '\0')
    n--;
  for (guint i = 0, started = FALSE; i < n; i++)
    {
      g_strchomp (lines[i]);
      if (!started && *g_strstrip (lines[i]) == '\0')
        continue;
      started = TRUE;
      if (is_blank (lines[i]))
        {
          /* The prefix without its trailing spaces: "  >" */
          gsize len = strlen (prefix);

          while (len > 0 && prefix[len - 1] == ' ')
            len--;
          g_string_append_len (out, prefix, len);
        }
      else
        {
          g_string_append (out, prefix);
          append_escaped_line (out, lines[i], -1);
          /* A hard line break, so the lines do not run together */
          if (i + 1 < n && !is_blank (lines[i + 1]))
            g_string_append_c (out, '\\');
        }
      g_string_append_c (out, '\n');
    }
}

static int
compare_annotations (gconstpointer a,
                     gconstpointer b)
{
  PapersAnnotation *x = *(PapersAnnotation **) a;
  PapersAnnotation *y = *(PapersAnnotation **) b;
  int page_x = papers_annotation_get_page (x), page_y = papers_annotation_get_page (y);

  if (page_x != page_y)
    return page_x < page_y ? -1 : 1;
  return (papers_annotation_get_id (x) > papers_annotation_get_id (y)) -
         (papers_annotation_get_id (x) < papers_annotation_get_id (y));
}

static void
append_byline (GString     *out,
               PapersPaper *paper)
{
  const char * const *authors = papers_paper_get_authors (paper);
  GDateTime *published = papers_paper_get_published (paper);
  const char *arxiv_id = papers_paper_get_arxiv_id (paper);
  const char *doi = papers_paper_get_doi (paper);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (authors != NULL && authors[0] != NULL)
    {
      g_autofree char *names = g_strjoinv (", ", (char **) authors);

      g_ptr_array_add (parts, papers_markdown_escape_inline (names));
    }
  if (published != NULL)
    g_ptr_array_add (parts, g_strdup_printf ("%d", g_date_time_get_year (published)));
  /* An autolink takes no escapes: only an id of the characters arXiv
   * ids are made of goes in one */
  if (arxiv_id != NULL && *arxiv_id != '\0' &&
      arxiv_id[strspn (arxiv_id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789./-")] == '\0')
    g_ptr_array_add (parts, g_strdup_printf ("<https://arxiv.org/abs/%s>", arxiv_id));
  else if (doi != NULL && *doi != '\0')
    {
      g_autofree char *id = papers_markdown_escape_inline (doi);

      g_ptr_array_add (parts, g_strdup_printf ("doi:%s", id));
    }
  if (parts->len == 0)
    return;
  g_ptr_array_add (parts, NULL);
  {
    g_autofree char *line = g_strjoinv (" · ", (char **) parts->pdata);

    g_string_append_printf (out, "%s\n\n", line);
  }
}

static void
append_annotation (GString          *out,
                   PapersAnnotation *annotation)
{
  const char *quote = papers_annotation_get_text (annotation);
  const char *comment = papers_annotation_get_comment (annotation);
  PapersAnnotKind kind = papers_annotation_get_kind (annotation);

  g_string_append_printf (out, "- **Page %d**", papers_annotation_get_page (annotation) + 1);
  if (kind != PAPERS_ANNOT_HIGHLIGHT)
    g_string_append_printf (out, " (%s)", papers_annot_kind_to_string (kind));
  g_string_append (out, "\n");
  if (!is_blank (quote))
    {
      g_string_append (out, "\n");
      append_block (out, "  > ", quote);
    }
  if (!is_blank (comment))
    {
      g_string_append (out, "\n");
      append_block (out, "  ", comment);
    }
  g_string_append (out, "\n");
}

char *
papers_markdown_export (GPtrArray *papers,
                        GPtrArray *annotations)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (papers != NULL, NULL);
  g_return_val_if_fail (annotations == NULL || annotations->len == papers->len, NULL);

  for (guint i = 0; i < papers->len; i++)
    {
      PapersPaper *paper = g_ptr_array_index (papers, i);
      GListModel *model = annotations != NULL ? g_ptr_array_index (annotations, i) : NULL;
      guint n = model != NULL ? g_list_model_get_n_items (model) : 0;
      const char *note = papers_paper_get_note (paper);
      const char *title = papers_paper_get_title (paper);
      g_autofree char *heading = NULL;
      g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func (g_object_unref);

      if (n == 0 && is_blank (note))
        continue;
      heading = papers_markdown_escape_inline (title != NULL && *title != '\0' ? title
                                               : papers_paper_get_id (paper));
      if (out->len > 0)
        g_string_append (out, "\n");
      g_string_append_printf (out, "# %s\n\n", *heading != '\0' ? heading : "\\#");
      append_byline (out, paper);
      if (!is_blank (note))
        {
          g_string_append (out, "## Note\n\n");
          append_block (out, "", note);
          g_string_append (out, "\n");
        }
      for (guint j = 0; j < n; j++)
        g_ptr_array_add (sorted, g_list_model_get_item (model, j));
      g_ptr_array_sort (sorted, compare_annotations);
      if (sorted->len > 0)
        g_string_append (out, "## Annotations\n\n");
      for (guint j = 0; j < sorted->len; j++)
        append_annotation (out, g_ptr_array_index (sorted, j));
    }
  /* One final newline */
  while (out->len > 1 && out->str[out->len - 1] == '\n' && out->str[out->len - 2] == '\n')
    g_string_truncate (out, out->len - 1);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
