/* test-parsers.c: Hugging Face and arXiv parsers on real and hostile input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "papers-arxiv-parser.h"
#include "papers-hf-parser.h"
#include "papers-source-common.h"
#include "papers-test-server.h"

typedef struct
{
  const char *path;
  void (*func) (GBytes *body);
} CorpusCase;

/* Runs a test on a corpus file, or skips it when the corpus is absent. */
static void
run_corpus_case (gconstpointer data)
{
  const CorpusCase *c = data;
  g_autoptr(GBytes) body = test_corpus_bytes (c->path);

  if (body == NULL)
    {
      g_test_skip ("no corpus");
      return;
    }
  c->func (body);
}

#define add_corpus_test(name, file, function)                     \
  G_STMT_START {                                                  \
    static const CorpusCase c = { file, function };               \
    g_test_add_data_func ("/corpus" name, &c, run_corpus_case);   \
  } G_STMT_END

static GBytes *
text_bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static void
test_clean_text (void)
{
  g_autofree char *a = papers_source_clean_text ("  Scaling for\n  Contrastive\tLoss \n", -1);
  g_autofree char *b = papers_source_clean_text (" \n\t ", -1);
  g_autofree char *c = papers_source_clean_text ("bad \xff utf8", -1);

  g_assert_cmpstr (a, ==, "Scaling for Contrastive Loss");
  g_assert_null (b);
  g_assert_true (g_utf8_validate (c, -1, NULL));
  g_assert_null (papers_source_clean_text (NULL, -1));
}

/* Names encoded twice are repaired in every source's parser; names that
 * have "Ã" in their own right are not. */
static void
test_double_utf8 (void)
{
  g_autofree char *twice = papers_source_clean_text ("  Jos\xC3\x83\xC2\xA9\n Ra\xC3\x83\xC2\xBA" "l Romero ", -1);
  g_autofree char *portuguese = papers_source_clean_text ("Jo\xC3\xA3o S\xC3\x83O", -1);
  g_autofree char *invalid = papers_source_clean_text ("W\xC3\x83\xC2\xBC" "bben \xFF", -1);
  g_autoptr(GBytes) hf = text_bytes (
    "{\"id\": \"2401.00001\", \"title\": \"A\","
    " \"authors\": [{\"name\": \"Aurora Ram\xC3\x83\xC2\xAD" "rez\"}, {\"name\": \"Jo\xC3\xA3o S\xC3\xA3o\"}]}");
  g_autoptr(GBytes) rss = text_bytes (
    "<rss xmlns:dc='http://purl.org/dc/elements/1.1/' version='2.0'><channel><title>cs.SE updates</title>"
    "<item><title>T</title><link>https://arxiv.org/abs/2411.00001</link>"
    "<guid isPermaLink='false'>oai:arXiv.org:2411.00001v1</guid>"
    "<dc:creator>Aurora Ram\xC3\x83\xC2\xAD" "rez, Jos\xC3\x83\xC2\xA9 Ra\xC3\x83\xC2\xBA" "l Romero</dc:creator>"
    "</item></channel></rss>");
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersPaper) paper = papers_hf_parse_paper (hf, NULL, NULL, &error);
  g_autoptr(GPtrArray) papers = NULL;

  g_assert_cmpstr (twice, ==, "José Raúl Romero");
  g_assert_cmpstr (portuguese, ==, "João SÃO");
  /* Made valid first; what is left is no longer unambiguous */
  g_assert_true (g_str_has_prefix (invalid, "W\xC3\x83\xC2\xBC" "bben "));

  g_assert_no_error (error);
  g_assert_cmpstr (papers_paper_get_authors (paper)[0], ==, "Aurora Ramírez");
  g_assert_cmpstr (papers_paper_get_authors (paper)[1], ==, "João São");

  papers = papers_arxiv_parse_rss (rss, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (papers->len, ==, 1);
  g_assert_cmpstr (papers_paper_get_authors (papers->pdata[0])[0], ==, "Aurora Ramírez");
  g_assert_cmpstr (papers_paper_get_authors (papers->pdata[0])[1], ==, "José Raúl Romero");
}

