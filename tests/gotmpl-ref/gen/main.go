// gen writes random well-formed templates in the syntax=go subset, for
// the differential tests: both engines must agree on each (same output,
// or both failing).
//
// usage: gen -seed N -n COUNT -dir DIR
package main

import (
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
)

var r *rand.Rand

var envKeys = []string{"APP_NAME", "APP_PORT", "BACKENDS", "EMPTY",
	"UNICODE", "SERVICES_JSON", "MISSING", "APP_DEBUG", "SPACES", "DATABASE_URL"}

var words = []string{"a", "b,c", "x y", "", "héllo", "Ab", "42", "-7", "true",
	"no", "a\\nb", "tab\\t", "%d", "é", "0"}

// regexes in the RE2 syntax volinit supports, leftmost-first cases
// (alternation, lazy repeats, empty matches) among them.
var regexes = []string{"`a|ab`", "`(\\w+)`", "`^(.)`", "`(é|e)+`", "`x*`", "`\\d+?`",
	"`[^,]+`", "`(a)|b`", "`\\b`", "`(?P<k>[a-z])[0-9]`", "`.$`", "`[[:space:]]+`", "`(a*)*`", "``"}

func pick(s []string) string { return s[r.Intn(len(s))] }

func strLit() string {
	switch r.Intn(3) {
	case 0:
		return "`" + strings.ReplaceAll(pick(words), "\\", "") + "`"
	default:
		return "\"" + pick(words) + "\""
	}
}

func numLit() string {
	return pick([]string{"0", "1", "2", "3", "-1", "10", "1.5", "0x10", "1e3", "'a'"})
}

// stringExpr returns an expression of (usually) string type.
func stringExpr(d int, vars []string) string {
	if d > 3 {
		return strLit()
	}
	switch r.Intn(14) {
	case 12:
		return "(regexReplaceAll " + pick(regexes) + " " + stringExpr(d+1, vars) + " " + pick([]string{"`<$1>`", "`$0$0`", "`${1}x`", "`-`", "`$$`"}) + ")"
	case 13:
		return "(" + pick([]string{"regexFind", "regexMatch", "mustRegexFind"}) + " " + pick(regexes) + " " + stringExpr(d+1, vars) + ")"
	case 0, 1:
		return ".Env." + pick(envKeys)
	case 2:
		return strLit()
	case 3:
		return "(" + pick([]string{"lower", "upper", "trim", "b64enc", "quote", "squote"}) + " " + stringExpr(d+1, vars) + ")"
	case 4:
		return "(printf " + "\"" + pick([]string{"%s", "%q", "%5s|%-4s", "%v-%v", "%x", "%d", "%T %#v", "%08.3f", "%+d %%", "%-6v|%6.2v", "%c %U"}) + "\" " + stringExpr(d+1, vars) + " " + anyExpr(d+1, vars) + ")"
	case 5:
		return "(replace " + stringExpr(d+1, vars) + " " + strLit() + " " + strLit() + " " + pick([]string{"-1", "1", "0", "2"}) + ")"
	case 6:
		return "(default " + anyExpr(d+1, vars) + " " + strLit() + ")"
	case 7:
		return "(join " + strLit() + " (split " + stringExpr(d+1, vars) + " " + strLit() + "))"
	case 8:
		if len(vars) > 0 {
			return pick(vars)
		}
		return strLit()
	case 9:
		return "(" + pick([]string{"trimPrefix", "trimSuffix"}) + " " + strLit() + " " + stringExpr(d+1, vars) + ")"
	case 10:
		return "(print " + anyExpr(d+1, vars) + " " + anyExpr(d+1, vars) + ")"
	default:
		return "(" + stringExpr(d+1, vars) + " | " + pick([]string{"lower", "upper", "quote", "trim", "printf \"[%s]\""}) + ")"
	}
}

func anyExpr(d int, vars []string) string {
	switch r.Intn(9) {
	case 0:
		return numLit()
	case 1:
		return pick([]string{"true", "false"})
	case 2:
		return "(len " + stringExpr(d+1, vars) + ")"
	case 3:
		return "(" + pick([]string{"eq", "ne", "lt", "le", "gt", "ge"}) + " " + stringExpr(d+1, vars) + " " + stringExpr(d+1, vars) + ")"
	case 4:
		return "(add " + numLit() + " " + pick([]string{"1", "2", "(len \"abc\")"}) + ")"
	case 5:
		return "(" + pick([]string{"and", "or"}) + " " + stringExpr(d+1, vars) + " " + anyExpr(d+1, vars) + ")"
	case 6:
		return "(jsonQuery .Env.SERVICES_JSON " + pick([]string{"\"region\"", "\"replicas\"", "\"services\\\\.[0]\\\\.name\"", "`services\\.[1]`", "`meta\\.tags`", "\"meta\"", "`services\\.[0]\\.hosts`", "\"services.[0]\"", "`services\\.[-1]`", "\".\""}) + ")"
	case 7:
		return "(split " + stringExpr(d+1, vars) + " " + strLit() + ")"
	default:
		return stringExpr(d+1, vars)
	}
}

