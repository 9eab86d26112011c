/* papers-sync-engine.c: one sync round between the library and the
 * reader's WebDAV folder
 *
 * The folder holds "papers.header" (the key's salt and check, made by
 * the first device) and, per device, its log segments "log-DEVICE-SEQ",
 * each encrypted under its own name.  A device writes only its own
 * segments, each a new file (If-None-Match), so devices syncing at once
 * never overwrite each other.  A round: this device's new log rows become
 * records (a tag removal and a note carry what the device had seen) and
 * one new segment; then every other device's segments not merged yet are
 * fetched, decrypted, decoded and merged, all of them before anything is
 * written to the library, and the papers they touch are written through
 * the store without being logged again.  The merged state is kept in the
 * library entry by entry (one register, one tag on a paper, one note…),
 * and a round writes only the entries it changed; the process keeps the
 * state it saved in memory, so its next round reads none of it again.
 *
 * Every SNAPSHOT_EVERY log segments a device also writes a snapshot of
 * its own, "snap-DEVICE-N", from which a new device starts instead of
 * replaying every segment.  Requests that fail for a reason that passes
 * are tried again, a few times, with a growing wait.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "papers-dav-client.h"
#include "papers-store-sync.h"
#include "papers-store-wait.h"
#include "papers-sync-crypto.h"
#include "papers-sync-engine.h"
#include "papers-sync-engine-private.h"
#include "papers-sync-pdfs.h"
#include "papers-sync-state.h"

#define HEADER_NAME "papers.header"

/* What the receiving side writes into the library: 1 since it writes
 * annotations, positions, follows, dismissals and tag edits.  A state
 * kept by a sync that wrote less is written again, once, whole. */
#define SYNC_APPLIED 1
#define HEADER_MAX_BYTES (64 * 1024)

/* Waits for one request on the thread's default context: the DAV
 * client's session belongs to it. */
typedef struct
{
  GAsyncResult *result;
} DavWait;

static void
dav_ready (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  ((DavWait *) data)->result = g_object_ref (result);
}

static GAsyncResult *
dav_wait (DavWait *wait)
{
  /* The thread's own context: a worker's (papers_sync_run_async()), or
   * the global default one (NULL) in the command line */
  while (wait->result == NULL)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  return wait->result;
}

/* The retry policy: a request that failed for a reason that passes (the
 * connection dropped or timed out, the server busy, erring or holding a
 * lock) is made again, up to SYNC_ATTEMPTS times in all, waiting longer
 * each time; a refusal that does not pass (a wrong password, no right to
 * the folder, no room, a file already there) is not retried. */
#define SYNC_ATTEMPTS 3
#define SYNC_BACKOFF_MS 150

static gboolean
dav_transient (const GError *error)
{
  return error->domain == PAPERS_DAV_ERROR &&
         (error->code == PAPERS_DAV_ERROR_CONNECTION_LOST || error->code == PAPERS_DAV_ERROR_TIMEOUT ||
          error->code == PAPERS_DAV_ERROR_OFFLINE || error->code == PAPERS_DAV_ERROR_SERVER_ERROR ||
          error->code == PAPERS_DAV_ERROR_LOCKED);
}

/* Whether to try again after @local; when not, it goes to @error, saying
 * how often it was tried */
static gboolean
dav_retry (guint     attempt,
           GError  **local,
           GError  **error)
{
  if (attempt + 1 < SYNC_ATTEMPTS && dav_transient (*local))
    {
      g_debug ("sync: %s; trying again", (*local)->message);
      g_clear_error (local);
      g_usleep ((gulong) SYNC_BACKOFF_MS * 1000 << attempt);
      return TRUE;
    }
  if (attempt > 0)
    g_prefix_error (local, g_dngettext (GETTEXT_PACKAGE, "Tried %u time: ", "Tried %u times: ", attempt + 1),
                    attempt + 1);
  g_propagate_error (error, g_steal_pointer (local));
  return FALSE;
}

/* The cancellable of a round run by papers_sync_run_async(), in its
 * worker thread: quitting the window ends the request under way */
static GPrivate round_cancellable;

static GBytes *
dav_get (PapersDavClient  *client,
         const char       *path,
         gsize             max,
         GError          **error)
{
  for (guint attempt = 0;; attempt++)
    {
      DavWait wait = { NULL };
      g_autoptr(GError) local = NULL;
      GBytes *body;

      papers_dav_client_get_async (client, path, max, g_private_get (&round_cancellable), dav_ready, &wait);
      body = papers_dav_client_get_finish (client, dav_wait (&wait), NULL, &local);
      g_object_unref (wait.result);
      if (body != NULL || !dav_retry (attempt, &local, error))
        return body;
    }
}

static gboolean
dav_put (PapersDavClient  *client,
         const char       *path,
         GBytes           *body,
         GError          **error)
{
  /* A new file only: nothing on the server is ever overwritten.  A PUT
   * that reached the server before the connection dropped makes the
   * retry's answer 412, which the callers take as "the name is taken". */
  for (guint attempt = 0;; attempt++)
    {
      DavWait wait = { NULL };
      g_autoptr(GError) local = NULL;
      g_autofree char *etag = NULL;

      papers_dav_client_put_async (client, path, body, NULL, g_private_get (&round_cancellable), dav_ready,
                                   &wait);
      etag = papers_dav_client_put_finish (client, dav_wait (&wait), &local);
      g_object_unref (wait.result);
      if (etag != NULL)
        return TRUE;
      if (!dav_retry (attempt, &local, error))
        return FALSE;
    }
}

static GPtrArray *
dav_list_folder (PapersDavClient  *client,
                 const char       *folder,
                 GError          **error)
{
  for (guint attempt = 0;; attempt++)
    {
      DavWait wait = { NULL };
      g_autoptr(GError) local = NULL;
      GPtrArray *entries;

      papers_dav_client_list_async (client, folder, g_private_get (&round_cancellable), dav_ready, &wait);
      entries = papers_dav_client_list_finish (client, dav_wait (&wait), &local);
      g_object_unref (wait.result);
      if (entries != NULL || !dav_retry (attempt, &local, error))
        return entries;
    }
}

static GPtrArray *
dav_list (PapersDavClient  *client,
          GError          **error)
{
  return dav_list_folder (client, "", error);
}

static gboolean
dav_mkcol (PapersDavClient  *client,
           const char       *folder,
           GError          **error)
{
  for (guint attempt = 0;; attempt++)
    {
      DavWait wait = { NULL };
      g_autoptr(GError) local = NULL;
      gboolean made;

      papers_dav_client_mkcol_async (client, folder, g_private_get (&round_cancellable), dav_ready, &wait);
      made = papers_dav_client_mkcol_finish (client, dav_wait (&wait), &local);
      g_object_unref (wait.result);
      if (made || !dav_retry (attempt, &local, error))
        return made;
    }
}

