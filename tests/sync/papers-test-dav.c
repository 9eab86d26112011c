/* papers-test-dav.c: starts Apache httpd (Debian's apache2) with mod_dav,
 * mod_dav_fs and basic authentication on a free loopback port, with a
 * configuration of its own in a temporary folder, and stops it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "papers-test-dav.h"
#include "papers-test-wait.h"

#define APACHE "/usr/sbin/apache2"
#define HTPASSWD "/usr/bin/htpasswd"
#define MODULES "/usr/lib/apache2/modules"

struct _PapersTestDav
{
  char  *dir;       /* configuration, logs, lock database */
  char  *folder;    /* what /dav/ serves */
  char  *url;
  GPid   pid;       /* leads its own process group */
  uid_t  uid;       /* whom the workers run as */
  gid_t  gid;
};

static const char *modules[] = {
  "mpm_event", "authn_core", "authn_file", "auth_basic", "authz_core", "authz_user",
  "dav", "dav_fs",
};

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
chown_tree (const char *path,
            uid_t       uid,
            gid_t       gid)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_assert_cmpint (lchown (path, uid, gid), ==, 0);
  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    return;
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      chown_tree (child, uid, gid);
    }
}

/**
 * papers_test_dav_own:
 * @path: a file or folder the test put under the served folder
 *
 * Gives it to the user the server's workers run as.
 */
void
papers_test_dav_own (PapersTestDav *dav,
                     const char    *path)
{
  chown_tree (path, dav->uid, dav->gid);
}

static void
child_setup (gpointer user_data)
{
  /* Its own process group, so the workers can be killed with it */
  setpgid (0, 0);
}

static gboolean
accepts_connections (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection =
    g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);

  return connection != NULL;
}

/**
 * papers_test_dav_start:
 *
 * Returns: (transfer full): a running server, or %NULL with
 *   %G_IO_ERROR_NOT_FOUND when Apache or its modules are not installed
 *   (the caller skips), or another error when it would not start
 */
