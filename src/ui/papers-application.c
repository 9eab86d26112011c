/* papers-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-application.h"
#include "papers-arxiv-id.h"
#include "papers-background.h"
#include "papers-bibtex.h"
#include "papers-collection.h"
#include "papers-pdf-index.h"
#include "papers-preferences.h"
#include "papers-refresh.h"
#include "papers-search-provider.h"
#include "papers-background-service.h"
#include "papers-source-client.h"
#ifdef PAPERS_HAVE_SYNC
#include "papers-sync-service.h"
#endif
#include "papers-window.h"
#include "papers-window-private.h"

/* A .bib or .json opened with Papers larger than this is refused rather
 * than read: the biggest real bibliographies are a few MB */

/* How long quitting waits for work already under way (queued library
 * writes, cancelled fetches and downloads reporting back, render jobs) to
 * finish.  Library writes take milliseconds; this bound only matters when
 * something is stuck. */
#define SHUTDOWN_WAIT_US (5 * G_USEC_PER_SEC)

struct _PapersApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  /* The model every window is handed, made in startup */
  PapersCollection   *collection;
  PapersSourceClient *client;
  /* Reads the library's PDFs' text into its search, in the background */
  PapersPdfIndexer   *indexer;
  /* Objects papers_application_await() was given that are not finalized
   * yet → their type names */
  GHashTable     *awaited;
  /* GNOME Shell's search in the library, on the application's bus name */
  PapersSearchProvider *search_provider;

  /* The background service ("Check for new papers in the background") */
  gboolean        background_enabled;    /* what the last request was for */
  gboolean        background_start;      /* started by --background: no window */
  gboolean        background_held;
  gboolean        background_refusing;   /* the key is being turned back off */
  gboolean        round_running;
  gint64          turned_on_round;       /* when turning it on last ran a round */
  guint           background_timer;
  GCancellable   *background_cancellable;
  char           *background_error;      /* why it was turned back off */
  gint64          next_round;            /* monotonic µs the timer fires at */
  gboolean        shutting_down;
  /* What the window shows first, asked of the windowless service
   * (PAPERS_SHOW_OPTION) before it handed over */
  char           *show;
  /* The arguments main() exec's the program with once the loop ends */
  GStrv           handover;
#ifdef PAPERS_HAVE_SYNC
  /* Syncs the library while the app runs (Preferences → Sync) */
  PapersSyncService *sync;
#endif
};

