/* papers-store-db-papers.c: papers, their authors and categories, the library
 * that holds them, their search rows, and the upsert that writes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "papers-store-db-private.h"

#define SEP "\x1f"

/**
 * papers_store_make_id:
 * @paper: a paper
 *
 * The key of a paper: its unversioned arXiv id when it has one, else
 * "doi:" and its DOI in lower case, else "p-" and a digest of its title,
 * first author and year, so that the same paper imported twice meets
 * itself.
 *
 * Returns: (transfer full): the id
 */
char *
papers_store_make_id (PapersPaper *paper)
{
  const char * const *authors = papers_paper_get_authors (paper);
  GDateTime *published = papers_paper_get_published (paper);
  g_autoptr(GString) seed = NULL;
  g_autofree char *digest = NULL;

  if (papers_paper_get_arxiv_id (paper) != NULL)
    return g_strdup (papers_paper_get_arxiv_id (paper));
  if (papers_paper_get_doi (paper) != NULL)
    return g_strconcat ("doi:", papers_paper_get_doi (paper), NULL);

  seed = g_string_new (NULL);
  if (papers_paper_get_title (paper) != NULL)
    {
      g_autofree char *folded = g_utf8_casefold (papers_paper_get_title (paper), -1);
      for (const char *c = folded; *c != '\0'; c = g_utf8_next_char (c))
        if (g_unichar_isalnum (g_utf8_get_char (c)))
          g_string_append_unichar (seed, g_utf8_get_char (c));
    }
  g_string_append_c (seed, '|');
  if (authors != NULL && authors[0] != NULL)
    g_string_append (seed, authors[0]);
  if (published != NULL)
    g_string_append_printf (seed, "|%d", g_date_time_get_year (published));
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed->str, seed->len);
  return g_strdup_printf ("p-%.16s", digest);
}

static void
set_not_found (GError     **error,
               const char  *id)
{
  g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND,
               _("There is no paper “%s” in the library"), id);
}

/* Returns the rowid, or 0 with NOT_FOUND, or -1 with another error */
gint64
papers_store_db_lookup (PapersDb    *db,
                        const char  *id,
                        GError     **error)
{
  gint64 rowid;

  if (id == NULL)
    {
      set_not_found (error, "");
      return 0;
    }
  rowid = papers_store_db_lookup_by (db, "SELECT rowid FROM papers WHERE id = ?", id, error);
  if (rowid == 0)
    set_not_found (error, id);
  return rowid;
}

/* The paper with this DOI, in any case: its rowid, 0 when there is none,
 * or -1 with an error */
gint64
papers_store_db_lookup_doi (PapersDb    *db,
                            const char  *doi,
                            GError     **error)
{
  return papers_store_db_lookup_by (db,
                                    "SELECT rowid FROM papers WHERE lower (doi) = lower (?) AND doi IS NOT NULL",
                                    doi, error);
}

/* The same paper under another key: by arXiv id, then by DOI */
static gint64
find_existing (PapersDb     *db,
               PapersPaper  *paper,
               const char   *id,
               GError      **error)
{
  gint64 rowid = papers_store_db_lookup_by (db, "SELECT rowid FROM papers WHERE id = ?", id, error);

  if (rowid == 0 && papers_paper_get_arxiv_id (paper) != NULL &&
      g_strcmp0 (papers_paper_get_arxiv_id (paper), id) != 0)
    rowid = papers_store_db_lookup_by (db, "SELECT rowid FROM papers WHERE arxiv_id = ?",
                                       papers_paper_get_arxiv_id (paper), error);
  if (rowid == 0 && papers_paper_get_doi (paper) != NULL)
    rowid = papers_store_db_lookup_doi (db, papers_paper_get_doi (paper), error);
  return rowid;
}

