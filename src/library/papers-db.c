/* papers-db.c: connection, statements, schema and migrations, backups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "papers-db.h"
#include "papers-recovery.h"
#include "papers-store.h"

struct _PapersDb
{
  sqlite3      *handle;
  char         *path;
  GHashTable   *statements;  /* SQL text → sqlite3_stmt */
  /* The statements last prepared, by the address of their SQL text: most
   * callers pass the same static string every time, and hashing the text
   * (up to a kilobyte) for every row of a bulk upsert cost 3.5 % of it */
  struct {
    const char   *sql;
    sqlite3_stmt *stmt;
  }             recent[64];
  GCancellable *cancellable;
  gboolean      read_only;   /* opened so: the library cannot be written */
  guint         bulk_writes; /* how many papers_db_set_bulk() began */
  gboolean      sync_quiet;  /* writing received changes: not logged again */
  /* The sync log's last stamp, written in the transaction open now */
  gboolean      stamp_known;
  gint64        stamp_wall;
  gint64        stamp_logical;
};

/* Version 1: the tables.  Papers keep their metadata whether or not they
 * are in the library (listings refer to them too); library state lives in
 * tables keyed by the paper's rowid, so that leaving the library is a few
 * deletes.  Dates are Unix seconds, UTC. */
static const char schema_v1[] =
  "CREATE TABLE papers ("
  "  rowid INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  arxiv_id TEXT, version INTEGER NOT NULL DEFAULT 0, doi TEXT,"
  "  title TEXT, abstract TEXT, journal_ref TEXT, comment TEXT,"
  "  published INTEGER, updated INTEGER,"
  "  abs_url TEXT, pdf_url TEXT, hf_url TEXT, code_url TEXT, project_url TEXT,"
  "  thumbnail_url TEXT, upvotes INTEGER NOT NULL DEFAULT 0,"
  "  comments INTEGER NOT NULL DEFAULT 0, source TEXT, announce_type TEXT);"
  "CREATE INDEX papers_arxiv_id ON papers (arxiv_id) WHERE arxiv_id IS NOT NULL;"
  "CREATE INDEX papers_doi ON papers (lower (doi)) WHERE doi IS NOT NULL;"
  "CREATE TABLE authors ("
  "  paper INTEGER NOT NULL REFERENCES papers (rowid) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL, name TEXT NOT NULL,"
  "  PRIMARY KEY (paper, position)) WITHOUT ROWID;"
  "CREATE TABLE categories ("
  "  paper INTEGER NOT NULL REFERENCES papers (rowid) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL, name TEXT NOT NULL,"
  "  PRIMARY KEY (paper, position)) WITHOUT ROWID;"
  "CREATE TABLE library ("
  "  paper INTEGER PRIMARY KEY REFERENCES papers (rowid) ON DELETE CASCADE,"
  "  added INTEGER NOT NULL, status INTEGER NOT NULL DEFAULT 0,"
  "  starred INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE tags ("
  "  id INTEGER PRIMARY KEY, name TEXT NOT NULL, key TEXT NOT NULL UNIQUE,"
  "  color TEXT NOT NULL);"
  "CREATE TABLE paper_tags ("
  "  paper INTEGER NOT NULL REFERENCES papers (rowid) ON DELETE CASCADE,"
  "  tag INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (paper, tag)) WITHOUT ROWID;"
  "CREATE INDEX paper_tags_tag ON paper_tags (tag, paper);"
  "CREATE TABLE notes ("
  "  paper INTEGER PRIMARY KEY REFERENCES papers (rowid) ON DELETE CASCADE,"
  "  text TEXT NOT NULL, updated INTEGER NOT NULL);"
  "CREATE TABLE annotations ("
  "  id INTEGER PRIMARY KEY,"
  "  paper INTEGER NOT NULL REFERENCES papers (rowid) ON DELETE CASCADE,"
  "  page INTEGER NOT NULL, type TEXT NOT NULL, color TEXT, rects TEXT,"
  "  text TEXT, comment TEXT, created INTEGER NOT NULL, updated INTEGER NOT NULL);"
  "CREATE INDEX annotations_paper ON annotations (paper, page);"
  "CREATE TABLE reading_positions ("
  "  paper INTEGER PRIMARY KEY REFERENCES papers (rowid) ON DELETE CASCADE,"
  "  page INTEGER NOT NULL, offset REAL NOT NULL, zoom REAL NOT NULL,"
  "  updated INTEGER NOT NULL);"
  "CREATE TABLE pdfs ("
  "  paper INTEGER PRIMARY KEY REFERENCES papers (rowid) ON DELETE CASCADE,"
  "  path TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT);"
  "CREATE TABLE listings ("
  "  id INTEGER PRIMARY KEY, source TEXT NOT NULL, key TEXT NOT NULL,"
  "  fetched INTEGER NOT NULL, etag TEXT, last_modified TEXT,"
  "  UNIQUE (source, key));"
  "CREATE TABLE listing_items ("
  "  listing INTEGER NOT NULL REFERENCES listings (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  paper INTEGER NOT NULL REFERENCES papers (rowid) ON DELETE CASCADE,"
  "  PRIMARY KEY (listing, position)) WITHOUT ROWID;"
  "CREATE INDEX listing_items_paper ON listing_items (paper);";

/* Version 2: full-text search over the papers in the library.  The index
 * is contentless (the text lives in the tables above) so it costs no second
 * copy of every abstract; "notes" holds the note and the annotations' text,
 * "body" is for the PDF's text later.  Rows are kept up to date by the
 * store's code, not by triggers, because a row gathers several tables. */
