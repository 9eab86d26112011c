/* papers-sync-service.c: the window's syncs, one at a time, shortly after
 * changes and every few minutes
 *
 * Once the window's library is watched (papers_sync_service_watch_store()),
 * a round runs in this process: papers_sync_session_run_async() runs the
 * engine on a worker thread with a connection of its own to the library,
 * so the window neither blocks on the network nor hears the store's
 * announcements from another thread.  The key is derived once per
 * session (Argon2id, about a second and 256 MB) and the merged state stays
 * in memory between rounds; the key is wiped when the passphrase, the
 * server or the user change, when sync is signed out of, and at quit.
 * Quitting cancels the request under way: SQLite drops an unfinished
 * transaction and the next round uploads again under the next segment
 * name, as the engine does after any round cut short.
 *
 * Without a library (the tests' stand-in), a round is `papers-reader sync
 * --json` run as a child process, then `papers-reader conflicts --json`.
 * Either way the window learns what arrived through ::synced.
 *
 * Credentials come from papers-sync-credentials.c (the environment, the
 * settings and the keyring) and reach the child in its environment.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sodium.h>
#include <stdlib.h>

#include "papers-store.h"
#include "papers-store-sync.h"
#include "papers-sync-credentials.h"
#include "papers-sync-engine.h"
#include "papers-sync-pdfs.h"
#include "papers-sync-service.h"

/* Shortly after the last change, and every quarter of an hour */
#define AFTER_CHANGE_MS (10 * 1000)
#define PERIOD_MS (15 * 60 * 1000)

struct _PapersSyncService
{
  GObject        parent_instance;

  GSettings     *settings;
  char          *program;
  guint          after_change_ms;
  guint          period_ms;

  guint          change_source;
  guint          period_source;
  GCancellable  *cancellable;
  GSubprocess   *child;          /* the round running, if any */
  gboolean       running;        /* from the credentials to the conflicts */
  gboolean       again;          /* a change came during the round */
  gboolean       stopping;

  gboolean       configured;
  guint          pending;        /* changes since the last round began */
  guint          sending;        /* those the running round sends */
  gint64         last_synced;
  char          *error;
  guint          rounds;
  /* paper id → GPtrArray of PapersSyncNoteVersion */
  GHashTable    *conflicts;

  /* Rounds in this process, once the library is known */
  PapersStore       *store;
  PapersSyncSession *session;
  /* A hash of the address, user and passphrase the kept key is for,
   * keyed with a random key of this service's in locked memory (a plain
   * hash of the passphrase would be a cheap target, unlike the header's
   * Argon2id, were the process's memory swapped out) */
  guint8            *key_for_salt;
  guint8             key_for[crypto_generichash_BYTES];
  gboolean           key_for_set;
  gboolean           counting;     /* the unsent changes being counted */
  gboolean           count_again;
};

G_DEFINE_FINAL_TYPE (PapersSyncService, papers_sync_service, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONFIGURED,
  PROP_SYNCING,
  PROP_PENDING,
  PROP_LAST_SYNCED,
  PROP_ERROR,
  N_PROPS
};

