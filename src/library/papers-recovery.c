/* papers-recovery.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the window offers when the library file is damaged: the daily
 * backups beside it (papers_db_backup(), "<library>.backup-DAY"), newest
 * first, each used only once it opens and passes SQLite's check; the
 * damaged file moved aside under a dated name, "<library>.damaged-
 * YYYY-MM-DD-HHMMSS", never deleted nor overwritten; and the chosen backup
 * copied (the backup itself stays) into place.
 *
 * The files SQLite keeps beside a database (its write-ahead log, its
 * shared-memory index, a rollback journal) go with the damaged file: a
 * log left behind would be replayed into the restored library.
 *
 * Every step that can fail comes before the first one that moves
 * anything, and a failure after it moves things back, so a failed restore
 * leaves the folder as it found it. */

#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "papers-db.h"
#include "papers-recovery.h"
#include "papers-store.h"

static const char * const companions[] = { "-wal", "-shm", "-journal" };

void
papers_backup_free (PapersBackup *backup)
{
  if (backup == NULL)
    return;
  g_free (backup->path);
  g_clear_pointer (&backup->made, g_date_time_unref);
  g_free (backup);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  return -strcmp (*(const char **) a, *(const char **) b);
}

/**
 * papers_recovery_list_backups:
 * @db_path: the library file
 *
 * Lists the backups beside @db_path by their names, newest first, whether
 * or not they open.
 *
 * Returns: (transfer full) (element-type filename): their paths
 */
GPtrArray *
papers_recovery_list_backups (const char *db_path)
{
  g_autofree char *dirname = g_path_get_dirname (db_path);
  g_autofree char *base = g_path_get_basename (db_path);
  g_autofree char *prefix = g_strconcat (base, ".backup-", NULL);
  g_autoptr(GDir) dir = g_dir_open (dirname, 0, NULL);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix) && !g_str_has_suffix (name, ".tmp"))
      g_ptr_array_add (paths, g_strdup (name));
  /* The names end in the UTC time they were made, which sorts as text */
  g_ptr_array_sort (paths, compare_newest_first);
  for (guint i = 0; i < paths->len; i++)
    {
      char *path = g_build_filename (dirname, paths->pdata[i], NULL);

      g_free (paths->pdata[i]);
      paths->pdata[i] = path;
    }
  return paths;
}

/* @path as a library that could replace a damaged one: it opens, it is of
 * a version this build reads, it passes SQLite's integrity check */
static PapersBackup *
check_backup (const char  *path,
              GError     **error)
{
  PapersDb *db = papers_db_open_readonly (path, error);
  g_autoptr(PapersBackup) backup = NULL;
  GStatBuf st;
  sqlite3_stmt *stmt;
  gboolean row = FALSE;
  int version;

  if (db == NULL)
    return NULL;
  version = papers_db_get_version (db);
  stmt = version >= 1 && version <= PAPERS_DB_VERSION && papers_db_check_integrity (db, NULL)
           ? papers_db_prepare (db, "SELECT count(*) FROM library", NULL) : NULL;
  if (stmt == NULL || !papers_db_step (db, stmt, &row, NULL) || !row || g_stat (path, &st) != 0)
    {
      papers_db_close (db);
      g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_CORRUPT,
                   _("“%s” is not a usable copy of the library."), path);
      return NULL;
    }
  backup = g_new0 (PapersBackup, 1);
  backup->path = g_strdup (path);
  backup->n_papers = sqlite3_column_int (stmt, 0);
  backup->made = g_date_time_new_from_unix_local (st.st_mtime);
  sqlite3_reset (stmt);
  papers_db_close (db);
  return g_steal_pointer (&backup);
}

/**
 * papers_recovery_find_backup:
 * @db_path: the library file
 *
 * Finds the newest backup of @db_path that opens and passes SQLite's
 * check; a damaged one is passed over for the next older.
 *
 * Returns: (transfer full): the backup, or %NULL with
 *   %PAPERS_STORE_ERROR_NOT_FOUND when none is good
 */
PapersBackup *
papers_recovery_find_backup (const char  *db_path,
                             GError     **error)
{
  g_autoptr(GPtrArray) paths = papers_recovery_list_backups (db_path);

  for (guint i = 0; i < paths->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      PapersBackup *backup = check_backup (paths->pdata[i], &local_error);

      if (backup != NULL)
        return backup;
      g_debug ("passing over %s: %s", (char *) paths->pdata[i], local_error->message);
    }
  g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND,
               _("There is no good backup of the library “%s”."), db_path);
  return NULL;
}