enum {
  PROP_0,
  PROP_BACKGROUND_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (PapersApplication, papers_application, ADW_TYPE_APPLICATION)

PapersApplication *
papers_application_new (void)
{
  return g_object_new (PAPERS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", "/org/example/Papers",
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       NULL);
}

/**
 * papers_application_get_settings:
 * @self: the application
 *
 * Returns: (transfer none): the application's settings
 */
GSettings *
papers_application_get_settings (PapersApplication *self)
{
  g_return_val_if_fail (PAPERS_IS_APPLICATION (self), NULL);
  return self->settings;
}

/**
 * papers_application_get_collection:
 * @self: the application
 *
 * Returns: (transfer none): the library, opened in startup
 */
PapersCollection *
papers_application_get_collection (PapersApplication *self)
{
  g_return_val_if_fail (PAPERS_IS_APPLICATION (self), NULL);
  return self->collection;
}

/**
 * papers_application_get_client:
 * @self: the application
 *
 * Returns: (transfer none): the one client of Hugging Face and arXiv (one
 *   HTTP session and one arXiv queue for every window)
 */
PapersSourceClient *
papers_application_get_client (PapersApplication *self)
{
  g_return_val_if_fail (PAPERS_IS_APPLICATION (self), NULL);
  return self->client;
}

#ifdef PAPERS_HAVE_SYNC
/**
 * papers_application_get_sync_service:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): what syncs the library, made in
 *   startup
 */
PapersSyncService *
papers_application_get_sync_service (PapersApplication *self)
{
  g_return_val_if_fail (PAPERS_IS_APPLICATION (self), NULL);
  return self->sync;
}

/* What a round received is in the library: the papers on show and the
 * lists read it again */
static void
synced_cb (PapersApplication *self,
           guint64            received)
{
  if (received > 0 && self->collection != NULL)
    papers_collection_refresh (self->collection);
}

/* The reader's edits of papers (what a refresh announces came from a
 * round) */
static void
collection_changed_for_sync_cb (PapersApplication *self,
                                PapersPaper       *paper)
{
  if (paper != NULL && self->sync != NULL && !papers_collection_is_refreshing (self->collection))
    papers_sync_service_note_change (self->sync);
}

static void
sync_start (PapersApplication *self)
{
  /* Rounds run in this process once the service watches the library
   * (papers_sync_service_watch_store()); this very program, run as
   * `papers-reader sync`, only before that */
  g_autofree char *program = g_file_read_link ("/proc/self/exe", NULL);

  if (program == NULL)
    program = g_find_program_in_path (g_get_prgname () != NULL ? g_get_prgname () : "papers-reader");
  if (program == NULL)
    return;
  self->sync = papers_sync_service_new (self->settings, program);
  g_signal_connect_object (self->sync, "synced", G_CALLBACK (synced_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->collection, "changed", G_CALLBACK (collection_changed_for_sync_cb), self,
                           G_CONNECT_SWAPPED);
  papers_sync_service_reload (self->sync);
}
#endif

typedef struct
{
  PapersApplication *app;
  gpointer           object;   /* only a key: it is being finalized */
} Awaited;

static void
awaited_finalized_cb (gpointer data)
{
  Awaited *awaited = data;

  if (awaited->app->awaited != NULL)
    g_hash_table_remove (awaited->app->awaited, awaited->object);
  g_object_unref (awaited->app);
  g_free (awaited);
}

/**
 * papers_application_await:
 * @object: (type GObject): an object that work under way may still hold
 *
 * Makes quitting wait (for a bounded time) until @object is finalized,
 * that is until every operation holding a reference to it has reported
 * back.  A window awaits itself, its library and the library's store when
 * it closes, so queued writes reach the disk and no half-done task is left
 * owning memory when the process exits.  Does nothing outside the
 * application (tests that make a window without one).
 */
void
papers_application_await (gpointer object)
{
  GApplication *app = g_application_get_default ();
  static GQuark quark;
  PapersApplication *self;
  Awaited *awaited;

  g_return_if_fail (G_IS_OBJECT (object));

  if (!PAPERS_IS_APPLICATION (app))
    return;
  self = PAPERS_APPLICATION (app);
  if (quark == 0)
    quark = g_quark_from_static_string ("papers-application-await");
  /* Object data is released at finalization (weak references fire at
   * dispose, which a closing window has already gone through). */
  if (g_object_get_qdata (object, quark) != NULL)
    return;
  awaited = g_new0 (Awaited, 1);
  awaited->app = g_object_ref (self);
  awaited->object = object;
  g_hash_table_insert (self->awaited, object, (gpointer) G_OBJECT_TYPE_NAME (object));
  g_object_set_qdata_full (object, quark, awaited, awaited_finalized_cb);
}

static gboolean
shutdown_deadline_cb (gpointer data)
{
  gboolean *expired = data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

/* The main loop has stopped, but work started before may still be on its
 * way: library jobs on the store's thread, cancelled network requests and
 * render jobs whose results are queued for this thread.  Run the main
 * context until all of it has reported back, then a little longer for
 * results already queued with nobody waiting for them. */
static void
finish_work_under_way (PapersApplication *self)
{
  GMainContext *context = g_main_context_default ();
  gboolean expired = FALSE;
  GSource *deadline = g_timeout_source_new (SHUTDOWN_WAIT_US / 1000);
  gint64 start = g_get_monotonic_time ();

  g_source_set_callback (deadline, shutdown_deadline_cb, &expired, NULL);
  g_source_set_static_name (deadline, "[papers] shutdown deadline");
  g_source_attach (deadline, context);
  while (g_hash_table_size (self->awaited) > 0 && !expired)
    g_main_context_iteration (context, TRUE);
  for (guint i = 0; i < 100 && !expired && g_main_context_pending (context); i++)
    g_main_context_iteration (context, FALSE);
  g_source_destroy (deadline);
  g_source_unref (deadline);

  if (g_hash_table_size (self->awaited) > 0)
    {
      g_autoptr(GString) names = g_string_new (NULL);
      GHashTableIter iter;
      gpointer name;

      g_hash_table_iter_init (&iter, self->awaited);
      while (g_hash_table_iter_next (&iter, NULL, &name))
        g_string_append_printf (names, " %s", (const char *) name);
      g_warning ("Quitting after %d ms with work still holding:%s",
                 (int) ((g_get_monotonic_time () - start) / 1000), names->str);
    }
}

static void
papers_application_shutdown (GApplication *app)
{
  PapersApplication *self = PAPERS_APPLICATION (app);
  GList *l;

  self->shutting_down = TRUE;
  /* Closing a window saves its note, cancels its fetches and downloads
   * and lets its library finish the writes already queued. */
  while ((l = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    {
      if (PAPERS_IS_WINDOW (l->data))
        papers_window_shutdown (PAPERS_WINDOW (l->data));
      gtk_window_destroy (GTK_WINDOW (l->data));
    }
  if (self->indexer != NULL)
    papers_pdf_indexer_stop (self->indexer);
  g_clear_object (&self->indexer);
  /* A background round under way stops, and no other starts */
  g_clear_handle_id (&self->background_timer, g_source_remove);
  if (self->background_cancellable != NULL)
    g_cancellable_cancel (self->background_cancellable);
#ifdef PAPERS_HAVE_SYNC
  /* A round under way finishes, or is ended, before the library closes */
  if (self->sync != NULL)
    {
      papers_sync_service_shutdown (self->sync, SHUTDOWN_WAIT_US);
      /* A keyring read (Preferences' reload) may still hold it */
      papers_application_await (self->sync);
    }
  g_clear_object (&self->sync);
#endif
  /* The library stops loading; the writes already queued complete, and
   * the store's worker writes them before it stops. */
  /* The Shell's searches find nothing more: the library is closing */
  if (self->search_provider != NULL)
    papers_search_provider_set_collection (self->search_provider, NULL);
  if (self->collection != NULL)
    {
      papers_collection_close (self->collection);
      papers_application_await (self->collection);
      if (papers_collection_get_store (self->collection) != NULL)
        papers_application_await (papers_collection_get_store (self->collection));
      g_clear_object (&self->collection);
    }
  /* The HTTP client goes too, once its requests have reported back, so
   * nothing a request held is left reachable only from it. */
  if (self->client != NULL)
    {
      papers_application_await (self->client);
      g_clear_object (&self->client);
    }
  finish_work_under_way (self);

  G_APPLICATION_CLASS (papers_application_parent_class)->shutdown (app);
}

/* Once the library is open, its PDFs' text is indexed on a worker: the
 * ones never read (once), then each PDF downloaded or added */
static void
collection_loaded_cb (PapersApplication *self)
{
  PapersStore *store = papers_collection_get_store (self->collection);

  if (self->indexer != NULL || store == NULL || !papers_collection_get_loaded (self->collection))
    return;
  self->indexer = papers_pdf_indexer_new (store);
  papers_pdf_indexer_start (self->indexer);
#ifdef PAPERS_HAVE_SYNC
  if (self->sync != NULL)
    {
      papers_sync_service_watch_store (self->sync, store);
      papers_sync_service_start (self->sync);
    }
#endif
}

static void background_round (PapersApplication *self);
static void show_asked (PapersApplication *self);

static void
papers_application_activate (GApplication *app)
{
  GtkWindow *window;

  /* Started at login by --background: the login round, no window (and
   * nothing held, so gone at once, when the preference is off) */
  if (PAPERS_APPLICATION (app)->background_start)
    {
      PAPERS_APPLICATION (app)->background_start = FALSE;
      if (PAPERS_APPLICATION (app)->background_enabled)
        background_round (PAPERS_APPLICATION (app));
      return;
    }

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    {
      PapersCollection *collection = PAPERS_APPLICATION (app)->collection;

      /* The library opened on the store's thread while GTK started: its
       * result waits on the main context, which has not run yet.  Take it
       * now (without waiting, if it is still opening), so the window is
       * built on an open library and its first find runs while the
       * window is realized rather than after. */
      while (!papers_collection_get_loaded (collection) && g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
      window = GTK_WINDOW (papers_window_new (PAPERS_APPLICATION (app)));
      papers_window_present_when_ready (PAPERS_WINDOW (window));
      show_asked (PAPERS_APPLICATION (app));
      return;
    }

  gtk_window_present (window);
}

/* The window shown for a request from the Shell: the one open, or a new one */
static PapersWindow *
shell_window (PapersApplication *self)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  return PAPERS_IS_WINDOW (window) ? PAPERS_WINDOW (window) : NULL;
}

static void
shell_paper_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PapersApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersPaper) paper = papers_store_get_paper_finish (PAPERS_STORE (source), result, &error);
  PapersWindow *window;

  /* A paper removed since the Shell found it: the window alone */
  if (paper == NULL)
    {
      g_debug ("Shell result gone: %s", error ? error->message : "not in the store");
      shell_window (self);
      return;
    }
  window = shell_window (self);
  if (window != NULL && self->collection != NULL)
    {
      PapersPaper *canonical = papers_collection_canonical (self->collection, paper);

      papers_window_show_paper (window, canonical != NULL ? canonical : paper);
    }
}

static void
activate_result_cb (PapersApplication *self,
                    const char        *id)
{
  PapersStore *store = self->collection ? papers_collection_get_store (self->collection) : NULL;

  if (store == NULL)
    {
      shell_window (self);
      return;
    }
  papers_store_get_paper_async (store, id, NULL, shell_paper_cb, g_object_ref (self));
}

static void
launch_search_cb (PapersApplication *self,
                  const char        *terms)
{
  PapersWindow *window = shell_window (self);

  if (window == NULL)
    return;
  /* The library's search with the Shell's terms, as if typed */
  papers_window_set_view (window, "library:all");
  gtk_search_bar_set_search_mode (window->search_bar, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), terms);
  gtk_editable_set_position (GTK_EDITABLE (window->search_entry), -1);
}

/* "Open" on a background round's notification: the For You view, which
 * ranks the listings the round announced from */
static void
show_for_you_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  PapersWindow *window = shell_window (PAPERS_APPLICATION (user_data));

  if (window != NULL)
    papers_window_set_view (window, "for-you");
}

/* What the windowless service was asked before it handed over
 * (papers-background-service.c), once the window shows: until then it is
 * still restoring its last view and search, which would undo it */
static void
show_asked_mapped_cb (GtkWidget         *window,
                      PapersApplication *self)
{
  g_autofree char *show = g_steal_pointer (&self->show);

  g_signal_handlers_disconnect_by_func (window, show_asked_mapped_cb, self);
  if (show == NULL)
    return;
  if (g_str_equal (show, "for-you"))
    show_for_you_action (NULL, NULL, self);
  else if (g_str_has_prefix (show, "paper:"))
    activate_result_cb (self, show + strlen ("paper:"));
  else if (g_str_has_prefix (show, "search:"))
    launch_search_cb (self, show + strlen ("search:"));
}

static void
show_asked (PapersApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (self->show == NULL || window == NULL)
    return;
  if (gtk_widget_get_mapped (GTK_WIDGET (window)))
    show_asked_mapped_cb (GTK_WIDGET (window), self);
  else
    g_signal_connect_object (window, "map", G_CALLBACK (show_asked_mapped_cb), self, G_CONNECT_DEFAULT);
}

/* What is opened with Papers waits for the library to be open: an add
 * made before would be refused, and whether the library has a paper is
 * only known then.  @func runs once it is (at once if it is already). */
typedef void (*LoadedFunc) (PapersApplication *self,
                            gpointer           data);

typedef struct
{
  PapersApplication *app;
  LoadedFunc         func;
  gpointer           data;
  GDestroyNotify     destroy;
  gulong             handler;
} WhenLoaded;

static void
when_loaded_run (WhenLoaded *waiting)
{
  g_autoptr(PapersApplication) self = waiting->app;

  waiting->func (self, waiting->data);
  if (waiting->destroy != NULL)
    waiting->destroy (waiting->data);
  g_free (waiting);
}

static void
when_loaded_cb (PapersCollection *collection,
                GParamSpec       *pspec,
                WhenLoaded       *waiting)
{
  if (!papers_collection_get_loaded (collection))
    return;
  g_clear_signal_handler (&waiting->handler, collection);
  when_loaded_run (waiting);
}

static void
when_loaded (PapersApplication *self,
             LoadedFunc         func,
             gpointer           data,
             GDestroyNotify     destroy)
{
  WhenLoaded *waiting = g_new0 (WhenLoaded, 1);

  waiting->app = g_object_ref (self);
  waiting->func = func;
  waiting->data = data;
  waiting->destroy = destroy;
  if (papers_collection_get_loaded (self->collection))
    when_loaded_run (waiting);
  else
    waiting->handler = g_signal_connect (self->collection, "notify::loaded", G_CALLBACK (when_loaded_cb), waiting);
}

/* The background service.  With "Check for new papers in the background"
 * on, the application holds itself, so it keeps running once its last
 * window closes (or with none, started at login with --background), and
 * runs one round of `papers-reader refresh --notify` at login and then on
 * one long timer: nothing else wakes it while it waits. */

/**
 * papers_application_get_background_error:
 *
 * Returns: (nullable): why the background checks were turned back off
 *   (the portal refused, the autostart file could not be written)
 */
const char *
papers_application_get_background_error (PapersApplication *self)
{
  g_return_val_if_fail (PAPERS_IS_APPLICATION (self), NULL);
  return self->background_error;
}

static void
set_background_error (PapersApplication *self,
                      const char        *message)
{
  if (g_strcmp0 (self->background_error, message) == 0)
    return;
  g_free (self->background_error);
  self->background_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BACKGROUND_ERROR]);
}

