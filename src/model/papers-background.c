/* papers-background.c: permission to run in the background
 *
 * "Check for new papers in the background" needs Papers to start at login
 * and keep running without a window.  Inside Flatpak only the Background
 * portal may grant that (it writes the autostart entry itself, running
 * the command line given inside the sandbox); outside, the XDG autostart
 * specification: a desktop file in $XDG_CONFIG_HOME/autostart.  Turning
 * the preference off removes the entry the same way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "papers-background.h"

#define PORTAL_BUS_NAME "org.freedesktop.portal.Desktop"
#define PORTAL_PATH "/org/freedesktop/portal/desktop"
#define PORTAL_BACKGROUND "org.freedesktop.portal.Background"
#define PORTAL_REQUEST "org.freedesktop.portal.Request"

/**
 * papers_background_uses_portal:
 *
 * Returns: whether permission comes from the Background portal: inside
 *   Flatpak, or when a test sets $PAPERS_TEST_BACKGROUND_PORTAL to ask its
 *   fake portal
 */
gboolean
papers_background_uses_portal (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ||
         g_strcmp0 (g_getenv ("PAPERS_TEST_BACKGROUND_PORTAL"), "1") == 0;
}

/**
 * papers_background_autostart_path:
 *
 * Returns: $XDG_CONFIG_HOME/autostart/APP_ID.desktop
 */
char *
papers_background_autostart_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "autostart", APP_ID ".desktop", NULL);
}

/* An Exec argument, quoted as the Desktop Entry specification says when
 * it holds anything but plain path characters (the key file's own
 * escapes come on top, from GKeyFile) */
static char *
exec_quote (const char *arg)
{
  g_autoptr(GString) quoted = NULL;

  if (*arg != '\0' && strspn (arg, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/._-+") == strlen (arg))
    return g_strdup (arg);
  quoted = g_string_new ("\"");
  for (const char *p = arg; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '`' || *p == '$' || *p == '\\')
        g_string_append_c (quoted, '\\');
      /* '%' starts a field code: "%%" is a percent sign */
      if (*p == '%')
        g_string_append_c (quoted, '%');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '"');
  return g_string_free (g_steal_pointer (&quoted), FALSE);
}

/**
 * papers_background_autostart_entry:
 * @executable: the program to start at login
 *
 * Returns: the autostart desktop file starting @executable as the
 *   windowless service
 */
char *
papers_background_autostart_entry (const char *executable)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *quoted = exec_quote (executable);
  g_autofree char *exec = g_strconcat (quoted, " --" PAPERS_BACKGROUND_OPTION, NULL);
  const char *group = G_KEY_FILE_DESKTOP_GROUP;

  g_key_file_set_string (file, group, G_KEY_FILE_DESKTOP_KEY_TYPE, G_KEY_FILE_DESKTOP_TYPE_APPLICATION);
  g_key_file_set_string (file, group, G_KEY_FILE_DESKTOP_KEY_NAME, "Papers");
  g_key_file_set_string (file, group, G_KEY_FILE_DESKTOP_KEY_COMMENT, "Check for new papers in the background");
  g_key_file_set_string (file, group, G_KEY_FILE_DESKTOP_KEY_ICON, APP_ID);
  g_key_file_set_string (file, group, G_KEY_FILE_DESKTOP_KEY_EXEC, exec);
  g_key_file_set_boolean (file, group, G_KEY_FILE_DESKTOP_KEY_TERMINAL, FALSE);
  g_key_file_set_boolean (file, group, G_KEY_FILE_DESKTOP_KEY_NO_DISPLAY, TRUE);
  g_key_file_set_boolean (file, group, "X-GNOME-Autostart-enabled", TRUE);
  g_key_file_set_boolean (file, group, "X-GNOME-UsesNotifications", TRUE);
  return g_key_file_to_data (file, NULL, NULL);
}

/* This program, as the login session can start it again */
static char *
own_executable (void)
{
  char *path = g_file_read_link ("/proc/self/exe", NULL);

  return path != NULL ? path : g_strdup ("papers-reader");
}

static gboolean
autostart_set (gboolean   enable,
               GError   **error)
{
  g_autofree char *path = papers_background_autostart_path ();
  g_autofree char *dir = g_path_get_dirname (path);

  if (!enable)
    {
      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("The autostart file %s could not be removed: %s"), path, g_strerror (saved));
          return FALSE;
        }
      return TRUE;
    }
  else
    {
      g_autofree char *executable = own_executable ();
      g_autofree char *entry = papers_background_autostart_entry (executable);
      g_autoptr(GError) local = NULL;

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Papers cannot start at login: %s"),
                       g_strerror (saved));
          return FALSE;
        }
      if (!g_file_set_contents_full (path, entry, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Papers cannot start at login: %s"), local->message);
          return FALSE;
        }
      return TRUE;
    }
}

