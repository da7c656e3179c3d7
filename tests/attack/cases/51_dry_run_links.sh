# --dry-run over planted links: still refused (exit 5), and the diff it
# prints never shows what lies behind the link (the sentinel's secret
# would land in the logs).
attack() {
	printf 'new\n' > "$SRC/t"
	ln -s "$SENT/secret" "$VOL/app.conf"
	ln -s "$SENT/dir" "$VOL/conf"
	mkdir -p "$VOL/cm/..2024"
	ln -s ..2024 "$VOL/cm/..data"
	ln -s "$SENT/shadow" "$VOL/cm/shadow"
	for s in "write $VOL/app.conf new" "ensure-line $VOL/app.conf new" \
	    "render $SRC/t $VOL/app.conf" "copy $SRC/t $VOL/app.conf" \
	    "write $VOL/conf/app.conf new" "ensure-line $VOL/conf/f new" \
	    "render $SRC/t $VOL/conf/app.conf"; do
		expect_rc 5 --dry-run -e "$(plan "$s")"
		err_lacks "$SECRET"
	done
	expect_rc "0|5" --dry-run -e "$(plan "copy $VOL/cm $VOL/out")"
	err_lacks "$SECRET"
	expect_rc "0|1|5" --dry-run -e "$(plan "render-dir $VOL/cm $VOL/out")"
	err_lacks "$SECRET"
	control
}
both attack
