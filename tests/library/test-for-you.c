/* test-for-you.c: For You over the store: dismissed papers, follows, the
 * stored model, and PapersForYou ranking listings from the library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include "papers-db.h"
#include "papers-for-you.h"
#include "papers-store-private.h"
#include "papers-store-wait.h"
#include "papers-test-db.h"
#include "papers-test-topics.h"

static const char * const cooking[] = {
  "recipe", "braise", "saute", "caramel", "dough", "yeast", "oven", "simmer", "broth", "knead",
  "pastry", "roast", "marinade", "skillet", "ferment", "glaze", "whisk", "umami", "saffron", "bake",
};
static const char * const geology[] = {
  "basalt", "tectonic", "magma", "sediment", "granite", "fault", "erosion", "mantle", "quartz",
  "volcanic", "strata", "seismic", "crust", "mineral", "lava", "glacier", "fossil", "rift",
  "limestone", "subduction",
};
static const char * const music[] = {
  "melody", "harmony", "chord", "rhythm", "tempo", "orchestra", "violin", "sonata", "timbre",
  "cadence", "piano", "symphony", "octave", "choir", "fugue", "syncopation", "scale", "tuning",
  "counterpoint", "opera",
};
static const char * const filler[] = {
  "this", "paper", "presents", "new", "technique", "with", "experiments", "showing", "strong",
  "gains", "over", "prior", "work", "in", "practice", "and", "theory", "using", "large", "study",
};

static PapersStore *
new_store (char **path_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = papers_test_db_path ("for-you");
  PapersStore *store = papers_store_new (path, &error);

  g_assert_no_error (error);
  if (path_out != NULL)
    *path_out = g_steal_pointer (&path);
  return store;
}

static const PapersTestTopics made_up = { filler, 70, "Writer" };

static GPtrArray *
make_papers (GRand              *rand,
             const char         *prefix,
             const char * const *topic,
             guint               n)
{
  return papers_test_topic_papers (&made_up, rand, prefix, topic, n);
}

/* @n_each papers of each topic, cooking first */
static GPtrArray *
mixed_listing (GRand *rand,
               guint  n_each)
{
  const char * const *three[] = { cooking, geology, music };
  const char *names[] = { "cook", "geo", "music" };

  return papers_test_mixed (&made_up, rand, three, names, n_each);
}

static void
keep (PapersStore *store,
      GPtrArray   *papers)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (papers_store_wait (papers_store_upsert_papers_async, papers_store_write_finish, &error, store,
                                    papers, TRUE));
  g_assert_no_error (error);
}

/* A library of @n cooking papers */
static void
keep_cooking (PapersStore *store,
              GRand       *rand,
              guint        n)
{
  g_autoptr(GPtrArray) library = make_papers (rand, "lib", cooking, n);

  keep (store, library);
}

static PapersRanking *
rank (PapersForYou *for_you,
      GPtrArray    *listing,
      const char   *tag)
{
  g_autoptr(GError) error = NULL;
  PapersRanking *ranking = papers_store_wait (papers_for_you_rank_async, papers_for_you_rank_finish, &error,
                                              for_you, listing, tag);

  g_assert_no_error (error);
  g_assert_nonnull (ranking);
  g_assert_cmpuint (ranking->n_papers, ==, listing->len);
  return ranking;
}

static guint
rank_of (PapersRanking *ranking,
         guint          index)
{
  guint r = 0;

  for (guint i = 0; i < ranking->n_papers; i++)
    r += ranking->scores[i] > ranking->scores[index];
  return r;
}

static gboolean
change_done (PapersForYou *for_you,
             GAsyncResult *result,
             GError      **error)
{
  return papers_for_you_change_finish (for_you, result, error);
}

/* The store */

/* A library of version 6 gains the tables of version 7 and keeps its
 * papers; what For You writes then works. */
