"""A real WebDAV server for the end-to-end tests: Apache httpd (Debian's
apache2) with mod_dav, mod_dav_fs and basic authentication on a free
loopback port, configured in a temporary folder of its own; the same
server tests/sync/papers-test-dav.c starts for the C tests."""

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time

APACHE = "/usr/sbin/apache2"
HTPASSWD = "/usr/bin/htpasswd"
MODULES = "/usr/lib/apache2/modules"
USER = "ada"
PASSWORD = "correct horse battery"
_MODULES = ("mpm_event", "authn_core", "authn_file", "auth_basic", "authz_core", "authz_user",
            "dav", "dav_fs")


def available():
    """None when Apache and its modules are installed, else why not."""
    for path in [APACHE, HTPASSWD] + ["%s/mod_%s.so" % (MODULES, m) for m in _MODULES]:
        if not os.path.exists(path):
            return "%s is not installed (Debian: apache2, apache2-utils)" % path
    return None


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _chown_tree(path, uid, gid):
    os.lchown(path, uid, gid)
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            os.lchown(os.path.join(root, name), uid, gid)


class DavServer:
    def __init__(self):
        self.dir = None
        self.proc = None
        self.url = None

    def start(self, timeout=20.0):
        base = os.environ.get("PAPERS_TEST_TMPDIR")
        if base:
            # The test's private folder is 0700; the workers pass through
            os.chmod(base, 0o711)
        self.dir = tempfile.mkdtemp(prefix="httpd-", dir=base)
        os.chmod(self.dir, 0o711)
        www = os.path.join(self.dir, "www")
        folder = os.path.join(www, "dav")
        lock = os.path.join(self.dir, "lock")
        os.makedirs(folder)
        os.makedirs(lock)
        as_root = os.geteuid() == 0
        uid, gid = os.geteuid(), os.getegid()
        if as_root:
            # Apache's workers switch to an unprivileged user
            try:
                entry = pwd.getpwnam("www-data")
            except KeyError:
                entry = pwd.getpwnam("nobody")
            uid, gid = entry.pw_uid, entry.pw_gid
        _chown_tree(www, uid, gid)
        _chown_tree(lock, uid, gid)
        passwd = os.path.join(self.dir, "htpasswd")
        subprocess.run([HTPASSWD, "-cb", passwd, USER, PASSWORD], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.chmod(passwd, 0o644)

        port = _free_port()
        log = os.path.join(self.dir, "error.log")
        conf = [
            'ServerRoot "%s"' % self.dir,
            "ServerName 127.0.0.1",
            "Listen 127.0.0.1:%d" % port,
            'PidFile "%s/httpd.pid"' % self.dir,
            'DefaultRuntimeDir "%s"' % self.dir,
            'ErrorLog "%s"' % log,
            "LogLevel warn",
            "Mutex file:%s default" % self.dir,
        ]
        conf += ["LoadModule %s_module %s/mod_%s.so" % (m, MODULES, m) for m in _MODULES]
        if as_root:
            conf += ["User #%d" % uid, "Group #%d" % gid]
        conf += [
            "StartServers 1", "ServerLimit 1", "ThreadsPerChild 8", "MaxRequestWorkers 8",
            "Timeout 30", "KeepAlive On",
            'DavLockDB "%s/DavLock"' % lock,
            'DocumentRoot "%s"' % www,
            '<Directory "%s">' % www,
            "  Dav On", "  AuthType Basic", '  AuthName "Papers test"', "  AuthBasicProvider file",
            '  AuthUserFile "%s"' % passwd, "  Require valid-user",
            "</Directory>",
        ]
        path = os.path.join(self.dir, "httpd.conf")
        with open(path, "w") as f:
            f.write("\n".join(conf) + "\n")
        # Its own process group, so the workers stop with it
        self.proc = subprocess.Popen([APACHE, "-f", path, "-DFOREGROUND"], cwd=self.dir,
                                     stdout=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    with open(log) as f:
                        raise AssertionError("Apache did not start: " + f.read())
                time.sleep(0.05)
        self.url = "http://127.0.0.1:%d/dav/" % port
        return self

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