typedef struct
{
  GDBusConnection *bus;
  guint            response_id;
  char            *handle;
  gboolean         enable;
} Request;

static void
request_free (Request *request)
{
  if (request->response_id != 0)
    g_dbus_connection_signal_unsubscribe (request->bus, request->response_id);
  g_clear_object (&request->bus);
  g_free (request->handle);
  g_free (request);
}

static void
refused (GTask *task)
{
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "%s",
                           _("Papers is not allowed to run in the background. "
                             "It can be allowed in Settings, under Apps."));
}

/* The portal's answer: 0 granted (then what it granted), 1 refused by the
 * user, 2 otherwise ended */
static void
response_cb (GDBusConnection *bus,
             const char      *sender,
             const char      *path,
             const char      *interface,
             const char      *signal,
             GVariant        *parameters,
             gpointer         user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GVariant) results = NULL;
  gboolean background = FALSE;
  gboolean autostart = FALSE;
  guint32 response;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ua{sv})")))
    return;
  /* Once: the task may be finalized by the returns below */
  g_dbus_connection_signal_unsubscribe (bus, request->response_id);
  request->response_id = 0;
  g_variant_get (parameters, "(u@a{sv})", &response, &results);
  g_variant_lookup (results, "background", "b", &background);
  g_variant_lookup (results, "autostart", "b", &autostart);
  g_debug ("Background portal: response %u, background %d, autostart %d", response, background, autostart);
  /* Turning off asks for no autostart: any answer is as good */
  if (!request->enable)
    g_task_return_boolean (task, TRUE);
  /* Starting at login is the point: background without autostart would
   * check only while the session lasts */
  else if (response != 0 || !background || !autostart)
    refused (task);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
subscribe (GTask      *task,
           const char *handle)
{
  Request *request = g_task_get_task_data (task);

  /* The subscription holds the task until the answer comes */
  if (request->response_id != 0)
    {
      g_dbus_connection_signal_unsubscribe (request->bus, request->response_id);
      g_object_unref (task);
    }
  g_free (request->handle);
  request->handle = g_strdup (handle);
  request->response_id = g_dbus_connection_signal_subscribe (request->bus, PORTAL_BUS_NAME, PORTAL_REQUEST,
                                                            "Response", handle, NULL,
                                                            G_DBUS_SIGNAL_FLAGS_NONE,
                                                            response_cb, g_object_ref (task), NULL);
}

static void
requested_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  const char *handle;

  if (reply == NULL)
    {
      /* The subscription's reference goes with it */
      if (request->response_id != 0)
        {
          g_dbus_connection_signal_unsubscribe (request->bus, request->response_id);
          request->response_id = 0;
          g_object_unref (task);
        }
      g_dbus_error_strip_remote_error (error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("The Background portal could not be asked: %s"), error->message);
      return;
    }
  /* Portals before version 0.9 choose the handle themselves */
  g_variant_get (reply, "(&o)", &handle);
  if (request->response_id != 0 && g_strcmp0 (handle, request->handle) != 0)
    subscribe (task, handle);
}

