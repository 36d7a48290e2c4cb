#!/bin/bash
# Makes the pictures of every page in English and Vietnamese on the demo
# database, under xvfb, into data/screenshots/<page>-<lang>.png, and a
# narrow (400 px) set to check that the layout holds (not kept).
#
#   tools/screenshots.sh [BUILD_DIR]        (default: build)
#
# The Vietnamese catalogue is po/vi.po with the translations still waiting
# in po/pending/ (until they are merged). Vietnamese needs no vi_VN locale:
# under C.UTF-8 gettext follows LANGUAGE (it ignores it only under "C").
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$src/build}" && pwd)
out=${SCREENSHOTS_OUT:-$src/data/screenshots}
narrow=$(mktemp -d "${TMPDIR:-/tmp}/plenary-narrow-XXXXXX")

catalogue=$(mktemp -d "${TMPDIR:-/tmp}/plenary-po-XXXXXX")
trap 'rm -rf "$catalogue"' EXIT

ninja -C "$build" tests/take-screenshots app/plenary data/gschemas.compiled > /dev/null

mkdir -p "$catalogue/vi/LC_MESSAGES"
shopt -s nullglob
msgcat --use-first "$src"/po/pending/*.po "$src/po/vi.po" -o "$catalogue/vi.po"
msgfmt -o "$catalogue/vi/LC_MESSAGES/plenary.mo" "$catalogue/vi.po"

export TZ=UTC LC_ALL=C.UTF-8 GSETTINGS_BACKEND=memory GTK_A11Y=none NO_AT_BRIDGE=1
export GSETTINGS_SCHEMA_DIR=$build/data PLENARY_LOCALEDIR=$catalogue PLENARY_EXE=$build/app/plenary

for lang in en vi; do
  LANGUAGE=$lang xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$build/tests/take-screenshots" --out "$out" --suffix "-$lang"
  LANGUAGE=$lang xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$build/tests/take-screenshots" --out "$narrow" --suffix "-$lang-narrow" --width 400 --height 760
done
echo "narrow pictures (to look at, not kept): $narrow"
