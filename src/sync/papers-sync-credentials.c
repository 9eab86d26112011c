/* papers-sync-credentials.c: where sync's server, user, password and
 * passphrase come from
 *
 * The server's address and the user name are settings (GSettings
 * "sync-url" and "sync-user"); the password and the passphrase are
 * secrets, kept in the keyring through libsecret: the Secret Service
 * (GNOME Keyring, KWallet) on the host, and in a Flatpak the Secret
 * portal, which gives the app a master secret for a keyring file of its
 * own, so no D-Bus name has to be opened to the sandbox.  Each of
 * PAPERS_SYNC_URL, PAPERS_SYNC_USER, PAPERS_SYNC_PASSWORD and
 * PAPERS_SYNC_PASSPHRASE, when set, overrides its value: scripts and
 * tests set them and never touch the keyring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#ifdef PAPERS_HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

#include "papers-sync-credentials.h"

#ifdef PAPERS_HAVE_LIBSECRET
/* One account per user: the secrets are found by their kind alone, so a
 * changed address or user name keeps them */
static const SecretSchema *
sync_schema (void)
{
  static const SecretSchema schema = {
    "org.example.Papers.Sync", SECRET_SCHEMA_NONE,
    {
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}
#endif

static const char *
secret_kind (PapersSyncSecret kind)
{
  return kind == PAPERS_SYNC_SECRET_PASSWORD ? "password" : "passphrase";
}

void
papers_sync_credentials_free (PapersSyncCredentials *credentials)
{
  if (credentials == NULL)
    return;
  g_free (credentials->url);
  g_free (credentials->user);
  /* Secrets do not linger in freed memory */
  if (credentials->password != NULL)
    memset (credentials->password, 0, strlen (credentials->password));
  g_free (credentials->password);
  if (credentials->passphrase != NULL)
    memset (credentials->passphrase, 0, strlen (credentials->passphrase));
  g_free (credentials->passphrase);
  g_free (credentials);
}

/**
 * papers_sync_credentials_complete:
 *
 * Returns: whether there is enough to sync: an address and a passphrase
 *   (a server may take no password)
 */
gboolean
papers_sync_credentials_complete (const PapersSyncCredentials *credentials)
{
  return credentials != NULL && credentials->url != NULL && *credentials->url != '\0' &&
         credentials->passphrase != NULL && *credentials->passphrase != '\0';
}

static char *
dup_setting (GSettings  *settings,
             const char *variable,
             const char *key)
{
  const char *value = g_getenv (variable);
  g_autofree char *set = NULL;

  if (value != NULL)
    return g_strdup (value);
  if (settings == NULL)
    return NULL;
  set = g_settings_get_string (settings, key);
  return *set != '\0' ? g_steal_pointer (&set) : NULL;
}

static char *
dup_secret (const char       *variable,
            PapersSyncSecret  kind)
{
  const char *value = g_getenv (variable);
#ifdef PAPERS_HAVE_LIBSECRET
  g_autoptr(GError) error = NULL;
  char *secret;
  char *copy;
#endif

  if (value != NULL)
    return g_strdup (value);
#ifdef PAPERS_HAVE_LIBSECRET
  secret = secret_password_lookup_sync (sync_schema (), NULL, &error, "kind", secret_kind (kind), NULL);
  if (secret == NULL)
    {
      /* No keyring here (a session without one, a test): as if empty */
      if (error != NULL)
        g_debug ("The keyring could not be read: %s", error->message);
      return NULL;
    }
  copy = g_strdup (secret);
  secret_password_free (secret);
  return copy;
#else
  return NULL;
#endif
}

/**
 * papers_sync_credentials_load:
 * @settings: (nullable): the application's settings
 *
 * Reads the environment, @settings and the keyring, waiting for the
 * keyring: for the command line and for threads.
 *
 * Returns: (transfer full): what is known; a missing value is %NULL
 */
PapersSyncCredentials *
papers_sync_credentials_load (GSettings *settings)
{
  PapersSyncCredentials *credentials = g_new0 (PapersSyncCredentials, 1);

  credentials->url = dup_setting (settings, "PAPERS_SYNC_URL", "sync-url");
  credentials->user = dup_setting (settings, "PAPERS_SYNC_USER", "sync-user");
  /* Without a server there is nothing to unlock the keyring for (which
   * may ask the reader for the keyring's password) */
  if (credentials->url == NULL || *credentials->url == '\0')
    return credentials;
  credentials->password = dup_secret ("PAPERS_SYNC_PASSWORD", PAPERS_SYNC_SECRET_PASSWORD);
  credentials->passphrase = dup_secret ("PAPERS_SYNC_PASSPHRASE", PAPERS_SYNC_SECRET_PASSPHRASE);
  return credentials;
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_task_return_pointer (task, papers_sync_credentials_load (task_data),
                         (GDestroyNotify) papers_sync_credentials_free);
}

/**
 * papers_sync_credentials_load_async:
 *
 * papers_sync_credentials_load() in a thread: the keyring may take a
 * while to answer (or to unlock).  The settings are read there too,
 * which GSettings allows.
 */
void
papers_sync_credentials_load_async (GSettings           *settings,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, papers_sync_credentials_load_async);
  /* Quitting cancels: a keyring waiting on an unlock prompt is left to it */
  g_task_set_return_on_cancel (task, TRUE);
  if (settings != NULL)
    g_task_set_task_data (task, g_object_ref (settings), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

PapersSyncCredentials *
papers_sync_credentials_load_finish (GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

#ifdef PAPERS_HAVE_LIBSECRET
static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  gboolean done;

  if (g_task_get_task_data (task) != NULL)
    done = secret_password_store_finish (result, &error);
  else
    done = secret_password_clear_finish (result, &error) || error == NULL;
  if (!done)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}
#endif

/**
 * papers_sync_secret_store_async:
 * @secret: (nullable): the new secret; %NULL or empty removes it
 *
 * Keeps the password or the passphrase in the keyring's default
 * collection, or removes it.
 */
void
papers_sync_secret_store_async (PapersSyncSecret     kind,
                                const char          *secret,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, papers_sync_secret_store_async);
#ifdef PAPERS_HAVE_LIBSECRET
  if (secret != NULL && *secret != '\0')
    {
      const char *label = kind == PAPERS_SYNC_SECRET_PASSWORD ? _("Papers sync server password")
                                                              : _("Papers sync passphrase");

      g_task_set_task_data (task, GINT_TO_POINTER (1), NULL);
      secret_password_store (sync_schema (), SECRET_COLLECTION_DEFAULT, label, secret, cancellable,
                             stored_cb, task, "kind", secret_kind (kind), NULL);
    }
  else
    secret_password_clear (sync_schema (), cancellable, stored_cb, task, "kind", secret_kind (kind), NULL);
#else
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Papers was built without a keyring (libsecret)."));
  g_object_unref (task);
#endif
}

gboolean
papers_sync_secret_store_finish (GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
