"""Shared helper for Papers' end-to-end tests.

Each test runs under tests/run-headless (Xvfb, a private D-Bus session with
accessibility switched on) and tests/test-env.sh (private XDG folders).  The
helper starts the real `papers-reader` binary with its own environment, finds its
window through the accessibility tree, drives it with dogtail and saves
screenshots into the build directory.
"""

import os
import shlex
import subprocess
import sys
import time
import traceback

# dogtail reads its configuration at import; keep its own delays short and
# its logs out of the user's home.
os.environ.setdefault("DOGTAIL_DEBUG", "0")

# dogtail checks that accessibility is on in the session's dconf database,
# which run-headless switched on; the app itself keeps the backend the test
# environment chose (memory), so no test touches real settings.
APP_SETTINGS_BACKEND = os.environ.get("GSETTINGS_BACKEND", "memory")
os.environ["GSETTINGS_BACKEND"] = "dconf"

from dogtail import config  # noqa: E402

config.config.logDebugToFile = False
config.config.logDebugToStdOut = False
config.config.searchCutoffCount = 20
config.config.searchBackoffDuration = 0.25
config.config.actionDelay = 0.2
config.config.typingDelay = 0.02
config.config.defaultDelay = 0.3

import pyatspi  # noqa: E402
from dogtail import rawinput, tree  # noqa: E402

APP_NAME = "papers-reader"
# The paper list is a one-column grid (a GtkGridView keeps 30 rows bound
# where a GtkListView keeps 200): a table of cells to assistive technologies.
PAPER_LIST = "table"
PAPER_ROW = "table cell"


def timeout_multiplier():
    """How much slower than a plain build this one runs:
    $PAPERS_TEST_TIMEOUT_MULTIPLIER, which tests/meson.build sets for the
    sanitizers and the valgrind setup for memcheck, the factor their meson
    timeouts have too.  Every safety limit here is multiplied by it."""
    try:
        value = float(os.environ.get("PAPERS_TEST_TIMEOUT_MULTIPLIER", "1"))
    except ValueError:
        return 1.0
    # (NaN fails the comparison too)
    return value if value >= 1 else 1.0


TIMEOUT_MULTIPLIER = timeout_multiplier()


def build_dir():
    return os.environ.get("PAPERS_BUILD_DIR", os.getcwd())


def papers_bin():
    return os.environ.get("PAPERS_BIN", os.path.join(build_dir(), "src", "papers-reader"))


def cli_output(*args):
    """What `papers-reader VERB …` prints about the test's library: the command
    line reads what the app has written, in a process of its own."""
    return subprocess.run([papers_bin()] + list(args), check=True, capture_output=True, text=True,
                          timeout=60 * TIMEOUT_MULTIPLIER).stdout


def without_leak_check():
    """Environment for an app that pops a page off an AdwNavigationView.

    GTK 4.18.6 / libadwaita 1.7.6 leak the render nodes of a page popped
    before its window is destroyed (a 40-line program with only an
    AdwNavigationSplitView does it too; every leaked object is a
    GskRenderNode made by gtk_snapshot_pop() under the navigation view's
    snapshot).  Under the fast unwinder the sanitized e2e suite uses, those
    reports stop at g_malloc0, so no suppression could name them without
    hiding every other leak: such an app runs without the leak check, and
    tests check leaks in the instances that pop nothing."""
    options = os.environ.get("ASAN_OPTIONS")
    if not options:
        return {}
    return {"ASAN_OPTIONS": options.replace("detect_leaks=1", "detect_leaks=0")}


def wait_for(condition, timeout=15.0, interval=0.1, what="condition"):
    """Polls condition() until it returns something true; returns that.

    The app is another process, seen through AT-SPI: there is no event to
    sleep on, so this polls.  `timeout` is a safety limit for a plain build,
    multiplied by TIMEOUT_MULTIPLIER; a wait normally ends long before."""
    timeout *= TIMEOUT_MULTIPLIER
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except Exception as e:  # the a11y tree changes under us
            last_error = e
        time.sleep(interval)
    raise AssertionError("timed out after %.0f s waiting for %s (last error: %r)" % (timeout, what, last_error))


