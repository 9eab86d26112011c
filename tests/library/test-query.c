/* test-query.c: the search language and search results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "papers-query.h"
#include "papers-store.h"
#include "papers-store-wait.h"

static const PapersQueryTerm *
parse_one (const char *text)
{
  static PapersQuery *query;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&query, papers_query_free);
  query = papers_query_parse (text, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (papers_query_get_n_terms (query), ==, 1);
  return papers_query_get_term (query, 0);
}

static void
test_query_forms (void)
{
  const PapersQueryTerm *term;
  g_autoptr(PapersQuery) query = NULL;
  g_autoptr(GError) error = NULL;

  term = parse_one ("transformer");
  g_assert_cmpint (term->kind, ==, PAPERS_QUERY_WORD);
  g_assert_cmpstr (term->text, ==, "transformer");
  g_assert_false (term->prefix);

  term = parse_one ("transf*");
  g_assert_cmpint (term->kind, ==, PAPERS_QUERY_WORD);
  g_assert_cmpstr (term->text, ==, "transf");
  g_assert_true (term->prefix);

  term = parse_one ("\"attention is all\"");
  g_assert_cmpint (term->kind, ==, PAPERS_QUERY_PHRASE);
  g_assert_cmpstr (term->text, ==, "attention is all");

  term = parse_one ("tag:ML");
  g_assert_cmpint (term->kind, ==, PAPERS_QUERY_TAG);
  g_assert_cmpstr (term->text, ==, "ml");
  g_assert_false (term->negated);

  term = parse_one ("-tag:\"to read\"");
  g_assert_cmpint (term->kind, ==, PAPERS_QUERY_TAG);
  g_assert_cmpstr (term->text, ==, "to read");
  g_assert_true (term->negated);

  term = parse_one ("author:vaswani");
  g_assert_cmpint (term->kind, ==, PAPERS_QUERY_AUTHOR);
  g_assert_cmpstr (term->text, ==, "vaswani");

  term = parse_one ("author:\"Ashish Vaswani\"");
  g_assert_cmpstr (term->text, ==, "Ashish Vaswani");

  term = parse_one ("year:2024");
  g_assert_cmpint (term->kind, ==, PAPERS_QUERY_YEAR);
  g_assert_cmpint (term->year_from, ==, 2024);
  g_assert_cmpint (term->year_to, ==, 2024);

  term = parse_one ("year:2019..2023");
  g_assert_cmpint (term->year_from, ==, 2019);
  g_assert_cmpint (term->year_to, ==, 2023);

  term = parse_one ("year:..2010");
  g_assert_cmpint (term->year_to, ==, 2010);

  for (guint i = 0; i < 4; i++)
    {
      static const char * const values[] = { "unread", "reading", "read", "starred" };
      g_autofree char *text = g_strdup_printf ("is:%s", values[i]);

      term = parse_one (text);
      g_assert_cmpint (term->kind, ==, PAPERS_QUERY_IS);
      g_assert_cmpstr (term->text, ==, values[i]);
    }
  for (guint i = 0; i < 3; i++)
    {
      static const char * const values[] = { "pdf", "note", "annotations" };
      g_autofree char *text = g_strdup_printf ("HAS:%s", values[i]);

      term = parse_one (text);
      g_assert_cmpint (term->kind, ==, PAPERS_QUERY_HAS);
      g_assert_cmpstr (term->text, ==, values[i]);
    }

  /* A colon ending a word is punctuation */
  term = parse_one ("BERT:");
  g_assert_cmpint (term->kind, ==, PAPERS_QUERY_WORD);

  /* URLs are words, not keys */
  term = parse_one ("https://arxiv.org/abs/1706.03762");
  g_assert_cmpint (term->kind, ==, PAPERS_QUERY_WORD);

  /* Empty and blank queries list the whole library */
  query = papers_query_parse ("   ", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (papers_query_get_n_terms (query), ==, 0);
  g_clear_pointer (&query, papers_query_free);

  query = papers_query_parse ("deep \"neural net\" learn* author:hinton -tag:old -boring", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (papers_query_get_n_terms (query), ==, 6);
  g_assert_true (papers_query_get_term (query, 2)->prefix);
  g_assert_true (papers_query_get_term (query, 5)->negated);
  g_assert_cmpint (papers_query_get_term (query, 5)->kind, ==, PAPERS_QUERY_WORD);
}

static void
assert_parse_error (const char *text,
                    int         code,
                    const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersQuery) query = papers_query_parse (text, &error);

  g_assert_null (query);
  g_assert_error (error, PAPERS_QUERY_ERROR, code);
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("“%s” gave “%s”, expected to mention “%s”", text, error->message, fragment);
}