static void
test_migrate_v6 (void)
{
  g_autofree char *path = papers_test_db_at_version ("migrate-v6", 6,
                                                     "INSERT INTO papers (rowid, id, title, abstract) VALUES (1, '2406.00001', 'Kept', 'x');"
                                                     "INSERT INTO library (paper, added, starred) VALUES (1, 1000, 1);");
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersStore) store = NULL;
  g_autoptr(PapersPaper) paper = NULL;
  g_auto(GStrv) dismissed = NULL;
  PapersDb *db;

  store = papers_store_new (path, &error);
  g_assert_no_error (error);
  paper = papers_store_wait (papers_store_get_paper_async, papers_store_get_paper_finish, &error, store,
                             "2406.00001");
  g_assert_no_error (error);
  g_assert_true (papers_paper_get_starred (paper));
  g_assert_true (papers_store_wait (papers_store_dismiss_async, papers_store_write_finish, &error, store,
                                    "2406.00002", NULL, TRUE));
  g_assert_no_error (error);
  dismissed = papers_store_wait (papers_store_list_dismissed_async, papers_store_list_dismissed_finish, &error,
                                 store);
  g_assert_cmpstrv (dismissed, ((const char *[]) { "2406.00002", NULL }));

  g_clear_object (&store);
  db = papers_db_open (path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (papers_db_get_version (db), ==, PAPERS_DB_VERSION);
  g_assert_true (papers_db_exec (db, "SELECT * FROM follows, rank_model, rank_examples", &error));
  papers_db_close (db);
}

/* Not Interested keeps what is known of the paper (outside the library)
 * or its id alone, and is undone */
static void
test_store_dismiss (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(PapersPaper) paper = papers_test_topic_paper (&made_up, rand, "2410.00011", geology);
  g_autoptr(PapersPaper) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) dismissed = NULL;
  g_auto(GStrv) after = NULL;

  g_assert_true (papers_store_wait (papers_store_dismiss_async, papers_store_write_finish, &error, store,
                                    "2410.00011", paper, TRUE));
  g_assert_no_error (error);
  g_assert_true (papers_store_wait (papers_store_dismiss_async, papers_store_write_finish, &error, store,
                                    "2410.00012", NULL, TRUE));
  /* Twice is once */
  g_assert_true (papers_store_wait (papers_store_dismiss_async, papers_store_write_finish, &error, store,
                                    "2410.00012", NULL, TRUE));
  g_assert_no_error (error);
  dismissed = papers_store_wait (papers_store_list_dismissed_async, papers_store_list_dismissed_finish, &error,
                                 store);
  g_assert_cmpuint (g_strv_length (dismissed), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) dismissed, "2410.00011"));

  kept = papers_store_wait (papers_store_get_paper_async, papers_store_get_paper_finish, &error, store,
                            "2410.00011");
  g_assert_no_error (error);
  g_assert_cmpstr (papers_paper_get_title (kept), ==, papers_paper_get_title (paper));
  g_assert_false (papers_paper_get_in_library (kept));

  g_assert_true (papers_store_wait (papers_store_dismiss_async, papers_store_write_finish, &error, store,
                                    "2410.00011", NULL, FALSE));
  g_assert_false (papers_store_wait (papers_store_dismiss_async, papers_store_write_finish, &error, store,
                                     "2410.00011", NULL, FALSE));
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  after = papers_store_wait (papers_store_list_dismissed_async, papers_store_list_dismissed_finish, &error, store);
  g_assert_cmpstrv (after, ((const char *[]) { "2410.00012", NULL }));

  g_assert_false (papers_store_wait (papers_store_dismiss_async, papers_store_write_finish, &error, store,
                                     "", NULL, TRUE));
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_INVALID);
}

static GStrv
follows (PapersStore      *store,
         PapersFollowKind  kind)
{
  g_autoptr(GError) error = NULL;
  GStrv values = papers_store_wait (papers_store_list_follows_async, papers_store_list_follows_finish, &error,
                                    store, kind);

  g_assert_no_error (error);
  return values;
}