enum {
  SYNCED,
  CONFLICTS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void begin_round (PapersSyncService *self);

static void
note_version_free (gpointer data)
{
  PapersSyncNoteVersion *version = data;

  g_free (version->text);
  g_free (version->device);
  g_free (version);
}

static void
set_error (PapersSyncService *self,
           const char        *message)
{
  if (g_strcmp0 (self->error, message) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_running (PapersSyncService *self,
             gboolean           running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
}

static void
set_configured (PapersSyncService *self,
                gboolean           configured)
{
  if (self->configured == configured)
    return;
  self->configured = configured;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIGURED]);
}

/* The message of a failed child: its last line, without the verb */
static char *
child_message (const char *err)
{
  g_auto(GStrv) lines = g_strsplit (err != NULL ? g_strstrip ((char *) err) : "", "\n", -1);
  guint n = g_strv_length (lines);
  const char *line = n > 0 ? lines[n - 1] : "";
  const char *colon;

  if (g_str_has_prefix (line, "papers-reader ") && (colon = strstr (line, ": ")) != NULL)
    line = colon + 2;
  if (*line == '\0')
    return g_strdup (_("Sync stopped unexpectedly."));
  return g_strdup (line);
}

static void
end_round (PapersSyncService *self)
{
  g_clear_object (&self->child);
  set_running (self, FALSE);
  self->rounds++;
  if (self->again && !self->stopping)
    {
      self->again = FALSE;
      begin_round (self);
    }
}

static GHashTable *
parse_conflicts (const char  *json,
                 GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) conflicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) g_ptr_array_unref);
  JsonArray *papers;

  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not an array");
      return NULL;
    }
  papers = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (papers); i++)
    {
      JsonNode *node = json_array_get_element (papers, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *paper = object != NULL ? json_object_get_string_member_with_default (object, "paper", NULL) : NULL;
      JsonArray *versions;
      GPtrArray *list;

      if (paper == NULL || !json_object_has_member (object, "versions") ||
          !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "versions")))
        continue;
      versions = json_object_get_array_member (object, "versions");
      list = g_ptr_array_new_with_free_func (note_version_free);
      for (guint v = 0; v < json_array_get_length (versions); v++)
        {
          JsonNode *vnode = json_array_get_element (versions, v);
          JsonObject *vobject = JSON_NODE_HOLDS_OBJECT (vnode) ? json_node_get_object (vnode) : NULL;
          PapersSyncNoteVersion *version;
          const char *stamp;

          if (vobject == NULL)
            continue;
          version = g_new0 (PapersSyncNoteVersion, 1);
          version->text = g_strdup (json_object_get_string_member_with_default (vobject, "text", ""));
          version->device = g_strdup (json_object_get_string_member_with_default (vobject, "device", ""));
          /* A stamp is WALL-LOGICAL-DEVICE */
          stamp = json_object_get_string_member_with_default (vobject, "stamp", "0");
          version->wall_ms = g_ascii_strtoll (stamp, NULL, 10);
          g_ptr_array_add (list, version);
        }
      if (list->len > 1)
        g_hash_table_replace (conflicts, g_strdup (paper), list);
      else
        g_ptr_array_unref (list);
    }
  return g_steal_pointer (&conflicts);
}

static void
conflicts_listed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(PapersSyncService) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GHashTable) conflicts = NULL;

  if (!g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &out, &err, &error) ||
      !g_subprocess_get_successful (G_SUBPROCESS (object)))
    g_debug ("The conflicts could not be listed: %s", error != NULL ? error->message : err);
  else if ((conflicts = parse_conflicts (out, &error)) == NULL)
    g_debug ("The conflicts could not be read: %s", error->message);
  else
    {
      g_clear_pointer (&self->conflicts, g_hash_table_unref);
      self->conflicts = g_steal_pointer (&conflicts);
      g_signal_emit (self, signals[CONFLICTS_CHANGED], 0);
    }
  end_round (self);
}

static GSubprocess *
spawn (PapersSyncService            *self,
       const PapersSyncCredentials  *credentials,
       const char                   *verb,
       GError                      **error)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);

  if (credentials != NULL)
    {
      /* The child must not ask the keyring again: it gets all four */
      g_subprocess_launcher_setenv (launcher, "PAPERS_SYNC_URL", credentials->url, TRUE);
      g_subprocess_launcher_setenv (launcher, "PAPERS_SYNC_USER", credentials->user ? credentials->user : "", TRUE);
      g_subprocess_launcher_setenv (launcher, "PAPERS_SYNC_PASSWORD",
                                    credentials->password ? credentials->password : "", TRUE);
      g_subprocess_launcher_setenv (launcher, "PAPERS_SYNC_PASSPHRASE", credentials->passphrase, TRUE);
    }
  return g_subprocess_launcher_spawn (launcher, error, self->program, verb, "--json", NULL);
}

static void
list_conflicts (PapersSyncService *self)
{
  g_autoptr(GError) error = NULL;

  if (self->stopping || (self->child = spawn (self, NULL, "conflicts", &error)) == NULL)
    {
      if (error != NULL)
        g_debug ("The conflicts could not be listed: %s", error->message);
      end_round (self);
      return;
    }
  g_subprocess_communicate_utf8_async (self->child, NULL, self->cancellable, conflicts_listed_cb,
                                       g_object_ref (self));
}

static void count_pending (PapersSyncService *self);

/* What a good round leaves, in either kind of round */
static void
round_succeeded (PapersSyncService *self,
                 guint64            received)
{
  if (self->store != NULL)
    count_pending (self);
  else
    {
      self->pending -= MIN (self->pending, self->sending);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
    }
  self->sending = 0;
  self->last_synced = g_get_real_time () / G_USEC_PER_SEC;
  if (self->settings != NULL)
    g_settings_set_int64 (self->settings, "sync-last-synced", self->last_synced);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNCED]);
  set_error (self, NULL);
  g_signal_emit (self, signals[SYNCED], 0, received);
}

