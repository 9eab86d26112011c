/* papers-sync-pdfs.c: the library's PDFs on the server, content-addressed
 * and encrypted
 *
 * A PDF is stored once per content: "pdfs/pdf-HASH", where HASH is a keyed
 * BLAKE2b of the file's sha256 (papers_sync_key_name_for()), so the
 * server can tell two devices hold the same file but not which public
 * PDF it is.  The file is encrypted as every sync file is, under that
 * name, a chunk at a time from the PDF on disk into a temporary file
 * that is then mapped for the upload: a 100 MB PDF is never in memory.
 * Which PDF a paper has travels in the log as a PDF record ("SHA256
 * SIZE", latest wins), written once the object is on the server, so a
 * device that learns of it can fetch it.  A changed file is a new object;
 * the old one stays on the server (no device deletes what another may
 * still reference).
 *
 * A fetched object is decrypted into a temporary file next to where the
 * PDF goes, and its sha256 and size checked against the record's before
 * it takes the PDF's place; a tampered, truncated or replayed object is
 * refused and nothing is stored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "papers-download.h"
#include "papers-store-state.h"
#include "papers-store-wait.h"
#include "papers-sync-engine-private.h"
#include "papers-sync-pdfs.h"

#define PDF_PREFIX "pdf-"
/* A folder of their own: every round lists the sync folder for new log
 * segments, and with thousands of PDFs beside them that listing grew by
 * one entry per PDF (2 000 PDFs: one change 12 -> 175 ms) */
#define PDF_FOLDER "pdfs"
/* The encryption's framing on top of the PDF: the prefix, the stream's
 * header and 17 bytes per 64 KiB chunk stay well below this */
#define SEALED_OVERHEAD(size) (4096 + ((size) / 65536 + 1) * 17)

static gboolean in_advance;

/* Where the object @name is, under the sync folder */
static char *
object_path (const char *name)
{
  return g_strconcat (PDF_FOLDER, "/", name, NULL);
}

void
papers_sync_set_pdfs_in_advance (gboolean value)
{
  g_atomic_int_set (&in_advance, value);
}

gboolean
papers_sync_get_pdfs_in_advance (void)
{
  return g_atomic_int_get (&in_advance);
}

static char *
pdf_text (const char *sha256,
          guint64     size)
{
  return g_strdup_printf ("%s %" G_GUINT64_FORMAT, sha256, size);
}

/**
 * papers_sync_pdf_parse:
 * @text: a PDF record's text, "SHA256 SIZE"
 *
 * Returns: whether @text is one; a record from another device is data
 *   from the network, checked before it names a file
 */
gboolean
papers_sync_pdf_parse (const char  *text,
                       char       **sha256,
                       guint64     *size)
{
  if (text == NULL || strlen (text) < 66 || text[64] != ' ')
    return FALSE;
  for (int i = 0; i < 64; i++)
    if (!g_ascii_isxdigit (text[i]) || g_ascii_isupper (text[i]))
      return FALSE;
  if (!g_ascii_string_to_unsigned (text + 65, 10, 0, PAPERS_SYNC_MAX_FILE_BYTES, size, NULL))
    return FALSE;
  *sha256 = g_strndup (text, 64);
  return TRUE;
}

/* A temporary file in the cache, already unlinked: nothing is left
 * behind by a round cut short */
static int
open_scratch (GError **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "org.example.Papers", NULL);
  g_autofree char *path = g_build_filename (dir, "sync-XXXXXX", NULL);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0 || (fd = g_mkstemp_full (path, O_RDWR, 0600)) < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("No temporary file could be made in %s: %s"), dir, g_strerror (saved));
      return -1;
    }
  g_unlink (path);
  return fd;
}

/* The PDF at @path, encrypted under @name, mapped from a temporary file.
 * *@sha256 is the content's as read (not what the library thought). */
