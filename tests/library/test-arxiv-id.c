/* test-arxiv-id.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "papers-arxiv-id.h"

static void
check (const char *text,
       const char *want_id,
       int         want_version)
{
  g_autofree char *id = NULL;
  int version = -1;
  gboolean ok = papers_arxiv_id_parse (text, &id, &version);

  if (want_id == NULL)
    {
      g_assert_false (ok);
      g_assert_null (id);
      return;
    }

  g_assert_true (ok);
  g_assert_cmpstr (id, ==, want_id);
  g_assert_cmpint (version, ==, want_version);
}

static void
test_forms (void)
{
  check ("2401.01234", "2401.01234", 0);
  check ("2401.01234v2", "2401.01234", 2);
  check ("arXiv:2401.01234", "2401.01234", 0);
  check ("ARXIV:2401.01234v3", "2401.01234", 3);
  check ("  2401.01234 \n", "2401.01234", 0);
  check ("https://arxiv.org/abs/2401.01234v2", "2401.01234", 2);
  check ("https://arxiv.org/pdf/2401.01234", "2401.01234", 0);
  check ("https://arxiv.org/pdf/2401.01234v2.pdf", "2401.01234", 2);
  check ("http://export.arxiv.org/abs/2401.01234", "2401.01234", 0);
  check ("https://huggingface.co/papers/2401.01234", "2401.01234", 0);
  check ("https://huggingface.co/papers/2401.01234?foo=bar#x", "2401.01234", 0);
  check ("0704.0001", "0704.0001", 0);
  check ("hep-th/9603067", "hep-th/9603067", 0);
  check ("math.GT/0309136", "math.GT/0309136", 0);
  check ("math.GT/0309136v1", "math.GT/0309136", 1);
  check ("https://arxiv.org/abs/hep-th/9603067v2", "hep-th/9603067", 2);
}

static void
test_rejects (void)
{
  static const char *bad[] = {
    "", " ", "abc", "2401.123", "2401.1234567", "2413.01234", "2400.01234",
    "https://example.com/abs/2401.01234", "https://arxiv.org/list/cs.LG",
    "2401.01234v", "2401.01234vx", "../2401.01234", "2401.01234/../../etc",
    "hep-th/96030", "javascript:alert(1)", "arXiv:", "https://",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    check (bad[i], NULL, 0);
  check (NULL, NULL, 0);
}

static void
test_hostile (void)
{
  g_autofree char *huge = g_strnfill (100000, '1');
  char with_nul[] = "2401.01234\0v2";
  const char invalid_utf8[] = "2401.0\xff\xfe";

  check (huge, NULL, 0);
  /* A NUL ends the string; what precedes it is a valid id. */
  check (with_nul, "2401.01234", 0);
  check (invalid_utf8, NULL, 0);
}

static void
test_valid (void)
{
  g_assert_true (papers_arxiv_id_is_valid ("2401.01234"));
  g_assert_true (papers_arxiv_id_is_valid ("hep-th/9603067"));
  g_assert_false (papers_arxiv_id_is_valid ("2401.01234v2"));
  g_assert_false (papers_arxiv_id_is_valid ("arXiv:2401.01234"));
  g_assert_false (papers_arxiv_id_is_valid (NULL));
}

static void
test_filename (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "2401.01234", "2401.01234" },
    { "hep-th/9603067", "hep-th_9603067" },
    { "../../etc/passwd", "_._.._etc_passwd" },
    { "/absolute", "_absolute" },
    { ".hidden", "_hidden" },
    { "..", "_." },
    { "a b\tc", "a_b_c" },
  };
  g_autofree char *long_id = g_strnfill (10000, 'x');
  g_autofree char *long_name = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = papers_arxiv_id_to_filename (cases[i].in);
      g_assert_cmpstr (name, ==, cases[i].out);
      g_assert_null (strchr (name, '/'));
    }

  long_name = papers_arxiv_id_to_filename (long_id);
  g_assert_cmpuint (strlen (long_name), <=, 128);
  g_assert_null (papers_arxiv_id_to_filename (""));
  g_assert_null (papers_arxiv_id_to_filename (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/library/arxiv-id/forms", test_forms);
  g_test_add_func ("/library/arxiv-id/rejects", test_rejects);
  g_test_add_func ("/library/arxiv-id/hostile", test_hostile);
  g_test_add_func ("/library/arxiv-id/valid", test_valid);
  g_test_add_func ("/library/arxiv-id/filename", test_filename);

  return g_test_run ();
}
