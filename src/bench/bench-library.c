/* bench-library.c: `papers-bench library --papers N --json [--db PATH
 * [--reuse]] [--pdf-text N]`
 *
 * Builds a library of synthetic papers drawn from the word statistics of
 * real abstracts ($PAPERS_SEEDS_DIR, or a built-in list), then measures
 * inserting them (beside the floor: the same rows into plain tables with
 * no index, insert_floor_s), a cold open, searches through the store's API
 * and the same search plan as plain SQL on one connection (the floor), and
 * how often an exact title finds its paper first.  With --pdf-text N, N
 * of the papers (spread over the library) get the text of a PDF, made of
 * the same words: 30 000 to 80 000 characters in pages of about 3 500,
 * indexed through the store as the indexer does, before the searches.
 * With --db PATH --reuse, a database an earlier run left at PATH with the
 * same --papers and --pdf-text (PATH.bench says which) is searched as it
 * is: building 10 000 texts' index takes minutes, a search run seconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "papers-bench.h"
#include "papers-db.h"
#include "papers-query.h"
#include "papers-store.h"
#include "papers-store-private.h"
#include "papers-store-wait.h"

#define SEED 20241125
#define BATCH 5000
#define N_TITLE_PROBES 100
#define RUNS_PER_QUERY 3

static const char fallback_text[] =
  "we propose a novel method for learning representations of language and vision with large "
  "neural networks trained on diverse data our model achieves state of the art results on "
  "benchmarks for image classification object detection question answering and machine "
  "translation we show that scaling the number of parameters improves performance and that "
  "attention mechanisms capture long range dependencies in sequences experiments demonstrate "
  "the effectiveness of reinforcement learning from human feedback for aligning language models "
  "diffusion models generate high quality images from text prompts graph neural networks model "
  "molecules and proteins we introduce a benchmark and release code and data to the community";

static const char * const first_names[] = {
  "Wei", "Li", "Maria", "John", "Anna", "Hiroshi", "Fatima", "Carlos", "Olga", "Ahmed", "Sofia",
  "Yuki", "David", "Priya", "Lukas", "Chen", "Emma", "Jun", "Noah", "Aisha", "Pierre", "Zoë",
  "Jürgen", "Ingrid", "Tomás", "Mei", "Rahul", "Sara", "Ivan", "Lena",
};

static const char * const last_names[] = {
  "Wang", "Zhang", "Smith", "Müller", "Garcia", "Kim", "Nguyen", "Tanaka", "Rossi", "Kowalski",
  "Ivanov", "Singh", "Dubois", "Silva", "Johansson", "Chen", "Liu", "Brown", "Novak", "Haddad",
  "Okafor", "Yamamoto", "Schmidt", "Fernández", "Petrov", "Khan", "Lefèvre", "Andersen", "Li", "Park",
};

static const char * const tag_names[] = {
  "to read", "nlp", "vision", "rl", "theory", "survey", "thesis", "reading group", "important",
  "diffusion", "agents", "robotics", "speech", "graphs", "benchmarks",
};

typedef struct
{
  GPtrArray *words;    /* distinct words */
  GArray    *cumulative;  /* guint64 cumulative counts */
  guint64    total;
} Vocabulary;

static void
vocabulary_free (Vocabulary *vocabulary)
{
  g_ptr_array_unref (vocabulary->words);
  g_array_unref (vocabulary->cumulative);
  g_free (vocabulary);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Vocabulary, vocabulary_free)

static void
vocabulary_add_text (GHashTable *counts,
                     const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  GString *word = g_string_new (NULL);

  for (const char *p = lower;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && (g_unichar_isalnum (c) || (c == '-' && word->len > 0)))
        g_string_append_unichar (word, c);
      else
        {
          while (word->len > 0 && word->str[word->len - 1] == '-')
            g_string_truncate (word, word->len - 1);
          if (word->len >= 2 && word->len <= 24)
            {
              gpointer n = g_hash_table_lookup (counts, word->str);
              g_hash_table_replace (counts, g_strdup (word->str), GUINT_TO_POINTER (GPOINTER_TO_UINT (n) + 1));
            }
          g_string_truncate (word, 0);
        }
      if (c == 0)
        break;
    }
  g_string_free (word, TRUE);
}

