#!/usr/bin/env python3
"""build-aux/papers-env on a host that lacks its own tools.

Runs the real script with a PATH from which bwrap, debootstrap and apt-get
are hidden, and stand-ins that record what they are asked: an apt-get whose
"install" puts stand-in bwrap and debootstrap on that PATH, a debootstrap
that makes an empty tree, and a bwrap that "installs" the packages into it
by creating its meson.  Checks what papers-env asks apt-get for, what it
says, and that it fails clearly without root, without apt-get, or when
apt-get fails.  Prints TAP.  (The real install is what CI does on a fresh
machine.)
"""

import os
import shutil
import stat
import subprocess
import sys
import tempfile

SRC = os.environ.get("PAPERS_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PAPERS_ENV = os.path.join(SRC, "build-aux", "papers-env")
HIDDEN = {"bwrap", "debootstrap", "apt-get", "id"}

APT_GET = r"""#!/bin/sh
# Records its call; "installs" stand-ins for the packages it is given.
echo "$*" >> "$STUB_LOG/apt-get"
[ -n "${STUB_APT_FAIL:-}" ] && { echo "E: Unable to locate package" >&2; exit 100; }
[ "$1" = install ] || exit 0
for arg in "$@"; do
  case "$arg" in
    bubblewrap) cp "$STUB_DIR/bwrap.stub" "$STUB_BIN/bwrap" ;;
    debootstrap) cp "$STUB_DIR/debootstrap.stub" "$STUB_BIN/debootstrap" ;;
  esac
done
"""

BWRAP = r"""#!/bin/sh
# Records its call; the root bound at / gets the meson an install brings.
echo "$*" >> "$STUB_LOG/bwrap"
root=
while [ $# -gt 0 ]; do
  if [ "$1" = --bind ] && [ "$3" = / ]; then root=$2; fi
  shift
done
[ -n "$root" ] && mkdir -p "$root/usr/bin" && printf '#!/bin/sh\n' > "$root/usr/bin/meson" && chmod +x "$root/usr/bin/meson"
exit 0
"""

DEBOOTSTRAP = r"""#!/bin/sh
# Records its call and makes the tree papers-env writes its settings into.
echo "$*" >> "$STUB_LOG/debootstrap"
mkdir -p "$3/etc/apt/apt.conf.d" "$3/etc/dpkg/dpkg.cfg.d"
"""

ID_NOT_ROOT = "#!/bin/sh\necho 1000\n"

n = 0
failures = 0


def ok(cond, name, detail=""):
    global n, failures
    n += 1
    if cond:
        print("ok %d %s" % (n, name))
    else:
        failures += 1
        print("not ok %d %s" % (n, name))
        for line in detail.splitlines():
            print("# " + line)
    sys.stdout.flush()


def write_exe(path, text):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


class Host:
    """A host as papers-env sees it: a PATH of its own, a cache, a log."""

    def __init__(self, root=True, cache=None):
        self.dir = tempfile.mkdtemp(prefix="papers-env-test-")
        self.bin = os.path.join(self.dir, "bin")
        self.log = os.path.join(self.dir, "log")
        self.cache = cache or os.path.join(self.dir, "cache")
        os.makedirs(self.bin)
        os.makedirs(self.log)
        for folder in ("/usr/bin", "/usr/sbin", "/bin", "/sbin"):
            if not os.path.isdir(folder):
                continue
            for name in os.listdir(folder):
                target = os.path.join(self.bin, name)
                if name in HIDDEN or os.path.lexists(target):
                    continue
                os.symlink(os.path.join(folder, name), target)
        # id answers as the real one would for root, or as a user.
        write_exe(os.path.join(self.bin, "id"), "#!/bin/sh\necho 0\n" if root else ID_NOT_ROOT)
        write_exe(os.path.join(self.bin, "apt-get"), APT_GET)
        write_exe(os.path.join(self.dir, "bwrap.stub"), BWRAP)
        write_exe(os.path.join(self.dir, "debootstrap.stub"), DEBOOTSTRAP)
        scripts = os.path.join(self.dir, "debootstrap", "scripts")
        os.makedirs(scripts)
        open(os.path.join(scripts, "trixie"), "w").close()

    def run(self, *args, **extra):
        env = {
            "PATH": self.bin,
            "HOME": self.dir,
            "LANG": "C.UTF-8",
            "PAPERS_ENV_CACHE": self.cache,
            "PAPERS_ENV_FORCE_ROOT": "1",
            "DEBOOTSTRAP_DIR": os.path.join(self.dir, "debootstrap"),
            "STUB_LOG": self.log,
            "STUB_BIN": self.bin,
            "STUB_DIR": self.dir,
        }
        env.update(extra)
        proc = subprocess.run(["bash", PAPERS_ENV] + list(args), env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)
        return proc

    def calls(self, tool):
        path = os.path.join(self.log, tool)
        if not os.path.exists(path):
            return []
        with open(path) as f:
            return f.read().splitlines()

    def has(self, tool):
        return os.path.exists(os.path.join(self.bin, tool))

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def describe(proc, host):
    return "exit %d\nstderr:\n%s\napt-get calls: %r" % (proc.returncode, proc.stderr, host.calls("apt-get"))


def main():
    print("1..15")

    # A fresh machine as root: one apt-get run brings both tools, then the
    # root is made with them.
    fresh = Host()
    proc = fresh.run("setup")
    apt = fresh.calls("apt-get")
    ok(proc.returncode == 0, "fresh host: setup succeeds", describe(proc, fresh))
    ok(apt[:1] == ["update -q"], "fresh host: apt-get update first", describe(proc, fresh))
    ok(len(apt) == 2 and apt[1].startswith("install -y -q --no-install-recommends")
       and apt[1].split()[4:] == ["bubblewrap", "debootstrap"],
       "fresh host: one install of bubblewrap and debootstrap, without recommends", describe(proc, fresh))
    said = [l for l in proc.stderr.splitlines() if "installing" in l and "on the host" in l]
    ok(len(said) == 1 and "bubblewrap debootstrap" in said[0],
       "fresh host: says so in one line", describe(proc, fresh))
    ok("Get:" not in proc.stderr and "Reading package lists" not in proc.stderr,
       "fresh host: apt-get's own output is kept out of sight", describe(proc, fresh))
    ok(len(fresh.calls("debootstrap")) == 1 and "trixie" in fresh.calls("debootstrap")[0],
       "fresh host: the installed debootstrap makes the root", describe(proc, fresh))
    ok(any("apt-get install" in c for c in fresh.calls("bwrap")),
       "fresh host: the installed bwrap runs the root's package install", describe(proc, fresh))

    # The same cache, bwrap gone again (the root is made): only bubblewrap
    # is asked for.
    again = Host(cache=fresh.cache)
    proc = again.run("setup")
    apt = again.calls("apt-get")
    ok(proc.returncode == 0 and len(apt) == 2 and apt[1].split()[4:] == ["bubblewrap"],
       "cached root: only bubblewrap is installed", describe(proc, again))
    ok(not again.calls("debootstrap"), "cached root: no new root is made", describe(proc, again))

    # Nothing missing: apt-get is not called at all.
    proc = again.run("setup")
    ok(proc.returncode == 0 and len(again.calls("apt-get")) == 2,
       "nothing missing: apt-get is not called", describe(proc, again))
    again.cleanup()
    fresh.cleanup()

    # Not root: fails, naming the packages, without calling apt-get.
    user = Host(root=False)
    proc = user.run("setup")
    ok(proc.returncode != 0 and not user.calls("apt-get"), "not root: fails without calling apt-get",
       describe(proc, user))
    ok("bubblewrap" in proc.stderr and "debootstrap" in proc.stderr and "apt-get install" in proc.stderr,
       "not root: the message names what to install", describe(proc, user))
    user.cleanup()

    # No apt-get on the host.
    noapt = Host()
    proc = noapt.run("test", PAPERS_ENV_APT_GET=os.path.join(noapt.dir, "no-such-apt-get"))
    ok(proc.returncode != 0 and "missing on the host: bubblewrap debootstrap" in proc.stderr,
       "no apt-get: fails, naming the packages", describe(proc, noapt))
    noapt.cleanup()

    # apt-get fails: its last lines and a clear message, and nothing runs.
    failing = Host()
    proc = failing.run("exec", "true", STUB_APT_FAIL="1")
    ok(proc.returncode != 0 and "apt-get could not install bubblewrap debootstrap" in proc.stderr
       and "Unable to locate package" in proc.stderr,
       "apt-get fails: its error and a clear message", describe(proc, failing))
    ok(not failing.calls("bwrap") and not failing.calls("debootstrap"),
       "apt-get fails: nothing else runs", describe(proc, failing))
    failing.cleanup()

    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
