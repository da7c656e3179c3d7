# mkdir owner=: owner then mode, on the directory; re-run changes nothing.
as_root
ok -e "mkdir $T/d owner=1234:5678 mode=2770"
owner_is "$T/d" 1234:5678
mode_is "$T/d" 2770
ok -e "mkdir $T/d owner=1234:5678 mode=2770"
summary_changed 0
ok -e "mkdir $T/d owner=42"
owner_is "$T/d" 42:5678