static void
test_query_errors (void)
{
  assert_parse_error ("foo:bar", PAPERS_QUERY_ERROR_UNKNOWN_KEY, "foo:");
  assert_parse_error ("arxiv:1706.03762", PAPERS_QUERY_ERROR_UNKNOWN_KEY, "arxiv:");
  assert_parse_error ("\"attention is", PAPERS_QUERY_ERROR_UNBALANCED_QUOTE, "character 1");
  assert_parse_error ("a b \"c", PAPERS_QUERY_ERROR_UNBALANCED_QUOTE, "character 5");
  assert_parse_error ("tag:\"open", PAPERS_QUERY_ERROR_UNBALANCED_QUOTE, NULL);
  assert_parse_error ("tag:", PAPERS_QUERY_ERROR_BAD_VALUE, "tag:");
  assert_parse_error ("year:twenty", PAPERS_QUERY_ERROR_BAD_VALUE, "year:twenty");
  assert_parse_error ("year:2023..2019", PAPERS_QUERY_ERROR_BAD_VALUE, NULL);
  assert_parse_error ("year:..", PAPERS_QUERY_ERROR_BAD_VALUE, NULL);
  assert_parse_error ("year:20245", PAPERS_QUERY_ERROR_BAD_VALUE, NULL);
  assert_parse_error ("is:done", PAPERS_QUERY_ERROR_BAD_VALUE, "is:unread");
  assert_parse_error ("has:children", PAPERS_QUERY_ERROR_BAD_VALUE, "has:pdf");
  assert_parse_error ("author:\"\"", PAPERS_QUERY_ERROR_BAD_VALUE, NULL);
}

/* A small library shared by the search tests */
static PapersStore *
library (void)
{
  static const struct {
    const char *id, *title, *abstract, *author, *tag;
    int year, status;
    gboolean starred;
    const char *note;
  } rows[] = {
    { "1706.03762", "Attention Is All You Need", "Sequence transduction with attention only.", "Ashish Vaswani", "nlp", 2017, 2, TRUE, "classic" },
    { "1810.04805", "BERT: Pre-training of Deep Bidirectional Transformers", "Language representation with attention.", "Jacob Devlin", "nlp", 2018, 1, FALSE, NULL },
    { "1512.03385", "Deep Residual Learning for Image Recognition", "Residual networks ease training of deep networks.", "Kaiming He", "vision", 2015, 0, FALSE, NULL },
    { "2010.11929", "An Image is Worth 16x16 Words: Transformers for Image Recognition", "Vision transformer; attention applied to patches. Café déjà vu.", "Alexey Dosovitskiy", "vision", 2020, 0, TRUE, NULL },
    { "2005.14165", "Language Models are Few-Shot Learners", "Scaling up language models improves few-shot performance.", "Tom Brown", NULL, 2020, 0, FALSE, NULL },
    { "1406.2661", "Generative Adversarial Networks", "A generative model estimated via an adversarial process.", "Ian Goodfellow", NULL, 2014, 2, FALSE, NULL },
  };
  g_autoptr(GPtrArray) papers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("%s/query-%d.db", g_getenv ("PAPERS_TEST_TMPDIR"), (int) getpid ());
  static PapersStore *store;

  if (store != NULL)
    return store;

  store = papers_store_new (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      PapersPaper *paper = papers_paper_new (rows[i].id);
      const char *authors[] = { rows[i].author, NULL };
      const char *tags[] = { rows[i].tag, NULL };
      g_autoptr(GDateTime) published = g_date_time_new_utc (rows[i].year, 3, 1, 0, 0, 0);

      papers_paper_set_arxiv_id (paper, rows[i].id);
      papers_paper_set_title (paper, rows[i].title);
      papers_paper_set_abstract (paper, rows[i].abstract);
      papers_paper_set_authors (paper, authors);
      papers_paper_set_published (paper, published);
      papers_paper_set_tags (paper, tags);
      papers_paper_set_status (paper, rows[i].status);
      papers_paper_set_starred (paper, rows[i].starred);
      papers_paper_set_note (paper, rows[i].note);
      g_ptr_array_add (papers, paper);
    }
  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error,
                                    store, papers, TRUE));
  g_assert_true (papers_store_wait (papers_store_set_pdf_async, papers_store_write_finish, &error, store,
                                    "1512.03385", "/tmp/resnet.pdf", 10, NULL));
  {
    g_autoptr(PapersAnnotation) annotation = papers_annotation_new ("1406.2661", 0, "note");
    papers_annotation_set_comment (annotation, "minimax game");
    g_assert_true (papers_store_wait (papers_store_add_annotation_async, papers_store_write_finish, &error,
                                      store, annotation));
  }
  g_assert_no_error (error);
  return store;
}