static const char select_papers[] =
  "SELECT p.rowid, p.id, p.arxiv_id, p.version, p.doi, p.title, p.abstract,"
  " p.journal_ref, p.comment, p.published, p.updated, p.abs_url, p.pdf_url,"
  " p.hf_url, p.code_url, p.project_url, p.thumbnail_url, p.upvotes, p.comments,"
  " p.source, p.announce_type, l.paper IS NOT NULL, l.added, l.status, l.starred,"
  " n.text, f.path,"
  " (SELECT group_concat (name, char (31)) FROM"
  "    (SELECT name FROM authors WHERE paper = p.rowid ORDER BY position)),"
  " (SELECT group_concat (name, char (31)) FROM"
  "    (SELECT name FROM categories WHERE paper = p.rowid ORDER BY position)),"
  " (SELECT group_concat (t.name, char (31)) FROM paper_tags pt JOIN tags t"
  "    ON t.id = pt.tag WHERE pt.paper = p.rowid)"
  " FROM papers p LEFT JOIN library l ON l.paper = p.rowid"
  " LEFT JOIN notes n ON n.paper = p.rowid LEFT JOIN pdfs f ON f.paper = p.rowid"
  " WHERE p.rowid IN (SELECT value FROM json_each (?))";

static int
compare_tags (gconstpointer a,
              gconstpointer b)
{
  g_autofree char *x = papers_tag_dup_key (*(const char **) a);
  g_autofree char *y = papers_tag_dup_key (*(const char **) b);

  return g_strcmp0 (x, y);
}

static void
set_list (PapersPaper  *paper,
          sqlite3_stmt *stmt,
          int           column,
          void        (*setter) (PapersPaper *, const char * const *))
{
  const char *joined = papers_db_column_text (stmt, column);
  g_auto(GStrv) list = NULL;

  if (joined == NULL)
    return;
  list = g_strsplit (joined, SEP, -1);
  /* Tags by name; sorting them here rather than in SQL spares a sorter
   * per paper, which was most of the cost of loading a page of results. */
  if (setter == papers_paper_set_tags)
    qsort (list, g_strv_length (list), sizeof (char *), compare_tags);
  setter (paper, (const char * const *) list);
}

static PapersPaper *
paper_from_row (sqlite3_stmt *stmt)
{
  PapersPaper *paper = papers_paper_new (papers_db_column_text (stmt, 1));
  g_autoptr(GDateTime) published = papers_db_column_date (stmt, 9);
  g_autoptr(GDateTime) updated = papers_db_column_date (stmt, 10);
  g_autoptr(GDateTime) added = papers_db_column_date (stmt, 22);

  g_object_freeze_notify (G_OBJECT (paper));
  papers_paper_set_arxiv_id (paper, papers_db_column_text (stmt, 2));
  papers_paper_set_version (paper, sqlite3_column_int (stmt, 3));
  papers_paper_set_doi (paper, papers_db_column_text (stmt, 4));
  papers_paper_set_title (paper, papers_db_column_text (stmt, 5));
  papers_paper_set_abstract (paper, papers_db_column_text (stmt, 6));
  papers_paper_set_journal_ref (paper, papers_db_column_text (stmt, 7));
  papers_paper_set_comment (paper, papers_db_column_text (stmt, 8));
  papers_paper_set_published (paper, published);
  papers_paper_set_updated (paper, updated);
  papers_paper_set_abs_url (paper, papers_db_column_text (stmt, 11));
  papers_paper_set_pdf_url (paper, papers_db_column_text (stmt, 12));
  papers_paper_set_hf_url (paper, papers_db_column_text (stmt, 13));
  papers_paper_set_code_url (paper, papers_db_column_text (stmt, 14));
  papers_paper_set_project_url (paper, papers_db_column_text (stmt, 15));
  papers_paper_set_thumbnail_url (paper, papers_db_column_text (stmt, 16));
  papers_paper_set_upvotes (paper, sqlite3_column_int (stmt, 17));
  papers_paper_set_comments (paper, sqlite3_column_int (stmt, 18));
  papers_paper_set_source (paper, papers_db_column_text (stmt, 19));
  papers_paper_set_announce_type (paper, papers_db_column_text (stmt, 20));
  papers_paper_set_in_library (paper, sqlite3_column_int (stmt, 21));
  papers_paper_set_added (paper, added);
  papers_paper_set_status (paper, CLAMP (sqlite3_column_int (stmt, 23), 0, PAPERS_READ_STATUS_READ));
  papers_paper_set_starred (paper, sqlite3_column_int (stmt, 24));
  papers_paper_set_note (paper, papers_db_column_text (stmt, 25));
  papers_paper_set_pdf_path (paper, papers_db_column_text (stmt, 26));
  set_list (paper, stmt, 27, papers_paper_set_authors);
  set_list (paper, stmt, 28, papers_paper_set_categories);
  set_list (paper, stmt, 29, papers_paper_set_tags);
  g_object_thaw_notify (G_OBJECT (paper));

  return paper;
}

