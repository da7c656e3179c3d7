// gotmpl-ref renders a template the way dockerize does: Go's text/template
// on a *Context whose Env method returns the environment, with dockerize's
// functions, the Sprig functions volinit supports and volinit's own. It is
// the oracle of the differential tests (tests/gotmpl_diff.sh).
//
// usage: gotmpl-ref TEMPLATE [--strict] [--delims=L:R]
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"text/template"
	"text/template/parse"
)

// Context mirrors dockerize's context.go: Env is a method returning a fresh
// map[string]string, which decides how missing keys behave.
type Context struct {
	facter map[string]string
}

// Env returns the environment as dockerize does.
func (c *Context) Env() map[string]string {
	env := make(map[string]string)
	for _, i := range os.Environ() {
		sep := strings.Index(i, "=")
		env[i[0:sep]] = i[sep+1:]
	}
	return env
}

// strictCheck is appended to every printing action in strict mode: it
// fails on a missing value and passes anything else through unchanged.
func strictCheck(v reflect.Value) (reflect.Value, error) {
	if !v.IsValid() {
		return v, fmt.Errorf("missing value")
	}
	return v, nil
}

// addStrict walks the tree and appends "| __strict" to actions that print.
func addStrict(n parse.Node) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			addStrict(c)
		}
	case *parse.ActionNode:
		if len(n.Pipe.Decl) == 0 {
			id := parse.NewIdentifier("__strict").SetPos(n.Pos)
			cmd := &parse.CommandNode{NodeType: parse.NodeCommand,
				Pos: n.Pos, Args: []parse.Node{id}}
			n.Pipe.Cmds = append(n.Pipe.Cmds, cmd)
		}
	case *parse.IfNode:
		addStrict(n.List)
		addStrict(n.ElseList)
	case *parse.RangeNode:
		addStrict(n.List)
		addStrict(n.ElseList)
	case *parse.WithNode:
		addStrict(n.List)
		addStrict(n.ElseList)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "gotmpl-ref: "+format+"\n", args...)
	os.Exit(3)
}

func main() {
	var path, delims string
	strict := false
	for _, a := range os.Args[1:] {
		switch {
		case a == "--strict":
			strict = true
		case strings.HasPrefix(a, "--delims="):
			delims = a[len("--delims="):]
		default:
			path = a
		}
	}
	if path == "" {
		fail("usage: gotmpl-ref TEMPLATE [--strict] [--delims=L:R]")
	}
	text, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	fm := funcMap()
	fm["__strict"] = strictCheck
	t := template.New(filepath.Base(path)).Funcs(fm)
	if delims != "" {
		l, r, ok := strings.Cut(delims, ":")
		if !ok {
			fail("bad --delims")
		}
		t = t.Delims(l, r)
	}
	t, err = t.Parse(string(text))
	if err != nil {
		fail("%v", err)
	}
	if strict {
		// Every template of the set: define and block bodies too.
		for _, d := range t.Templates() {
			addStrict(d.Tree.Root)
		}
	}
	var out bytes.Buffer
	if err := t.Execute(&out, &Context{}); err != nil {
		fail("%v", err)
	}
	os.Stdout.Write(out.Bytes())
}