static const char schema_v2[] =
  "CREATE VIRTUAL TABLE search USING fts5 ("
  "  title, abstract, authors, notes, body,"
  "  content='', contentless_delete=1,"
  "  tokenize='unicode61 remove_diacritics 2', prefix='2 3');"
  "INSERT INTO search (rowid, title, abstract, authors, notes)"
  "  SELECT p.rowid, p.title, p.abstract,"
  "    (SELECT group_concat (name, ', ') FROM"
  "       (SELECT name FROM authors WHERE paper = p.rowid ORDER BY position)),"
  "    (SELECT group_concat (t, ' ') FROM"
  "       (SELECT text AS t FROM notes WHERE paper = p.rowid"
  "        UNION ALL SELECT coalesce (text, '') || ' ' || coalesce (comment, '')"
  "        FROM annotations WHERE paper = p.rowid))"
  "  FROM papers p JOIN library l ON l.paper = p.rowid;";

/* The search row as version 3 made it; migrations never change */
#define SEARCH_ROW_V3 \
  "SELECT p.rowid, p.title, p.abstract," \
  " (SELECT group_concat (name, ', ') FROM" \
  "    (SELECT name FROM authors WHERE paper = p.rowid ORDER BY position))," \
  " (SELECT group_concat (t, ' ') FROM" \
  "    (SELECT text AS t FROM notes WHERE paper = p.rowid" \
  "     UNION ALL SELECT coalesce (text, '') || ' ' || coalesce (comment, '')" \
  "     FROM annotations WHERE paper = p.rowid))," \
  " 'lib st' || l.status" \
  "  || coalesce (' y' || strftime ('%Y', p.published, 'unixepoch'), '')" \
  "  || CASE WHEN l.starred THEN ' starred' ELSE '' END" \
  "  || CASE WHEN EXISTS (SELECT 1 FROM notes WHERE paper = p.rowid) THEN ' hasnote' ELSE '' END" \
  "  || CASE WHEN EXISTS (SELECT 1 FROM annotations WHERE paper = p.rowid) THEN ' hasannotations' ELSE '' END" \
  "  || CASE WHEN EXISTS (SELECT 1 FROM pdfs WHERE paper = p.rowid) THEN ' haspdf' ELSE '' END" \
  "  || coalesce ((SELECT ' ' || group_concat ('tag' || tag, ' ') FROM paper_tags WHERE paper = p.rowid), '')" \
  " FROM papers p JOIN library l ON l.paper = p.rowid"

/* Version 3: the search row gains "meta", tokens for the search keys
 * (tag:, year:, is:, has:), so that a filter is one more FTS5 term that
 * skips through its doclist instead of a lookup per matching row.  No
 * prefix index: it tripled the cost of inserting; merging segments 8 at
 * a time rather than 4 rewrites each posting fewer times. */
static const char schema_v3[] =
  "DROP TABLE search;"
  "CREATE VIRTUAL TABLE search USING fts5 ("
  "  title, abstract, authors, notes, body, meta,"
  "  content='', contentless_delete=1,"
  "  tokenize='unicode61 remove_diacritics 2');"
  "INSERT INTO search (search, rank) VALUES ('automerge', 8);"
  "INSERT INTO search (search, rank) VALUES ('hashsize', 16777216);"
  "INSERT INTO search (rowid, title, abstract, authors, notes, meta) " SEARCH_ROW_V3 ";";

/* Version 4: the text of the PDFs, which the viewer extracts, for the
 * search row's "body" column.  Nothing to index yet. */
static const char schema_v4[] =
  "CREATE TABLE pdf_texts ("
  "  paper INTEGER PRIMARY KEY REFERENCES papers (rowid) ON DELETE CASCADE,"
  "  text TEXT NOT NULL);";

/* Version 5: indexes for the orders a long library list is shown in, so
 * listing a hundred thousand papers by date, upvotes or title walks an
 * index instead of sorting. */
static const char schema_v5[] =
  "CREATE INDEX library_added ON library (added DESC, paper DESC);"
  "CREATE INDEX papers_published ON papers (published DESC, rowid DESC);"
  "CREATE INDEX papers_upvotes ON papers (upvotes DESC, rowid DESC);"
  "CREATE INDEX papers_title ON papers (title COLLATE NOCASE, rowid);";

/* Version 6: the titles of the papers in the library in an index of their
 * own, with the three-character prefixes indexed too ("mod*").  A search
 * being typed looks for its words in the titles first: in "search", the
 * words beginning "mod" are merged over their postings in every column,
 * abstracts and all, before the title filter applies (5-8 ms at 100 000
 * papers); here, over titles only.  Kept up to date with "search", by the
 * store's code. */
static const char schema_v6[] =
  "CREATE VIRTUAL TABLE title_search USING fts5 ("
  "  title, content='', contentless_delete=1,"
  "  tokenize='unicode61 remove_diacritics 2', prefix='3');"
  "INSERT INTO title_search (title_search, rank) VALUES ('automerge', 8);"
  "INSERT INTO title_search (rowid, title)"
  "  SELECT p.rowid, p.title FROM papers p JOIN library l ON l.paper = p.rowid ORDER BY p.rowid;";

/* Version 7: what For You learns from beside the library.  Papers the
 * reader said Not Interested to, by id: the paper need not be in the
 * library nor even in "papers" (its metadata is kept there when known, and
 * joined by id when the model is trained).  Followed authors and searches,
 * the kind as its nick ("author", "search"), unique by a casefolded key.
 * The model itself, one row: the ranker's bytes, the format version they
 * say, and when it was trained; and what it was trained from, a stamp per
 * example ("p:ID" kept, "d:ID" dismissed, "a:NAME", "t:QUERY" followed),
 * so that a change to the library updates it instead of retraining. */
static const char schema_v7[] =
  "CREATE TABLE dismissed ("
  "  id TEXT PRIMARY KEY, dismissed INTEGER NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE follows ("
  "  kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, followed INTEGER NOT NULL,"
  "  PRIMARY KEY (kind, key)) WITHOUT ROWID;"
  "CREATE TABLE rank_model ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL,"
  "  trained INTEGER NOT NULL, model BLOB NOT NULL);"
  "CREATE TABLE rank_examples ("
  "  key TEXT PRIMARY KEY, stamp TEXT NOT NULL) WITHOUT ROWID;";