/* Runs @query and checks the ids of the results, in order when @ordered */
static void
assert_search (const char *query,
               gboolean    ordered,
               ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) results = papers_store_wait (papers_store_search_async, papers_store_search_finish,
                                                     &error, library (), query, 0, 100);
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  const char *id;
  va_list args;

  g_assert_no_error (error);
  va_start (args, ordered);
  while ((id = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (expected, (gpointer) id);
  va_end (args);

  if (g_list_model_get_n_items (results) != expected->len)
    g_error ("“%s”: %u results, expected %u", query, g_list_model_get_n_items (results), expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      g_autoptr(PapersPaper) paper = g_list_model_get_item (results, i);
      gboolean found = FALSE;

      if (ordered)
        found = g_str_equal (papers_paper_get_id (paper), expected->pdata[i]);
      else
        for (guint j = 0; j < expected->len; j++)
          found |= g_str_equal (papers_paper_get_id (paper), expected->pdata[j]);
      if (!found)
        g_error ("“%s”: unexpected result %u: %s", query, i, papers_paper_get_id (paper));
    }
}

static void
test_search_forms (void)
{
  assert_search ("", FALSE, "1706.03762", "1810.04805", "1512.03385", "2010.11929", "2005.14165", "1406.2661", NULL);
  /* Title matches rank above abstract matches */
  assert_search ("attention", TRUE, "1706.03762", "1810.04805", "2010.11929", NULL);
  assert_search ("transformers", TRUE, "1810.04805", "2010.11929", NULL);
  /* Prefix */
  assert_search ("transf*", FALSE, "1810.04805", "2010.11929", NULL);
  assert_search ("trans*", FALSE, "1810.04805", "2010.11929", "1706.03762", NULL);
  /* Phrase */
  assert_search ("\"image recognition\"", FALSE, "1512.03385", "2010.11929", NULL);
  assert_search ("\"recognition image\"", FALSE, NULL);
  /* Diacritics fold both ways */
  assert_search ("cafe deja", FALSE, "2010.11929", NULL);
  assert_search ("Café", FALSE, "2010.11929", NULL);
  /* Keys */
  assert_search ("tag:NLP", FALSE, "1706.03762", "1810.04805", NULL);
  assert_search ("attention -tag:nlp", FALSE, "2010.11929", NULL);
  assert_search ("author:vaswani", FALSE, "1706.03762", NULL);
  assert_search ("author:\"kaiming he\"", FALSE, "1512.03385", NULL);
  assert_search ("-author:vaswani attention", FALSE, "1810.04805", "2010.11929", NULL);
  assert_search ("year:2020", FALSE, "2010.11929", "2005.14165", NULL);
  assert_search ("year:2014..2015", FALSE, "1512.03385", "1406.2661", NULL);
  assert_search ("-year:2014..2020", FALSE, NULL);
  assert_search ("image year:2015", FALSE, "1512.03385", NULL);
  assert_search ("is:read", FALSE, "1706.03762", "1406.2661", NULL);
  assert_search ("is:reading", FALSE, "1810.04805", NULL);
  assert_search ("is:unread tag:vision", FALSE, "1512.03385", "2010.11929", NULL);
  assert_search ("is:starred", FALSE, "1706.03762", "2010.11929", NULL);
  assert_search ("has:pdf", FALSE, "1512.03385", NULL);
  assert_search ("has:note", FALSE, "1706.03762", NULL);
  assert_search ("has:annotations", FALSE, "1406.2661", NULL);
  assert_search ("-has:pdf -has:note -has:annotations", FALSE, "1810.04805", "2010.11929", "2005.14165", NULL);
  /* Notes and annotations are searched */
  assert_search ("classic", FALSE, "1706.03762", NULL);
  assert_search ("minimax", FALSE, "1406.2661", NULL);
  /* Words shaped like the hidden key tokens find only text */
  assert_search ("lib", FALSE, NULL);
  assert_search ("starred", FALSE, NULL);
  assert_search ("st0 OR y2017", FALSE, NULL);
  assert_search ("tag1", FALSE, NULL);
  assert_search ("haspdf", FALSE, NULL);
  assert_search ("st*", FALSE, NULL);
  /* Negated words */
  assert_search ("-attention -deep -language -generative", FALSE, NULL);
  assert_search ("deep -residual", FALSE, "1810.04805", NULL);
}

static void
test_search_paging (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) first = papers_store_wait (papers_store_search_async, papers_store_search_finish,
                                                   &error, library (), "", 0, 4);
  g_autoptr(GListModel) rest = papers_store_wait (papers_store_search_async, papers_store_search_finish,
                                                  &error, library (), "", 4, 4);

  g_assert_cmpuint (g_list_model_get_n_items (first), ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (rest), ==, 2);
}