GBytes *
papers_sync_dav_get (PapersDavClient  *client,
                     const char       *path,
                     gsize             max,
                     GError          **error)
{
  return dav_get (client, path, max, error);
}

gboolean
papers_sync_dav_put (PapersDavClient  *client,
                     const char       *path,
                     GBytes           *body,
                     GError          **error)
{
  return dav_put (client, path, body, error);
}

GPtrArray *
papers_sync_dav_list (PapersDavClient  *client,
                      GError          **error)
{
  return dav_list (client, error);
}

GPtrArray *
papers_sync_dav_list_folder (PapersDavClient  *client,
                             const char       *folder,
                             GError          **error)
{
  return dav_list_folder (client, folder, error);
}

gboolean
papers_sync_dav_mkcol (PapersDavClient  *client,
                       const char       *folder,
                       GError          **error)
{
  return dav_mkcol (client, folder, error);
}

/* The key derived last, for the header and passphrase it came from: a
 * process that syncs again (the window, every few minutes) pays Argon2id
 * once per session.  The passphrase it came from is kept beside it in
 * sodium_malloc'd memory (guarded, locked out of swap) and compared in
 * constant time; both are wiped when another passphrase or library comes,
 * and on papers_sync_forget_key(). */
G_LOCK_DEFINE_STATIC (key_cache);
static struct
{
  GBytes        *header;
  char          *passphrase;     /* sodium_malloc'd, NUL-terminated */
  gsize          passphrase_len;
  PapersSyncKey *key;
  guint          derivations;
} key_cache;

/* The caller holds key_cache's lock */
static void
key_cache_clear (void)
{
  g_clear_pointer (&key_cache.header, g_bytes_unref);
  g_clear_pointer (&key_cache.key, papers_sync_key_free);
  if (key_cache.passphrase != NULL)
    {
      /* sodium_free() wipes it too; said here because it is the point */
      sodium_memzero (key_cache.passphrase, key_cache.passphrase_len);
      sodium_free (key_cache.passphrase);
      key_cache.passphrase = NULL;
    }
  key_cache.passphrase_len = 0;
}

/* The caller holds key_cache's lock */
static gboolean
key_cache_matches (GBytes     *header,
                   const char *passphrase)
{
  gsize len = strlen (passphrase);

  return key_cache.key != NULL && key_cache.header != NULL && g_bytes_equal (key_cache.header, header) &&
         key_cache.passphrase_len == len && sodium_memcmp (key_cache.passphrase, passphrase, len) == 0;
}

/* Keeps @key (taken) for @header and @passphrase; the caller holds
 * key_cache's lock and cleared it.  Returns: (transfer none) (nullable) */
static PapersSyncKey *
key_cache_keep (GBytes         *header,
                const char     *passphrase,
                PapersSyncKey  *key,
                GError        **error)
{
  gsize len = strlen (passphrase);

  if (key == NULL)
    return NULL;
  key_cache.passphrase = sodium_malloc (len + 1);
  if (key_cache.passphrase == NULL)
    {
      /* Nowhere safe to keep the passphrase: the key is not kept either */
      papers_sync_key_free (key);
      g_set_error (error, PAPERS_SYNC_CRYPTO_ERROR, PAPERS_SYNC_CRYPTO_ERROR_FAILED,
                   _("The encryption key could not be made: not enough memory."));
      return NULL;
    }
  memcpy (key_cache.passphrase, passphrase, len + 1);
  key_cache.passphrase_len = len;
  key_cache.header = g_bytes_ref (header);
  key_cache.key = key;
  return key;
}

/* Returns: (transfer none): the key, alive until the cache changes (the
 * rounds that use it run one at a time) */
static PapersSyncKey *
cached_unlock (GBytes      *header,
               const char  *passphrase,
               GError     **error)
{
  PapersSyncKey *key = NULL;

  G_LOCK (key_cache);
  if (key_cache_matches (header, passphrase))
    key = key_cache.key;
  else
    {
      /* Another passphrase or library: the old key goes at once, whether
       * or not the new one can be derived */
      key_cache_clear ();
      key_cache.derivations++;
      key = key_cache_keep (header, passphrase, papers_sync_header_unlock (header, passphrase, error), error);
    }
  G_UNLOCK (key_cache);
  return key;
}

/**
 * papers_sync_forget_key:
 *
 * Wipes the key kept for the next round, and the passphrase it came
 * from: the reader changed the passphrase, the server or the user, or
 * signed out.  The next round derives the key again.
 */
void
papers_sync_forget_key (void)
{
  G_LOCK (key_cache);
  key_cache_clear ();
  G_UNLOCK (key_cache);
}

/* How many times this process derived a key (Argon2id): for the tests
 * and the benchmark, which check that a session derives it once */
guint
papers_sync_get_key_derivations (void)
{
  guint n;

  G_LOCK (key_cache);
  n = key_cache.derivations;
  G_UNLOCK (key_cache);
  return n;
}

/* The library's key: from the header on the server, or a new header.
 * Returns: (transfer none) */
static PapersSyncKey *
unlock (PapersDavClient  *client,
        const char       *passphrase,
        PapersSyncStats  *stats,
        GError          **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GBytes) header = dav_get (client, HEADER_NAME, HEADER_MAX_BYTES, &local);
  PapersSyncKey *key = NULL;

  if (header == NULL && !g_error_matches (local, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (header == NULL)
    {
      g_clear_error (&local);
      header = papers_sync_header_new (passphrase, PAPERS_SYNC_KDF_OPSLIMIT, PAPERS_SYNC_KDF_MEMLIMIT, &key,
                                       error);
      if (header == NULL)
        return NULL;
      if (dav_put (client, HEADER_NAME, header, &local))
        {
          PapersSyncKey *kept;

          stats->bytes_up += g_bytes_get_size (header);
          /* The key the header was made with: not derived a second time */
          G_LOCK (key_cache);
          key_cache_clear ();
          key_cache.derivations++;
          kept = key_cache_keep (header, passphrase, g_steal_pointer (&key), error);
          G_UNLOCK (key_cache);
          return kept;
        }
      papers_sync_key_free (key);
      /* Another device made it first: use theirs */
      if (!g_error_matches (local, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_PRECONDITION_FAILED))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      g_clear_pointer (&header, g_bytes_unref);
      if ((header = dav_get (client, HEADER_NAME, HEADER_MAX_BYTES, error)) == NULL)
        return NULL;
    }
  stats->bytes_down += g_bytes_get_size (header);
  return cached_unlock (header, passphrase, error);
}

static PapersSyncOp
op_from_nick (const char *nick,
              gboolean   *ok)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (PAPERS_TYPE_SYNC_OP);
  GEnumValue *value = g_enum_get_value_by_nick (klass, nick);

  *ok = value != NULL;
  return value != NULL ? (PapersSyncOp) value->value : PAPERS_SYNC_OP_MEMBERSHIP;
}