static int
compare_words (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static Vocabulary *
vocabulary_new (void)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Vocabulary *vocabulary = g_new0 (Vocabulary, 1);
  const char *dirname = g_getenv ("PAPERS_SEEDS_DIR") ? g_getenv ("PAPERS_SEEDS_DIR") : PAPERS_DEFAULT_SEEDS_DIR;
  g_autoptr(GDir) dir = dirname ? g_dir_open (dirname, 0, NULL) : NULL;
  const char *name;
  GHashTableIter iter;
  gpointer key, value;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (dirname, name, NULL);
      g_autofree char *contents = NULL;

      if (g_file_get_contents (file, &contents, NULL, NULL) && g_utf8_validate (contents, -1, NULL))
        vocabulary_add_text (counts, contents);
    }
  if (g_hash_table_size (counts) < 500)
    vocabulary_add_text (counts, fallback_text);

  /* Sorted, so the same seed gives the same papers whatever the hash order */
  vocabulary->words = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_ptr_array_add (vocabulary->words, g_strdup (key));
  g_ptr_array_sort (vocabulary->words, compare_words);

  vocabulary->cumulative = g_array_sized_new (FALSE, FALSE, sizeof (guint64), vocabulary->words->len);
  for (guint i = 0; i < vocabulary->words->len; i++)
    {
      vocabulary->total += GPOINTER_TO_UINT (g_hash_table_lookup (counts, vocabulary->words->pdata[i]));
      g_array_append_val (vocabulary->cumulative, vocabulary->total);
    }
  return vocabulary;
}

static const char *
vocabulary_sample (Vocabulary *vocabulary,
                   GRand      *rand)
{
  guint64 target = (guint64) (g_rand_double (rand) * vocabulary->total);
  guint lo = 0, hi = vocabulary->cumulative->len - 1;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      if (g_array_index (vocabulary->cumulative, guint64, mid) <= target)
        lo = mid + 1;
      else
        hi = mid;
    }
  return vocabulary->words->pdata[lo];
}

static char *
make_text (Vocabulary *vocabulary,
           GRand      *rand,
           guint       n_words,
           gboolean    title)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n_words; i++)
    {
      const char *word = vocabulary_sample (vocabulary, rand);

      if (i > 0)
        g_string_append_c (out, ' ');
      if (title || i == 0)
        {
          gunichar first = g_utf8_get_char (word);
          g_string_append_unichar (out, g_unichar_toupper (first));
          g_string_append (out, g_utf8_next_char (word));
        }
      else
        g_string_append (out, word);
      if (title && i == 0 && g_rand_int_range (rand, 0, 4) == 0)
        g_string_append_c (out, ':');
      if (!title && g_rand_int_range (rand, 0, 18) == 0)
        g_string_append (out, ". ");
    }
  if (!title)
    g_string_append_c (out, '.');
  return g_string_free (out, FALSE);
}

static PapersPaper *
make_paper (Vocabulary *vocabulary,
            GRand      *rand,
            guint       index)
{
  int year = g_rand_int_range (rand, 2012, 2026);
  int month = g_rand_int_range (rand, 1, 13);
  g_autofree char *id = g_strdup_printf ("%02d%02d.%05u", year % 100, month, index % 100000);
  g_autofree char *unique = g_strdup_printf ("%s%s", id, index >= 100000 ? "x" : "");
  g_autofree char *title = make_text (vocabulary, rand, g_rand_int_range (rand, 5, 13), TRUE);
  g_autofree char *abstract = make_text (vocabulary, rand, g_rand_int_range (rand, 130, 170), FALSE);
  g_autoptr(GDateTime) published = g_date_time_new_utc (year, month, g_rand_int_range (rand, 1, 29), 12, 0, 0);
  g_autoptr(GStrvBuilder) authors = g_strv_builder_new ();
  g_auto(GStrv) author_list = NULL;
  PapersPaper *paper = papers_paper_new (unique);
  guint n_authors = g_rand_int_range (rand, 1, 9);

  for (guint i = 0; i < n_authors; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s %s",
                                               first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))],
                                               last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))]);
      g_strv_builder_add (authors, name);
    }
  author_list = g_strv_builder_end (authors);

  papers_paper_set_arxiv_id (paper, unique);
  papers_paper_set_version (paper, 1);
  papers_paper_set_title (paper, title);
  papers_paper_set_abstract (paper, abstract);
  papers_paper_set_authors (paper, (const char * const *) author_list);
  papers_paper_set_published (paper, published);
  papers_paper_set_source (paper, "bench");

  if (g_rand_int_range (rand, 0, 100) < 5)
    {
      const char *tags[] = { tag_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (tag_names))], NULL, NULL };
      if (g_rand_boolean (rand))
        tags[1] = tag_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (tag_names))];
      papers_paper_set_tags (paper, tags);
    }
  if (g_rand_int_range (rand, 0, 100) < 1)
    {
      g_autofree char *note = make_text (vocabulary, rand, 40, FALSE);
      papers_paper_set_note (paper, note);
    }
  return paper;
}

