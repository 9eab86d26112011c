/* bench-rank.c: `papers-bench rank [--feed PATH] [--papers N] [--json]`
 *
 * Quality, on a real arXiv listing (the corpus' 1 504-item RSS feed, parsed
 * by the application's own parser): readers are simulated as issue 17 says.
 * An interest is every paper whose first category is one of the feed's
 * categories with at least --min-interest papers (at least 5 interests,
 * at most 8, the largest); for each, 3 libraries of 10–20 of its papers
 * drawn with a seeded generator are the positives (title, abstract,
 * authors), and the rest of the feed, categories removed, is the listing
 * to rank.  `ap` is the average precision of the interest's other papers
 * in the listing, `p_at_20` the precision of the first 20, both averaged.
 *
 * The baseline is arXiv-sanity-lite's method as its compute.py and
 * serve.py have it: scikit-learn's TfidfVectorizer over title, abstract and
 * author names of every paper (strip_accents="unicode", lowercase, English
 * stop words, tokens (?u)\b[a-zA-Z_][a-zA-Z0-9_]+\b, words and pairs,
 * min_df=5, max_df=0.1, max_features=20 000, sublinear tf, smooth idf, L2),
 * then LinearSVC(C=0.01, class_weight="balanced") — liblinear's dual
 * coordinate descent for the squared hinge with a regularized bias, here
 * papers_svm_train(), capped at BASELINE_EPOCHS passes — of the library
 * against every other paper, ranking by the decision value.
 *
 * Alternatives (parts of the shipped score alone, or left out) are
 * reported beside it under "alternatives".
 *
 * Speed, on --papers (10 000) synthetic papers in the library and as many
 * candidates, made by recombining the feed's texts (a title from one
 * paper, the first half of an abstract from a second and the second half
 * from a third, the authors of a fourth): train_ms (tokenize and train
 * from scratch, the candidates as background, as the application passes
 * the listings it shows), update_ms (one paper added, median of 5),
 * rank_ms (score the candidates, median of 3), rank_unseen_ms (as many
 * candidates the ranker never met, so tokenized first), rss_mb (the
 * model's memory), beside the floor tokenize_ms (making the candidates'
 * vectors alone, on one thread) and the process' peak RSS.  Each phase is
 * given as wall time, as the CPU time of the thread that asks (*_cpu_ms),
 * as the CPU time of every thread (*_process_cpu_ms: scoring tokenizes
 * unseen papers on two threads), with the page faults (*_faults) and the
 * times another process took the CPU (*_preempted): on a shared, loaded
 * machine the wall clock follows the others' load, CPU times much less.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "papers-arxiv-parser.h"
#include "papers-bench.h"
#include "papers-ranker-private.h"

#define FEED_NAME "aioarxiv-2024_rss_mock_feed.rss.xml"
#define SEED 20241128
#define LIBRARIES_PER_INTEREST 3
#define MAX_INTERESTS 8
#define BASELINE_EPOCHS 1000

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* ---------------------------------------------------------------------------
 * The baseline's tf-idf, as scikit-learn computes it
 */

/* strip_accents="unicode" and lowercase, then the token pattern: a token is
 * a whole run of word characters that is ASCII letters, digits and
 * underscores starting with a letter or underscore, two or more long (the
 * pattern's \b on both sides allows nothing else). */
static GPtrArray *
sklearn_tokens (const char *text,
                GHashTable *stop)
{
  g_autofree char *nfkd = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  GPtrArray *tokens = g_ptr_array_new_with_free_func (g_free);
  GString *run = g_string_new (NULL);
  gboolean plain = TRUE;

  for (const char *p = nfkd ? nfkd : "";; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_ismark (c))
        continue;   /* strip_accents */
      if (c != 0 && (g_unichar_isalnum (c) || c == '_'))
        {
          c = g_unichar_tolower (c);
          if (c >= 0x80)
            plain = FALSE;
          g_string_append_unichar (run, c);
          continue;
        }
      if (plain && run->len >= 2 && !g_ascii_isdigit (run->str[0])
          && !g_hash_table_contains (stop, run->str))
        g_ptr_array_add (tokens, g_strdup (run->str));
      g_string_truncate (run, 0);
      plain = TRUE;
      if (c == 0)
        break;
    }
  g_string_free (run, TRUE);
  return tokens;
}