/* A log row as a record, made against what the device had seen */
static PapersSyncRecord *
row_to_record (PapersSyncState          *state,
               const PapersStoreSyncRow *row,
               const char               *device)
{
  PapersHlcStamp stamp = { row->wall, row->logical, "" };
  PapersSyncRecord *record;
  gboolean ok;
  PapersSyncOp op = op_from_nick (row->op, &ok);

  memcpy (stamp.device, device, PAPERS_SYNC_DEVICE_ID_LEN + 1);
  if (!ok)
    return NULL;
  if (op == PAPERS_SYNC_OP_TAG_REMOVE)
    return papers_sync_state_make_tag_remove (state, &stamp, row->paper, row->key);
  if (op == PAPERS_SYNC_OP_NOTE)
    return papers_sync_state_make_note (state, &stamp, row->paper, row->text != NULL ? row->text : "");
  record = papers_sync_record_new (&stamp, op);
  record->paper = g_strdup (row->paper);
  record->key = g_strdup (row->key);
  record->text = g_strdup (row->text);
  record->flag = row->flag;
  papers_sync_record_normalize (record);
  return record;
}

static char *
segment_name (const char *device,
              guint64     seq)
{
  return g_strdup_printf ("log-%s-%" G_GUINT64_FORMAT, device, seq);
}

/* "PREFIX-DEVICE-SEQ": a log segment ("log") or a snapshot ("snap") */
static gboolean
parse_file_name (const char *name,
                 const char *prefix,
                 char       *device,
                 guint64    *seq)
{
  gsize n = strlen (prefix);

  if (strncmp (name, prefix, n) != 0 || name[n] != '-' || strlen (name) < n + 1 + PAPERS_SYNC_DEVICE_ID_LEN + 2 ||
      name[n + 1 + PAPERS_SYNC_DEVICE_ID_LEN] != '-')
    return FALSE;
  memcpy (device, name + n + 1, PAPERS_SYNC_DEVICE_ID_LEN);
  device[PAPERS_SYNC_DEVICE_ID_LEN] = '\0';
  return papers_sync_device_id_is_valid (device) &&
         g_ascii_string_to_unsigned (name + n + 2 + PAPERS_SYNC_DEVICE_ID_LEN, 10, 1, G_MAXINT64, seq, NULL);
}

static gboolean
parse_segment_name (const char *name,
                    char       *device,
                    guint64    *seq)
{
  return parse_file_name (name, "log", device, seq);
}

/* Snapshots.  A device writes one of its own, "snap-DEVICE-N", whenever
 * the state it holds includes SNAPSHOT_EVERY more log segments than its
 * last (N is how many log segments, of every device, the snapshot
 * includes, so a larger N includes more).  A new device starts from the
 * largest snapshot of another device and replays only the segments after
 * what it covers.  Log segments stay: another device may still need them,
 * and no device deletes another's files. */
#define SNAPSHOT_EVERY 256

static guint64
snapshot_every (void)
{
  /* For the tests, which cannot make hundreds of segments in good time */
  const char *every = g_getenv ("PAPERS_SYNC_SNAPSHOT_EVERY");
  guint64 n;

  if (every != NULL && g_ascii_string_to_unsigned (every, 10, 1, G_MAXINT32, &n, NULL))
    return n;
  return SNAPSHOT_EVERY;
}

static char *
snapshot_name (const char *device,
               guint64     n)
{
  return g_strdup_printf ("snap-%s-%" G_GUINT64_FORMAT, device, n);
}

typedef struct
{
  char    device[PAPERS_SYNC_DEVICE_ID_LEN + 1];
  guint64 seq;
  char   *name;
} Pending;

static int
pending_compare (gconstpointer a,
                 gconstpointer b)
{
  const Pending *x = *(Pending **) a, *y = *(Pending **) b;
  int c = strcmp (x->device, y->device);

  return c != 0 ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static void
pending_free (gpointer data)
{
  Pending *p = data;

  g_free (p->name);
  g_free (p);
}

/* Fetches and checks one segment: nothing of it is merged if any of it
 * fails; the message names the file */
static PapersSyncSegment *
fetch_segment (PapersDavClient  *client,
               PapersSyncKey    *key,
               const Pending    *p,
               PapersSyncStats  *stats,
               GError          **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GBytes) sealed = dav_get (client, p->name, PAPERS_SYNC_MAX_FILE_BYTES, error);
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(PapersSyncSegment) segment = NULL;

  if (sealed == NULL)
    return NULL;
  stats->bytes_down += g_bytes_get_size (sealed);
  if ((plain = papers_sync_decrypt (key, p->name, sealed, &local)) == NULL ||
      (segment = papers_sync_segment_decode (plain, &local)) == NULL)
    {
      g_set_error (error, local->domain, local->code,
                   _("The file “%s” on the server was refused, nothing of it was merged: %s"), p->name,
                   local->message);
      return NULL;
    }
  if (segment->snapshot != g_str_has_prefix (p->name, "snap-") || strcmp (segment->device, p->device) != 0 ||
      segment->seq != p->seq)
    {
      g_set_error (error, PAPERS_SYNC_CRYPTO_ERROR, PAPERS_SYNC_CRYPTO_ERROR_REPLAYED,
                   _("The file “%s” on the server holds another file’s changes; nothing of it was merged"),
                   p->name);
      return NULL;
    }
  return g_steal_pointer (&segment);
}

static int
str_ptr_compare (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* A tag removed here by the key the library knows it by also removes
 * the assignments of the tag's older ids that renames brought to that
 * key: the reader removed the tag they see. */
static void
add_alias_removals (PapersSyncState  *state,
                    PapersSyncRecord *removal,
                    GPtrArray        *records)
{
  g_auto(GStrv) ids = papers_sync_state_dup_tags (state, removal->paper);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      const char *name;
      g_autofree char *key = NULL;
      PapersSyncRecord *alias;

      if (g_str_equal (ids[i], removal->key))
        continue;
      key = papers_sync_state_dup_tag_key (state, ids[i], &name);
      if (!g_str_equal (key, removal->key))
        continue;
      alias = papers_sync_state_make_tag_remove (state, &removal->stamp, removal->paper, ids[i]);
      papers_sync_state_apply (state, alias);
      g_ptr_array_add (records, alias);
    }
}

/* The ids of the tags on @paper as the library knows them, sorted */
static GStrv
dup_library_tags (PapersSyncState *state,
                  const char      *paper)
{
  g_auto(GStrv) ids = papers_sync_state_dup_tags (state, paper);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      const char *name;
      g_autofree char *key = papers_sync_state_dup_tag_key (state, ids[i], &name);
      gboolean known = FALSE;

      for (guint k = 0; k < keys->len && !known; k++)
        known = g_str_equal (keys->pdata[k], key);
      if (!known)
        g_ptr_array_add (keys, g_steal_pointer (&key));
    }
  g_ptr_array_sort (keys, str_ptr_compare);
  g_ptr_array_add (keys, NULL);
  g_ptr_array_set_free_func (keys, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&keys), FALSE);
}

