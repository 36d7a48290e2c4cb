# The command line: global options and errors.
. "$(dirname "$0")/tap.sh"

out=$(plenary version)
contains "version prints the name and version" "$out" "Plenary "

plenary no-such-command 2> err.txt; status=$?
check "an unknown command exits 2" "$status" 2
contains "an unknown command is named in the error" "$(cat err.txt)" "no-such-command"

done_testing
