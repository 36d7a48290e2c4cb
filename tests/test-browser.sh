# The portal in a real browser (headless Chromium, driven over the DevTools
# protocol by tests/pln-cdp.c): a site checks in from the page and the store
# changes; a viewer opens a player page and the video plays; at a phone's
# 360 px every page fits the width (a long event title wraps).
. "$(dirname "$0")/tap.sh"

if ! command -v "${CHROMIUM:-chromium}" >/dev/null; then
  skip "browser tests" "Chromium is not installed (./test.sh installs it)"
  done_testing; exit
fi
shots="$PLENARY_BUILD_ROOT/tests/screenshots"
mkdir -p "$shots"

db="$TMP/browser.db"
cat > sites.csv <<'CSV'
code,name,level,parent_code,district_code,address
QN-SYT,Sở Y tế Quảng Ninh,province,,,
QN-TTYT-BC,Trung tâm Y tế huyện Ba Chẽ,district,QN-SYT,,
QN-TYT-BC-02,Trạm Y tế xã Thanh Sơn,commune,QN-TTYT-BC,,
CSV
plenary --db "$db" sites import sites.csv > /dev/null
plenary --db "$db" events add --kind conference --title "Hội nghị trực tuyến mạng lưới truyền thông y tế" \
  --start "$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)" --end "$(date -u -d '+3 hour' +%Y-%m-%dT%H:%M:%SZ)" --host QN-SYT > /dev/null
plenary --db "$db" points add 1 "under=QN-TTYT-BC" --expected 20 > /dev/null
token=$(sqlite3 "$db" "SELECT bp.token FROM bridge_points bp JOIN sites s ON s.id = bp.site_id WHERE s.code = 'QN-TYT-BC-02';")

library="$TMP/library"
mkdir -p "$library/rec1"
ffmpeg -v error -f lavfi -i testsrc=size=320x240:rate=25 -f lavfi -i sine=frequency=440 -t 8 \
  -c:v libx264 -pix_fmt yuv420p -profile:v main -c:a aac -movflags +faststart "$library/rec1/recording.mp4"
pub=00112233445566778899aabbccddeeff
sqlite3 "$db" <<SQL
INSERT INTO settings (key, value) VALUES ('library-path', '$library');
INSERT INTO recordings (public_id, event_id, title, folder, state, visibility, started_at, duration_ms, created_at)
  VALUES ('$pub', 1, 'Khai mạc hội nghị', 'rec1', 'ready', 'public', 1700000000, 8000, 1700000000);
INSERT INTO outputs (recording_id, kind, path, bytes) SELECT id, 'mp4', 'rec1/recording.mp4', 0 FROM recordings;
INSERT INTO chapters (recording_id, offset_ms, title) SELECT id, 4000, 'Phát biểu chỉ đạo' FROM recordings;
SQL

# The program itself, not the tap.sh function: $! must be the server.
"$PLENARY_EXE" --db "$db" serve --bind 127.0.0.1 --port 0 > serve.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 50); do grep -q 'http://' serve.log && break; sleep 0.1; done
base=$(grep -o 'http://[^ ]*' serve.log | head -n 1)
base=${base%/}

ok "a site checks in from the page: types 42, presses the button" "$PLN_CDP" \
  navigate "$base/checkin/$token?lang=vi" \
  screenshot "$shots/portal-checkin.png" \
  eval "document.getElementById('count').value = '42'; document.querySelector('form button').click(); true" \
  wait "location.search.indexOf('saved=1') >= 0 && document.readyState === 'complete'" 15 \
  screenshot "$shots/portal-checkin-saved.png"
check "the head-count from the browser is in the store" \
  "$(sqlite3 "$db" "SELECT reported_count || ' ' || link_status FROM bridge_points WHERE token = '$token';")" "42 connected"

"$PLN_CDP" \
  navigate "$base/watch/$pub?lang=vi" \
  eval "document.getElementById('player').muted = true; document.getElementById('player').play().then(() => true)" \
  wait "document.getElementById('player').currentTime > 2" 20 \
  print "document.getElementById('player').currentTime" \
  screenshot "$shots/portal-player.png" > played.txt 2> cdp.err
check "the player page plays: the video's clock passed 2 s" "$(awk '$1 > 2 { print "yes" }' played.txt)" yes
[ -s cdp.err ] && sed 's/^/# /' cdp.err

# The smallest phone the portal is made for (360 CSS pixels): nothing is
# wider than the screen, so nothing is cut at its right edge (the event
# line under the title was), and the page does not scroll sideways.
overflow='(function () {
  var w = 360, out = [];
  document.querySelectorAll("body *").forEach(function (e) {
    var r = e.getBoundingClientRect();
    if (r.width > 0 && (r.right > w + 0.5 || r.left < -0.5 || e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === "hidden"))
      out.push(e.tagName.toLowerCase() + (e.className ? "." + e.className : "") + " " + Math.round(r.left) + ".." + Math.round(r.right));
  });
  return "scroll " + document.documentElement.scrollWidth + " of " + window.innerWidth + (out.length ? "; past the edge: " + out.join(", ") : "");
})()'
# A long event title with a long unbroken code in it, as organisers write.
sqlite3 "$db" "UPDATE events SET title = 'Hội nghị trực tuyến mạng lưới truyền thông y tế tỉnh Quảng Ninh năm 2024 QNSYT-HNTT2024.truyenthongmangluoicosoytetinhquangninh' WHERE id = 1;"
pages=("watch/$pub?lang=vi" "watch/$pub?lang=en" "checkin/$token?lang=vi" "library?lang=vi" "?lang=vi")
steps=(viewport 360 740)
for page in "${pages[@]}"; do
  name=$(printf '%s' "${page%%[/?]*}-${page##*lang=}" | tr -c 'a-z0-9\n' -)
  steps+=(navigate "$base/$page" print "$overflow" screenshot "$shots/portal-${name#-}-360.png")
done
# One browser for every page: a line of figures each.
"$PLN_CDP" "${steps[@]}" 2> cdp.err | tr -d '"' > narrow.txt
for i in "${!pages[@]}"; do
  check "at 360 px, /${pages[$i]} fits the width" "$(sed -n "$((i + 1))p" narrow.txt)" "scroll 360 of 360"
done
[ -s cdp.err ] && sed 's/^/# /' cdp.err

kill $server; wait $server 2>/dev/null
done_testing
