# require names every missing or empty variable at once; forbid every set one.
expect_rc 1 -e 'env A=1 B=
require A B C'
err_has "required variables not set or empty: B, C"
err_has "-e:2:1:"
A=1 D=x expect_rc 1 -e 'forbid A B D'
err_has "forbidden variables set: A, D"
ok -e 'env A=1
require A'
