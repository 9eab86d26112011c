/* test-cli.c: `papers-reader fetch|add|download` run as a program against a
 * loopback server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "papers-test-server.h"

typedef struct
{
  SoupServer *server;
  char       *base;
  char       *library;
  gboolean    broken;
  GBytes     *pdf;
  char       *daily;   /* the Daily Papers listing served, when set */
  GBytes     *rss;     /* the feed served for /rss/ALL, when set */
} Fixture;

static const char *daily_json =
  "[{\"paper\":{\"id\":\"2410.17243\",\"title\":\"Breaking the Memory Barrier:\\n  Near Infinite Batch\","
  "\"summary\":\"Contrastive\\nloss.\",\"upvotes\":64,\"publishedAt\":\"2024-10-22T17:59:30.000Z\","
  "\"authors\":[{\"name\":\"Zesen Cheng\"},{\"name\":\"Hang Zhang\"}]},\"numComments\":3},"
  "{\"paper\":{\"id\":\"2410.16251\",\"title\":\"Second\",\"upvotes\":41}}]";

static const char *atom_xml =
  "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:opensearch='http://a9.com/-/spec/opensearch/1.1/'"
  " xmlns:arxiv='http://arxiv.org/schemas/atom'><opensearch:totalResults>1</opensearch:totalResults>"
  "<entry><id>http://arxiv.org/abs/1111.2011v2</id><title>Quantum Criticality\n  for Nodes</title>"
  "<summary> Theoretical description. </summary><author><name>James M. Murray</name></author>"
  "<published>2011-11-08T18:48:36Z</published><category term='cond-mat.str-el'/>"
  "<arxiv:primary_category term='cond-mat.str-el'/></entry></feed>";

static const char *rss_xml =
  "<rss version='2.0' xmlns:arxiv='http://arxiv.org/schemas/atom' xmlns:dc='http://purl.org/dc/elements/1.1/'>"
  "<channel><title>cs.LG updates</title>"
  "<item><title>One</title><link>https://arxiv.org/abs/2411.17700</link>"
  "<description>arXiv:2411.17700v1 Announce Type: new \nAbstract: First.</description>"
  "<guid>oai:arXiv.org:2411.17700v1</guid><category>cs.LG</category>"
  "<arxiv:announce_type>new</arxiv:announce_type><dc:creator>Jun Cui, Ada L</dc:creator></item>"
  "<item><title>Two</title><guid>oai:arXiv.org:2411.17701v2</guid>"
  "<arxiv:announce_type>replace-cross</arxiv:announce_type><dc:creator>B</dc:creator></item>"
  "</channel></rss>";

static const char *rss_error_xml =
  "<rss version='2.0'><channel><title>Feed error for query: http://rss.arxiv.org/rss/astroph</title>"
  "<description>Bad archive 'astroph'.</description></channel></rss>";

static void
handler (SoupServer *server, SoupServerMessage *msg, const char *path,
         GHashTable *query, gpointer data)
{
  Fixture *f = data;

  if (f->broken)
    test_server_reply_text (msg, 500, "text/plain", "down");
  else if (f->daily != NULL && g_str_equal (path, "/api/daily_papers"))
    test_server_reply_text (msg, 200, "application/json", f->daily);
  else if (f->rss != NULL && g_str_equal (path, "/rss/ALL"))
    test_server_reply (msg, 200, "application/rss+xml", f->rss);
  else if (g_str_equal (path, "/api/daily_papers") || g_str_equal (path, "/api/papers/search"))
    test_server_reply_text (msg, 200, "application/json", daily_json);
  else if (g_str_equal (path, "/api/papers/2410.17243"))
    test_server_reply_text (msg, 200, "application/json",
                            "{\"id\":\"2410.17243\",\"title\":\"Breaking\",\"upvotes\":64}");
  else if (g_str_equal (path, "/api/query"))
    test_server_reply_text (msg, 200, "application/atom+xml", atom_xml);
  else if (g_str_equal (path, "/rss/cs.LG+cs.CL"))
    test_server_reply_text (msg, 200, "application/rss+xml", rss_xml);
  else if (g_str_equal (path, "/rss/astroph"))
    test_server_reply_text (msg, 200, "application/rss+xml", rss_error_xml);
  else if (g_str_has_prefix (path, "/pdf/1111.2011"))
    test_server_reply (msg, 200, "application/pdf", f->pdf);
  else
    test_server_reply_text (msg, 404, "text/plain", "not here");
}

static void
set_up (Fixture *f, gconstpointer data)
{
  const char *tmp = g_getenv ("PAPERS_TEST_TMPDIR");
  static guint counter;
  GString *pdf = g_string_new ("%PDF-1.5\n");

  while (pdf->len < 150000)
    g_string_append (pdf, "0123456789abcdef");
  f->pdf = g_string_free_to_bytes (pdf);
  f->server = test_server_new (&f->base);
  soup_server_add_handler (f->server, NULL, handler, f, NULL);
  f->library = g_strdup_printf ("%s/cli-%u.db", tmp ? tmp : g_get_tmp_dir (), counter++);
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_free (f->base);
  g_free (f->library);
  g_bytes_unref (f->pdf);
  g_free (f->daily);
  g_clear_pointer (&f->rss, g_bytes_unref);
}

typedef struct
{
  gboolean  done;
  char     *out;
  char     *err;
} Run;

static void
communicated_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Run *run = data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->done = TRUE;
}