static void
round_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PapersApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  int announced = papers_refresh_notify_finish (result, &error);

  self->round_running = FALSE;
  /* The round's listings are freed: give their pages back */
  g_idle_add_once ((GSourceOnceFunc) papers_background_trim_memory, NULL);
  if (announced < 0)
    g_debug ("Background round: %s", error->message);
  else
    g_debug ("Background round: %d new papers for you", announced);
}

static void
start_round (PapersApplication *self,
             gpointer           data)
{
  PapersStore *store = self->collection != NULL ? papers_collection_get_store (self->collection) : NULL;

  if (store == NULL || self->background_cancellable == NULL)
    {
      self->round_running = FALSE;
      return;
    }
  papers_refresh_notify_async (G_APPLICATION (self), store, self->client, self->settings,
                               self->background_cancellable, round_done_cb, g_object_ref (self));
}

/* The last window closed with the preference on: what waits is the
 * windowless service, a process without GTK (papers-background-service.c), so this
 * one ends its loop and main() exec's the program as the service, which
 * keeps the rounds' rhythm */
static void
hand_over_cb (gpointer data)
{
  g_autoptr(PapersApplication) self = data;

  if (self->shutting_down || !self->background_held || self->handover != NULL ||
      gtk_application_get_windows (GTK_APPLICATION (self)) != NULL)
    return;
  self->handover = g_new0 (char *, 3);
  self->handover[0] = g_strdup ("--" PAPERS_BACKGROUND_OPTION);
  self->handover[1] = g_strdup_printf ("--" PAPERS_BACKGROUND_NEXT_OPTION "=%" G_GINT64_FORMAT, self->next_round);
  g_debug ("Handing over to the windowless service");
  g_application_quit (G_APPLICATION (self));
}

