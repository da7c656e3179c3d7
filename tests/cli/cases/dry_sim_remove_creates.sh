# remove, then the path conditions, in a dry run: creates= and if-exists=
# see the removed path gone, if-empty= a directory emptied, and an earlier
# write's file exists for creates=.
V=$T/v; mkdir -p "$V/data"; echo x > "$V/data/PG_VERSION"
disk_snap "$V"
ok --dry-run -e "remove $V/data/PG_VERSION" \
    -e "write $V/init-1 y creates=$V/data/PG_VERSION" \
    -e "write $V/init-2 y if-exists=$V/data/PG_VERSION" \
    -e "write $V/init-3 y if-empty=$V/data" \
    -e "write $V/marker m" -e "write $V/init-4 y creates=$V/marker"
err_has "[1] remove $V/data/PG_VERSION: changed"
err_has "[2] write $V/init-1: changed"
err_has "[3] write $V/init-2: skipped (if-exists: $V/data/PG_VERSION does not exist)"
err_has "[4] write $V/init-3: changed"
err_has "[5] write $V/marker: changed"
err_has "[6] write $V/init-4: skipped (creates: $V/marker exists)"
summary_changed 4
[ -f "$V/data/PG_VERSION" ] || fail "the dry run removed PG_VERSION"
disk_same "$V"