/* Runs `papers-reader ARGS…` with the services pointed at the loopback server
 * (or at @base_override) and returns its exit status. */
static int
run_papers (Fixture     *f,
            const char  *base_override,
            char       **out,
            char       **err,
            ...)
{
  const char *build = g_getenv ("PAPERS_BUILD_DIR");
  const char *base = base_override ? base_override : f->base;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *api = g_strconcat (base, "/api/query", NULL);
  Run run = { 0 };
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, g_build_filename (build, "src", "papers-reader", NULL));
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_subprocess_launcher_setenv (launcher, "PAPERS_HF_URL", base, TRUE);
  g_subprocess_launcher_setenv (launcher, "PAPERS_ARXIV_API_URL", api, TRUE);
  g_subprocess_launcher_setenv (launcher, "PAPERS_ARXIV_RSS_URL", base, TRUE);
  g_subprocess_launcher_setenv (launcher, "PAPERS_ARXIV_URL", base, TRUE);
  g_subprocess_launcher_setenv (launcher, "PAPERS_LIBRARY", f->library, TRUE);
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "fatal-criticals", TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  /* The server answers from this process's main loop while we wait. */
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated_cb, &run);
  test_run_until (&run.done);
  g_subprocess_wait (process, NULL, NULL);

  *out = run.out;
  *err = run.err;
  return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

static JsonArray *
parse_array (const char *text,
             JsonNode  **root_out)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  *root_out = json_node_ref (json_parser_get_root (parser));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (*root_out));
  return json_node_get_array (*root_out);
}

static void
test_fetch_hf_daily (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) root2 = NULL;
  JsonArray *array;
  JsonObject *first;
  static const char * const keys[] = { "id", "title", "authors", "published", "abstract", "tags",
                                       "status", "starred", "note", "upvotes", "comments",
                                       "announce_type", "pdf_url", "source" };

  g_assert_cmpint (run_papers (f, NULL, &out, &err, "fetch", "hf-daily", "--date", "2024-10-25", "--json", NULL), ==, 0);
  array = parse_array (out, &root);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  first = json_array_get_object_element (array, 0);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (first, keys[i]));
  g_assert_cmpstr (json_object_get_string_member (first, "id"), ==, "2410.17243");
  g_assert_cmpstr (json_object_get_string_member (first, "title"), ==, "Breaking the Memory Barrier: Near Infinite Batch");
  g_assert_cmpint (json_object_get_int_member (first, "upvotes"), ==, 64);
  g_assert_cmpint (json_object_get_int_member (first, "comments"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (first, "source"), ==, "hf");
  g_assert_cmpstr (json_object_get_string_member (first, "status"), ==, "unread");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (first, "published"), "2024-10-22T17:59:30"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (first, "authors")), ==, 2);

  /* The service fails: the cached listing is shown, with a word on stderr. */
  f->broken = TRUE;
  g_assert_cmpint (run_papers (f, NULL, &out2, &err2, "fetch", "hf-daily", "--date", "2024-10-25", "--json", NULL), ==, 0);
  array = parse_array (out2, &root2);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_nonnull (strstr (err2, "Hugging Face has a problem"));
  g_assert_nonnull (strstr (err2, "papers-reader fetch: showing the copy fetched"));
}

static void
test_fetch_others (Fixture *f, gconstpointer data)
{
  g_autofree char *out1 = NULL, *err1 = NULL, *out2 = NULL, *err2 = NULL;
  g_autofree char *out3 = NULL, *err3 = NULL, *out4 = NULL, *err4 = NULL;
  g_autoptr(JsonNode) r1 = NULL, r2 = NULL, r3 = NULL;
  JsonArray *feed;

  g_assert_cmpint (run_papers (f, NULL, &out1, &err1, "fetch", "hf-search", "memory", "barrier", "--json", NULL), ==, 0);
  g_assert_cmpuint (json_array_get_length (parse_array (out1, &r1)), ==, 2);

  g_assert_cmpint (run_papers (f, NULL, &out2, &err2, "fetch", "arxiv-search", "au:murray", "--json", NULL), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (parse_array (out2, &r2), 0), "id"),
                   ==, "1111.2011");

  g_assert_cmpint (run_papers (f, NULL, &out3, &err3, "fetch", "arxiv-feed", "cs.LG+cs.CL", "--json", NULL), ==, 0);
  feed = parse_array (out3, &r3);
  g_assert_cmpuint (json_array_get_length (feed), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (feed, 1), "announce_type"),
                   ==, "replace-cross");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (feed, 0), "source"), ==, "arxiv");

  /* Plain output too. */
  g_assert_cmpint (run_papers (f, NULL, &out4, &err4, "fetch", "arxiv-feed", "cs.LG+cs.CL", NULL), ==, 0);
  g_assert_nonnull (strstr (out4, "2411.17700"));
}

