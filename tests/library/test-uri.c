/* test-uri.c: only web addresses are ever opened
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-uri.h"

static void
test_web (void)
{
  static const char *good[] = {
    "https://arxiv.org/abs/2410.17243",
    "http://arxiv.org/pdf/2410.17243v2",
    "HTTPS://huggingface.co/papers/2410.17243",
    "https://github.com/user/repo?tab=readme#top",
    "http://127.0.0.1:8080/x",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (papers_uri_is_web (good[i]));
}

static void
test_hostile (void)
{
  static const char *bad[] = {
    "", "not a uri", "file:///etc/passwd", "javascript:alert(1)", "data:text/html,<script>",
    "mailto:a@b.c", "smb://host/share", "ftp://example.org/x", "ghelp:papers",
    "https://", "https:///path-only", "http:example.org", "//example.org/x",
    "https://example.org/\n/evil", "https://exa mple.org", "https://example.org/\x7f",
    " https://example.org", "vbscript:msgbox", "about:blank", "resource:///org/example",
  };
  g_autofree char *huge = NULL;
  GString *long_uri = g_string_new ("https://example.org/");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      if (papers_uri_is_web (bad[i]))
        g_error ("accepted %s", bad[i]);
    }
  g_assert_false (papers_uri_is_web (NULL));

  while (long_uri->len < 100000)
    g_string_append (long_uri, "aaaaaaaaaa");
  huge = g_string_free (long_uri, FALSE);
  g_assert_false (papers_uri_is_web (huge));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/library/uri/web", test_web);
  g_test_add_func ("/library/uri/hostile", test_hostile);

  return g_test_run ();
}
