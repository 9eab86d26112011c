#!/usr/bin/env python3
"""Preferences → "Check for new papers in the background".  Outside
Flatpak, turning it on writes an XDG autostart file starting
`papers-reader --background` at login and turning it off removes it.
Inside Flatpak (the test-only $PAPERS_TEST_BACKGROUND_PORTAL=1 stands for
/.flatpak-info) Papers asks org.freedesktop.portal.Background instead, a
fake one on the test session bus here: when it grants, the preference
stays on and nothing is written; when it refuses, the preference goes back
off and the row says why."""

import os
import subprocess

import papers_e2e  # (first: it readies dogtail)
from gi.repository import GLib

from bus_service import BusService

TITLE = "Check for new papers in the background"

PORTAL_XML = """
<node>
  <interface name="org.freedesktop.portal.Background">
    <method name="RequestBackground">
      <arg type="s" direction="in"/><arg type="a{sv}" direction="in"/><arg type="o" direction="out"/>
    </method>
  </interface>
</node>
"""


class FakeBackgroundPortal(BusService):
    """org.freedesktop.portal.Desktop's Background interface, answering
    each request with a Response on its request path, granting or
    refusing as self.grant says"""

    NAME = "org.freedesktop.portal.Desktop"
    PATH = "/org/freedesktop/portal/desktop"
    XML = PORTAL_XML

    def __init__(self):
        super().__init__()
        self.grant = True
        self.requests = []

    def call(self, connection, sender, path, iface, method, params, invocation):
        parent, options = params.unpack()
        handle = "/org/freedesktop/portal/desktop/request/%s/%s" % (
            sender[1:].replace(".", "_"), options.get("handle_token", "t"))
        with self.lock:
            self.requests.append(options)
            grant = self.grant
        invocation.return_value(GLib.Variant("(o)", (handle,)))
        if grant:
            answer = (0, {"background": GLib.Variant("b", True),
                          "autostart": GLib.Variant("b", bool(options.get("autostart")))})
        else:
            answer = (1, {})
        # After the reply, as xdg-desktop-portal answers once the user chose
        connection.emit_signal(sender, handle, "org.freedesktop.portal.Request", "Response",
                               GLib.Variant("(ua{sv})", answer))

    def count(self):
        with self.lock:
            return len(self.requests)


def autostart_file():
    app_id = os.environ.get("PAPERS_APP_ID", "org.example.Papers")
    return os.path.join(os.environ["XDG_CONFIG_HOME"], "autostart", app_id + ".desktop")


def preference(app):
    app.key("<Control>comma")
    prefs = app.find("dialog", "Preferences")
    # The row's switch, named by the row's title
    row = app.find_where(lambda n: n.name == TITLE and n.roleName != "label" and
                         set(n.actions) & {"click", "activate", "press", "toggle"},
                         root=prefs, showing=False, what="the background switch")
    print("# the switch: %s %r" % (row.roleName, list(row.actions)))
    return prefs, row


def toggle(app, row, wanted):
    app.click(row)
    papers_e2e.wait_for(lambda: app.pressed(row) == wanted, what="the switch %s" % wanted)


def close(app):
    """Closes Preferences (a first Escape may go to its toast)"""
    for _ in range(3):
        app.key("Escape")
        try:
            app.absent("dialog", "Preferences", timeout=3)
            return
        except AssertionError:
            pass
    raise AssertionError("Preferences did not close")


def test_background_pref(start):
    path = autostart_file()

    # Outside Flatpak: the XDG autostart file
    app = start()
    app.window()
    prefs, row = preference(app)
    assert not app.pressed(row), "on by default"
    toggle(app, row, True)
    papers_e2e.wait_for(lambda: os.path.exists(path), what="the autostart file")
    with open(path, encoding="utf-8") as f:
        entry = f.read()
    print("# autostart entry:\n# " + entry.strip().replace("\n", "\n# "))
    assert "\nExec=" in entry and entry.split("\nExec=")[1].split("\n")[0].endswith(" --background"), entry
    checked = subprocess.run(["desktop-file-validate", path], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    app.screenshot("background-pref-on")
    toggle(app, row, False)
    papers_e2e.wait_for(lambda: not os.path.exists(path), what="the autostart file removed")
    app.key("Escape")
    app.absent("dialog", "Preferences")
    app.key("<Control>q")
    assert app.wait_exit() == 0

    # Inside Flatpak: the Background portal
    portal = FakeBackgroundPortal().start()
    app = start(env={"PAPERS_TEST_BACKGROUND_PORTAL": "1"})
    app.window()
    prefs, row = preference(app)
    toggle(app, row, True)
    papers_e2e.wait_for(lambda: portal.count() == 1, what="the portal asked")
    asked = portal.requests[0]
    print("# portal asked: %r" % asked)
    assert asked["autostart"] is True, asked
    assert asked["commandline"] == ["papers-reader", "--background"], asked
    assert asked.get("reason"), asked
    # Granted: stays on, and the portal, not Papers, writes the autostart entry
    papers_e2e.wait_for(lambda: app.pressed(row), what="the switch still on")
    assert not os.path.exists(path), "wrote an autostart file inside Flatpak"
    toggle(app, row, False)
    papers_e2e.wait_for(lambda: portal.count() == 2, what="the portal asked to stop")
    assert portal.requests[1]["autostart"] is False, portal.requests[1]

    # Refused: back off, saying why
    portal.grant = False
    app.click(row)
    papers_e2e.wait_for(lambda: portal.count() == 3, what="the portal asked again")
    papers_e2e.wait_for(lambda: not app.pressed(row), what="the switch back off")
    app.find_where(lambda n: "not allowed to run in the background" in (n.name or "") or
                   "not allowed to run in the background" in (n.description or ""),
                   root=prefs, showing=False, what="the reason")
    app.screenshot("background-pref-refused")
    # Nothing more asked: turning it back off was the refusal itself
    assert portal.count() == 3, portal.requests
    assert not os.path.exists(path)
    close(app)
    app.key("<Control>q")
    assert app.wait_exit() == 0


if __name__ == "__main__":
    papers_e2e.run(test_background_pref)