static void
test_failures (Fixture *f, gconstpointer data)
{
  g_autofree char *closed = test_closed_port_url ();
  g_autofree char *out1 = NULL, *err1 = NULL, *out2 = NULL, *err2 = NULL;
  g_autofree char *out3 = NULL, *err3 = NULL, *out4 = NULL, *err4 = NULL;
  g_autofree char *out5 = NULL, *err5 = NULL;

  g_assert_cmpint (run_papers (f, closed, &out1, &err1, "fetch", "hf-daily", NULL), ==, 1);
  g_assert_true (g_str_has_prefix (err1, "papers-reader fetch: Could not reach Hugging Face"));
  g_assert_cmpstr (out1, ==, "");

  g_assert_cmpint (run_papers (f, NULL, &out2, &err2, "fetch", "arxiv-feed", "astroph", NULL), ==, 1);
  g_assert_nonnull (strstr (err2, "Bad archive 'astroph'"));

  g_assert_cmpint (run_papers (f, NULL, &out3, &err3, "fetch", "hf-daily", "--date", "2024-99-99", NULL), ==, 1);
  g_assert_cmpint (run_papers (f, NULL, &out4, &err4, "fetch", "nowhere", NULL), ==, 2);
  g_assert_cmpint (run_papers (f, NULL, &out5, &err5, "add", "not-an-id", NULL), !=, 0);
  g_assert_cmpstr (out5, ==, "");
}

static void
test_add_and_download (Fixture *f, gconstpointer data)
{
  g_autofree char *out1 = NULL, *err1 = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL, *err3 = NULL;
  g_autofree char *out4 = NULL, *err4 = NULL, *out5 = NULL, *err5 = NULL;
  g_autofree char *out6 = NULL, *err6 = NULL, *out7 = NULL, *err7 = NULL, *out8 = NULL, *err8 = NULL;
  g_autofree char *closed = test_closed_port_url ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "org.example.Papers", "pdfs",
                                                "1111.2011.pdf\n", NULL);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *paper;

  g_assert_cmpint (run_papers (f, NULL, &out1, &err1, "add", "https://huggingface.co/papers/2410.17243",
                               "--tag", "memory", NULL), ==, 0);
  g_assert_cmpstr (out1, ==, "2410.17243\n");
  /* The metadata came along. */
  g_assert_cmpint (run_papers (f, NULL, &out5, &err5, "search", "tag:memory", "--json", NULL), ==, 0);
  paper = json_array_get_object_element (parse_array (out5, &root), 0);
  g_assert_cmpstr (json_object_get_string_member (paper, "id"), ==, "2410.17243");
  g_assert_cmpstr (json_object_get_string_member (paper, "title"), ==, "Breaking");

  /* Unknown to Hugging Face: arXiv answers. */
  g_assert_cmpint (run_papers (f, NULL, &out2, &err2, "add", "arXiv:1111.2011v2", NULL), ==, 0);
  g_assert_nonnull (strstr (out2, "1111.2011"));

  g_assert_cmpint (run_papers (f, NULL, &out3, &err3, "download", "1111.2011", NULL), ==, 0);
  g_assert_cmpstr (out3, ==, expected);
  /* Standard error is not a terminal here: no progress line. */
  g_assert_cmpstr (err3, ==, "");

  /* Nothing to download: a typed, readable failure. */
  g_assert_cmpint (run_papers (f, NULL, &out4, &err4, "download", "2410.16251", NULL), ==, 1);
  g_assert_true (g_str_has_prefix (err4, "papers-reader download: "));

  /* Offline, add keeps the id alone and says why. */
  g_assert_cmpint (run_papers (f, closed, &out6, &err6, "add", "2401.01234", NULL), ==, 0);
  g_assert_cmpstr (out6, ==, "2401.01234\n");
  g_assert_nonnull (strstr (err6, "Could not reach"));

  /* A paper arXiv does not know is refused, as the window refuses it,
   * and nothing is added. */
  g_assert_cmpint (run_papers (f, NULL, &out7, &err7, "add", "hep-th/9603067", NULL), ==, 1);
  g_assert_cmpstr (out7, ==, "");
  g_assert_nonnull (strstr (err7, "arXiv does not know the paper hep-th/9603067."));
  g_assert_cmpint (run_papers (f, NULL, &out8, &err8, "search", "--json", "", NULL), ==, 0);
  g_assert_null (strstr (out8, "9603067"));
}

/* For You */

static const char * const cooking[] = {
  "recipe", "braise", "caramel", "dough", "yeast", "simmer", "broth", "knead", "pastry", "marinade",
};
static const char * const geology[] = {
  "basalt", "tectonic", "magma", "sediment", "granite", "erosion", "mantle", "quartz", "strata", "seismic",
};
static const char * const common_words[] = {
  "this", "paper", "presents", "new", "technique", "with", "experiments", "showing", "strong", "gains",
};

static char *
topic_text (GRand              *rand,
            const char * const *topic,
            guint               n)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%s%s", i ? " " : "",
                            g_rand_boolean (rand) ? topic[g_rand_int_range (rand, 0, 10)]
                                                  : common_words[g_rand_int_range (rand, 0, 10)]);
  return g_string_free (out, FALSE);
}

/* Daily Papers of 20 papers, 2409.10000 to 2409.10019: geology first,
 * then cooking; paper i is by "Author i" */
static char *
mixed_daily (GRand *rand)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *id = g_strdup_printf ("2409.100%02u", i);
      g_autofree char *title = topic_text (rand, i < 10 ? geology : cooking, 8);
      g_autofree char *summary = topic_text (rand, i < 10 ? geology : cooking, 60);
      g_autofree char *author = g_strdup_printf ("Author %u", i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "paper");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, title);
      json_builder_set_member_name (builder, "summary");
      json_builder_add_string_value (builder, summary);
      json_builder_set_member_name (builder, "upvotes");
      json_builder_add_int_value (builder, 100 - i);
      json_builder_set_member_name (builder, "authors");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, author);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* Imports @n papers about @topic into the library from a BibTeX file,
 * each by "@surname, KeptN" */