static void
test_hf_corpus_daily (GBytes *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = papers_hf_parse_listing (body, "http://127.0.0.1:1",
                                                         "http://127.0.0.1:2", &error);
  PapersPaper *first;

  g_assert_no_error (error);
  g_assert_cmpuint (papers->len, ==, 8);

  first = g_ptr_array_index (papers, 0);
  g_assert_cmpstr (papers_paper_get_id (first), ==, "2410.17243");
  g_assert_cmpstr (papers_paper_get_arxiv_id (first), ==, "2410.17243");
  g_assert_cmpstr (papers_paper_get_title (first), ==,
                   "Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss");
  g_assert_null (strchr (papers_paper_get_abstract (first), '\n'));
  g_assert_true (g_str_has_prefix (papers_paper_get_abstract (first), "Contrastive loss is"));
  g_assert_cmpint (papers_paper_get_upvotes (first), ==, 64);
  g_assert_cmpint (papers_paper_get_comments (first), ==, 3);
  g_assert_cmpuint (g_strv_length ((GStrv) papers_paper_get_authors (first)), ==, 9);
  g_assert_cmpstr (papers_paper_get_authors (first)[0], ==, "Zesen Cheng");
  g_assert_cmpstr (papers_paper_get_source (first), ==, "hf");
  g_assert_cmpstr (papers_paper_get_hf_url (first), ==, "http://127.0.0.1:1/papers/2410.17243");
  g_assert_cmpstr (papers_paper_get_pdf_url (first), ==, "http://127.0.0.1:2/pdf/2410.17243");
  g_assert_cmpstr (papers_paper_get_thumbnail_url (first), ==,
                   "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2410.17243.png");
  g_assert_nonnull (papers_paper_get_published (first));
  g_assert_cmpint (g_date_time_get_year (papers_paper_get_published (first)), ==, 2024);

  for (guint i = 0; i < papers->len; i++)
    {
      PapersPaper *paper = g_ptr_array_index (papers, i);
      g_assert_nonnull (papers_paper_get_title (paper));
      g_assert_null (strchr (papers_paper_get_title (paper), '\n'));
      g_assert_nonnull (papers_paper_get_abstract (paper));
    }
  g_assert_cmpstr (papers_paper_get_id (g_ptr_array_index (papers, 7)), ==, "2410.18745");
}

static void
assert_hf_bad (const char *json,
               int         code)
{
  g_autoptr(GBytes) body = text_bytes (json);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = papers_hf_parse_listing (body, NULL, NULL, &error);

  if (papers != NULL)
    g_error ("accepted: %.80s", json);
  g_assert_error (error, PAPERS_SOURCE_ERROR, code);
  g_assert_nonnull (error->message);
}

static void
test_hf_corpus_truncated (GBytes *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = papers_hf_parse_listing (body, NULL, NULL, &error);

  g_assert_null (papers);
  g_assert_error (error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_BAD_RESPONSE);
}

