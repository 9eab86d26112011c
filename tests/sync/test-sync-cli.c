/* test-sync-cli.c: `papers-reader sync` and `conflicts`, the built
 * binary, between devices that are separate XDG homes, through a real
 * Apache mod_dav on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "papers-test-cli.h"
#include "papers-test-dav.h"

#define PASSPHRASE "a long passphrase for the tests"
#define ID "2410.00001"

static PapersTestDav *server;
static char *homes[2];

/* `papers-reader ARGS…` as device @device, with @passphrase */
static void
reader (Run         *run,
        guint        device,
        const char  *passphrase,
        const char  *first,
        ...)
{
  g_autofree char *data = g_build_filename (homes[device], "data", NULL);
  g_autofree char *config = g_build_filename (homes[device], "config", NULL);
  g_autofree char *cache = g_build_filename (homes[device], "cache", NULL);
  const char *env[] = {
    "PAPERS_LIBRARY", NULL,
    "XDG_DATA_HOME", data, "XDG_CONFIG_HOME", config, "XDG_CACHE_HOME", cache,
    "PAPERS_SYNC_URL", papers_test_dav_get_url (server),
    "PAPERS_SYNC_USER", PAPERS_TEST_DAV_USER, "PAPERS_SYNC_PASSWORD", PAPERS_TEST_DAV_PASSWORD,
    "PAPERS_SYNC_PASSPHRASE", passphrase,
    NULL,
  };
  va_list ap;

  va_start (ap, first);
  papers_env_va (run, env, first, ap);
  va_end (ap);
  if (run->status != 0)
    g_test_message ("papers-reader %s: %s", first, run->err);
}

static void
add_paper (guint device)
{
  g_autofree char *bib = g_build_filename (homes[device], "paper.bib", NULL);
  g_auto(Run) run = { 0 };

  g_assert_true (g_file_set_contents (bib, "@article{kept, title = {Kept on two machines},"
                                           " eprint = {" ID "}, archivePrefix = {arXiv}}\n", -1, NULL));
  reader (&run, device, PASSPHRASE, "import", bib, NULL);
  g_assert_cmpint (run.status, ==, 0);
}

static JsonObject *
sync_json (guint device)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();

  reader (&run, device, PASSPHRASE, "sync", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* A tag and a note added on A are on B after both sync; a note edited on
 * both before they sync is listed by `conflicts` on both; a wrong
 * passphrase says so */
static void
test_cli (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) a = NULL, b = NULL, again = NULL;

  server = papers_test_dav_start (&error);
  if (server == NULL)
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
      g_test_skip (error->message);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (homes); i++)
    {
      homes[i] = g_dir_make_tmp ("papers-sync-home-XXXXXX", &error);
      g_assert_no_error (error);
    }

  add_paper (0);
  {
    g_auto(Run) tag = { 0 }, note = { 0 };

    reader (&tag, 0, PASSPHRASE, "tag", ID, "+ml", NULL);
    reader (&note, 0, PASSPHRASE, "note", ID, "--set", "read section 3 again", NULL);
    g_assert_cmpint (tag.status + note.status, ==, 0);
  }
  a = sync_json (0);
  g_assert_cmpint (json_object_get_int_member (a, "sent"), >=, 3);
  g_assert_cmpint (json_object_get_int_member (a, "received"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (a, "conflicts"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (a, "bytes_up"), >, 0);
  g_assert_true (json_object_has_member (a, "bytes_down"));
  b = sync_json (1);
  g_assert_cmpint (json_object_get_int_member (b, "received"), ==, json_object_get_int_member (a, "sent"));
  {
    g_auto(Run) note = { 0 }, search = { 0 };

    reader (&note, 1, PASSPHRASE, "note", ID, NULL);
    g_assert_cmpint (note.status, ==, 0);
    g_assert_nonnull (strstr (note.out, "read section 3 again"));
    reader (&search, 1, PASSPHRASE, "search", "tag:ml", "--json", NULL);
    g_assert_cmpint (search.status, ==, 0);
    g_assert_nonnull (strstr (search.out, ID));
  }

  /* Concurrent edits of the note */
  {
    g_auto(Run) on_a = { 0 }, on_b = { 0 }, list = { 0 };
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonArray *conflicts;

    reader (&on_a, 0, PASSPHRASE, "note", ID, "--set", "written on A", NULL);
    reader (&on_b, 1, PASSPHRASE, "note", ID, "--set", "written on B", NULL);
    g_clear_pointer (&a, json_object_unref);
    g_clear_pointer (&b, json_object_unref);
    a = sync_json (0);
    b = sync_json (1);
    g_assert_cmpint (json_object_get_int_member (b, "conflicts"), ==, 1);
    again = sync_json (0);
    g_assert_cmpint (json_object_get_int_member (again, "conflicts"), ==, 1);

    reader (&list, 0, PASSPHRASE, "conflicts", "--json", NULL);
    g_assert_cmpint (list.status, ==, 0);
    g_assert_true (json_parser_load_from_data (parser, list.out, -1, NULL));
    conflicts = json_node_get_array (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (conflicts), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (conflicts, 0), "paper"), ==, ID);
    g_assert_nonnull (strstr (list.out, "written on A"));
    g_assert_nonnull (strstr (list.out, "written on B"));
  }

  {
    g_auto(Run) wrong = { 0 };

    reader (&wrong, 1, "not the passphrase", "sync", NULL);
    g_assert_cmpint (wrong.status, ==, 1);
    g_assert_nonnull (strstr (wrong.err, "papers-reader sync: "));
    g_assert_nonnull (strcasestr (wrong.err, "passphrase"));
  }

  /* PDFs: none was sent, so --fetch-pdf says so with its own status (the
   * window then downloads the paper's own); --pdfs is a round (what it
   * fetches is tested in test-sync-pdfs and test_sync_pdf) */
  {
    g_auto(Run) fetch = { 0 }, pdfs = { 0 };

    reader (&fetch, 1, PASSPHRASE, "sync", "--fetch-pdf", ID, "--json", NULL);
    g_assert_cmpint (fetch.status, ==, 3);
    g_assert_nonnull (strstr (fetch.err, "No device has sent a PDF"));
    g_assert_cmpstr (fetch.out, ==, "");
    reader (&pdfs, 1, PASSPHRASE, "sync", "--pdfs", "--json", NULL);
    g_assert_cmpint (pdfs.status, ==, 0);
    g_assert_nonnull (strstr (pdfs.out, "\"bytes_down\""));
  }

  g_clear_pointer (&server, papers_test_dav_stop);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/cli/two-homes", test_cli);
  return g_test_run ();
}