typedef struct
{
  guint    n;
  guint32 *idx;
  float   *val;
} Row;

static void
row_clear (Row *row)
{
  g_free (row->idx);
  g_free (row->val);
}

typedef struct
{
  const char *term;
  guint       df;
  guint64     tf;
} TermStat;

static int
compare_by_tf (const void *a,
               const void *b)
{
  const TermStat *x = *(const TermStat * const *) a, *y = *(const TermStat * const *) b;

  if (x->tf != y->tf)
    return x->tf < y->tf ? 1 : -1;
  return strcmp (x->term, y->term);
}

/* The tf-idf rows of @docs, the vectorizer fitted on them all. */
static Row *
sklearn_tfidf (GPtrArray *docs,
               guint     *n_features)
{
  g_autoptr(GHashTable) stop = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) stop_list = g_strsplit (papers_ranker_stop_words, " ", -1);
  g_autoptr(GHashTable) stats = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) vocabulary = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) terms_of = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  g_autofree double *idf = NULL;
  guint n = docs->len;
  double max_doc_count = 0.1 * n;
  Row *rows = g_new0 (Row, n);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; stop_list[i] != NULL; i++)
    g_hash_table_add (stop, stop_list[i]);

  /* Counts of words and pairs of the words left after stop words, per document */
  for (guint d = 0; d < n; d++)
    {
      g_autoptr(GPtrArray) tokens = sklearn_tokens (docs->pdata[d], stop);
      GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (guint t = 0; t < tokens->len; t++)
        {
          char *terms[2] = { g_strdup (tokens->pdata[t]),
                             t + 1 < tokens->len ? g_strconcat (tokens->pdata[t], " ", tokens->pdata[t + 1], NULL) : NULL };

          for (guint k = 0; k < 2 && terms[k] != NULL; k++)
            {
              guint c = GPOINTER_TO_UINT (g_hash_table_lookup (counts, terms[k]));

              g_hash_table_replace (counts, terms[k], GUINT_TO_POINTER (c + 1));
            }
        }
      g_hash_table_iter_init (&iter, counts);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          TermStat *s = g_hash_table_lookup (stats, key);

          if (s == NULL)
            {
              s = g_new0 (TermStat, 1);
              s->term = key;
              g_hash_table_insert (stats, key, s);
            }
          s->df++;
          s->tf += GPOINTER_TO_UINT (value);
        }
      g_ptr_array_add (terms_of, counts);
    }

  /* min_df, max_df, then the max_features most frequent */
  g_hash_table_iter_init (&iter, stats);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      TermStat *s = value;

      if (s->df >= 5 && s->df <= max_doc_count)
        g_ptr_array_add (kept, s);
    }
  g_ptr_array_sort (kept, compare_by_tf);
  if (kept->len > 20000)
    g_ptr_array_set_size (kept, 20000);
  idf = g_new (double, MAX (kept->len, 1));
  for (guint f = 0; f < kept->len; f++)
    {
      TermStat *s = kept->pdata[f];

      g_hash_table_insert (vocabulary, (gpointer) s->term, GUINT_TO_POINTER (f + 1));
      idf[f] = log ((1.0 + n) / (1.0 + s->df)) + 1.0;
    }

  for (guint d = 0; d < n; d++)
    {
      GHashTable *counts = terms_of->pdata[d];
      Row *row = &rows[d];
      double norm = 0.0;

      row->idx = g_new (guint32, g_hash_table_size (counts) + 1);
      row->val = g_new (float, g_hash_table_size (counts) + 1);
      g_hash_table_iter_init (&iter, counts);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          guint f = GPOINTER_TO_UINT (g_hash_table_lookup (vocabulary, key));
          double v;

          if (f == 0)
            continue;
          v = (1.0 + log (GPOINTER_TO_UINT (value))) * idf[f - 1];
          row->idx[row->n] = f - 1;
          row->val[row->n++] = (float) v;
          norm += v * v;
        }
      for (guint k = 0; k < row->n && norm > 0; k++)
        row->val[k] = (float) (row->val[k] / sqrt (norm));
    }
  *n_features = kept->len;
  return rows;
}

