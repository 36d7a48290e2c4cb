# The attendance report and site rules on the demo data set: the 2022
# conference of the seed documents (191 points, 1 000 expected, 1 034
# reported, 189 of 191 connected).
. "$(dirname "$0")/tap.sh"

export PLENARY_DB="$TMP/plenary.db"
plenary demo > /dev/null 2>&1
ev=$(sqlite3 "$PLENARY_DB" "SELECT id FROM events WHERE starts_at = strftime('%s', '2022-11-10 01:00:00');")
check "the demo has the 2022 conference" "$(printf '%s' "$ev" | grep -c '^[0-9][0-9]*$')" 1

out=$(plenary report attendance "$ev")
contains "the heading names the conference" "$out" "Hội nghị trực tuyến mạng lưới truyền thông y tế tỉnh Quảng Ninh năm 2022"
contains "189 of 191 points connected, 1 034 reported of 1 000 expected" "$out" \
  "189 / 191 points connected; 1 034 / 1 000 delegates reported / expected."
check "a line per district and one for the provincial level" \
  "$(printf '%s\n' "$out" | grep -c -E '^(Trung tâm Y tế|Provincial level)')" 14
contains "district names keep their diacritics" "$out" "Trung tâm Y tế huyện Đầm Hà"

csv=$(plenary report attendance "$ev" --csv | tr -d '\r')
check "the CSV total line" "$(printf '%s\n' "$csv" | tail -n 1)" "total,Total,191,189,189,1000,1034"
check "the CSV district lines add up to 191 points" \
  "$(printf '%s\n' "$csv" | sed '1d;$d' | awk -F, '{ n += $3; e += $(NF-1); r += $NF } END { print n, e, r }')" "191 1000 1034"

check "by level: the host, 13 district centres, 177 stations" \
  "$(plenary report attendance "$ev" --by level --csv | tr -d '\r' | sed '1d;$d' | cut -d, -f1,3 | tr '\n' ' ')" \
  "province,1 district,13 commune,177 "

out=$(plenary points add "$ev" 'level=commune district="ba che,TIÊN YÊN"' --expected 5 --dry-run)
check "a rule by district names counts the stations of Ba Chẽ and Tiên Yên" "$out" \
  "$(sqlite3 "$PLENARY_DB" "SELECT count(*) FROM sites s JOIN sites d ON d.id = s.district_id WHERE s.level = 'commune' AND d.code IN ('QN-TTYT-BC', 'QN-TTYT-TY');") sites, $(sqlite3 "$PLENARY_DB" "SELECT 5 * count(*) FROM sites s JOIN sites d ON d.id = s.district_id WHERE s.level = 'commune' AND d.code IN ('QN-TTYT-BC', 'QN-TTYT-TY');") expected (not added: --dry-run)."
out=$(plenary points add "$ev" 'level=district' --dry-run)
contains "level=district chooses the 13 district health centres" "$out" "13 sites"

done_testing
