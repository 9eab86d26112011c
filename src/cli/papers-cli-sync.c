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

/**
 * papers_cli_sync:
 *
 * `papers-reader sync [--json]`: one round; the server, user, password and
 * passphrase from PAPERS_SYNC_URL, PAPERS_SYNC_USER, PAPERS_SYNC_PASSWORD
 * and PAPERS_SYNC_PASSPHRASE, each of them when set, else the window's
 * settings (server and user) and the keyring (password and passphrase)
 */
int
papers_cli_sync (PapersCli  *cli,
                 int         argc,
                 char      **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print what was sent and received as JSON"), NULL },
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
  /* An empty user or password is none (the window hands its child both) */
  if ((store = papers_cli_get_store (cli, &error)) == NULL ||
      !papers_sync_run (store, credentials->url,
                        credentials->user != NULL && *credentials->user != '\0' ? credentials->user : NULL,
                        credentials->password != NULL && *credentials->password != '\0' ? credentials->password : NULL,
                        credentials->passphrase, &stats, &error))
    return papers_cli_fail ("sync", error);

  if (json)
    printf ("{\"sent\": %" G_GUINT64_FORMAT ", \"received\": %" G_GUINT64_FORMAT ", \"conflicts\": %"
            G_GUINT64_FORMAT ", \"bytes_up\": %" G_GUINT64_FORMAT ", \"bytes_down\": %" G_GUINT64_FORMAT "}\n",
            stats.sent, stats.received, stats.conflicts, stats.bytes_up, stats.bytes_down);
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
