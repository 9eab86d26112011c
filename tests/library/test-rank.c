/* test-rank.c: the For You ranking: what it learns, what it says, and bad input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "papers-ranker.h"
#include "papers-ranker-private.h"
#include "papers-test-topics.h"

static const char * const robotics[] = {
  "robot", "manipulation", "grasping", "locomotion", "legged", "quadruped", "gripper", "planner",
  "trajectory", "teleoperation", "actuator", "kinematics", "odometry", "slam", "navigation",
  "humanoid", "dexterous", "torque", "end-effector", "sim-to-real",
};
static const char * const astronomy[] = {
  "galaxy", "stellar", "redshift", "supernova", "quasar", "telescope", "photometric", "cosmic",
  "accretion", "nebula", "exoplanet", "luminosity", "spectroscopic", "halo", "dwarf", "pulsar",
  "magnetar", "interstellar", "binaries", "cluster",
};
static const char * const biology[] = {
  "protein", "genome", "enzyme", "cell", "mutation", "transcription", "neuron", "tissue",
  "receptor", "membrane", "sequencing", "phenotype", "mitochondria", "antibody", "pathogen",
  "microbiome", "ribosome", "ligand", "chromatin", "organoid",
};
static const char * const common[] = {
  "we", "propose", "a", "novel", "method", "for", "the", "analysis", "of", "data", "results",
  "show", "improved", "performance", "and", "model", "study", "approach", "based", "on",
};

static const PapersTestTopics made_up = { common, 80, "Author" };

static GPtrArray *
make_papers (GRand              *rand,
             const char         *prefix,
             const char * const *topic,
             guint               n)
{
  return papers_test_topic_papers (&made_up, rand, prefix, topic, n);
}

/* A listing of @n_each papers of each topic, robotics first. */
static GPtrArray *
mixed_listing (GRand *rand,
               guint  n_each)
{
  const char * const *three[] = { robotics, astronomy, biology };
  const char *names[] = { "rob", "astro", "bio" };

  return papers_test_mixed (&made_up, rand, three, names, n_each);
}

static PapersRanker *
robotics_reader (GRand *rand,
                 guint  n_papers)
{
  PapersRanker *ranker = papers_ranker_new ();
  g_autoptr(GPtrArray) library = make_papers (rand, "lib", robotics, n_papers);

  for (guint i = 0; i < library->len; i++)
    papers_ranker_add_positive (ranker, library->pdata[i], papers_ranker_weight_for_paper (library->pdata[i], 0, 0));
  return ranker;
}

static guint
rank_of (PapersRanking *ranking,
         guint          index)
{
  guint rank = 0;

  for (guint i = 0; i < ranking->n_papers; i++)
    if (ranking->scores[i] > ranking->scores[index])
      rank++;
  return rank;
}

/* A library about robotics puts the listing's robotics papers first. */
static void
test_topic_first (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  g_autoptr(PapersRanker) ranker = robotics_reader (rand, 8);
  g_autoptr(GPtrArray) listing = mixed_listing (rand, 20);
  g_autoptr(PapersRanking) ranking = NULL;

  papers_ranker_set_background (ranker, listing);
  papers_ranker_train (ranker);
  ranking = papers_ranker_score (ranker, listing, NULL);
  g_assert_false (ranking->still_learning);
  g_assert_cmpuint (ranking->n_papers, ==, listing->len);
  for (guint i = 0; i < 20; i++)
    g_assert_cmpuint (rank_of (ranking, i), <, 20);
  /* and says why */
  for (guint i = 0; i < 20; i++)
    {
      g_assert_nonnull (ranking->reasons[i]);
      g_assert_true (g_str_has_prefix (ranking->reasons[i], "Like ‘"));
    }
}