/* The engine's note versions (PapersSyncRecord) as the window shows them */
static void
take_conflicts (PapersSyncService *self,
                GHashTable        *records)
{
  g_autoptr(GHashTable) conflicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) g_ptr_array_unref);
  GHashTableIter iter;
  gpointer paper, versions;

  g_hash_table_iter_init (&iter, records);
  while (g_hash_table_iter_next (&iter, &paper, &versions))
    {
      GPtrArray *records_of = versions;
      GPtrArray *list;

      if (records_of->len < 2)
        continue;
      list = g_ptr_array_new_with_free_func (note_version_free);
      for (guint i = 0; i < records_of->len; i++)
        {
          const PapersSyncRecord *record = records_of->pdata[i];
          PapersSyncNoteVersion *version = g_new0 (PapersSyncNoteVersion, 1);

          version->text = g_strdup (record->text != NULL ? record->text : "");
          version->device = g_strdup (record->stamp.device);
          version->wall_ms = record->stamp.wall_ms;
          g_ptr_array_add (list, version);
        }
      g_hash_table_replace (conflicts, g_strdup (paper), list);
    }
  g_clear_pointer (&self->conflicts, g_hash_table_unref);
  self->conflicts = g_steal_pointer (&conflicts);
  g_signal_emit (self, signals[CONFLICTS_CHANGED], 0);
}

static void
round_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PapersSyncService) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) conflicts = NULL;
  PapersSyncStats stats;

  if (!papers_sync_session_run_finish (self->session, result, &stats, &conflicts, &error))
    {
      /* Ended by shutdown: not the reader's problem */
      if (!self->stopping && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_error (self, error->message);
      end_round (self);
      return;
    }
  round_succeeded (self, stats.received);
  if (conflicts != NULL)
    take_conflicts (self, conflicts);
  end_round (self);
}

/* The kept key goes when what it was derived for changes, or sync is
 * signed out of (the credentials are no longer complete) */
static void
forget_key_unless (PapersSyncService           *self,
                   const PapersSyncCredentials *credentials)
{
  guint8 key_for[crypto_generichash_BYTES];
  crypto_generichash_state state;
  const char *parts[3];

  if (!papers_sync_credentials_complete (credentials))
    {
      if (self->key_for_set)
        papers_sync_forget_key ();
      self->key_for_set = FALSE;
      return;
    }
  parts[0] = credentials->url;
  parts[1] = credentials->user != NULL ? credentials->user : "";
  parts[2] = credentials->passphrase;
  crypto_generichash_init (&state, self->key_for_salt, crypto_generichash_KEYBYTES, sizeof key_for);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    /* With each part's NUL, so no two triples run together alike */
    crypto_generichash_update (&state, (const guint8 *) parts[i], strlen (parts[i]) + 1);
  crypto_generichash_final (&state, key_for, sizeof key_for);
  if (self->key_for_set && sodium_memcmp (key_for, self->key_for, sizeof key_for) != 0)
    papers_sync_forget_key ();
  memcpy (self->key_for, key_for, sizeof key_for);
  self->key_for_set = TRUE;
}

static void
synced_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PapersSyncService) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  GSubprocess *child = G_SUBPROCESS (object);
  gint64 received = 0, conflicts = 0;

  if (!g_subprocess_communicate_utf8_finish (child, result, &out, &err, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_error (self, error->message);
      end_round (self);
      return;
    }
  if (!g_subprocess_get_successful (child))
    {
      g_autofree char *message = NULL;

      /* Ended by shutdown: not the reader's problem */
      if (self->stopping)
        {
          end_round (self);
          return;
        }
      message = child_message (err);
      set_error (self, message);
      end_round (self);
      return;
    }

  if (json_parser_load_from_data (parser, out, -1, NULL) && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *stats = json_node_get_object (json_parser_get_root (parser));

      received = json_object_get_int_member_with_default (stats, "received", 0);
      conflicts = json_object_get_int_member_with_default (stats, "conflicts", 0);
    }
  g_clear_object (&self->child);
  round_succeeded (self, received);

  if (conflicts > 0 || (self->conflicts != NULL && g_hash_table_size (self->conflicts) > 0))
    list_conflicts (self);
  else
    end_round (self);
}