static void
window_removed_cb (GtkApplication *app,
                   GtkWindow      *window)
{
  if (PAPERS_APPLICATION (app)->background_held && gtk_application_get_windows (app) == NULL)
    g_idle_add_once (hand_over_cb, g_object_ref (app));
}

/**
 * papers_application_get_handover:
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): the
 *   arguments the program must be run again with once the application's
 *   run has returned (the windowless service), or %NULL
 */
char **
papers_application_get_handover (PapersApplication *self)
{
  g_return_val_if_fail (PAPERS_IS_APPLICATION (self), NULL);
  return self->handover;
}

static void
background_round (PapersApplication *self)
{
  if (self->round_running || self->collection == NULL)
    return;
  self->round_running = TRUE;
  when_loaded (self, start_round, NULL, NULL);
}

static void schedule_round (PapersApplication *self,
                            guint              seconds);

static gboolean
background_timer_cb (gpointer data)
{
  PapersApplication *self = PAPERS_APPLICATION (data);

  /* The first wait may have been the rest of the service's: from now
   * on, whole intervals */
  schedule_round (self, papers_background_interval ());
  background_round (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_round (PapersApplication *self,
                guint              seconds)
{
  self->next_round = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  self->background_timer = g_timeout_add_seconds (seconds, background_timer_cb, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->background_timer),
                            "[papers] background round");
}

static void
background_start_waiting (PapersApplication *self)
{
  if (!self->background_held)
    {
      self->background_held = TRUE;
      g_application_hold (G_APPLICATION (self));
    }
  if (self->background_timer == 0)
    schedule_round (self, papers_background_seconds_until (self->next_round));
}

static void
background_stop_waiting (PapersApplication *self)
{
  g_clear_handle_id (&self->background_timer, g_source_remove);
  if (self->background_held)
    {
      self->background_held = FALSE;
      g_application_release (G_APPLICATION (self));
    }
}

/* Turning the preference on runs a round at once, rather than at the
 * next login or four hours later; turned off and on again within
 * TURNED_ON_GAP_S it runs none, so toggling makes no storm of requests
 * (a round announces nothing twice anyway). */
#define TURNED_ON_GAP_S (10 * 60)

static void
background_turned_on_round (PapersApplication *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->turned_on_round != 0 && now - self->turned_on_round < TURNED_ON_GAP_S * G_USEC_PER_SEC)
    return;
  self->turned_on_round = now;
  background_round (self);
}