/* ---------------------------------------------------------------------------
 * Measures
 */

typedef struct
{
  double ap;
  double p_at_20;
} Quality;

/* @relevant[i]: whether listing paper i is of the interest. */
static Quality
measure (const double   *scores,
         const gboolean *relevant,
         guint           n)
{
  g_autofree guint *order = g_new (guint, MAX (n, 1));
  Quality q = { 0, 0 };
  guint hits = 0, total = 0;

  for (guint i = 0; i < n; i++)
    {
      order[i] = i;
      total += relevant[i];
    }
  /* Ties are broken against the method: a relevant paper goes after the
   * others of its score */
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0; j--)
      {
        guint a = order[j - 1], b = order[j];
        gboolean swap = scores[b] > scores[a] || (scores[b] == scores[a] && relevant[a] && !relevant[b]);

        if (!swap)
          break;
        order[j - 1] = b;
        order[j] = a;
      }
  for (guint r = 0; r < n; r++)
    if (relevant[order[r]])
      {
        hits++;
        q.ap += (double) hits / (r + 1);
        if (r < 20)
          q.p_at_20 += 1.0 / 20;
      }
  if (total > 0)
    q.ap /= total;
  return q;
}

static double
median (double *values,
        guint   n)
{
  return bench_percentile (values, n, 50);
}

/* ---------------------------------------------------------------------------
 * The simulated readers
 */

typedef struct
{
  const char *category;
  GPtrArray  *members;   /* indices into the feed, as GUINT_TO_POINTER (i + 1) */
} Interest;

typedef struct
{
  guint     interest;
  GArray   *library;    /* guint indices into the feed */
  gboolean *in_library;
} Reader;

typedef struct
{
  const char               *name;
  PapersRankerTuning        tuning;
} Variant;

static const char *
first_category (PapersPaper *paper)
{
  const char * const *categories = papers_paper_get_categories (paper);

  return categories != NULL ? categories[0] : NULL;
}

static int
compare_interests (gconstpointer a,
                   gconstpointer b)
{
  const Interest *x = a, *y = b;

  if (x->members->len != y->members->len)
    return x->members->len < y->members->len ? 1 : -1;
  return strcmp (x->category, y->category);
}

static Quality
rank_with (const PapersRankerTuning *tuning,
           GPtrArray                *feed,
           GPtrArray                *listing_papers,
           Reader                   *reader,
           const gboolean           *relevant)
{
  g_autoptr(PapersRanker) ranker = papers_ranker_new ();
  g_autoptr(PapersRanking) ranking = NULL;

  papers_ranker_set_tuning (ranker, tuning);
  for (guint k = 0; k < reader->library->len; k++)
    papers_ranker_add_positive (ranker, feed->pdata[g_array_index (reader->library, guint, k)], 1.0);
  papers_ranker_set_background (ranker, listing_papers);
  papers_ranker_train (ranker);
  ranking = papers_ranker_score (ranker, listing_papers, NULL);
  g_assert (!ranking->still_learning);
  return measure (ranking->scores, relevant, listing_papers->len);
}