static void
test_search_hostile (void)
{
  static const char * const inputs[] = {
    "\"\"", "\"\"\"\"", "'", "''", "'; DROP TABLE papers; --", "\"; DROP TABLE papers; --\"",
    "NEAR(", "NEAR(a b", "NEAR(attention, 2)", "*", "**", "a*b", "^", "^attention", "attention^",
    "AND", "OR", "NOT", "attention AND", "OR attention", "NOT NOT", "(", ")", "(attention", "{title}:x",
    "title:attention", "- -", "-", "--tag:x", ":", "::", "tag:\"", "-\"", "\\", "%", "_", "?1", "$x",
    "attention\001\002", "\xff\xfe invalid utf8", "tag:'; DROP TABLE tags; --",
    "author:NEAR(", "author:*", "year:2020..", "\"attention\"*", "\"NEAR(\"",
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GListModel) results = papers_store_wait (papers_store_search_async,
                                                         papers_store_search_finish, &error, library (),
                                                         inputs[i], 0, 100);

      /* Either results or a message of the query language: never SQL */
      if (error != NULL)
        {
          if (error->domain != PAPERS_QUERY_ERROR)
            g_error ("“%s” gave a non-query error: %s", inputs[i], error->message);
          g_clear_error (&error);
        }
      else
        g_assert_nonnull (results);
    }

  /* A NUL byte ends the C string: the rest is not seen */
  {
    const char with_nul[] = "attention\0; DROP TABLE papers";
    g_autoptr(GListModel) results = papers_store_wait (papers_store_search_async, papers_store_search_finish,
                                                       &error, library (), with_nul, 0, 100);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (results), ==, 3);
  }

  /* 100 KB: many words are refused clearly; one giant word just matches nothing */
  {
    g_autoptr(GString) words = g_string_new (NULL);
    g_autofree char *giant = g_strnfill (100 * 1024, 'a');
    g_autoptr(GListModel) results = NULL;

    while (words->len < 100 * 1024)
      g_string_append (words, "attention NEAR( \"x ");
    results = papers_store_wait (papers_store_search_async, papers_store_search_finish, &error, library (),
                                 words->str, 0, 100);
    g_assert_nonnull (error);
    g_assert_true (error->domain == PAPERS_QUERY_ERROR);
    g_clear_error (&error);

    results = papers_store_wait (papers_store_search_async, papers_store_search_finish, &error, library (),
                                 giant, 0, 100);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);
  }

  /* The tables survived */
  assert_search ("", FALSE, "1706.03762", "1810.04805", "1512.03385", "2010.11929", "2005.14165", "1406.2661", NULL);
}