/* ≥ 50 fixed queries: broad and rare words, prefixes, phrases, tag and year
 * filters, picked from the vocabulary by frequency rank so they mean the
 * same thing whatever the seeds. */
static GPtrArray *
make_queries (Vocabulary *vocabulary,
              GPtrArray  *titles)
{
  GPtrArray *queries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n = vocabulary->words->len;
  static const guint ranks[] = { 0, 1, 2, 5, 10, 20, 40, 80, 150, 300, 600, 1200, 2500, 5000 };
  guint found = 0;

  /* Words by decreasing frequency */
  for (guint i = 0; i < n; i++)
    g_array_append_val (order, i);
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < MIN (n, 6000) && i < 6000; j++)
      {
        guint a = g_array_index (order, guint, i), b = g_array_index (order, guint, j);
        guint64 ca = g_array_index (vocabulary->cumulative, guint64, a) - (a ? g_array_index (vocabulary->cumulative, guint64, a - 1) : 0);
        guint64 cb = g_array_index (vocabulary->cumulative, guint64, b) - (b ? g_array_index (vocabulary->cumulative, guint64, b - 1) : 0);
        if (cb > ca)
          {
            g_array_index (order, guint, i) = b;
            g_array_index (order, guint, j) = a;
          }
      }

#define WORD(rank) ((const char *) vocabulary->words->pdata[g_array_index (order, guint, MIN (rank, n - 1))])

  for (guint i = 0; i < G_N_ELEMENTS (ranks); i++)
    g_ptr_array_add (queries, g_strdup (WORD (ranks[i])));
  for (guint i = 0; i < G_N_ELEMENTS (ranks) && found < 10; i++)
    if (strlen (WORD (ranks[i] + 3)) >= 5)
      {
        g_ptr_array_add (queries, g_strdup_printf ("%.4s*", WORD (ranks[i] + 3)));
        found++;
      }
  for (guint i = 0; i < 8; i++)
    {
      g_auto(GStrv) words = g_strsplit (titles->pdata[i], " ", -1);
      g_autofree char *a = g_utf8_strdown (words[1], -1);
      g_autofree char *b = g_utf8_strdown (words[2] ? words[2] : words[0], -1);
      g_ptr_array_add (queries, g_strdup_printf ("\"%s %s\"", a, b));
    }
  for (guint i = 0; i < 6; i++)
    g_ptr_array_add (queries, g_strdup_printf ("%s tag:\"%s\"", WORD (ranks[i + 2]), tag_names[i]));
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (queries, g_strdup_printf ("tag:\"%s\"", tag_names[i + 6]));
  for (guint i = 0; i < 6; i++)
    g_ptr_array_add (queries, g_strdup_printf ("%s year:%d", WORD (ranks[i]), 2014 + i * 2));
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (queries, g_strdup_printf ("%s %s year:%d..%d", WORD (ranks[i + 4]), WORD (ranks[i + 8]),
                                               2015 + i, 2019 + i));
  g_ptr_array_add (queries, g_strdup ("year:2020"));
  g_ptr_array_add (queries, g_strdup ("author:wang"));
  g_ptr_array_add (queries, g_strdup ("author:müller learning"));
  g_ptr_array_add (queries, g_strdup_printf ("%s %s", WORD (0), WORD (1)));
  g_ptr_array_add (queries, g_strdup_printf ("%s -%s", WORD (5), WORD (10)));

#undef WORD
  return queries;
}