/* Not Interested on a paper takes down the papers like it. */
static void
test_dismiss (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2);
  g_autoptr(PapersRanker) ranker = robotics_reader (rand, 10);
  g_autoptr(GPtrArray) listing = mixed_listing (rand, 20);
  g_autoptr(PapersRanking) before = NULL;
  g_autoptr(PapersRanking) after = NULL;
  g_autoptr(PapersRanking) undone = NULL;
  g_autoptr(PapersPaper) dismissed = NULL;
  PapersPaper *twin = listing->pdata[3];
  double delta_twin, delta_other;

  papers_ranker_set_background (ranker, listing);
  papers_ranker_train (ranker);
  before = papers_ranker_score (ranker, listing, NULL);

  /* The paper dismissed is a near-duplicate of listing paper 3 */
  dismissed = papers_paper_copy (twin);
  papers_paper_set_id (dismissed, "dismissed");
  papers_ranker_add_negative (ranker, dismissed);
  after = papers_ranker_score (ranker, listing, NULL);
  g_assert_cmpuint (rank_of (after, 3), >, rank_of (before, 3));
  /* it went down more than another robotics paper did */
  delta_twin = after->scores[3] - before->scores[3];
  delta_other = after->scores[5] - before->scores[5];
  g_assert_cmpfloat (delta_twin, <, delta_other);

  /* Undo */
  g_assert_true (papers_ranker_remove (ranker, "dismissed"));
  g_assert_false (papers_ranker_remove (ranker, "dismissed"));
  undone = papers_ranker_score (ranker, listing, NULL);
  g_assert_cmpuint (rank_of (undone, 3), <, rank_of (after, 3));
}

/* Fewer than 5 papers: still learning, no scores, so the caller falls
 * back to upvotes or recency. */
static void
test_cold_start (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autoptr(PapersRanker) ranker = robotics_reader (rand, 4);
  g_autoptr(GPtrArray) listing = mixed_listing (rand, 5);
  g_autoptr(GPtrArray) more = make_papers (rand, "more", robotics, 1);
  g_autoptr(PapersRanking) learning = NULL;
  g_autoptr(PapersRanking) ranked = NULL;

  g_assert_true (papers_ranker_is_learning (ranker));
  learning = papers_ranker_score (ranker, listing, NULL);
  g_assert_true (learning->still_learning);
  g_assert_null (learning->scores);
  g_assert_cmpuint (learning->n_papers, ==, listing->len);

  papers_ranker_add_positive (ranker, more->pdata[0], 1.0);
  g_assert_false (papers_ranker_is_learning (ranker));
  ranked = papers_ranker_score (ranker, listing, NULL);
  g_assert_false (ranked->still_learning);
  g_assert_nonnull (ranked->scores);
}

static void
assert_same_ranking (PapersRanking *a,
                     PapersRanking *b)
{
  g_assert_cmpint (a->still_learning, ==, b->still_learning);
  g_assert_cmpuint (a->n_papers, ==, b->n_papers);
  for (guint i = 0; i < a->n_papers; i++)
    {
      g_assert_true (a->scores[i] == b->scores[i]);
      g_assert_cmpstr (a->reasons[i], ==, b->reasons[i]);
    }
}

/* A model read back scores exactly as the one written, and learns on. */
static void
test_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4);
  g_autoptr(PapersRanker) ranker = robotics_reader (rand, 12);
  g_autoptr(GPtrArray) listing = mixed_listing (rand, 15);
  g_autoptr(GPtrArray) more = make_papers (rand, "more", robotics, 2);
  g_autoptr(PapersRanker) back = NULL;
  g_autoptr(PapersRanking) a = NULL;
  g_autoptr(PapersRanking) b = NULL;
  g_autoptr(PapersRanking) a2 = NULL;
  g_autoptr(PapersRanking) b2 = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  papers_ranker_set_background (ranker, listing);
  papers_ranker_train (ranker);
  papers_ranker_add_positive (ranker, more->pdata[0], 2.0);   /* an update after training */
  papers_ranker_follow_author (ranker, "Author astro-1", TRUE);
  papers_ranker_follow_topic (ranker, "pulsar magnetar", TRUE);
  a = papers_ranker_score (ranker, listing, NULL);

  bytes = papers_ranker_serialize (ranker);
  back = papers_ranker_deserialize (bytes, &error);
  g_assert_no_error (error);
  b = papers_ranker_score (back, listing, NULL);
  assert_same_ranking (a, b);

  /* Both learn the same from the same paper */
  papers_ranker_add_positive (ranker, more->pdata[1], 1.0);
  papers_ranker_add_positive (back, more->pdata[1], 1.0);
  a2 = papers_ranker_score (ranker, listing, NULL);
  b2 = papers_ranker_score (back, listing, NULL);
  assert_same_ranking (a2, b2);
}

