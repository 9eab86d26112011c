/* papers-background-service.c: the windowless background service, without GTK
 *
 * With "Check for new papers in the background" on, Papers waits with no
 * window: started at login by `papers-reader --background`, or left when
 * its last window closes.  The waiting process is this plain GApplication:
 * it never initialises GTK, so it holds about a quarter of the memory of
 * the window's (GTK's start alone maps the GL driver).  It owns the
 * application id, runs the login round and one round on a single long
 * timer (papers_refresh_notify_async(), what `papers-reader refresh
 * --notify` runs), and answers GNOME Shell's search from the library.
 *
 * Whatever asks for a window (activate, open, the notification's Open, a
 * search result) is answered on the bus and then handed over: the main
 * loop ends and main() exec's the program again with arguments that
 * replay the request (papers_background_exec()).  The window's process
 * does the same the other way when its last window closes.
 *
 * Nothing here may call into GTK: only GIO and the model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-background.h"
#include "papers-collection.h"
#include "papers-refresh.h"
#include "papers-search-provider.h"
#include "papers-background-service.h"
#include "papers-source-client.h"

/* How long quitting waits for the library's queued writes */
#define SHUTDOWN_WAIT_US (5 * G_USEC_PER_SEC)

struct _PapersBackgroundService
{
  GApplication        parent_instance;

  GSettings          *settings;
  PapersCollection   *collection;
  PapersSourceClient *client;
  PapersSearchProvider *search_provider;
  GCancellable       *cancellable;
  guint               timer;
  gint64              next_round;   /* monotonic µs the timer fires at */
  gboolean            held;
  gboolean            starting;     /* the run's own activate is still to come */
  gboolean            login_round;  /* --background without --background-next */
  gboolean            round_running;
  gulong              loaded_handler;
  /* The arguments main() exec's the program with once the loop ends */
  GPtrArray          *handover;
};

G_DEFINE_FINAL_TYPE (PapersBackgroundService, papers_background_service, G_TYPE_APPLICATION)

PapersBackgroundService *
papers_background_service_new (void)
{
  return g_object_new (PAPERS_TYPE_BACKGROUND_SERVICE,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       NULL);
}

/**
 * papers_background_service_get_handover:
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): the
 *   arguments the program must be run again with once the service's
 *   run has returned, or %NULL when it just ends
 */
char **
papers_background_service_get_handover (PapersBackgroundService *self)
{
  g_return_val_if_fail (PAPERS_IS_BACKGROUND_SERVICE (self), NULL);
  return self->handover != NULL ? (char **) self->handover->pdata : NULL;
}

/* The window is wanted: reply first (the caller's call returns when this
 * returns), then end the loop so main() runs the window's process.  A
 * round under way is cancelled: it announced nothing, so nothing is
 * lost, and the window's process runs the next. */
static void
hand_over (PapersBackgroundService *self,
           const char    *show,
           GFile        **files,
           int            n_files)
{
  if (self->handover != NULL)
    return;
  self->handover = g_ptr_array_new_with_free_func (g_free);
  if (self->next_round > 0)
    g_ptr_array_add (self->handover,
                     g_strdup_printf ("--" PAPERS_BACKGROUND_NEXT_OPTION "=%" G_GINT64_FORMAT, self->next_round));
  if (show != NULL)
    g_ptr_array_add (self->handover, g_strconcat ("--" PAPERS_SHOW_OPTION "=", show, NULL));
  for (int i = 0; i < n_files; i++)
    g_ptr_array_add (self->handover, g_file_get_uri (files[i]));
  g_ptr_array_add (self->handover, NULL);
  g_debug ("Handing over to the window");
  g_application_quit (G_APPLICATION (self));
}

static void
store_finalized_cb (gpointer  data,
                    GObject  *store)
{
  g_idle_add_once ((GSourceOnceFunc) papers_background_trim_memory, NULL);
}