static void
bus_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *sender = NULL;
  g_autofree char *token = NULL;
  g_autofree char *handle = NULL;
  GVariantBuilder options;
  const char *commandline[] = { "papers-reader", "--" PAPERS_BACKGROUND_OPTION, NULL };

  request->bus = g_bus_get_finish (result, &error);
  if (request->bus == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  /* The request's object path is known before asking, so the answer
   * cannot come before the subscription to it */
  sender = g_strdup (g_dbus_connection_get_unique_name (request->bus) + 1);
  g_strdelimit (sender, ".", '_');
  token = g_strdup_printf ("papers%u", g_random_int ());
  handle = g_strdup_printf (PORTAL_PATH "/request/%s/%s", sender, token);
  subscribe (task, handle);

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Papers checks for new papers for you at login and every few "
                                                 "hours, with one notification when there are some")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (request->enable));
  g_variant_builder_add (&options, "{sv}", "commandline", g_variant_new_strv (commandline, -1));
  g_variant_builder_add (&options, "{sv}", "dbus-activatable", g_variant_new_boolean (FALSE));
  g_dbus_connection_call (request->bus, PORTAL_BUS_NAME, PORTAL_PATH, PORTAL_BACKGROUND, "RequestBackground",
                          g_variant_new ("(sa{sv})", "", &options), G_VARIANT_TYPE ("(o)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, g_task_get_cancellable (task), requested_cb, task);
}

/**
 * papers_background_request_async:
 * @enable: %TRUE to run in the background and start at login, %FALSE to
 *   start at login no more
 *
 * Asks the Background portal inside Flatpak, else writes or removes the
 * XDG autostart file.  Fails with %G_IO_ERROR_PERMISSION_DENIED when the
 * portal refuses, with a message to show.
 */
void
papers_background_request_async (gboolean             enable,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);
  GError *error = NULL;

  g_task_set_source_tag (task, papers_background_request_async);
  request->enable = enable;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  if (!papers_background_uses_portal ())
    {
      if (autostart_set (enable, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      return;
    }
  g_bus_get (G_BUS_TYPE_SESSION, cancellable, bus_cb, g_steal_pointer (&task));
}

gboolean
papers_background_request_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The hand-over between the two processes the background service can be.
 * Waiting, it is a plain GApplication that never starts GTK (about 30 MB
 * instead of 130: GTK's start maps the GL driver); a window is the whole
 * GTK application.  One turns into the other by exec'ing the program
 * again, in the same process, so whoever watches its PID (a session, a
 * test) sees one process throughout, and the application id is free by
 * the time the new image asks for it. */

/**
 * papers_background_wanted:
 *
 * Returns: whether this command line starts the windowless service:
 *   `--background`, given before any `--`
 */
gboolean
papers_background_wanted (int    argc,
                          char **argv)
{
  for (int i = 1; i < argc && argv[i] != NULL; i++)
    {
      if (g_str_equal (argv[i], "--"))
        return FALSE;
      if (g_str_equal (argv[i], "--" PAPERS_BACKGROUND_OPTION))
        return TRUE;
    }
  return FALSE;
}

/* $PAPERS_TEST_BACKGROUND_INTERVAL (seconds) is for the tests alone */
guint
papers_background_interval (void)
{
  const char *test = g_getenv ("PAPERS_TEST_BACKGROUND_INTERVAL");
  guint64 seconds;

  if (test != NULL && g_ascii_string_to_unsigned (test, 10, 1, G_MAXUINT / 2, &seconds, NULL))
    return seconds;
  return PAPERS_BACKGROUND_INTERVAL_S;
}

/**
 * papers_background_seconds_until:
 * @next_round: the monotonic time (µs) the next round is due, or 0
 *
 * Returns: the seconds until then (at least 1), or a whole interval when
 *   @next_round is not given or is absurdly far: a hand-over keeps the
 *   rounds' rhythm rather than starting it again
 */
guint
papers_background_seconds_until (gint64 next_round)
{
  gint64 now = g_get_monotonic_time ();
  guint interval = papers_background_interval ();

  if (next_round <= 0 || next_round - now > (gint64) interval * G_USEC_PER_SEC)
    return interval;
  return MAX (1, (next_round - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

/**
 * papers_background_exec:
 * @app: the application that has just finished running
 * @args: (array zero-terminated=1): the arguments after the program's name
 *
 * Replaces this process with the program itself run with @args.  The
 * application's D-Bus replies still queued are sent first and its name is
 * released, so the new image owns it at once.  Returns only on failure.
 */
void
papers_background_exec (GApplication *app,
                        char        **args)
{
  /* The application's connection: its run has ended, so it is no longer
   * registered, but the shared session bus is the one it used */
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GVariant) released = NULL;

  if (self == NULL)
    return;
  if (bus != NULL)
    {
      g_dbus_connection_flush_sync (bus, NULL, NULL);
      released = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                              "org.freedesktop.DBus", "ReleaseName",
                                              g_variant_new ("(s)", g_application_get_application_id (app)),
                                              NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, NULL);
    }
  g_ptr_array_add (argv, self);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, args[i]);
  g_ptr_array_add (argv, NULL);
  /* GIO's sockets and files are opened close-on-exec: the bus
   * connection ends with this image */
  execv (self, (char **) argv->pdata);
  g_warning ("Could not run %s again: %s", self, g_strerror (errno));
}

/* The service's threads (the store's, D-Bus's, the HTTP client's) take
 * a malloc arena each, and each keeps what it once held; waiting, they
 * have nothing to do at the same time, so they share one.  Called first
 * thing in the service's process: an exec into the window's process
 * starts glibc's defaults afresh.  (3.3 MB less while waiting, 37.3 ->
 * 34.0 MB with papers-bench background.) */
void
papers_background_limit_memory (void)
{
#ifdef __GLIBC__
  mallopt (M_ARENA_MAX, 1);
#endif
}

/* What a round or a closed window freed goes back to the system, so
 * the service waits small (glibc keeps freed pages in its arenas) */
void
papers_background_trim_memory (void)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
}
