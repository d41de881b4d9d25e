package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"faassim/internal/textfile"
)

// MaxResultsBytes bounds a results file `faassim report` reads: it is
// decoded whole (twice: checked as JSON, then read as results), so its
// size is its memory. The largest files faassim writes (a sweep of
// hundreds of points with timelines) are a few MB.
const MaxResultsBytes = 64 << 20

// readResults reads a results file within MaxResultsBytes.
func readResults(path string) ([]byte, error) {
	return textfile.Read(path, MaxResultsBytes, MaxResultsBytes)
}

// countFields are the per-platform counts of every results schema: whole
// numbers, never negative.
var countFields = []string{"requests", "completed", "rejected", "timed_out", "in_flight", "cold_starts"}

// checkResults checks what the renderers assume of a results file that the
// JSON decoder does not: every number finite, every count a whole number >=
// 0, and every platform's requests = completed + rejected + timed_out +
// in_flight (files older than in_flight: at least the first three). It
// walks the JSON itself, so the message names the field as the file does
// ("points.2.results.platforms.0 (lambda): requests -5: ...").
func checkResults(path string, data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // 1e999 arrives as text, to be named rather than refused by the decoder
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil // not JSON: the decoder that reads the results says so
	}
	if err := walkResults(doc, ""); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	return nil
}

func walkResults(v any, path string) error {
	switch v := v.(type) {
	case json.Number:
		if f, err := strconv.ParseFloat(string(v), 64); err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return fmt.Errorf("%s: %s is not a finite number", path, v)
		}
	case []any:
		for i, e := range v {
			if err := walkResults(e, join(path, strconv.Itoa(i))); err != nil {
				return err
			}
		}
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys) // the first problem in a stable order
		for _, k := range keys {
			if err := walkResults(v[k], join(path, k)); err != nil {
				return err
			}
		}
		// A platform: counts with a name or fates (cost_usd has a
		// "requests" line too, in dollars).
		_, counts := v["requests"]
		_, named := v["name"]
		_, fates := v["completed"]
		if counts && (named || fates) {
			return checkPlatform(v, path)
		}
	}
	return nil
}

// checkPlatform checks one platform's counts and their conservation.
func checkPlatform(p map[string]any, path string) error {
	if name, ok := p["name"].(string); ok {
		path += " (platform " + strconv.Quote(name) + ")"
	}
	n := map[string]int64{}
	for _, f := range countFields {
		raw, ok := p[f]
		if !ok {
			continue
		}
		num, isNum := raw.(json.Number)
		c, err := strconv.ParseInt(string(num), 10, 64)
		if !isNum || err != nil || c < 0 {
			return fmt.Errorf("%s: %s %v: want a whole number >= 0", path, f, raw)
		}
		n[f] = c
	}
	if _, ok := p["completed"]; !ok {
		return nil // counts without fates (a partial record): nothing to add up
	}
	sum := n["completed"] + n["rejected"] + n["timed_out"] + n["in_flight"]
	terms := "completed + rejected + timed_out + in_flight"
	if _, ok := p["in_flight"]; !ok {
		// Written before in_flight existed: what was still running then
		// is in requests and in no fate.
		if n["requests"] < sum {
			return fmt.Errorf("%s: requests %d is less than completed + rejected + timed_out, %d", path, n["requests"], sum)
		}
		return nil
	}
	if n["requests"] != sum {
		return fmt.Errorf("%s: requests %d is not %s = %d + %d + %d + %d = %d", path, n["requests"], terms,
			n["completed"], n["rejected"], n["timed_out"], n["in_flight"], sum)
	}
	return nil
}

// join extends a field path; a key that is not plain text is quoted, so a
// message never carries the file's control characters to the terminal.
func join(path, key string) string {
	if q := strconv.Quote(key); q[1:len(q)-1] != key || strings.ContainsAny(key, ". ") {
		key = q
	}
	if path == "" {
		return key
	}
	return path + "." + key
}
