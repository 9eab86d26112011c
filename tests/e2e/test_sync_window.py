#!/usr/bin/env python3
"""Sync in the window: two devices (two app instances, each with private XDG
folders, a D-Bus session of its own and GNOME Keyring on it), one real Apache
mod_dav server.  Each is set up through Preferences → Sync by typing into its
rows; a tag and a note made on one reach the other after Sync Now on both; a
wrong passphrase says so in the page; a note edited on both devices offers
the choice in the paper's page, and the choice reaches the other device."""

import json
import os
import shutil
import subprocess
import tempfile
import time

import papers_e2e  # first: it sets up dogtail's environment

import dav_server
import pyatspi
from dogtail import rawinput, tree
from gi.repository import Gio, GLib

TITLE = "Synchronised Attention Across Devices"
BIBTEX = """
@article{sync2024,
  title = {%s},
  author = {Ada Lovelace},
  year = {2024},
  eprint = {2410.00042},
  archivePrefix = {arXiv},
}
""" % TITLE
PAPER_ID = "2410.00042"
TAG = "synced-tag"
EXTRA_TAGS = ["second-tag", "third-tag"]
NOTE = "read section three again"
PASSPHRASE = "a long passphrase for both devices"
KEYRING_PASSWORD = "keyring password"


def a11y_bus_address():
    """The accessibility bus of the test's session, which both devices'
    apps join so that one dogtail sees them both."""
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    reply = bus.call_sync("org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress", None,
                          GLib.VariantType.new("(s)"), Gio.DBusCallFlags.NONE, -1, None)
    return reply.unpack()[0]


class DeviceApp(papers_e2e.App):
    """One device's app: found on the accessibility bus by its process id,
    since both devices' apps have the same name."""

    def start(self, timeout=20.0):
        env = dict(os.environ)
        env["GSETTINGS_BACKEND"] = papers_e2e.APP_SETTINGS_BACKEND
        env.update(self.extra_env)
        self.proc = subprocess.Popen([papers_e2e.papers_bin()], env=env)

        def find():
            if self.proc.poll() is not None:
                raise AssertionError("papers exited early with %d" % self.proc.returncode)
            for app in tree.root.applications():
                if app.name == papers_e2e.APP_NAME and app.get_process_id() == self.proc.pid:
                    return app
            return None
        self.node = papers_e2e.wait_for(find, timeout, what="the device's app on the a11y bus")
        return self


class Device:
    """A home of its own (XDG folders), a session bus of its own (so each
    app is its own unique application) with a GNOME Keyring unlocked on
    it."""

    def __init__(self, name, a11y):
        base = os.environ.get("PAPERS_TEST_TMPDIR")
        self.home = tempfile.mkdtemp(prefix="device-%s-" % name, dir=base)
        self.env = {"HOME": self.home}
        for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                         ("XDG_CACHE_HOME", "cache"), ("XDG_RUNTIME_DIR", "runtime")):
            path = os.path.join(self.home, sub)
            os.makedirs(path, mode=0o700)
            self.env[var] = path
        env = self.full_env()
        self.bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                                    stdout=subprocess.PIPE, text=True, env=env)
        self.env["DBUS_SESSION_BUS_ADDRESS"] = self.bus.stdout.readline().strip()
        self.env["AT_SPI_BUS_ADDRESS"] = a11y
        # The login keyring, made and unlocked with a password on standard
        # input, as a session's login does
        self.keyring = subprocess.Popen(["gnome-keyring-daemon", "--foreground", "--unlock",
                                         "--components=secrets"],
                                        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, env=self.full_env(), text=True)
        self.keyring.stdin.write(KEYRING_PASSWORD)
        self.keyring.stdin.close()
        papers_e2e.wait_for(self.keyring_ready, what="the keyring on device %s" % name)
        self.app = None

    def full_env(self):
        env = dict(os.environ)
        env.update(self.env)
        return env

    def keyring_ready(self):
        result = subprocess.run(["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
                                 "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner",
                                 "string:org.freedesktop.secrets"],
                                env=self.full_env(), capture_output=True, text=True)
        return "boolean true" in result.stdout

    def cli(self, *args, extra=None):
        env = self.full_env()
        env.update(extra or {})
        return subprocess.run([papers_e2e.papers_bin()] + list(args), env=env, check=True,
                              capture_output=True, text=True, timeout=60).stdout

    def paper(self):
        for paper in json.loads(self.cli("search", "Synchronised", "--json")):
            if paper["id"] == PAPER_ID:
                return paper
        return None

    def start(self):
        self.app = DeviceApp(env=self.env).start()
        return self.app

    def activate(self):
        """Brings this device's window to the front, where the keyboard
        goes (both windows sit at the screen's origin): running the app
        again in its session activates the running one, which presents its
        window."""
        subprocess.run([papers_e2e.papers_bin()], env=dict(self.full_env(), GSETTINGS_BACKEND=papers_e2e.APP_SETTINGS_BACKEND),
                       check=True, timeout=60, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)

    def stop(self):
        if self.app is not None:
            self.app.kill()
        for proc in (self.keyring, self.bus):
            if proc.poll() is None:
                proc.terminate()
                proc.wait()
        shutil.rmtree(self.home, ignore_errors=True)


