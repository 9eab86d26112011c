/* papers-cli-sync.c: `papers-reader sync` and `papers-reader conflicts`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "papers-cli-private.h"
#include "papers-sync-credentials.h"
#include "papers-sync-engine.h"
#include "papers-sync-pdfs.h"

/* The window's settings, where its schema is installed (the command line
 * also runs where it is not) */
static GSettings *
dup_sync_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "org.example.Papers", TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "sync-url"))
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

static const char *
or_null (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

static void
print_stats (const PapersSyncStats *stats)
{
  printf ("{\"sent\": %" G_GUINT64_FORMAT ", \"received\": %" G_GUINT64_FORMAT ", \"conflicts\": %"
          G_GUINT64_FORMAT ", \"bytes_up\": %" G_GUINT64_FORMAT ", \"bytes_down\": %" G_GUINT64_FORMAT "}\n",
          stats->sent, stats->received, stats->conflicts, stats->bytes_up, stats->bytes_down);
}

/* `sync --fetch-pdf ID`: the PDF a device sent of @id into the library;
 * exits 3 when no device sent one (the window then downloads it) */
static int
fetch_one_pdf (PapersCli             *cli,
               PapersSyncCredentials *credentials,
               const char            *id,
               gboolean               json)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL, *sha256 = NULL;
  guint64 size = 0;
  PapersSyncStats stats;
  PapersStore *store;

  if ((store = papers_cli_get_store (cli, &error)) == NULL)
    return papers_cli_fail ("sync", error);
  if (!papers_sync_dup_pdf (store, id, &sha256, &size, &error))
    {
      fprintf (stderr, "papers-reader sync: %s\n", error->message);
      return 3;
    }
  if ((path = papers_sync_fetch_pdf (store, credentials->url, or_null (credentials->user),
                                     or_null (credentials->password), credentials->passphrase, id, NULL, NULL,
                                     &stats, &error)) == NULL)
    return papers_cli_fail ("sync", error);
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      papers_cli_json_add_string (builder, "path", path);
      papers_cli_json_add_string (builder, "sha256", sha256);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, (gint64) size);
      json_builder_set_member_name (builder, "bytes_down");
      json_builder_add_int_value (builder, (gint64) stats.bytes_down);
      json_builder_end_object (builder);
      papers_cli_print_json (builder);
    }
  else
    printf ("%s\n", path);
  return 0;
}

/**
 * papers_cli_sync:
 *
 * `papers-reader sync [--json]`: one round; the server, user, password and
 * passphrase from PAPERS_SYNC_URL, PAPERS_SYNC_USER, PAPERS_SYNC_PASSWORD
 * and PAPERS_SYNC_PASSPHRASE, each of them when set, else the window's
 * settings (server and user) and the keyring (password and passphrase).
 * `--pdfs` also fetches every PDF another device sent (as the window's
 * "sync-pdfs-in-advance" setting does, which the command follows too);
 * `--fetch-pdf ID` fetches one paper's, as opening it does.
 */
int
papers_cli_sync (PapersCli  *cli,
                 int         argc,
                 char      **argv)
{
  gboolean json = FALSE, pdfs = FALSE;
  g_autofree char *fetch_pdf = NULL;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print what was sent and received as JSON"), NULL },
    { "pdfs", 0, 0, G_OPTION_ARG_NONE, &pdfs, N_("Also fetch every PDF another device sent"), NULL },
    { "fetch-pdf", 0, 0, G_OPTION_ARG_STRING, &fetch_pdf,
      N_("Fetch the PDF another device sent of one paper, instead of a round"), N_("ID") },
    { NULL }
  };
  g_autoptr(PapersSyncCredentials) credentials = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  PapersSyncStats stats;
  PapersStore *store;
  int status;

  if (!papers_cli_parse_options ("sync", entries, FALSE, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return papers_cli_usage ("sync", _("sync takes no arguments"));
  settings = dup_sync_settings ();
  credentials = papers_sync_credentials_load (settings);
  if (!papers_sync_credentials_complete (credentials))
    {
      fprintf (stderr, "papers-reader sync: %s\n",
               _("Sync is not set up: set it up in Preferences, or set PAPERS_SYNC_URL, PAPERS_SYNC_USER, "
                 "PAPERS_SYNC_PASSWORD and PAPERS_SYNC_PASSPHRASE"));
      return 1;
    }
  if (settings != NULL)
    {
      g_autoptr(GSettingsSchema) schema = NULL;

      g_object_get (settings, "settings-schema", &schema, NULL);
      if (g_settings_schema_has_key (schema, "sync-pdfs-in-advance"))
        pdfs = pdfs || g_settings_get_boolean (settings, "sync-pdfs-in-advance");
    }
  papers_sync_set_pdfs_in_advance (pdfs);
  if (fetch_pdf != NULL)
    return fetch_one_pdf (cli, credentials, fetch_pdf, json);
  /* An empty user or password is none (the window hands its child both) */
  if ((store = papers_cli_get_store (cli, &error)) == NULL ||
      !papers_sync_run (store, credentials->url,
                        credentials->user != NULL && *credentials->user != '\0' ? credentials->user : NULL,
                        credentials->password != NULL && *credentials->password != '\0' ? credentials->password : NULL,
                        credentials->passphrase, &stats, &error))
    return papers_cli_fail ("sync", error);

  if (json)
    print_stats (&stats);
  else
    printf (_("Sent %" G_GUINT64_FORMAT " changes, received %" G_GUINT64_FORMAT "; %" G_GUINT64_FORMAT
              " notes edited on two devices\n"), stats.sent, stats.received, stats.conflicts);
  return 0;
}

/**
 * papers_cli_conflicts:
 *
 * `papers-reader conflicts [--json]`: the notes edited on two devices
 * that no later edit resolved, each version with the device it came from
 */
int
papers_cli_conflicts (PapersCli  *cli,
                      int         argc,
                      char      **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the conflicts as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) conflicts = NULL;
  g_autoptr(GList) papers = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  PapersStore *store;
  int status;

  if (!papers_cli_parse_options ("conflicts", entries, FALSE, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return papers_cli_usage ("conflicts", _("conflicts takes no arguments"));
  if ((store = papers_cli_get_store (cli, &error)) == NULL ||
      (conflicts = papers_sync_dup_conflicts (store, &error)) == NULL)
    return papers_cli_fail ("conflicts", error);

  papers = g_list_sort (g_hash_table_get_keys (conflicts), (GCompareFunc) g_strcmp0);
  json_builder_begin_array (builder);
  for (GList *l = papers; l != NULL; l = l->next)
    {
      GPtrArray *versions = g_hash_table_lookup (conflicts, l->data);

      if (!json)
        printf ("%s\n", (char *) l->data);
      json_builder_begin_object (builder);
      papers_cli_json_add_string (builder, "paper", l->data);
      json_builder_set_member_name (builder, "versions");
      json_builder_begin_array (builder);
      for (guint i = 0; i < versions->len; i++)
        {
          PapersSyncRecord *version = versions->pdata[i];
          g_autofree char *stamp = papers_hlc_stamp_to_string (&version->stamp);

          if (!json)
            printf ("  %s: %s\n", version->stamp.device, version->text);
          json_builder_begin_object (builder);
          papers_cli_json_add_string (builder, "device", version->stamp.device);
          papers_cli_json_add_string (builder, "stamp", stamp);
          papers_cli_json_add_string (builder, "text", version->text);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (json)
    papers_cli_print_json (builder);
  return 0;
}
