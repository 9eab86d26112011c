/* test-text.c: repairing text encoded twice, and leaving the rest alone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "papers-text.h"

/* What a service that reads UTF-8 as Latin-1 and encodes it again sends:
 * every byte of @utf8 becomes the character of that number. */
static char *
encode_twice (const char *utf8)
{
  GString *out = g_string_new (NULL);

  for (const guchar *p = (const guchar *) utf8; *p != '\0'; p++)
    g_string_append_unichar (out, *p);
  return g_string_free (out, FALSE);
}

static void
assert_repaired (const char *text,
                 const char *expected)
{
  g_autofree char *repaired = papers_text_repair_double_utf8 (text, -1);

  g_assert_cmpstr (repaired, ==, expected);
}

static void
assert_kept (const char *text)
{
  g_autofree char *repaired = papers_text_repair_double_utf8 (text, -1);

  g_assert_null (repaired);
}

/* The names as arXiv's answers have them (the bytes of the corpus). */
static void
test_corpus_names (void)
{
  assert_repaired ("Dirk W\xC3\x83\xC2\xBC" "bben", "Dirk Wübben");
  assert_repaired ("Aurora Ram\xC3\x83\xC2\xAD" "rez", "Aurora Ramírez");
  assert_repaired ("Jos\xC3\x83\xC2\xA9 Ra\xC3\x83\xC2\xBA" "l Romero", "José Raúl Romero");
  /* The same, made here */
  for (guint i = 0; i < 3; i++)
    {
      static const char *names[] = { "Dirk Wübben", "Aurora Ramírez", "José Raúl Romero" };
      g_autofree char *twice = encode_twice (names[i]);

      assert_repaired (twice, names[i]);
    }
}

/* Text with "Ã" or "Â" in its own right stays as it is. */
static void
test_legitimate (void)
{
  assert_kept ("São Paulo");
  assert_kept ("Ã");
  assert_kept ("Ã ");
  assert_kept ("Â");
  assert_kept ("NÃO SÃO IRMÃOS");
  assert_kept ("Ãgua, Âmbar");
  assert_kept ("plain ASCII");
  assert_kept ("Dirk Wübben");
  assert_kept ("");
  assert_kept (NULL);
  /* Repaired once is repaired for good */
  {
    g_autofree char *repaired = papers_text_repair_double_utf8 ("Dirk W\xC3\x83\xC2\xBC" "bben", -1);

    assert_kept (repaired);
  }
}

static void
test_mixed (void)
{
  g_autofree char *greek = encode_twice ("α-stable by José");
  g_autofree char *no_break = encode_twice ("Wübben\xC2\xA0" "et al.");
  g_autofree char *punct = encode_twice ("“Müller’s” – 3 × 4");

  /* ASCII around the names: the whole is repaired */
  assert_repaired ("Kees A. Schouhamer Immink, Dirk W\xC3\x83\xC2\xBC" "bben, Hirosuke Yamamoto",
                   "Kees A. Schouhamer Immink, Dirk Wübben, Hirosuke Yamamoto");
  /* Characters beyond Latin-1, encoded twice with the names */
  assert_repaired (greek, "α-stable by José");
  assert_repaired (no_break, "Wübben\xC2\xA0" "et al.");
  assert_repaired (punct, "“Müller’s” – 3 × 4");
  /* A letter right already beside one encoded twice, or a character
   * beyond Latin-1: which is meant cannot be told, so neither changes */
  assert_kept ("José Ram\xC3\x83\xC2\xAD" "rez");
  assert_kept ("Dirk W\xC3\x83\xC2\xBC" "bben ≤ α");
  assert_kept ("São Paulo, Dirk W\xC3\x83\xC2\xBC" "bben");
}

static void
test_malformed (void)
{
  /* Not UTF-8 */
  assert_kept ("Dirk W\xC3\x83\xC2\xBC" "bben \xFF");
  /* Cut inside the telltale, inside a character, inside a sequence */
  assert_kept ("Dirk W\xC3\x83\xC2");
  assert_kept ("Dirk W\xC3\x83");
  assert_kept ("Dirk W\xC3");
  assert_kept ("Jos\xC3\x83\xC2\xA9 Ra\xC3\x83");
  /* Encoded twice, but what it decodes to is no UTF-8 (a lead byte
   * without its continuation) */
  assert_kept ("\xC3\x83\xC2\xA9\xC3\x83");
  assert_kept ("\xC3\x82\xC2\xA9\xC2\xA9");

  /* A length stops before the nul, and a nul inside it is refused */
  {
    const char text[] = "W\xC3\x83\xC2\xBC" "bben\0W\xC3\x83\xC2\xBC" "bben";
    g_autofree char *first = papers_text_repair_double_utf8 (text, 9);
    g_autofree char *both = papers_text_repair_double_utf8 (text, sizeof text - 1);

    g_assert_cmpstr (first, ==, "Wübben");
    g_assert_null (both);
  }
}

