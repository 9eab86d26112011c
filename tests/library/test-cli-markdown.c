/* test-cli-markdown.c: notes and annotations as Markdown, the exporter and
 * `papers-reader export --format markdown`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "papers-annotation.h"
#include "papers-markdown.h"
#include "papers-store.h"
#include "papers-store-wait.h"
#include "papers-test-cli.h"

static PapersPaper *
make_paper (const char *id,
            const char *title,
            const char *note)
{
  PapersPaper *paper = papers_paper_new (id);
  const char *authors[] = { "Ada Lovelace", "Alan Turing", NULL };
  g_autoptr(GDateTime) published = g_date_time_new_utc (2024, 10, 25, 0, 0, 0);

  papers_paper_set_title (paper, title);
  papers_paper_set_authors (paper, authors);
  papers_paper_set_published (paper, published);
  papers_paper_set_arxiv_id (paper, id);
  papers_paper_set_note (paper, note);
  return paper;
}

static PapersAnnotation *
make_annotation (const char *id,
                 int         page,
                 const char *type,
                 const char *text,
                 const char *comment)
{
  PapersAnnotation *annotation = papers_annotation_new (id, page, type);

  papers_annotation_set_text (annotation, text);
  papers_annotation_set_comment (annotation, comment);
  return annotation;
}

static char *
export_one (PapersPaper *paper,
            GListStore  *annotations)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new ();
  g_autoptr(GPtrArray) lists = g_ptr_array_new ();

  g_ptr_array_add (papers, paper);
  g_ptr_array_add (lists, annotations);
  return papers_markdown_export (papers, lists);
}

static void
test_markdown_plain (void)
{
  g_autoptr(PapersPaper) paper = make_paper ("2410.17243", "Breaking the Memory Barrier", "Try the tiled loss.");
  g_autoptr(GListStore) annotations = g_list_store_new (PAPERS_TYPE_ANNOTATION);
  g_autoptr(PapersAnnotation) late = make_annotation ("2410.17243", 4, "highlight", "the tiles", NULL);
  g_autoptr(PapersAnnotation) early = make_annotation ("2410.17243", 0, "note", NULL, "Read this first");
  g_autofree char *text = NULL;

  g_list_store_append (annotations, late);
  g_list_store_append (annotations, early);
  text = export_one (paper, annotations);
  g_assert_cmpstr (text, ==,
                   "# Breaking the Memory Barrier\n"
                   "\n"
                   "Ada Lovelace, Alan Turing · 2024 · <https://arxiv.org/abs/2410.17243>\n"
                   "\n"
                   "## Note\n"
                   "\n"
                   "Try the tiled loss.\n"
                   "\n"
                   "## Annotations\n"
                   "\n"
                   "- **Page 1** (note)\n"
                   "\n"
                   "  Read this first\n"
                   "\n"
                   "- **Page 5**\n"
                   "\n"
                   "  > the tiles\n");
}

static void
test_markdown_nothing (void)
{
  g_autoptr(PapersPaper) paper = make_paper ("2410.16251", "Nothing Noted", "  \n ");
  g_autoptr(GListStore) annotations = g_list_store_new (PAPERS_TYPE_ANNOTATION);
  g_autofree char *text = export_one (paper, annotations);

  g_assert_cmpstr (text, ==, "");
}

/* Text from a PDF or a note that looks like Markdown shows as written and
 * cannot leave its quote or list item */