PapersTestDav *
papers_test_dav_start (GError **error)
{
  g_autoptr(PapersTestDav) dav = NULL;
  g_autoptr(GString) conf = g_string_new (NULL);
  g_autofree char *conf_path = NULL, *passwd = NULL, *lock_dir = NULL, *www = NULL;
  g_autofree char *template = NULL, *log_path = NULL;
  const char *base = g_getenv ("PAPERS_TEST_TMPDIR");
  const char *argv[] = { APACHE, "-f", NULL, "-DFOREGROUND", NULL };
  const char *htpasswd_argv[] = { HTPASSWD, "-cb", NULL, PAPERS_TEST_DAV_USER, PAPERS_TEST_DAV_PASSWORD, NULL };
  gboolean as_root = geteuid () == 0;
  struct passwd *www_data = NULL;
  int status = 0;
  guint16 port;
  gint64 deadline;

  if (!g_file_test (APACHE, G_FILE_TEST_IS_EXECUTABLE) || !g_file_test (HTPASSWD, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "Apache httpd (%s) or htpasswd is not installed (Debian: apache2, apache2-utils)", APACHE);
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (modules); i++)
    {
      g_autofree char *so = g_strdup_printf (MODULES "/mod_%s.so", modules[i]);
      if (!g_file_test (so, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "Apache module %s is not installed", so);
          return NULL;
        }
    }

  dav = g_new0 (PapersTestDav, 1);
  dav->uid = geteuid ();
  dav->gid = getegid ();
  /* As root (the tests run as root in papers-env's root), Apache's
   * workers switch to an unprivileged user; they must be able to reach
   * and write the served folder and the lock database. */
  if (as_root)
    {
      www_data = getpwnam ("www-data");
      if (www_data == NULL)
        www_data = getpwnam ("nobody");
      if (www_data == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no unprivileged user for Apache's workers");
          return NULL;
        }
      dav->uid = www_data->pw_uid;
      dav->gid = www_data->pw_gid;
    }

  if (base != NULL)
    {
      /* The test's private folder is 0700; the workers must pass through */
      g_assert_cmpint (g_chmod (base, 0711), ==, 0);
      template = g_build_filename (base, "httpd-XXXXXX", NULL);
      dav->dir = g_mkdtemp (g_steal_pointer (&template));
    }
  else
    dav->dir = g_dir_make_tmp ("papers-httpd-XXXXXX", NULL);
  g_assert_nonnull (dav->dir);
  g_assert_cmpint (g_chmod (dav->dir, 0711), ==, 0);

  www = g_build_filename (dav->dir, "www", NULL);
  dav->folder = g_build_filename (www, "dav", NULL);
  lock_dir = g_build_filename (dav->dir, "lock", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dav->folder, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (lock_dir, 0755), ==, 0);
  chown_tree (www, dav->uid, dav->gid);
  chown_tree (lock_dir, dav->uid, dav->gid);

  passwd = g_build_filename (dav->dir, "htpasswd", NULL);
  htpasswd_argv[2] = passwd;
  if (!g_spawn_sync (NULL, (char **) htpasswd_argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, error) ||
      !g_spawn_check_wait_status (status, error))
    return NULL;
  g_assert_cmpint (g_chmod (passwd, 0644), ==, 0);

  port = free_port ();
  log_path = g_build_filename (dav->dir, "error.log", NULL);
  g_string_append_printf (conf, "ServerRoot \"%s\"\n", dav->dir);
  g_string_append_printf (conf, "ServerName 127.0.0.1\nListen 127.0.0.1:%u\n", port);
  g_string_append_printf (conf, "PidFile \"%s/httpd.pid\"\nDefaultRuntimeDir \"%s\"\n", dav->dir, dav->dir);
  g_string_append_printf (conf, "ErrorLog \"%s\"\nLogLevel warn\n", log_path);
  g_string_append_printf (conf, "Mutex file:%s default\n", dav->dir);
  for (guint i = 0; i < G_N_ELEMENTS (modules); i++)
    g_string_append_printf (conf, "LoadModule %s_module " MODULES "/mod_%s.so\n", modules[i], modules[i]);
  if (as_root)
    g_string_append_printf (conf, "User #%u\nGroup #%u\n", (guint) dav->uid, (guint) dav->gid);
  /* One worker process, so killing the group stops every transfer */
  g_string_append (conf, "StartServers 1\nServerLimit 1\nThreadsPerChild 8\nMaxRequestWorkers 8\n");
  g_string_append (conf, "Timeout 30\nKeepAlive On\n");
  g_string_append_printf (conf, "DavLockDB \"%s/DavLock\"\n", lock_dir);
  g_string_append_printf (conf, "DocumentRoot \"%s\"\n", www);
  g_string_append_printf (conf,
                          "<Directory \"%s\">\n"
                          "  Dav On\n"
                          "  AuthType Basic\n"
                          "  AuthName \"Papers test\"\n"
                          "  AuthBasicProvider file\n"
                          "  AuthUserFile \"%s\"\n"
                          "  Require valid-user\n"
                          "</Directory>\n", www, passwd);
  conf_path = g_build_filename (dav->dir, "httpd.conf", NULL);
  g_assert_true (g_file_set_contents (conf_path, conf->str, -1, NULL));

  argv[2] = conf_path;
  if (!g_spawn_async (dav->dir, (char **) argv, NULL,
                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                      child_setup, NULL, &dav->pid, error))
    return NULL;

  /* Ready once it accepts connections; a server that exits says why in
   * its log.  Apache has no readiness notification to wait for, so this
   * polls, within the usual safety limit. */
  deadline = g_get_monotonic_time () +
             (gint64) (PAPERS_TEST_WAIT_LIMIT * papers_test_timeout_multiplier () * G_USEC_PER_SEC);
  while (!accepts_connections (port))
    {
      if (waitpid (dav->pid, &status, WNOHANG) == dav->pid || g_get_monotonic_time () > deadline)
        {
          g_autofree char *log = NULL;

          g_file_get_contents (log_path, &log, NULL, NULL);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Apache did not start: %s", log ? log : "(no log)");
          dav->pid = 0;
          return NULL;
        }
      g_usleep (10 * 1000);
    }

  dav->url = g_strdup_printf ("http://127.0.0.1:%u/dav/", port);
  return g_steal_pointer (&dav);
}

const char *
papers_test_dav_get_url (PapersTestDav *dav)
{
  return dav->url;
}

/* The folder on disk that the server's /dav/ is */
const char *
papers_test_dav_get_folder (PapersTestDav *dav)
{
  return dav->folder;
}

static void
signal_and_reap (PapersTestDav *dav,
                 int            signum)
{
  if (dav->pid <= 0)
    return;
  kill (-dav->pid, signum);
  while (waitpid (dav->pid, NULL, 0) < 0 && errno == EINTR)
    ;
  /* The workers, if the parent went first */
  kill (-dav->pid, SIGKILL);
  g_spawn_close_pid (dav->pid);
  dav->pid = 0;
}

/**
 * papers_test_dav_kill:
 *
 * Kills the server and its workers at once, in the middle of whatever
 * they are doing (a crash, a power cut).
 */
void
papers_test_dav_kill (PapersTestDav *dav)
{
  signal_and_reap (dav, SIGKILL);
}

static gboolean
remove_tree (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children =
    g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;

  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);
      remove_tree (child);
      g_object_unref (info);
    }
  return g_remove (path) == 0;
}

void
papers_test_dav_stop (PapersTestDav *dav)
{
  if (dav == NULL)
    return;
  signal_and_reap (dav, SIGTERM);
  if (dav->dir != NULL)
    remove_tree (dav->dir);
  g_free (dav->dir);
  g_free (dav->folder);
  g_free (dav->url);
  g_free (dav);
}