static void
keep_topic (Fixture            *f,
            GRand              *rand,
            const char * const *topic,
            const char         *surname,
            guint               n)
{
  g_autofree char *bib = g_strdup_printf ("%s.bib", f->library);
  g_autofree char *out = NULL, *err = NULL;
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = topic_text (rand, topic, 8);
      g_autofree char *abstract = topic_text (rand, topic, 60);

      g_string_append_printf (text, "@article{%s%u, title = {%s}, author = {%s, Kept%u}, year = {2023},"
                              " abstract = {%s}}\n", surname, i, title, surname, i, abstract);
    }
  g_assert_true (g_file_set_contents (bib, text->str, -1, NULL));
  g_string_free (text, TRUE);
  g_assert_cmpint (run_papers (f, NULL, &out, &err, "import", bib, NULL), ==, 0);
}

static void
keep_cooking (Fixture *f,
              GRand   *rand,
              guint    n)
{
  keep_topic (f, rand, cooking, "Cook", n);
}

/* The papers of a JSON listing, by id: index and object */
static JsonObject *
paper_by_id (JsonArray  *array,
             const char *id,
             guint      *index)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *paper = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (paper, "id"), id) == 0)
        {
          if (index != NULL)
            *index = i;
          return paper;
        }
    }
  g_assert_not_reached ();
}

static void
assert_not_ranked (const char *json)
{
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array = parse_array (json, &root);

  g_assert_cmpuint (json_array_get_length (array), >, 0);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *paper = json_array_get_object_element (array, i);

      g_assert_true (json_object_has_member (paper, "for_you"));
      g_assert_true (json_object_has_member (paper, "for_you_reason"));
      g_assert_true (json_object_get_null_member (paper, "for_you"));
      g_assert_true (json_object_get_null_member (paper, "for_you_reason"));
    }
}

/* Every listing kind's JSON has "for_you" and "for_you_reason", null
 * while the library is too small; --sort for-you then keeps the order and
 * says why on standard error */
static void
test_for_you_keys (Fixture *f, gconstpointer data)
{
  const char * const listings[][5] = {
    { "hf-daily", "--date", "2024-10-25", NULL },
    { "hf-daily", "--week", "2024-W43", NULL },
    { "hf-daily", "--month", "2024-10", NULL },
    { "hf-daily", "--trending", NULL },
    { "hf-search", "memory", NULL },
    { "arxiv-search", "au:murray", NULL },
    { "arxiv-feed", "cs.LG+cs.CL", NULL },
  };

  for (guint l = 0; l < G_N_ELEMENTS (listings); l++)
    {
      g_autofree char *out = NULL, *err = NULL, *sorted = NULL, *sorted_err = NULL;

      g_assert_cmpint (run_papers (f, NULL, &out, &err, "fetch", listings[l][0], "--json",
                                   listings[l][1], listings[l][2], NULL), ==, 0);
      assert_not_ranked (out);
      g_assert_cmpint (run_papers (f, NULL, &sorted, &sorted_err, "fetch", listings[l][0], "--json",
                                   "--sort", "for-you", listings[l][1], listings[l][2], NULL), ==, 0);
      g_assert_cmpstr (sorted, ==, out);
      g_assert_nonnull (strstr (sorted_err, "still learning"));
    }

  /* Plain text, too */
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_papers (f, NULL, &out, &err, "fetch", "arxiv-feed", "cs.LG+cs.CL", "--sort", "for-you",
                                 NULL), ==, 0);
    g_assert_true (g_str_has_prefix (out, "2411.17700"));
    g_assert_nonnull (strstr (err, "still learning"));
  }
}

static double
for_you_of (const char *json,
            const char *id,
            guint      *index)
{
  g_autoptr(JsonNode) root = NULL;

  return json_object_get_double_member (paper_by_id (parse_array (json, &root), id, index), "for_you");
}

/* A library about cooking: --sort for-you puts the cooking papers of a
 * listing first, best first, with reasons; without --sort the listing
 * keeps its order with the scores beside it */
static void
test_for_you_order (Fixture *f, gconstpointer data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);
  g_autofree char *out = NULL, *err = NULL, *plain = NULL, *plain_err = NULL, *text = NULL, *text_err = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) plain_root = NULL;
  JsonArray *array;
  double last = G_MAXDOUBLE;
  guint with_reason = 0;

  f->daily = mixed_daily (rand);
  keep_cooking (f, rand, 8);

  g_assert_cmpint (run_papers (f, NULL, &out, &err, "fetch", "hf-daily", "--json", "--sort", "for-you", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  array = parse_array (out, &root);
  g_assert_cmpuint (json_array_get_length (array), ==, 20);
  for (guint i = 0; i < 20; i++)
    {
      JsonObject *paper = json_array_get_object_element (array, i);
      const char *id = json_object_get_string_member (paper, "id");
      double score = json_object_get_double_member (paper, "for_you");

      /* 2409.10010 and on are the cooking papers */
      if (i < 10)
        g_assert_cmpstr (id, >=, "2409.10010");
      g_assert_cmpfloat (score, <=, last);
      last = score;
      if (!json_object_get_null_member (paper, "for_you_reason"))
        {
          g_assert_true (g_str_has_prefix (json_object_get_string_member (paper, "for_you_reason"), "Like ‘"));
          with_reason++;
        }
    }
  g_assert_cmpuint (with_reason, >, 0);

  /* Without --sort: the listing's order, scores beside */
  g_assert_cmpint (run_papers (f, NULL, &plain, &plain_err, "fetch", "hf-daily", "--json", NULL), ==, 0);
  array = parse_array (plain, &plain_root);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "id"), ==,
                   "2409.10000");
  g_assert_false (json_object_get_null_member (json_array_get_object_element (array, 0), "for_you"));

  /* And in plain text */
  g_assert_cmpint (run_papers (f, NULL, &text, &text_err, "fetch", "hf-daily", "--sort", "for-you", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (text, "2409.100"));
  g_assert_cmpint (text[8], >=, '1');
  g_assert_nonnull (strstr (text, "Like ‘"));
}

