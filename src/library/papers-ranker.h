/* papers-ranker.h: "For You", a model of the reader's interests learned from the library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "papers-paper.h"

G_BEGIN_DECLS

#define PAPERS_RANKER_ERROR (papers_ranker_error_quark ())

/**
 * PapersRankerError:
 * @PAPERS_RANKER_ERROR_DAMAGED: the stored model is truncated or damaged
 * @PAPERS_RANKER_ERROR_OLD_VERSION: the stored model was written by another
 *   version of the ranker
 *
 * Either way the caller drops the bytes and trains a new model.
 */
typedef enum
{
  PAPERS_RANKER_ERROR_DAMAGED,
  PAPERS_RANKER_ERROR_OLD_VERSION,
} PapersRankerError;

GQuark papers_ranker_error_quark (void);

/* Below this many positives the ranker says it is still learning. */
#define PAPERS_RANKER_MIN_POSITIVES 5

/**
 * PapersRanking:
 * @still_learning: too few positives to rank: @scores is %NULL and the
 *   caller orders by upvotes or recency instead
 * @n_papers: how many papers were scored
 * @scores: (array length=n_papers) (nullable): higher is better
 * @reasons: (array length=n_papers): why a paper ranks where it does
 *   ("Like ‘…’", "Tag: …", "Author you follow: …"), %NULL where there is
 *   nothing to say; given for the best-ranked papers only
 *
 * The answer of papers_ranker_score(), in the order of the papers given.
 */
typedef struct
{
  gboolean  still_learning;
  guint     n_papers;
  double   *scores;
  char    **reasons;
} PapersRanking;

void papers_ranking_free (PapersRanking *ranking);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersRanking, papers_ranking_free)

#define PAPERS_TYPE_RANKER (papers_ranker_get_type ())

G_DECLARE_FINAL_TYPE (PapersRanker, papers_ranker, PAPERS, RANKER, GObject)

PapersRanker  *papers_ranker_new               (void);

double         papers_ranker_weight_for_paper  (PapersPaper   *paper,
                                                guint          n_annotations,
                                                double         seconds_read);

void           papers_ranker_add_positive      (PapersRanker  *self,
                                                PapersPaper   *paper,
                                                double         weight);
void           papers_ranker_add_negative      (PapersRanker  *self,
                                                PapersPaper   *paper);
gboolean       papers_ranker_remove            (PapersRanker  *self,
                                                const char    *id);
void           papers_ranker_set_background    (PapersRanker  *self,
                                                GPtrArray     *papers);
guint          papers_ranker_get_n_positives   (PapersRanker  *self);
gboolean       papers_ranker_is_learning       (PapersRanker  *self);

void           papers_ranker_follow_author     (PapersRanker  *self,
                                                const char    *name,
                                                gboolean       follow);
void           papers_ranker_follow_topic      (PapersRanker  *self,
                                                const char    *query,
                                                gboolean       follow);

void           papers_ranker_train             (PapersRanker  *self);
PapersRanking *papers_ranker_score             (PapersRanker  *self,
                                                GPtrArray     *papers,
                                                const char    *tag);

GBytes        *papers_ranker_serialize         (PapersRanker  *self);
PapersRanker  *papers_ranker_deserialize       (GBytes        *bytes,
                                                GError       **error);

G_END_DECLS