static Quality
rank_baseline (Row            *rows,
               guint           n_features,
               guint           n,
               Reader         *reader,
               const gboolean *relevant,
               guint          *epochs)
{
  g_autofree PapersSparse *x = g_new (PapersSparse, n);
  g_autofree float *y = g_new (float, n);
  g_autofree double *cost = g_new (double, n);
  g_autofree double *alpha = g_new0 (double, n);
  g_autofree float *w = g_new0 (float, MAX (n_features, 1));
  g_autofree double *scores = g_new (double, n);
  g_autofree gboolean *listing_relevant = g_new (gboolean, n);
  guint n_pos = reader->library->len, m = 0;
  double bias = 0.0;

  for (guint i = 0; i < n; i++)
    {
      x[i] = (PapersSparse) { rows[i].idx, rows[i].val, rows[i].n };
      y[i] = reader->in_library[i] ? 1.0f : -1.0f;
      /* class_weight="balanced": n_samples / (n_classes * count) */
      cost[i] = 0.01 * n / (2.0 * (reader->in_library[i] ? n_pos : n - n_pos));
    }
  *epochs = papers_svm_train (x, y, cost, n, w, n_features, &bias, alpha, BASELINE_EPOCHS, 1e-6, SEED);
  for (guint i = 0; i < n; i++)
    if (!reader->in_library[i])
      {
        double s = bias;

        for (guint k = 0; k < rows[i].n; k++)
          s += (double) w[rows[i].idx[k]] * rows[i].val[k];
        scores[m] = s;
        listing_relevant[m++] = relevant[i];
      }
  return measure (scores, listing_relevant, m);
}

/* ---------------------------------------------------------------------------
 * Speed
 */

/* Where a phase's wall time went: the asking thread's CPU, the process'
 * (every thread), page faults (allocation) and the times the kernel took
 * the CPU away for another process (the machine's load). */
typedef struct
{
  double wall;
  double cpu;
  double process_cpu;
  double faults;
  double preempted;
} Stamp, Phase;

static Stamp
stamp (void)
{
  Stamp s = { now_ms (), bench_thread_cpu_ms (), 0, 0, 0 };
  struct timespec ts;
  struct rusage usage;

  if (clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts) == 0)
    s.process_cpu = ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
  if (getrusage (RUSAGE_SELF, &usage) == 0)
    {
      s.faults = usage.ru_minflt + usage.ru_majflt;
      s.preempted = usage.ru_nivcsw;
    }
  return s;
}

static Phase
since (const Stamp *start)
{
  Stamp now = stamp ();

  return (Phase) { now.wall - start->wall, now.cpu - start->cpu, now.process_cpu - start->process_cpu,
                   now.faults - start->faults, now.preempted - start->preempted };
}

/* "NAME_ms" (wall), "NAME_cpu_ms" (this thread), "NAME_process_cpu_ms"
 * (all threads), "NAME_faults" and "NAME_preempted", each the median of
 * the @n runs. */
static void
append_phase (GString     *out,
              const char  *name,
              const Phase *runs,
              guint        n)
{
  static const char * const suffixes[] = { "ms", "cpu_ms", "process_cpu_ms", "faults", "preempted" };
  double values[8];

  g_assert (n <= G_N_ELEMENTS (values));
  for (guint f = 0; f < G_N_ELEMENTS (suffixes); f++)
    {
      for (guint i = 0; i < n; i++)
        values[i] = ((const double *) &runs[i])[f];
      g_string_append_printf (out, f < 3 ? "\"%s_%s\": %.2f, " : "\"%s_%s\": %.0f, ",
                              name, suffixes[f], median (values, n));
    }
}

static char *
half_of (const char *text,
         gboolean    second)
{
  gsize len = text ? strlen (text) : 0;
  const char *middle = text ? g_utf8_find_prev_char (text, text + len / 2) : NULL;

  if (text == NULL || len < 2)
    return g_strdup (text ? text : "");
  if (middle == NULL)
    middle = text;
  return second ? g_strdup (middle) : g_strndup (text, middle - text);
}