/* What the merge now says of @paper, for the library; @annotations the
 * ids of its annotations received, all of them when @all_annotations
 * (the paper left the library, which takes them: they come back) */
static PapersStoreSyncEdit *
make_edit (PapersSyncState *state,
           const char      *paper,
           const char      *metadata,
           GHashTable      *annotations,
           gboolean         all_annotations)
{
  PapersStoreSyncEdit *edit = papers_store_sync_edit_new (paper);
  const char *status = papers_sync_state_get_text (state, PAPERS_SYNC_OP_STATUS, paper, NULL);
  const char *position = papers_sync_state_get_text (state, PAPERS_SYNC_OP_POSITION, paper, NULL);
  const PapersSyncRecord *dismiss = papers_sync_state_lookup (state, PAPERS_SYNC_OP_DISMISS, paper, NULL);
  g_autoptr(GPtrArray) notes = papers_sync_state_dup_note_versions (state, paper);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) live = NULL;
  PapersReadStatus value;

  edit->in_library = papers_sync_state_in_library (state, paper);
  if (metadata != NULL)
    {
      g_autoptr(JsonNode) node = json_from_string (metadata, NULL);

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        edit->title = g_strdup (json_object_get_string_member_with_default (json_node_get_object (node),
                                                                            "title", NULL));
    }
  if (status != NULL && papers_read_status_from_string (status, &value))
    edit->status = value;
  edit->starred = papers_sync_state_get_flag (state, PAPERS_SYNC_OP_STAR, paper, NULL);
  edit->tags = dup_library_tags (state, paper);
  edit->dismissed = dismiss != NULL ? dismiss->flag : -1;
  edit->position = g_strdup (position);

  /* Each annotation by its id: its latest body, or its deletion */
  if (annotations != NULL)
    {
      GHashTableIter iter;
      gpointer id;

      g_hash_table_iter_init (&iter, annotations);
      while (g_hash_table_iter_next (&iter, &id, NULL))
        g_hash_table_add (ids, id);
    }
  if (all_annotations)
    {
      live = papers_sync_state_dup_annotations (state, paper);
      for (guint i = 0; live[i] != NULL; i++)
        g_hash_table_add (ids, live[i]);
    }
  if (g_hash_table_size (ids) > 0)
    {
      g_autofree gpointer *keys = g_hash_table_get_keys_as_array (ids, NULL);
      guint n = g_hash_table_size (ids);

      qsort (keys, n, sizeof *keys, str_ptr_compare);
      edit->annotations = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_store_sync_item_free);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (edit->annotations,
                         papers_store_sync_item_new (keys[i], papers_sync_state_get_text (
                                                       state, PAPERS_SYNC_OP_ANNOTATION, NULL, keys[i]),
                                                     FALSE));
    }
  /* Of concurrent versions the library shows the latest; `conflicts`
   * lists them all until one that covers both is written */
  if (notes->len > 0)
    edit->note = g_strdup (((PapersSyncRecord *) notes->pdata[notes->len - 1])->text);
  return edit;
}

/* What received records touched besides papers, and what the library
 * had of it before they are merged */
typedef struct
{
  GHashTable *annotations;  /* paper → set of annotation ids */
  GHashTable *memberships;  /* papers whose membership was received */
  GHashTable *tags;         /* tag id → the key the library knew it by */
  GHashTable *follows;      /* followed keys */
} Received;

#define RECEIVED_INIT { \
  g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_hash_table_unref), \
  g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL), \
  g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free), \
  g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) }

static void
received_clear (Received *received)
{
  g_clear_pointer (&received->annotations, g_hash_table_unref);
  g_clear_pointer (&received->memberships, g_hash_table_unref);
  g_clear_pointer (&received->tags, g_hash_table_unref);
  g_clear_pointer (&received->follows, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Received, received_clear)

/* Called before @record's segment is merged */
static void
note_received (PapersSyncState        *state,
               const PapersSyncRecord *record,
               Received               *received)
{
  GHashTable *ids;

  switch (record->op)
    {
    case PAPERS_SYNC_OP_ANNOTATION:
    case PAPERS_SYNC_OP_ANNOTATION_DELETE:
      if (record->paper == NULL || record->key == NULL)
        break;
      ids = g_hash_table_lookup (received->annotations, record->paper);
      if (ids == NULL)
        {
          ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_hash_table_insert (received->annotations, g_strdup (record->paper), ids);
        }
      g_hash_table_add (ids, g_strdup (record->key));
      break;
    case PAPERS_SYNC_OP_MEMBERSHIP:
      if (record->paper != NULL)
        g_hash_table_add (received->memberships, g_strdup (record->paper));
      break;
    case PAPERS_SYNC_OP_TAG_NAME:
    case PAPERS_SYNC_OP_TAG_COLOR:
      if (record->key != NULL && !g_hash_table_contains (received->tags, record->key))
        {
          const char *name;

          g_hash_table_insert (received->tags, g_strdup (record->key),
                               papers_sync_state_dup_tag_key (state, record->key, &name));
        }
      break;
    case PAPERS_SYNC_OP_FOLLOW:
      if (record->key != NULL)
        g_hash_table_add (received->follows, g_strdup (record->key));
      break;
    default:
      break;
    }
}

/* Everything @state holds of the kinds an older sync did not write into
 * the library, as if received now; memberships are not (they were
 * written), so a paper's annotations are only those it has */
static void
note_all (PapersSyncState *state,
          GHashTable      *touched,
          Received        *received)
{
  g_autoptr(GPtrArray) records = papers_sync_state_to_records (state);

  for (guint i = 0; i < records->len; i++)
    {
      PapersSyncRecord *record = records->pdata[i];

      switch (record->op)
        {
        case PAPERS_SYNC_OP_ANNOTATION:
        case PAPERS_SYNC_OP_ANNOTATION_DELETE:
        case PAPERS_SYNC_OP_POSITION:
        case PAPERS_SYNC_OP_DISMISS:
        case PAPERS_SYNC_OP_FOLLOW:
        case PAPERS_SYNC_OP_TAG_NAME:
        case PAPERS_SYNC_OP_TAG_COLOR:
          note_received (state, record, received);
          if (record->paper != NULL && !g_hash_table_contains (touched, record->paper))
            g_hash_table_insert (touched, g_strdup (record->paper), NULL);
          break;
        default:
          break;
        }
    }
}

static GStrv
dup_sorted_keys (GHashTable *table)
{
  g_autofree gpointer *keys = g_hash_table_get_keys_as_array (table, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = g_hash_table_size (table);

  qsort (keys, n, sizeof *keys, str_ptr_compare);
  for (guint i = 0; i < n; i++)
    g_strv_builder_add (builder, keys[i]);
  return g_strv_builder_end (builder);
}

/* The tags received renames or colors touched: each by the key the
 * library knew it by, with its name after every rename the merge keeps
 * and the latest color of any of its ids (a color set before a rename is
 * the same tag's) */
static GPtrArray *
make_tag_edits (PapersSyncState *state,
                GHashTable      *tags)
{
  GPtrArray *edits = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_store_sync_tag_free);
  g_auto(GStrv) ids = dup_sorted_keys (tags);
  g_auto(GStrv) colored = NULL;
  g_autoptr(GHashTable) colors = NULL;

  if (ids[0] == NULL)
    return edits;
  /* library key → its latest color record */
  colors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  colored = papers_sync_state_dup_keys (state, PAPERS_SYNC_OP_TAG_COLOR);
  for (guint i = 0; colored[i] != NULL; i++)
    {
      const PapersSyncRecord *color = papers_sync_state_lookup (state, PAPERS_SYNC_OP_TAG_COLOR, NULL, colored[i]);
      const PapersSyncRecord *best;
      const char *name;
      g_autofree char *key = papers_sync_state_dup_tag_key (state, colored[i], &name);
      int c;

      best = g_hash_table_lookup (colors, key);
      if (best == NULL || (c = papers_hlc_stamp_compare (&color->stamp, &best->stamp)) > 0 ||
          (c == 0 && papers_sync_record_compare (color, best) > 0))
        g_hash_table_insert (colors, g_steal_pointer (&key), (gpointer) color);
    }
  for (guint i = 0; ids[i] != NULL; i++)
    {
      PapersStoreSyncTag *edit = g_new0 (PapersStoreSyncTag, 1);
      const PapersSyncRecord *color;
      const char *name;
      g_autofree char *key = papers_sync_state_dup_tag_key (state, ids[i], &name);

      edit->key = g_strdup (ids[i]);
      edit->from = g_strdup (g_hash_table_lookup (tags, ids[i]));
      edit->name = g_strdup (name);
      color = g_hash_table_lookup (colors, key);
      edit->color = color != NULL ? g_strdup (color->text) : NULL;
      g_ptr_array_add (edits, edit);
    }
  return edits;
}

static GPtrArray *
make_follow_edits (PapersSyncState *state,
                   GHashTable      *follows)
{
  GPtrArray *edits = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_store_sync_item_free);
  g_auto(GStrv) keys = dup_sorted_keys (follows);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      const PapersSyncRecord *follow = papers_sync_state_lookup (state, PAPERS_SYNC_OP_FOLLOW, NULL, keys[i]);

      if (follow != NULL)
        g_ptr_array_add (edits, papers_store_sync_item_new (keys[i], follow->text, follow->flag));
    }
  return edits;
}