typedef struct
{
  PapersApplication *app;
  gboolean           enable;
} BackgroundRequest;

static void
background_requested_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autofree BackgroundRequest *request = user_data;
  g_autoptr(PapersApplication) self = request->app;
  g_autoptr(GError) error = NULL;
  gboolean done = papers_background_request_finish (result, &error);

  /* Turned off meanwhile: that request decides */
  if (request->enable != self->background_enabled || self->settings == NULL)
    return;
  if (!request->enable)
    {
      if (!done)
        g_warning ("%s", error->message);
      return;
    }
  if (done)
    {
      background_start_waiting (self);
      background_turned_on_round (self);
      return;
    }
  /* Refused: the preference goes back off, saying why */
  g_message ("Background checks refused: %s", error->message);
  set_background_error (self, error->message);
  self->background_enabled = FALSE;
  self->background_refusing = TRUE;
  g_settings_set_boolean (self->settings, "check-in-background", FALSE);
  self->background_refusing = FALSE;
}

static void
background_changed_cb (PapersApplication *self)
{
  gboolean enable = g_settings_get_boolean (self->settings, "check-in-background");
  BackgroundRequest *request;

  if (enable == self->background_enabled || self->background_refusing)
    return;
  self->background_enabled = enable;
  if (enable)
    set_background_error (self, NULL);
  else
    background_stop_waiting (self);
  request = g_new0 (BackgroundRequest, 1);
  request->app = g_object_ref (self);
  request->enable = enable;
  papers_background_request_async (enable, self->background_cancellable, background_requested_cb, request);
}