/* Truncated, damaged or old bytes are an error, never a crash nor a model
 * half read. */
static void
test_damaged (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(PapersRanker) ranker = robotics_reader (rand, 6);
  g_autoptr(GPtrArray) listing = mixed_listing (rand, 4);
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *data;
  gsize size;

  papers_ranker_set_background (ranker, listing);
  papers_ranker_follow_author (ranker, "Someone Else", TRUE);
  papers_ranker_train (ranker);
  bytes = papers_ranker_serialize (ranker);
  data = g_bytes_get_data (bytes, &size);

  /* Every length short of the whole, in steps */
  for (gsize len = 0; len < size; len += len < 64 ? 1 : 97)
    {
      g_autoptr(GBytes) cut = g_bytes_new (data, len);
      g_autoptr(GError) error = NULL;
      g_autoptr(PapersRanker) back = papers_ranker_deserialize (cut, &error);

      g_assert_null (back);
      g_assert_error (error, PAPERS_RANKER_ERROR, PAPERS_RANKER_ERROR_DAMAGED);
    }
  /* A byte changed anywhere */
  for (gsize at = 0; at < size; at += at < 64 ? 1 : 89)
    {
      g_autofree guint8 *copy = g_memdup2 (data, size);
      g_autoptr(GBytes) damaged = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(PapersRanker) back = NULL;

      copy[at] ^= 0x5a;
      damaged = g_bytes_new (copy, size);
      back = papers_ranker_deserialize (damaged, &error);
      g_assert_null (back);
      g_assert_nonnull (error);
      g_assert_true (error->domain == PAPERS_RANKER_ERROR);
    }
  /* An older format */
  {
    g_autofree guint8 *copy = g_memdup2 (data, size);
    g_autoptr(GBytes) old = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(PapersRanker) back = NULL;
    guint32 zero = 0;

    memcpy (copy + 8, &zero, 4);
    old = g_bytes_new (copy, size);
    back = papers_ranker_deserialize (old, &error);
    g_assert_null (back);
    g_assert_error (error, PAPERS_RANKER_ERROR, PAPERS_RANKER_ERROR_OLD_VERSION);
  }
  /* Garbage with a good header: the checksum catches it */
  {
    g_autoptr(GBytes) garbage = g_bytes_new_static ("PapersRk\x02\x00\x00\x00\x13\x00\x00\x00" "0123456789abcdef", 28);
    g_autoptr(GError) error = NULL;
    g_autoptr(PapersRanker) back = papers_ranker_deserialize (garbage, &error);

    g_assert_null (back);
    g_assert_error (error, PAPERS_RANKER_ERROR, PAPERS_RANKER_ERROR_DAMAGED);
  }
}

/* An empty library: still learning, and a model with nothing in it still
 * goes to bytes and back. */
static void
test_empty_library (void)
{
  g_autoptr(PapersRanker) ranker = papers_ranker_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (6);
  g_autoptr(GPtrArray) listing = mixed_listing (rand, 3);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(PapersRanking) ranking = NULL;
  g_autoptr(PapersRanking) nothing = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(PapersRanker) back = NULL;
  g_autoptr(GError) error = NULL;

  papers_ranker_train (ranker);
  g_assert_true (papers_ranker_is_learning (ranker));
  ranking = papers_ranker_score (ranker, listing, NULL);
  g_assert_true (ranking->still_learning);
  nothing = papers_ranker_score (ranker, none, NULL);
  g_assert_cmpuint (nothing->n_papers, ==, 0);
  g_assert_false (papers_ranker_remove (ranker, "nothing"));
  bytes = papers_ranker_serialize (ranker);
  back = papers_ranker_deserialize (bytes, &error);
  g_assert_no_error (error);
  g_assert_true (papers_ranker_is_learning (back));
}

/* Papers without a title, an abstract or authors get a score all the
 * same. */
static void
test_no_text (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(PapersRanker) ranker = robotics_reader (rand, 6);
  g_autoptr(GPtrArray) listing = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PapersRanking) ranking = NULL;

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("empty-%u", i);
      PapersPaper *paper = papers_paper_new (id);

      if (i % 2)
        papers_paper_set_title (paper, "");
      if (i % 3 == 0)
        papers_paper_set_abstract (paper, " . , ; $$ \\\\ ");
      g_ptr_array_add (listing, paper);
    }
  ranking = papers_ranker_score (ranker, listing, NULL);
  g_assert_false (ranking->still_learning);
  for (guint i = 0; i < listing->len; i++)
    g_assert_true (isfinite (ranking->scores[i]));
}

