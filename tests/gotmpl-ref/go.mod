module volinit/gotmpl-ref

go 1.19
