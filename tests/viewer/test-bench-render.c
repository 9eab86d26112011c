/* test-bench-render.c: the `papers-bench render` JSON contract
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "viewer-test-util.h"

static void
test_contract (void)
{
  const char *build = g_getenv ("PAPERS_BUILD_DIR");
  g_autofree char *bench = NULL;
  g_autoptr(GFile) pdf = viewer_test_make_pdf (3);
  g_autofree char *path = g_file_get_path (pdf);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *keys[] = { "file", "first_page_ms", "poppler_first_page_ms", "page_p95_ms",
                         "poppler_page_p95_ms", "scroll_blank_frames_pct", "rss_mb" };
  JsonArray *array;
  JsonObject *good, *bad;
  int status;

  if (build == NULL)
    {
      g_test_skip ("PAPERS_BUILD_DIR is not set");
      return;
    }
  bench = g_build_filename (build, "src", "bench", "papers-bench", NULL);
  {
    const char *argv[] = { bench, "render", path, "/nonexistent/missing.pdf", "--rounds=1", "--json", NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error);
  }
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 2);

  good = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member_with_default (good, "error", NULL), ==, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (good, keys[i]));
  g_assert_cmpstr (json_object_get_string_member (good, "file"), ==, path);
  g_assert_cmpfloat (json_object_get_double_member (good, "first_page_ms"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (good, "poppler_page_p95_ms"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (good, "rss_mb"), >, 1);

  bad = json_array_get_object_element (array, 1);
  g_assert_cmpstr (json_object_get_string_member (bad, "file"), ==, "/nonexistent/missing.pdf");
  g_assert_true (json_object_has_member (bad, "error"));
}

/* A relative path is measured like any other (it once crashed: a URI
 * needs an absolute path). */
static void
test_relative (void)
{
  const char *build = g_getenv ("PAPERS_BUILD_DIR");
  g_autofree char *bench = NULL;
  g_autoptr(GFile) pdf = viewer_test_make_pdf (2);
  g_autofree char *path = g_file_get_path (pdf);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *folder = g_path_get_basename (dir);
  g_autofree char *relative = g_build_filename ("..", folder, name, NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *result;
  int status;

  if (build == NULL)
    {
      g_test_skip ("PAPERS_BUILD_DIR is not set");
      return;
    }
  bench = g_build_filename (build, "src", "bench", "papers-bench", NULL);
  {
    const char *argv[] = { bench, "render", relative, "--rounds=1", "--json", NULL };

    g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error);
  }
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  result = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_cmpstr (json_object_get_string_member_with_default (result, "error", NULL), ==, NULL);
  g_assert_cmpfloat (json_object_get_double_member (result, "poppler_first_page_ms"), >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/viewer/bench/render-contract", test_contract);
  g_test_add_func ("/viewer/bench/render-relative", test_relative);
  return g_test_run ();
}