/* After a round the library is closed and opened again: its connections'
 * page caches (8 MB each, filled by the round's listings) and what the
 * store keeps for For You go, and what they freed goes back to the system
 * once the old store is finalized.  Measured after the corpus' login
 * round (one run each, load 18): 41.6 MB resident waiting with the
 * library and client kept, 39.1 MB with the library renewed, 36.5 MB
 * with the client renewed too. */
static void
renew_library (PapersBackgroundService *self)
{
  PapersStore *store = papers_collection_get_store (self->collection);

  if (self->handover != NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  if (store != NULL)
    g_object_weak_ref (G_OBJECT (store), store_finalized_cb, NULL);
  g_clear_signal_handler (&self->loaded_handler, self->collection);
  papers_collection_close (self->collection);
  g_object_unref (self->collection);
  self->collection = papers_collection_new ();
  if (self->search_provider != NULL)
    papers_search_provider_set_collection (self->search_provider, self->collection);
  /* So does the HTTP session, with its idle connections and buffers */
  g_object_unref (self->client);
  self->client = papers_source_client_new_from_settings (self->settings);
}

static void
round_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PapersBackgroundService) self = user_data;
  g_autoptr(GError) error = NULL;
  int announced = papers_refresh_notify_finish (result, &error);

  self->round_running = FALSE;
  /* The round's listings are freed: give their pages back while it waits */
  g_idle_add_once ((GSourceOnceFunc) papers_background_trim_memory, NULL);
  renew_library (self);
  if (announced < 0)
    g_debug ("Background round: %s", error->message);
  else
    g_debug ("Background round: %d new papers for you", announced);
}

static void
start_round (PapersBackgroundService *self)
{
  PapersStore *store = papers_collection_get_store (self->collection);

  g_clear_signal_handler (&self->loaded_handler, self->collection);
  if (store == NULL || self->handover != NULL)
    {
      self->round_running = FALSE;
      return;
    }
  papers_refresh_notify_async (G_APPLICATION (self), store, self->client, self->settings, self->cancellable,
                               round_done_cb, g_object_ref (self));
}

static void
round_when_loaded (PapersBackgroundService *self)
{
  if (self->round_running || self->handover != NULL)
    return;
  self->round_running = TRUE;
  if (papers_collection_get_loaded (self->collection))
    start_round (self);
  else
    self->loaded_handler = g_signal_connect_object (self->collection, "notify::loaded",
                                                    G_CALLBACK (start_round), self, G_CONNECT_SWAPPED);
}

static gboolean
timer_cb (gpointer data)
{
  PapersBackgroundService *self = data;

  /* The first wait may have been the rest of the window's: from now on,
   * whole intervals */
  self->timer = g_timeout_add_seconds (papers_background_interval (), timer_cb, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->timer), "[papers] background round");
  self->next_round = g_get_monotonic_time () + (gint64) papers_background_interval () * G_USEC_PER_SEC;
  round_when_loaded (self);
  return G_SOURCE_REMOVE;
}

static void
start_waiting (PapersBackgroundService *self,
               gint64         next_round)
{
  guint seconds = papers_background_seconds_until (next_round);

  if (!self->held)
    {
      self->held = TRUE;
      g_application_hold (G_APPLICATION (self));
    }
  self->next_round = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  self->timer = g_timeout_add_seconds (seconds, timer_cb, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->timer), "[papers] background round");
}

static void
turned_off_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GApplication) app = user_data;
  g_autoptr(GError) error = NULL;

  if (!papers_background_request_finish (result, &error))
    g_warning ("%s", error->message);
  g_application_release (app);
}

/* Turned off while it waits (gsettings, or another Papers' preferences):
 * the autostart entry goes, and so does the service */
static void
background_changed_cb (PapersBackgroundService *self)
{
  if (g_settings_get_boolean (self->settings, "check-in-background") || !self->held)
    return;
  g_clear_handle_id (&self->timer, g_source_remove);
  g_application_hold (G_APPLICATION (self));
  papers_background_request_async (FALSE, NULL, turned_off_cb, g_object_ref (self));
  self->held = FALSE;
  g_application_release (G_APPLICATION (self));
}