static void
test_hf_wrong_types (void)
{
  static const char * const cases[] = {
    "",
    "{}",
    "\"text\"",
    "<!DOCTYPE html><html><body>Hugging Face is down</body></html>",
    "[1]",
    "[null]",
    "[{}]",
    "[{\"paper\": \"2410.17243\"}]",
    "[{\"paper\": {\"id\": 2410.17243}}]",
    "[{\"paper\": {\"id\": \"2410.17243\", \"upvotes\": \"many\"}}]",
    "[{\"paper\": {\"id\": \"2410.17243\", \"title\": [\"a\"]}}]",
    "[{\"paper\": {\"id\": \"2410.17243\", \"authors\": {}}}]",
    "[{\"paper\": {\"id\": \"2410.17243\", \"authors\": [\"Ada\"]}}]",
    "[{\"paper\": {\"id\": \"2410.17243\", \"authors\": [{\"name\": 3}]}}]",
    "[{\"paper\": {\"id\": \"2410.17243\"}, \"numComments\": {}}]",
    "[{\"paper\": {\"id\": \"2410.17243\"}, \"thumbnail\": true}]",
    "[{\"paper\": {\"id\": \"2410.17243\"}}",
    "[{\"paper\": {\"id\": \"2410.17243\"}},]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_hf_bad (cases[i], PAPERS_SOURCE_ERROR_BAD_RESPONSE);
}

static void
test_hf_unknown_fields (void)
{
  g_autoptr(GBytes) body = text_bytes (
    "[{\"paper\": {\"id\": \"2401.01234\", \"title\": \"  A\\n  title \", \"upvotes\": 7,"
    "  \"ai_keywords\": [\"x\"], \"newThing\": {\"deep\": [1, 2, {\"a\": null}]},"
    "  \"githubRepo\": \"https://github.com/a/b\", \"projectPage\": \"https://a.example\","
    "  \"summary\": null, \"authors\": [{\"name\": \"Ada Lovelace\", \"hidden\": false}]},"
    " \"title\": \"A title\", \"numComments\": 2, \"unknown\": 1.5, \"submittedBy\": {}},"
    " {\"paper\": {\"id\": \"hep-th/9603067\"}}]");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = papers_hf_parse_listing (body, NULL, NULL, &error);
  PapersPaper *paper;

  g_assert_no_error (error);
  g_assert_cmpuint (papers->len, ==, 2);
  paper = g_ptr_array_index (papers, 0);
  g_assert_cmpstr (papers_paper_get_title (paper), ==, "A title");
  g_assert_null (papers_paper_get_abstract (paper));
  g_assert_cmpint (papers_paper_get_upvotes (paper), ==, 7);
  g_assert_cmpint (papers_paper_get_comments (paper), ==, 2);
  g_assert_cmpstr (papers_paper_get_code_url (paper), ==, "https://github.com/a/b");
  g_assert_cmpstr (papers_paper_get_project_url (paper), ==, "https://a.example");
  g_assert_cmpstr (papers_paper_get_hf_url (paper), ==, "https://huggingface.co/papers/2401.01234");
  g_assert_cmpstr (papers_paper_get_id (g_ptr_array_index (papers, 1)), ==, "hep-th/9603067");
}

static void
test_hf_skips_unkeyed (void)
{
  g_autoptr(GBytes) body = text_bytes (
    "[{\"paper\": {}}, {\"paper\": {\"id\": \"../../etc/passwd\"}},"
    " {\"paper\": {\"id\": \"not-arxiv-42\", \"title\": \"x\"}},"
    " {\"paper\": {\"id\": \"2401.01234\"}}]");
  g_autoptr(GBytes) single = text_bytes ("{\"id\": \"../../etc/passwd\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = papers_hf_parse_listing (body, NULL, NULL, &error);
  g_autoptr(PapersPaper) paper = NULL;

  /* Papers without a usable id are left out of a listing … */
  g_assert_no_error (error);
  g_assert_cmpuint (papers->len, ==, 1);
  g_assert_cmpstr (papers_paper_get_id (g_ptr_array_index (papers, 0)), ==, "2401.01234");

  /* … and are an error when asked for alone. */
  paper = papers_hf_parse_paper (single, NULL, NULL, &error);
  g_assert_null (paper);
  g_assert_error (error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_BAD_RESPONSE);
}

static void
test_hf_empty (void)
{
  g_autoptr(GBytes) body = text_bytes ("[]");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = papers_hf_parse_listing (body, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (papers->len, ==, 0);
}

static void
test_hf_paper (void)
{
  g_autoptr(GBytes) body = text_bytes (
    "{\"id\": \"2410.17243\", \"title\": \"Breaking\\n  Barriers\", \"upvotes\": 64,"
    " \"authors\": [{\"name\": \"Zesen Cheng\"}], \"publishedAt\": \"2024-10-22T17:59:30.000Z\","
    " \"summary\": \"line\\none\"}");
  g_autoptr(GBytes) list = text_bytes ("[]");
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersPaper) paper = papers_hf_parse_paper (body, NULL, NULL, &error);
  g_autoptr(PapersPaper) none = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (papers_paper_get_id (paper), ==, "2410.17243");
  g_assert_cmpstr (papers_paper_get_title (paper), ==, "Breaking Barriers");
  g_assert_cmpstr (papers_paper_get_abstract (paper), ==, "line one");
  g_assert_cmpint (papers_paper_get_upvotes (paper), ==, 64);

  none = papers_hf_parse_paper (list, NULL, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_BAD_RESPONSE);
}

static void
test_hf_hostile (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) huge = g_string_new ("[{\"paper\": {\"id\": \"2401.01234\", \"title\": \"");
  g_autoptr(GBytes) deep_body = NULL;
  g_autoptr(GBytes) huge_body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = NULL;

  /* Nesting deep enough to overflow a naive recursive parser. */
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  deep_body = g_bytes_new (deep->str, deep->len);
  papers = papers_hf_parse_listing (deep_body, NULL, NULL, &error);
  g_assert_null (papers);
  g_assert_error (error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  /* Past the listing cap. */
  while (huge->len <= PAPERS_SOURCE_MAX_LISTING_BYTES)
    g_string_append (huge, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  g_string_append (huge, "\"}}]");
  huge_body = g_bytes_new (huge->str, huge->len);
  papers = papers_hf_parse_listing (huge_body, NULL, NULL, &error);
  g_assert_null (papers);
  g_assert_error (error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_BAD_RESPONSE);
}

/* ---- arXiv ---------------------------------------------------------------- */

static void
test_arxiv_atom_2016 (GBytes *body)
{
  g_autoptr(GError) error = NULL;
  int total = 0;
  g_autoptr(GPtrArray) papers = papers_arxiv_parse_atom (body, NULL, &total, &error);
  PapersPaper *paper;
  const char * const *categories;

  g_assert_no_error (error);
  g_assert_cmpint (total, ==, 1);
  g_assert_cmpuint (papers->len, ==, 1);
  paper = g_ptr_array_index (papers, 0);
  g_assert_cmpstr (papers_paper_get_id (paper), ==, "1111.2011");
  g_assert_cmpint (papers_paper_get_version (paper), ==, 2);
  g_assert_cmpstr (papers_paper_get_title (paper), ==,
                   "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit");
  g_assert_true (g_str_has_prefix (papers_paper_get_abstract (paper), "Theoretical description"));
  g_assert_null (strchr (papers_paper_get_abstract (paper), '\n'));
  g_assert_cmpstr (papers_paper_get_doi (paper), ==, "10.1103/PhysRevB.85.115117");
  g_assert_cmpstr (papers_paper_get_comment (paper), ==, "8 pages, 3 figures. Published version");
  g_assert_cmpstr (papers_paper_get_journal_ref (paper), ==, "Phys. Rev. B 85, 115117 (2012)");
  g_assert_cmpstr (papers_paper_get_source (paper), ==, "arxiv");
  g_assert_cmpstr (papers_paper_get_pdf_url (paper), ==, "https://arxiv.org/pdf/1111.2011v2");
  categories = papers_paper_get_categories (paper);
  g_assert_cmpstr (categories[0], ==, "cond-mat.str-el");
  g_assert_cmpstr (categories[1], ==, "cond-mat.stat-mech");
  g_assert_null (categories[2]);
  g_assert_cmpuint (g_strv_length ((GStrv) papers_paper_get_authors (paper)), ==, 3);
  g_assert_cmpstr (papers_paper_get_authors (paper)[1], ==, "Adrian Del Maestro");
  g_assert_cmpint (g_date_time_get_year (papers_paper_get_published (paper)), ==, 2011);
  g_assert_cmpint (g_date_time_get_year (papers_paper_get_updated (paper)), ==, 2012);
}

static void
test_arxiv_atom_2016_search (GBytes *body)
{
  g_autoptr(GError) error = NULL;
  int total = 0;
  g_autoptr(GPtrArray) papers = papers_arxiv_parse_atom (body, NULL, &total, &error);

  g_assert_no_error (error);
  g_assert_cmpint (total, ==, 31);
  g_assert_cmpuint (papers->len, ==, 10);
}

static void
test_arxiv_atom_2026 (GBytes *body)
{
  g_autoptr(GError) error = NULL;
  int total = 0;
  g_autoptr(GPtrArray) papers = papers_arxiv_parse_atom (body, NULL, &total, &error);
  PapersPaper *paper;

  g_assert_no_error (error);
  g_assert_cmpint (total, ==, 1);
  g_assert_cmpuint (papers->len, ==, 1);
  paper = g_ptr_array_index (papers, 0);
  g_assert_cmpstr (papers_paper_get_id (paper), ==, "1707.08567");
  g_assert_cmpint (papers_paper_get_version (paper), ==, 1);
  g_assert_cmpuint (g_strv_length ((GStrv) papers_paper_get_authors (paper)), ==, 34);
  /* arXiv sends this name encoded twice ("Dirk WÃ¼bben") */
  g_assert_cmpstr (papers_paper_get_authors (paper)[32], ==, "Dirk Wübben");
  g_assert_cmpstr (papers_paper_get_categories (paper)[0], ==, "cs.IT");
  g_assert_true (g_str_has_prefix (papers_paper_get_comment (paper), "44 pages"));
}

static void
test_arxiv_atom_zero (GBytes *body)
{
  g_autoptr(GError) error = NULL;
  int total = -5;
  g_autoptr(GPtrArray) papers = papers_arxiv_parse_atom (body, NULL, &total, &error);

  g_assert_no_error (error);
  g_assert_cmpint (total, ==, 0);
  g_assert_cmpuint (papers->len, ==, 0);
}

static void
test_arxiv_atom_error (GBytes *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = papers_arxiv_parse_atom (body, NULL, NULL, &error);

  g_assert_null (papers);
  g_assert_error (error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_INVALID_QUERY);
  g_assert_nonnull (strstr (error->message, "incorrect id format for abc"));
}

static void
test_arxiv_rss_big (GBytes *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = papers_arxiv_parse_rss (body, NULL, &error);
  guint n_new = 0, n_replace = 0, n_cross = 0;
  PapersPaper *first;

  g_assert_no_error (error);
  g_assert_cmpuint (papers->len, ==, 1504);

  for (guint i = 0; i < papers->len; i++)
    {
      PapersPaper *paper = g_ptr_array_index (papers, i);
      const char *type = papers_paper_get_announce_type (paper);

      g_assert_nonnull (type);
      n_new += g_str_equal (type, "new");
      n_replace += g_str_equal (type, "replace");
      n_cross += g_str_equal (type, "cross");
      g_assert_nonnull (papers_paper_get_authors (paper));
      g_assert_cmpint (papers_paper_get_version (paper), >=, 1);
    }
  g_assert_cmpuint (n_new, ==, 926);
  g_assert_cmpuint (n_replace, ==, 569);
  g_assert_cmpuint (n_cross, ==, 9);

  first = g_ptr_array_index (papers, 0);
  g_assert_cmpstr (papers_paper_get_id (first), ==, "2411.17700");
  g_assert_cmpint (papers_paper_get_version (first), ==, 1);
  g_assert_true (g_str_has_prefix (papers_paper_get_abstract (first), "This study investigates"));
  g_assert_cmpstr (papers_paper_get_categories (first)[0], ==, "cs.CY");
  g_assert_cmpstr (papers_paper_get_authors (first)[0], ==, "Jun Cui");
  g_assert_nonnull (papers_paper_get_published (first));
}

static void
test_arxiv_rss_creators (void)
{
  g_autoptr(GBytes) body = text_bytes (
    "<rss xmlns:arxiv='http://arxiv.org/schemas/atom' xmlns:dc='http://purl.org/dc/elements/1.1/'"
    " version='2.0'><channel><title>cs.LG updates</title>"
    "<item><title>T</title><link>https://arxiv.org/abs/2411.00001</link>"
    "<description>arXiv:2411.00001v3 Announce Type: replace-cross \nAbstract: Some\n text.</description>"
    "<guid isPermaLink='false'>oai:arXiv.org:2411.00001v3</guid>"
    "<arxiv:announce_type>replace-cross</arxiv:announce_type>"
    "<dc:creator>Ada Lovelace (Univ. A, London, UK), Alan Turing, K. J. Hepworth</dc:creator>"
    "</item></channel></rss>");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = papers_arxiv_parse_rss (body, NULL, &error);
  PapersPaper *paper;
  const char * const *authors;

  g_assert_no_error (error);
  g_assert_cmpuint (papers->len, ==, 1);
  paper = g_ptr_array_index (papers, 0);
  g_assert_cmpint (papers_paper_get_version (paper), ==, 3);
  g_assert_cmpstr (papers_paper_get_announce_type (paper), ==, "replace-cross");
  g_assert_cmpstr (papers_paper_get_abstract (paper), ==, "Some text.");
  authors = papers_paper_get_authors (paper);
  g_assert_cmpuint (g_strv_length ((GStrv) authors), ==, 3);
  g_assert_cmpstr (authors[0], ==, "Ada Lovelace");
  g_assert_cmpstr (authors[1], ==, "Alan Turing");
  g_assert_cmpstr (authors[2], ==, "K. J. Hepworth");
}

static void
test_arxiv_rss_empty (GBytes *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = papers_arxiv_parse_rss (body, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (papers->len, ==, 0);
}

static void
test_arxiv_rss_error (GBytes *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = papers_arxiv_parse_rss (body, NULL, &error);

  g_assert_null (papers);
  g_assert_error (error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_INVALID_QUERY);
  g_assert_nonnull (strstr (error->message, "Bad archive 'astroph'"));
}

static void
test_arxiv_malformed (void)
{
  static const char * const cases[] = {
    "",
    "not xml at all",
    "<!DOCTYPE html><html><body><p>Rate exceeded.</p></body></html>",
    "{\"json\": true}",
    "<feed xmlns='http://www.w3.org/2005/Atom'><entry><id>http://arxiv.org/abs/1111.2011v2</id>",
    "<feed xmlns='http://example.org/not-atom'></feed>",
    "<rss version='2.0'></rss>",
    "<?xml version='1.0' encoding='UTF-8'?>\n<feed",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) body = text_bytes (cases[i]);
      g_autoptr(GError) atom_error = NULL;
      g_autoptr(GError) rss_error = NULL;
      g_autoptr(GPtrArray) a = papers_arxiv_parse_atom (body, NULL, NULL, &atom_error);
      g_autoptr(GPtrArray) r = papers_arxiv_parse_rss (body, NULL, &rss_error);

      g_assert_null (a);
      g_assert_error (atom_error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_BAD_RESPONSE);
      g_assert_null (r);
      g_assert_error (rss_error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_BAD_RESPONSE);
    }
}

static void
test_arxiv_hostile (void)
{
  /* An external entity must never be fetched, and a local file never read
   * into a title. */
  g_autoptr(GBytes) xxe = text_bytes (
    "<?xml version='1.0'?>"
    "<!DOCTYPE feed [<!ENTITY x SYSTEM 'file:///etc/passwd'>"
    " <!ENTITY net SYSTEM 'http://127.0.0.1:9/evil'>]>"
    "<feed xmlns='http://www.w3.org/2005/Atom'><entry>"
    "<id>http://arxiv.org/abs/2401.01234v1</id><title>A &x; &net; B</title></entry></feed>");
  /* Billion laughs: libxml2 refuses to amplify, we must just not hang. */
  g_autoptr(GString) laughs = g_string_new ("<?xml version='1.0'?><!DOCTYPE feed [<!ENTITY l0 'lol'>");
  g_autoptr(GBytes) laughs_body = NULL;
  g_autoptr(GString) huge = g_string_new ("<feed xmlns='http://www.w3.org/2005/Atom'><title>");
  g_autoptr(GBytes) huge_body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = papers_arxiv_parse_atom (xxe, NULL, NULL, &error);

  if (papers != NULL)
    {
      for (guint i = 0; i < papers->len; i++)
        {
          const char *title = papers_paper_get_title (g_ptr_array_index (papers, i));
          g_assert_true (title == NULL || strstr (title, "root:") == NULL);
        }
    }
  g_clear_pointer (&papers, g_ptr_array_unref);
  g_clear_error (&error);

  for (guint i = 1; i < 20; i++)
    g_string_append_printf (laughs, "<!ENTITY l%u '&l%u;&l%u;&l%u;&l%u;&l%u;&l%u;&l%u;&l%u;&l%u;&l%u;'>",
                            i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
  g_string_append (laughs, "]><feed xmlns='http://www.w3.org/2005/Atom'><entry>"
                           "<id>http://arxiv.org/abs/2401.01234v1</id><title>&l19;</title></entry></feed>");
  laughs_body = g_bytes_new (laughs->str, laughs->len);
  papers = papers_arxiv_parse_atom (laughs_body, NULL, NULL, &error);
  if (papers != NULL)
    for (guint i = 0; i < papers->len; i++)
      {
        const char *title = papers_paper_get_title (g_ptr_array_index (papers, i));
        g_assert_true (title == NULL || strlen (title) < 1000000);
      }
  g_clear_pointer (&papers, g_ptr_array_unref);
  g_clear_error (&error);

  while (huge->len <= PAPERS_SOURCE_MAX_LISTING_BYTES)
    g_string_append (huge, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  g_string_append (huge, "</title></feed>");
  huge_body = g_bytes_new (huge->str, huge->len);
  papers = papers_arxiv_parse_atom (huge_body, NULL, NULL, &error);
  g_assert_null (papers);
  g_assert_error (error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_BAD_RESPONSE);
}

static void
test_arxiv_truncated_corpus (GBytes *body)
{

  /* Every cut of the big feed is refused, never half-read. */
  for (gsize cut = 1; cut < g_bytes_get_size (body); cut += 277777)
    {
      g_autoptr(GBytes) part = g_bytes_new_from_bytes (body, 0, cut);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) papers = papers_arxiv_parse_rss (part, NULL, &error);

      g_assert_null (papers);
      g_assert_error (error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_BAD_RESPONSE);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sources/text/clean", test_clean_text);
  g_test_add_func ("/sources/text/double-utf8", test_double_utf8);
  add_corpus_test ("/sources/hf/corpus-daily", "hf/deep-diver_paper-reviewer_daily_papers_2024-10-25_first8items.json", test_hf_corpus_daily);
  add_corpus_test ("/sources/hf/corpus-truncated", "hf/deep-diver_paper-reviewer_daily_papers_2024-10-25_TRUNCATED_first16000chars.json", test_hf_corpus_truncated);
  g_test_add_func ("/sources/hf/wrong-types", test_hf_wrong_types);
  g_test_add_func ("/sources/hf/unknown-fields", test_hf_unknown_fields);
  g_test_add_func ("/sources/hf/empty", test_hf_empty);
  g_test_add_func ("/sources/hf/skips-unkeyed", test_hf_skips_unkeyed);
  g_test_add_func ("/sources/hf/paper", test_hf_paper);
  g_test_add_func ("/sources/hf/hostile", test_hf_hostile);
  add_corpus_test ("/sources/arxiv/atom-2016", "arxiv/arxivpy-2016_id_list_1111.2011v2.atom.xml", test_arxiv_atom_2016);
  add_corpus_test ("/sources/arxiv/atom-2016-search", "arxiv/arxivpy-2016_search_au_del_maestro.atom.xml", test_arxiv_atom_2016_search);
  add_corpus_test ("/sources/arxiv/atom-2026", "arxiv/arxivpy-2026_id_1707.08567_s0_m100_6a1afebfc6a3.atom.xml", test_arxiv_atom_2026);
  add_corpus_test ("/sources/arxiv/atom-zero", "arxiv/arxivpy-2026_id_0000.0000_s0_m100_8b51d9633a68.atom.xml", test_arxiv_atom_zero);
  add_corpus_test ("/sources/arxiv/atom-error", "arxiv/arxivpy-2026_id_abc_s0_m100_b79c8dcf6bc3.atom.xml", test_arxiv_atom_error);
  add_corpus_test ("/sources/arxiv/rss-big", "arxiv/aioarxiv-2024_rss_mock_feed.rss.xml", test_arxiv_rss_big);
  g_test_add_func ("/sources/arxiv/rss-creators", test_arxiv_rss_creators);
  add_corpus_test ("/sources/arxiv/rss-empty", "arxiv/aioarxiv-2024_empty_rss_mock_feed.rss.xml", test_arxiv_rss_empty);
  add_corpus_test ("/sources/arxiv/rss-error", "arxiv/aioarxiv-2024_error_rss_mock_feed.rss.xml", test_arxiv_rss_error);
  g_test_add_func ("/sources/arxiv/malformed", test_arxiv_malformed);
  g_test_add_func ("/sources/arxiv/hostile", test_arxiv_hostile);
  add_corpus_test ("/sources/arxiv/truncated-corpus", "arxiv/aioarxiv-2024_rss_mock_feed.rss.xml", test_arxiv_truncated_corpus);

  return g_test_run ();
}
