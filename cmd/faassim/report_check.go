package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"faassim/internal/limits"
)

// resultsInput is the caps of a results file under budget b: the file is
// held whole and decoded into results once (limits.JSONBytesPerByte a
// byte), so it may be a tenth of --max-memory, which the message names.
func resultsInput(b limits.Budget) limits.Input {
	return limits.JSONInput("results file", b)
}

// countFields are the per-platform counts of every results schema: whole
// numbers, never negative.
var countFields = []string{"requests", "completed", "rejected", "timed_out", "in_flight", "cold_starts"}

// Indexes into countFields that decide whether an object is a platform
// record and which sum applies.
const (
	fieldRequests  = 0
	fieldCompleted = 1
	fieldInFlight  = 4
)

// frame is one open object or list on the path to the value being read.
// Only an object's counts are kept, never its other values: the walk's
// memory is the depth of the file, not its size.
type frame struct {
	object  bool
	wantKey bool   // object: the next token is a key (or the closing brace)
	key     string // object: the key of the value being read
	index   int    // list: the index of the value being read
	has     uint8  // bit i: countFields[i] is present (any value)
	counts  [6]int64
	bad     string  // the first count that is not a whole number >= 0: "requests -5"
	named   bool    // a "name" key, of any value
	name    *string // its value when it is a string
}

// checkResults checks what the renderers assume of a results file that the
// JSON decoder does not: every number finite, every count a whole number >=
// 0, and every platform's requests = completed + rejected + timed_out +
// in_flight (files older than in_flight: at least the first three). It
// walks the file's tokens with a streaming decoder, keeping only the path
// to the current value and the counts of the objects on it, so it needs
// memory for the file's depth, never for its numbers (decoding the file
// into `any` took 40 bytes a number: 2.5 GB for 63 MB). The message names
// the field as the file does ("points.2.results.platforms.0 (platform
// "lambda"): requests -5: ...").
func checkResults(path string, data []byte) error {
	if err := walkResults(bytes.NewReader(data)); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	return nil
}

// walkResults checks the JSON read from r; JSON that does not parse is not
// its concern (nil): the decoder that reads the results says where.
func walkResults(r io.Reader) error {
	dec := json.NewDecoder(r)
	dec.UseNumber() // 1e999 arrives as text, to be named rather than refused by the decoder
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil // io.EOF, or not JSON
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.object && top.wantKey {
			if key, ok := tok.(string); ok {
				top.key, top.wantKey = key, false
				continue
			}
			// '}': the object ends.
			stack = stack[:len(stack)-1]
			if err := top.check(pathOf(stack)); err != nil {
				return err
			}
			next(stack)
			continue
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case ']':
				stack = stack[:len(stack)-1]
				next(stack)
			case '{', '[':
				if top != nil {
					top.note(v.String()+"...", false)
				}
				stack = append(stack, &frame{object: v == '{', wantKey: v == '{'})
			}
			continue
		case json.Number:
			if f, err := strconv.ParseFloat(string(v), 64); err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
				return fmt.Errorf("%s: %s is not a finite number", pathOf(stack), v)
			}
			if top != nil {
				top.noteNumber(string(v))
			}
		case string:
			if top != nil {
				top.note(v, true)
			}
		default: // true, false, null
			if top != nil {
				top.note(fmt.Sprint(v), false)
			}
		}
		next(stack)
	}
}

// next moves the innermost frame past the value just read.
func next(stack []*frame) {
	if len(stack) == 0 {
		return
	}
	top := stack[len(stack)-1]
	if top.object {
		top.wantKey = true
	} else {
		top.index++
	}
}

// pathOf names the value being read: "points.2.results.platforms.0".
func pathOf(stack []*frame) string {
	path := ""
	for _, f := range stack {
		if f.object {
			path = join(path, f.key)
		} else {
			path = join(path, strconv.Itoa(f.index))
		}
	}
	return path
}

// note records a value that is not a number (text is how the message shows
// it; isString: it is the value itself) under the current key of an object.
func (f *frame) note(text string, isString bool) {
	if !f.object {
		return
	}
	if f.key == "name" {
		f.named = true
		if isString {
			f.name = &text
		}
		return
	}
	if q := strconv.Quote(text); isString && q[1:len(q)-1] != text {
		text = q // no control character reaches the terminal
	}
	if i := slices.Index(countFields, f.key); i >= 0 {
		f.has |= 1 << i
		if f.bad == "" {
			f.bad = f.key + " " + text
		}
	}
}

// noteNumber records a number under the current key of an object.
func (f *frame) noteNumber(num string) {
	if !f.object {
		return
	}
	if f.key == "name" {
		f.named = true
		return
	}
	i := slices.Index(countFields, f.key)
	if i < 0 {
		return
	}
	f.has |= 1 << i
	c, err := strconv.ParseInt(num, 10, 64)
	if (err != nil || c < 0) && f.bad == "" {
		f.bad = f.key + " " + num
	}
	f.counts[i] = c
}

// check checks a closed object, at path, if it is a platform record:
// counts with a name or fates (cost_usd has a "requests" line too, in
// dollars).
func (f *frame) check(path string) error {
	present := func(i int) bool { return f.has&(1<<i) != 0 }
	if !f.object || !present(fieldRequests) || !(f.named || present(fieldCompleted)) {
		return nil
	}
	if f.name != nil {
		path += " (platform " + strconv.Quote(*f.name) + ")"
	}
	if f.bad != "" {
		return fmt.Errorf("%s: %s: want a whole number >= 0", path, f.bad)
	}
	if !present(fieldCompleted) {
		return nil // counts without fates (a partial record): nothing to add up
	}
	n := f.counts
	sum := n[1] + n[2] + n[3] + n[4]
	if !present(fieldInFlight) {
		// Written before in_flight existed: what was still running then
		// is in requests and in no fate.
		if n[0] < sum {
			return fmt.Errorf("%s: requests %d is less than completed + rejected + timed_out, %d", path, n[0], sum)
		}
		return nil
	}
	if n[0] != sum {
		return fmt.Errorf("%s: requests %d is not completed + rejected + timed_out + in_flight = %d + %d + %d + %d = %d",
			path, n[0], n[1], n[2], n[3], n[4], sum)
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