/* The merged state a process saved last, by the name the library gives
 * it (new at each save): the next round in this process starts from it
 * rather than reading it all again.  A round takes it out and puts it
 * back only once it is saved, so a round that fails leaves nothing here
 * that the library does not hold. */
#define STATE_CACHE_SIZE 4
G_LOCK_DEFINE_STATIC (state_cache);
static struct
{
  char            *gen;
  PapersSyncState *state;
} state_cache[STATE_CACHE_SIZE];

static PapersSyncState *
state_cache_take (const char *gen)
{
  PapersSyncState *state = NULL;

  G_LOCK (state_cache);
  for (guint i = 0; gen != NULL && state == NULL && i < STATE_CACHE_SIZE; i++)
    if (g_strcmp0 (state_cache[i].gen, gen) == 0)
      {
        state = g_steal_pointer (&state_cache[i].state);
        g_clear_pointer (&state_cache[i].gen, g_free);
      }
  G_UNLOCK (state_cache);
  return state;
}

static void
state_cache_put (const char      *gen,
                 PapersSyncState *state)
{
  static guint next;
  guint slot = STATE_CACHE_SIZE;

  G_LOCK (state_cache);
  for (guint i = 0; slot == STATE_CACHE_SIZE && i < STATE_CACHE_SIZE; i++)
    if (state_cache[i].gen == NULL)
      slot = i;
  if (slot == STATE_CACHE_SIZE)
    slot = next++ % STATE_CACHE_SIZE;
  g_clear_pointer (&state_cache[slot].state, papers_sync_state_free);
  g_free (state_cache[slot].gen);
  state_cache[slot].gen = g_strdup (gen);
  state_cache[slot].state = state;
  G_UNLOCK (state_cache);
}

/**
 * papers_sync_drop_cached_state:
 *
 * Frees the merged states kept in memory between rounds; the next round
 * reads its state from the library, as a new process does.
 */
void
papers_sync_drop_cached_state (void)
{
  G_LOCK (state_cache);
  for (guint i = 0; i < STATE_CACHE_SIZE; i++)
    {
      g_clear_pointer (&state_cache[i].state, papers_sync_state_free);
      g_clear_pointer (&state_cache[i].gen, g_free);
    }
  G_UNLOCK (state_cache);
}

/* The merged state: the one this process saved last, else the entries
 * the library keeps, else the whole state an older sync kept (whose
 * entries are then all written, *@reset) */
static PapersSyncState *
load_state (PapersStore         *store,
            PapersStoreSyncLog  *log,
            gboolean            *reset,
            GError             **error)
{
  g_autoptr(PapersSyncState) state = state_cache_take (log->state_gen);
  g_autoptr(GPtrArray) entries = NULL;

  *reset = FALSE;
  if (state != NULL)
    return g_steal_pointer (&state);
  state = papers_sync_state_new ();
  if (log->state != NULL)
    {
      g_autoptr(PapersSyncSegment) snapshot = papers_sync_segment_decode (log->state, error);

      if (snapshot == NULL)
        return NULL;
      papers_sync_state_apply_segment (state, snapshot);
      *reset = TRUE;
      return g_steal_pointer (&state);
    }
  if (log->state_gen == NULL)
    return g_steal_pointer (&state);
  entries = papers_store_wait (papers_store_sync_load_state_async, papers_store_sync_load_state_finish, error,
                               store);
  if (entries == NULL)
    return NULL;
  for (guint i = 0; i < entries->len; i++)
    {
      g_autoptr(PapersSyncSegment) entry = papers_sync_segment_decode (entries->pdata[i], error);

      if (entry == NULL)
        return NULL;
      papers_sync_state_apply_segment (state, entry);
    }
  papers_sync_state_forget_changes (state);
  return g_steal_pointer (&state);
}

/* Merges another device's segment or snapshot, noting what it touches
 * in the library before it is merged */
static void
merge_received (PapersSyncState   *state,
                PapersHlc         *hlc,
                PapersSyncSegment *theirs,
                GHashTable        *touched,
                Received          *received)
{
  for (guint r = 0; r < theirs->records->len; r++)
    {
      PapersSyncRecord *record = theirs->records->pdata[r];

      papers_hlc_receive (hlc, &record->stamp);
      note_received (state, record, received);
      if (record->paper != NULL)
        {
          if (record->op == PAPERS_SYNC_OP_MEMBERSHIP && record->flag)
            g_hash_table_replace (touched, g_strdup (record->paper), g_strdup (record->text));
          else if (!g_hash_table_contains (touched, record->paper))
            g_hash_table_insert (touched, g_strdup (record->paper), NULL);
        }
    }
  papers_sync_state_apply_segment (state, theirs);
}

