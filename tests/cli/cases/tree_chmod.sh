# chmod: symbolic modes as GNU (without the umask), exact octal, links and
# their targets untouched, FIFOs never opened, dry-run.
mkdir -p "$T/m/d"
echo f > "$T/m/f"; echo x > "$T/m/x"; echo o > "$T/outside"
chmod 2775 "$T/m"; chmod 666 "$T/m/f" "$T/outside"; chmod 777 "$T/m/x" "$T/m/d"
ln -s ../outside "$T/m/l"
mkfifo -m 666 "$T/m/fifo"
ok --dry-run -e "chmod -R u=rwX,g=rX,o= $T/m"
mode_is "$T/m/f" 666
summary_changed 1
ok -e "chmod -R u=rwX,g=rX,o= $T/m"
mode_is "$T/m" 2750
mode_is "$T/m/f" 640
mode_is "$T/m/x" 750
mode_is "$T/m/d" 750
mode_is "$T/m/fifo" 640
mode_is "$T/outside" 666
ok -e "chmod -R u=rwX,g=rX,o= $T/m"
summary_changed 0
# octal is exact: set-gid cleared on a directory (GNU would keep it)
ok -e "chmod 0700 $T/m"
mode_is "$T/m" 700
ok -e "chmod +t $T/m" -e "chmod g+s,a-w $T/m/x"
mode_is "$T/m" 1700
mode_is "$T/m/x" 2550
# several paths; exclude=
mkdir -p "$T/e/keep" "$T/e/skip"
ok -e "chmod -R 0700 $T/e/keep $T/e/skip exclude=skip"
mode_is "$T/e/keep" 700
mode_is "$T/e/skip" 700
mkdir "$T/e/keep/skip"; chmod 755 "$T/e/keep/skip"
ok -e "chmod -R 0711 $T/e/keep exclude=skip"
mode_is "$T/e/keep/skip" 755
expect_rc 3 -e "chmod 0800 $T/m"
err_has "invalid mode '0800'"
expect_rc 5 -e "chmod 0600 $T/m/l"
mode_is "$T/outside" 666