static GBytes *
seal_file (PapersSyncKey  *key,
           const char     *name,
           const char     *path,
           char          **sha256,
           guint64        *size,
           GError        **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  int fd;

  if ((in = g_file_read (file, NULL, error)) == NULL ||
      (info = g_file_input_stream_query_info (in, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, error)) == NULL)
    return NULL;
  *size = (guint64) g_file_info_get_size (info);
  if ((fd = open_scratch (error)) < 0)
    return NULL;
  out = g_unix_output_stream_new (fd, TRUE);
  if (!papers_sync_encrypt_stream (key, name, G_INPUT_STREAM (in), *size, out, sha256, NULL, error) ||
      (mapped = g_mapped_file_new_from_fd (fd, FALSE, error)) == NULL)
    return NULL;
  return g_mapped_file_get_bytes (mapped);
}

static char *
hash_file (const char  *path,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, error);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (65536);
  gsize got;

  if (in == NULL)
    return NULL;
  do
    {
      if (!g_input_stream_read_all (G_INPUT_STREAM (in), buffer, 65536, &got, NULL, error))
        return NULL;
      g_checksum_update (checksum, buffer, got);
    }
  while (got == 65536);
  return g_strdup (g_checksum_get_string (checksum));
}

/* Sends one PDF unless the server has it; *@sha256 is what was sent.
 * The name depends on the content, so a file that is not what the
 * library's sha256 says is sealed again under its own. */
static gboolean
send_one (PapersDavClient    *client,
          PapersSyncKey      *key,
          const char         *path,
          const char         *known_sha256,
          GHashTable         *on_server,
          char              **sha256,
          guint64            *size,
          PapersSyncStats    *stats,
          GError            **error)
{
  g_autofree char *expected = known_sha256 != NULL ? g_strdup (known_sha256) : hash_file (path, error);

  if (expected == NULL)
    return FALSE;
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autofree char *name = papers_sync_key_name_for (key, PDF_PREFIX, expected);
      g_autofree char *where = object_path (name);
      g_autofree char *actual = NULL;
      g_autoptr(GBytes) sealed = NULL;
      g_autoptr(GError) local = NULL;
      GStatBuf st;

      if (g_hash_table_contains (on_server, name) && g_stat (path, &st) == 0)
        {
          /* Another device sent the same file: nothing to send */
          *sha256 = g_steal_pointer (&expected);
          *size = (guint64) st.st_size;
          return TRUE;
        }
      if ((sealed = seal_file (key, name, path, &actual, size, error)) == NULL)
        return FALSE;
      if (strcmp (actual, expected) != 0)
        {
          g_free (expected);
          expected = g_steal_pointer (&actual);
          continue;
        }
      if (!papers_sync_dav_put (client, where, sealed, &local) &&
          !g_error_matches (local, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_PRECONDITION_FAILED))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      /* 412: there already, from a round cut short or another device */
      if (local == NULL)
        stats->bytes_up += g_bytes_get_size (sealed);
      *sha256 = g_steal_pointer (&expected);
      return TRUE;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               _("The file changed while it was read; it will be sent at the next sync."));
  return FALSE;
}

static GPtrArray *
list_local (PapersStore  *store,
            GError      **error)
{
  return papers_store_wait (papers_store_list_pdf_texts_async, papers_store_list_pdf_texts_finish, error, store,
                            NULL);
}

/* The PDFs' folder, made by the first device that sends one */
static GHashTable *
list_objects (PapersDavClient  *client,
              GError          **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GPtrArray) entries = papers_sync_dav_list_folder (client, PDF_FOLDER, &local);
  GHashTable *names;

  if (entries == NULL && g_error_matches (local, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_NOT_FOUND))
    {
      if (!papers_sync_dav_mkcol (client, PDF_FOLDER, error))
        return NULL;
      entries = g_ptr_array_new ();
    }
  else if (entries == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < entries->len; i++)
    {
      PapersDavEntry *entry = entries->pdata[i];

      if (!entry->is_folder && g_str_has_prefix (entry->name, PDF_PREFIX))
        g_hash_table_add (names, g_strdup (entry->name));
    }
  return names;
}