static GPtrArray *
synthesize (GPtrArray  *feed,
            guint       n,
            GRand      *rand,
            const char *prefix)
{
  GPtrArray *papers = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      PapersPaper *a = feed->pdata[g_rand_int_range (rand, 0, feed->len)];
      PapersPaper *b = feed->pdata[g_rand_int_range (rand, 0, feed->len)];
      PapersPaper *c = feed->pdata[g_rand_int_range (rand, 0, feed->len)];
      PapersPaper *d = feed->pdata[g_rand_int_range (rand, 0, feed->len)];
      g_autofree char *id = g_strdup_printf ("%s%05u", prefix, i);
      g_autofree char *first = half_of (papers_paper_get_abstract (b), FALSE);
      g_autofree char *second = half_of (papers_paper_get_abstract (c), TRUE);
      g_autofree char *abstract = g_strconcat (first, second, NULL);
      PapersPaper *paper = papers_paper_new (id);

      papers_paper_set_title (paper, papers_paper_get_title (a));
      papers_paper_set_abstract (paper, abstract);
      papers_paper_set_authors (paper, papers_paper_get_authors (d));
      g_ptr_array_add (papers, paper);
    }
  return papers;
}

static gboolean
parse_tune (const char         *text,
            PapersRankerTuning *tuning)
{
  g_auto(GStrv) pairs = g_strsplit (text, ",", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (pairs[i], "=", 2);
      static const struct { const char *key; gsize offset; } keys[] = {
        { "c", G_STRUCT_OFFSET (PapersRankerTuning, c) },
        { "linear", G_STRUCT_OFFSET (PapersRankerTuning, linear) },
        { "centroid", G_STRUCT_OFFSET (PapersRankerTuning, centroid) },
        { "nearest", G_STRUCT_OFFSET (PapersRankerTuning, nearest) },
        { "feedback", G_STRUCT_OFFSET (PapersRankerTuning, feedback) },
        { "feedback_top", G_STRUCT_OFFSET (PapersRankerTuning, feedback_top) },
        { "rocchio", G_STRUCT_OFFSET (PapersRankerTuning, rocchio) },
        { "min_df", G_STRUCT_OFFSET (PapersRankerTuning, min_df) },
        { "max_df", G_STRUCT_OFFSET (PapersRankerTuning, max_df) },
        { "smooth", G_STRUCT_OFFSET (PapersRankerTuning, smooth) },
        { "smooth_k", G_STRUCT_OFFSET (PapersRankerTuning, smooth_k) },
        { "title", G_STRUCT_OFFSET (PapersRankerTuning, title) },
        { "authors", G_STRUCT_OFFSET (PapersRankerTuning, authors) },
      };
      gboolean found = FALSE;

      if (kv[0] == NULL || kv[1] == NULL)
        return FALSE;
      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        if (g_str_equal (kv[0], keys[k].key))
          {
            G_STRUCT_MEMBER (double, tuning, keys[k].offset) = g_ascii_strtod (kv[1], NULL);
            found = TRUE;
          }
      if (!found)
        return FALSE;
    }
  return TRUE;
}

