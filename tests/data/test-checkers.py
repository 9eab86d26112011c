#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests the data checkers themselves (TAP).

A checker that never fails proves nothing, so each one is fed bad input
here (missing entries, forbidden sandbox holes, bad sums, malformed,
truncated and hostile files) and must refuse it, without crashing.

Usage: test-checkers.py SOURCE_ROOT
"""

import copy
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def load(name):
    spec = importlib.util.spec_from_file_location(name.replace("-", "_"),
                                                  os.path.join(HERE, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


potfiles = load("check-potfiles")
manifest_checker = load("check-manifest")
install_names = load("check-install-names")

results = []


def ok(condition, description, detail=None):
    results.append(bool(condition))
    print("%s %d - %s" % ("ok" if condition else "not ok", len(results), description))
    if not condition and detail is not None:
        for line in str(detail).splitlines():
            print("# " + line)


def run(script, *args):
    """Runs a checker as a program; returns (exit code, its output)."""
    result = subprocess.run([sys.executable, "-B", os.path.join(HERE, script + ".py"), *args],
                            capture_output=True, text=True, timeout=60)
    return result.returncode, result.stdout + result.stderr


def write(root, path, text, mode="w"):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, mode) as f:
        f.write(text)


# ---- POTFILES.in ---------------------------------------------------------

def potfiles_tree(tmp):
    root = tempfile.mkdtemp(dir=tmp)
    write(root, "src/ui/window.c", '#include <glib/gi18n.h>\nconst char *s = _ ("Open");\n')
    write(root, "src/ui/window.ui",
          '<interface><object class="GtkLabel"><property name="label" '
          'translatable="yes">Hi</property></object></interface>\n')
    write(root, "src/library/store.c", "static int store_ (int x);\nint n = foo_(1);\n")
    write(root, "data/app.desktop.in", "[Desktop Entry]\nName=App\n")
    write(root, "po/POTFILES.in",
          "# comment\n\ndata/app.desktop.in\nsrc/ui/window.c\nsrc/ui/window.ui\n")
    return root


def potfiles_problems(root):
    return potfiles.check(root)


def test_potfiles(tmp):
    root = potfiles_tree(tmp)
    ok(potfiles_problems(root) == [], "potfiles: a complete list passes",
       potfiles_problems(root))

    root = potfiles_tree(tmp)
    write(root, "src/cli/cli.c", 'puts (N_("Usage"));\n')
    problems = potfiles_problems(root)
    ok(any("src/cli/cli.c" in p and "missing" in p for p in problems),
       "potfiles: an unlisted C file with N_() fails", problems)

    root = potfiles_tree(tmp)
    write(root, "src/cli/ctx.c", 'x = C_("verb", "Open");\n')
    ok(any("src/cli/ctx.c" in p for p in potfiles_problems(root)),
       "potfiles: an unlisted C file with C_() fails")

    root = potfiles_tree(tmp)
    write(root, "src/ui/dialog.ui",
          '<interface><property name="title" translatable="yes">T</property></interface>')
    ok(any("src/ui/dialog.ui" in p for p in potfiles_problems(root)),
       "potfiles: an unlisted .ui file with translatable=\"yes\" fails")

    root = potfiles_tree(tmp)
    write(root, "data/other.metainfo.xml.in", "<component/>")
    ok(any("data/other.metainfo.xml.in" in p for p in potfiles_problems(root)),
       "potfiles: an unlisted metainfo file fails")

    root = potfiles_tree(tmp)
    write(root, "po/POTFILES.in", "src/ui/gone.c\n", mode="a")
    problems = potfiles_problems(root)
    ok(any("src/ui/gone.c does not exist" in p for p in problems),
       "potfiles: a listed file that does not exist fails", problems)

    root = potfiles_tree(tmp)
    write(root, "po/POTFILES.in", "src/ui/window.c\n", mode="a")
    ok(any("twice" in p for p in potfiles_problems(root)),
       "potfiles: a file listed twice fails")

    root = potfiles_tree(tmp)
    write(root, "src/ui/debug.c", 'g_print (_("debug"));\n')
    write(root, "po/POTFILES.skip", "src/ui/debug.c\n")
    ok(potfiles_problems(root) == [], "potfiles: POTFILES.skip exempts a file")

    root = potfiles_tree(tmp)
    write(root, "src/ui/blob.c", b"\xff\xfe_(\x00\x81", mode="wb")
    write(root, "src/ui/empty.h", "")
    ok(potfiles_problems(root) == [],
       "potfiles: binary, non-UTF-8 and empty files neither crash nor count")

    root = potfiles_tree(tmp)
    os.remove(os.path.join(root, "po", "POTFILES.in"))
    ok(potfiles_problems(root) != [], "potfiles: a missing POTFILES.in fails")

    root = potfiles_tree(tmp)
    write(root, "po/POTFILES.in", "[type: gettext/glade]src/ui/window.ui\n"
          "data/app.desktop.in\nsrc/ui/window.c\n")
    ok(potfiles_problems(root) == [], "potfiles: [type: …] prefixes are understood")


# ---- Flatpak manifest ----------------------------------------------------

def mutated(base, change):
    manifest = copy.deepcopy(base)
    change(manifest)
    return manifest_checker.check(manifest, "org.example.Papers")


def module(manifest, name):
    return next(m for m in manifest["modules"] if m["name"] == name)


def test_manifest(source_root, tmp):
    path = os.path.join(source_root, "org.example.Papers.json")
    with open(path, encoding="utf-8") as f:
        base = json.load(f)
    problems = manifest_checker.check(base, "org.example.Papers")
    ok(problems == [], "manifest: the real manifest passes", problems)

    finish_arg_cases = [
        ("--filesystem=home", "home access"),
        ("--filesystem=host:ro", "host filesystem"),
        ("--filesystem=xdg-download", "an xdg folder"),
        ("--socket=x11", "plain X11"),
        ("--device=all", "all devices"),
        ("--talk-name=org.freedesktop.Flatpak", "flatpak-spawn"),
        ("--socket=session-bus", "the whole session bus"),
        ("--socket=pulseaudio", "an unneeded socket"),
    ]
    for arg, what in finish_arg_cases:
        problems = mutated(base, lambda m, a=arg: m["finish-args"].append(a))
        ok(any(arg in p for p in problems), "manifest: %s (%s) fails" % (arg, what), problems)

    for arg in sorted(manifest_checker.REQUIRED_FINISH_ARGS):
        problems = mutated(base, lambda m, a=arg: m["finish-args"].remove(a))
        ok(any(arg in p and "missing" in p for p in problems),
           "manifest: without %s fails" % arg, problems)

    ok(mutated(base, lambda m: m["finish-args"].append("--share=network")) != [],
       "manifest: a duplicated finish-arg fails")
    ok(mutated(base, lambda m: m.__setitem__("finish-args", "--share=network")) != [],
       "manifest: finish-args as a string fails")

    top_level_cases = [
        ("app-id", "org.example.Other"),
        ("runtime", "org.freedesktop.Platform"),
        ("sdk", "org.kde.Sdk"),
        ("runtime-version", "47"),
        ("runtime-version", "master"),
        ("runtime-version", 49),
        ("command", "sh"),
        ("modules", []),
        ("modules", ["poppler.json"]),
    ]
    for key, value in top_level_cases:
        ok(mutated(base, lambda m, k=key, v=value: m.__setitem__(k, v)) != [],
           "manifest: %s = %r fails" % (key, value))
    ok(mutated(base, lambda m: m.pop("sdk")) != [], "manifest: no sdk fails")

    source_cases = [
        ("url", "http://poppler.freedesktop.org/poppler-25.03.0.tar.xz", "an http URL"),
        ("url", "ftp://example.org/poppler-25.03.0.tar.xz", "an ftp URL"),
        ("url", "https://poppler.freedesktop.org/latest.tar.xz", "not a release tarball"),
        ("sha256", "97da4ff8", "a short sum"),
        ("sha256", "97DA4FF88517A6BBD729529F195F85C8D7A0C3BB4A3D57CB0C685CBB052FE837",
         "an upper-case sum"),
        ("sha256", "z" * 64, "a non-hex sum"),
        ("sha256", None, "no sum"),
        ("type", "git", "a git source"),
    ]
    for name in ("poppler", "poppler-data", "libsodium"):
        for key, value, what in source_cases:
            if name == "poppler-data" and key == "url":
                value = value.replace("poppler-25.03.0", "poppler-data-0.4.12")
            if name == "libsodium" and key == "url":
                value = value.replace("poppler.freedesktop.org/poppler-25.03.0.tar.xz",
                                      "github.com/jedisct1/libsodium/archive/1.0.18.tar.gz")
                value = value.replace("example.org/poppler-25.03.0.tar.xz",
                                      "example.org/jedisct1/libsodium/archive/1.0.18.tar.gz")
            problems = mutated(base, lambda m, n=name, k=key, v=value:
                               module(m, n)["sources"][0].__setitem__(k, v))
            ok(any(name in p for p in problems),
               "manifest: %s with %s fails" % (name, what), problems)
        ok(mutated(base, lambda m, n=name: m["modules"].remove(module(m, n))) != [],
           "manifest: without the %s module fails" % name)

    ok(mutated(base, lambda m: m["modules"].reverse()) != [],
       "manifest: papers not last fails")
    ok(mutated(base, lambda m: m["modules"][-1].__setitem__(
        "sources", [{"type": "git", "url": "https://example.org/papers.git"}])) != [],
       "manifest: papers from git instead of the checkout fails")
    ok(mutated(base, lambda m: m["modules"][-1].__setitem__("buildsystem", "cmake")) != [],
       "manifest: papers not built with meson fails")
    ok(manifest_checker.check([], "org.example.Papers") != [],
       "manifest: a JSON array instead of an object fails")

    # Malformed and hostile files, through the program itself.
    text = json.dumps(base)
    files = {
        "empty": "",
        "truncated": text[: len(text) // 2],
        "not JSON": "app-id: org.example.Papers\n",
        "duplicate keys": text.replace('"command": "papers-reader"',
                                       '"command": "papers-reader", "command": "sh"'),
        "deeply nested": "[" * 100000 + "]" * 100000,
    }
    for what, content in files.items():
        path = os.path.join(tmp, "manifest.json")
        with open(path, "w", encoding="utf-8") as f:
            f.write(content)
        code, err = run("check-manifest", path)
        ok(code == 1 and "Traceback" not in err,
           "manifest: a %s file fails cleanly" % what, err)
    path = os.path.join(tmp, "binary.json")
    with open(path, "wb") as f:
        f.write(b"\xff\xfe\x00{")
    code, err = run("check-manifest", path)
    ok(code == 1 and "Traceback" not in err, "manifest: a non-UTF-8 file fails cleanly", err)
    code, err = run("check-manifest", os.path.join(tmp, "absent.json"))
    ok(code == 1 and "Traceback" not in err, "manifest: a missing file fails cleanly", err)


# ---- icons and D-Bus service ---------------------------------------------

def test_icons(source_root, tmp):
    icons = os.path.join(source_root, "data", "icons", "hicolor")
    app = os.path.join(icons, "scalable", "apps", "org.example.Papers.svg")
    symbolic = os.path.join(icons, "symbolic", "apps", "org.example.Papers-symbolic.svg")
    code, err = run("check-icons", app, symbolic)
    ok(code == 0, "icons: the real icons pass", err)

    bad = {
        "truncated": open(symbolic, encoding="utf-8").read()[:200],
        "two colours": '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" '
                       'viewBox="0 0 16 16"><rect width="4" height="4" fill="#000"/>'
                       '<rect x="8" width="4" height="4" fill="#f00"/></svg>',
        "an external image": '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" '
                             'viewBox="0 0 16 16"><image href="file:///etc/passwd"/>'
                             '<rect width="4" height="4"/></svg>',
        "the wrong size": '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" '
                          'viewBox="0 0 32 32"><rect width="4" height="4"/></svg>',
        "nothing drawn": '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" '
                         'viewBox="0 0 16 16"/>',
        "not SVG": "<html/>",
    }
    for what, content in bad.items():
        path = os.path.join(tmp, "bad-symbolic.svg")
        with open(path, "w", encoding="utf-8") as f:
            f.write(content)
        code, err = run("check-icons", app, path)
        ok(code == 1 and "Traceback" not in err,
           "icons: a symbolic icon with %s fails" % what, err)

    # Rendered, a plain square is no icon; only checked where librsvg is.
    path = os.path.join(tmp, "square.svg")
    with open(path, "w", encoding="utf-8") as f:
        f.write('<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" '
                'viewBox="0 0 128 128"><rect width="128" height="128" fill="#3584e4"/></svg>')
    code, out = run("check-icons", path, symbolic)
    ok(code == 1 or "not rendered" in out, "icons: a full square app icon fails", out)


def test_service(tmp):
    desktop = os.path.join(tmp, "org.example.Papers.desktop")
    with open(desktop, "w", encoding="utf-8") as f:
        f.write("[Desktop Entry]\nName=Papers\nDBusActivatable=true\n")
    cases = {
        "a good file": ("[D-BUS Service]\nName=org.example.Papers\n"
                        "Exec=/usr/bin/papers-reader --gapplication-service\n", 0),
        "another name": ("[D-BUS Service]\nName=org.example.Other\n"
                         "Exec=/usr/bin/papers-reader --gapplication-service\n", 1),
        "a relative Exec": ("[D-BUS Service]\nName=org.example.Papers\n"
                            "Exec=papers-reader --gapplication-service\n", 1),
        "no service flag": ("[D-BUS Service]\nName=org.example.Papers\n"
                            "Exec=/usr/bin/papers-reader\n", 1),
        "no group": ("Name=org.example.Papers\n", 1),
        "an unbalanced quote": ("[D-BUS Service]\nName=org.example.Papers\n"
                                "Exec=\"/usr/bin/papers-reader\n", 1),
    }
    for what, (content, expected) in cases.items():
        service = os.path.join(tmp, "org.example.Papers.service")
        with open(service, "w", encoding="utf-8") as f:
            f.write(content)
        code, err = run("check-dbus-service", service, desktop, "/usr/bin")
        ok(code == expected and "Traceback" not in err,
           "service: %s %s" % (what, "passes" if expected == 0 else "fails"), err)


def test_screenshots(tmp):
    shots = os.path.join(tmp, "shots")
    os.makedirs(shots, exist_ok=True)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIHDR" + (1280).to_bytes(4, "big") + (800).to_bytes(4, "big")
    write(shots, "good.png", png + b"\x00" * 16, "wb")
    write(shots, "tiny.png", png[:16] + (8).to_bytes(4, "big") + (8).to_bytes(4, "big"), "wb")
    write(shots, "fake.png", "not a png at all, just text that is long enough")
    write(shots, "cut.png", png[:10], "wb")
    readme = os.path.join(tmp, "README.md")
    write(tmp, "README.md", "![a](data/screenshots/good.png)\n")

    def metainfo(*images, default=True):
        shots_xml = "".join('<screenshot%s><image>%s</image></screenshot>'
                            % (' type="default"' if default and i == 0 else "", url)
                            for i, url in enumerate(images))
        return "<component><screenshots>%s</screenshots></component>" % shots_xml

    base = "https://example.org/papers/source/raw/main/data/screenshots/"
    cases = {
        "a good file": (metainfo(base + "good.png"), 0),
        "a missing screenshot": (metainfo(base + "gone.png"), 1),
        "a text file": (metainfo(base + "fake.png"), 1),
        "a truncated PNG": (metainfo(base + "cut.png"), 1),
        "an icon-sized image": (metainfo(base + "tiny.png"), 1),
        "a plain http address": (metainfo(base.replace("https", "http") + "good.png"), 1),
        "an image elsewhere": (metainfo("https://example.org/other.png"), 1),
        "a climb out of the folder": (metainfo(base + "../../../etc/passwd"), 1),
        "no default": (metainfo(base + "good.png", default=False), 1),
        "no screenshots": ("<component/>", 1),
    }
    for what, (content, expected) in cases.items():
        write(tmp, "metainfo.xml", content)
        code, err = run("check-screenshots", os.path.join(tmp, "metainfo.xml"), readme, shots)
        ok(code == expected and "Traceback" not in err,
           "screenshots: %s %s" % (what, "passes" if expected == 0 else "fails"), err)
    write(tmp, "README.md", "![a](data/screenshots/gone.png)\n")
    code, err = run("check-screenshots", os.path.join(tmp, "metainfo.xml"), readme, shots)
    ok(code == 1 and "Traceback" not in err, "screenshots: a README image missing fails", err)


# ---- installed names -----------------------------------------------------

def test_install_names(tmp):
    """check-install-names.py's check() on made-up installed trees (the real
    install is its own meson test, install-names)."""
    schema = '<schemalist gettext-domain="%s"><schema id="org.example.Papers"/></schemalist>'
    good = {
        "bin/papers-reader": "",
        "share/applications/org.example.Papers.desktop": "",
        "share/icons/hicolor/scalable/apps/org.example.Papers.svg": "",
        "share/org.example.Papers/data.txt": "",
        "share/locale/de/LC_MESSAGES/org.example.Papers.mo": "",
        "share/glib-2.0/schemas/org.example.Papers.gschema.xml": schema % "org.example.Papers",
    }
    cases = {
        "a tree named from the id": ({}, []),
        "bin/papers": ({"bin/papers": ""}, ["collides"]),
        "share/papers": ({"share/papers/data.txt": ""}, ["collides"]),
        "a papers.mo": ({"share/locale/de/LC_MESSAGES/papers.mo": ""}, ["collides"]),
        "a file of org.gnome.Papers": ({"share/applications/org.gnome.Papers.desktop": ""},
                                       ["collides"]),
        "a file not named from the id": ({"share/thing/readme": ""}, ["not named"]),
        "a schema in the domain papers": (
            {"share/glib-2.0/schemas/org.example.Papers.gschema.xml": schema % "papers"},
            ["gettext domain"]),
    }
    for what, (change, expected) in cases.items():
        root = tempfile.mkdtemp(dir=tmp)
        for path, text in dict(good, **change).items():
            write(root, path, text)
        problems, _ = install_names.check(root, "org.example.Papers", "papers-reader")
        if expected:
            passed = problems and all(any(word in p for p in problems) for word in expected)
        else:
            passed = problems == []
        ok(passed, "install names: %s %s" % (what, "fails" if expected else "passes"), problems)
    root = tempfile.mkdtemp(dir=tmp)
    write(root, "share/org.example.Papers/data.txt", "")
    problems, _ = install_names.check(root, "org.example.Papers", "papers-reader")
    ok(any("bin/" in p for p in problems) and any("gettext" in p for p in problems),
       "install names: an install without bin/ or a gettext domain fails", problems)


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    source_root = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        test_potfiles(tmp)
        test_manifest(source_root, tmp)
        test_icons(source_root, tmp)
        test_service(tmp)
        test_screenshots(tmp)
        test_install_names(tmp)
    print("1..%d" % len(results))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