/* For a device that has merged nothing yet: the snapshot of another
 * device that includes the most, so the log segments it covers are not
 * fetched; *@snapshot %NULL when there is none */
static gboolean
fetch_best_snapshot (PapersDavClient    *client,
                     PapersSyncKey      *key,
                     GPtrArray          *entries,
                     const char         *device,
                     PapersSyncStats    *stats,
                     PapersSyncSegment **snapshot,
                     GError            **error)
{
  Pending best = { "", 0, NULL };

  *snapshot = NULL;
  for (guint i = 0; i < entries->len; i++)
    {
      PapersDavEntry *entry = entries->pdata[i];
      Pending p = { "", 0, NULL };

      if (!entry->is_folder && parse_file_name (entry->name, "snap", p.device, &p.seq) &&
          strcmp (p.device, device) != 0 && p.seq > best.seq)
        {
          best = p;
          best.name = entry->name;
        }
    }
  if (best.name == NULL)
    return TRUE;
  *snapshot = fetch_segment (client, key, &best, stats, error);
  return *snapshot != NULL;
}

/* This device's snapshot, when the state includes SNAPSHOT_EVERY more
 * log segments than its last one on the server */
static gboolean
write_snapshot (PapersDavClient  *client,
                PapersSyncKey    *key,
                PapersSyncState  *state,
                const char       *device,
                GPtrArray        *entries,
                PapersSyncStats  *stats,
                GError          **error)
{
  guint64 total = papers_sync_state_get_covered_total (state), last = 0;
  g_autoptr(PapersSyncSegment) snapshot = NULL;
  g_autoptr(GBytes) plain = NULL, sealed = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *name = NULL;

  for (guint i = 0; i < entries->len; i++)
    {
      PapersDavEntry *entry = entries->pdata[i];
      char owner[PAPERS_SYNC_DEVICE_ID_LEN + 1];
      guint64 n;

      if (!entry->is_folder && parse_file_name (entry->name, "snap", owner, &n) && strcmp (owner, device) == 0)
        last = MAX (last, n);
    }
  if (total < last + snapshot_every ())
    return TRUE;
  name = snapshot_name (device, total);
  snapshot = papers_sync_state_snapshot (state, device, total);
  plain = papers_sync_segment_encode (snapshot);
  sealed = papers_sync_encrypt (key, name, plain);
  if (dav_put (client, name, sealed, &local))
    {
      stats->bytes_up += g_bytes_get_size (sealed);
      return TRUE;
    }
  /* There already: one that includes the same, from a round cut short */
  if (g_error_matches (local, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_PRECONDITION_FAILED))
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

gboolean
papers_sync_run (PapersStore      *store,
                 const char       *url,
                 const char       *user,
                 const char       *password,
                 const char       *passphrase,
                 PapersSyncStats  *stats,
                 GError          **error)
{
  g_autoptr(PapersStoreSyncLog) log = NULL;
  g_autoptr(PapersSyncState) state = NULL;
  g_autoptr(PapersDavClient) client = NULL;
  PapersSyncKey *key;
  g_autoptr(PapersHlc) hlc = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (pending_free);
  g_autoptr(GHashTable) touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) conflicts = NULL;
  gboolean reset, fresh;
  g_autofree char *device = NULL;
  g_autoptr(PapersSyncSegment) segment = NULL;
  g_auto(Received) received = RECEIVED_INIT;
  PapersStoreSyncSave *save;
  PapersHlcStamp last;
  gint64 uploaded = 0;

  memset (stats, 0, sizeof *stats);
  if ((client = papers_dav_client_new (url, user, password, error)) == NULL)
    return FALSE;
  log = papers_store_wait (papers_store_sync_load_async, papers_store_sync_load_finish, error, store);
  if (log == NULL || (state = load_state (store, log, &reset, error)) == NULL)
    return FALSE;
  fresh = papers_sync_state_get_covered_total (state) == 0;
  device = log->device != NULL ? g_strdup (log->device) : papers_sync_device_id_new ();
  if ((key = unlock (client, passphrase, stats, error)) == NULL)
    return FALSE;

  hlc = papers_hlc_new (device, NULL, NULL);
  last.wall_ms = log->wall;
  last.logical = log->logical;
  papers_hlc_restore (hlc, &last);

  /* Up: this device's new rows, as one new segment */
  segment = papers_sync_segment_new (FALSE, device, 0);
  if (log->rows->len > 0)
    {
      for (guint i = 0; i < log->rows->len; i++)
        {
          PapersStoreSyncRow *row = log->rows->pdata[i];
          PapersSyncRecord *record = row_to_record (state, row, device);

          if (record == NULL)
            continue;
          if (record->op == PAPERS_SYNC_OP_TAG_REMOVE)
            add_alias_removals (state, record, segment->records);
          papers_sync_state_apply (state, record);
          /* Removing a paper here took its annotations with it; the
           * merge keeps them, as every other device does */
          if (record->op == PAPERS_SYNC_OP_MEMBERSHIP && !record->flag)
            {
              g_hash_table_add (received.memberships, g_strdup (record->paper));
              if (!g_hash_table_contains (touched, record->paper))
                g_hash_table_insert (touched, g_strdup (record->paper), NULL);
            }
          /* Adding it back here made a bare library entry; the merge
           * kept its tags, status, star and note, and brings them back
           * as every other device shows them */
          else if (record->op == PAPERS_SYNC_OP_MEMBERSHIP && !g_hash_table_contains (touched, record->paper))
            g_hash_table_insert (touched, g_strdup (record->paper), NULL);
          papers_hlc_receive (hlc, &record->stamp);
          g_ptr_array_add (segment->records, record);
        }
      uploaded = ((PapersStoreSyncRow *) log->rows->pdata[log->rows->len - 1])->seq;
    }
  /* The library's PDFs the server lacks, and which file each paper has */
  if (!papers_sync_pdfs_send (store, client, key, state, hlc, segment->records, stats, error))
    return FALSE;
  if (uploaded > 0 || segment->records->len > 0)
    {
      guint64 seq = papers_sync_state_get_covered (state, device) + 1;
      g_autoptr(GBytes) plain = NULL;
      g_autoptr(GBytes) sealed = NULL;
      g_autofree char *name = NULL;

      for (;;)
        {
          g_autoptr(GError) local = NULL;

          g_free (name);
          name = segment_name (device, seq);
          segment->seq = seq;
          g_clear_pointer (&plain, g_bytes_unref);
          plain = papers_sync_segment_encode (segment);
          g_clear_pointer (&sealed, g_bytes_unref);
          sealed = papers_sync_encrypt (key, name, plain);
          if (dav_put (client, name, sealed, &local))
            break;
          /* A round cut short after its upload left this name taken: its
           * changes are in this segment too, merged twice to no effect */
          if (!g_error_matches (local, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_PRECONDITION_FAILED) || seq > G_MAXINT32)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          seq++;
        }
      papers_sync_state_mark_covered (state, device, seq);
      stats->sent = segment->records->len;
      stats->bytes_up += g_bytes_get_size (sealed);
    }

  /* Down: every other device's segments not merged yet, in order */
  if ((entries = dav_list (client, error)) == NULL)
    return FALSE;
  if (fresh)
    {
      g_autoptr(PapersSyncSegment) snapshot = NULL;

      if (!fetch_best_snapshot (client, key, entries, device, stats, &snapshot, error))
        return FALSE;
      if (snapshot != NULL)
        {
          merge_received (state, hlc, snapshot, touched, &received);
          stats->received += snapshot->records->len;
        }
    }
  for (guint i = 0; i < entries->len; i++)
    {
      PapersDavEntry *entry = entries->pdata[i];
      Pending p = { "", 0, NULL };

      if (entry->is_folder || !parse_segment_name (entry->name, p.device, &p.seq) ||
          strcmp (p.device, device) == 0 || p.seq <= papers_sync_state_get_covered (state, p.device))
        continue;
      p.name = g_strdup (entry->name);
      g_ptr_array_add (pending, g_memdup2 (&p, sizeof p));
    }
  g_ptr_array_sort (pending, pending_compare);
  for (guint i = 0; i < pending->len; i++)
    {
      Pending *p = pending->pdata[i];
      g_autoptr(PapersSyncSegment) theirs = NULL;

      /* A gap: the next segment is not there yet; the rest waits */
      if (p->seq != papers_sync_state_get_covered (state, p->device) + 1)
        continue;
      if ((theirs = fetch_segment (client, key, p, stats, error)) == NULL)
        return FALSE;
      merge_received (state, hlc, theirs, touched, &received);
      stats->received += theirs->records->len;
    }
  if (!write_snapshot (client, key, state, device, entries, stats, error))
    return FALSE;

  if ((log->state != NULL || log->state_gen != NULL) && log->applied < SYNC_APPLIED)
    note_all (state, touched, &received);

  /* Into the library: the papers received changes touched */
  save = g_new0 (PapersStoreSyncSave, 1);
  save->applied = SYNC_APPLIED;
  save->device = g_strdup (device);
  save->edits = g_ptr_array_new_with_free_func ((GDestroyNotify) papers_store_sync_edit_free);
  {
    GHashTableIter iter;
    gpointer paper, metadata;

    g_hash_table_iter_init (&iter, touched);
    while (g_hash_table_iter_next (&iter, &paper, &metadata))
      g_ptr_array_add (save->edits,
                       make_edit (state, paper, metadata, g_hash_table_lookup (received.annotations, paper),
                                  g_hash_table_contains (received.memberships, paper)));
    save->tags = make_tag_edits (state, received.tags);
    save->follows = make_follow_edits (state, received.follows);
    save->state_entries = papers_sync_state_steal_changes (state);
    save->state_gen = g_uuid_string_random ();
    save->state_reset = reset;
  }
  save->wall = papers_hlc_peek_last (hlc)->wall_ms;
  save->logical = papers_hlc_peek_last (hlc)->logical;
  save->uploaded = uploaded > 0 ? uploaded : -1;
  conflicts = papers_sync_state_dup_conflicts (state);
  stats->conflicts = g_strv_length (conflicts);
  {
    g_autofree char *gen = g_strdup (save->state_gen);

    gboolean pdfs_ok;

    if (!papers_store_wait (papers_store_sync_save_async, papers_store_write_finish, error, store, save))
      return FALSE;
    /* After the save: the papers whose PDFs are fetched are in the
     * library by now */
    pdfs_ok = !papers_sync_get_pdfs_in_advance () ||
              papers_sync_pdfs_fetch_all (store, client, key, state, stats, error);
    state_cache_put (gen, g_steal_pointer (&state));
    if (!pdfs_ok)
      return FALSE;
  }
  return TRUE;
}