/* Tags @tag on every paper of the library by an author named @surname */
static void
tag_by_author (Fixture    *f,
               const char *surname,
               const char *tag)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *plus = g_strconcat ("+", tag, NULL);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;
  guint tagged = 0;

  g_assert_cmpint (run_papers (f, NULL, &out, &err, "search", "--json", "", NULL), ==, 0);
  array = parse_array (out, &root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *paper = json_array_get_object_element (array, i);
      JsonArray *authors = json_object_get_array_member (paper, "authors");
      const char *author = json_array_get_length (authors) ? json_array_get_string_element (authors, 0) : "";
      g_autofree char *o = NULL, *e = NULL;

      if (!g_str_has_suffix (author, surname) && !g_str_has_prefix (author, surname))
        continue;
      g_assert_cmpint (run_papers (f, NULL, &o, &e, "tag", json_object_get_string_member (paper, "id"), plus,
                                   NULL), ==, 0);
      tagged++;
    }
  g_assert_cmpuint (tagged, >, 0);
}

/* The ids of a JSON listing's first @n papers, and whether each of
 * @n is at least @lowest */
static void
assert_first_ids (const char *json,
                  guint       n,
                  const char *lowest,
                  const char *highest,
                  const char *reason)
{
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array = parse_array (json, &root);
  double last = G_MAXDOUBLE;

  g_assert_cmpuint (json_array_get_length (array), >=, n);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *paper = json_array_get_object_element (array, i);
      const char *id = json_object_get_string_member (paper, "id");
      double score = json_object_get_double_member (paper, "for_you");

      g_test_message ("%u: %s %.3f %s", i, id, score,
                      json_object_get_null_member (paper, "for_you_reason") ? "-"
                        : json_object_get_string_member (paper, "for_you_reason"));
      g_assert_cmpstr (id, >=, lowest);
      g_assert_cmpstr (id, <=, highest);
      g_assert_cmpfloat (score, <=, last);
      last = score;
      if (reason != NULL && !json_object_get_null_member (paper, "for_you_reason"))
        g_assert_cmpstr (json_object_get_string_member (paper, "for_you_reason"), ==, reason);
    }
}

/* A library of cooking papers tagged "kitchen" and geology papers tagged
 * "rocks": --tag ranks by the papers of that tag alone, whichever topic
 * the library holds more of, and says so; a tag with too few papers keeps
 * the listing's order and says why */
static void
test_for_you_tag (Fixture *f, gconstpointer data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (19);
  g_autofree char *rocks = NULL, *rocks_err = NULL, *kitchen = NULL, *kitchen_err = NULL;
  g_autofree char *few = NULL, *few_err = NULL, *alone = NULL, *alone_err = NULL;
  g_autofree char *bare = NULL, *bare_err = NULL, *empty = NULL, *empty_err = NULL;
  g_autoptr(JsonNode) few_root = NULL;
  JsonArray *array;

  f->daily = mixed_daily (rand);
  /* Three times more cooking than geology: without a tag, cooking leads */
  keep_topic (f, rand, cooking, "Cook", 15);
  tag_by_author (f, "Cook", "kitchen");
  keep_topic (f, rand, geology, "Stone", 5);
  tag_by_author (f, "Stone", "rocks");

  /* 2409.10000 to 2409.10009 are the geology papers */
  g_assert_cmpint (run_papers (f, NULL, &rocks, &rocks_err, "fetch", "hf-daily", "--json", "--sort", "for-you",
                               "--tag", "rocks", NULL), ==, 0);
  g_assert_cmpstr (rocks_err, ==, "");
  assert_first_ids (rocks, 8, "2409.10000", "2409.10009", "Tag: rocks");

  g_assert_cmpint (run_papers (f, NULL, &kitchen, &kitchen_err, "fetch", "hf-daily", "--json", "--sort", "for-you",
                               "--tag", "kitchen", NULL), ==, 0);
  g_assert_cmpstr (kitchen_err, ==, "");
  assert_first_ids (kitchen, 8, "2409.10010", "2409.10019", "Tag: kitchen");

  /* A tag too few papers have: still learning, in the listing's order */
  g_assert_cmpint (run_papers (f, NULL, &few, &few_err, "fetch", "hf-daily", "--json", "--sort", "for-you",
                               "--tag", "nowhere", NULL), ==, 0);
  g_assert_nonnull (strstr (few_err, "“nowhere” is still learning"));
  array = parse_array (few, &few_root);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "id"), ==,
                   "2409.10000");
  g_assert_true (json_object_get_null_member (json_array_get_object_element (array, 0), "for_you"));

  /* --tag asks for a ranking: alone it is a mistake, and so is no name */
  g_assert_cmpint (run_papers (f, NULL, &alone, &alone_err, "fetch", "hf-daily", "--tag", "rocks", NULL), ==, 2);
  g_assert_cmpstr (alone, ==, "");
  g_assert_nonnull (strstr (alone_err, "--tag"));
  g_assert_cmpint (run_papers (f, NULL, &empty, &empty_err, "fetch", "hf-daily", "--sort", "for-you", "--tag", " ",
                               NULL), ==, 2);
  g_assert_cmpstr (empty, ==, "");

  /* In plain text, ranked for the tag */
  g_assert_cmpint (run_papers (f, NULL, &bare, &bare_err, "fetch", "hf-daily", "--sort", "for-you", "--tag",
                               "rocks", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (bare, "2409.1000"));
  g_assert_nonnull (strstr (bare, "Tag: rocks"));
}