/* A PDF's text of realistic length, as pages */
static GStrv
make_pages (Vocabulary *vocabulary,
            GRand      *rand)
{
  g_autoptr(GStrvBuilder) pages = g_strv_builder_new ();
  int length = g_rand_int_range (rand, 30000, 80001);
  int done = 0;

  while (done < length)
    {
      GString *page = g_string_new (NULL);

      while ((int) page->len < MIN (3500, length - done))
        {
          const char *word = vocabulary_sample (vocabulary, rand);

          g_string_append (page, word);
          g_string_append_c (page, g_rand_int_range (rand, 0, 12) == 0 ? '\n' : ' ');
        }
      done += page->len;
      g_strv_builder_take (pages, g_string_free (page, FALSE));
    }
  return g_strv_builder_end (pages);
}

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}


static double
load_average (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return -1;
  return g_ascii_strtod (text, NULL);
}

/* Bytes this process has read and written through system calls so far
 * (/proc/self/io's rchar and wchar): what SQLite moves to and from the
 * file cache, which unlike a time does not depend on the machine's load */
static void
io_bytes (double *read_mb,
          double *written_mb)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  *read_mb = *written_mb = 0;
  if (!g_file_get_contents ("/proc/self/io", &text, NULL, NULL))
    return;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "rchar: "))
      *read_mb = g_ascii_strtod (lines[i] + 7, NULL) / (1024 * 1024);
    else if (g_str_has_prefix (lines[i], "wchar: "))
      *written_mb = g_ascii_strtod (lines[i] + 7, NULL) / (1024 * 1024);
}

/* The floor of inserting: the same rows, in the same transactions, into
 * plain tables on a connection set up like the store's (WAL, synchronous
 * NORMAL), with no full-text index and no secondary index.  What the
 * store takes above it is the cost of its indexes and bookkeeping. */
typedef struct
{
  sqlite3      *handle;
  sqlite3_stmt *paper;
  sqlite3_stmt *author;
  sqlite3_stmt *category;
  sqlite3_stmt *library;
} Floor;

static const char floor_schema[] =
  "PRAGMA journal_mode = WAL;"
  "PRAGMA synchronous = NORMAL;"
  "CREATE TABLE papers (rowid INTEGER PRIMARY KEY, id TEXT, arxiv_id TEXT, version INTEGER,"
  "  doi TEXT, title TEXT, abstract TEXT, journal_ref TEXT, comment TEXT, published INTEGER,"
  "  updated INTEGER, abs_url TEXT, pdf_url TEXT, upvotes INTEGER, source TEXT);"
  "CREATE TABLE authors (paper INTEGER, position INTEGER, name TEXT);"
  "CREATE TABLE categories (paper INTEGER, position INTEGER, name TEXT);"
  "CREATE TABLE library (paper INTEGER, added INTEGER, status INTEGER, starred INTEGER);";

static void
floor_close (Floor *floor)
{
  sqlite3_finalize (floor->paper);
  sqlite3_finalize (floor->author);
  sqlite3_finalize (floor->category);
  sqlite3_finalize (floor->library);
  sqlite3_close (floor->handle);
}