static void
credentials_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PapersSyncService) self = user_data;
  g_autoptr(PapersSyncCredentials) credentials = papers_sync_credentials_load_finish (result, NULL);
  g_autoptr(GError) error = NULL;

  set_configured (self, papers_sync_credentials_complete (credentials));
  if (self->stopping || !self->configured)
    {
      if (!self->stopping)
        set_error (self, _("Sync is not set up: enter the server address and the passphrase."));
      end_round (self);
      return;
    }
  if (self->session != NULL)
    {
      forget_key_unless (self, credentials);
      self->sending = self->pending;
      /* "Download All PDFs in Advance", read by each round as a child's
       * `papers-reader sync` reads it */
      if (self->settings != NULL)
        {
          g_autoptr(GSettingsSchema) schema = NULL;

          g_object_get (self->settings, "settings-schema", &schema, NULL);
          if (g_settings_schema_has_key (schema, "sync-pdfs-in-advance"))
            papers_sync_set_pdfs_in_advance (g_settings_get_boolean (self->settings, "sync-pdfs-in-advance"));
        }
      papers_sync_session_run_async (self->session, credentials->url, credentials->user, credentials->password,
                                     credentials->passphrase,
                                     self->conflicts != NULL && g_hash_table_size (self->conflicts) > 0,
                                     self->cancellable, round_done_cb, g_object_ref (self));
      return;
    }
  if ((self->child = spawn (self, credentials, "sync", &error)) == NULL)
    {
      set_error (self, error->message);
      end_round (self);
      return;
    }
  self->sending = self->pending;
  g_subprocess_communicate_utf8_async (self->child, NULL, self->cancellable, synced_cb, g_object_ref (self));
}

/* Never two at once: a round asked for while one runs follows it */
static void
begin_round (PapersSyncService *self)
{
  if (self->stopping)
    return;
  if (self->running)
    {
      self->again = TRUE;
      return;
    }
  g_clear_handle_id (&self->change_source, g_source_remove);
  set_running (self, TRUE);
  papers_sync_credentials_load_async (self->settings, self->cancellable, credentials_cb, g_object_ref (self));
}

static gboolean
change_timeout_cb (gpointer data)
{
  PapersSyncService *self = data;

  self->change_source = 0;
  begin_round (self);
  return G_SOURCE_REMOVE;
}

static gboolean
period_timeout_cb (gpointer data)
{
  PapersSyncService *self = data;

  /* Only a library set up for sync syncs on its own */
  if (self->configured)
    begin_round (self);
  return G_SOURCE_CONTINUE;
}

/**
 * papers_sync_service_note_change:
 *
 * The library changed here: it syncs once the changes pause.
 */
void
papers_sync_service_note_change (PapersSyncService *self)
{
  g_return_if_fail (PAPERS_IS_SYNC_SERVICE (self));

  self->pending++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
  count_pending (self);
  if (!self->configured || self->stopping)
    return;
  g_clear_handle_id (&self->change_source, g_source_remove);
  self->change_source = g_timeout_add (self->after_change_ms, change_timeout_cb, self);
}

/**
 * papers_sync_service_watch_store:
 * @store: (type PapersStore): the window's library
 *
 * Annotations and tag edits @store announces are changes of this
 * process's own (a round's child writes through a store of its own, whose
 * announcements stay in the child), so what a round brings never starts
 * another.  Its paper announcements are not watched: saving a listing
 * announces every paper in it.  The window reports the reader's edits of
 * papers with papers_sync_service_note_change().
 */
void
papers_sync_service_watch_store (PapersSyncService *self,
                                 gpointer           store)
{
  static const char * const changes[] = { "tags-changed", "annotations-changed" };
  static const char * const recount[] = { "paper-changed", "papers-added", "papers-removed" };

  g_return_if_fail (PAPERS_IS_SYNC_SERVICE (self));
  g_return_if_fail (PAPERS_IS_STORE (store));
  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    g_signal_connect_object (store, changes[i], G_CALLBACK (papers_sync_service_note_change), self,
                             G_CONNECT_SWAPPED);
  /* From now on rounds run in this process, on a connection of their own */
  if (self->store == NULL && papers_store_get_path (store) != NULL)
    {
      self->store = g_object_ref (store);
      self->session = papers_sync_session_new (papers_store_get_path (store));
      /* An edit of a paper may be logged after the window reported it:
       * the count follows the library's own announcements too */
      for (guint i = 0; i < G_N_ELEMENTS (recount); i++)
        g_signal_connect_object (store, recount[i], G_CALLBACK (count_pending), self, G_CONNECT_SWAPPED);
      count_pending (self);
    }
}