static gboolean
follow (PapersStore      *store,
        PapersFollowKind  kind,
        const char       *value,
        gboolean          on,
        GError          **error)
{
  return papers_store_wait (papers_store_follow_async, papers_store_write_finish, error, store, kind, value, on);
}

/* Follows are unique ignoring case and spaces, kept apart by kind, and
 * refuse nothing and too much */
static void
test_store_follow (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *huge = g_strnfill (PAPERS_FOLLOW_MAX_LENGTH + 1, 'x');
  g_auto(GStrv) authors = NULL;
  g_auto(GStrv) searches = NULL;

  g_assert_true (follow (store, PAPERS_FOLLOW_AUTHOR, "Ada Lovelace", TRUE, &error));
  g_assert_true (follow (store, PAPERS_FOLLOW_AUTHOR, "  ada   LOVELACE ", TRUE, &error));
  g_assert_true (follow (store, PAPERS_FOLLOW_AUTHOR, "Grace Hopper", TRUE, &error));
  g_assert_true (follow (store, PAPERS_FOLLOW_SEARCH, "basalt magma", TRUE, &error));
  g_assert_no_error (error);
  authors = follows (store, PAPERS_FOLLOW_AUTHOR);
  g_assert_cmpstrv (authors, ((const char *[]) { "ada   LOVELACE", "Grace Hopper", NULL }));
  searches = follows (store, PAPERS_FOLLOW_SEARCH);
  g_assert_cmpstrv (searches, ((const char *[]) { "basalt magma", NULL }));

  g_assert_true (follow (store, PAPERS_FOLLOW_AUTHOR, "ADA lovelace", FALSE, &error));
  g_assert_false (follow (store, PAPERS_FOLLOW_AUTHOR, "Ada Lovelace", FALSE, &error));
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* An author is not a search */
  g_assert_false (follow (store, PAPERS_FOLLOW_SEARCH, "Grace Hopper", FALSE, &error));
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (follow (store, PAPERS_FOLLOW_AUTHOR, "   ", TRUE, &error));
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (follow (store, PAPERS_FOLLOW_SEARCH, huge, TRUE, &error));
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (follow (store, PAPERS_FOLLOW_SEARCH, "\xff\xfe", TRUE, &error));
  g_assert_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&authors, g_strfreev);
  authors = follows (store, PAPERS_FOLLOW_AUTHOR);
  g_assert_cmpstrv (authors, ((const char *[]) { "Grace Hopper", NULL }));
}

static PapersRankState *
load_state (PapersStore *store,
            GHashTable  *known)
{
  g_autoptr(GError) error = NULL;
  PapersRankState *state = papers_store_wait (papers_store_load_rank_state_async,
                                              papers_store_load_rank_state_finish, &error, store, known);

  g_assert_no_error (error);
  return state;
}

/* The state says what changed since the stamps given: a tag, a dismissal */
static void
test_store_rank_state (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (12);
  g_autoptr(PapersRankState) first = NULL;
  g_autoptr(PapersRankState) same = NULL;
  g_autoptr(PapersRankState) tagged = NULL;
  g_autoptr(GError) error = NULL;
  const char *add[] = { "stews", NULL };
  double *weight;

  keep_cooking (store, rand, 3);
  g_assert_true (papers_store_wait (papers_store_set_starred_async, papers_store_write_finish, &error, store,
                                    "lib-1", TRUE));
  g_assert_true (papers_store_wait (papers_store_dismiss_async, papers_store_write_finish, &error, store,
                                    "nothing-known", NULL, TRUE));
  g_assert_true (follow (store, PAPERS_FOLLOW_AUTHOR, "Ada Lovelace", TRUE, &error));
  g_assert_no_error (error);

  first = load_state (store, NULL);
  g_assert_null (first->model);
  g_assert_cmpuint (g_hash_table_size (first->base), ==, 0);
  g_assert_cmpuint (g_hash_table_size (first->stamps), ==, 5);
  g_assert_true (g_hash_table_contains (first->stamps, "p:lib-0"));
  g_assert_cmpstr (g_hash_table_lookup (first->stamps, "d:nothing-known"), ==, "-");
  g_assert_true (g_hash_table_contains (first->stamps, "a:Ada Lovelace"));
  g_assert_cmpuint (first->papers->len, ==, 3);
  weight = g_hash_table_lookup (first->weights, "lib-1");
  g_assert_nonnull (weight);
  g_assert_cmpfloat (*weight, >, *(double *) g_hash_table_lookup (first->weights, "lib-0"));

  same = load_state (store, first->stamps);
  g_assert_cmpuint (same->papers->len, ==, 0);

  g_assert_true (papers_store_wait (papers_store_tag_paper_async, papers_store_write_finish, &error, store,
                                    "lib-2", add, NULL));
  g_assert_no_error (error);
  tagged = load_state (store, first->stamps);
  g_assert_cmpuint (tagged->papers->len, ==, 1);
  g_assert_cmpstr (papers_paper_get_id (tagged->papers->pdata[0]), ==, "lib-2");
}