/* The search row as version 8 made it; migrations never change, so a
 * later change of PAPERS_DB_SEARCH_ROW must not reach this one */
#define SEARCH_ROW_V8 \
  "SELECT p.rowid, p.title, p.abstract," \
  " (SELECT group_concat (name, ', ') FROM" \
  "    (SELECT name FROM authors WHERE paper = p.rowid ORDER BY position))," \
  " (SELECT group_concat (t, ' ') FROM" \
  "    (SELECT text AS t FROM notes WHERE paper = p.rowid" \
  "     UNION ALL SELECT coalesce (text, '') || ' ' || coalesce (comment, '')" \
  "     FROM annotations WHERE paper = p.rowid))," \
  " (SELECT text FROM pdf_texts WHERE paper = p.rowid)," \
  " 'lib st' || l.status" \
  "  || coalesce (' y' || strftime ('%Y', p.published, 'unixepoch'), '')" \
  "  || CASE WHEN l.starred THEN ' starred' ELSE '' END" \
  "  || CASE WHEN EXISTS (SELECT 1 FROM notes WHERE paper = p.rowid) THEN ' hasnote' ELSE '' END" \
  "  || CASE WHEN EXISTS (SELECT 1 FROM annotations WHERE paper = p.rowid) THEN ' hasannotations' ELSE '' END" \
  "  || CASE WHEN EXISTS (SELECT 1 FROM pdfs WHERE paper = p.rowid) THEN ' haspdf' ELSE '' END" \
  "  || CASE WHEN EXISTS (SELECT 1 FROM pdf_texts WHERE paper = p.rowid AND text <> '')" \
  "     THEN ' hasfulltext' ELSE '' END" \
  "  || coalesce ((SELECT ' ' || group_concat ('tag' || tag, ' ') FROM paper_tags WHERE paper = p.rowid), '')" \
  " FROM papers p JOIN library l ON l.paper = p.rowid"

/* Version 8: the PDF's text is indexed by the library itself, page by
 * page: "text" holds the pages separated by form feeds ('\f', which the
 * tokenizer skips), so a body hit knows its page without a second index.
 * With it, what the text was read from (the file's size and mtime, the
 * sha256 the library knew), so a changed file is read again; a row with
 * "" is a PDF read with no text (a scan), not read again until it
 * changes.  The search rows of papers with a text gain "hasfulltext". */
static const char schema_v8[] =
  "ALTER TABLE pdf_texts ADD COLUMN size INTEGER;"
  "ALTER TABLE pdf_texts ADD COLUMN mtime INTEGER;"
  "ALTER TABLE pdf_texts ADD COLUMN sha256 TEXT;"
  "DELETE FROM search WHERE rowid IN (SELECT paper FROM pdf_texts);"
  "INSERT INTO search (rowid, title, abstract, authors, notes, body, meta) "
  SEARCH_ROW_V8 " WHERE p.rowid IN (SELECT paper FROM pdf_texts);";

/* Version 9: the sync change log.  Every library write
 * that sync covers appends a row here in its own transaction: the stamp's
 * wall and logical parts of the device's hybrid logical clock (the device
 * id is in sync_meta, made by the sync layer, so stamps are complete only
 * there), the op as the nick of PapersSyncOp, and its operands, plain text:
 * encryption is the sync layer's.  sync_meta keeps the sync layer's small
 * values: the device id, the clock as far as received changes moved it,
 * the last row uploaded, the merged state.  Annotations get a sync key,
 * random, since their rowids differ on every device. */
static const char schema_sync_log[] =
  "CREATE TABLE sync_log ("
  "  seq INTEGER PRIMARY KEY, wall INTEGER NOT NULL, logical INTEGER NOT NULL,"
  "  op TEXT NOT NULL, paper TEXT, key TEXT, text TEXT, flag INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE sync_meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;"
  "ALTER TABLE annotations ADD COLUMN sync_key TEXT;"
  "UPDATE annotations SET sync_key = lower (hex (randomblob (16)));"
  "CREATE UNIQUE INDEX annotations_sync_key ON annotations (sync_key);";

/* Version 10: how long the reader had each paper open, in seconds, summed
 * over the reading sessions: For You weighs a kept paper up by it.  A
 * table of its own rather than a column of reading_positions: time is
 * counted before (and whether or not) a position is kept. */
static const char schema_v10[] =
  "CREATE TABLE reading_time ("
  "  paper INTEGER PRIMARY KEY REFERENCES papers (rowid) ON DELETE CASCADE,"
  "  seconds REAL NOT NULL);";

/* The search row as version 11 made it, without the body; migrations
 * never change */
#define SEARCH_ROW_V11 \
  "SELECT p.rowid, p.title, p.abstract," \
  " (SELECT group_concat (name, ', ') FROM" \
  "    (SELECT name FROM authors WHERE paper = p.rowid ORDER BY position))," \
  " (SELECT group_concat (t, ' ') FROM" \
  "    (SELECT text AS t FROM notes WHERE paper = p.rowid" \
  "     UNION ALL SELECT coalesce (text, '') || ' ' || coalesce (comment, '')" \
  "     FROM annotations WHERE paper = p.rowid))," \
  " 'lib st' || l.status" \
  "  || coalesce (' y' || strftime ('%Y', p.published, 'unixepoch'), '')" \
  "  || CASE WHEN l.starred THEN ' starred' ELSE '' END" \
  "  || CASE WHEN EXISTS (SELECT 1 FROM notes WHERE paper = p.rowid) THEN ' hasnote' ELSE '' END" \
  "  || CASE WHEN EXISTS (SELECT 1 FROM annotations WHERE paper = p.rowid) THEN ' hasannotations' ELSE '' END" \
  "  || CASE WHEN EXISTS (SELECT 1 FROM pdfs WHERE paper = p.rowid) THEN ' haspdf' ELSE '' END" \
  "  || CASE WHEN EXISTS (SELECT 1 FROM pdf_texts WHERE paper = p.rowid AND text <> '')" \
  "     THEN ' hasfulltext' ELSE '' END" \
  "  || coalesce ((SELECT ' ' || group_concat ('tag' || tag, ' ') FROM paper_tags WHERE paper = p.rowid), '')" \
  " FROM papers p JOIN library l ON l.paper = p.rowid"

