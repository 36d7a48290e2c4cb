# Sourced by the media shell tests (recorder, mosaic, RTMP) after tap.sh:
# small helpers in bash, awk and coreutils.

# listening PORT: something accepts TCP connections on 127.0.0.1:PORT
listening() { (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }

# free_port: a TCP port on 127.0.0.1 that nothing listens on
free_port() {
  local port
  while :; do
    port=$(shuf -i 20000-60999 -n 1)
    listening "$port" || { echo "$port"; return; }
  done
}

# manifest_key FILE SECTION NAME: a value of a recording's manifest
manifest_key() {
  awk -F= -v s="[$2]" -v k="$3" '$0 == s {in_s = 1; next} /^\[/ {in_s = 0} in_s && $1 == k {print substr($0, length(k) + 2)}' "$1"
}

# manifest_ms FILE NAME: a time of the manifest's [recording] (started,
# ended) in ms since the epoch
manifest_ms() { date -u -d "$(manifest_key "$1" recording "$2")" +%s%3N; }