/* As-you-type: the last plain word becomes a prefix, nothing else does */
static void
test_query_incremental (void)
{
  static const struct { const char *typed; const char *searched; } cases[] = {
    { "", "" },
    { "l", "l" },
    { "AI", "AI" },
    { "  la", "  la" },
    { "lan", "lan*" },
    { "language m", "language " },
    { "language mo", "language " },
    { "language mod", "language mod*" },
    { "language ", "language " },
    { "tag:vis", "tag:vis" },
    { "-excluded", "-excluded" },
    { "\"a phrase", "\"a phrase" },
    { "\"a phrase\" wor", "\"a phrase\" wor*" },
    { "\"open quote wor", "\"open quote wor" },
    { "word*", "word*" },
    { "año", "año*" },
    { "añ", "añ" },
    { "ends with,", "ends with," },
    { "\xff\xfe", "\xff\xfe" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *searched = papers_query_dup_incremental (cases[i].typed);

      g_assert_cmpstr (searched, ==, cases[i].searched);
    }
  {
    g_autofree char *none = papers_query_dup_incremental (NULL);
    g_assert_cmpstr (none, ==, "");
  }
}

/* A view's filter is one more term; its value is taken whole */
static void
test_query_filter (void)
{
  g_autoptr(PapersQuery) query = papers_query_parse ("word", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *huge = g_strnfill (10000, 'x');

  g_assert_true (papers_query_add_filter (query, "tag", "Two Words \"quoted\"", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (papers_query_get_n_terms (query), ==, 2);
  g_assert_cmpint (papers_query_get_term (query, 1)->kind, ==, PAPERS_QUERY_TAG);
  g_assert_true (papers_query_add_filter (query, "is", "unread", &error));
  g_assert_true (papers_query_add_filter (query, "tag", huge, &error));
  g_assert_no_error (error);
  g_assert_false (papers_query_add_filter (query, "nope", "x", &error));
  g_assert_error (error, PAPERS_QUERY_ERROR, PAPERS_QUERY_ERROR_UNKNOWN_KEY);
  g_clear_error (&error);
  g_assert_false (papers_query_add_filter (query, "year", "soon", &error));
  g_assert_error (error, PAPERS_QUERY_ERROR, PAPERS_QUERY_ERROR_BAD_VALUE);
  g_clear_error (&error);
  g_assert_false (papers_query_add_filter (query, "tag", "", &error));
  g_assert_error (error, PAPERS_QUERY_ERROR, PAPERS_QUERY_ERROR_BAD_VALUE);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/library/query/forms", test_query_forms);
  g_test_add_func ("/library/query/errors", test_query_errors);
  g_test_add_func ("/library/query/incremental", test_query_incremental);
  g_test_add_func ("/library/query/filter", test_query_filter);
  g_test_add_func ("/library/search/forms", test_search_forms);
  g_test_add_func ("/library/search/paging", test_search_paging);
  g_test_add_func ("/library/search/hostile", test_search_hostile);

  ret = g_test_run ();
  g_object_unref (library ());
  return ret;
}
