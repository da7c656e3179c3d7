package main

// jsonQuery as dockerize v0.10+ has it: the gojq package (jwilder's fork)
// over gosplitargs as of late 2024, whose separator is the literal
// two-byte string `\.` (it was a regular expression once, so old paths
// "a.b" now name the one key "a.b"). Written again from their behaviour:
//   - "." alone is the whole document;
//   - the path is cut at each `\.` outside '...' or "..." quotes; quote
//     characters toggle and are dropped; a newline or a quote between the
//     `\` and the `.` does not break the match, and then only the `\` is
//     dropped from the segment (gosplitargs trims len(sep)-1 bytes);
//   - a segment "[N]" (3 bytes or more) indexes an array (strconv.Atoi;
//     a negative N panics in gojq, an error here as in text/template);
//     any other segment is an object key.

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

func splitPath(p string) []string {
	var out []string
	var cur []byte
	sq, dq := false, false
	matched := false // the `\` of the separator was just seen
	for _, ch := range strings.Split(p, "") {
		switch {
		case ch == "\n":
			cur = append(cur, ch...)
			continue
		case ch == "'" && !dq:
			sq = !sq
			continue
		case ch == `"` && !sq:
			dq = !dq
			continue
		}
		if !sq && !dq {
			if !matched && ch == `\` {
				matched = true
				cur = append(cur, ch...)
				continue
			}
			if matched && ch == "." {
				out = append(out, string(cur[:len(cur)-1]))
				cur = cur[:0]
				matched = false
				continue
			}
			matched = false
		}
		cur = append(cur, ch...)
	}
	return append(out, string(cur))
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