/* Whether the state's PDF record of @paper names @sha256 */
static gboolean
state_has (PapersSyncState *state,
           const char      *paper,
           const char      *sha256)
{
  g_autofree char *known = NULL;
  guint64 size;

  return sha256 != NULL &&
         papers_sync_pdf_parse (papers_sync_state_get_text (state, PAPERS_SYNC_OP_PDF, paper, NULL), &known, &size) &&
         strcmp (known, sha256) == 0;
}

gboolean
papers_sync_pdfs_send (PapersStore      *store,
                       PapersDavClient  *client,
                       PapersSyncKey    *key,
                       PapersSyncState  *state,
                       PapersHlc        *hlc,
                       GPtrArray        *records,
                       PapersSyncStats  *stats,
                       GError          **error)
{
  g_autoptr(GPtrArray) local = list_local (store, error);
  g_autoptr(GHashTable) on_server = NULL;

  if (local == NULL)
    return FALSE;
  for (guint i = 0; i < local->len; i++)
    {
      PapersPdfTextStamp *pdf = local->pdata[i];
      g_autofree char *sha256 = NULL;
      g_autoptr(GError) failure = NULL;
      PapersSyncRecord *record;
      PapersHlcStamp stamp;
      guint64 size = 0;

      /* Known to every device already; a file changed on disk since the
       * library read it is sent once the library reads it again */
      if (!papers_sync_state_in_library (state, pdf->id) || state_has (state, pdf->id, pdf->sha256))
        continue;
      /* The server's listing only when something may need sending: most
       * rounds send no PDF */
      if (on_server == NULL && (on_server = list_objects (client, error)) == NULL)
        return FALSE;
      if (!send_one (client, key, pdf->path, pdf->sha256, on_server, &sha256, &size, stats, &failure))
        {
          /* The server refused: the round stops, with the reason */
          if (failure->domain == PAPERS_DAV_ERROR)
            {
              g_propagate_error (error, g_steal_pointer (&failure));
              return FALSE;
            }
          /* The file is gone or unreadable here: the rest of the round
           * goes on; another round sends it if it comes back */
          g_message ("sync: the PDF of %s was not sent: %s", pdf->id, failure->message);
          continue;
        }
      /* The library learns the file's sha256 when it did not know it (a
       * PDF of the reader's own) or knew an older one: the next round
       * reads the file no more */
      if (g_strcmp0 (pdf->sha256, sha256) != 0 &&
          !papers_store_wait (papers_store_set_pdf_async, papers_store_write_finish, error, store, pdf->id,
                              pdf->path, (gint64) size, sha256))
        return FALSE;
      if (state_has (state, pdf->id, sha256))
        continue;
      papers_hlc_send (hlc, &stamp);
      record = papers_sync_record_new (&stamp, PAPERS_SYNC_OP_PDF);
      record->paper = g_strdup (pdf->id);
      record->text = pdf_text (sha256, size);
      papers_sync_state_apply (state, record);
      g_ptr_array_add (records, record);
    }
  return TRUE;
}

/* Where a fetched PDF goes: where the reader's downloads go */
static char *
destination (const char *paper,
             const char *sha256)
{
  g_autofree char *dir = papers_download_default_directory ();
  g_autofree char *name = NULL;
  char *path = papers_download_path_for_id (dir, paper);

  if (path != NULL)
    return path;
  name = g_strconcat (sha256, ".pdf", NULL);
  return g_build_filename (dir, name, NULL);
}

