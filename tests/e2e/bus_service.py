"""A D-Bus service the tests stand up on the private session bus: it owns
a well-known name and serves one interface at one path from a thread of
its own, so the test can wait and assert while it answers the app."""

import threading

from gi.repository import Gio, GLib


class BusService:
    """Subclasses set NAME, PATH and XML (one interface) and define
    call(connection, sender, path, interface, method, parameters, invocation)."""

    NAME = None
    PATH = None
    XML = None

    def __init__(self):
        self.lock = threading.Lock()
        self.context = GLib.MainContext.new()
        self.loop = GLib.MainLoop.new(self.context, False)
        self.owned = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        self.context.push_thread_default()
        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        info = Gio.DBusNodeInfo.new_for_xml(self.XML)
        bus.register_object(self.PATH, info.interfaces[0], self.call, None, None)
        reply = bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                              "RequestName", GLib.Variant("(su)", (self.NAME, 4)),
                              GLib.VariantType("(u)"), Gio.DBusCallFlags.NONE, -1, None)
        assert reply.unpack()[0] == 1, reply
        self.owned.set()
        self.loop.run()

    def start(self):
        self.thread.start()
        assert self.owned.wait(30), "%s did not start" % self.NAME
        return self
