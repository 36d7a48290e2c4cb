# The portal, started for real on 127.0.0.1 and hit with curl: check-in,
# refusals, limits, calendars and the JSON API.
. "$(dirname "$0")/tap.sh"

db="$TMP/portal.db"
cat > sites.csv <<'CSV'
code,name,level,parent_code,district_code,address
QN-SYT,Sở Y tế Quảng Ninh,province,,,
QN-TTYT-BC,Trung tâm Y tế huyện Ba Chẽ,district,QN-SYT,,
QN-TYT-BC-01,Trạm Y tế thị trấn Ba Chẽ,commune,QN-TTYT-BC,,
QN-TYT-BC-02,Trạm Y tế xã Thanh Sơn,commune,QN-TTYT-BC,,
CSV
ok "sites import" plenary --db "$db" sites import sites.csv
start=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)
end=$(date -u -d '+3 hour' +%Y-%m-%dT%H:%M:%SZ)
ok "events add" plenary --db "$db" events add --kind conference --title "Hội nghị trực tuyến Ba Chẽ" --start "$start" --end "$end" --host QN-SYT
event=$(sqlite3 "$db" "SELECT id FROM events LIMIT 1;")
ok "points add by rule" plenary --db "$db" points add "$event" "under=QN-TTYT-BC" --expected 20
token=$(sqlite3 "$db" "SELECT token FROM bridge_points bp JOIN sites s ON s.id = bp.site_id WHERE s.code = 'QN-TYT-BC-02';")
check "a point's token is 32 hex digits" "$(printf %s "$token" | grep -cE '^[0-9a-f]{32}$')" 1

plenary --db "$db" serve --bind 127.0.0.1 --port 0 > serve.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 50); do grep -q 'http://' serve.log && break; sleep 0.1; done
base=$(grep -o 'http://[^ ]*' serve.log | head -n 1)
base=${base%/}
contains "serve prints the URL on 127.0.0.1" "$base" "http://127.0.0.1:"

page=$(curl -s -H 'Accept-Language: vi' "$base/checkin/$token")
contains "the check-in page names the site" "$page" "Trạm Y tế xã Thanh Sơn"
contains "the check-in page names the event" "$page" "Hội nghị trực tuyến Ba Chẽ"
check "the check-in page is small (< 20 KB with its stylesheet)" \
  "$(( $(printf %s "$page" | wc -c) + $(curl -s "$base/style.css" | wc -c) < 20480 ))" 1
csrf=$(printf %s "$page" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')

status=$(curl -s -o /dev/null -w '%{http_code}' -d "csrf=$csrf&connected=1&count=37" "$base/checkin/$token")
check "a check-in is answered with a redirect back to the page" "$status" 303
check "the head-count reached the store" "$(sqlite3 "$db" "SELECT reported_count FROM bridge_points WHERE token = '$token';")" 37
check "the point is connected" "$(sqlite3 "$db" "SELECT link_status FROM bridge_points WHERE token = '$token';")" connected
check "the link change is in the history" "$(sqlite3 "$db" "SELECT count(*) FROM link_changes lc JOIN bridge_points bp ON bp.id = lc.point_id WHERE bp.token = '$token' AND lc.status = 'connected';")" 1

status=$(curl -s -o /dev/null -w '%{http_code}' -d "csrf=$csrf&count=-4" "$base/checkin/$token")
check "a negative head-count is refused" "$status" 422
check "... and the saved count is kept" "$(sqlite3 "$db" "SELECT reported_count FROM bridge_points WHERE token = '$token';")" 37

status=$(curl -s -o /dev/null -w '%{http_code}' -d "csrf=0000&count=5" "$base/checkin/$token")
check "a forged CSRF token is refused" "$status" 403
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Origin: http://evil.example' -d "csrf=$csrf&count=5" "$base/checkin/$token")
check "a post from another origin is refused" "$status" 403
forged="${token%?}0"; [ "$forged" = "$token" ] && forged="${token%?}1"
status=$(curl -s -o /dev/null -w '%{http_code}' "$base/checkin/$forged")
check "a forged token is refused" "$status" 403
body=$(curl -s "$base/checkin/$forged")
check "the refusal gives nothing away" "$(printf %s "$body" | grep -c 'Ba Chẽ')" 0
status=$(curl -s -o /dev/null -w '%{http_code}' "$base/checkin/..%2f..%2fetc%2fpasswd")
check "a traversal attempt as a token is refused" "$status" 403
check "... and nothing changed in the store" "$(sqlite3 "$db" "SELECT sum(reported_count) FROM bridge_points;")" 37

status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: a' -H 'Host: b' "$base/")
check "duplicate Host headers are refused" "$status" 400
# curl will not send a doubled Content-Length: speak HTTP by hand.
raw_status() {
  local port=${base##*:}
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf '%b' "$1" >&3
  head -n 1 <&3 | cut -d' ' -f2
  exec 3>&-
}
status=$(raw_status "POST /checkin/$token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5\r\nContent-Length: 50\r\nConnection: close\r\n\r\ncount")
check "duplicate Content-Length headers are refused" "$status" 400
status=$(head -c 70000 /dev/zero | tr '\0' a | curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/x-www-form-urlencoded' --data-binary @- "$base/checkin/$token")
check "an oversized body is refused before it is read" "$status" 413
status=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Big: $(head -c 20000 /dev/zero | tr '\0' a)" "$base/")
check "oversized headers are refused" "$status" 431
status=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "$base/")
check "other methods are refused" "$status" 405

home=$(curl -s -H 'Accept-Language: en' "$base/")
contains "the start page lists the event" "$home" "Hội nghị trực tuyến Ba Chẽ"
contains "the start page speaks English when asked" "$home" "Events"

json=$(curl -s "$base/api/events")
contains "/api/events has the event" "$json" '"title":"Hội nghị trực tuyến Ba Chẽ"'
contains "/api/events counts the reported head-count" "$json" '"reported":37'

ics=$(curl -s "$base/calendar.ics")
contains "the calendar has a VTIMEZONE for Asia/Ho_Chi_Minh" "$ics" "TZID:Asia/Ho_Chi_Minh"
contains "the calendar has the event" "$ics" "SUMMARY:Hội nghị trực tuyến Ba Chẽ"
site_ics=$(curl -s "$base/sites/QN-TYT-BC-02/calendar.ics")
contains "a bridge point's calendar has the event" "$site_ics" "BEGIN:VEVENT"
status=$(curl -s -o /dev/null -w '%{http_code}' "$base/sites/NO-SUCH/calendar.ics")
check "an unknown site's calendar is 404" "$status" 404

kill $server; wait $server 2>/dev/null
done_testing