static void
test_markdown_hostile (void)
{
  g_autoptr(PapersPaper) paper = make_paper ("2410.18533", "# *Bold* [x](javascript:alert(1)) <script>\nsecond",
                                             "# not a heading\n- not a list\n    not code\n\n2024. not a list");
  g_autoptr(GListStore) annotations = g_list_store_new (PAPERS_TYPE_ANNOTATION);
  g_autoptr(PapersAnnotation) quote = make_annotation ("2410.18533", 2, "highlight",
                                                      "line one\n> fake quote\n\n## fake heading\n```\ncode\x01",
                                                      "- **fake** item\n</li><img src=x>");
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean in_annotations = FALSE;

  g_list_store_append (annotations, quote);
  text = export_one (paper, annotations);
  g_test_message ("%s", text);

  /* The title: one line, every markup character escaped */
  g_assert_true (g_str_has_prefix (text, "# \\# \\*Bold\\* \\[x\\](javascript:alert(1)) \\<script\\> second\n"));
  /* The note: the reader's lines, none of them markup */
  g_assert_nonnull (strstr (text, "\n\\# not a heading\\\n\\- not a list\\\nnot code\n\n2024\\. not a list\n"));
  g_assert_null (strstr (text, "<script>"));
  g_assert_true (strstr (text, "<img") == strstr (text, "\\<img") + 1);
  g_assert_null (strchr (text, '\x01'));

  /* Every line of the annotation stays inside its list item: the quote's
   * lines start with "  >", the comment's with two spaces */
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_equal (lines[i], "## Annotations"))
        {
          in_annotations = TRUE;
          continue;
        }
      if (!in_annotations || *lines[i] == '\0' || g_str_has_prefix (lines[i], "- **Page "))
        continue;
      g_assert_true (g_str_has_prefix (lines[i], "  "));
      g_assert_cmpint (lines[i][2], !=, ' ');
    }
  g_assert_true (in_annotations);
  g_assert_nonnull (strstr (text, "  > line one\\\n  > \\> fake quote\n  >\n  > \\## fake heading\\\n  > \\`\\`\\`\\\n  > code \n"));
  g_assert_nonnull (strstr (text, "  \\- \\*\\*fake\\*\\* item\\\n  \\</li\\>\\<img src=x\\>\n"));
}

static void
test_markdown_escape_inline (void)
{
  struct { const char *in, *out; } cases[] = {
    { "plain text", "plain text" },
    { "a_b*c`d", "a\\_b\\*c\\`d" },
    { "1. first", "1\\. first" },
    { "+ plus\r\n= equals", "\\+ plus \\= equals" },
    { "AT&amp;T", "AT\\&amp;T" },
    { "", "" },
    { NULL, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = papers_markdown_escape_inline (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

/* The command line: the library's notes and annotations, a query, the
 * format's name checked */
static void
test_cli_export_markdown (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) empty = { 0 };
  g_auto(Run) bad = { 0 };
  g_autoptr(PapersStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PapersAnnotation) annotation = make_annotation ("2410.18693", 6, "highlight",
                                                           "Scalable *question* synthesis", "Use\nthis");

  store = papers_store_new (library_path, &error);
  g_assert_no_error (error);
  g_ptr_array_add (added, make_paper ("2410.18693", "Unleashing Reasoning", "A note"));
  g_ptr_array_add (added, make_paper ("2410.18975", "Unbounded", NULL));
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error, store,
                                    added, TRUE));
  g_assert_no_error (error);
  g_assert_true (papers_store_wait (papers_store_add_annotation_async, papers_store_write_finish, &error, store,
                                    annotation));
  g_assert_no_error (error);
  g_clear_object (&store);

  papers (&run, "export", "--format", "markdown", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "# Unleashing Reasoning\n"));
  g_assert_nonnull (strstr (run.out, "## Note\n\nA note\n"));
  g_assert_nonnull (strstr (run.out, "- **Page 7**\n\n  > Scalable \\*question\\* synthesis\n\n  Use\\\n  this\n"));
  /* A paper with neither is left out */
  g_assert_null (strstr (run.out, "Unbounded"));

  papers (&empty, "export", "Unbounded", "--format", "markdown", NULL);
  g_assert_cmpint (empty.status, ==, 0);
  g_assert_cmpstr (empty.out, ==, "");
  g_assert_nonnull (strstr (empty.err, "No notes or annotations"));

  papers (&bad, "export", "--format", "md", NULL);
  g_assert_cmpint (bad.status, !=, 0);
  g_assert_nonnull (strstr (bad.err, "markdown"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  library_path = g_strdup_printf ("%s/cli-markdown.db", g_getenv ("PAPERS_TEST_TMPDIR"));

  g_test_add_func ("/markdown/plain", test_markdown_plain);
  g_test_add_func ("/markdown/nothing", test_markdown_nothing);
  g_test_add_func ("/markdown/hostile", test_markdown_hostile);
  g_test_add_func ("/markdown/escape-inline", test_markdown_escape_inline);
  g_test_add_func ("/cli/export/markdown", test_cli_export_markdown);
  return g_test_run ();
}
