/* papers-ranker-private.h: the ranker's parts the benchmark and tests reach
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "papers-ranker.h"

G_BEGIN_DECLS

/* scikit-learn's English stop words, separated by spaces. */
extern const char papers_ranker_stop_words[];

/* A sparse vector: @n features @idx with values @val. */
typedef struct
{
  const guint32 *idx;
  const float   *val;
  guint          n;
} PapersSparse;

/* L2-regularized squared-hinge linear SVM solved in the dual by coordinate
 * descent (Hsieh et al. 2008, liblinear's solver 1, what scikit-learn's
 * LinearSVC runs), with a bias as an extra feature of value 1 that is
 * regularized too, as liblinear does with intercept_scaling=1.  @y holds
 * +1/-1, @cost each example's C.  @w (@dim floats), @bias and @alpha (@n)
 * are read as a warm start and written back; zero them for a fresh fit.
 * Stops when the projected gradient's spread falls under @eps or after
 * @max_epochs passes; returns the passes made. */
guint papers_svm_train (const PapersSparse *x,
                        const float        *y,
                        const double       *cost,
                        guint               n,
                        float              *w,
                        guint               dim,
                        double             *bias,
                        double             *alpha,
                        guint               max_epochs,
                        double              eps,
                        guint32             seed);

/* The weights of the parts of a score, for the benchmark's comparison of
 * alternatives.  Every part is standardized over the papers ranked. */
typedef struct
{
  double c;              /* the SVM's C (balanced by class weight) */
  double linear;         /* the SVM's decision value */
  double centroid;       /* cosine to the weighted centroid of the positives */
  double nearest;        /* cosine to the nearest positive */
  double feedback;       /* cosine to the centroid of the best-ranked papers */
  double feedback_top;   /* how many of the best-ranked papers */
  double rocchio;        /* how much of the papers' own centroid the positives' loses */
  double min_df;         /* features in fewer papers than this are left out */
  double max_df;         /* and those in more than this share of them */
  double smooth;         /* how far a best paper's score moves to its neighbours' */
  double smooth_k;       /* how many neighbours */
  double title;          /* how much more a title word counts than an abstract's */
  double authors;        /* weight of the author features in a paper's vector */
  gboolean background;   /* whether the background papers are negatives */
} PapersRankerTuning;

void   papers_ranker_get_tuning     (PapersRanker             *self,
                                     PapersRankerTuning       *tuning);
void   papers_ranker_set_tuning     (PapersRanker             *self,
                                     const PapersRankerTuning *tuning);

/* Tokenizes @papers as scoring does and returns the number of features:
 * the floor of papers_ranker_score(). */
guint  papers_ranker_tokenize_only  (GPtrArray                *papers);

/* The features of @text (tokens and token pairs), as strings, for tests. */
GPtrArray *papers_ranker_tokens     (const char               *text);

gsize  papers_ranker_get_memory_size (PapersRanker            *self);

/* How many times the model was trained from scratch, and how many times
 * papers_ranker_set_background() changed it (updating it in place) */
guint  papers_ranker_get_n_trainings (PapersRanker            *self);
guint  papers_ranker_get_n_updates   (PapersRanker            *self);

G_END_DECLS