/* Megabytes in one piece: linear, whatever the answer */
static void
test_huge (void)
{
  const gsize n = 200000;
  g_autoptr(GString) twice = g_string_new (NULL);
  g_autoptr(GString) once = g_string_new (NULL);
  g_autofree char *repaired = NULL;
  g_autofree char *ascii = g_strnfill (8 * 1024 * 1024, 'a');
  g_autofree char *lone = g_strnfill (8 * 1024 * 1024, 'a');

  for (gsize i = 0; i < n; i++)
    {
      g_string_append (twice, "Dirk W\xC3\x83\xC2\xBC" "bben, ");
      g_string_append (once, "Dirk Wübben, ");
    }
  repaired = papers_text_repair_double_utf8 (twice->str, twice->len);
  g_assert_cmpstr (repaired, ==, once->str);

  /* One character beyond Latin-1 at the very end keeps it all */
  g_string_append (twice, "α");
  assert_kept (twice->str);

  assert_kept (ascii);
  /* A telltale at the very end of megabytes of something else */
  memcpy (lone + strlen (lone) - 4, "\xC3\x83\xC2\xBC", 4);
  {
    g_autofree char *tail = papers_text_repair_double_utf8 (lone, -1);

    g_assert_nonnull (tail);
    g_assert_true (g_str_has_suffix (tail, "aü"));
  }
}

static void
test_title_similarity (void)
{
  g_autoptr(GString) huge = g_string_new (NULL);

  /* The same title as a reference and as arXiv give it */
  g_assert_cmpfloat (papers_text_title_similarity ("BERT: Pre-training of deep bidirectional transformers "
                                                   "for language understanding",
                                                   "BERT: Pre-Training of Deep Bidirectional Transformers for "
                                                   "Language Understanding"), ==, 1.0);
  g_assert_cmpfloat (papers_text_title_similarity ("Attention is all you need.", "Attention Is All You Need"),
                     ==, 1.0);
  /* Accents and word order */
  g_assert_cmpfloat (papers_text_title_similarity ("Théorie des ondes", "theorie des ondes"), ==, 1.0);
  g_assert_cmpfloat (papers_text_title_similarity ("liquid Luttinger", "Luttinger liquid"), ==, 1.0);
  /* Close, not the same: a word missing from a long title */
  g_assert_cmpfloat (papers_text_title_similarity ("Particle partition entanglement of bosonic Luttinger liquids",
                                                   "Particle partition entanglement of Luttinger liquids"),
                     >, 0.9);
  /* Another paper sharing a few words */
  g_assert_cmpfloat (papers_text_title_similarity ("Interacting bosons in one dimension and Luttinger liquid theory",
                                                   "A Luttinger Liquid Core Inside Helium-4 Filled Nanopores"),
                     <, 0.4);
  /* Nothing to compare */
  g_assert_cmpfloat (papers_text_title_similarity (NULL, "A title"), ==, 0.0);
  g_assert_cmpfloat (papers_text_title_similarity ("", ""), ==, 0.0);
  g_assert_cmpfloat (papers_text_title_similarity ("—: ...", "—: ..."), ==, 0.0);
  g_assert_cmpfloat (papers_text_title_similarity ("bad \xff\xfe utf8", "bad utf8"), ==, 0.0);
  /* A huge text is read only as far as its first words */
  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (huge, "w%u ", i);
  g_assert_cmpfloat (papers_text_title_similarity (huge->str, "w1 w2"), >, 0.0);
  g_assert_cmpfloat (papers_text_title_similarity (huge->str, "w1 w2"), <, 0.05);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/library/text/double-utf8/corpus-names", test_corpus_names);
  g_test_add_func ("/library/text/double-utf8/legitimate", test_legitimate);
  g_test_add_func ("/library/text/double-utf8/mixed", test_mixed);
  g_test_add_func ("/library/text/double-utf8/malformed", test_malformed);
  g_test_add_func ("/library/text/double-utf8/huge", test_huge);
  g_test_add_func ("/library/text/title-similarity", test_title_similarity);

  return g_test_run ();
}