static void
pending_counted_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PapersSyncService) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 count = papers_store_sync_count_pending_finish (PAPERS_STORE (object), result, &error);

  self->counting = FALSE;
  if (count < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The changes waiting could not be counted: %s", error->message);
      return;
    }
  if (self->pending != (guint) MIN (count, G_MAXUINT))
    {
      self->pending = (guint) MIN (count, G_MAXUINT);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
    }
  if (self->count_again)
    {
      self->count_again = FALSE;
      count_pending (self);
    }
}

/* "Changes waiting": the rows of the library's log not on the server yet,
 * one count at a time (a listing saved announces each of its papers) */
static void
count_pending (PapersSyncService *self)
{
  if (self->store == NULL || self->stopping)
    return;
  if (self->counting)
    {
      self->count_again = TRUE;
      return;
    }
  self->counting = TRUE;
  papers_store_sync_count_pending_async (self->store, self->cancellable, pending_counted_cb, g_object_ref (self));
}

/**
 * papers_sync_service_sync_now:
 *
 * Syncs at once (after the round running, if any), configured or not: an
 * unconfigured sync says so in :error.
 */
void
papers_sync_service_sync_now (PapersSyncService *self)
{
  g_return_if_fail (PAPERS_IS_SYNC_SERVICE (self));
  begin_round (self);
}

static void
reloaded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PapersSyncService) self = user_data;
  g_autoptr(PapersSyncCredentials) credentials = papers_sync_credentials_load_finish (result, NULL);

  set_configured (self, papers_sync_credentials_complete (credentials));
  if (self->session != NULL)
    forget_key_unless (self, credentials);
}

/**
 * papers_sync_service_reload:
 *
 * The settings or the keyring changed: :configured follows them.
 */
void
papers_sync_service_reload (PapersSyncService *self)
{
  g_return_if_fail (PAPERS_IS_SYNC_SERVICE (self));
  papers_sync_credentials_load_async (self->settings, self->cancellable, reloaded_cb, g_object_ref (self));
}

/**
 * papers_sync_service_start:
 *
 * Syncs once shortly after start (what other devices did meanwhile) and
 * then every period, while the credentials are complete.
 */
void
papers_sync_service_start (PapersSyncService *self)
{
  g_return_if_fail (PAPERS_IS_SYNC_SERVICE (self));

  if (self->period_source == 0)
    self->period_source = g_timeout_add (self->period_ms, period_timeout_cb, self);
  if (self->change_source == 0)
    self->change_source = g_timeout_add (self->after_change_ms, change_timeout_cb, self);
}

/**
 * papers_sync_service_shutdown:
 * @wait_us: how long a round under way may take to finish
 *
 * Quitting: no new round starts; one under way finishes within @wait_us,
 * or its child is ended (what it wrote is either committed or dropped
 * whole) and reaped.
 */
