/* Sample for check-sql-formatting.py's own test: every line below must be
 * reported.  Not built. */

static void
bad (sqlite3 *db, const char *title, int year)
{
  char *a = g_strdup_printf ("SELECT * FROM papers WHERE title = '%s'", title);
  char *b = sqlite3_mprintf ("DELETE FROM tags WHERE name = %Q", title);
  char *c = g_strconcat ("SELECT id FROM papers WHERE title MATCH ", title, NULL);
  g_string_append_printf (sql, " AND year = %d", year);
}
