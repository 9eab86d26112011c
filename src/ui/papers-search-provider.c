/* papers-search-provider.c: the library in GNOME Shell's search
 *
 * org.gnome.Shell.SearchProvider2 on the application's bus name.  The
 * Shell asks on every keystroke and gives up on a provider that is slow,
 * so each call runs the library's own search on the store's thread (the
 * same query language as the window) and answers when it reports back:
 * the main loop never waits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "papers-query.h"
#include "papers-search-provider.h"
#include "papers-store.h"

/* The interface as GNOME Shell defines it (data/dbus-interfaces/
 * org.gnome.ShellSearchProvider2.xml in gnome-shell) */
static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.gnome.Shell.SearchProvider2'>"
  "    <method name='GetInitialResultSet'>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='as' name='results' direction='out'/>"
  "    </method>"
  "    <method name='GetSubsearchResultSet'>"
  "      <arg type='as' name='previous_results' direction='in'/>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='as' name='results' direction='out'/>"
  "    </method>"
  "    <method name='GetResultMetas'>"
  "      <arg type='as' name='identifiers' direction='in'/>"
  "      <arg type='aa{sv}' name='metas' direction='out'/>"
  "    </method>"
  "    <method name='ActivateResult'>"
  "      <arg type='s' name='identifier' direction='in'/>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='u' name='timestamp' direction='in'/>"
  "    </method>"
  "    <method name='LaunchSearch'>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='u' name='timestamp' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

/* A service started by the Shell stays this long after its last answer:
 * the Shell asks for the metas right after the results, and again as the
 * user types. */
#define SERVICE_LINGER_MS 10000

/* Authors named before "et al." */
#define DESCRIBED_AUTHORS 3

struct _PapersSearchProvider
{
  GObject           parent_instance;

  GApplication     *app;          /* not owned: it owns us */
  PapersCollection *collection;
  GDBusConnection  *connection;
  guint             registration;
  /* Calls that came before the library was open */
  GPtrArray        *waiting;
  gulong            loaded_handler;
};

G_DEFINE_FINAL_TYPE (PapersSearchProvider, papers_search_provider, G_TYPE_OBJECT)

enum
{
  SIGNAL_ACTIVATE_RESULT,
  SIGNAL_LAUNCH_SEARCH,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One method call being answered */
typedef struct
{
  PapersSearchProvider  *self;
  GDBusMethodInvocation *invocation;
} Call;

static void
call_free (Call *call)
{
  if (call->self->app != NULL)
    g_application_release (call->self->app);
  g_object_unref (call->self);
  g_clear_object (&call->invocation);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

static Call *
call_new (PapersSearchProvider  *self,
          GDBusMethodInvocation *invocation)
{
  Call *call = g_new0 (Call, 1);

  call->self = g_object_ref (self);
  call->invocation = g_object_ref (invocation);
  if (self->app != NULL)
    {
      if (g_application_get_flags (self->app) & G_APPLICATION_IS_SERVICE)
        g_application_set_inactivity_timeout (self->app, SERVICE_LINGER_MS);
      g_application_hold (self->app);
    }
  return call;
}

static char *
join_terms (GVariant *terms)
{
  g_autofree const char **strv = g_variant_get_strv (terms, NULL);

  return g_strjoinv (" ", (char **) strv);
}

char *
papers_search_provider_describe (PapersPaper *paper)
{
  const char * const *authors = papers_paper_get_authors (paper);
  const char * const *tags = papers_paper_get_tags (paper);
  GDateTime *published = papers_paper_get_published (paper);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (authors != NULL && authors[0] != NULL)
    {
      guint n = g_strv_length ((char **) authors);
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < n && i < DESCRIBED_AUTHORS; i++)
        g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", authors[i]);
      if (n > DESCRIBED_AUTHORS)
        /* Translators: after the first authors of a paper with more */
        g_string_append_printf (names, " %s", _("et al."));
      g_ptr_array_add (parts, g_string_free (g_steal_pointer (&names), FALSE));
    }
  if (published != NULL)
    g_ptr_array_add (parts, g_strdup_printf ("%d", g_date_time_get_year (published)));
  if (tags != NULL && tags[0] != NULL)
    g_ptr_array_add (parts, g_strjoinv (", ", (char **) tags));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static void
found_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersFound) found = papers_store_find_finish (PAPERS_STORE (source), result, &error);
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("as"));
  /* A query the language refuses (the user is still typing "tag:") finds
   * nothing; the Shell has no place for the message. */
  if (found == NULL)
    g_debug ("Shell search failed: %s", error->message);
  else
    {
      GPtrArray *loaded = papers_found_get_loaded (found);

      for (guint i = 0; i < loaded->len; i++)
        {
          PapersPaper *paper = g_ptr_array_index (loaded, i);

          if (paper != NULL)
            g_variant_builder_add (&builder, "s", papers_paper_get_id (paper));
        }
    }
  g_dbus_method_invocation_return_value (call->invocation, g_variant_new ("(as)", &builder));
}