static int
papers_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  PapersApplication *self = PAPERS_APPLICATION (app);
  g_autoptr(GError) error = NULL;

  /* Handed over by the windowless service: its rounds' rhythm, and what
   * it was asked to show */
  g_variant_dict_lookup (options, PAPERS_BACKGROUND_NEXT_OPTION, "x", &self->next_round);
  g_variant_dict_lookup (options, PAPERS_SHOW_OPTION, "s", &self->show);
  if (!g_variant_dict_contains (options, PAPERS_BACKGROUND_OPTION))
    return -1;
  if (!g_application_register (app, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  /* Papers already runs, with a window or in the background: nothing to
   * start, and no window to show at login */
  if (g_application_get_is_remote (app))
    return 0;
  self->background_start = TRUE;
  return -1;
}

/* Opening files: "Open With Papers" from Files or a browser,
 * `gapplication launch org.example.Papers FILE…`, or `papers-reader FILE…`
 * (main.c gives GApplication every command line that is not a verb: it
 * opens the files here, or hands them to the running Papers over D-Bus).
 * A PDF is added to the library as a dropped one and opened in the reader;
 * a BibTeX file is imported, with a summary; a paper's address on arXiv or
 * Hugging Face shows that paper. */

static gboolean has_suffix_nocase (GFile      *file,
                                   const char *suffix);

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PapersApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersImportSummary) imported = papers_collection_import_file_finish (PAPERS_COLLECTION (source),
                                                                                  result, &error);
  PapersWindow *window = shell_window (self);
  g_autoptr(GString) details = NULL;
  g_autofree char *message = NULL;

  if (window == NULL)
    return;
  if (imported == NULL)
    {
      papers_window_error (window, _("The bibliography could not be imported"), error->message);
      return;
    }
  papers_window_set_view (window, "library:all");
  if (imported->skipped->len > 0)
    {
      details = g_string_new (NULL);
      for (guint i = 0; i < imported->skipped->len; i++)
        {
          PapersBibtexSkip *skip = imported->skipped->pdata[i];

          if (imported->json)
            /* Translators: "refs.json: skipped entry 3 “key”: it has no title" */
            g_string_append_printf (details, _("%s: skipped entry %u “%s”: %s\n"), imported->name, skip->line,
                                    skip->key ? skip->key : "?", skip->reason);
          else
            /* Translators: "refs.bib:12: skipped entry “key”: it has no title" */
            g_string_append_printf (details, _("%s:%u: skipped entry “%s”: %s\n"), imported->name, skip->line,
                                    skip->key ? skip->key : "?", skip->reason);
        }
      /* Translators: the first %u is a number of papers, the second of skipped entries */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u paper, %u skipped",
                                              "Imported %u papers, %u skipped", imported->papers->len),
                                 imported->papers->len, imported->skipped->len);
    }
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u paper", "Imported %u papers",
                                            imported->papers->len),
                               imported->papers->len);
  /* The summary, with Details (each skipped entry and why) and Undo */
  papers_window_import_done (window, message, details != NULL ? details->str : NULL,
                             (const char * const *) imported->added);
}

/* Reads and writes the file once the library is open; a library that
 * could not be opened or is read-only says so */
static void
start_import (PapersApplication *self,
              gpointer           data)
{
  PapersWindow *window;

  if (!papers_collection_can_edit (self->collection))
    {
      window = shell_window (self);
      if (window != NULL)
        papers_window_library_check_editable (window);
      return;
    }
  papers_collection_import_file_async (self->collection, G_FILE (data), NULL, import_done_cb, g_object_ref (self));
}

/* A PDF opened with Papers is added and read once the library is open */
static void
open_pdf (PapersApplication *self,
          gpointer           data)
{
  PapersWindow *window = shell_window (self);

  if (window != NULL)
    papers_window_open_pdf (window, G_FILE (data));
}

/* A paper's page on arXiv or Hugging Face, given on the command line:
 * the paper is shown (the library's, or the sources' with Add to
 * Library) once the library can say whether it has it */
static void
open_paper_uri (PapersApplication *self,
                gpointer           data)
{
  PapersWindow *window = shell_window (self);
  g_autofree char *id = NULL;
  int version = 0;

  if (window != NULL && papers_arxiv_id_parse_uri (data, &id, &version, NULL))
    papers_window_open_arxiv_id (window, id, version);
}

/* Any other address is refused in the window, with what was asked (made
 * valid UTF-8 and cut short: it came from another program) */