func ws() string {
	return pick([]string{"", " ", " ", "\n", "  \n\t"})
}

func open() string {
	if r.Intn(4) == 0 {
		return "{{- "
	}
	return "{{ "
}

func cls() string {
	if r.Intn(4) == 0 {
		return " -}}"
	}
	return " }}"
}

func text() string {
	return pick([]string{"text", " ", "\n", "key = ", "  indent\n", "é\t", "[", "]", "$host", "{ }", ""})
}

func block(d int, vars []string, inRange bool) string {
	var b strings.Builder
	n := 1 + r.Intn(4)
	for i := 0; i < n; i++ {
		b.WriteString(text())
		switch k := r.Intn(15); {
		case k < 5 || d > 2:
			b.WriteString(open() + anyExpr(0, vars) + cls())
		case k == 5:
			b.WriteString(open() + "if " + anyExpr(1, vars) + cls() + block(d+1, vars, inRange))
			if r.Intn(2) == 0 {
				b.WriteString(open() + "else if " + anyExpr(1, vars) + cls() + block(d+1, vars, inRange))
			}
			if r.Intn(2) == 0 {
				b.WriteString(open() + "else" + cls() + block(d+1, vars, inRange))
			}
			b.WriteString(open() + "end" + cls())
		case k == 6:
			v := fmt.Sprintf("$v%d", d)
			iv := fmt.Sprintf("$i%d", d)
			src := pick([]string{"split .Env.BACKENDS \",\"", "split " + stringExpr(1, vars) + " \",\"", "jsonQuery .Env.SERVICES_JSON \"services\"", "loop 3", "loop 1 7 2", ".Env.MISSING", "jsonQuery .Env.SERVICES_JSON \"meta\""})
			b.WriteString(open() + "range " + iv + ", " + v + " := " + src + cls())
			b.WriteString(block(d+1, append(append([]string{}, vars...), v), true))
			if r.Intn(3) == 0 {
				b.WriteString(open() + "else" + cls() + block(d+1, vars, inRange))
			}
			b.WriteString(open() + "end" + cls())
		case k == 7:
			b.WriteString(open() + "with " + anyExpr(1, vars) + cls() + "[" + open() + "." + cls() + "]" + block(d+1, vars, inRange))
			if r.Intn(2) == 0 {
				b.WriteString(open() + "else" + cls() + block(d+1, vars, inRange))
			}
			b.WriteString(open() + "end" + cls())
		case k == 8:
			v := fmt.Sprintf("$x%d", len(vars))
			b.WriteString(open() + v + " := " + stringExpr(1, vars) + cls())
			vars = append(vars, v)
		case k == 9 && len(vars) > 0:
			b.WriteString(open() + pick(vars) + " = " + stringExpr(1, vars) + cls())
		case k == 10:
			b.WriteString("{{/* c */}}" + ws())
		case k == 12:
			b.WriteString(open() + "template " + pick([]string{"\"t1\"", "\"t2\""}) + " " + anyExpr(1, vars) + cls())
		case k == 13 && d == 0:
			b.WriteString(open() + "block \"b" + fmt.Sprint(r.Intn(1000)) + "\" " + anyExpr(1, vars) + cls() + "[" + open() + "." + cls() + "]" + open() + "end" + cls())
		case k == 11 && inRange:
			b.WriteString(open() + "if " + anyExpr(1, vars) + cls() + open() + pick([]string{"break", "continue"}) + cls() + open() + "end" + cls())
		default:
			b.WriteString(open() + stringExpr(0, vars) + cls())
		}
		b.WriteString(ws())
	}
	return b.String()
}

func main() {
	seed := flag.Int64("seed", 1, "random seed")
	n := flag.Int("n", 500, "number of templates")
	dir := flag.String("dir", ".", "output directory")
	flag.Parse()
	r = rand.New(rand.NewSource(*seed))
	for i := 0; i < *n; i++ {
		p := filepath.Join(*dir, fmt.Sprintf("case-%04d.tmpl", i))
		defs := "{{define \"t1\"}}<{{ . }}>{{end}}{{define \"t2\"}}{{ if . }}{{ printf \"%v\" . }}{{ end }}{{end}}"
		if err := os.WriteFile(p, []byte(defs+block(0, nil, false)), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