static void
papers_background_service_activate (GApplication *app)
{
  PapersBackgroundService *self = PAPERS_BACKGROUND_SERVICE (app);

  /* Its own start (at login, or handed over by the window): no window,
   * and at login the login round */
  if (self->starting)
    {
      self->starting = FALSE;
      if (self->login_round && self->held)
        round_when_loaded (self);
      return;
    }
  hand_over (self, NULL, NULL, 0);
}

static void
papers_background_service_open (GApplication  *app,
                                GFile        **files,
                                int            n_files,
                                const char    *hint)
{
  hand_over (PAPERS_BACKGROUND_SERVICE (app), NULL, files, n_files);
}

/* "Open" on a round's notification */
static void
show_for_you_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  hand_over (PAPERS_BACKGROUND_SERVICE (user_data), "for-you", NULL, 0);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

/* The window's other application actions (Preferences, About) need a
 * window: the window's process runs them */
static void
window_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  hand_over (PAPERS_BACKGROUND_SERVICE (user_data), NULL, NULL, 0);
}

static const GActionEntry service_actions[] = {
  { .name = "show-for-you", .activate = show_for_you_action },
  { .name = "quit", .activate = quit_action },
  { .name = "preferences", .activate = window_action },
  { .name = "about", .activate = window_action },
};

static void
activate_result_cb (PapersBackgroundService *self,
                    const char    *id)
{
  g_autofree char *show = g_strconcat ("paper:", id, NULL);

  hand_over (self, show, NULL, 0);
}

static void
launch_search_cb (PapersBackgroundService *self,
                  const char    *terms)
{
  g_autofree char *show = g_strconcat ("search:", terms, NULL);

  hand_over (self, show, NULL, 0);
}