void
papers_sync_service_shutdown (PapersSyncService *self,
                              gint64             wait_us)
{
  gint64 deadline = g_get_monotonic_time () + wait_us;

  g_return_if_fail (PAPERS_IS_SYNC_SERVICE (self));

  self->again = FALSE;
  g_clear_handle_id (&self->change_source, g_source_remove);
  g_clear_handle_id (&self->period_source, g_source_remove);
  while (self->running && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (10 * 1000);
  self->stopping = TRUE;
  if (self->child != NULL)
    {
      g_subprocess_send_signal (self->child, SIGTERM);
      g_subprocess_wait (self->child, NULL, NULL);
    }
  g_cancellable_cancel (self->cancellable);
  /* The callbacks under way report back now, and find it stopping */
  while (self->running)
    g_main_context_iteration (NULL, TRUE);
  if (self->session != NULL)
    papers_sync_forget_key ();
}

gboolean
papers_sync_service_get_configured (PapersSyncService *self)
{
  return self->configured;
}

gboolean
papers_sync_service_get_syncing (PapersSyncService *self)
{
  return self->running;
}

guint
papers_sync_service_get_pending (PapersSyncService *self)
{
  return self->pending;
}

gint64
papers_sync_service_get_last_synced (PapersSyncService *self)
{
  return self->last_synced;
}

/* Returns: (nullable): why the last round failed; %NULL after a good one */
const char *
papers_sync_service_get_error (PapersSyncService *self)
{
  return self->error;
}

/* Rounds ended, good or not: for tests */
guint
papers_sync_service_get_rounds (PapersSyncService *self)
{
  return self->rounds;
}

/**
 * papers_sync_service_get_note_versions:
 *
 * Returns: (transfer none) (nullable) (element-type PapersSyncNoteVersion):
 *   the versions of @paper's note edited on two devices, oldest first, or
 *   %NULL when its note is not in conflict
 */
GPtrArray *
papers_sync_service_get_note_versions (PapersSyncService *self,
                                       const char        *paper)
{
  if (self->conflicts == NULL || paper == NULL)
    return NULL;
  return g_hash_table_lookup (self->conflicts, paper);
}

/**
 * papers_sync_service_forget_conflict:
 *
 * The reader chose @paper's note: the choice is a new edit, which the next
 * round sends and which resolves the conflict on every device.
 */
void
papers_sync_service_forget_conflict (PapersSyncService *self,
                                     const char        *paper)
{
  if (self->conflicts != NULL && g_hash_table_remove (self->conflicts, paper))
    g_signal_emit (self, signals[CONFLICTS_CHANGED], 0);
}

/**
 * papers_sync_service_set_delays:
 *
 * How long after a change a round begins, and how often one begins
 * anyway; tests make them short.
 */
void
papers_sync_service_set_delays (PapersSyncService *self,
                                guint              after_change_ms,
                                guint              period_ms)
{
  self->after_change_ms = after_change_ms;
  self->period_ms = period_ms;
}

static void
papers_sync_service_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  PapersSyncService *self = PAPERS_SYNC_SERVICE (object);

  switch (prop_id)
    {
    case PROP_CONFIGURED:
      g_value_set_boolean (value, self->configured);
      break;
    case PROP_SYNCING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_PENDING:
      g_value_set_uint (value, self->pending);
      break;
    case PROP_LAST_SYNCED:
      g_value_set_int64 (value, self->last_synced);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
papers_sync_service_dispose (GObject *object)
{
  PapersSyncService *self = PAPERS_SYNC_SERVICE (object);

  g_clear_handle_id (&self->change_source, g_source_remove);
  g_clear_handle_id (&self->period_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (papers_sync_service_parent_class)->dispose (object);
}

static void
papers_sync_service_finalize (GObject *object)
{
  PapersSyncService *self = PAPERS_SYNC_SERVICE (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->child);
  g_clear_pointer (&self->conflicts, g_hash_table_unref);
  if (self->session != NULL)
    papers_sync_forget_key ();
  g_clear_pointer (&self->session, papers_sync_session_unref);
  sodium_free (self->key_for_salt);
  g_clear_object (&self->store);
  g_free (self->program);
  g_free (self->error);
  G_OBJECT_CLASS (papers_sync_service_parent_class)->finalize (object);
}

static void
papers_sync_service_class_init (PapersSyncServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = papers_sync_service_get_property;
  object_class->dispose = papers_sync_service_dispose;
  object_class->finalize = papers_sync_service_finalize;

  properties[PROP_CONFIGURED] = g_param_spec_boolean ("configured", NULL, NULL, FALSE,
                                                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNCING] = g_param_spec_boolean ("syncing", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING] = g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SYNCED] = g_param_spec_int64 ("last-synced", NULL, NULL, 0, G_MAXINT64, 0,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PapersSyncService::synced:
   * @received: changes received from other devices
   *
   * A round ended well; what it received is in the library now.
   */
  signals[SYNCED] = g_signal_new ("synced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT64);
  signals[CONFLICTS_CHANGED] = g_signal_new ("conflicts-changed", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
papers_sync_service_init (PapersSyncService *self)
{
  self->cancellable = g_cancellable_new ();
  if (sodium_init () < 0 || (self->key_for_salt = sodium_malloc (crypto_generichash_KEYBYTES)) == NULL)
    g_error ("libsodium could not be initialised");
  randombytes_buf (self->key_for_salt, crypto_generichash_KEYBYTES);
  self->after_change_ms = AFTER_CHANGE_MS;
  self->period_ms = PERIOD_MS;
}

/**
 * papers_sync_service_new:
 * @settings: (nullable): the application's settings
 * @program: the `papers-reader` executable that runs the rounds
 *
 * Returns: (transfer full): a service that syncs nothing until started
 *   or asked
 */
PapersSyncService *
papers_sync_service_new (GSettings  *settings,
                         const char *program)
{
  PapersSyncService *self = g_object_new (PAPERS_TYPE_SYNC_SERVICE, NULL);

  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  self->program = g_strdup (program);
  if (settings != NULL)
    self->last_synced = g_settings_get_int64 (settings, "sync-last-synced");
  return self;
}