/* dismiss, follow and unfollow round trips, and what they teach */
static void
test_for_you_round_trips (Fixture *f, gconstpointer data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (18);
  g_autofree char *before = NULL, *e0 = NULL, *after = NULL, *e1 = NULL, *followed = NULL, *e2 = NULL;
  g_autofree char *o3 = NULL, *e3 = NULL, *o4 = NULL, *e4 = NULL, *o5 = NULL, *e5 = NULL, *o6 = NULL, *e6 = NULL;
  g_autofree char *o7 = NULL, *e7 = NULL, *o8 = NULL, *e8 = NULL, *o9 = NULL, *e9 = NULL, *o10 = NULL, *e10 = NULL;
  g_autofree char *o11 = NULL, *e11 = NULL, *undone = NULL, *e12 = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *top = NULL, *address = NULL, *expected = NULL;
  JsonObject *paper;
  guint rank_dismissed, rank_after, rank_unfollowed;

  f->daily = mixed_daily (rand);
  keep_cooking (f, rand, 8);
  g_assert_cmpint (run_papers (f, NULL, &before, &e0, "fetch", "hf-daily", "--json", "--sort", "for-you", NULL), ==, 0);
  /* The best-ranked paper, a cooking one (known to the library from the
   * listing), dismissed by its address */
  top = g_strdup (json_object_get_string_member (json_array_get_object_element (parse_array (before, &root), 0), "id"));
  g_clear_pointer (&root, json_node_unref);
  address = g_strdup_printf ("https://arxiv.org/abs/%sv1", top);
  g_assert_cmpint (run_papers (f, NULL, &o3, &e3, "dismiss", address, NULL), ==, 0);
  g_assert_cmpstr (o3, ==, expected = g_strconcat (top, "\n", NULL));
  g_assert_cmpint (run_papers (f, NULL, &after, &e1, "fetch", "hf-daily", "--json", "--sort", "for-you", NULL), ==, 0);
  for_you_of (after, top, &rank_dismissed);
  g_assert_cmpuint (rank_dismissed, >, 0);
  /* A paper nobody knows: its id alone */
  g_assert_cmpint (run_papers (f, NULL, &o4, &e4, "dismiss", "2501.00001", NULL), ==, 0);
  g_assert_cmpint (run_papers (f, NULL, &o5, &e5, "dismiss", "--undo", top, NULL), ==, 0);
  g_assert_cmpint (run_papers (f, NULL, &o6, &e6, "dismiss", "--undo", top, NULL), ==, 1);
  g_assert_true (g_str_has_prefix (e6, "papers-reader dismiss: "));
  g_assert_cmpint (run_papers (f, NULL, &undone, &e12, "fetch", "hf-daily", "--json", "--sort", "for-you", NULL), ==, 0);
  for_you_of (undone, top, &rank_after);
  g_assert_cmpuint (rank_after, <, rank_dismissed);

  /* A geology paper's author, followed, brings it up with a reason */
  for_you_of (undone, "2409.10003", &rank_unfollowed);
  g_assert_cmpint (run_papers (f, NULL, &o7, &e7, "follow", "author", "Author", "3", NULL), ==, 0);
  g_assert_cmpint (run_papers (f, NULL, &followed, &e2, "fetch", "hf-daily", "--json", "--sort", "for-you", NULL), ==, 0);
  paper = paper_by_id (parse_array (followed, &root), "2409.10003", &rank_after);
  g_assert_cmpstr (json_object_get_string_member (paper, "for_you_reason"), ==, "Author you follow: Author 3");
  g_assert_cmpuint (rank_after, <, rank_unfollowed);
  g_assert_cmpint (run_papers (f, NULL, &o8, &e8, "follow", "search", "-survey", "basalt", NULL), ==, 0);

  g_assert_cmpint (run_papers (f, NULL, &o9, &e9, "follow", "--list", NULL), ==, 0);
  g_assert_cmpstr (o9, ==, "author\tAuthor 3\nsearch\t-survey basalt\n");
  g_assert_cmpint (run_papers (f, NULL, &o10, &e10, "unfollow", "author", "author  3", NULL), ==, 0);
  g_assert_cmpint (run_papers (f, NULL, &o11, &e11, "follow", "--list", "--json", NULL), ==, 0);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *lists;

    g_assert_true (json_parser_load_from_data (parser, o11, -1, NULL));
    lists = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (lists, "authors")), ==, 0);
    g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (lists, "searches"), 0), ==,
                     "-survey basalt");
  }
}

/* Bad input: a clear message and the status of a usage error (2) or of
 * a failure (1), never a crash */
