# The sites and people commands: import (all or nothing), export, list, and
# the round trip, checked with the sqlite3 CLI and cmp.
. "$(dirname "$0")/tap.sh"

q() { sqlite3 -batch -noheader "$1" "$2"; }

# Parents defined later in the file; a quoted address with a comma.
cat > sites.csv <<'CSV'
code,name,level,parent_code,district_code,address
QN-TYT-BC-01,Trạm Y tế xã Đạp Thanh,commune,QN-TTYT-BC,,
QN-TTYT-BC,Trung tâm Y tế huyện Ba Chẽ,district,QN-SYT,,"Khu 3, thị trấn Ba Chẽ"
QN-SYT,Sở Y tế Quảng Ninh,province,,,
CSV
out=$(plenary --db t.db sites import sites.csv); status=$?
check "sites import exits 0" "$status" 0
contains "it says what it imported" "$out" "3 new, 0 updated"
check "the commune lies in its district" \
  "$(q t.db "SELECT d.code FROM sites s JOIN sites d ON d.id = s.district_id WHERE s.code = 'QN-TYT-BC-01';")" QN-TTYT-BC
check "Vietnamese text is intact" "$(q t.db "SELECT address FROM sites WHERE code = 'QN-TTYT-BC';")" "Khu 3, thị trấn Ba Chẽ"

# As a spreadsheet writes it: BOM, semicolons, CRLF.
printf '\xef\xbb\xbfcode;name;level;parent_code\r\nQN-TYT-BC-02;Trạm Y tế xã Đồn Đạc;commune;QN-TTYT-BC\r\n' > excel.csv
plenary --db t.db sites import excel.csv > /dev/null; status=$?
check "a BOM + semicolon + CRLF file imports" "$status" 0
check "its name is intact" "$(q t.db "SELECT name FROM sites WHERE code = 'QN-TYT-BC-02';")" "Trạm Y tế xã Đồn Đạc"

# One good row and three bad ones into a fresh database: nothing is written.
cat > bad.csv <<'CSV'
code,name,level,parent_code,district_code,address
QN-SYT,Sở Y tế Quảng Ninh,province,,,
QN-TYT-HL-01,Trạm Y tế phường Bãi Cháy,comune,QN-SYT,,
QN-TYT-HL-02,Trạm Y tế phường Hồng Gai,commune,QN-XA-999,,
QN-TYT-HL-03,Trạm Y tế phường Hà Tu
CSV
plenary --db fresh.db sites import bad.csv > out.txt 2> err.txt; status=$?
check "a file with bad rows exits 1" "$status" 1
err=$(cat err.txt)
contains "row 3 is named with its reason" "$err" "row 3: level 'comune' is not one of province, unit, district, commune, village"
contains "row 4 is named with its reason" "$err" "row 4: parent code 'QN-XA-999' does not exist"
contains "row 5 is named with its reason" "$err" "row 5: 2 columns, but the header has 6"
contains "the file is named" "$err" "bad.csv"
check "nothing on stdout" "$(cat out.txt)" ""
check "sqlite3 shows no sites were written" "$(q fresh.db "SELECT count(*) FROM sites;")" 0

# People: unknown site → nothing; then a good file.
cat > people-bad.csv <<'CSV'
staff_number,name,title,site_code,phone,email
QN00001,Nguyễn Văn An,Bác sĩ,QN-SYT,,
QN00002,Trần Thị Bích,Y sĩ,QN-XA-999,,
CSV
plenary --db t.db people import people-bad.csv 2> err.txt; status=$?
check "people with an unknown site exit 1" "$status" 1
contains "the row and the site are named" "$(cat err.txt)" "row 3: site code 'QN-XA-999' does not exist"
check "sqlite3 shows no people were written" "$(q t.db "SELECT count(*) FROM people;")" 0

head -n 2 people-bad.csv > people.csv
echo 'QN00002,"Trần Thị ""Bích""",Y sĩ,QN-TYT-BC-01,0912 345 678,bich@example.org' >> people.csv
plenary --db t.db people import people.csv > /dev/null; status=$?
check "people import exits 0" "$status" 0
check "new people got 10-character sign-in codes without look-alikes" \
  "$(q t.db "SELECT count(*) FROM people WHERE length(signin_code) = 10 AND signin_code NOT GLOB '*[^2-9a-hjkmnp-z]*';")" 2

plenary --db t.db people export plain.csv
contains "export without --with-codes has no codes" "$(head -c 200 plain.csv)" "staff_number,name,title,site_code,phone,email"
code=$(q t.db "SELECT signin_code FROM people WHERE staff_number = 'QN00001';")
ok "no sign-in code in a plain export" bash -c "! grep -q '$code' plain.csv"
plenary --db t.db people export --with-codes coded.csv
ok "--with-codes adds them" grep -q "signin_code" coded.csv
ok "with the person's own code" grep -q "QN00001,.*,$code" coded.csv
ok "the export starts with a UTF-8 BOM" bash -c "head -c 3 plain.csv | od -An -tx1 | grep -q 'ef bb bf'"

# Round trip on the demo data set: export, import into a new database,
# export again: the same bytes.
plenary --db demo.db demo > /dev/null
plenary --db demo.db sites export s1.csv
plenary --db demo.db people export --with-codes p1.csv
plenary --db copy.db sites import s1.csv > /dev/null
plenary --db copy.db people import p1.csv > /dev/null
plenary --db copy.db sites export s2.csv
plenary --db copy.db people export --with-codes p2.csv
ok "sites: export → import → export is byte-identical" cmp s1.csv s2.csv
ok "people: export → import → export is byte-identical" cmp p1.csv p2.csv
check "the copy has the 1 005 sites" "$(q copy.db "SELECT count(*) FROM sites;")" 1005
plenary --db demo.db sites export > s3.csv
ok "export to stdout writes the same bytes as to a file" cmp s1.csv s3.csv
plenary --db demo.db sites list --csv > s4.csv
ok "sites list --csv is the export" cmp s1.csv s4.csv

# Lists.
tree=$(plenary --db demo.db sites list)
contains "the tree starts at the department" "$(printf '%s\n' "$tree" | head -n 1)" "Sở Y tế Quảng Ninh  (QN-SYT"
contains "communes are indented under their district" "$tree" "
    Trạm Y tế xã Đạp Thanh  (QN-TYT-BC-02"
check "the tree lists every site" "$(printf '%s\n' "$tree" | wc -l)" 1005
n=$(plenary --db demo.db people list --site QN-TTYT-CT | wc -l)
check "people list --site counts the people of the district and below" "$n" \
  "$(q demo.db "SELECT count(*) FROM people p JOIN sites s ON s.id = p.site_id WHERE s.district_id = (SELECT id FROM sites WHERE code = 'QN-TTYT-CT');")"
plenary --db demo.db people list --site NOPE 2> err.txt; status=$?
check "an unknown --site exits 1" "$status" 1
contains "and names the code" "$(cat err.txt)" "'NOPE'"
plenary --db demo.db people list --csv > all.csv
check "people list --csv has a header and 2 251 rows" "$(wc -l < all.csv)" 2252

plenary --db demo.db sites frobnicate 2> err.txt; status=$?
check "an unknown subcommand exits 2" "$status" 2
contains "and shows the usage" "$(cat err.txt)" "plenary sites list"

done_testing
