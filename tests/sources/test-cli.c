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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sources/cli/fetch-hf-daily", Fixture, NULL, set_up, test_fetch_hf_daily, tear_down);
  g_test_add ("/sources/cli/fetch-others", Fixture, NULL, set_up, test_fetch_others, tear_down);
  g_test_add ("/sources/cli/failures", Fixture, NULL, set_up, test_failures, tear_down);
  g_test_add ("/sources/cli/add-and-download", Fixture, NULL, set_up, test_add_and_download, tear_down);

  return g_test_run ();
}