static void
refuse_uri (PapersWindow *window,
            const char   *uri,
            const GError *error)
{
  g_autofree char *valid = g_utf8_make_valid (uri, -1);
  glong length = g_utf8_strlen (valid, -1);
  g_autofree char *start = g_utf8_substring (valid, 0, MIN (length, 200));
  g_autofree char *details = g_strdup_printf ("%s\n\n%s%s", error->message, start, length > 200 ? "…" : "");

  papers_window_error (window, _("This address cannot be opened"), details);
}

static gboolean
has_suffix_nocase (GFile      *file,
                   const char *suffix)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *lower = name != NULL ? g_ascii_strdown (name, -1) : NULL;

  return lower != NULL && g_str_has_suffix (lower, suffix);
}

/**
 * papers_application_import:
 * @file: a BibTeX (.bib, .bibtex) or CSL-JSON (.json) file
 *
 * Imports @file into the library, read on a worker thread, and shows the
 * summary in the window, with Undo (the window's Import…, a drop, Open
 * With).
 */
void
papers_application_import (PapersApplication *self,
                           GFile             *file)
{
  when_loaded (self, start_import, g_object_ref (file), g_object_unref);
}

static void
papers_application_open (GApplication  *app,
                         GFile        **files,
                         int            n_files,
                         const char    *hint)
{
  PapersApplication *self = PAPERS_APPLICATION (app);
  PapersWindow *window = shell_window (self);

  for (int i = 0; i < n_files && window != NULL; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      /* An address, not a file (GIO keeps what it cannot open as is) */
      if (path == NULL)
        {
          g_autofree char *uri = g_file_get_uri (files[i]);
          g_autoptr(GError) error = NULL;

          if (papers_arxiv_id_parse_uri (uri, NULL, NULL, &error))
            when_loaded (self, open_paper_uri, g_steal_pointer (&uri), g_free);
          else
            refuse_uri (window, uri, error);
        }
      else if (has_suffix_nocase (files[i], ".bib") || has_suffix_nocase (files[i], ".bibtex") ||
               has_suffix_nocase (files[i], ".json"))
        papers_application_import (self, files[i]);
      else
        /* A PDF, or says that only PDFs can be added */
        when_loaded (self, open_pdf, g_object_ref (files[i]), g_object_unref);
    }
}

static gboolean
papers_application_dbus_register (GApplication     *app,
                                  GDBusConnection  *connection,
                                  const char       *object_path,
                                  GError          **error)
{
  PapersApplication *self = PAPERS_APPLICATION (app);

  if (!G_APPLICATION_CLASS (papers_application_parent_class)->dbus_register (app, connection, object_path, error))
    return FALSE;
  self->search_provider = papers_search_provider_export (app, connection, self->collection,
                                                         G_CALLBACK (activate_result_cb),
                                                         G_CALLBACK (launch_search_cb), error);
  return self->search_provider != NULL;
}

static void
papers_application_dbus_unregister (GApplication    *app,
                                    GDBusConnection *connection,
                                    const char      *object_path)
{
  PapersApplication *self = PAPERS_APPLICATION (app);

  if (self->search_provider != NULL)
    {
      papers_search_provider_unregister (self->search_provider);
      g_clear_object (&self->search_provider);
    }
  G_APPLICATION_CLASS (papers_application_parent_class)->dbus_unregister (app, connection, object_path);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Papers developers", NULL };
  AdwDialog *dialog;

  dialog = adw_about_dialog_new_from_appdata ("/org/example/Papers/metainfo.xml", PACKAGE_VERSION);
  adw_about_dialog_set_application_icon (ADW_ABOUT_DIALOG (dialog), APP_ID);
  adw_about_dialog_set_developers (ADW_ABOUT_DIALOG (dialog), developers);
  adw_about_dialog_set_copyright (ADW_ABOUT_DIALOG (dialog), "© 2026 The Papers developers");
  /* Translators: replace with your names, one per line. */
  adw_about_dialog_set_translator_credits (ADW_ABOUT_DIALOG (dialog), _("translator-credits"));
  adw_dialog_present (dialog, GTK_WIDGET (gtk_application_get_active_window (app)));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);

  /* Close windows first so each saves its state and cancels its work,
   * then quit; shutdown waits for what they leave under way. */
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = gtk_application_get_windows (app))
    {
      if (PAPERS_IS_WINDOW (l->data))
        papers_window_shutdown (PAPERS_WINDOW (l->data));
      gtk_window_destroy (GTK_WINDOW (l->data));
    }
  g_application_quit (G_APPLICATION (app));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  PapersApplication *self = PAPERS_APPLICATION (user_data);

  adw_dialog_present (papers_preferences_dialog_new (self->settings),
                      GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (self))));
}

static void
color_scheme_changed_cb (PapersApplication *self)
{
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");
  AdwColorScheme value = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (scheme, "light"))
    value = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (scheme, "dark"))
    value = ADW_COLOR_SCHEME_FORCE_DARK;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), value);
}