/**
 * papers_store_rowids_json:
 * @rowids: (element-type gint64): rowids
 *
 * Returns: (transfer full): @rowids as a JSON array, for json_each() in a
 *   statement: integers only, so nothing to escape
 */
GString *
papers_store_rowids_json (GArray *rowids)
{
  GString *json = g_string_new ("[");

  for (guint i = 0; i < rowids->len; i++)
    g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (rowids, gint64, i));
  g_string_append_c (json, ']');
  return json;
}

static void
unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static GPtrArray *
load_rowids (PapersDb  *db,
             GArray    *rowids,
             gboolean   keep_holes,
             GError   **error)
{
  g_autoptr(GPtrArray) papers = g_ptr_array_new_full (rowids->len, unref_nullable);
  g_autoptr(GHashTable) by_rowid = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                          g_free, g_object_unref);
  g_autoptr(GString) json = NULL;
  sqlite3_stmt *stmt;
  gboolean row = TRUE;

  if (rowids->len == 0)
    return g_steal_pointer (&papers);
  json = papers_store_rowids_json (rowids);

  stmt = papers_db_prepare (db, select_papers, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, json->str, json->len, SQLITE_STATIC);

  for (;;)
    {
      if (!papers_db_step (db, stmt, &row, error))
        return NULL;
      if (!row)
        break;
      g_hash_table_insert (by_rowid, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)),
                           paper_from_row (stmt));
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < rowids->len; i++)
    {
      PapersPaper *paper = g_hash_table_lookup (by_rowid, &g_array_index (rowids, gint64, i));

      if (paper != NULL)
        g_ptr_array_add (papers, g_object_ref (paper));
      else if (keep_holes)
        g_ptr_array_add (papers, NULL);
    }

  return g_steal_pointer (&papers);
}

/**
 * papers_store_db_load:
 * @db: the connection
 * @rowids: (element-type gint64): papers to load
 *
 * Loads the papers in one statement and returns them in the order of
 * @rowids; rowids not found are left out.
 */
GPtrArray *
papers_store_db_load (PapersDb  *db,
                      GArray    *rowids,
                      GError   **error)
{
  return load_rowids (db, rowids, FALSE, error);
}

/**
 * papers_store_db_load_keyed:
 *
 * Like papers_store_db_load(), but the result is as long as @rowids, with
 * NULL for the rowids not found.
 */
GPtrArray *
papers_store_db_load_keyed (PapersDb  *db,
                            GArray    *rowids,
                            GError   **error)
{
  return load_rowids (db, rowids, TRUE, error);
}

static PapersPaper *
load_one (PapersDb  *db,
          gint64     rowid,
          GError   **error)
{
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) papers = NULL;

  g_array_append_val (rowids, rowid);
  papers = papers_store_db_load (db, rowids, error);
  if (papers == NULL)
    return NULL;
  if (papers->len == 0)
    {
      g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND,
                   _("The paper disappeared from the library"));
      return NULL;
    }
  return g_object_ref (papers->pdata[0]);
}