/* Words that only one kept paper has are left out of the model (they say
 * nothing about likeness); new papers with those words must still be
 * ranked (it once overflowed the nearest-paper search's list). */
static void
test_unshared_words (void)
{
  g_autoptr(PapersRanker) ranker = papers_ranker_new ();
  g_autoptr(GPtrArray) listing = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PapersRanking) ranking = NULL;
  GString *words = g_string_new (NULL);

  for (guint i = 0; i < 40; i++)
    g_string_append_printf (words, "zq%cx%c ", 'a' + i % 26, 'a' + i / 26);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("kept-%u", i);
      g_autofree char *title = g_strdup_printf ("%s robot", words->str);
      g_autoptr(PapersPaper) paper = papers_paper_new (id);

      /* the first paper has the words; the others have other words */
      papers_paper_set_title (paper, i == 0 ? title : "robot grasping policy");
      papers_ranker_add_positive (ranker, paper, 1.0);
    }
  papers_ranker_train (ranker);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("new-%u", i);
      PapersPaper *paper = papers_paper_new (id);

      papers_paper_set_title (paper, words->str);
      g_ptr_array_add (listing, paper);
    }
  ranking = papers_ranker_score (ranker, listing, NULL);
  g_assert_false (ranking->still_learning);
  for (guint i = 0; i < listing->len; i++)
    g_assert_true (isfinite (ranking->scores[i]));
  g_string_free (words, TRUE);
}

/* A library bigger than the reasons' index (2 000 positives, the most
 * weighted): reasons still come, from the papers kept in it. */
static void
test_big_library (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (10);
  g_autoptr(PapersRanker) ranker = papers_ranker_new ();
  g_autoptr(GPtrArray) library = make_papers (rand, "big", robotics, 2300);
  g_autoptr(GPtrArray) listing = mixed_listing (rand, 10);
  g_autoptr(PapersRanking) ranking = NULL;
  guint n_reasons = 0;

  for (guint i = 0; i < library->len; i++)
    papers_ranker_add_positive (ranker, library->pdata[i], 1.0 + i % 3);
  papers_ranker_set_background (ranker, listing);
  papers_ranker_train (ranker);
  ranking = papers_ranker_score (ranker, listing, NULL);
  for (guint i = 0; i < 10; i++)
    {
      g_assert_cmpuint (rank_of (ranking, i), <, 10);
      n_reasons += ranking->reasons[i] != NULL && g_str_has_prefix (ranking->reasons[i], "Like ‘");
    }
  g_assert_cmpuint (n_reasons, ==, 10);
  g_assert_cmpuint (papers_ranker_get_memory_size (ranker), >, 0);
}

/* 100 000 candidates, as a merged For You view of a busy week might be. */
static void
test_many_candidates (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (8);
  g_autoptr(PapersRanker) ranker = robotics_reader (rand, 20);
  g_autoptr(GPtrArray) listing = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PapersRanking) ranking = NULL;
  const char * const *topics[] = { robotics, astronomy, biology };

  for (guint i = 0; i < 100000; i++)
    {
      g_autofree char *id = g_strdup_printf ("many-%u", i);
      PapersPaper *paper = papers_paper_new (id);
      g_autofree char *title = papers_test_topic_text (&made_up, rand, topics[i % 3], 6);

      papers_paper_set_title (paper, title);
      g_ptr_array_add (listing, paper);
    }
  ranking = papers_ranker_score (ranker, listing, NULL);
  g_assert_cmpuint (ranking->n_papers, ==, 100000);
  for (guint i = 0; i < ranking->n_papers; i++)
    g_assert_true (isfinite (ranking->scores[i]));
  /* The reasons go to the best-ranked only */
  {
    guint n_reasons = 0;

    for (guint i = 0; i < ranking->n_papers; i++)
      n_reasons += ranking->reasons[i] != NULL;
    g_assert_cmpuint (n_reasons, <=, 100);
  }
}

static gboolean
has_token (GPtrArray  *tokens,
           const char *token)
{
  for (guint i = 0; i < tokens->len; i++)
    if (g_str_equal (tokens->pdata[i], token))
      return TRUE;
  return FALSE;
}

