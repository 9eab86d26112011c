/* papers-test-topics.c: made-up papers about a topic, for the ranking tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "papers-test-topics.h"

char *
papers_test_topic_text (const PapersTestTopics *topics,
                        GRand                  *rand,
                        const char * const     *topic,
                        guint                   n)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      gboolean from_topic = g_rand_int_range (rand, 0, 2) == 0;
      const char *word = from_topic ? topic[g_rand_int_range (rand, 0, 20)]
                                    : topics->common[g_rand_int_range (rand, 0, 20)];

      g_string_append_printf (out, "%s%s", i ? " " : "", word);
    }
  return g_string_free (out, FALSE);
}

PapersPaper *
papers_test_topic_paper (const PapersTestTopics *topics,
                         GRand                  *rand,
                         const char             *id,
                         const char * const     *topic)
{
  PapersPaper *paper = papers_paper_new (id);
  g_autofree char *title = papers_test_topic_text (topics, rand, topic, 8);
  g_autofree char *abstract = papers_test_topic_text (topics, rand, topic, topics->abstract_words);
  g_autofree char *author = g_strdup_printf ("%s %s", topics->author_prefix, id);
  const char *authors[] = { author, NULL };

  papers_paper_set_title (paper, title);
  papers_paper_set_abstract (paper, abstract);
  papers_paper_set_authors (paper, authors);
  return paper;
}

GPtrArray *
papers_test_topic_papers (const PapersTestTopics *topics,
                          GRand                  *rand,
                          const char             *prefix,
                          const char * const     *topic,
                          guint                   n)
{
  GPtrArray *papers = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s-%u", prefix, i);

      g_ptr_array_add (papers, papers_test_topic_paper (topics, rand, id, topic));
    }
  return papers;
}

GPtrArray *
papers_test_mixed (const PapersTestTopics *topics,
                   GRand                  *rand,
                   const char * const     *three[3],
                   const char             *prefixes[3],
                   guint                   n_each)
{
  GPtrArray *listing = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint t = 0; t < 3; t++)
    {
      g_autoptr(GPtrArray) some = papers_test_topic_papers (topics, rand, prefixes[t], three[t], n_each);

      for (guint i = 0; i < some->len; i++)
        g_ptr_array_add (listing, g_object_ref (some->pdata[i]));
    }
  return listing;
}