def accessible_name(node):
    """The node's name, or the text of the nodes it is labelled by.

    GTK 4.18 gives popover menu items an empty name and a labelled-by
    relation to their label, whose text is the visible name."""
    if node.name:
        return node.name
    try:
        for relation in node.get_relation_set():
            if relation.get_relation_type() != pyatspi.RELATION_LABELLED_BY:
                continue
            parts = []
            for i in range(relation.get_n_targets()):
                target = relation.get_target(i)
                try:
                    parts.append(target.queryText().getText(0, -1))
                except Exception:
                    parts.append(target.name or "")
            return " ".join(p for p in parts if p)
    except Exception:
        pass
    return ""


def import_papers(papers):
    """Adds papers to the test's library before the app starts, through
    `papers-reader import` of a BibTeX file: `papers` is a list of (title, year)."""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        bib = os.path.join(tmp, "papers.bib")
        with open(bib, "w", encoding="utf-8") as out:
            for i, (title, year) in enumerate(papers):
                out.write("@article{paper%d,\n  title = {%s},\n  author = {Lovelace, Ada},\n"
                          "  year = {%d},\n}\n\n" % (i, title, year))
        subprocess.run([papers_bin(), "import", bib], check=True, stdout=subprocess.DEVNULL)


def matches(node, role, name):
    if role is not None and node.roleName != role:
        return False
    return name is None or accessible_name(node) == name