char *
papers_sync_pdfs_fetch_one (PapersStore      *store,
                            PapersDavClient  *client,
                            PapersSyncKey    *key,
                            const char       *paper,
                            const char       *text,
                            PapersSyncStats  *stats,
                            GError          **error)
{
  g_autofree char *sha256 = NULL, *actual = NULL, *name = NULL, *path = NULL, *part = NULL, *dir = NULL;
  g_autofree char *where = NULL;
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(GFile) part_file = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GError) local = NULL;
  guint64 size, length = 0;
  gboolean ok;

  if (!papers_sync_pdf_parse (text, &sha256, &size))
    {
      g_set_error (error, PAPERS_SYNC_CRYPTO_ERROR, PAPERS_SYNC_CRYPTO_ERROR_TAMPERED,
                   _("The library on the server names the PDF of %s wrongly; nothing was fetched."), paper);
      return NULL;
    }
  name = papers_sync_key_name_for (key, PDF_PREFIX, sha256);
  where = object_path (name);
  if ((sealed = papers_sync_dav_get (client, where, size + SEALED_OVERHEAD (size), error)) == NULL)
    return NULL;
  stats->bytes_down += g_bytes_get_size (sealed);

  path = destination (paper, sha256);
  dir = g_path_get_dirname (path);
  part = g_strconcat (path, ".sync-part", NULL);
  part_file = g_file_new_for_path (part);
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      (out = g_file_replace (part_file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, error)) == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The folder %s could not be made."), dir);
      return NULL;
    }
  ok = papers_sync_decrypt_to_stream (key, name, sealed, G_OUTPUT_STREAM (out), &actual, &length, &local);
  ok = g_output_stream_close (G_OUTPUT_STREAM (out), NULL, ok ? &local : NULL) && ok;
  if (ok && (strcmp (actual, sha256) != 0 || length != size))
    {
      ok = FALSE;
      g_set_error (&local, PAPERS_SYNC_CRYPTO_ERROR, PAPERS_SYNC_CRYPTO_ERROR_TAMPERED,
                   _("It is not the file the library names (another sha256 or size)."));
    }
  if (ok && g_rename (part, path) != 0)
    {
      ok = FALSE;
      g_set_error (&local, G_IO_ERROR, g_io_error_from_errno (errno), "%s", g_strerror (errno));
    }
  if (!ok)
    {
      g_unlink (part);
      g_set_error (error, local->domain, local->code,
                   _("The PDF of %s was refused and not stored: %s"), paper, local->message);
      return NULL;
    }
  if (!papers_store_wait (papers_store_set_pdf_async, papers_store_write_finish, error, store, paper, path,
                          (gint64) size, sha256))
    return NULL;
  return g_steal_pointer (&path);
}

gboolean
papers_sync_pdfs_fetch_all (PapersStore      *store,
                            PapersDavClient  *client,
                            PapersSyncKey    *key,
                            PapersSyncState  *state,
                            PapersSyncStats  *stats,
                            GError          **error)
{
  g_auto(GStrv) papers = papers_sync_state_dup_papers (state, PAPERS_SYNC_OP_PDF);
  g_autoptr(GPtrArray) local = NULL;
  g_autoptr(GHashTable) have = g_hash_table_new (g_str_hash, g_str_equal);

  if (papers[0] == NULL || (local = list_local (store, error)) == NULL)
    return papers[0] == NULL;
  for (guint i = 0; i < local->len; i++)
    {
      PapersPdfTextStamp *pdf = local->pdata[i];

      if (pdf->sha256 != NULL)
        g_hash_table_insert (have, pdf->id, pdf->sha256);
    }
  for (guint i = 0; papers[i] != NULL; i++)
    {
      const char *text = papers_sync_state_get_text (state, PAPERS_SYNC_OP_PDF, papers[i], NULL);
      const char *mine = g_hash_table_lookup (have, papers[i]);
      g_autofree char *path = NULL;

      if (!papers_sync_state_in_library (state, papers[i]) || (mine != NULL && g_str_has_prefix (text, mine)))
        continue;
      if ((path = papers_sync_pdfs_fetch_one (store, client, key, papers[i], text, stats, error)) == NULL)
        return FALSE;
    }
  return TRUE;
}