/* PapersForYou */

/* A library about cooking puts the listing's cooking papers first, and
 * says why */
static void
test_topic_first (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (21);
  g_autoptr(PapersForYou) for_you = papers_for_you_new (store);
  g_autoptr(GPtrArray) listing = mixed_listing (rand, 15);
  g_autoptr(PapersRanking) ranking = NULL;

  keep_cooking (store, rand, 8);
  ranking = rank (for_you, listing, NULL);
  g_assert_false (ranking->still_learning);
  for (guint i = 0; i < 15; i++)
    g_assert_cmpuint (rank_of (ranking, i), <, 15);
  g_assert_nonnull (ranking->reasons[0]);
  g_assert_true (g_str_has_prefix (ranking->reasons[0], "Like ‘"));
}

/* Fewer than PAPERS_RANKER_MIN_POSITIVES papers: still learning, no
 * scores; one more and it ranks */
static void
test_cold_start (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (22);
  g_autoptr(PapersForYou) for_you = papers_for_you_new (store);
  g_autoptr(GPtrArray) listing = mixed_listing (rand, 4);
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();
  g_autoptr(GPtrArray) one = make_papers (rand, "one", cooking, 1);
  g_autoptr(PapersRanking) nothing = NULL;
  g_autoptr(PapersRanking) learning = NULL;
  g_autoptr(PapersRanking) ranked = NULL;
  g_autoptr(PapersRanking) no_listing = NULL;

  nothing = rank (for_you, listing, NULL);
  g_assert_true (nothing->still_learning);
  g_assert_null (nothing->scores);

  keep_cooking (store, rand, PAPERS_RANKER_MIN_POSITIVES - 1);
  learning = rank (for_you, listing, NULL);
  g_assert_true (learning->still_learning);
  g_assert_null (learning->scores);

  keep (store, one);
  ranked = rank (for_you, listing, NULL);
  g_assert_false (ranked->still_learning);
  g_assert_nonnull (ranked->scores);

  /* An empty listing is no trouble */
  no_listing = rank (for_you, empty, NULL);
  g_assert_cmpuint (no_listing->n_papers, ==, 0);
}

/* Not Interested teaches: a paper like the one dismissed goes down, more
 * than others; the undo brings it back */