static int
papers_background_service_handle_local_options (GApplication *app,
                                                GVariantDict *options)
{
  PapersBackgroundService *self = PAPERS_BACKGROUND_SERVICE (app);
  g_autoptr(GError) error = NULL;
  gint64 next_round = 0;

  if (!g_application_register (app, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  /* Papers already runs, with a window or in the background: nothing to
   * start, and no window to show at login */
  if (g_application_get_is_remote (app))
    return 0;
  /* Off: nothing to wait for, so nothing holds the service: it ends,
   * opening nothing */
  self->starting = TRUE;
  if (!g_settings_get_boolean (self->settings, "check-in-background"))
    return -1;
  /* Handed over by the window's process: its rhythm goes on, with no
   * login round */
  self->login_round = !g_variant_dict_lookup (options, PAPERS_BACKGROUND_NEXT_OPTION, "x", &next_round);
  start_waiting (self, next_round);
  return -1;
}

static gboolean
papers_background_service_dbus_register (GApplication     *app,
                                         GDBusConnection  *connection,
                                         const char       *object_path,
                                         GError          **error)
{
  PapersBackgroundService *self = PAPERS_BACKGROUND_SERVICE (app);

  if (!G_APPLICATION_CLASS (papers_background_service_parent_class)->dbus_register (app, connection, object_path, error))
    return FALSE;
  /* GNOME Shell's search keeps finding the library while Papers waits */
  self->search_provider = papers_search_provider_export (app, connection, self->collection,
                                                         G_CALLBACK (activate_result_cb),
                                                         G_CALLBACK (launch_search_cb), error);
  return self->search_provider != NULL;
}

static void
papers_background_service_dbus_unregister (GApplication    *app,
                                           GDBusConnection *connection,
                                           const char      *object_path)
{
  PapersBackgroundService *self = PAPERS_BACKGROUND_SERVICE (app);

  if (self->search_provider != NULL)
    {
      papers_search_provider_unregister (self->search_provider);
      g_clear_object (&self->search_provider);
    }
  G_APPLICATION_CLASS (papers_background_service_parent_class)->dbus_unregister (app, connection, object_path);
}

static void
papers_background_service_startup (GApplication *app)
{
  PapersBackgroundService *self = PAPERS_BACKGROUND_SERVICE (app);

  G_APPLICATION_CLASS (papers_background_service_parent_class)->startup (app);
  /* The library opens on the store's thread; the round waits for it */
  self->collection = papers_collection_new ();
  if (self->search_provider != NULL)
    papers_search_provider_set_collection (self->search_provider, self->collection);
  self->client = papers_source_client_new_from_settings (self->settings);
  self->cancellable = g_cancellable_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (app), service_actions, G_N_ELEMENTS (service_actions), app);
  g_signal_connect_object (self->settings, "changed::check-in-background",
                           G_CALLBACK (background_changed_cb), self, G_CONNECT_SWAPPED);
}

static gboolean
deadline_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* A round under way stops; the library finishes the writes it has queued
 * (a round's "announced" list is written by the round itself) before the
 * process ends or becomes the window's */
static void
papers_background_service_shutdown (GApplication *app)
{
  PapersBackgroundService *self = PAPERS_BACKGROUND_SERVICE (app);
  PapersStore *store = self->collection != NULL ? papers_collection_get_store (self->collection) : NULL;
  gboolean expired = FALSE;
  GSource *deadline;

  g_clear_handle_id (&self->timer, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  if (self->search_provider != NULL)
    papers_search_provider_set_collection (self->search_provider, NULL);
  if (self->collection != NULL)
    {
      g_clear_signal_handler (&self->loaded_handler, self->collection);
      if (store != NULL)
        g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
      papers_collection_close (self->collection);
      g_clear_object (&self->collection);
    }
  g_clear_object (&self->client);
  deadline = g_timeout_source_new (SHUTDOWN_WAIT_US / 1000);
  g_source_set_callback (deadline, deadline_cb, &expired, NULL);
  g_source_attach (deadline, NULL);
  while ((store != NULL || self->round_running) && !expired)
    g_main_context_iteration (NULL, TRUE);
  g_source_destroy (deadline);
  g_source_unref (deadline);
  if (store != NULL)
    g_object_remove_weak_pointer (G_OBJECT (store), (gpointer *) &store);

  G_APPLICATION_CLASS (papers_background_service_parent_class)->shutdown (app);
}

static void
papers_background_service_dispose (GObject *object)
{
  PapersBackgroundService *self = PAPERS_BACKGROUND_SERVICE (object);

  g_clear_object (&self->search_provider);
  g_clear_object (&self->collection);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->handover, g_ptr_array_unref);

  G_OBJECT_CLASS (papers_background_service_parent_class)->dispose (object);
}

static void
papers_background_service_class_init (PapersBackgroundServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = papers_background_service_dispose;
  app_class->activate = papers_background_service_activate;
  app_class->open = papers_background_service_open;
  app_class->startup = papers_background_service_startup;
  app_class->shutdown = papers_background_service_shutdown;
  app_class->handle_local_options = papers_background_service_handle_local_options;
  app_class->dbus_register = papers_background_service_dbus_register;
  app_class->dbus_unregister = papers_background_service_dbus_unregister;
}

static void
papers_background_service_init (PapersBackgroundService *self)
{
  g_set_application_name (_("Papers"));
  /* Read before registering: the preference decides whether to stay */
  self->settings = g_settings_new (BASE_APP_ID);
  g_application_add_main_option (G_APPLICATION (self), PAPERS_BACKGROUND_OPTION, 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_NONE, _("Check for new papers in the background, without a window"),
                                 NULL);
  g_application_add_main_option (G_APPLICATION (self), PAPERS_BACKGROUND_NEXT_OPTION, 0, G_OPTION_FLAG_HIDDEN,
                                 G_OPTION_ARG_INT64, "", NULL);
}