/* Other scripts, LaTeX, case and accents. */
static void
test_tokens (void)
{
  g_autoptr(GPtrArray) chinese = papers_ranker_tokens ("基于深度学习的机器人抓取");
  g_autoptr(GPtrArray) latex = papers_ranker_tokens ("We bound $\\mathcal{O}(n^2)$ for \\emph{sparse} graphs "
                                                     "with $\\alpha$-stable noise");
  g_autoptr(GPtrArray) folded = papers_ranker_tokens ("SCHRÖDINGER Equations for Robots");
  g_autoptr(GPtrArray) mixed = papers_ranker_tokens ("Transformer模型 for 3D vision-language");
  g_autoptr(GPtrArray) broken = papers_ranker_tokens ("caf\xc3 \xff\xfe robot");

  /* Characters and pairs of characters */
  g_assert_true (has_token (chinese, "深度"));
  g_assert_true (has_token (chinese, "学习"));
  g_assert_true (has_token (chinese, "机器"));
  g_assert_true (has_token (chinese, "人"));
  /* LaTeX commands are not words; what they wrap is */
  g_assert_false (has_token (latex, "mathcal"));
  g_assert_false (has_token (latex, "emph"));
  g_assert_false (has_token (latex, "alpha"));
  g_assert_true (has_token (latex, "sparse"));
  g_assert_true (has_token (latex, "sparse graph"));
  g_assert_true (has_token (latex, "stable noise"));
  /* Casefolded, accents dropped, stop words out, plurals' s too */
  g_assert_true (has_token (folded, "schrodinger"));
  g_assert_true (has_token (folded, "equation"));
  g_assert_true (has_token (folded, "robot"));
  g_assert_false (has_token (folded, "for"));
  g_assert_false (has_token (folded, "equation for"));
  g_assert_true (has_token (mixed, "transformer"));
  g_assert_true (has_token (mixed, "模型"));
  g_assert_true (has_token (mixed, "3d"));
  g_assert_true (has_token (mixed, "vision language"));
  /* Bytes that are not UTF-8 break words and nothing else */
  g_assert_true (has_token (broken, "robot"));
}

/* A listing in Chinese ranks by the library's Chinese papers. */
static void
test_chinese_listing (void)
{
  g_autoptr(PapersRanker) ranker = papers_ranker_new ();
  g_autoptr(GPtrArray) listing = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PapersRanking) ranking = NULL;
  const char *kept[] = { "机器人抓取的深度学习方法", "四足机器人的运动控制", "机器人导航与定位",
                         "机械臂轨迹规划", "人形机器人的灵巧操作", "机器人强化学习" };
  const char *shown[] = { "星系红移的测量", "机器人抓取规划", "蛋白质结构预测", "超新星光变曲线" };

  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *id = g_strdup_printf ("zh-%u", i);
      g_autoptr(PapersPaper) paper = papers_paper_new (id);

      papers_paper_set_title (paper, kept[i]);
      papers_ranker_add_positive (ranker, paper, 1.0);
    }
  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    {
      g_autofree char *id = g_strdup_printf ("shown-%u", i);
      PapersPaper *paper = papers_paper_new (id);

      papers_paper_set_title (paper, shown[i]);
      g_ptr_array_add (listing, paper);
    }
  ranking = papers_ranker_score (ranker, listing, NULL);
  g_assert_cmpuint (rank_of (ranking, 1), ==, 0);
}

