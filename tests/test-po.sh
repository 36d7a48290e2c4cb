#!/bin/bash
# Vietnamese is our users' language: every string a user can see must be in
# po/vi.po, translated and not fuzzy, and every source file that holds such
# strings must be listed in po/POTFILES.in, or xgettext never sees it.
. "$(dirname "$0")/tap.sh"

src=$PLENARY_SOURCE_ROOT
cd "$src"

# Files that mark strings for translation but are not listed.
listed=$(grep -v '^#' po/POTFILES.in | sed '/^$/d' | sort)
marked=$( (grep -rlE '\b(N?C?_|g_dngettext|g_dpgettext2|ngettext)\s*\(' --include='*.c' app pipelines;
           grep -rl 'translatable="yes"' --include='*.ui' resources) | sort)
missing=$(comm -13 <(printf '%s\n' "$listed") <(printf '%s\n' "$marked"))
check "every file with translatable strings is in POTFILES.in" "$missing" ""

stale=$(for f in $listed; do [ -e "$f" ] || echo "$f"; done)
check "every file in POTFILES.in exists" "$stale" ""

# The same keywords as meson's glib preset, so the template matches the
# one `ninja plenary-pot` writes.
ok "xgettext extracts the template" \
  xgettext --from-code=UTF-8 --add-comments --keyword=_ --keyword=N_ \
    --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dcgettext:2 \
    --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
    --keyword=ngettext:1,2 \
    --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format \
    --flag=NC_:2:pass-c-format --flag=g_dngettext:2:pass-c-format \
    --flag=g_strdup_printf:1:c-format --flag=g_string_printf:2:c-format \
    --flag=g_string_append_printf:2:c-format --flag=g_error_new:3:c-format \
    --flag=g_set_error:4:c-format --flag=g_markup_printf_escaped:1:c-format \
    --flag=g_log:3:c-format --flag=g_print:1:c-format \
    --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
    --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format \
    --flag=g_snprintf:3:c-format \
    -f po/POTFILES.in -D "$src" -o "$TMP/plenary.pot"

ok "vi.po is well formed (msgfmt -c)" msgfmt -c -o /dev/null po/vi.po

msgmerge --quiet --no-fuzzy-matching -o "$TMP/merged.po" po/vi.po "$TMP/plenary.pot"
untranslated=$(msgattrib --untranslated --no-obsolete "$TMP/merged.po" | grep -c '^msgid ' || true)
# msgattrib prints the header entry too when anything is left.
untranslated=$(( untranslated > 0 ? untranslated - 1 : 0 ))
check "no untranslated message in vi.po" "$untranslated" 0
if [ "$untranslated" -gt 0 ]; then
  msgattrib --untranslated --no-obsolete "$TMP/merged.po" | grep -A1 '^msgid ' | head -n 40 | sed 's/^/# /'
fi
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$TMP/merged.po" | grep -c '^msgid ' || true)
fuzzy=$(( fuzzy > 0 ? fuzzy - 1 : 0 ))
check "no fuzzy message in vi.po" "$fuzzy" 0

# A Vietnamese translation keeps the printf conversions of its source.
ok "translations keep their format strings" msgfmt -c --check-format -o /dev/null "$TMP/merged.po"

done_testing
