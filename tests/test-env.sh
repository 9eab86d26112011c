#!/bin/sh
# Runs a test with private, empty XDG folders: tests never see the user's
# data, configuration or cache, nor each other's.
set -e
# --needs-corpus / --needs-corpus-tap: the test runs only the shared
# corpus' cases; without the corpus it is skipped whole, in the form meson
# counts as Skipped for its protocol: exit 77, or a TAP plan of 1..0 # SKIP.
case "$1" in
  --needs-corpus|--needs-corpus-tap)
    form=$1
    shift
    if [ ! -d "${PAPERS_CORPUS_DIR:-/nonexistent}" ]; then
      echo "1..0 # SKIP no corpus (${PAPERS_CORPUS_DIR:-PAPERS_CORPUS_DIR is not set})"
      [ "$form" = --needs-corpus-tap ] && exit 0
      exit 77
    fi
    ;;
esac
name=$(basename "$1")
dir=$(mktemp -d "${TMPDIR:-/tmp}/papers-test-$name.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
mkdir -p "$dir/data" "$dir/config" "$dir/cache" "$dir/runtime"
chmod 700 "$dir/runtime"
export HOME="$dir"
export XDG_DATA_HOME="$dir/data"
export XDG_CONFIG_HOME="$dir/config"
export XDG_CACHE_HOME="$dir/cache"
export XDG_RUNTIME_DIR="$dir/runtime"
export PAPERS_TEST_TMPDIR="$dir"
unset PAPERS_LIBRARY
# `meson test --setup valgrind` runs each test program under memcheck.
if [ -n "${PAPERS_TEST_VALGRIND:-}" ]; then
  exec valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite \
    --show-leak-kinds=definite --error-exitcode=99 --num-callers=30 \
    --show-realloc-size-zero=no \
    --suppressions=/usr/share/glib-2.0/valgrind/glib.supp \
    --suppressions="$(dirname "$0")/valgrind.supp" "$@"
fi
exec "$@"