int
bench_rank (int    argc,
            char **argv)
{
  g_autofree char *feed_path = NULL;
  int n_papers = 10000;
  int min_interest = 30;
  g_autofree char *tune = NULL;
  gboolean json = FALSE;
  gboolean no_alternatives = FALSE;
  gboolean speed_only = FALSE;
  GOptionEntry entries[] = {
    { "feed", 0, 0, G_OPTION_ARG_FILENAME, &feed_path, "An arXiv RSS listing (default: the corpus' feed)", "PATH" },
    { "papers", 0, 0, G_OPTION_ARG_INT, &n_papers, "Library and candidates for the speed figures (10000)", "N" },
    { "min-interest", 0, 0, G_OPTION_ARG_INT, &min_interest, "Papers a category needs to be an interest (30)", "N" },
    { "tune", 0, 0, G_OPTION_ARG_STRING, &tune, "Change the shipped weights, to try an alternative", "KEY=VALUE,…" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object", NULL },
    { "no-alternatives", 0, 0, G_OPTION_ARG_NONE, &no_alternatives, "Measure the shipped method and the baseline only", NULL },
    { "speed-only", 0, 0, G_OPTION_ARG_NONE, &speed_only, "Measure the speed only (no quality figures)", NULL },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— the For You ranking");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GPtrArray) feed = NULL;
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) by_category = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) interests = g_array_new (FALSE, FALSE, sizeof (Interest));
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  g_autofree char *contents = NULL;
  gsize length;
  Row *rows;
  guint n_features, n_readers = 0, max_epochs = 0;
  Variant variants[12];
  guint n_variants = 0;
  Quality ours = { 0, 0 }, base = { 0, 0 }, alt[12] = { { 0, 0 } };
  PapersRankerTuning shipped;
  GString *out;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_papers < 10)
    {
      fprintf (stderr, "papers-bench rank: %s\n", error ? error->message : "--papers must be at least 10");
      return 2;
    }
  if (feed_path == NULL)
    feed_path = g_build_filename (bench_corpus_dir (), "arxiv", FEED_NAME, NULL);
  if (!g_file_get_contents (feed_path, &contents, &length, &error))
    {
      fprintf (stderr, "papers-bench rank: no feed to measure on: %s\n"
               "(pass --feed PATH, or set PAPERS_CORPUS_DIR to the shared corpus)\n", error->message);
      return 1;
    }
  body = g_bytes_new_take (g_steal_pointer (&contents), length);
  feed = papers_arxiv_parse_rss (body, "https://arxiv.org", &error);
  if (feed == NULL)
    {
      fprintf (stderr, "papers-bench rank: %s: %s\n", feed_path, error->message);
      return 1;
    }

  /* The interests: the largest first categories */
  for (guint i = 0; i < feed->len; i++)
    {
      const char *category = first_category (feed->pdata[i]);
      GPtrArray *members;

      if (category == NULL)
        continue;
      members = g_hash_table_lookup (by_category, category);
      if (members == NULL)
        {
          Interest interest = { category, g_ptr_array_new () };

          g_hash_table_insert (by_category, (gpointer) category, interest.members);
          g_array_append_val (interests, interest);
          members = interest.members;
        }
      g_ptr_array_add (members, GUINT_TO_POINTER (i + 1));
    }
  g_array_sort (interests, compare_interests);
  while (interests->len > 0
         && (interests->len > MAX_INTERESTS
             || g_array_index (interests, Interest, interests->len - 1).members->len < (guint) min_interest))
    {
      g_ptr_array_unref (g_array_index (interests, Interest, interests->len - 1).members);
      g_array_set_size (interests, interests->len - 1);
    }
  if (interests->len < 5)
    {
      fprintf (stderr, "papers-bench rank: %s has %u categories of %d papers or more, 5 are needed\n",
               feed_path, interests->len, min_interest);
      return 1;
    }

  /* The baseline's vectors: fitted on the whole feed, as arXiv-sanity fits
   * on its whole database */
  for (guint i = 0; i < feed->len; i++)
    {
      PapersPaper *paper = feed->pdata[i];
      const char * const *authors = papers_paper_get_authors (paper);
      g_autofree char *names = authors ? g_strjoinv (" ", (char **) authors) : g_strdup ("");

      g_ptr_array_add (docs, g_strjoin (" ", papers_paper_get_title (paper) ? papers_paper_get_title (paper) : "",
                                        papers_paper_get_abstract (paper) ? papers_paper_get_abstract (paper) : "",
                                        names, NULL));
    }
  rows = sklearn_tfidf (docs, &n_features);

  {
    g_autoptr(PapersRanker) probe = papers_ranker_new ();

    papers_ranker_get_tuning (probe, &shipped);
  }
  if (tune != NULL && !parse_tune (tune, &shipped))
    {
      fprintf (stderr, "papers-bench rank: cannot read --tune %s\n", tune);
      return 2;
    }