static gboolean
floor_open (Floor      *floor,
            const char *path)
{
  memset (floor, 0, sizeof *floor);
  return sqlite3_open (path, &floor->handle) == SQLITE_OK &&
         sqlite3_exec (floor->handle, floor_schema, NULL, NULL, NULL) == SQLITE_OK &&
         sqlite3_prepare_v2 (floor->handle,
                             "INSERT INTO papers (id, arxiv_id, version, doi, title, abstract, journal_ref,"
                             " comment, published, updated, abs_url, pdf_url, upvotes, source)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             -1, &floor->paper, NULL) == SQLITE_OK &&
         sqlite3_prepare_v2 (floor->handle, "INSERT INTO authors VALUES (?, ?, ?)",
                             -1, &floor->author, NULL) == SQLITE_OK &&
         sqlite3_prepare_v2 (floor->handle, "INSERT INTO categories VALUES (?, ?, ?)",
                             -1, &floor->category, NULL) == SQLITE_OK &&
         sqlite3_prepare_v2 (floor->handle, "INSERT INTO library VALUES (?, ?, 0, 0)",
                             -1, &floor->library, NULL) == SQLITE_OK;
}

static gboolean
floor_list (sqlite3_stmt       *stmt,
            gint64              rowid,
            const char * const *names)
{
  for (int i = 0; names != NULL && names[i] != NULL; i++)
    {
      sqlite3_bind_int64 (stmt, 1, rowid);
      sqlite3_bind_int (stmt, 2, i);
      papers_db_bind_text (stmt, 3, names[i]);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return FALSE;
      sqlite3_reset (stmt);
    }
  return TRUE;
}

/* Inserts @batch in one transaction; returns FALSE on any error */
static gboolean
floor_insert (Floor     *floor,
              GPtrArray *batch)
{
  if (sqlite3_exec (floor->handle, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    return FALSE;
  for (guint i = 0; i < batch->len; i++)
    {
      PapersPaper *paper = batch->pdata[i];
      gint64 rowid;

      papers_db_bind_text (floor->paper, 1, papers_paper_get_id (paper));
      papers_db_bind_text (floor->paper, 2, papers_paper_get_arxiv_id (paper));
      sqlite3_bind_int (floor->paper, 3, papers_paper_get_version (paper));
      papers_db_bind_text (floor->paper, 4, papers_paper_get_doi (paper));
      papers_db_bind_text (floor->paper, 5, papers_paper_get_title (paper));
      papers_db_bind_text (floor->paper, 6, papers_paper_get_abstract (paper));
      papers_db_bind_text (floor->paper, 7, papers_paper_get_journal_ref (paper));
      papers_db_bind_text (floor->paper, 8, papers_paper_get_comment (paper));
      papers_db_bind_date (floor->paper, 9, papers_paper_get_published (paper));
      papers_db_bind_date (floor->paper, 10, papers_paper_get_updated (paper));
      papers_db_bind_text (floor->paper, 11, papers_paper_get_abs_url (paper));
      papers_db_bind_text (floor->paper, 12, papers_paper_get_pdf_url (paper));
      sqlite3_bind_int (floor->paper, 13, papers_paper_get_upvotes (paper));
      papers_db_bind_text (floor->paper, 14, papers_paper_get_source (paper));
      if (sqlite3_step (floor->paper) != SQLITE_DONE)
        return FALSE;
      sqlite3_reset (floor->paper);
      rowid = sqlite3_last_insert_rowid (floor->handle);
      if (!floor_list (floor->author, rowid, papers_paper_get_authors (paper)) ||
          !floor_list (floor->category, rowid, papers_paper_get_categories (paper)))
        return FALSE;
      sqlite3_bind_int64 (floor->library, 1, rowid);
      sqlite3_bind_int64 (floor->library, 2, g_get_real_time () / G_USEC_PER_SEC);
      if (sqlite3_step (floor->library) != SQLITE_DONE)
        return FALSE;
      sqlite3_reset (floor->library);
    }
  return sqlite3_exec (floor->handle, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
}

/* --trace: the CPU time of each statement the floor's search ran (the
 * FTS5 module's own statements left out), to see where a query's time
 * goes on a shared machine */
static int
trace_statement (unsigned int  type,
                 void         *data,
                 void         *p,
                 void         *x)
{
  GHashTable *started = data;
  const char *sql = sqlite3_sql (p);

  if (sql == NULL || strstr (sql, "'main'.") != NULL || g_str_has_prefix (sql, "PRAGMA"))
    return 0;
  if (type == SQLITE_TRACE_STMT)
    {
      double *cpu = g_new (double, 1);

      *cpu = bench_thread_cpu_ms ();
      g_hash_table_replace (started, p, cpu);
    }
  else
    {
      double *cpu = g_hash_table_lookup (started, p);
      char *expanded = sqlite3_expanded_sql (p);

      fprintf (stderr, "    cpu %8.3f ms  %.300s\n", cpu ? bench_thread_cpu_ms () - *cpu : -1,
               expanded ? expanded : sql);
      sqlite3_free (expanded);
      g_hash_table_remove (started, p);
    }
  return 0;
}

int
bench_library (int    argc,
               char **argv)
{
  int n_papers = 100000;
  int n_texts = 0;
  gboolean json = FALSE;
  gboolean reuse = FALSE, reused = FALSE, trace = FALSE;
  g_autofree char *db_path = NULL;
  g_autofree char *stamp_path = NULL;
  g_autofree char *stamp = NULL;
  GOptionEntry entries[] = {
    { "papers", 0, 0, G_OPTION_ARG_INT, &n_papers, "How many papers", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object", NULL },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Keep the database at PATH", "PATH" },
    { "pdf-text", 0, 0, G_OPTION_ARG_INT, &n_texts, "Index a PDF's text for N of the papers", "N" },
    { "trace", 0, 0, G_OPTION_ARG_NONE, &trace, "Print the time of each statement of each search", NULL },
    { "reuse", 0, 0, G_OPTION_ARG_NONE, &reuse, "Search the database at --db as it is when built alike", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— the library benchmark");
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) title_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) all_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(GArray) api_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sql_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) api_cpu_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sql_cpu_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GHashTable) probes = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GHashTable) started = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  g_autofree char *tmpdir = NULL;
  g_autoptr(Vocabulary) vocabulary = NULL;
  PapersStore *store;
  PapersDb *db;
  Floor floor;
  g_autofree char *floor_path = NULL;
  double insert_s, open_ms, insert_cpu_ms, cpu_start, load_before, insert_floor_s;
  double text_s = 0, text_mb = 0;
  double read_mb = 0, written_mb = 0, read_start, written_start, read_end, written_end;
  guint top1 = 0;
  gint64 start;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_papers < N_TITLE_PROBES ||
      n_texts < 0 || n_texts > n_papers)
    {
      fprintf (stderr, "papers-bench library: %s\n",
               error ? error->message : "--papers must be at least 100, --pdf-text at most --papers");
      return 2;
    }

  if (db_path == NULL)
    {
      tmpdir = g_dir_make_tmp ("papers-bench-XXXXXX", &error);
      if (tmpdir == NULL)
        {
          fprintf (stderr, "papers-bench library: %s\n", error->message);
          return 1;
        }
      db_path = g_build_filename (tmpdir, "library.db", NULL);
    }
  else
    {
      g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);
      g_autofree char *built = NULL;

      /* What the database at PATH was built with, written once it was
       * complete: a run cut short leaves no stamp, so nothing reuses it */
      stamp_path = g_strconcat (db_path, ".bench", NULL);
      stamp = g_strdup_printf ("papers %d pdf-text %d seed %d\n", n_papers, n_texts, SEED);
      reused = reuse && g_file_get_contents (stamp_path, &built, NULL, NULL) && g_str_equal (built, stamp);
      if (!reused)
        {
          g_unlink (stamp_path);
          g_unlink (db_path);
          g_unlink (wal);
          g_unlink (shm);
        }
    }

  vocabulary = vocabulary_new ();
  while (g_hash_table_size (probes) < N_TITLE_PROBES)
    g_hash_table_add (probes, GINT_TO_POINTER (g_rand_int_range (rand, 0, n_papers)));

  /* Insert, in transactions of BATCH papers; a reused database only
   * needs the papers made again, for the probes' titles and the texts' ids */
  store = reused ? NULL : papers_store_new (db_path, &error);
  if (store == NULL && !reused)
    {
      fprintf (stderr, "papers-bench library: %s\n", error->message);
      return 1;
    }
  floor_path = g_strconcat (db_path, ".floor", NULL);
  if (!reused && !floor_open (&floor, floor_path))
    {
      fprintf (stderr, "papers-bench library: %s: %s\n", floor_path, sqlite3_errmsg (floor.handle));
      return 1;
    }
  insert_s = 0;
  insert_cpu_ms = 0;
  insert_floor_s = 0;
  load_before = load_average ();
  for (int done = 0; done < n_papers; done += BATCH)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

      for (int i = done; i < MIN (done + BATCH, n_papers); i++)
        {
          PapersPaper *paper = make_paper (vocabulary, rand, i);

          if (n_texts > 0)
            g_ptr_array_add (all_ids, g_strdup (papers_paper_get_id (paper)));
          if (g_hash_table_contains (probes, GINT_TO_POINTER (i)))
            {
              g_ptr_array_add (titles, g_strdup (papers_paper_get_title (paper)));
              g_ptr_array_add (title_ids, g_strdup (papers_paper_get_id (paper)));
            }
          g_ptr_array_add (batch, paper);
        }
      if (reused)
        continue;
      /* Only the inserting is timed, not making up the papers */
      io_bytes (&read_start, &written_start);
      start = g_get_monotonic_time ();
      cpu_start = bench_thread_cpu_ms ();
      if (!papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error, store,
                              batch, TRUE))
        {
          fprintf (stderr, "papers-bench library: %s\n", error->message);
          return 1;
        }
      insert_s += (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
      insert_cpu_ms += bench_thread_cpu_ms () - cpu_start;
      io_bytes (&read_end, &written_end);
      read_mb += read_end - read_start;
      written_mb += written_end - written_start;

      /* The same batch into the floor's plain tables, interleaved so
       * that the load of a shared machine weighs on both alike */
      start = g_get_monotonic_time ();
      if (!floor_insert (&floor, batch))
        {
          fprintf (stderr, "papers-bench library: %s: %s\n", floor_path, sqlite3_errmsg (floor.handle));
          return 1;
        }
      insert_floor_s += (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
    }

  /* The PDFs' text, a paper at a time as the indexer gives it; its own
   * random numbers, so that the papers and queries stay the same */
  if (n_texts > 0 && !reused)
    {
      g_autoptr(GRand) text_rand = g_rand_new_with_seed (SEED + 1);

      for (int i = 0; i < n_texts; i++)
        {
          g_auto(GStrv) pages = make_pages (vocabulary, text_rand);
          int index = (int) ((gint64) i * n_papers / n_texts);
          const char *id = all_ids->pdata[index];

          for (guint p = 0; pages[p] != NULL; p++)
            text_mb += strlen (pages[p]) / (1024.0 * 1024.0);
          start = g_get_monotonic_time ();
          if (!papers_store_wait (papers_store_set_pdf_pages_async, papers_store_write_finish, &error, store, id,
                                  (const char * const *) pages, 1000 + i, 0, NULL))
            {
              fprintf (stderr, "papers-bench library: text of %s: %s\n", id, error->message);
              return 1;
            }
          text_s += (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
        }
    }
  if (!reused)
    {
      g_object_unref (store);
      floor_close (&floor);
    }
  if (stamp_path != NULL && !reused && !g_file_set_contents (stamp_path, stamp, -1, &error))
    {
      fprintf (stderr, "papers-bench library: %s\n", error->message);
      return 1;
    }
  {
    const char * const suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *path = g_strconcat (floor_path, suffixes[i], NULL);
        g_unlink (path);
      }
  }

  /* Cold open of the finished database */
  start = g_get_monotonic_time ();
  store = papers_store_new (db_path, &error);
  open_ms = elapsed_ms (start);
  if (store == NULL)
    {
      fprintf (stderr, "papers-bench library: %s\n", error->message);
      return 1;
    }

  queries = make_queries (vocabulary, titles);

  /* Each query through the API (worker thread, search plan, paper
   * objects), then the same plan as plain SQL on one connection of our
   * own, ids only: the floor.  Interleaved, so that the load of a shared
   * machine weighs on both alike; the first run warms the caches. */
  db = papers_db_open (db_path, FALSE, &error);
  if (db == NULL)
    {
      fprintf (stderr, "papers-bench library: %s\n", error->message);
      return 1;
    }
  for (int run = 0; run < RUNS_PER_QUERY; run++)
    for (guint q = 0; q < queries->len; q++)
      {
        g_autoptr(GListModel) results = NULL;
        g_autoptr(PapersQuery) query = papers_query_parse (queries->pdata[q], NULL);
        g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
        double api_ms, sql_ms, api_cpu, sql_cpu;

        start = g_get_monotonic_time ();
        cpu_start = bench_thread_cpu_ms ();
        results = papers_store_wait (papers_store_search_async, papers_store_search_finish, &error, store,
                                     queries->pdata[q], 0, 100);
        api_ms = elapsed_ms (start);
        api_cpu = bench_thread_cpu_ms () - cpu_start;
        if (results == NULL)
          {
            fprintf (stderr, "papers-bench library: “%s”: %s\n", (char *) queries->pdata[q], error->message);
            return 1;
          }

        if (trace && run == 1)
          {
            fprintf (stderr, "%s\n", (char *) queries->pdata[q]);
            sqlite3_trace_v2 (papers_db_get_handle (db), SQLITE_TRACE_STMT | SQLITE_TRACE_PROFILE, trace_statement,
                              started);
          }
        start = g_get_monotonic_time ();
        cpu_start = bench_thread_cpu_ms ();
        if (!papers_search_run (db, query, 0, 100, rowids, &error))
          {
            fprintf (stderr, "papers-bench library: %s\n", error->message);
            return 1;
          }
        sql_ms = elapsed_ms (start);
        sql_cpu = bench_thread_cpu_ms () - cpu_start;
        sqlite3_trace_v2 (papers_db_get_handle (db), 0, NULL, NULL);

        if (run > 0)
          {
            g_array_append_val (api_times, api_ms);
            g_array_append_val (sql_times, sql_ms);
            g_array_append_val (api_cpu_times, api_cpu);
            g_array_append_val (sql_cpu_times, sql_cpu);
          }
        if (!json && run == 1)
          fprintf (stderr, "%7.2f ms %7.2f ms (cpu %6.2f %6.2f) %4u  %s\n", api_ms, sql_ms, api_cpu, sql_cpu,
                   g_list_model_get_n_items (results), (char *) queries->pdata[q]);
      }
  papers_db_close (db);

  /* Title probes */
  for (guint i = 0; i < titles->len; i++)
    {
      g_autoptr(GListModel) results = papers_store_wait (papers_store_search_async,
                                                         papers_store_search_finish, &error, store,
                                                         titles->pdata[i], 0, 100);
      g_autoptr(PapersPaper) first = NULL;

      if (results == NULL)
        {
          fprintf (stderr, "papers-bench library: “%s”: %s\n", (char *) titles->pdata[i], error->message);
          g_clear_error (&error);
          continue;
        }
      first = g_list_model_get_n_items (results) > 0 ? g_list_model_get_item (results, 0) : NULL;
      if (first != NULL && g_str_equal (papers_paper_get_id (first), title_ids->pdata[i]))
        top1++;
      else if (!json)
        fprintf (stderr, "title miss: “%s” (%s) gave %s\n", (char *) titles->pdata[i],
                 (char *) title_ids->pdata[i], first ? papers_paper_get_id (first) : "nothing");
    }
  g_object_unref (store);

  {
    double p50 = bench_percentile ((double *) (gpointer) api_times->data, api_times->len, 50);
    double p95 = bench_percentile ((double *) (gpointer) api_times->data, api_times->len, 95);
    double sql95 = bench_percentile ((double *) (gpointer) sql_times->data, sql_times->len, 95);
    double cpu95 = bench_percentile ((double *) (gpointer) api_cpu_times->data, api_cpu_times->len, 95);
    double sql_cpu95 = bench_percentile ((double *) (gpointer) sql_cpu_times->data, sql_cpu_times->len, 95);

    /* The keys the issue names, then CPU times and the machine's load
     * average, to read the wall-clock ones on a shared machine */
    printf ("{\"papers\": %d, \"queries\": %u, \"insert_s\": %.3f, \"open_ms\": %.3f, "
            "\"search_p50_ms\": %.3f, \"search_p95_ms\": %.3f, \"sqlite_p95_ms\": %.3f, "
            "\"rss_mb\": %.1f, \"title_top1\": %.3f, \"insert_cpu_s\": %.3f, "
            "\"search_cpu_p95_ms\": %.3f, \"sqlite_cpu_p95_ms\": %.3f, \"loadavg\": %.2f, "
            "\"insert_floor_s\": %.3f, \"insert_over_floor\": %.2f, "
            "\"insert_read_mb\": %.1f, \"insert_written_mb\": %.1f, "
            "\"pdf_texts\": %d, \"pdf_text_mb\": %.1f, \"pdf_text_index_s\": %.3f, \"reused_db\": %s}\n",
            n_papers, queries->len, insert_s, open_ms, p50, p95, sql95,
            bench_peak_rss_mb (), (double) top1 / titles->len, insert_cpu_ms / 1000.0,
            cpu95, sql_cpu95, load_before, insert_floor_s,
            insert_floor_s > 0 ? insert_s / insert_floor_s : 0, read_mb, written_mb,
            n_texts, text_mb, text_s, reused ? "true" : "false");
  }

  if (tmpdir != NULL)
    {
      g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);
      g_unlink (db_path);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (tmpdir);
    }
  return 0;
}