/* Version 11: the PDFs' text in an index of its own, "body_search",
 * searched after the metadata as a lower tier.  In "search" a body made
 * every common word match most papers with long position lists (search
 * p95 64 -> 151 ms with 10 000 texts among 100 000 papers), and every
 * edit of a paper (a tag, a status) deleted and inserted its 30-80 KB of
 * text again.  The index holds the text of every paper that has one, in
 * the library or not (a search joins the library), and follows pdf_texts
 * by triggers: a body is one table's row, unlike the search row, and the
 * triggers also see the cascade when a paper is deleted.  INSERT OR
 * REPLACE deletes without firing delete triggers (recursive_triggers is
 * off), so the insert trigger takes the old row out first.  The search
 * rows that had a body are made again without it ("body" stays, empty). */
static const char schema_v11[] =
  "CREATE VIRTUAL TABLE body_search USING fts5 ("
  "  body, content='', contentless_delete=1,"
  "  tokenize='unicode61 remove_diacritics 2');"
  "INSERT INTO body_search (body_search, rank) VALUES ('automerge', 8);"
  "INSERT INTO body_search (rowid, body)"
  "  SELECT paper, text FROM pdf_texts WHERE text <> '' ORDER BY paper;"
  "CREATE TRIGGER pdf_texts_insert AFTER INSERT ON pdf_texts BEGIN"
  "  DELETE FROM body_search WHERE rowid = new.paper;"
  "  INSERT INTO body_search (rowid, body) SELECT new.paper, new.text WHERE new.text <> '';"
  " END;"
  "CREATE TRIGGER pdf_texts_update AFTER UPDATE OF paper, text ON pdf_texts BEGIN"
  "  DELETE FROM body_search WHERE rowid = old.paper;"
  "  INSERT INTO body_search (rowid, body) SELECT new.paper, new.text WHERE new.text <> '';"
  " END;"
  "CREATE TRIGGER pdf_texts_delete AFTER DELETE ON pdf_texts BEGIN"
  "  DELETE FROM body_search WHERE rowid = old.paper;"
  " END;"
  "DELETE FROM search WHERE rowid IN (SELECT paper FROM pdf_texts WHERE text <> '');"
  "INSERT INTO search (rowid, title, abstract, authors, notes, meta) "
  SEARCH_ROW_V11 " WHERE p.rowid IN (SELECT paper FROM pdf_texts WHERE text <> '') ORDER BY p.rowid;";

static const char * const migrations[PAPERS_DB_VERSION] = {
  schema_v1,
  schema_v2,
  schema_v3,
  schema_v4,
  schema_v5,
  schema_v6,
  schema_v7,
  schema_v8,
  [PAPERS_DB_VERSION_SYNC_LOG - 1] = schema_sync_log,
  schema_v10,
  schema_v11,
};

/**
 * papers_store_dup_latest_backup:
 * @db_path: the database file
 *
 * Returns: (transfer full) (nullable): the newest backup of @db_path
 */
char *
papers_store_dup_latest_backup (const char *db_path)
{
  g_autoptr(GPtrArray) backups = papers_recovery_list_backups (db_path);

  return backups->len > 0 ? g_strdup (backups->pdata[0]) : NULL;
}

static void
set_corrupt_error (const char  *path,
                   GError     **error)
{
  g_autofree char *backup = papers_store_dup_latest_backup (path);

  if (backup != NULL)
    g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_CORRUPT,
                 _("The library database “%s” is damaged. It was left untouched; "
                   "the latest good backup is “%s”."), path, backup);
  else
    g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_CORRUPT,
                 _("The library database “%s” is damaged. It was left untouched; "
                   "there is no backup of it."), path);
}

void
papers_db_set_error (PapersDb  *db,
                     int        rc,
                     GError   **error)
{
  const char *msg = db->handle != NULL ? sqlite3_errmsg (db->handle) : sqlite3_errstr (rc);
  int code;

  switch (rc & 0xff)
    {
    case SQLITE_INTERRUPT:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Operation was cancelled"));
      return;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      set_corrupt_error (db->path, error);
      return;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_debug ("%s: %s", db->path, msg);
      g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_READ_ONLY,
                   _("The library database “%s” cannot be written: the file or its folder is "
                     "read-only. Nothing was changed."), db->path);
      return;
    case SQLITE_FULL:
      g_debug ("%s: %s", db->path, msg);
      g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_FULL,
                   _("The disk holding the library database “%s” is full. This change was not "
                     "saved; everything saved before is kept. Free some space and try again."),
                   db->path);
      return;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = PAPERS_STORE_ERROR_BUSY;
      break;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
      code = PAPERS_STORE_ERROR_INVALID;
      break;
    case SQLITE_ERROR:
      code = PAPERS_STORE_ERROR_QUERY;
      break;
    default:
      code = PAPERS_STORE_ERROR_FAILED;
    }

  g_set_error (error, PAPERS_STORE_ERROR, code, _("Library database error: %s"), msg);
}

static int
progress_handler (void *data)
{
  PapersDb *db = data;

  /* Non-zero interrupts the statement: a newer query replaced this one. */
  return db->cancellable != NULL && g_cancellable_is_cancelled (db->cancellable);
}

void
papers_db_set_cancellable (PapersDb     *db,
                           GCancellable *cancellable)
{
  db->cancellable = cancellable;
}