/* rename(2) that fails with EEXIST rather than replace @to */
static int
rename_no_replace (const char *from,
                   const char *to)
{
#ifdef RENAME_NOREPLACE
  if (renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return 0;
  if (errno != EINVAL && errno != ENOSYS)
    return -1;
#endif
  /* A file system without it: look first */
  if (g_file_test (to, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
    {
      errno = EEXIST;
      return -1;
    }
  return g_rename (from, to);
}

static gboolean
check_folder_writable (const char  *db_path,
                       GError     **error)
{
  g_autofree char *dirname = g_path_get_dirname (db_path);

  if (g_access (dirname, W_OK) == 0)
    return TRUE;
  g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_READ_ONLY,
               _("The folder “%s” is read-only, so the damaged library cannot be set aside. "
                 "Nothing was changed."), dirname);
  return FALSE;
}

/* Whether @base or any of its companions exists */
static gboolean
name_taken (const char *base)
{
  if (g_file_test (base, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (companions); i++)
    {
      g_autofree char *name = g_strconcat (base, companions[i], NULL);

      if (g_file_test (name, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
        return TRUE;
    }
  return FALSE;
}

/* Moves the companions of @from that exist to the same suffixes of @to;
 * on failure moves back those it moved */
static gboolean
move_companions (const char  *from,
                 const char  *to,
                 GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (companions); i++)
    {
      g_autofree char *source = g_strconcat (from, companions[i], NULL);
      g_autofree char *target = g_strconcat (to, companions[i], NULL);
      int errsv;

      if (!g_file_test (source, G_FILE_TEST_EXISTS) || rename_no_replace (source, target) == 0)
        continue;
      errsv = errno;
      while (i-- > 0)
        {
          g_autofree char *moved = g_strconcat (to, companions[i], NULL);
          g_autofree char *back = g_strconcat (from, companions[i], NULL);

          if (g_file_test (moved, G_FILE_TEST_EXISTS))
            rename_no_replace (moved, back);
        }
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), _("Could not move “%s” to “%s”: %s"),
                   source, target, g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

/* Puts a file set aside back where it was */
static void
put_back (const char *aside,
          const char *db_path)
{
  if (rename_no_replace (aside, db_path) == 0)
    move_companions (aside, db_path, NULL);
  else
    g_warning ("Could not move “%s” back to “%s”: %s", aside, db_path, g_strerror (errno));
}

/**
 * papers_recovery_set_aside:
 * @db_path: the library file
 * @when: (nullable): the time its new name says, else now
 *
 * Moves the library file and the files SQLite keeps beside it to
 * "<library>.damaged-YYYY-MM-DD-HHMMSS" (local time) in the same folder,
 * with "-2", "-3"… after it when that name is taken: nothing is deleted or
 * overwritten.  A later papers_store_new() makes a new library.
 *
 * Returns: (transfer full): the new name of the file, or %NULL (with
 *   %PAPERS_STORE_ERROR_NOT_FOUND when there is no file,
 *   %PAPERS_STORE_ERROR_READ_ONLY when its folder is read-only)
 */
char *
papers_recovery_set_aside (const char  *db_path,
                           GDateTime   *when,
                           GError     **error)
{
  g_autoptr(GDateTime) now = when != NULL ? g_date_time_to_local (when) : g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M%S");

  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND,
                   _("There is no library file “%s”."), db_path);
      return NULL;
    }
  if (!check_folder_writable (db_path, error))
    return NULL;

  for (guint n = 1; n <= 100; n++)
    {
      g_autofree char *aside = n == 1 ? g_strdup_printf ("%s.damaged-%s", db_path, stamp)
                                      : g_strdup_printf ("%s.damaged-%s-%u", db_path, stamp, n);
      int errsv;

      if (name_taken (aside))
        continue;
      /* The journal first: were the file to go first, a library made at
       * its name in between would replay the old log. */
      if (!move_companions (db_path, aside, error))
        return NULL;
      if (rename_no_replace (db_path, aside) == 0)
        return g_steal_pointer (&aside);
      errsv = errno;
      move_companions (aside, db_path, NULL);
      if (errsv == EEXIST)
        continue;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), _("Could not move “%s” to “%s”: %s"),
                   db_path, aside, g_strerror (errsv));
      return NULL;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               _("Could not find a free name beside “%s” for the damaged library."), db_path);
  return NULL;
}

/* Copies @backup to @target (beside the library) and checks the copy */
static PapersBackup *
copy_backup (PapersBackup  *backup,
             const char    *target,
             GError       **error)
{
  PapersDb *db = papers_db_open_readonly (backup->path, error);
  PapersBackup *copy;
  gboolean ok;

  if (db == NULL)
    return NULL;
  ok = papers_db_copy_to (db, target, error);
  papers_db_close (db);
  if (!ok)
    return NULL;
  copy = check_backup (target, error);
  if (copy == NULL)
    g_unlink (target);
  return copy;
}

/**
 * papers_recovery_restore:
 * @db_path: the damaged library file
 * @when: (nullable): the time the damaged file's new name says, else now
 * @aside_path: (out) (optional) (transfer full): where the damaged file
 *   went, %NULL when there was none
 *
 * Restores the newest good backup of @db_path: the damaged file is set
 * aside (papers_recovery_set_aside()), a copy of the backup takes its
 * place (the backup stays), and the library is opened once to check it.
 *
 * Returns: (transfer full): the backup restored, with the papers it
 *   holds; %NULL when nothing could be restored, with the folder as it was
 */
PapersBackup *
papers_recovery_restore (const char  *db_path,
                         GDateTime   *when,
                         char       **aside_path,
                         GError     **error)
{
  g_autoptr(PapersBackup) backup = NULL;
  g_autoptr(PapersBackup) copy = NULL;
  g_autofree char *restoring = g_strconcat (db_path, ".restoring", NULL);
  g_autofree char *aside = NULL;
  PapersDb *db;

  if (aside_path != NULL)
    *aside_path = NULL;
  backup = papers_recovery_find_backup (db_path, error);
  if (backup == NULL || !check_folder_writable (db_path, error))
    return NULL;
  copy = copy_backup (backup, restoring, error);
  if (copy == NULL)
    return NULL;

  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      aside = papers_recovery_set_aside (db_path, when, error);
      if (aside == NULL)
        {
          g_unlink (restoring);
          return NULL;
        }
    }
  if (g_rename (restoring, db_path) != 0)
    {
      int errsv = errno;

      g_unlink (restoring);
      if (aside != NULL)
        put_back (aside, db_path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), _("Could not move “%s” to “%s”: %s"),
                   restoring, db_path, g_strerror (errsv));
      return NULL;
    }

  /* Opened as the application will: migrated to this version if older */
  db = papers_db_open (db_path, FALSE, error);
  if (db == NULL)
    return NULL;
  papers_db_close (db);

  backup->n_papers = copy->n_papers;
  if (aside_path != NULL)
    *aside_path = g_steal_pointer (&aside);
  return g_steal_pointer (&backup);
}

