#!/usr/bin/env python3
"""GNOME Shell's search in the library, as the Shell asks: on the private
session bus run-headless started, the real `papers-reader` runs as a
GApplication service (as D-Bus activation starts it, no window) and answers
org.gnome.Shell.SearchProvider2 at /org/example/Papers/SearchProvider
through `gdbus call`: GetInitialResultSet(['contrastive']) gives the ids of
the library's matching papers, GetResultMetas their title and "authors ·
year · tags"; ids it does not know, 10 000 of them, a query the language
refuses and an empty one are answered silently and correctly; activating a
result opens a window on the paper."""

import json
import os
import subprocess

from gi.repository import GLib

import papers_e2e

PATH = "/org/example/Papers/SearchProvider"
IFACE = "org.gnome.Shell.SearchProvider2"
TITLES = [
    ("Contrastive Learning of Visual Representations", 2020),
    ("Supervised Contrastive Learning", 2021),
    ("Attention Is All You Need", 2017),
    ("Denoising Diffusion Models", 2022),
]


def app_id():
    return os.environ.get("PAPERS_APP_ID", "org.example.Papers")


def gdbus(dest, path, method, *args):
    out = subprocess.run(["gdbus", "call", "--session", "--dest", dest, "--object-path", path,
                          "--method", method] + list(args),
                         check=True, capture_output=True, text=True,
                         timeout=30 * papers_e2e.TIMEOUT_MULTIPLIER).stdout
    return GLib.Variant.parse(None, out.strip(), None, None).unpack()


def call(method, *args):
    return gdbus(app_id(), PATH, IFACE + "." + method, *args)


def has_owner(name):
    try:
        return gdbus("org.freedesktop.DBus", "/org/freedesktop/DBus",
                     "org.freedesktop.DBus.NameHasOwner", name)[0]
    except subprocess.CalledProcessError:
        return False


def test_search_provider(start):
    papers_e2e.import_papers(TITLES)
    found = json.loads(papers_e2e.cli_output("search", "contrastive", "--json"))
    expected = {p["id"] for p in found}
    assert len(expected) == 2, found

    env = dict(os.environ)
    env["GSETTINGS_BACKEND"] = papers_e2e.APP_SETTINGS_BACKEND
    service = subprocess.Popen([papers_e2e.papers_bin(), "--gapplication-service"], env=env)
    try:
        papers_e2e.wait_for(lambda: has_owner(app_id()), what="the service on the session bus")

        ids = call("GetInitialResultSet", "['contrastive']")[0]
        assert set(ids) == expected, (ids, expected)
        # The Shell asks while the word is still being typed
        assert set(call("GetInitialResultSet", "['contras']")[0]) == expected
        # Typing on: the Shell refines with the previous results
        ids2 = call("GetSubsearchResultSet", str(ids), "['contrastive', 'supervised']")[0]
        assert [p["title"] for p in found if p["id"] in ids2] == ["Supervised Contrastive Learning"], ids2

        metas = call("GetResultMetas", str(ids))[0]
        assert [m["id"] for m in metas] == ids, metas
        by_title = {p["id"]: p["title"] for p in found}
        for meta in metas:
            assert meta["name"] == by_title[meta["id"]], meta
            assert meta["description"].startswith("Ada Lovelace · 202"), meta
            assert "icon" in meta, meta

        # Bad callers: ids that do not exist (10 000 of them, mixed with
        # a real one), a query the language refuses, nothing typed
        unknown = ["nope-%d" % i for i in range(10000)]
        metas = call("GetResultMetas", str([ids[0]] + unknown))[0]
        assert [m["id"] for m in metas] == [ids[0]], metas
        assert call("GetResultMetas", "['2401.00000']")[0] == []
        assert call("GetInitialResultSet", "['year:abc']")[0] == []
        assert call("GetInitialResultSet", "['  ']")[0] == []
        assert service.poll() is None, "the service died"

        # Activating a result opens the paper in a window
        call("ActivateResult", ids[0], "['contrastive']", "0")
        papers_e2e.wait_for(lambda: any(a.name == papers_e2e.APP_NAME
                                        for a in papers_e2e.tree.root.applications()),
                            what="the app on the a11y bus")
        node = [a for a in papers_e2e.tree.root.applications() if a.name == papers_e2e.APP_NAME][0]
        title = by_title[ids[0]]
        papers_e2e.wait_for(lambda: node.findChild(lambda n: n.name == title and n.showing,
                                                   retry=False, requireResult=False),
                            what="the paper shown")
        app = papers_e2e.App()
        app.proc, app.node = service, node
        app.screenshot("search-provider-activate")

        # "Search in Papers": the window's search, with the terms
        call("LaunchSearch", "['supervised', 'contrastive']", "0")
        def has_terms(n):
            try:
                return app.text_of(n) == "supervised contrastive"
            except Exception:
                return False
        app.find_where(has_terms, what="the search entry with the terms")
        app.screenshot("search-provider-launch-search")

        gdbus(app_id(), "/" + app_id().replace(".", "/"), "org.gtk.Actions.Activate",
              "quit", "[]", "{}")
        assert service.wait(30 * papers_e2e.TIMEOUT_MULTIPLIER) == 0
    finally:
        if service.poll() is None:
            service.kill()
            service.wait()


if __name__ == "__main__":
    papers_e2e.run(test_search_provider)