static void
test_dismiss_teaches (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (23);
  g_autoptr(PapersForYou) for_you = papers_for_you_new (store);
  g_autoptr(GPtrArray) listing = mixed_listing (rand, 15);
  g_autoptr(PapersRanking) before = NULL;
  g_autoptr(PapersRanking) after = NULL;
  g_autoptr(PapersRanking) undone = NULL;
  g_autoptr(PapersPaper) twin = papers_paper_copy (listing->pdata[3]);
  g_autoptr(GError) error = NULL;

  keep_cooking (store, rand, 10);
  before = rank (for_you, listing, NULL);

  papers_paper_set_id (twin, "2410.99999");
  g_assert_true (papers_store_wait (papers_for_you_dismiss_async, change_done, &error, for_you, "2410.99999",
                                    twin));
  g_assert_no_error (error);
  after = rank (for_you, listing, NULL);
  g_assert_cmpuint (rank_of (after, 3), >, rank_of (before, 3));
  g_assert_cmpfloat (after->scores[3] - before->scores[3], <, after->scores[5] - before->scores[5]);

  g_assert_true (papers_store_wait (papers_for_you_undismiss_async, change_done, &error, for_you, "2410.99999"));
  g_assert_no_error (error);
  undone = rank (for_you, listing, NULL);
  g_assert_cmpuint (rank_of (undone, 3), <, rank_of (after, 3));
}

/* A followed author goes up and says so */
static void
test_follow_author (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (24);
  g_autoptr(PapersForYou) for_you = papers_for_you_new (store);
  g_autoptr(GPtrArray) listing = mixed_listing (rand, 15);
  g_autoptr(PapersRanking) before = NULL;
  g_autoptr(PapersRanking) followed = NULL;
  g_autoptr(PapersRanking) unfollowed = NULL;
  g_autoptr(GError) error = NULL;
  guint music_paper = 2 * 15 + 4;

  keep_cooking (store, rand, 8);
  before = rank (for_you, listing, NULL);
  g_assert_true (papers_store_wait (papers_for_you_follow_async, change_done, &error, for_you,
                                    PAPERS_FOLLOW_AUTHOR, "Writer music-4", TRUE));
  g_assert_no_error (error);
  followed = rank (for_you, listing, NULL);
  g_assert_cmpuint (rank_of (followed, music_paper), <, rank_of (before, music_paper));
  g_assert_cmpstr (followed->reasons[music_paper], ==, "Author you follow: Writer music-4");

  g_assert_true (papers_store_wait (papers_for_you_follow_async, change_done, &error, for_you,
                                    PAPERS_FOLLOW_AUTHOR, "writer MUSIC-4", FALSE));
  unfollowed = rank (for_you, listing, NULL);
  g_assert_cmpstr (unfollowed->reasons[music_paper], !=, "Author you follow: Writer music-4");
}

static GBytes *
stored_model (const char *path)
{
  g_autoptr(GError) error = NULL;
  PapersDb *db = papers_db_open_readonly (path, &error);
  sqlite3_stmt *stmt = NULL;
  GBytes *bytes = NULL;

  g_assert_no_error (error);
  sqlite3_prepare_v2 (papers_db_get_handle (db), "SELECT model FROM rank_model", -1, &stmt, NULL);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  sqlite3_finalize (stmt);
  papers_db_close (db);
  return bytes;
}

