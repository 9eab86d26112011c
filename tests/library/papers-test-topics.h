/* papers-test-topics.h: made-up papers about a topic, for the ranking tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "papers-paper.h"

G_BEGIN_DECLS

/* How the made-up papers of a test read: @common holds the 20 words every
 * topic shares, a paper's abstract has @abstract_words words, and its one
 * author is "@author_prefix ID". */
typedef struct
{
  const char * const *common;
  guint               abstract_words;
  const char         *author_prefix;
} PapersTestTopics;

/* @n words, each from @topic (20 words) or from the common ones, at even odds */
char        *papers_test_topic_text   (const PapersTestTopics *topics,
                                       GRand                  *rand,
                                       const char * const     *topic,
                                       guint                   n);
PapersPaper *papers_test_topic_paper  (const PapersTestTopics *topics,
                                       GRand                  *rand,
                                       const char             *id,
                                       const char * const     *topic);
/* @n papers about @topic, with ids "@prefix-0", "@prefix-1"… */
GPtrArray   *papers_test_topic_papers (const PapersTestTopics *topics,
                                       GRand                  *rand,
                                       const char             *prefix,
                                       const char * const     *topic,
                                       guint                   n);
/* @n_each papers of each of the three topics, in their order */
GPtrArray   *papers_test_mixed        (const PapersTestTopics *topics,
                                       GRand                  *rand,
                                       const char * const     *three[3],
                                       const char             *prefixes[3],
                                       guint                   n_each);

G_END_DECLS