#define VARIANT(label, field, value) \
  G_STMT_START { variants[n_variants].name = label; variants[n_variants].tuning = shipped; \
                 variants[n_variants].tuning.field = value; n_variants++; } G_STMT_END
  VARIANT ("svm_only", centroid, 0);
  variants[n_variants - 1].tuning.nearest = 0;
  variants[n_variants - 1].tuning.feedback = 0;
  variants[n_variants - 1].tuning.smooth = 0;
  variants[n_variants - 1].tuning.rocchio = 0;
  VARIANT ("centroid_only", linear, 0);
  variants[n_variants - 1].tuning.nearest = 0;
  variants[n_variants - 1].tuning.feedback = 0;
  variants[n_variants - 1].tuning.smooth = 0;
  variants[n_variants - 1].tuning.rocchio = 0;
  VARIANT ("nearest_only", linear, 0);
  variants[n_variants - 1].tuning.nearest = 1;
  variants[n_variants - 1].tuning.centroid = 0;
  variants[n_variants - 1].tuning.feedback = 0;
  variants[n_variants - 1].tuning.smooth = 0;
  VARIANT ("with_nearest", nearest, 0.5);
  VARIANT ("with_feedback", feedback, 1);
  VARIANT ("no_smoothing", smooth, 0);
  VARIANT ("no_rocchio", rocchio, 0);
  VARIANT ("min_df_1", min_df, 1);
  VARIANT ("no_authors", authors, 0);
  VARIANT ("svm_c_1", c, 1);
