# file-env: the official images' file_env.
printf 's3cret\n' > "$T/pw"
DB_PASSWORD_FILE="$T/pw" ok -e "file-env DB_PASSWORD DB_USER=postgres
file-env DB_NAME=\${DB_USER}
write $T/out \"\${DB_USER}:\${DB_PASSWORD}@\${DB_NAME}\""
content "$T/out" "postgres:s3cret@postgres"
mode_is "$T/out" 600
DB_PASSWORD=x DB_PASSWORD_FILE="$T/pw" expect_rc 1 -e 'file-env DB_PASSWORD'
err_has "both DB_PASSWORD and DB_PASSWORD_FILE are set"
# VAR="" plus VAR_FILE is not a conflict: the file wins.
DB_PASSWORD= DB_PASSWORD_FILE="$T/pw" ok -e "file-env DB_PASSWORD
write $T/o2 \${DB_PASSWORD}"
content "$T/o2" s3cret
DB_PASSWORD_FILE="$T/nope" expect_rc 1 -e 'file-env DB_PASSWORD'
err_has "$T/nope"