GHashTable *
papers_sync_dup_conflicts (PapersStore  *store,
                           GError      **error)
{
  g_autoptr(PapersStoreSyncLog) log = NULL;
  g_autoptr(PapersSyncState) state = NULL;
  g_auto(GStrv) papers = NULL;
  GHashTable *conflicts;
  gboolean reset;

  log = papers_store_wait (papers_store_sync_load_async, papers_store_sync_load_finish, error, store);
  if (log == NULL || (state = load_state (store, log, &reset, error)) == NULL)
    return NULL;
  conflicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  papers = papers_sync_state_dup_conflicts (state);
  for (guint i = 0; papers[i] != NULL; i++)
    g_hash_table_insert (conflicts, g_strdup (papers[i]), papers_sync_state_dup_note_versions (state, papers[i]));
  /* Unchanged: kept for the next round */
  if (log->state_gen != NULL && !reset)
    state_cache_put (log->state_gen, g_steal_pointer (&state));
  return conflicts;
}

/* The PDF record's text of @paper, %NULL when no device sent one */
static char *
dup_pdf_text (PapersStore  *store,
              const char   *paper,
              GError      **error)
{
  g_autoptr(PapersStoreSyncLog) log = NULL;
  g_autoptr(PapersSyncState) state = NULL;
  char *text;
  gboolean reset;

  log = papers_store_wait (papers_store_sync_load_async, papers_store_sync_load_finish, error, store);
  if (log == NULL || (state = load_state (store, log, &reset, error)) == NULL)
    return NULL;
  text = g_strdup (papers_sync_state_get_text (state, PAPERS_SYNC_OP_PDF, paper, NULL));
  /* Unchanged: kept for the next round */
  if (log->state_gen != NULL && !reset)
    state_cache_put (log->state_gen, g_steal_pointer (&state));
  if (text == NULL)
    g_set_error (error, PAPERS_DAV_ERROR, PAPERS_DAV_ERROR_NOT_FOUND,
                 _("No device has sent a PDF of this paper through sync."));
  return text;
}

/**
 * papers_sync_dup_pdf:
 * @paper: a paper's id
 * @sha256: (out) (optional): the PDF's sha256, in hex
 * @size: (out) (optional): its size
 *
 * Whether a device sent a PDF of @paper through sync (the latest one
 * sent, when several were): what the library can fetch when the paper is
 * opened without a PDF here.
 */