/* Ranking for one tag of the library, and followed authors and topics. */
static void
test_tags_and_follows (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (9);
  g_autoptr(PapersRanker) ranker = papers_ranker_new ();
  g_autoptr(GPtrArray) robots = make_papers (rand, "r", robotics, 6);
  g_autoptr(GPtrArray) stars = make_papers (rand, "s", astronomy, 6);
  g_autoptr(GPtrArray) listing = mixed_listing (rand, 10);
  g_autoptr(PapersRanking) for_robots = NULL;
  g_autoptr(PapersRanking) for_stars = NULL;
  g_autoptr(PapersRanking) few = NULL;
  g_autoptr(PapersRanking) followed = NULL;
  const char *robot_tags[] = { "robotics", NULL };
  const char *star_tags[] = { "astro", "to read", NULL };

  for (guint i = 0; i < 6; i++)
    {
      papers_paper_set_tags (robots->pdata[i], robot_tags);
      papers_paper_set_tags (stars->pdata[i], i < 3 ? star_tags : robot_tags + 1);
      papers_ranker_add_positive (ranker, robots->pdata[i], 1.0);
      papers_ranker_add_positive (ranker, stars->pdata[i], 1.0);
    }
  papers_ranker_set_background (ranker, listing);
  papers_ranker_train (ranker);
  for_robots = papers_ranker_score (ranker, listing, "robotics");
  g_assert_false (for_robots->still_learning);
  for (guint i = 0; i < 10; i++)
    {
      g_assert_cmpuint (rank_of (for_robots, i), <, 10);
      g_assert_cmpstr (for_robots->reasons[i], ==, "Tag: robotics");
    }
  /* Three papers tagged: too few for a model of their own */
  few = papers_ranker_score (ranker, listing, "astro");
  g_assert_true (few->still_learning);

  /* A followed author goes up and says so; a topic too */
  papers_ranker_follow_author (ranker, "author bio-4", TRUE);
  papers_ranker_follow_topic (ranker, "Ribosome", TRUE);
  followed = papers_ranker_score (ranker, listing, NULL);
  g_assert_cmpstr (followed->reasons[24], ==, "Author you follow: Author bio-4");
  for (guint i = 20; i < 30; i++)
    if (followed->reasons[i] != NULL && g_str_has_prefix (followed->reasons[i], "Topic"))
      g_assert_cmpstr (followed->reasons[i], ==, "Topic you follow: Ribosome");
  papers_ranker_follow_author (ranker, "Author Bio-4", FALSE);
  for_stars = papers_ranker_score (ranker, listing, NULL);
  g_assert_true (for_stars->reasons[24] == NULL || !g_str_has_prefix (for_stars->reasons[24], "Author"));
}

/* Spearman's rank correlation of two rankings of the same papers. */
static double
rank_correlation (PapersRanking *a,
                  PapersRanking *b)
{
  double sum = 0.0, n = a->n_papers;

  g_assert_cmpuint (a->n_papers, ==, b->n_papers);
  for (guint i = 0; i < a->n_papers; i++)
    {
      double d = (double) rank_of (a, i) - rank_of (b, i);

      sum += d * d;
    }
  return 1.0 - 6.0 * sum / (n * (n * n - 1.0));
}

/* A big model learns one paper more in bounded steps, not a whole pass:
 * it must rank as a model trained from scratch with that paper does. */
static void
test_update_like_retrain (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GPtrArray) library = make_papers (rand, "lib", robotics, 3000);
  g_autoptr(GPtrArray) background = mixed_listing (rand, 1000);
  g_autoptr(GPtrArray) listing = mixed_listing (rand, 40);
  g_autoptr(PapersPaper) added = papers_paper_copy (listing->pdata[60]);   /* an astronomy paper */
  g_autoptr(PapersRanker) updated = papers_ranker_new ();
  g_autoptr(PapersRanker) retrained = papers_ranker_new ();
  g_autoptr(PapersRanking) before = NULL;
  g_autoptr(PapersRanking) after = NULL;
  g_autoptr(PapersRanking) fresh = NULL;
  PapersRankerTuning svm_only;
  guint top_both = 0;

  /* The SVM alone: the other parts follow a new paper without training */
  papers_ranker_get_tuning (updated, &svm_only);
  svm_only.centroid = svm_only.rocchio = svm_only.smooth = 0.0;
  papers_ranker_set_tuning (updated, &svm_only);
  papers_ranker_set_tuning (retrained, &svm_only);
  papers_paper_set_id (added, "added");
  for (guint i = 0; i < library->len; i++)
    {
      papers_ranker_add_positive (updated, library->pdata[i], 1.0);
      papers_ranker_add_positive (retrained, library->pdata[i], 1.0);
    }
  papers_ranker_set_background (updated, background);
  papers_ranker_set_background (retrained, background);
  papers_ranker_train (updated);
  before = papers_ranker_score (updated, listing, NULL);

  papers_ranker_add_positive (updated, added, 3.0);
  papers_ranker_add_positive (retrained, added, 3.0);
  papers_ranker_train (retrained);
  after = papers_ranker_score (updated, listing, NULL);
  fresh = papers_ranker_score (retrained, listing, NULL);

  /* The update moved the model toward the paper, as the retraining did */
  g_assert_cmpuint (rank_of (after, 60), <, rank_of (before, 60));
  g_assert_cmpuint (rank_of (fresh, 60), <, rank_of (before, 60));
  /* and both order the listing alike: the same best 20, mostly */
  g_assert_cmpfloat (rank_correlation (after, fresh), >, 0.95);
  for (guint i = 0; i < listing->len; i++)
    top_both += rank_of (after, i) < 20 && rank_of (fresh, i) < 20;
  g_assert_cmpuint (top_both, >=, 17);
}