#undef VARIANT
  if (no_alternatives)
    n_variants = 0;

  for (guint t = 0; t < interests->len && !speed_only; t++)
    {
      Interest *interest = &g_array_index (interests, Interest, t);

      for (guint l = 0; l < LIBRARIES_PER_INTEREST; l++)
        {
          Reader reader = { t, g_array_new (FALSE, FALSE, sizeof (guint)), g_new0 (gboolean, feed->len) };
          g_autoptr(GPtrArray) members = g_ptr_array_copy (interest->members, NULL, NULL);
          g_autoptr(GPtrArray) listing = g_ptr_array_new_with_free_func (g_object_unref);
          g_autofree gboolean *relevant = g_new0 (gboolean, feed->len);
          g_autofree gboolean *listing_relevant = g_new0 (gboolean, feed->len);
          guint size = g_rand_int_range (rand, 10, 21);
          guint epochs;
          Quality q, q_ours, q_base;

          for (guint k = 0; k < size; k++)
            {
              guint pick = g_rand_int_range (rand, 0, members->len);
              guint index = GPOINTER_TO_UINT (members->pdata[pick]) - 1;

              g_ptr_array_remove_index_fast (members, pick);
              g_array_append_val (reader.library, index);
              reader.in_library[index] = TRUE;
            }
          for (guint k = 0; k < interest->members->len; k++)
            relevant[GPOINTER_TO_UINT (interest->members->pdata[k]) - 1] = TRUE;
          for (guint i = 0; i < feed->len; i++)
            if (!reader.in_library[i])
              {
                PapersPaper *copy = papers_paper_copy (feed->pdata[i]);

                /* The listing as a source without categories sends it */
                papers_paper_set_categories (copy, NULL);
                listing_relevant[listing->len] = relevant[i];
                g_ptr_array_add (listing, copy);
              }

          q_ours = rank_with (&shipped, feed, listing, &reader, listing_relevant);
          ours.ap += q_ours.ap;
          ours.p_at_20 += q_ours.p_at_20;
          for (guint v = 0; v < n_variants; v++)
            {
              q = rank_with (&variants[v].tuning, feed, listing, &reader, listing_relevant);
              alt[v].ap += q.ap;
              alt[v].p_at_20 += q.p_at_20;
            }
          q_base = rank_baseline (rows, n_features, feed->len, &reader, relevant, &epochs);
          base.ap += q_base.ap;
          base.p_at_20 += q_base.p_at_20;
          max_epochs = MAX (max_epochs, epochs);
          n_readers++;
          if (!json)
            fprintf (stderr, "%-10s library of %2u: ap %.3f, baseline %.3f\n", interest->category, size,
                     q_ours.ap, q_base.ap);
          g_array_unref (reader.library);
          g_free (reader.in_library);
        }
    }
  n_readers = MAX (n_readers, 1);
  ours.ap /= n_readers;
  ours.p_at_20 /= n_readers;
  base.ap /= n_readers;
  base.p_at_20 /= n_readers;
  for (guint v = 0; v < n_variants; v++)
    {
      alt[v].ap /= n_readers;
      alt[v].p_at_20 /= n_readers;
    }
  for (guint d = 0; d < feed->len; d++)
    row_clear (&rows[d]);
  g_free (rows);

  /* Speed */
  {
    g_autoptr(GPtrArray) library = synthesize (feed, n_papers, rand, "lib");
    g_autoptr(GPtrArray) candidates = synthesize (feed, n_papers, rand, "cand");
    g_autoptr(GPtrArray) extra = synthesize (feed, 5, rand, "new");
    g_autoptr(GPtrArray) unseen = synthesize (feed, n_papers, rand, "unseen");
    g_autoptr(PapersRanker) ranker = papers_ranker_new ();
    g_autoptr(GBytes) bytes = NULL;
    Phase train, update[5], rank[3], cold[3], tokenize[3];
    Stamp start;
    double rss_mb, serialized_mb;

    start = stamp ();
    for (guint i = 0; i < library->len; i++)
      papers_ranker_add_positive (ranker, library->pdata[i], 1.0 + (i % 4) * 0.5);
    papers_ranker_set_background (ranker, candidates);
    papers_ranker_train (ranker);
    train = since (&start);
    for (guint i = 0; i < 5; i++)
      {
        start = stamp ();
        papers_ranker_add_positive (ranker, extra->pdata[i], 2.0);
        update[i] = since (&start);
      }
    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(PapersRanking) ranking = NULL;
        g_autoptr(PapersRanking) cold_ranking = NULL;

        start = stamp ();
        papers_ranker_tokenize_only (candidates);
        tokenize[i] = since (&start);
        start = stamp ();
        ranking = papers_ranker_score (ranker, candidates, NULL);
        rank[i] = since (&start);
        start = stamp ();
        cold_ranking = papers_ranker_score (ranker, unseen, NULL);
        cold[i] = since (&start);
      }
    rss_mb = papers_ranker_get_memory_size (ranker) / (1024.0 * 1024.0);
    bytes = papers_ranker_serialize (ranker);
    serialized_mb = g_bytes_get_size (bytes) / (1024.0 * 1024.0);

    out = g_string_new (NULL);
    g_string_append_printf (out, "{\"feed_papers\": %u, \"interests\": %u, \"readers\": %u, "
                            "\"ap\": %.4f, \"p_at_20\": %.4f, \"ap_baseline\": %.4f, \"p_at_20_baseline\": %.4f, "
                            "\"ap_over_baseline\": %.3f, \"baseline_features\": %u, \"baseline_max_epochs\": %u, ",
                            feed->len, interests->len, n_readers, ours.ap, ours.p_at_20, base.ap, base.p_at_20,
                            base.ap > 0 ? ours.ap / base.ap : 0.0, n_features, max_epochs);
    g_string_append (out, "\"alternatives\": {");
    for (guint v = 0; v < n_variants; v++)
      g_string_append_printf (out, "%s\"%s\": {\"ap\": %.4f, \"p_at_20\": %.4f}", v ? ", " : "",
                              variants[v].name, alt[v].ap, alt[v].p_at_20);
    g_string_append (out, "}, \"interest_categories\": [");
    for (guint t = 0; t < interests->len; t++)
      g_string_append_printf (out, "%s\"%s\"", t ? ", " : "", g_array_index (interests, Interest, t).category);
    g_string_append_printf (out, "], \"papers\": %d, ", n_papers);
    append_phase (out, "train", &train, 1);
    append_phase (out, "update", update, 5);
    append_phase (out, "rank", rank, 3);
    append_phase (out, "rank_unseen", cold, 3);
    append_phase (out, "tokenize", tokenize, 3);
    g_string_append_printf (out, "\"rss_mb\": %.1f, \"serialized_mb\": %.1f, \"peak_rss_mb\": %.1f}\n",
                            rss_mb, serialized_mb, bench_peak_rss_mb ());
    if (json)
      fputs (out->str, stdout);
    else
      fprintf (stderr, "%s", out->str);
    g_string_free (out, TRUE);
  }
  for (guint t = 0; t < interests->len; t++)
    g_ptr_array_unref (g_array_index (interests, Interest, t).members);
  return 0;
}
