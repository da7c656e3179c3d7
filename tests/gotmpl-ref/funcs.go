package main

// Go re-implementations, written from their documented behaviour, of the
// functions volinit's syntax=go offers: dockerize's 13 (which win over
// Sprig's of the same name, as in dockerize's combined map), the Sprig
// subset, and volinit's secret, file and required.

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"os"
	"reflect"
	"strconv"
	"strings"
	"text/template"
)

func funcMap() template.FuncMap {
	return template.FuncMap{
		// dockerize
		"contains":  dzContains,
		"exists":    dzExists,
		"split":     strings.Split,
		"replace":   strings.Replace,
		"default":   dzDefault,
		"parseUrl":  dzParseURL,
		"atoi":      strconv.Atoi,
		"add":       func(a, b int) int { return a + b },
		"isTrue":    dzIsTrue,
		"lower":     strings.ToLower,
		"upper":     strings.ToUpper,
		"jsonQuery": dzJSONQuery,
		"loop":      dzLoop,
		// Sprig
		"quote":      spQuote,
		"squote":     spSquote,
		"trim":       strings.TrimSpace,
		"trimPrefix": func(p, s string) string { return strings.TrimPrefix(s, p) },
		"trimSuffix": func(p, s string) string { return strings.TrimSuffix(s, p) },
		"indent":     spIndent,
		"nindent":    func(n int, s string) string { return "\n" + spIndent(n, s) },
		"b64enc":     func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) },
		"b64dec":     spB64dec,
		"join":       func(sep string, v any) string { return strings.Join(spStrslice(v), sep) },
		"splitList":  func(sep, s string) []string { return strings.Split(s, sep) },
		"hasKey":     func(m map[string]any, k string) bool { _, ok := m[k]; return ok },
		"coalesce":   spCoalesce,
		"ternary":    spTernary,
		"empty":      spEmpty,
		"env":        os.Getenv,
		// volinit
		"secret":   viSecret,
		"file":     viFile,
		"required": viRequired,
	}
}

// dzContains reports whether key is in the map (dockerize's contains).
func dzContains(m map[string]string, key string) bool {
	_, ok := m[key]
	return ok
}

func dzExists(path string) (bool, error) {
	_, err := os.Stat(path)
	if err == nil {
		return true, nil
	}
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	return false, fmt.Errorf("stat %s: %w", path, err)
}

// dzDefault: the first argument when it is a non-nil string (even ""),
// else the second, which must be a string.
func dzDefault(args ...any) (string, error) {
	if len(args) == 0 {
		return "", errors.New("default called with no values")
	}
	if s, ok := args[0].(string); ok {
		return s, nil
	}
	if len(args) < 2 {
		return "", errors.New("default called with no default value")
	}
	if args[1] == nil {
		return "", errors.New("default called with nil default value")
	}
	d, ok := args[1].(string)
	if !ok {
		return "", errors.New("default is not a string value")
	}
	return d, nil
}

// dzParseURL: dockerize exits on a bad URL; an error is the equivalent.
func dzParseURL(s string) (*url.URL, error) {
	return url.Parse(s)
}

func dzIsTrue(s string) bool {
	l := strings.ToLower(s)
	switch l {
	case "true", "1", "yes", "on":
		return true
	case "false", "0", "no", "off":
		return false
	}
	b, err := strconv.ParseBool(l)
	return err == nil && b
}

// dzLoop yields start, start+step, ... below stop, like dockerize's loop.
func dzLoop(args ...int) (<-chan int, error) {
	start, stop, step := 0, 0, 1
	switch len(args) {
	case 1:
		stop = args[0]
	case 2:
		start, stop = args[0], args[1]
	case 3:
		start, stop, step = args[0], args[1], args[2]
	default:
		return nil, fmt.Errorf("wrong number of arguments, expected 1-3, but got %d", len(args))
	}
	c := make(chan int, 16)
	go func() {
		for i := start; i < stop; i += step {
			c <- i
		}
		close(c)
	}()
	return c, nil
}

func spStrval(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []byte:
		return string(v)
	case error:
		return v.Error()
	case fmt.Stringer:
		return v.String()
	}
	return fmt.Sprintf("%v", v)
}

func spQuote(args ...any) string {
	var out []string
	for _, a := range args {
		if a != nil {
			out = append(out, strconv.Quote(spStrval(a)))
		}
	}
	return strings.Join(out, " ")
}

func spSquote(args ...any) string {
	var out []string
	for _, a := range args {
		if a != nil {
			out = append(out, fmt.Sprintf("'%v'", a))
		}
	}
	return strings.Join(out, " ")
}

func spIndent(n int, s string) string {
	pad := strings.Repeat(" ", n)
	return pad + strings.ReplaceAll(s, "\n", "\n"+pad)
}

// spB64dec returns the error text on bad input, as Sprig does.
func spB64dec(s string) string {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

func spStrslice(v any) []string {
	switch v := v.(type) {
	case []string:
		return v
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			if e != nil {
				out = append(out, spStrval(e))
			}
		}
		return out
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Array || rv.Kind() == reflect.Slice {
		out := make([]string, 0, rv.Len())
		for i := 0; i < rv.Len(); i++ {
			if e := rv.Index(i).Interface(); e != nil {
				out = append(out, spStrval(e))
			}
		}
		return out
	}
	if v == nil {
		return []string{}
	}
	return []string{spStrval(v)}
}

func spEmpty(v any) bool {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return true
	}
	switch rv.Kind() {
	case reflect.Array, reflect.Slice, reflect.Map, reflect.String:
		return rv.Len() == 0
	case reflect.Bool:
		return !rv.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int() == 0
	case reflect.Float32, reflect.Float64:
		return rv.Float() == 0
	case reflect.Struct:
		return false
	}
	return rv.IsNil()
}

func spCoalesce(args ...any) any {
	for _, a := range args {
		if !spEmpty(a) {
			return a
		}
	}
	return nil
}

func spTernary(t, f any, cond bool) any {
	if cond {
		return t
	}
	return f
}

// viSecret is the file's content with trailing newlines dropped, as the
// shell's $(< FILE) does.
func viSecret(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	return strings.TrimRight(string(b), "\n"), nil
}

func viFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// viRequired fails with msg when v is nil or "", as Helm's required does.
func viRequired(msg string, v any) (any, error) {
	if v == nil {
		return v, errors.New(msg)
	}
	if s, ok := v.(string); ok && s == "" {
		return v, errors.New(msg)
	}
	return v, nil
}