def row_entry(app, root, title):
    return app.find_where(lambda n: n.name == title and "text" in n.roleName, root=root,
                          what="the %s row" % title)


def pointer_click(node):
    """A click at the node's middle (the window sits at the screen's
    origin, so window coordinates are the screen's): for rows, which have
    no accessible action."""
    x, y, width, height = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    rawinput.click(x + width // 2, y + height // 2)


def type_into(app, root, title, text):
    """Clicks into the row and types, as a reader does."""
    entry = row_entry(app, root, title)
    pointer_click(entry)
    papers_e2e.wait_for(lambda: entry.focused, what="the %s row focused" % title)
    app.key("<Control>a")
    app.type(text)


def open_sync_page(app):
    app.key("<Control>comma")
    prefs = app.find("dialog", "Preferences")
    # The page switcher is a tab list
    tab = app.find("page tab", "Sync", root=prefs)
    if tab.actions:
        app.click(tab)
    else:
        tabs = app.find_where(lambda n: n.roleName == "page tab list" and
                              any(c.name == "Sync" for c in n.children), root=prefs, what="the page tabs")
        app.select(tabs, "Sync")
    row_entry(app, prefs, "Server Address")
    return prefs


def close_prefs(app, prefs):
    app.click(app.find("button", "Close", root=prefs))
    app.absent("dialog", "Preferences")


def sync_now(app, prefs):
    pointer_click(app.find("button", "Sync Now", root=prefs))


def set_up(app, url, passphrase):
    prefs = open_sync_page(app)
    type_into(app, prefs, "Server Address", url)
    type_into(app, prefs, "User Name", dav_server.USER)
    type_into(app, prefs, "Password", dav_server.PASSWORD)
    type_into(app, prefs, "Passphrase", passphrase)
    return prefs


def apply_buttons(prefs):
    """The rows' apply buttons on show."""
    return prefs.findChildren(lambda n: n.roleName == "button" and n.name == "Apply", showingOnly=True)


def children_cpu_s(pid):
    """CPU time of the children @pid has waited for (utime + stime of
    /proc/PID/stat's cutime and cstime): a `papers-reader sync` child per
    round would add its key derivation here."""
    with open("/proc/%d/stat" % pid, encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


def wait_synced(app, prefs):
    papers_e2e.wait_for(lambda: prefs.findChild(lambda n: n.roleName == "label" and n.name == "Never",
                                                retry=False, requireResult=False, showingOnly=True) is None,
                        timeout=60, what="Last Synced to say when")
    app.find("label", "None", root=prefs)


def open_paper(app, window):
    sidebar = app.find("list", "Sources and Library", root=window)
    app.select(sidebar, "All Papers")
    papers = app.find(papers_e2e.PAPER_LIST, "Papers", root=window)
    app.select(papers, TITLE, timeout=30)
    papers_e2e.wait_for(lambda: len(window.findChildren(lambda n: n.roleName == "label" and n.name == TITLE,
                                                        showingOnly=True)) >= 1,
                        what="the paper's page")


def write_note(app, window, text):
    app.key("<Control>e")
    note = app.find("text", "Note", root=window)
    papers_e2e.wait_for(lambda: note.focused, what="the note focused")
    app.key("<Control>a")
    app.type(text)
    return note


def test_sync_window(start):
    reason = dav_server.available()
    if reason:
        papers_e2e.skip(reason)
    if shutil.which("gnome-keyring-daemon") is None:
        papers_e2e.skip("gnome-keyring-daemon is not installed (Debian: gnome-keyring)")
    dav = dav_server.DavServer().start()
    a11y = a11y_bus_address()
    devices = []
    try:
        a = Device("a", a11y)
        devices.append(a)
        b = Device("b", a11y)
        devices.append(b)
        with tempfile.TemporaryDirectory() as tmp:
            bib = os.path.join(tmp, "papers.bib")
            with open(bib, "w", encoding="utf-8") as f:
                f.write(BIBTEX)
            a.cli("import", bib)

        print("# Device A: a tag and a note, then set up and Sync Now", flush=True)
        # Device A: a tag and a note, then set up and Sync Now
        app_a = a.start()
        win_a = app_a.window("Papers")
        open_paper(app_a, win_a)
        app_a.add_tag(win_a, TAG)
        write_note(app_a, win_a, NOTE)
        papers_e2e.wait_for(lambda: (a.paper() or {}).get("note") == NOTE, what="the note saved on A")
        prefs_a = set_up(app_a, dav.url, PASSPHRASE)
        assert apply_buttons(prefs_a), "no apply button after typing"
        sync_now(app_a, prefs_a)
        wait_synced(app_a, prefs_a)
        # Sync Now saved every row: none keeps its apply button
        papers_e2e.wait_for(lambda: not apply_buttons(prefs_a), what="the apply buttons hidden")
        app_a.screenshot("sync-preferences")
        close_prefs(app_a, prefs_a)

        print("# The command line reads the window's secrets from the keyring", flush=True)
        # The command line reads the window's secrets from the keyring
        # (the settings are the app's memory backend here: the address and
        # user come from the variables, the secrets from the keyring)
        env = {"PAPERS_SYNC_URL": dav.url, "PAPERS_SYNC_USER": dav_server.USER}
        stats = json.loads(a.cli("sync", "--json", extra=env))
        assert stats["sent"] == 0 and stats["conflicts"] == 0, stats

        print("# Two more edits on A reach the server from the window's own process", flush=True)
        # Rounds run in the window's process: no child is started (its
        # key derivation would show as children's CPU time), and the
        # rounds after the first need no key derivation (~1 s)
        children = children_cpu_s(app_a.proc.pid)
        for tag in EXTRA_TAGS:
            app_a.add_tag(win_a, tag)
            prefs_a = open_sync_page(app_a)
            # (not waited for: the automatic round 10 s after the edit
            # may have sent it already when the page is slow to open)
            started = time.monotonic()
            sync_now(app_a, prefs_a)
            app_a.find("label", "None", root=prefs_a, timeout=60)
            print("# round in the window: %.0f ms (with the accessibility round trips)" %
                  ((time.monotonic() - started) * 1000), flush=True)
            close_prefs(app_a, prefs_a)
        assert children_cpu_s(app_a.proc.pid) - children < 0.3, "a child process ran a round"
        stats = json.loads(a.cli("sync", "--json", extra=env))
        assert stats["sent"] == 0, stats

        print("# Device B: plain HTTP to another computer is refused, then a wrong passphrase", flush=True)
        # Device B: plain HTTP to another computer is refused, then a wrong
        # passphrase, each named in the page
        app_b = b.start()
        win_b = app_b.window("Papers")
        prefs_b = set_up(app_b, "http://example.org/dav/", "not the passphrase")
        sync_now(app_b, prefs_b)
        app_b.find("label", "The sync server’s address must start with https:// (plain http:// only to this "
                   "computer).", root=prefs_b, timeout=60)
        type_into(app_b, prefs_b, "Server Address", dav.url)
        sync_now(app_b, prefs_b)
        app_b.find("label", "The passphrase is not the one this library was encrypted with.", root=prefs_b,
                   timeout=60)
        app_b.screenshot("sync-wrong-passphrase")
        print("# The header's status button says so too", flush=True)
        # The header's status button says so too
        close_prefs(app_b, prefs_b)
        app_b.find_where(lambda n: n.name == "Sync Failed" and "button" in n.roleName, root=win_b,
                         what="the sync status button")

        print("# The right one: the paper comes with its tag and note", flush=True)
        # The right one: the paper comes with its tag and note
        prefs_b = open_sync_page(app_b)
        type_into(app_b, prefs_b, "Passphrase", PASSPHRASE)
        sync_now(app_b, prefs_b)
        wait_synced(app_b, prefs_b)
        close_prefs(app_b, prefs_b)
        papers_e2e.wait_for(lambda: win_b.findChild(lambda n: n.name == "Sync Failed" and "button" in n.roleName,
                                                    retry=False, requireResult=False, showingOnly=True) is None,
                            what="the sync status button hidden")
        open_paper(app_b, win_b)
        app_b.find(None, "Remove Tag “%s”" % TAG, root=win_b)
        note_b = app_b.find("text", "Note", root=win_b)
        papers_e2e.wait_for(lambda: app_b.text_of(note_b) == NOTE, what="A's note on B")
        paper = b.paper()
        assert sorted(paper["tags"]) == sorted([TAG] + EXTRA_TAGS) and paper["note"] == NOTE, paper

        print("# The note edited on both devices before either syncs", flush=True)
        # The note edited on both devices before either syncs
        a.activate()
        write_note(app_a, win_a, "A's version")
        papers_e2e.wait_for(lambda: a.paper()["note"] == "A's version", what="A's edit saved")
        b.activate()
        write_note(app_b, win_b, "B's version")
        papers_e2e.wait_for(lambda: b.paper()["note"] == "B's version", what="B's edit saved")
        a.activate()
        prefs_a = open_sync_page(app_a)
        sync_now(app_a, prefs_a)
        papers_e2e.wait_for(lambda: "A's version" in a.cli("conflicts") or
                            prefs_a.findChild(lambda n: n.name == "None" and n.roleName == "label",
                                              retry=False, requireResult=False) is not None,
                            timeout=60, what="A's round")
        close_prefs(app_a, prefs_a)
        b.activate()
        prefs_b = open_sync_page(app_b)
        sync_now(app_b, prefs_b)
        papers_e2e.wait_for(lambda: "A's version" in b.cli("conflicts"), timeout=60, what="the conflict on B")
        close_prefs(app_b, prefs_b)
        app_b.find("button", "Keep Both", root=win_b, timeout=30)
        app_b.find("label", "A's version", root=win_b)
        app_b.find("label", "B's version", root=win_b)
        app_b.screenshot("sync-note-conflict")
        # (the versions are rebuilt when a round lists the conflicts again)
        papers_e2e.wait_for(lambda: app_b.click(app_b.find("button", "Keep Both", root=win_b)) or True,
                            what="Keep Both clicked")
        app_b.absent("button", "Keep Both", root=win_b)
        papers_e2e.wait_for(lambda: "\n\n" in (b.paper()["note"] or ""), what="both versions kept on B")
        kept = b.paper()["note"]
        assert "A's version" in kept and "B's version" in kept, kept

        print("# The choice reaches A", flush=True)
        # The choice reaches A
        prefs_b = open_sync_page(app_b)
        sync_now(app_b, prefs_b)
        papers_e2e.wait_for(lambda: b.cli("conflicts").strip() == "", timeout=60, what="no conflict left on B")
        close_prefs(app_b, prefs_b)
        a.activate()
        prefs_a = open_sync_page(app_a)
        sync_now(app_a, prefs_a)
        papers_e2e.wait_for(lambda: a.paper()["note"] == kept, timeout=60, what="the choice on A")
        assert a.cli("conflicts").strip() == ""
        close_prefs(app_a, prefs_a)

        print("# Quitting while configured is clean on both", flush=True)
        # Quitting while configured is clean on both
        for device in (a, b):
            device.activate()
            device.app.key("<Control>q")
            assert device.app.wait_exit() == 0
    finally:
        for device in devices:
            device.stop()
        dav.stop()


if __name__ == "__main__":
    papers_e2e.run(test_sync_window)