class App:
    """The papers process and its accessible application node."""

    def __init__(self, args=(), env=None):
        self.args = list(args)
        self.extra_env = dict(env or {})
        self.proc = None
        self.node = None

    def start(self, timeout=20.0):
        # PAPERS_CMD runs the app some other way, e.g. "flatpak run org.example.Papers".
        if os.environ.get("PAPERS_CMD"):
            command = shlex.split(os.environ["PAPERS_CMD"])
        else:
            command = [papers_bin()]
        env = dict(os.environ)
        env["GSETTINGS_BACKEND"] = APP_SETTINGS_BACKEND
        env.update(self.extra_env)
        self.proc = subprocess.Popen(command + self.args, env=env)

        def find():
            if self.proc.poll() is not None:
                raise AssertionError("papers exited early with %d" % self.proc.returncode)
            for app in tree.root.applications():
                if app.name == APP_NAME:
                    return app
            return None

        self.node = wait_for(find, timeout, what="the papers application on the a11y bus")
        return self

    def window(self, name="Papers", timeout=15.0):
        """The top-level window whose accessible name is `name`."""
        def find():
            for child in self.node.children:
                if child.name == name and child.roleName in ("frame", "window", "dialog"):
                    return child
            return None
        return wait_for(find, timeout, what="window %r" % name)

    def find(self, role=None, name=None, root=None, timeout=10.0, showing=True):
        """A descendant by role and accessible name."""
        root = root or self.node

        def search():
            return root.findChild(lambda n: matches(n, role, name),
                                  retry=False, requireResult=False, showingOnly=showing)
        return wait_for(search, timeout, what="%s %r" % (role or "node", name))

    def absent(self, role=None, name=None, root=None, timeout=10.0):
        root = root or self.node

        def gone():
            return root.findChild(lambda n: matches(n, role, name),
                                  retry=False, requireResult=False, showingOnly=True) is None
        wait_for(gone, timeout, what="%s %r to disappear" % (role or "node", name))

    def find_where(self, predicate, root=None, timeout=10.0, showing=True, what="node"):
        """A descendant for which predicate(node) is true."""
        root = root or self.node

        def search():
            return root.findChild(predicate, retry=False, requireResult=False, showingOnly=showing)
        return wait_for(search, timeout, what=what)

    def select(self, container, name, timeout=10.0):
        """Selects the child named `name` of a list through AT-SPI's
        Selection interface, as a screen reader user would."""
        def find():
            for i, child in enumerate(container.children):
                if accessible_name(child) == name:
                    return i + 1
            return None
        index = wait_for(find, timeout, what="list item %r" % name) - 1
        container.querySelection().selectChild(index)

    def pressed(self, node):
        """Whether a toggle button is on (GTK reports it as pressed)."""
        states = node.getState()
        return states.contains(pyatspi.STATE_PRESSED) or states.contains(pyatspi.STATE_CHECKED)

    def set_in_library(self, window, wanted=True):
        """Toggles In Library on the paper shown until it is `wanted`."""
        button = self.find("toggle button", "In Library", root=window)
        if self.pressed(button) != wanted:
            self.click(button)
        wait_for(lambda: self.pressed(button) == wanted, what="In Library %s" % wanted)

    def add_tag(self, window, tag):
        """Tags the paper shown through Ctrl+T."""
        self.key("<Control>t")
        entry = self.find("text", "Add Tag", root=window)
        wait_for(lambda: entry.focused, what="the tag entry focused")
        self.type(tag)
        self.key("Return")
        self.find(None, "Remove Tag “%s”" % tag, root=window)

    def text_of(self, node):
        # GTK 4.18 answers getText(0, -1) with "" for entries: ask for
        # the characters it has.
        text = node.queryText()
        return text.getText(0, text.characterCount)

    def focus(self, node):
        node.grabFocus()
        wait_for(lambda: node.focused, what="%s %r focused" % (node.roleName, node.name))

    def click(self, node):
        """Activates a control through its accessible action.

        GTK 4 reports widget positions relative to the window on X11, so a
        synthesized pointer click at those coordinates would miss; the
        accessible action is what assistive technologies use anyway."""
        names = [a for a in ("click", "activate", "press", "toggle") if a in node.actions]
        if not names:
            raise AssertionError("%s %r has no action (it has %s)"
                                 % (node.roleName, node.name, list(node.actions)))
        node.doActionNamed(names[0])

    def key(self, combo):
        rawinput.keyCombo(combo)

    def type(self, text):
        rawinput.typeText(text)

    def screenshot(self, name):
        path = os.path.join(build_dir(), "screenshots", name + ".png")
        here = os.path.dirname(os.path.abspath(__file__))
        subprocess.run([sys.executable, os.path.join(here, "screenshot.py"), path], check=True)
        return path

    def wait_exit(self, timeout=15.0):
        timeout *= TIMEOUT_MULTIPLIER
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise AssertionError("papers did not exit within %.0f s" % timeout)

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


class Skip(Exception):
    """Raised by skip(): the test cannot run here, and says why."""


def skip(reason):
    """Ends the test as skipped: run() exits with 77, which meson counts as
    Skipped (never as Ok), after printing "# SKIP reason"."""
    raise Skip(reason)


def run(test):
    """Runs test(app_factory) and reports in TAP so meson counts it; a test
    that calls skip() exits with 77."""
    apps = []

    def factory(*args, **kwargs):
        app = App(*args, **kwargs).start()
        apps.append(app)
        return app

    print("1..1")
    sys.stdout.flush()
    try:
        test(factory)
    except Skip as e:
        print("ok 1 %s # SKIP %s" % (test.__name__, e))
        sys.stdout.flush()
        for app in apps:
            app.kill()
        sys.exit(77)
    except BaseException as e:
        for app in apps:
            try:
                app.screenshot("failure-" + test.__name__)
            except Exception:
                pass
        print("not ok 1 %s # %s: %s" % (test.__name__, type(e).__name__, e))
        traceback.print_exc()
        raise
    finally:
        for app in apps:
            app.kill()
    print("ok 1 %s" % test.__name__)