static void
metas_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) papers = papers_store_get_papers_finish (PAPERS_STORE (source), result, &error);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GIcon) icon = g_themed_icon_new (APP_ID);
  /* (g_icon_serialize() returns a full reference, not a floating one) */
  g_autoptr(GVariant) serialized_icon = g_icon_serialize (icon);
  GVariant *parameters = g_dbus_method_invocation_get_parameters (call->invocation);
  g_autofree const char **ids = NULL;
  GVariantBuilder builder;

  g_variant_get (parameters, "(^a&s)", &ids);
  if (papers == NULL)
    g_debug ("Shell metas failed: %s", error->message);
  for (guint i = 0; papers != NULL && i < papers->len; i++)
    g_hash_table_insert (by_id, (gpointer) papers_paper_get_id (papers->pdata[i]), papers->pdata[i]);

  /* In the order asked; an id the library does not know is left out */
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; ids[i] != NULL && i < PAPERS_SEARCH_PROVIDER_MAX_METAS; i++)
    {
      PapersPaper *paper = g_hash_table_lookup (by_id, ids[i]);
      const char *title;
      g_autofree char *description = NULL;

      if (paper == NULL)
        continue;
      title = papers_paper_get_title (paper);
      description = papers_search_provider_describe (paper);
      g_variant_builder_open (&builder, G_VARIANT_TYPE ("a{sv}"));
      g_variant_builder_add (&builder, "{sv}", "id", g_variant_new_string (ids[i]));
      g_variant_builder_add (&builder, "{sv}", "name",
                             g_variant_new_string (title != NULL && *title != '\0' ? title : ids[i]));
      g_variant_builder_add (&builder, "{sv}", "description", g_variant_new_string (description));
      g_variant_builder_add (&builder, "{sv}", "icon", serialized_icon);
      g_variant_builder_close (&builder);
    }
  g_dbus_method_invocation_return_value (call->invocation, g_variant_new ("(aa{sv})", &builder));
}

/* Answers a call on the open library (or, when it could not be opened,
 * with nothing) */
static void
answer (Call *call)
{
  PapersSearchProvider *self = call->self;
  PapersStore *store = self->collection != NULL ? papers_collection_get_store (self->collection) : NULL;
  const char *method = g_dbus_method_invocation_get_method_name (call->invocation);
  GVariant *parameters = g_dbus_method_invocation_get_parameters (call->invocation);

  if (g_str_equal (method, "GetInitialResultSet") || g_str_equal (method, "GetSubsearchResultSet"))
    {
      g_autoptr(GVariant) terms = g_variant_get_child_value (parameters, g_str_equal (method, "GetInitialResultSet") ? 0 : 1);
      g_autofree char *typed = join_terms (terms);
      g_autofree char *query = NULL;

      /* A new search rather than a filter of the previous results: the
       * query language is not monotonic ("year:2" → "year:2024"), and the
       * store answers either in the same few milliseconds. */
      if (store == NULL || *g_strstrip (typed) == '\0')
        {
          g_dbus_method_invocation_return_value (call->invocation, g_variant_new ("(as)", NULL));
          call_free (call);
          return;
        }
      /* The Shell asks at every keystroke: the word being typed is a
       * prefix, as in the window's search ("contras" finds "contrastive") */
      query = papers_query_dup_incremental (typed);
      papers_store_find_async (store, query, NULL, NULL, PAPERS_SORT_RELEVANCE, PAPERS_FIND_QUICK,
                               PAPERS_SEARCH_PROVIDER_MAX_RESULTS, PAPERS_SEARCH_PROVIDER_MAX_RESULTS,
                               NULL, found_cb, call);
    }
  else if (g_str_equal (method, "GetResultMetas"))
    {
      g_autofree const char **ids = NULL;

      g_variant_get (parameters, "(^a&s)", &ids);
      if (store == NULL || ids[0] == NULL)
        {
          g_dbus_method_invocation_return_value (call->invocation, g_variant_new ("(aa{sv})", NULL));
          call_free (call);
          return;
        }
      /* The Shell asks for a screenful; a caller asking for thousands gets
       * the first ones rather than a reply too large to send. */
      if (g_strv_length ((char **) ids) > PAPERS_SEARCH_PROVIDER_MAX_METAS)
        ids[PAPERS_SEARCH_PROVIDER_MAX_METAS] = NULL;
      papers_store_get_papers_async (store, ids, NULL, metas_cb, call);
    }
  else if (g_str_equal (method, "ActivateResult"))
    {
      const char *id = NULL;

      g_variant_get (parameters, "(&s@asu)", &id, NULL, NULL);
      g_dbus_method_invocation_return_value (call->invocation, NULL);
      g_signal_emit (self, signals[SIGNAL_ACTIVATE_RESULT], 0, id);
      call_free (call);
    }
  else if (g_str_equal (method, "LaunchSearch"))
    {
      g_autoptr(GVariant) terms = g_variant_get_child_value (parameters, 0);
      g_autofree char *query = join_terms (terms);

      g_dbus_method_invocation_return_value (call->invocation, NULL);
      g_signal_emit (self, signals[SIGNAL_LAUNCH_SEARCH], 0, query);
      call_free (call);
    }
  else
    {
      g_dbus_method_invocation_return_error (call->invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                             "No method %s", method);
      call_free (call);
    }
}