static void
replace_model (const char *path,
               const char *sql)
{
  sqlite3 *handle = NULL;

  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  sqlite3_busy_timeout (handle, 5000);
  g_assert_cmpint (sqlite3_exec (handle, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);
}

/* The model is kept: another PapersForYou on the library loads it rather
 * than training, and a paper added updates it */
static void
test_stored (void)
{
  g_autofree char *path = NULL;
  g_autoptr(PapersStore) store = new_store (&path);
  g_autoptr(GRand) rand = g_rand_new_with_seed (25);
  g_autoptr(PapersForYou) first = papers_for_you_new (store);
  g_autoptr(PapersForYou) second = papers_for_you_new (store);
  g_autoptr(GPtrArray) one = make_papers (rand, "one", cooking, 1);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) updated = NULL;
  g_autoptr(PapersRanker) back = NULL;
  g_autoptr(GError) error = NULL;

  keep_cooking (store, rand, 6);
  g_assert_true (papers_store_wait (papers_for_you_update_async, papers_for_you_update_finish, &error, first));
  g_assert_no_error (error);
  g_assert_cmpuint (papers_for_you_get_n_trainings (first), ==, 1);
  bytes = stored_model (path);
  g_assert_nonnull (bytes);
  back = papers_ranker_deserialize (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (papers_ranker_get_n_positives (back), ==, 6);

  keep (store, one);
  g_assert_true (papers_store_wait (papers_for_you_update_async, papers_for_you_update_finish, &error, second));
  g_assert_no_error (error);
  g_assert_cmpuint (papers_for_you_get_n_trainings (second), ==, 0);
  g_assert_false (papers_for_you_get_rebuilt (second));
  updated = stored_model (path);
  g_clear_object (&back);
  back = papers_ranker_deserialize (updated, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (papers_ranker_get_n_positives (back), ==, 7);
}

/* A stored model damaged, truncated or of another version is trained
 * anew from the library and stored again; never a crash */
static void
test_damaged_model (void)
{
  static const char * const damage[] = {
    "UPDATE rank_model SET model = x'00112233'",
    "UPDATE rank_model SET model = substr (model, 1, length (model) / 2)",
    /* The magic, then format version 999 */
    "UPDATE rank_model SET model = x'506170657273526be703000013000000' || substr (model, 17)",
    "UPDATE rank_model SET model = zeroblob (0)",
  };

  for (guint d = 0; d < G_N_ELEMENTS (damage); d++)
    {
      g_autofree char *path = NULL;
      g_autoptr(PapersStore) store = new_store (&path);
      g_autoptr(GRand) rand = g_rand_new_with_seed (26);
      g_autoptr(PapersForYou) first = papers_for_you_new (store);
      g_autoptr(PapersForYou) second = NULL;
      g_autoptr(GPtrArray) listing = mixed_listing (rand, 10);
      g_autoptr(PapersRanking) ranking = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(PapersRanker) back = NULL;
      g_autoptr(GError) error = NULL;

      keep_cooking (store, rand, 6);
      g_assert_true (papers_store_wait (papers_for_you_update_async, papers_for_you_update_finish, &error, first));
      replace_model (path, damage[d]);

      second = papers_for_you_new (store);
      ranking = rank (second, listing, NULL);
      g_assert_true (papers_for_you_get_rebuilt (second));
      g_assert_false (ranking->still_learning);
      for (guint i = 0; i < 10; i++)
        g_assert_cmpuint (rank_of (ranking, i), <, 10);

      bytes = stored_model (path);
      back = papers_ranker_deserialize (bytes, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (papers_ranker_get_n_positives (back), ==, 6);
    }
}

/* Per-tag rankings come from the library's tags */
static void
test_tag (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (27);
  g_autoptr(PapersForYou) for_you = papers_for_you_new (store);
  g_autoptr(GPtrArray) rocks = make_papers (rand, "rock", geology, 6);
  g_autoptr(GPtrArray) listing = mixed_listing (rand, 10);
  g_autoptr(PapersRanking) all = NULL;
  g_autoptr(PapersRanking) for_rocks = NULL;
  g_autoptr(PapersRanking) unknown = NULL;
  const char *tags[] = { "rocks", NULL };

  keep_cooking (store, rand, 10);
  for (guint i = 0; i < rocks->len; i++)
    papers_paper_set_tags (rocks->pdata[i], tags);
  keep (store, rocks);

  all = rank (for_you, listing, NULL);
  g_assert_false (all->still_learning);
  for_rocks = rank (for_you, listing, "rocks");
  g_assert_false (for_rocks->still_learning);
  for (guint i = 10; i < 20; i++)
    g_assert_cmpuint (rank_of (for_rocks, i), <, 10);
  unknown = rank (for_you, listing, "no such tag");
  g_assert_true (unknown->still_learning);
}

/* Ranking again with nothing changed in the library reuses the model as
 * it is: neither trained nor updated, nor the library asked again;
 * another listing updates it in place, and it ranks that listing's topic
 * first still; a paper kept is learned without training */
static void
test_no_retraining (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (28);
  g_autoptr(PapersForYou) for_you = papers_for_you_new (store);
  g_autoptr(GPtrArray) listing = mixed_listing (rand, 10);
  g_autoptr(GPtrArray) other = mixed_listing (rand, 10);
  g_autoptr(PapersRanking) first = NULL;
  g_autoptr(PapersRanking) second = NULL;
  g_autoptr(PapersRanking) third = NULL;
  g_autoptr(PapersRanking) fourth = NULL;

  keep_cooking (store, rand, 6);
  first = rank (for_you, listing, NULL);
  g_assert_cmpuint (papers_for_you_get_n_trainings (for_you), ==, 1);
  g_assert_cmpuint (papers_for_you_get_n_updates (for_you), ==, 0);

  second = rank (for_you, listing, NULL);
  g_assert_cmpuint (papers_for_you_get_n_trainings (for_you), ==, 1);
  g_assert_cmpuint (papers_for_you_get_n_updates (for_you), ==, 0);
  for (guint i = 0; i < listing->len; i++)
    g_assert_cmpfloat (first->scores[i], ==, second->scores[i]);

  /* Nor was the library asked again what the ranker must know */
  g_assert_cmpuint (papers_for_you_get_n_state_loads (for_you), ==, 1);

  third = rank (for_you, other, NULL);
  g_assert_cmpuint (papers_for_you_get_n_trainings (for_you), ==, 1);
  g_assert_cmpuint (papers_for_you_get_n_updates (for_you), ==, 1);
  g_assert_cmpuint (papers_for_you_get_n_state_loads (for_you), ==, 1);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpuint (rank_of (third, i), <, 10);

  /* A paper kept: the library is asked, the model updated, not trained */
  keep_cooking (store, rand, 1);
  fourth = rank (for_you, other, NULL);
  g_assert_cmpuint (papers_for_you_get_n_state_loads (for_you), ==, 2);
  g_assert_cmpuint (papers_for_you_get_n_trainings (for_you), ==, 1);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpuint (rank_of (fourth, i), <, 10);
}

/* An empty library says it is learning; a listing with no text, or of
 * papers with no id, ranks without a crash */
static void
test_bad_listings (void)
{
  g_autoptr(PapersStore) store = new_store (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (29);
  g_autoptr(PapersForYou) for_you = papers_for_you_new (store);
  g_autoptr(GPtrArray) empty = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) blank = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PapersRanking) learning = NULL;
  g_autoptr(PapersRanking) none = NULL;
  g_autoptr(PapersRanking) blanks = NULL;

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *id = g_strdup_printf ("2401.%05u", i);

      g_ptr_array_add (blank, papers_paper_new (id));
    }
  learning = rank (for_you, blank, NULL);
  g_assert_true (learning->still_learning);

  keep_cooking (store, rand, 6);
  none = rank (for_you, empty, NULL);
  g_assert_false (none->still_learning);
  g_assert_cmpuint (none->n_papers, ==, 0);
  blanks = rank (for_you, blank, NULL);
  g_assert_false (blanks->still_learning);
  for (guint i = 0; i < blank->len; i++)
    g_assert_true (isfinite (blanks->scores[i]));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/library/store/migrate-v6", test_migrate_v6);
  g_test_add_func ("/library/store/dismiss", test_store_dismiss);
  g_test_add_func ("/library/store/follow", test_store_follow);
  g_test_add_func ("/library/store/rank-state", test_store_rank_state);
  g_test_add_func ("/library/for-you/topic-first", test_topic_first);
  g_test_add_func ("/library/for-you/cold-start", test_cold_start);
  g_test_add_func ("/library/for-you/dismiss-teaches", test_dismiss_teaches);
  g_test_add_func ("/library/for-you/follow-author", test_follow_author);
  g_test_add_func ("/library/for-you/stored", test_stored);
  g_test_add_func ("/library/for-you/damaged-model", test_damaged_model);
  g_test_add_func ("/library/for-you/tag", test_tag);
  g_test_add_func ("/library/for-you/no-retraining", test_no_retraining);
  g_test_add_func ("/library/for-you/bad-listings", test_bad_listings);

  return g_test_run ();
}