gboolean
papers_sync_dup_pdf (PapersStore  *store,
                     const char   *paper,
                     char        **sha256,
                     guint64      *size,
                     GError      **error)
{
  g_autofree char *text = dup_pdf_text (store, paper, error);
  g_autofree char *hash = NULL;
  guint64 length = 0;

  if (text == NULL)
    return FALSE;
  if (!papers_sync_pdf_parse (text, &hash, &length))
    {
      g_set_error (error, PAPERS_SYNC_CRYPTO_ERROR, PAPERS_SYNC_CRYPTO_ERROR_TAMPERED,
                   _("The library on the server names the PDF of %s wrongly; nothing was fetched."), paper);
      return FALSE;
    }
  if (sha256 != NULL)
    *sha256 = g_steal_pointer (&hash);
  if (size != NULL)
    *size = length;
  return TRUE;
}

/**
 * papers_sync_fetch_pdf:
 * @paper: a paper whose PDF a device sent (papers_sync_dup_pdf())
 * @progress: (nullable): called as the encrypted file comes down
 *
 * Fetches the PDF, checks that it is the file the library names, and
 * stores it in the library (as a download would).
 *
 * Returns: (transfer full): the PDF's path, or %NULL when it could not be
 *   had: nothing is stored then
 */
char *
papers_sync_fetch_pdf (PapersStore        *store,
                       const char         *url,
                       const char         *user,
                       const char         *password,
                       const char         *passphrase,
                       const char         *paper,
                       PapersDavProgress   progress,
                       gpointer            user_data,
                       PapersSyncStats    *stats,
                       GError            **error)
{
  g_autoptr(PapersDavClient) client = NULL;
  g_autofree char *text = NULL;
  PapersSyncKey *key;

  memset (stats, 0, sizeof *stats);
  if ((client = papers_dav_client_new (url, user, password, error)) == NULL ||
      (text = dup_pdf_text (store, paper, error)) == NULL ||
      (key = unlock (client, passphrase, stats, error)) == NULL)
    return NULL;
  papers_dav_client_set_progress (client, progress, user_data);
  return papers_sync_pdfs_fetch_one (store, client, key, paper, text, stats, error);
}

/* Rounds in the window's process.  A round blocks on the network and on
 * the library, and the store announces what a job wrote in the main
 * context of the thread that waited for it; so a round runs on a worker
 * thread, against a connection of its own to the library (whose
 * announcements nobody hears: the caller reloads what the round reports
 * it received, as it did after a `papers-reader sync` child).  What makes
 * the next round cheap stays in the process: the derived key (above) and
 * the merged state (the state cache), and the session keeps its
 * connection open between rounds. */
struct _PapersSyncSession
{
  char        *path;
  GMutex       lock;    /* held by the round under way */
  PapersStore *store;   /* the worker's connection, opened by the first round */
};

typedef struct
{
  PapersSyncSession *session;
  char              *url;
  char              *user;
  char              *password;
  char              *passphrase;
  gboolean           list_conflicts;
  PapersSyncStats    stats;
  GHashTable        *conflicts;
} Round;

static void
round_free (gpointer data)
{
  Round *round = data;

  papers_sync_session_unref (round->session);
  g_free (round->url);
  g_free (round->user);
  if (round->password != NULL)
    sodium_memzero (round->password, strlen (round->password));
  g_free (round->password);
  if (round->passphrase != NULL)
    sodium_memzero (round->passphrase, strlen (round->passphrase));
  g_free (round->passphrase);
  g_clear_pointer (&round->conflicts, g_hash_table_unref);
  g_free (round);
}

/**
 * papers_sync_session_new:
 * @db_path: the library the window has open
 *
 * Returns: (transfer full): what runs the window's rounds in its process
 */
PapersSyncSession *
papers_sync_session_new (const char *db_path)
{
  PapersSyncSession *self = g_atomic_rc_box_new0 (PapersSyncSession);

  self->path = g_strdup (db_path);
  g_mutex_init (&self->lock);
  return self;
}

PapersSyncSession *
papers_sync_session_ref (PapersSyncSession *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
session_clear (gpointer data)
{
  PapersSyncSession *self = data;

  g_clear_object (&self->store);
  g_mutex_clear (&self->lock);
  g_free (self->path);
}

void
papers_sync_session_unref (PapersSyncSession *self)
{
  if (self != NULL)
    g_atomic_rc_box_release_full (self, session_clear);
}

static void
round_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Round *round = task_data;
  PapersSyncSession *self = round->session;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* The DAV client and the store's waits run this thread's own context;
   * the store opened here keeps it, and never runs its maintenance */
  g_main_context_push_thread_default (context);
  g_private_set (&round_cancellable, cancellable);
  g_mutex_lock (&self->lock);
  if (self->store == NULL)
    self->store = papers_store_new (self->path, &error);
  ok = self->store != NULL && !g_cancellable_set_error_if_cancelled (cancellable, &error) &&
       papers_sync_run (self->store, round->url, round->user, round->password, round->passphrase, &round->stats,
                        &error);
  if (ok && (round->list_conflicts || round->stats.conflicts > 0))
    {
      g_autoptr(GError) local = NULL;

      if ((round->conflicts = papers_sync_dup_conflicts (self->store, &local)) == NULL)
        g_debug ("The conflicts could not be listed: %s", local->message);
    }
  g_mutex_unlock (&self->lock);
  g_private_set (&round_cancellable, NULL);
  g_main_context_pop_thread_default (context);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * papers_sync_session_run_async:
 * @list_conflicts: list the note conflicts after the round even when it
 *   finds none (the caller shows some it listed before)
 *
 * papers_sync_run() on a worker thread.  @cancellable ends the request
 * under way: what the round wrote to the library is then either
 * committed or dropped whole, and the next round sends again what it
 * sent, as after any round cut short.
 */
void
papers_sync_session_run_async (PapersSyncSession   *self,
                               const char          *url,
                               const char          *user,
                               const char          *password,
                               const char          *passphrase,
                               gboolean             list_conflicts,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Round *round = g_new0 (Round, 1);

  round->session = papers_sync_session_ref (self);
  round->url = g_strdup (url);
  round->user = g_strdup (user);
  round->password = g_strdup (password);
  round->passphrase = g_strdup (passphrase);
  round->list_conflicts = list_conflicts;
  g_task_set_source_tag (task, papers_sync_session_run_async);
  g_task_set_static_name (task, "[papers] sync round");
  g_task_set_task_data (task, round, round_free);
  g_task_run_in_thread (task, round_thread);
}

/**
 * papers_sync_session_run_finish:
 * @conflicts: (out) (optional) (nullable) (transfer full): the note
 *   conflicts, as papers_sync_dup_conflicts() gives them, when listed
 *
 * Returns: whether the library and the server agree
 */
gboolean
papers_sync_session_run_finish (PapersSyncSession  *self,
                                GAsyncResult       *result,
                                PapersSyncStats    *stats,
                                GHashTable        **conflicts,
                                GError            **error)
{
  Round *round;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  round = g_task_get_task_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (stats != NULL)
    *stats = round->stats;
  if (conflicts != NULL)
    *conflicts = g_steal_pointer (&round->conflicts);
  return TRUE;
}