/* A listing's papers met as background lend their vectors to scoring; a
 * paper whose text changed under the same id is read anew. */
static void
test_known_vectors (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (12);
  g_autoptr(PapersRanker) ranker = robotics_reader (rand, 10);
  g_autoptr(PapersRanker) other = NULL;
  g_autoptr(GPtrArray) listing = mixed_listing (rand, 20);
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PapersRanking) known = NULL;
  g_autoptr(PapersRanking) unknown = NULL;
  g_autoptr(PapersRanking) changed = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const char *robot_words = "robot grasping manipulation gripper dexterous";

  papers_ranker_set_background (ranker, listing);
  papers_ranker_train (ranker);
  known = papers_ranker_score (ranker, listing, NULL);
  /* The same papers read back from bytes, which keep no text: tokenized */
  bytes = papers_ranker_serialize (ranker);
  other = papers_ranker_deserialize (bytes, &error);
  g_assert_no_error (error);
  unknown = papers_ranker_score (other, listing, NULL);
  assert_same_ranking (known, unknown);

  /* An astronomy paper retitled and rewritten about robots, same id */
  for (guint i = 0; i < listing->len; i++)
    g_ptr_array_add (copies, papers_paper_copy (listing->pdata[i]));
  papers_paper_set_title (copies->pdata[25], robot_words);
  papers_paper_set_abstract (copies->pdata[25], robot_words);
  changed = papers_ranker_score (ranker, copies, NULL);
  g_assert_cmpuint (rank_of (known, 25), >=, 20);
  g_assert_cmpuint (rank_of (changed, 25), <=, 20);
}

/* The weights of a kept paper follow what the reader did with it. */
static void
test_weights (void)
{
  g_autoptr(PapersPaper) paper = papers_paper_new ("w");
  const char *tags[] = { "a", "b", NULL };
  double plain = papers_ranker_weight_for_paper (paper, 0, 0);
  double more;

  g_assert_cmpfloat (plain, ==, 1.0);
  papers_paper_set_starred (paper, TRUE);
  papers_paper_set_tags (paper, tags);
  papers_paper_set_note (paper, "good");
  papers_paper_set_status (paper, PAPERS_READ_STATUS_READ);
  more = papers_ranker_weight_for_paper (paper, 3, 3600);
  g_assert_cmpfloat (more, >, 3.5);
  g_assert_cmpfloat (more, <=, 5.5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/library/rank/topic-first", test_topic_first);
  g_test_add_func ("/library/rank/dismiss", test_dismiss);
  g_test_add_func ("/library/rank/cold-start", test_cold_start);
  g_test_add_func ("/library/rank/round-trip", test_round_trip);
  g_test_add_func ("/library/rank/damaged", test_damaged);
  g_test_add_func ("/library/rank/empty-library", test_empty_library);
  g_test_add_func ("/library/rank/no-text", test_no_text);
  g_test_add_func ("/library/rank/unshared-words", test_unshared_words);
  g_test_add_func ("/library/rank/big-library", test_big_library);
  g_test_add_func ("/library/rank/many-candidates", test_many_candidates);
  g_test_add_func ("/library/rank/tokens", test_tokens);
  g_test_add_func ("/library/rank/chinese", test_chinese_listing);
  g_test_add_func ("/library/rank/tags-and-follows", test_tags_and_follows);
  g_test_add_func ("/library/rank/weights", test_weights);
  g_test_add_func ("/library/rank/update-like-retrain", test_update_like_retrain);
  g_test_add_func ("/library/rank/known-vectors", test_known_vectors);

  return g_test_run ();
}
