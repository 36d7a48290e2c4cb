#!/usr/bin/env bash
# The desktop integration files: desktop entry, AppStream metainfo, GSettings
# schema, icons and the Flatpak manifest, each checked with its own tool.
. "$PLENARY_SOURCE_ROOT/tests/tap.sh"

src=$PLENARY_SOURCE_ROOT
build=$PLENARY_BUILD_ROOT
app_id=org.plenary.Plenary
desktop=$build/data/$app_id.desktop
metainfo=$build/data/$app_id.metainfo.xml
manifest=$src/flatpak/$app_id.json
icon=$src/data/icons/hicolor/scalable/apps/$app_id.svg
symbolic=$src/data/icons/hicolor/symbolic/apps/$app_id-symbolic.svg

have() { command -v "$1" >/dev/null 2>&1; }

# --- desktop entry (the merged one, as installed) ---
ok "the desktop file was built from its .in" test -s "$desktop"
if have desktop-file-validate; then
  ok "desktop-file-validate finds nothing wrong" desktop-file-validate "$desktop"
else
  skip "desktop-file-validate" "desktop-file-validate is not installed (desktop-file-utils)"
fi
check "the desktop file runs plenary" "$(sed -n 's/^Exec=//p' "$desktop")" "plenary"
check "the desktop file names the app icon" "$(sed -n 's/^Icon=//p' "$desktop")" "$app_id"

# --- AppStream metainfo ---
ok "the metainfo was built from its .in" test -s "$metainfo"
if have appstream-util; then
  ok "appstream-util validate-relax finds nothing wrong" appstream-util validate-relax --nonet "$metainfo"
else
  skip "appstream-util validate-relax" "appstream-util is not installed"
fi
if have xmllint; then
  check "the metainfo id is the application id" \
    "$(xmllint --xpath 'string(/component/id)' "$metainfo")" "$app_id"
  check "the metainfo launches the desktop file" \
    "$(xmllint --xpath 'string(/component/launchable[@type="desktop-id"])' "$metainfo")" "$app_id.desktop"
  check "the metainfo has a release 0.1.0" \
    "$(xmllint --xpath 'string(/component/releases/release[1]/@version)' "$metainfo")" "0.1.0"
  check "the metainfo has an OARS content rating" \
    "$(xmllint --xpath 'string(/component/content_rating/@type)' "$metainfo")" "oars-1.1"
else
  skip "metainfo fields" "xmllint is not installed (libxml2-utils)"
fi

# --- GSettings schema ---
ok "the schema compiles with --strict" \
  glib-compile-schemas --strict --dry-run "$src/data"
ok "the compiled schema is in the build folder (tests and run.sh use it)" \
  test -s "$build/data/gschemas.compiled"
keys=$(GSETTINGS_SCHEMA_DIR=$build/data gsettings list-keys "$app_id" 2>&1 | sort | tr '\n' ' ')
contains "the schema keeps the window size" "$keys" "window-height window-maximized window-width"
contains "the schema keeps the last page" "$keys" "last-page"

# --- icons ---
for f in "$icon" "$symbolic"; do
  name=${f##*/}
  ok "$name exists" test -s "$f"
  if have xmllint; then
    ok "$name is well-formed XML" xmllint --noout "$f"
    check "$name is an SVG document" \
      "$(xmllint --xpath 'local-name(/*)' "$f")" "svg"
  else
    skip "$name is valid SVG" "xmllint is not installed (libxml2-utils)"
  fi
  if have gdk-pixbuf-thumbnailer; then
    ok "$name renders" gdk-pixbuf-thumbnailer -s 64 "$f" "$TMP/$name.png"
    ok "$name renders to a PNG" test -s "$TMP/$name.png"
  fi
done
if have xmllint; then
  check "the symbolic icon is drawn on a 16×16 grid" \
    "$(xmllint --xpath 'string(/*/@viewBox)' "$symbolic")" "0 0 16 16"
fi

# --- Flatpak manifest ---
if have jq; then
  ok "the Flatpak manifest is valid JSON" jq -e . "$manifest"
  check "the manifest's id matches the desktop file" \
    "$(jq -r .id "$manifest").desktop" "$(basename "$desktop")"
  check "the manifest runs plenary" "$(jq -r .command "$manifest")" "plenary"
  check "the manifest uses the GNOME runtime and SDK" \
    "$(jq -r '.runtime + " " + .sdk' "$manifest")" "org.gnome.Platform org.gnome.Sdk"
  check "plenary itself is the last module, built with meson from this tree" \
    "$(jq -r '.modules[-1] | .name + " " + .buildsystem + " " + .sources[0].type + " " + .sources[0].path' "$manifest")" \
    "plenary meson dir .."
  check "every archive source has a sha256" \
    "$(jq '[.modules[] | objects | .sources[]? | select(.type == "archive" and ((.sha256 // "") | length) != 64)] | length' "$manifest")" "0"
  args=$(jq -r '."finish-args" | join(" ")' "$manifest")
  for a in --share=network --share=ipc --socket=wayland --socket=fallback-x11 --socket=pulseaudio --device=dri --filesystem=xdg-videos; do
    contains "the sandbox allows $a" "$args" "$a"
  done
else
  skip "the Flatpak manifest" "jq is not installed"
fi

done_testing