static const GActionEntry app_actions[] = {
  { .name = "preferences", .activate = preferences_action },
  { .name = "about", .activate = about_action },
  { .name = "quit", .activate = quit_action },
  { .name = "show-for-you", .activate = show_for_you_action },
};

static void
papers_application_startup (GApplication *app)
{
  PapersApplication *self = PAPERS_APPLICATION (app);
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.close", { "<Control>w", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "win.toggle-sidebar", { "F9", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.locate", { "<Control>l", NULL } },
    { "win.add-by-id", { "<Control>n", NULL } },
    { "win.import", { "<Control>o", NULL } },
    { "win.export", { "<Shift><Control>e", NULL } },
    { "win.toggle-library", { "<Control>d", NULL } },
    { "win.previous-day", { "<Alt>Left", NULL } },
    { "win.next-day", { "<Alt>Right", NULL } },
    { "win.copy-link", { "<Control><Shift>c", NULL } },
    { "win.add-tag", { "<Control>t", NULL } },
    { "win.edit-note", { "<Control>e", NULL } },
    { "win.reload", { "<Control>r", "F5", NULL } },
    { "win.next-tab", { "<Control>Page_Down", NULL } },
    { "win.previous-tab", { "<Control>Page_Up", NULL } },
    { "win.reopen-tab", { "<Control><Shift>t", NULL } },
    { "win.show-tabs", { "<Control><Shift>o", NULL } },
  };

  /* The library opens on the store's thread while GTK starts, so it is
   * open, or nearly, by the time the first window asks for its list. */
  self->collection = papers_collection_new ();
  g_signal_connect_object (self->collection, "notify::loaded", G_CALLBACK (collection_loaded_cb), self,
                           G_CONNECT_SWAPPED);
  if (self->search_provider != NULL)
    papers_search_provider_set_collection (self->search_provider, self->collection);
  G_APPLICATION_CLASS (papers_application_parent_class)->startup (app);

  self->settings = g_settings_new (BASE_APP_ID);
  self->client = papers_source_client_new_from_settings (self->settings);
#ifdef PAPERS_HAVE_SYNC
  sync_start (self);
#endif

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (color_scheme_changed_cb), self, G_CONNECT_SWAPPED);
  color_scheme_changed_cb (self);

  /* Checking in the background: it was allowed when it was turned on */
  self->background_cancellable = g_cancellable_new ();
  self->background_enabled = g_settings_get_boolean (self->settings, "check-in-background");
  g_signal_connect_object (self->settings, "changed::check-in-background",
                           G_CALLBACK (background_changed_cb), self, G_CONNECT_SWAPPED);
  if (self->background_enabled)
    background_start_waiting (self);
  g_signal_connect (app, "window-removed", G_CALLBACK (window_removed_cb), NULL);
}

static void
papers_application_dispose (GObject *object)
{
  PapersApplication *self = PAPERS_APPLICATION (object);

  g_clear_object (&self->indexer);
  g_clear_object (&self->search_provider);
  g_clear_object (&self->collection);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->awaited, g_hash_table_unref);
  g_clear_object (&self->background_cancellable);
  g_clear_pointer (&self->background_error, g_free);
  g_clear_pointer (&self->show, g_free);
  g_clear_pointer (&self->handover, g_strfreev);

  G_OBJECT_CLASS (papers_application_parent_class)->dispose (object);
}

static void
papers_application_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PapersApplication *self = PAPERS_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_BACKGROUND_ERROR:
      g_value_set_string (value, self->background_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
papers_application_class_init (PapersApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = papers_application_dispose;
  app_class->activate = papers_application_activate;
  app_class->startup = papers_application_startup;
  app_class->shutdown = papers_application_shutdown;
  app_class->open = papers_application_open;
  app_class->dbus_register = papers_application_dbus_register;
  app_class->dbus_unregister = papers_application_dbus_unregister;
  app_class->handle_local_options = papers_application_handle_local_options;

  object_class->get_property = papers_application_get_property;
  properties[PROP_BACKGROUND_ERROR] =
    g_param_spec_string ("background-error", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
papers_application_init (PapersApplication *self)
{
  self->awaited = g_hash_table_new (NULL, NULL);
  g_set_application_name (_("Papers"));
  g_application_add_main_option (G_APPLICATION (self), PAPERS_BACKGROUND_OPTION, 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_NONE, _("Check for new papers in the background, without a window"),
                                 NULL);
  g_application_add_main_option (G_APPLICATION (self), PAPERS_BACKGROUND_NEXT_OPTION, 0, G_OPTION_FLAG_HIDDEN,
                                 G_OPTION_ARG_INT64, "", NULL);
  g_application_add_main_option (G_APPLICATION (self), PAPERS_SHOW_OPTION, 0, G_OPTION_FLAG_HIDDEN,
                                 G_OPTION_ARG_STRING, "", NULL);
}
