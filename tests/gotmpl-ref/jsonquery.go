package main

// A JSON path query in the manner of the gojq package dockerize uses: the
// path is split on dots (a dot inside '...' or "..." quotes does not split
// and the quotes are dropped); a segment "[N]" indexes an array, any other
// segment is an object key; "." alone is the whole document.

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

func splitPath(p string) []string {
	var out []string
	var cur strings.Builder
	var quote byte
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
			cur.WriteByte(c)
		case c == '"' || c == '\'':
			quote = c
		case c == '.':
			out = append(out, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	return append(out, cur.String())
}

func dzJSONQuery(doc, path string) (any, error) {
	var data any
	if err := json.Unmarshal([]byte(doc), &data); err != nil {
		return "", fmt.Errorf("unable to parse JSON object: %w", err)
	}
	if path == "." {
		return data, nil
	}
	for _, seg := range splitPath(path) {
		if len(seg) >= 3 && seg[0] == '[' && seg[len(seg)-1] == ']' {
			n, err := strconv.Atoi(seg[1 : len(seg)-1])
			if err != nil {
				return "", err
			}
			arr, ok := data.([]any)
			if !ok {
				return "", fmt.Errorf("%s is not an array", seg)
			}
			if n < 0 || n >= len(arr) {
				return "", fmt.Errorf("%s index out of range", seg)
			}
			data = arr[n]
			continue
		}
		obj, ok := data.(map[string]any)
		if !ok {
			return "", fmt.Errorf("%s is not an object", seg)
		}
		v, ok := obj[seg]
		if !ok {
			return "", fmt.Errorf("%s does not exist", seg)
		}
		data = v
	}
	return data, nil
}