static void
test_for_you_bad_input (Fixture *f, gconstpointer data)
{
  g_autofree char *huge = g_strnfill (100000, 'q');
  g_autofree char *long_name = g_strnfill (501, 'n');
  struct {
    const char *args[5];
    int         status;
  } cases[] = {
    { { "dismiss", NULL }, 2 },
    { { "dismiss", "not-an-id", NULL }, 2 },
    { { "dismiss", "2410.17243", "2410.16251", NULL }, 2 },
    { { "dismiss", huge, NULL }, 2 },
    { { "dismiss", "doi:10.1000/none", NULL }, 2 },
    { { "dismiss", "--bogus", "2410.17243", NULL }, 2 },
    { { "follow", NULL }, 2 },
    { { "follow", "author", NULL }, 2 },
    { { "follow", "author", "", NULL }, 2 },
    { { "follow", "author", "  ", NULL }, 2 },
    { { "follow", "search", huge, NULL }, 2 },
    { { "follow", "author", long_name, NULL }, 2 },
    { { "follow", "planet", "Mars", NULL }, 2 },
    { { "follow", "--list", "extra", NULL }, 2 },
    { { "follow", "--json", "author", "x", NULL }, 2 },
    { { "unfollow", NULL }, 2 },
    { { "unfollow", "search", "never followed", NULL }, 1 },
    { { "fetch", "hf-daily", "--sort", "upvotes", NULL }, 2 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *out = NULL, *err = NULL;

      g_test_message ("case %u: %s %s", c, cases[c].args[0], cases[c].args[1] ? cases[c].args[1] : "");
      g_assert_cmpint (run_papers (f, NULL, &out, &err, cases[c].args[0], cases[c].args[1], cases[c].args[2],
                                   cases[c].args[3], NULL), ==, cases[c].status);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, "papers-reader "));
      /* A huge argument is not echoed whole */
      g_assert_cmpuint (strlen (err), <, 2000);
    }
}

/* The first category of each paper of a JSON listing */
static const char *
first_category (JsonObject *paper)
{
  JsonArray *categories = json_object_get_array_member (paper, "categories");

  return json_array_get_length (categories) > 0 ? json_array_get_string_element (categories, 0) : NULL;
}

/* The corpus' real arXiv feed (1 504 papers): a library of 10 papers of
 * its largest category puts that category's other papers first */
static void
test_for_you_corpus_feed (Fixture *f, gconstpointer data)
{
  g_autofree char *feed = g_build_filename (g_getenv ("PAPERS_CORPUS_DIR"), "arxiv",
                                            "aioarxiv-2024_rss_mock_feed.rss.xml", NULL);
  g_autofree char *out = NULL, *err = NULL, *ranked = NULL, *ranked_err = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) ranked_root = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) kept = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *contents = NULL;
  JsonArray *array;
  const char *interest = NULL;
  guint best = 0, hits = 0, seen = 0;
  gsize length;

  if (!g_file_get_contents (feed, &contents, &length, NULL))
    {
      g_test_skip ("no corpus");
      return;
    }
  f->rss = g_bytes_new_take (g_steal_pointer (&contents), length);

  g_assert_cmpint (run_papers (f, NULL, &out, &err, "fetch", "arxiv-feed", "ALL", "--json", NULL), ==, 0);
  array = parse_array (out, &root);
  g_assert_cmpuint (json_array_get_length (array), >, 1000);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *category = first_category (json_array_get_object_element (array, i));
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, category)) + 1;

      if (category == NULL)
        continue;
      g_hash_table_insert (counts, (gpointer) category, GUINT_TO_POINTER (n));
      if (n > best)
        {
          best = n;
          interest = category;
        }
    }
  g_test_message ("interest %s: %u papers", interest, best);

  /* Every seventh paper of the interest, ten of them, is kept */
  for (guint i = 0, n = 0; i < json_array_get_length (array) && g_hash_table_size (kept) < 10; i++)
    {
      JsonObject *paper = json_array_get_object_element (array, i);
      const char *id = json_object_get_string_member (paper, "id");
      g_autofree char *o = NULL, *e = NULL;

      if (g_strcmp0 (first_category (paper), interest) != 0 || n++ % 7 != 0)
        continue;
      g_assert_cmpint (run_papers (f, NULL, &o, &e, "tag", id, "+interest", NULL), ==, 0);
      g_hash_table_add (kept, (gpointer) id);
    }

  g_assert_cmpint (run_papers (f, NULL, &ranked, &ranked_err, "fetch", "arxiv-feed", "ALL", "--json",
                               "--sort", "for-you", NULL), ==, 0);
  array = parse_array (ranked, &ranked_root);
  /* Of the first 20 papers not kept, most are of the interest (by chance,
   * about 1 in 10 would be) */
  for (guint i = 0; i < json_array_get_length (array) && seen < 20; i++)
    {
      JsonObject *paper = json_array_get_object_element (array, i);

      if (g_hash_table_contains (kept, json_object_get_string_member (paper, "id")))
        continue;
      seen++;
      hits += g_strcmp0 (first_category (paper), interest) == 0;
    }
  g_test_message ("precision at 20: %u/20", hits);
  g_assert_cmpuint (hits, >=, 10);
}

/* A PDF of two pages with text in Helvetica, its cross-reference table
 * right so that Poppler has nothing to repair (or to say) */
