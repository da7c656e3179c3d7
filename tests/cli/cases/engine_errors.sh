# Exit codes and one-line errors with file:line:col.
expect_rc 2 --bogus
expect_rc 2 render
expect_rc 3 -e 'mkdir /x mdoe=0700'
err_has "-e:1:10: unknown option 'mdoe'"
printf 'env A=1\n  bogus step\n' > "$T/plan"
expect_rc 3 -f "$T/plan"
err_has "$T/plan:2:3: unknown step 'bogus'"
expect_rc 3 -e "exec -- /bin/true
env A=1"
err_has "'exec' must be the last step"
expect_rc 3 -e "write $T/x \${UNDEFINED_VAR}"
err_has "-e:1:"
err_has "undefined variable UNDEFINED_VAR"
absent "$T/x"
# No plan at all: a usage error; $VOLINIT_PLAN is used when set.
VOLINIT_PLAN= expect_rc 2
echo "write $T/vp from-env-plan" > "$T/vp.plan"
VOLINIT_PLAN="$T/vp.plan" ok
content "$T/vp" from-env-plan
