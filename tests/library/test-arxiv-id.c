/* test-arxiv-id.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>

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
  check ("https://ArXiv.ORG/abs/2401.01234", "2401.01234", 0);
  check ("https://hf.co/papers/2401.01234", "2401.01234", 0);
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
  /* Hosts that only end like arXiv's or Hugging Face's */
  check ("https://evilarxiv.org/abs/2401.01234", NULL, 0);
  check ("https://notarxiv.org/pdf/2401.01234", NULL, 0);
  check ("https://myhuggingface.co/papers/2401.01234", NULL, 0);
  check ("https://arxiv.org.evil.example/abs/2401.01234", NULL, 0);
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

/* An address another program asks Papers to open: @want_id NULL when it
 * must be refused with @want_code */
static void
check_uri (const char *uri,
           const char *want_id,
           int         want_version,
           int         want_code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  int version = -1;
  gboolean ok = papers_arxiv_id_parse_uri (uri, &id, &version, &error);

  if (want_id == NULL)
    {
      g_assert_false (ok);
      g_assert_null (id);
      g_assert_error (error, G_IO_ERROR, want_code);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return;
    }
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpstr (id, ==, want_id);
  g_assert_cmpint (version, ==, want_version);
}

static void
test_uri_forms (void)
{
  check_uri ("https://arxiv.org/abs/2410.17243", "2410.17243", 0, 0);
  check_uri ("https://arxiv.org/abs/2410.17243v2", "2410.17243", 2, 0);
  check_uri ("https://arxiv.org/abs/2410.17243/", "2410.17243", 0, 0);
  check_uri ("https://arxiv.org/pdf/2410.17243", "2410.17243", 0, 0);
  check_uri ("https://arxiv.org/pdf/2410.17243v1", "2410.17243", 1, 0);
  check_uri ("https://arxiv.org/pdf/2410.17243v3.pdf", "2410.17243", 3, 0);
  check_uri ("https://arxiv.org/pdf/2410.17243.pdf", "2410.17243", 0, 0);
  check_uri ("http://arxiv.org/abs/2410.17243", "2410.17243", 0, 0);
  check_uri ("HTTPS://ArXiv.Org/abs/2410.17243", "2410.17243", 0, 0);
  check_uri ("https://www.arxiv.org/abs/2410.17243", "2410.17243", 0, 0);
  check_uri ("https://export.arxiv.org/abs/2410.17243", "2410.17243", 0, 0);
  check_uri ("https://arxiv.org/abs/hep-th/9603067v1", "hep-th/9603067", 1, 0);
  check_uri ("https://huggingface.co/papers/2410.17243", "2410.17243", 0, 0);
  check_uri ("https://huggingface.co/papers/2410.17243?utm=x#comments", "2410.17243", 0, 0);
  check_uri ("https://hf.co/papers/2410.17243", "2410.17243", 0, 0);
}

static void
test_uri_refused (void)
{
  static const char *other[] = {
    /* Not the hosts, or a host that only ends like one */
    "http://evil.example/abs/2410.17243", "https://evilarxiv.org/abs/2410.17243",
    "https://arxiv.org.evil.example/abs/2410.17243", "https://huggingface.co.evil/papers/2410.17243",
    /* Not the schemes */
    "javascript:alert(1)", "javascript://arxiv.org/abs/2410.17243%0Aalert(1)", "file:///etc/passwd",
    "file://arxiv.org/abs/2410.17243", "ftp://arxiv.org/abs/2410.17243", "data:text/html,<b>x</b>",
    /* Not a paper's page on them, or a user name or port */
    "https://arxiv.org/list/cs.LG/recent", "https://huggingface.co/2410.17243",
    "https://arxiv.org/papers/2410.17243", "https://huggingface.co/abs/2410.17243",
    "https://user:secret@arxiv.org/abs/2410.17243", "https://arxiv.org:8443/abs/2410.17243",
    "https://", "http://evil…",
    /* (dot segments are resolved first: these are /etc/passwd and /x) */
    "https://arxiv.org/abs/../../etc/passwd", "https://arxiv.org/abs/2410.17243/../../x",
  };
  static const char *malformed[] = {
    /* (no scheme: not an address, though a paste would take it) */
    "arxiv.org/abs/2410.17243", "2410.17243", "",
    "https://arxiv.org/abs/2410.17243 x", "https://arxiv.org/abs/%00", "https://arx iv.org/abs/2410.17243",
    "https://arxiv.org/abs/2410.17243\n", "not a uri", "https://arxiv.org/abs/2410\xff.17243",
  };
  static const char *not_a_paper[] = {
    "https://arxiv.org/abs/", "https://arxiv.org/abs/2413.01234", "https://arxiv.org/abs/2410.17243v",
    "https://huggingface.co/papers/2410.17243.pdf", "https://arxiv.org/abs/arXiv:2410.17243",
  };

  for (guint i = 0; i < G_N_ELEMENTS (other); i++)
    check_uri (other[i], NULL, 0, G_IO_ERROR_NOT_SUPPORTED);
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    check_uri (malformed[i], NULL, 0, G_IO_ERROR_INVALID_ARGUMENT);
  for (guint i = 0; i < G_N_ELEMENTS (not_a_paper); i++)
    check_uri (not_a_paper[i], NULL, 0, G_IO_ERROR_INVALID_ARGUMENT);
  check_uri (NULL, NULL, 0, G_IO_ERROR_NOT_SUPPORTED);
}

static void
test_uri_hostile (void)
{
  g_autofree char *path = g_strnfill (1 << 20, 'a');
  g_autofree char *huge = g_strconcat ("https://arxiv.org/abs/2410.17243?", path, NULL);
  g_autofree char *deep = g_strnfill (4000, '/');
  g_autofree char *slashes = g_strconcat ("https://arxiv.org/abs", deep, NULL);

  /* Refused by its length before it is parsed */
  check_uri (huge, NULL, 0, G_IO_ERROR_INVALID_ARGUMENT);
  check_uri (slashes, NULL, 0, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_false (papers_arxiv_id_parse_uri ("javascript:alert(1)", NULL, NULL, NULL));
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
  g_test_add_func ("/library/arxiv-id/uri-forms", test_uri_forms);
  g_test_add_func ("/library/arxiv-id/uri-refused", test_uri_refused);
  g_test_add_func ("/library/arxiv-id/uri-hostile", test_uri_hostile);

  return g_test_run ();
}