static GBytes *
make_text_pdf (const char *page1,
               const char *page2)
{
  g_autoptr(GString) pdf = g_string_new ("%PDF-1.4\n");
  g_autofree char *content1 = g_strdup_printf ("BT /F1 12 Tf 72 700 Td (%s) Tj ET", page1);
  g_autofree char *content2 = g_strdup_printf ("BT /F1 12 Tf 72 700 Td (%s) Tj ET", page2);
  const char *objects[] = {
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >>"
    " /Contents 6 0 R >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >>"
    " /Contents 7 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    NULL, NULL,
  };
  const char *contents[] = { content1, content2 };
  gsize offsets[7];
  gsize xref;

  for (guint i = 0; i < 7; i++)
    {
      offsets[i] = pdf->len;
      if (objects[i] != NULL)
        g_string_append_printf (pdf, "%u 0 obj\n%s\nendobj\n", i + 1, objects[i]);
      else
        g_string_append_printf (pdf, "%u 0 obj\n<< /Length %zu >>\nstream\n%s\nendstream\nendobj\n", i + 1,
                                strlen (contents[i - 5]), contents[i - 5]);
    }
  xref = pdf->len;
  g_string_append (pdf, "xref\n0 8\n0000000000 65535 f \n");
  for (guint i = 0; i < 7; i++)
    g_string_append_printf (pdf, "%010zu 00000 n \n", offsets[i]);
  g_string_append_printf (pdf, "trailer\n<< /Size 8 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
  return g_string_free_to_bytes (g_steal_pointer (&pdf));
}

/* `download` indexes the PDF's text before it exits: a word only in the
 * body is found by `search --json`, with its page and a snippet */
static void
test_download_indexes_text (Fixture *f, gconstpointer data)
{
  g_autofree char *out1 = NULL, *err1 = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL, *err3 = NULL;
  g_autofree char *out4 = NULL, *err4 = NULL, *out5 = NULL, *err5 = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) root2 = NULL;
  JsonArray *array;
  JsonObject *paper;

  g_bytes_unref (f->pdf);
  f->pdf = make_text_pdf ("Introduction to nodal quasiparticles",
                          "We measured the zwitterionic susceptibility & more.");
  g_assert_cmpint (run_papers (f, NULL, &out1, &err1, "add", "1111.2011", NULL), ==, 0);
  /* Not downloaded yet: nothing in the body */
  g_assert_cmpint (run_papers (f, NULL, &out2, &err2, "search", "zwitterionic", "--json", NULL), ==, 0);
  g_assert_cmpstr (out2, ==, "[]\n");

  g_assert_cmpint (run_papers (f, NULL, &out3, &err3, "download", "1111.2011", NULL), ==, 0);
  g_assert_cmpstr (err3, ==, "");
  g_assert_cmpint (run_papers (f, NULL, &out4, &err4, "search", "zwitterionic has:fulltext", "--json", NULL),
                   ==, 0);
  array = parse_array (out4, &root);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  paper = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (paper, "id"), ==, "1111.2011");
  g_assert_cmpint (json_object_get_int_member (paper, "page"), ==, 2);
  g_assert_nonnull (strstr (json_object_get_string_member (paper, "snippet"), "<b>zwitterionic</b>"));

  /* The text output says where, under the paper */
  {
    g_autofree char *out6 = NULL, *err6 = NULL;

    g_assert_cmpint (run_papers (f, NULL, &out6, &err6, "search", "zwitterionic", NULL), ==, 0);
    g_assert_nonnull (strstr (out6, "\n    page 2: We measured the [zwitterionic] susceptibility & more.\n"));
  }

  /* A hit in the title: "snippet" and "page" are there, null */
  g_assert_cmpint (run_papers (f, NULL, &out5, &err5, "search", "quantum", "--json", NULL), ==, 0);
  array = parse_array (out5, &root2);
  paper = json_array_get_object_element (array, 0);
  g_assert_true (json_object_has_member (paper, "snippet"));
  g_assert_true (json_object_get_null_member (paper, "snippet"));
  g_assert_true (json_object_get_null_member (paper, "page"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sources/cli/fetch-hf-daily", Fixture, NULL, set_up, test_fetch_hf_daily, tear_down);
  g_test_add ("/sources/cli/fetch-others", Fixture, NULL, set_up, test_fetch_others, tear_down);
  g_test_add ("/sources/cli/failures", Fixture, NULL, set_up, test_failures, tear_down);
  g_test_add ("/sources/cli/add-and-download", Fixture, NULL, set_up, test_add_and_download, tear_down);
  g_test_add ("/sources/cli/download-indexes-text", Fixture, NULL, set_up, test_download_indexes_text,
              tear_down);
  g_test_add ("/sources/cli/for-you-keys", Fixture, NULL, set_up, test_for_you_keys, tear_down);
  g_test_add ("/sources/cli/for-you-order", Fixture, NULL, set_up, test_for_you_order, tear_down);
  g_test_add ("/sources/cli/for-you-tag", Fixture, NULL, set_up, test_for_you_tag, tear_down);
  g_test_add ("/sources/cli/for-you-round-trips", Fixture, NULL, set_up, test_for_you_round_trips, tear_down);
  g_test_add ("/sources/cli/for-you-bad-input", Fixture, NULL, set_up, test_for_you_bad_input, tear_down);
  g_test_add ("/corpus/sources/cli/for-you-feed", Fixture, NULL, set_up, test_for_you_corpus_feed, tear_down);

  return g_test_run ();
}