static void
loaded_cb (PapersSearchProvider *self)
{
  g_autoptr(GPtrArray) waiting = NULL;

  if (!papers_collection_get_loaded (self->collection))
    return;
  waiting = g_steal_pointer (&self->waiting);
  self->waiting = g_ptr_array_new ();
  for (guint i = 0; i < waiting->len; i++)
    answer (waiting->pdata[i]);
}

static void
method_call_cb (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  PapersSearchProvider *self = user_data;
  Call *call = call_new (self, invocation);

  /* Started by the Shell's first keystroke, the library may still be
   * opening on the store's thread */
  if (self->collection == NULL || !papers_collection_get_loaded (self->collection))
    g_ptr_array_add (self->waiting, call);
  else
    answer (call);
}

static const GDBusInterfaceVTable vtable = {
  .method_call = method_call_cb,
};

void
papers_search_provider_set_collection (PapersSearchProvider *self,
                                       PapersCollection     *collection)
{
  g_return_if_fail (PAPERS_IS_SEARCH_PROVIDER (self));

  if (self->collection != NULL)
    g_clear_signal_handler (&self->loaded_handler, self->collection);
  g_set_object (&self->collection, collection);
  if (collection == NULL)
    return;
  self->loaded_handler = g_signal_connect_object (collection, "notify::loaded",
                                                  G_CALLBACK (loaded_cb), self, G_CONNECT_SWAPPED);
  loaded_cb (self);
}

gboolean
papers_search_provider_register (PapersSearchProvider  *self,
                                 GDBusConnection       *connection,
                                 GError               **error)
{
  static GDBusNodeInfo *info;

  g_return_val_if_fail (PAPERS_IS_SEARCH_PROVIDER (self), FALSE);
  g_return_val_if_fail (self->registration == 0, FALSE);

  if (g_once_init_enter_pointer (&info))
    g_once_init_leave_pointer (&info, g_dbus_node_info_new_for_xml (introspection_xml, NULL));
  self->registration = g_dbus_connection_register_object (connection, PAPERS_SEARCH_PROVIDER_PATH,
                                                          info->interfaces[0], &vtable,
                                                          self, NULL, error);
  if (self->registration == 0)
    return FALSE;
  g_set_object (&self->connection, connection);
  return TRUE;
}

void
papers_search_provider_unregister (PapersSearchProvider *self)
{
  g_return_if_fail (PAPERS_IS_SEARCH_PROVIDER (self));

  if (self->registration != 0)
    g_dbus_connection_unregister_object (self->connection, self->registration);
  self->registration = 0;
  g_clear_object (&self->connection);
}

/**
 * papers_search_provider_export:
 * @app: the application whose bus name answers (held while a call is)
 * @collection: (nullable): the library, as papers_search_provider_set_collection()
 * @activate_result: (scope forever): the handler of ::activate-result, called on @app
 * @launch_search: (scope forever): the handler of ::launch-search, called on @app
 *
 * Makes the search provider of @app's dbus_register() and registers it
 * on @connection.
 *
 * Returns: (transfer full) (nullable): the provider, or %NULL with @error set
 */
PapersSearchProvider *
papers_search_provider_export (GApplication      *app,
                               GDBusConnection   *connection,
                               PapersCollection  *collection,
                               GCallback          activate_result,
                               GCallback          launch_search,
                               GError           **error)
{
  g_autoptr(PapersSearchProvider) self = papers_search_provider_new (app);

  g_signal_connect_object (self, "activate-result", activate_result, app, G_CONNECT_SWAPPED);
  g_signal_connect_object (self, "launch-search", launch_search, app, G_CONNECT_SWAPPED);
  if (collection != NULL)
    papers_search_provider_set_collection (self, collection);
  if (!papers_search_provider_register (self, connection, error))
    return NULL;
  return g_steal_pointer (&self);
}

PapersSearchProvider *
papers_search_provider_new (GApplication *app)
{
  PapersSearchProvider *self = g_object_new (PAPERS_TYPE_SEARCH_PROVIDER, NULL);

  self->app = app;
  return self;
}

static void
papers_search_provider_dispose (GObject *object)
{
  PapersSearchProvider *self = PAPERS_SEARCH_PROVIDER (object);

  papers_search_provider_unregister (self);
  /* A call still waiting for the library is answered with nothing */
  if (self->waiting != NULL)
    {
      g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->waiting);

      g_clear_object (&self->collection);
      for (guint i = 0; i < waiting->len; i++)
        answer (waiting->pdata[i]);
    }
  g_clear_object (&self->collection);

  G_OBJECT_CLASS (papers_search_provider_parent_class)->dispose (object);
}

static void
papers_search_provider_class_init (PapersSearchProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = papers_search_provider_dispose;

  signals[SIGNAL_ACTIVATE_RESULT] =
    g_signal_new ("activate-result", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_LAUNCH_SEARCH] =
    g_signal_new ("launch-search", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
papers_search_provider_init (PapersSearchProvider *self)
{
  self->waiting = g_ptr_array_new ();
}
