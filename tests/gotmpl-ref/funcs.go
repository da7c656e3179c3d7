package main

// The function map of dockerize (v0.10+, template.go): Sprig v3's real
// TxtFuncMap (Debian's golang-github-masterminds-sprig-dev, built in GOPATH
// mode), dockerize's 13 functions written again from their documented
// behaviour on top of it, and volinit's secret, file and required.

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
)

func funcMap() template.FuncMap {
	// dockerize's generateFile: Sprig's whole text map, then its own 13
	// on top; volinit's three are added here as volinit adds them.
	fm := sprig.TxtFuncMap()
	for k, v := range (template.FuncMap{
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
		// volinit
		"secret":   viSecret,
		"file":     viFile,
		"required": viRequired,
	}) {
		fm[k] = v
	}
	return fm
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
	return false, fmt.Errorf("unable to stat %s: %w", path, err)
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