typedef struct
{
  char                 *db_path;
  PapersRecoveryAction  action;
  PapersBackup         *backup;
  char                 *aside;
} Recovery;

static void
recovery_free (Recovery *recovery)
{
  g_free (recovery->db_path);
  papers_backup_free (recovery->backup);
  g_free (recovery->aside);
  g_free (recovery);
}

static void
recovery_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Recovery *recovery = task_data;
  GError *error = NULL;

  switch (recovery->action)
    {
    case PAPERS_RECOVERY_FIND_BACKUP:
      recovery->backup = papers_recovery_find_backup (recovery->db_path, &error);
      break;
    case PAPERS_RECOVERY_RESTORE:
      recovery->backup = papers_recovery_restore (recovery->db_path, NULL, &recovery->aside, &error);
      break;
    case PAPERS_RECOVERY_START_NEW:
      recovery->aside = papers_recovery_set_aside (recovery->db_path, NULL, &error);
      /* No file, nothing to keep: a new library is made there anyway */
      if (g_error_matches (error, PAPERS_STORE_ERROR, PAPERS_STORE_ERROR_NOT_FOUND))
        g_clear_error (&error);
      break;
    default:
      g_assert_not_reached ();
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * papers_recovery_run_async:
 * @db_path: the library file
 * @action: find the newest good backup, restore it, or set the damaged
 *   file aside for a new library
 *
 * Runs @action on a thread: it reads whole files.
 */
void
papers_recovery_run_async (const char           *db_path,
                           PapersRecoveryAction  action,
                           GCancellable         *cancellable,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Recovery *recovery = g_new0 (Recovery, 1);

  recovery->db_path = g_strdup (db_path);
  recovery->action = action;
  g_task_set_source_tag (task, papers_recovery_run_async);
  g_task_set_task_data (task, recovery, (GDestroyNotify) recovery_free);
  /* Once started it runs to its end: a restore half done is undone only
   * by itself. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, recovery_thread);
}

/**
 * papers_recovery_run_finish:
 * @backup: (out) (optional) (transfer full) (nullable): the backup found
 *   or restored
 * @aside_path: (out) (optional) (transfer full) (nullable): where the
 *   damaged file went
 */
gboolean
papers_recovery_run_finish (GAsyncResult  *result,
                            PapersBackup **backup,
                            char         **aside_path,
                            GError       **error)
{
  Recovery *recovery = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (backup != NULL)
    *backup = g_steal_pointer (&recovery->backup);
  if (aside_path != NULL)
    *aside_path = g_steal_pointer (&recovery->aside);
  return TRUE;
}