static gboolean
write_list (PapersDb            *db,
            const char          *delete_sql,
            const char          *insert_sql,
            gint64               rowid,
            const char * const  *list,
            gboolean             is_new,
            GError             **error)
{
  sqlite3_stmt *stmt;

  if (!is_new)
    {
      stmt = papers_db_prepare (db, delete_sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, rowid);
      if (!papers_db_run (db, stmt, error))
        return FALSE;
    }

  if (list == NULL || list[0] == NULL)
    return TRUE;
  /* Prepared once for the list: papers_db_run() resets it after each */
  stmt = papers_db_prepare (db, insert_sql, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; list[i] != NULL; i++)
    {
      sqlite3_bind_int64 (stmt, 1, rowid);
      sqlite3_bind_int (stmt, 2, i);
      papers_db_bind_text (stmt, 3, list[i]);
      if (!papers_db_run (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gint64
write_paper (PapersDb     *db,
             gint64        rowid,
             PapersPaper  *paper,
             GError      **error)
{
  static const char insert_sql[] =
    "INSERT INTO papers (id, arxiv_id, version, doi, title, abstract, journal_ref, comment,"
    " published, updated, abs_url, pdf_url, hf_url, code_url, project_url, thumbnail_url,"
    " upvotes, comments, source, announce_type, rowid)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  static const char update_sql[] =
    "UPDATE papers SET id = ?, arxiv_id = ?, version = ?, doi = ?, title = ?, abstract = ?,"
    " journal_ref = ?, comment = ?, published = ?, updated = ?, abs_url = ?, pdf_url = ?,"
    " hf_url = ?, code_url = ?, project_url = ?, thumbnail_url = ?, upvotes = ?,"
    " comments = ?, source = ?, announce_type = ? WHERE rowid = ?";
  sqlite3_stmt *stmt = papers_db_prepare (db, rowid ? update_sql : insert_sql, error);
  gboolean is_new = rowid == 0;

  if (stmt == NULL)
    return 0;

  papers_db_bind_text (stmt, 1, papers_paper_get_id (paper));
  papers_db_bind_text (stmt, 2, papers_paper_get_arxiv_id (paper));
  sqlite3_bind_int (stmt, 3, papers_paper_get_version (paper));
  papers_db_bind_text (stmt, 4, papers_paper_get_doi (paper));
  papers_db_bind_text (stmt, 5, papers_paper_get_title (paper));
  papers_db_bind_text (stmt, 6, papers_paper_get_abstract (paper));
  papers_db_bind_text (stmt, 7, papers_paper_get_journal_ref (paper));
  papers_db_bind_text (stmt, 8, papers_paper_get_comment (paper));
  papers_db_bind_date (stmt, 9, papers_paper_get_published (paper));
  papers_db_bind_date (stmt, 10, papers_paper_get_updated (paper));
  papers_db_bind_text (stmt, 11, papers_paper_get_abs_url (paper));
  papers_db_bind_text (stmt, 12, papers_paper_get_pdf_url (paper));
  papers_db_bind_text (stmt, 13, papers_paper_get_hf_url (paper));
  papers_db_bind_text (stmt, 14, papers_paper_get_code_url (paper));
  papers_db_bind_text (stmt, 15, papers_paper_get_project_url (paper));
  papers_db_bind_text (stmt, 16, papers_paper_get_thumbnail_url (paper));
  sqlite3_bind_int (stmt, 17, papers_paper_get_upvotes (paper));
  sqlite3_bind_int (stmt, 18, papers_paper_get_comments (paper));
  papers_db_bind_text (stmt, 19, papers_paper_get_source (paper));
  papers_db_bind_text (stmt, 20, papers_paper_get_announce_type (paper));
  if (rowid)
    sqlite3_bind_int64 (stmt, 21, rowid);
  else
    sqlite3_bind_null (stmt, 21);

  if (!papers_db_run (db, stmt, error))
    return 0;
  if (is_new)
    rowid = sqlite3_last_insert_rowid (papers_db_get_handle (db));

  if (!write_list (db, "DELETE FROM authors WHERE paper = ?",
                   "INSERT INTO authors (paper, position, name) VALUES (?, ?, ?)",
                   rowid, papers_paper_get_authors (paper), is_new, error) ||
      !write_list (db, "DELETE FROM categories WHERE paper = ?",
                   "INSERT INTO categories (paper, position, name) VALUES (?, ?, ?)",
                   rowid, papers_paper_get_categories (paper), is_new, error))
    return 0;

  return rowid;
}

/* The paper's row in the title index, beside its search row */
static gboolean
index_title (PapersDb            *db,
             gint64               rowid,
             const unsigned char *title,
             GError             **error)
{
  sqlite3_stmt *stmt = papers_db_prepare (db, "INSERT INTO title_search (rowid, title) VALUES (?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  papers_db_bind_text (stmt, 2, (const char *) title);
  return papers_db_run (db, stmt, error);
}

/* Brings the paper's search row up to date: present, with its current
 * text and meta tokens, iff it is in the library.
 *
 * The row is read with a plain SELECT and written with a one-row INSERT:
 * an INSERT … SELECT into the FTS5 table would open a statement savepoint,
 * and FTS5 flushes its pending terms to a new segment at every savepoint,
 * which made inserting ten times slower.  For the same reason callers
 * index last in their transaction. */
gboolean
papers_store_db_index_paper (PapersDb  *db,
                             gint64     rowid,
                             gboolean   is_new,
                             GError   **error)
{
  sqlite3_stmt *select;
  sqlite3_stmt *stmt;
  gboolean row;

  if (!is_new)
    for (guint i = 0; i < 2; i++)
      {
        stmt = papers_db_prepare (db, i == 0 ? "DELETE FROM search WHERE rowid = ?"
                                             : "DELETE FROM title_search WHERE rowid = ?", error);
        if (stmt == NULL)
          return FALSE;
        sqlite3_bind_int64 (stmt, 1, rowid);
        if (!papers_db_run (db, stmt, error))
          return FALSE;
      }

  select = papers_db_prepare (db, PAPERS_DB_SEARCH_ROW " WHERE p.rowid = ?", error);
  if (select == NULL)
    return FALSE;
  sqlite3_bind_int64 (select, 1, rowid);
  if (!papers_db_step (db, select, &row, error))
    return FALSE;
  if (!row)
    return TRUE;

  /* The body is not touched: it is in "body_search", kept by triggers on
   * pdf_texts, so a tag or a status no longer rewrites 30-80 KB of text */
  stmt = papers_db_prepare (db, "INSERT INTO search (rowid, title, abstract, authors, notes, meta)"
                                " VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    {
      sqlite3_reset (select);
      return FALSE;
    }
  for (int i = 0; i < 6; i++)
    sqlite3_bind_value (stmt, i + 1, sqlite3_column_value (select, i));
  if (!papers_db_run (db, stmt, error) || !index_title (db, rowid, sqlite3_column_text (select, 1), error))
    {
      sqlite3_reset (select);
      return FALSE;
    }
  sqlite3_reset (select);
  return TRUE;
}

static gboolean
ensure_in_library (PapersDb            *db,
                   gint64               rowid,
                   PapersPaper         *paper,
                   gboolean            *added,
                   GError             **error)
{
  sqlite3_stmt *stmt;

  stmt = papers_db_prepare (db, "INSERT OR IGNORE INTO library (paper, added, status, starred) VALUES (?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  if (paper != NULL && papers_paper_get_added (paper) != NULL)
    papers_db_bind_date (stmt, 2, papers_paper_get_added (paper));
  else
    sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int (stmt, 3, paper ? papers_paper_get_status (paper) : 0);
  sqlite3_bind_int (stmt, 4, paper ? papers_paper_get_starred (paper) : 0);
  if (!papers_db_run (db, stmt, error))
    return FALSE;
  *added = sqlite3_changes (papers_db_get_handle (db)) > 0;
  return TRUE;
}

static gboolean
has_row (PapersDb    *db,
         const char  *sql,
         gint64       rowid,
         gboolean    *result,
         GError     **error)
{
  sqlite3_stmt *stmt = papers_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  if (!papers_db_step (db, stmt, result, error))
    return FALSE;
  sqlite3_reset (stmt);
  return TRUE;
}

typedef struct
{
  gint64       rowid;
  gboolean     is_new;
  PapersPaper *paper;  /* set when the row can be made from it alone */
  GArray      *tag_ids;  /* with paper: the ids of its tags, or NULL */
} IndexItem;

static void
index_item_free (IndexItem *item)
{
  g_clear_object (&item->paper);
  g_clear_pointer (&item->tag_ids, g_array_unref);
  g_free (item);
}

PapersStoreToIndex *
papers_store_db_to_index_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) index_item_free);
}

static void
to_index_add (PapersStoreToIndex *to_index,
              gint64              rowid,
              gboolean            is_new,
              PapersPaper        *paper,
              GArray             *tag_ids)
{
  IndexItem *item = g_hash_table_lookup (to_index, &rowid);

  /* Met again in the same upsert, perhaps with more tags or a note: its
   * row is made from the tables, which have everything by then */
  if (item != NULL)
    {
      if (paper == NULL)
        {
          g_clear_object (&item->paper);
          g_clear_pointer (&item->tag_ids, g_array_unref);
        }
      return;
    }
  item = g_new0 (IndexItem, 1);
  item->rowid = rowid;
  item->is_new = is_new;
  item->paper = paper ? g_object_ref (paper) : NULL;
  item->tag_ids = tag_ids ? g_array_ref (tag_ids) : NULL;
  g_hash_table_insert (to_index, &item->rowid, item);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* The search row of a paper just added, from the object and the ids of
 * the tags it was given rather than from the tables: the same text and
 * meta tokens as PAPERS_DB_SEARCH_ROW for a paper with no annotations or
 * PDF yet, without its lookups (a fifth of a tagged paper's cost). */
static gboolean
index_new_paper (PapersDb     *db,
                 gint64        rowid,
                 PapersPaper  *paper,
                 GArray       *tag_ids,
                 GError      **error)
{
  const char * const *authors = papers_paper_get_authors (paper);
  GDateTime *published = papers_paper_get_published (paper);
  g_autofree char *authors_text = authors ? g_strjoinv (", ", (char **) authors) : NULL;
  g_autoptr(GString) meta = g_string_new (NULL);
  sqlite3_stmt *stmt;

  g_string_printf (meta, "lib st%d", papers_paper_get_status (paper));
  if (published != NULL)
    g_string_append_printf (meta, " y%04d", g_date_time_get_year (published));
  if (papers_paper_get_starred (paper))
    g_string_append (meta, " starred");
  if (papers_paper_get_note (paper) != NULL)
    g_string_append (meta, " hasnote");
  /* In paper_tags' order, each once, as the search row has them */
  if (tag_ids != NULL)
    {
      g_array_sort (tag_ids, compare_ids);
      for (guint i = 0; i < tag_ids->len; i++)
        if (i == 0 || g_array_index (tag_ids, gint64, i) != g_array_index (tag_ids, gint64, i - 1))
          g_string_append_printf (meta, " tag%" G_GINT64_FORMAT, g_array_index (tag_ids, gint64, i));
    }

  stmt = papers_db_prepare (db, "INSERT INTO search (rowid, title, abstract, authors, notes, meta)"
                                " VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  papers_db_bind_text (stmt, 2, papers_paper_get_title (paper));
  papers_db_bind_text (stmt, 3, papers_paper_get_abstract (paper));
  papers_db_bind_text (stmt, 4, authors_text);
  papers_db_bind_text (stmt, 5, papers_paper_get_note (paper));
  papers_db_bind_text (stmt, 6, meta->str);
  return papers_db_run (db, stmt, error) &&
         index_title (db, rowid, (const unsigned char *) papers_paper_get_title (paper), error);
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const IndexItem *x = *(IndexItem **) a;
  const IndexItem *y = *(IndexItem **) b;

  return (x->rowid > y->rowid) - (x->rowid < y->rowid);
}

/* In ascending rowid order: FTS5 flushes its pending terms to a new
 * segment whenever a rowid comes in lower than the one before, and tiny
 * segments cost a merge each. */
gboolean
papers_store_db_to_index_run (PapersDb            *db,
                              PapersStoreToIndex  *to_index,
                              GError             **error)
{
  g_autoptr(GPtrArray) items = g_hash_table_get_values_as_ptr_array (to_index);

  g_ptr_array_sort (items, compare_items);
  for (guint i = 0; i < items->len; i++)
    {
      IndexItem *item = items->pdata[i];
      gboolean ok = item->paper != NULL ? index_new_paper (db, item->rowid, item->paper, item->tag_ids, error)
                                        : papers_store_db_index_paper (db, item->rowid, item->is_new, error);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* A paper's arrival in the library and the state it came with, for sync;
 * its tags and note are logged where they are written */
static gboolean
log_added (PapersDb     *db,
           const char   *id,
           PapersPaper  *paper,
           GError      **error)
{
  PapersReadStatus status = papers_paper_get_status (paper);

  return papers_store_db_log (db, "membership", id, 0, NULL, NULL, TRUE, error) &&
         (status == PAPERS_READ_STATUS_UNREAD ||
          papers_store_db_log (db, "status", id, 0, NULL, papers_read_status_to_string (status), FALSE, error)) &&
         (!papers_paper_get_starred (paper) ||
          papers_store_db_log (db, "star", id, 0, NULL, NULL, TRUE, error));
}

gboolean
papers_store_db_upsert_one (PapersDb            *db,
                            PapersPaper         *paper,
                            gboolean             add_to_library,
                            gboolean            *tags_created,
                            PapersStoreChanges  *changes,
                            PapersStoreToIndex  *to_index,
                            gint64              *rowid_out,
                            GError             **error)
{
  g_autofree char *id = NULL;
  gint64 rowid;
  gboolean added = FALSE;
  gboolean was_in_library = FALSE;
  gboolean is_new = FALSE;
  g_autoptr(GArray) tag_ids = NULL;

  id = papers_paper_get_id (paper) != NULL ? g_strdup (papers_paper_get_id (paper))
                                           : papers_store_make_id (paper);
  rowid = find_existing (db, paper, id, error);
  if (rowid < 0)
    return FALSE;

  if (rowid > 0)
    {
      g_autoptr(PapersPaper) existing = load_one (db, rowid, error);

      if (existing == NULL)
        return FALSE;
      papers_paper_merge (existing, paper);
      was_in_library = papers_paper_get_in_library (existing);
      if (write_paper (db, rowid, existing, error) == 0)
        return FALSE;
      /* Met under its arXiv id or DOI: the stored id is the paper's id */
      g_set_str (&id, papers_paper_get_id (existing));
    }
  else
    {
      is_new = TRUE;
      if (papers_paper_get_id (paper) == NULL)
        papers_paper_set_id (paper, id);
      rowid = write_paper (db, 0, paper, error);
      if (rowid == 0)
        return FALSE;
    }
  if (papers_paper_get_id (paper) == NULL)
    papers_paper_set_id (paper, id);

  if (add_to_library)
    {
      gboolean has_note = FALSE;

      if (!ensure_in_library (db, rowid, paper, &added, error))
        return FALSE;
      if (added && !log_added (db, id, paper, error))
        return FALSE;
      if (added && is_new && papers_paper_get_tags (paper) != NULL)
        tag_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      if (papers_paper_get_tags (paper) != NULL &&
          !papers_store_db_tag_rowid (db, rowid, papers_paper_get_tags (paper), NULL, tags_created, tag_ids,
                                      error))
        return FALSE;
      /* A note is only taken when the paper has none yet */
      if (papers_paper_get_note (paper) != NULL)
        {
          if (!added && !has_row (db, "SELECT 1 FROM notes WHERE paper = ?", rowid, &has_note, error))
            return FALSE;
          if (!has_note && !papers_store_db_write_note (db, rowid, papers_paper_get_note (paper), error))
            return FALSE;
        }
    }

  /* A brand-new paper is indexed from the object */
  if (added && is_new)
    to_index_add (to_index, rowid, TRUE, paper, tag_ids);
  else if (added || was_in_library)
    to_index_add (to_index, rowid, !was_in_library && added, NULL, NULL);

  papers_store_changes_note (added ? changes->added : changes->changed, id);
  if (rowid_out != NULL)
    *rowid_out = rowid;
  return TRUE;
}

/* From how many papers an upsert is a bulk write (papers_db_set_bulk()):
 * an import, even of a short .bib file, or a long listing, not a day's
 * few */
#define BULK_PAPERS 64

static gboolean
upsert_all (PapersDb            *db,
            GPtrArray           *papers,
            gboolean             add_to_library,
            PapersStoreChanges  *changes,
            GError             **error)
{
  g_autoptr(GHashTable) to_index = papers_store_db_to_index_new ();
  gboolean tags_created = FALSE;

  if (!papers_db_begin (db, error))
    return FALSE;
  for (guint i = 0; i < papers->len; i++)
    if (!papers_store_db_upsert_one (db, papers->pdata[i], add_to_library, &tags_created, changes, to_index, NULL,
                                     error))
      goto fail;
  if (!papers_store_db_to_index_run (db, to_index, error))
    goto fail;
  if (!papers_db_commit (db, error))
    return FALSE;
  changes->tags |= tags_created;
  return TRUE;

fail:
  papers_db_rollback (db);
  return FALSE;
}

gboolean
papers_store_db_upsert (PapersDb            *db,
                        GPtrArray           *papers,
                        gboolean             add_to_library,
                        PapersStoreChanges  *changes,
                        GError             **error)
{
  gboolean bulk = papers->len >= BULK_PAPERS;
  gboolean ok;

  if (bulk)
    papers_db_set_bulk (db, TRUE);
  ok = upsert_all (db, papers, add_to_library, changes, error);
  if (bulk)
    papers_db_set_bulk (db, FALSE);
  return ok;
}

gboolean
papers_store_db_remove (PapersDb            *db,
                        const char * const  *ids,
                        PapersStoreChanges  *changes,
                        GError             **error)
{
  static const char * const deletes[] = {
    "DELETE FROM search WHERE rowid = ?1 AND EXISTS (SELECT 1 FROM library WHERE paper = ?1)",
    "DELETE FROM title_search WHERE rowid = ?1 AND EXISTS (SELECT 1 FROM library WHERE paper = ?1)",
    "DELETE FROM library WHERE paper = ?",
    "DELETE FROM paper_tags WHERE paper = ?",
    "DELETE FROM notes WHERE paper = ?",
    "DELETE FROM annotations WHERE paper = ?",
    "DELETE FROM reading_positions WHERE paper = ?",
    "DELETE FROM pdfs WHERE paper = ?",
    "DELETE FROM pdf_texts WHERE paper = ?",
  };

  if (!papers_db_begin (db, error))
    return FALSE;

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      gint64 rowid = papers_store_db_lookup (db, ids[i], error);

      if (rowid <= 0)
        goto fail;
      for (guint d = 0; d < G_N_ELEMENTS (deletes); d++)
        {
          sqlite3_stmt *stmt = papers_db_prepare (db, deletes[d], error);
          if (stmt == NULL)
            goto fail;
          sqlite3_bind_int64 (stmt, 1, rowid);
          if (!papers_db_run (db, stmt, error))
            goto fail;
          /* Only a paper that was in the library leaves it */
          if (g_str_has_prefix (deletes[d], "DELETE FROM library") &&
              sqlite3_changes (papers_db_get_handle (db)) > 0 &&
              !papers_store_db_log (db, "membership", ids[i], 0, NULL, NULL, FALSE, error))
            goto fail;
        }
      papers_store_changes_note (changes->removed, ids[i]);
    }

  return papers_db_commit (db, error);

fail:
  papers_db_rollback (db);
  return FALSE;
}

/* Library state needs the paper in the library: tagging or annotating a
 * paper seen in a listing keeps it. */
gint64
papers_store_db_library_rowid (PapersDb            *db,
                               const char          *id,
                               PapersStoreChanges  *changes,
                               GError             **error)
{
  gint64 rowid = papers_store_db_lookup (db, id, error);
  gboolean added;

  if (rowid <= 0)
    return 0;
  if (!ensure_in_library (db, rowid, NULL, &added, error))
    return 0;
  if (added)
    papers_store_changes_note (changes->added, id);
  return rowid;
}