gboolean
papers_db_exec (PapersDb    *db,
                const char  *sql,
                GError     **error)
{
  int rc = sqlite3_exec (db->handle, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      papers_db_set_error (db, rc, error);
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
papers_db_prepare (PapersDb    *db,
                   const char  *sql,
                   GError     **error)
{
  guint slot = (GPOINTER_TO_SIZE (sql) >> 3) % G_N_ELEMENTS (db->recent);
  sqlite3_stmt *stmt;
  int rc;

  /* The same address may hold another text by now (a query built and
   * freed): the text itself decides, compared rather than hashed */
  if (db->recent[slot].sql == sql && strcmp (sqlite3_sql (db->recent[slot].stmt), sql) == 0)
    stmt = db->recent[slot].stmt;
  else
    stmt = g_hash_table_lookup (db->statements, sql);

  if (stmt == NULL)
    {
      rc = sqlite3_prepare_v3 (db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
      if (rc != SQLITE_OK)
        {
          papers_db_set_error (db, rc, error);
          return NULL;
        }
      g_hash_table_insert (db->statements, g_strdup (sql), stmt);
    }
  else
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
  db->recent[slot].sql = sql;
  db->recent[slot].stmt = stmt;
  return stmt;
}

gboolean
papers_db_step (PapersDb      *db,
                sqlite3_stmt  *stmt,
                gboolean      *row,
                GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    {
      *row = rc == SQLITE_ROW;
      return TRUE;
    }
  papers_db_set_error (db, rc, error);
  sqlite3_reset (stmt);
  return FALSE;
}

gboolean
papers_db_run (PapersDb      *db,
               sqlite3_stmt  *stmt,
               GError       **error)
{
  gboolean row = TRUE;

  while (row)
    if (!papers_db_step (db, stmt, &row, error))
      return FALSE;
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
papers_db_begin (PapersDb  *db,
                 GError   **error)
{
  /* IMMEDIATE takes the write lock now, so that a transaction never fails
   * half way because another connection wrote first. */
  db->stamp_known = FALSE;
  return papers_db_exec (db, "BEGIN IMMEDIATE", error);
}

gboolean
papers_db_commit (PapersDb  *db,
                  GError   **error)
{
  db->stamp_known = FALSE;
  if (papers_db_exec (db, "COMMIT", error))
    return TRUE;
  papers_db_rollback (db);
  return FALSE;
}

void
papers_db_rollback (PapersDb *db)
{
  db->stamp_known = FALSE;
  if (!sqlite3_get_autocommit (db->handle))
    sqlite3_exec (db->handle, "ROLLBACK", NULL, NULL, NULL);
}

void
papers_db_bind_text (sqlite3_stmt *stmt,
                     int           index,
                     const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

void
papers_db_bind_date (sqlite3_stmt *stmt,
                     int           index,
                     GDateTime    *date)
{
  if (date != NULL)
    sqlite3_bind_int64 (stmt, index, g_date_time_to_unix (date));
  else
    sqlite3_bind_null (stmt, index);
}

GDateTime *
papers_db_column_date (sqlite3_stmt *stmt,
                       int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  return g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, column));
}

const char *
papers_db_column_text (sqlite3_stmt *stmt,
                       int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

int
papers_db_get_version (PapersDb *db)
{
  sqlite3_stmt *stmt = papers_db_prepare (db, "PRAGMA user_version", NULL);
  int version = -1;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return version;
}

gboolean
papers_db_migrate (PapersDb  *db,
                   int        version,
                   GError   **error)
{
  int current = papers_db_get_version (db);

  g_return_val_if_fail (version <= PAPERS_DB_VERSION, FALSE);

  if (current < 0)
    {
      set_corrupt_error (db->path, error);
      return FALSE;
    }
  if (current > PAPERS_DB_VERSION)
    {
      g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_TOO_NEW,
                   _("The library database “%s” was written by a newer version of Papers."),
                   db->path);
      return FALSE;
    }

  /* Each step and its version number commit together: a crash leaves the
   * database at one version or the next, never in between. */
  for (int v = current + 1; v <= version; v++)
    {
      /* PRAGMA takes no bound parameters; v is the loop's own integer. */
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", v); /* sql: constant */

      if (!papers_db_begin (db, error))
        return FALSE;
      if (!papers_db_exec (db, migrations[v - 1], error) ||
          !papers_db_exec (db, set_version, error))
        {
          papers_db_rollback (db);
          return FALSE;
        }
      if (!papers_db_commit (db, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
papers_db_check_integrity (PapersDb  *db,
                           GError   **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  rc = sqlite3_prepare_v2 (db->handle, "PRAGMA integrity_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);

  if (!ok)
    set_corrupt_error (db->path, error);
  return ok;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
db_free (PapersDb *db)
{
  g_clear_pointer (&db->statements, g_hash_table_unref);
  if (db->handle != NULL)
    sqlite3_close_v2 (db->handle);
  g_free (db->path);
  g_free (db);
}

PapersDb *
papers_db_open (const char  *path,
                gboolean     check_integrity,
                GError     **error)
{
  return papers_db_open_at_version (path, check_integrity, PAPERS_DB_VERSION, error);
}

static PapersDb *
db_new (const char *path)
{
  PapersDb *db = g_new0 (PapersDb, 1);

  db->path = g_strdup (path);
  db->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  return db;
}

/* Whether Papers may not write the library at @path: its file, or the
 * folder that must hold its journal beside it, is write-protected (or on
 * a read-only file system) */
static gboolean
cannot_write (const char *path)
{
  g_autofree char *dirname = g_path_get_dirname (path);

  return g_access (dirname, W_OK) != 0 ||
         (g_file_test (path, G_FILE_TEST_EXISTS) && g_access (path, W_OK) != 0);
}

/* Opens the handle of a library nobody may write.  A library in WAL mode
 * is read through its shared-memory index, which SQLite cannot create in
 * a read-only folder: that first read fails to open, and the file is then
 * read as immutable (no one can change it while the folder stays
 * read-only). */
static int
open_read_only_handle (PapersDb *db)
{
  int rc = sqlite3_open_v2 (db->path, &db->handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);

  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (db->handle, TRUE);
      rc = sqlite3_exec (db->handle, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
    }
  if ((rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_READONLY)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = g_filename_to_uri (db->path, NULL, &error);
      g_autofree char *immutable = uri != NULL ? g_strconcat (uri, "?immutable=1", NULL) : NULL;

      if (immutable == NULL)
        return rc;
      g_debug ("%s: reading it as immutable (%s)", db->path, sqlite3_errstr (rc));
      sqlite3_close_v2 (db->handle);
      db->handle = NULL;
      rc = sqlite3_open_v2 (immutable, &db->handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                            NULL);
    }
  /* Whatever a read fails with next is the file's own answer */
  return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB ? SQLITE_OK : rc;
}

static void
set_read_only_error (const char  *path,
                     GError     **error)
{
  g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_READ_ONLY,
               _("The library database “%s” is read-only, so Papers cannot open it. "
                 "Check the permissions of the file and its folder; nothing in it was changed."),
               path);
}

/* papers_phrases_found(T, N): which of the first N phrases of the row's
 * MATCH expression have a hit in it, a bit each (phrase 0 the lowest
 * bit), or 0 when the expression holds fewer than N (a word that made no
 * token).  The search's body tier asks it which words a body has, so
 * the words it lacks alone are looked for in the metadata. */
static void
phrases_found (const Fts5ExtensionApi  *api,
               Fts5Context             *fts,
               sqlite3_context         *context,
               int                      n_values,
               sqlite3_value          **values)
{
  int n = n_values > 0 ? sqlite3_value_int (values[0]) : 0;
  sqlite3_int64 mask = 0;

  if (n < 0 || n > 62 || api->xPhraseCount (fts) < n)
    {
      sqlite3_result_int64 (context, 0);
      return;
    }
  for (int i = 0; i < n; i++)
    {
      Fts5PhraseIter iter;
      int column = -1;
      int offset = -1;

      if (api->xPhraseFirst (fts, i, &iter, &column, &offset) != SQLITE_OK)
        {
          sqlite3_result_error_code (context, SQLITE_ERROR);
          return;
        }
      if (column >= 0)
        mask |= (sqlite3_int64) 1 << i;
    }
  sqlite3_result_int64 (context, mask);
}

/* papers_rowid_in(SET, ROWID): whether ROWID is in SET, a sorted GArray
 * of gint64 bound with sqlite3_bind_pointer() as PAPERS_DB_ROWID_SET (NULL,
 * as any other value, is the empty set).  A search finds the papers whose
 * PDF has a negated word once and asks this of each metadata match: a
 * "NOT IN (SELECT … MATCH …)" read the word's position lists through every
 * body again for each of a search's statements (three for "by -from"). */
static void
rowid_in (sqlite3_context  *context,
          int               n_values,
          sqlite3_value   **values)
{
  GArray *set = sqlite3_value_pointer (values[0], PAPERS_DB_ROWID_SET);
  gint64 rowid = sqlite3_value_int64 (values[1]);
  guint lo = 0, hi = set != NULL ? set->len : 0;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 value = g_array_index (set, gint64, mid);

      if (value == rowid)
        {
          sqlite3_result_int (context, 1);
          return;
        }
      if (value < rowid)
        lo = mid + 1;
      else
        hi = mid;
    }
  sqlite3_result_int (context, 0);
}

/* papers_body_rank(T): BM25 (k1 1.2, b 0.75) of the row's hits, every
 * phrase of the MATCH weighted alike, negative as bm25() is.  FTS5's
 * bm25() weighs each phrase by its inverse document frequency, which it
 * finds by running each phrase once more over every row of the index
 * when a statement first ranks: over the bodies, a third pass through
 * the position lists of 10 000 PDFs for a phrase of two common words
 * (32 of a query's 60 ms).  Within a body tier of one word or phrase that
 * weight is the same for every row and changes no order; with several,
 * it only ranks bodies with a rarer word above those with a common one. */
static void
body_rank (const Fts5ExtensionApi  *api,
           Fts5Context             *fts,
           sqlite3_context         *context,
           int                      n_values,
           sqlite3_value          **values)
{
  const double k1 = 1.2, b = 0.75;
  sqlite3_int64 n_rows = 0, total = 0;
  int length = 0;
  double norm, score = 0;

  if (api->xRowCount (fts, &n_rows) != SQLITE_OK || api->xColumnTotalSize (fts, 0, &total) != SQLITE_OK ||
      api->xColumnSize (fts, 0, &length) != SQLITE_OK)
    {
      sqlite3_result_error_code (context, SQLITE_ERROR);
      return;
    }
  norm = k1 * (1 - b + b * length / (n_rows > 0 && total > 0 ? (double) total / n_rows : 1.0));
  for (int i = 0; i < api->xPhraseCount (fts); i++)
    {
      Fts5PhraseIter iter;
      int column = -1, offset = -1, hits = 0;

      if (api->xPhraseFirst (fts, i, &iter, &column, &offset) != SQLITE_OK)
        {
          sqlite3_result_error_code (context, SQLITE_ERROR);
          return;
        }
      for (; column >= 0; api->xPhraseNext (fts, &iter, &column, &offset))
        hits++;
      score += hits * (k1 + 1) / (hits + norm);
    }
  sqlite3_result_double (context, -score);
}

static gboolean
register_fts5_functions (PapersDb  *db,
                         GError   **error)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db->handle, "SELECT fts5 (?1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_pointer (stmt, 1, (void *) &api, "fts5_api_ptr", NULL);
      sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (api == NULL || api->iVersion < 2)
    {
      g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_FAILED,
                   _("Could not open the library database “%s”: %s"), db->path, "no FTS5");
      return FALSE;
    }
  rc = api->xCreateFunction (api, "papers_phrases_found", NULL, phrases_found, NULL);
  if (rc == SQLITE_OK)
    rc = api->xCreateFunction (api, "papers_body_rank", NULL, body_rank, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2 (db->handle, "papers_rowid_in", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                     rowid_in, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      papers_db_set_error (db, rc, error);
      return FALSE;
    }
  return TRUE;
}

static PapersDb *
db_open (const char  *path,
         gboolean     check_integrity,
         gboolean     read_only_ok,
         int          target_version,
         GError     **error)
{
  PapersDb *db;
  g_autofree char *dirname = g_path_get_dirname (path);
  gboolean read_only = FALSE;
  int version;
  int rc;

  if (g_mkdir_with_parents (dirname, 0700) != 0)
    {
      int errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Could not create the folder “%s”: %s"), dirname, g_strerror (errsv));
      return NULL;
    }

  db = db_new (path);

  /* A library that cannot be written opens read-only when the caller can
   * show it so (the window, which says so from the start); a missing one
   * cannot be made there. */
  if (read_only_ok && cannot_write (path) && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      read_only = TRUE;
      rc = open_read_only_handle (db);
    }
  else
    /* The connection is used by one thread at a time (the store's worker),
     * so SQLite's own mutexes are not needed. */
    rc = sqlite3_open_v2 (path, &db->handle,
                          SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, PAPERS_STORE_ERROR,
                   rc == SQLITE_READONLY || rc == SQLITE_PERM ? PAPERS_STORE_ERROR_READ_ONLY
                                                               : PAPERS_STORE_ERROR_FAILED,
                   _("Could not open the library database “%s”: %s"), path,
                   db->handle ? sqlite3_errmsg (db->handle) : sqlite3_errstr (rc));
      db_free (db);
      return NULL;
    }

  /* SQLite quietly opens a write-protected file read-only; every later
   * write would fail.  Say so now, in words, rather than calling the file
   * damaged when its first read needs a WAL index it cannot create. */
  if (!read_only && sqlite3_db_readonly (db->handle, "main") == 1)
    {
      if (!read_only_ok)
        {
          set_read_only_error (path, error);
          db_free (db);
          return NULL;
        }
      sqlite3_close_v2 (db->handle);
      db->handle = NULL;
      read_only = TRUE;
      rc = open_read_only_handle (db);
      if (rc != SQLITE_OK)
        {
          set_read_only_error (path, error);
          db_free (db);
          return NULL;
        }
    }
  db->read_only = read_only;

  sqlite3_extended_result_codes (db->handle, TRUE);
  sqlite3_busy_timeout (db->handle, 5000);
  sqlite3_progress_handler (db->handle, 2000, progress_handler, db);
  if (!register_fts5_functions (db, error))
    {
      db_free (db);
      return NULL;
    }

  /* Read before anything writes: a damaged file must not be touched. */
  version = papers_db_get_version (db);
  if (version < 0)
    {
      int rc_read = sqlite3_extended_errcode (db->handle);

      /* Only a file SQLite cannot read as a database is damaged; a file it
       * cannot read at all (permissions, I/O) is reported as such. */
      if ((rc_read & 0xff) == SQLITE_CORRUPT || (rc_read & 0xff) == SQLITE_NOTADB)
        set_corrupt_error (path, error);
      else
        papers_db_set_error (db, rc_read, error);
      db_free (db);
      return NULL;
    }
  if (check_integrity && version > 0 && !papers_db_check_integrity (db, NULL))
    {
      set_corrupt_error (path, error);
      db_free (db);
      return NULL;
    }

  /* Nothing can be migrated in a library that cannot be written */
  if (read_only && version < target_version)
    {
      g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_READ_ONLY,
                   _("The library database “%s” is read-only, and Papers must update it "
                     "before using it. Check the permissions of the file and its folder; "
                     "nothing in it was changed."), path);
      db_free (db);
      return NULL;
    }

  /* A new library is made of 16 KB pages, not SQLite's 4 KB: every
   * paper added lands on pages of several indexes and of the full-text
   * segments, and with bigger pages those trees are shallower and a
   * segment's leaves fewer, which made inserting 100 000 papers a fifth
   * faster with searches no slower (papers-bench library).  The pragma
   * only takes effect before the first table exists; a library made
   * earlier keeps its pages. */
  if (!read_only && !papers_db_exec (db, "PRAGMA page_size = 16384;", error))
    {
      db_free (db);
      return NULL;
    }

  /* WAL with synchronous=NORMAL survives a killed process with every
   * committed transaction; foreign keys keep library state from dangling.
   * An 8 MB page cache, 512 of the 16 KB pages: a page of search results
   * loads each paper's row and its authors, categories and tags from
   * random pages, and with 4 MB most of those were read again from the
   * system's file cache for every search, 16 KB at a time (search_p50_ms
   * at 100 000 papers 6.40 -> 4.60 ms, medians of 3 runs of papers-bench
   * library).  A bigger cache (32 MB, measured earlier) bought no more
   * speed and costs the window as much resident memory. */
  if ((!read_only && !papers_db_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", error)) ||
      !papers_db_exec (db,
                       "PRAGMA foreign_keys = ON;"
                       "PRAGMA temp_store = MEMORY;"
                       "PRAGMA cache_size = -8192;"
                       "PRAGMA mmap_size = 0;",
                       error) ||
      !papers_db_migrate (db, target_version, error))
    {
      db_free (db);
      return NULL;
    }

  return db;
}

/**
 * papers_db_set_bulk:
 * @db: a database
 * @bulk: whether a large write starts (%TRUE) or has ended (%FALSE)
 *
 * Gives a large write, an import of thousands of papers, a page cache of
 * 16 MB instead of the everyday 8 MB, and takes it back after.  Every
 * paper added lands on a random page of several indexes (title,
 * identifier, date, upvotes) and of the full-text segments; with a small
 * cache those pages leave it between two papers and are read again, and
 * dirty ones spill into the log before the commit and are written twice.
 * Measured with papers-bench library at 100 000 papers in transactions of
 * 5 000: 4 MB -> 64 MB took the reads from 1.7 GB to 0.55 GB and the
 * writes from 1.45 to 1.0 GB.  Once the change log stopped re-reading its
 * end for every row, 16 MB inserts as fast as 64 MB did (insert_s medians
 * 5.33 and 5.19 s in the same runs) and the import's peak resident memory
 * is 70 MB instead of 88.
 */
void
papers_db_set_bulk (PapersDb *db,
                    gboolean  bulk)
{
  if (bulk)
    db->bulk_writes++;
  sqlite3_exec (db->handle,
                bulk ? "PRAGMA cache_size = -16384"
                     : "PRAGMA cache_size = -8192; PRAGMA shrink_memory",
                NULL, NULL, NULL);
}

/* While set, writes are not appended to the sync change log: they are
 * changes received from other devices, already in their logs */
void
papers_db_set_sync_quiet (PapersDb *db,
                          gboolean  quiet)
{
  db->sync_quiet = quiet;
}

gboolean
papers_db_get_sync_quiet (PapersDb *db)
{
  return db->sync_quiet;
}

/**
 * papers_db_get_stamp:
 * @wall: (out): the stamp's wall clock, in ms
 * @logical: (out): its logical counter
 *
 * The sync log's last stamp, when a row was logged in the transaction
 * open now: while it holds the write lock no other connection logs, so
 * the next stamp follows from this one without reading the log again.
 *
 * Returns: whether it is known
 */
gboolean
papers_db_get_stamp (PapersDb *db,
                     gint64   *wall,
                     gint64   *logical)
{
  if (!db->stamp_known || sqlite3_get_autocommit (db->handle))
    return FALSE;
  *wall = db->stamp_wall;
  *logical = db->stamp_logical;
  return TRUE;
}

/* Remembers the stamp just logged, inside a transaction only: outside
 * one, another connection may log before the next write */
void
papers_db_set_stamp (PapersDb *db,
                     gint64    wall,
                     gint64    logical)
{
  db->stamp_known = !sqlite3_get_autocommit (db->handle);
  db->stamp_wall = wall;
  db->stamp_logical = logical;
}

void
papers_db_forget_stamp (PapersDb *db)
{
  db->stamp_known = FALSE;
}

/* How many bulk writes began on @db: tests see an import take that path */
guint
papers_db_get_bulk_writes (PapersDb *db)
{
  return db->bulk_writes;
}

PapersDb *
papers_db_open_at_version (const char  *path,
                           gboolean     check_integrity,
                           int          target_version,
                           GError     **error)
{
  return db_open (path, check_integrity, FALSE, target_version, error);
}

/**
 * papers_db_open_full:
 * @read_only_ok: open a library that cannot be written read-only, rather
 *   than fail (papers_db_is_read_only() says so)
 */
PapersDb *
papers_db_open_full (const char  *path,
                     gboolean     check_integrity,
                     gboolean     read_only_ok,
                     GError     **error)
{
  return db_open (path, check_integrity, read_only_ok, PAPERS_DB_VERSION, error);
}

gboolean
papers_db_is_read_only (PapersDb *db)
{
  return db->read_only;
}

PapersDb *
papers_db_open_readonly (const char  *path,
                         GError     **error)
{
  PapersDb *db = db_new (path);
  int rc;

  rc = sqlite3_open_v2 (path, &db->handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_FAILED,
                   _("Could not open the library database “%s”: %s"), path,
                   db->handle ? sqlite3_errmsg (db->handle) : sqlite3_errstr (rc));
      db_free (db);
      return NULL;
    }
  sqlite3_busy_timeout (db->handle, 5000);
  return db;
}

void
papers_db_close (PapersDb *db)
{
  if (db == NULL)
    return;
  if (!sqlite3_db_readonly (db->handle, "main"))
    sqlite3_exec (db->handle, "PRAGMA optimize", NULL, NULL, NULL);
  db_free (db);
}

sqlite3 *
papers_db_get_handle (PapersDb *db)
{
  return db->handle;
}

const char *
papers_db_get_path (PapersDb *db)
{
  return db->path;
}

static void
prune_backups (const char *path,
               guint       keep)
{
  g_autoptr(GPtrArray) backups = papers_recovery_list_backups (path);

  for (guint i = keep; i < backups->len; i++)
    g_unlink (backups->pdata[i]);
}

/**
 * papers_db_copy_to:
 * @target: where the copy goes
 *
 * Copies the database with SQLite's backup API into a file of its own, in
 * rollback-journal mode (one file, complete in itself).  The copy is made
 * beside @target and takes its name only once it is complete, replacing
 * whatever had it.
 */
gboolean
papers_db_copy_to (PapersDb    *db,
                   const char  *target,
                   GError     **error)
{
  g_autofree char *tmp = g_strconcat (target, ".tmp", NULL);
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int rc;

  g_unlink (tmp);
  rc = sqlite3_open_v2 (tmp, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (dest, "main", db->handle, "main");
      if (backup != NULL)
        {
          sqlite3_backup_step (backup, -1);
          sqlite3_backup_finish (backup);
        }
      rc = sqlite3_errcode (dest);
    }
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  sqlite3_close (dest);

  /* The copy appears under its final name only once it is complete. */
  if (rc != SQLITE_OK || g_rename (tmp, target) != 0)
    {
      int errsv = errno;

      g_unlink (tmp);
      g_set_error (error, PAPERS_STORE_ERROR, (rc & 0xff) == SQLITE_FULL ? PAPERS_STORE_ERROR_FULL
                                                                         : PAPERS_STORE_ERROR_FAILED,
                   _("Could not copy the library to “%s”: %s"), target,
                   rc != SQLITE_OK ? sqlite3_errstr (rc) : g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

gboolean
papers_db_backup (PapersDb  *db,
                  gboolean   force,
                  GError   **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *day = g_date_time_format (now, force ? "%Y-%m-%d-%H%M%S-%f" : "%Y-%m-%d");
  g_autofree char *target = g_strconcat (db->path, ".backup-", day, NULL);

  if (!force && g_file_test (target, G_FILE_TEST_EXISTS))
    return TRUE;
  if (!papers_db_copy_to (db, target, error))
    return FALSE;
  prune_backups (db->path, 3);
  return TRUE;
}
