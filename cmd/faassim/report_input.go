package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
)

// resultsJSONError explains why path is not faassim results JSON in the
// terms of the file, never of the Go types it is decoded into: a YAML
// scenario given by mistake is "not JSON at line 1, column 1", not
// "invalid character 'a' in literal null".
func resultsJSONError(path string, data []byte, err error) error {
	const what = "not faassim results JSON (the output of run, sweep or breakeven --format json)"
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return usageError{fmt.Errorf("%s: empty file: %s", path, what)}
	case errors.As(err, &syn):
		line, col := position(data, syn.Offset)
		return usageError{fmt.Errorf("%s: %s: line %d, column %d is not valid JSON", path, what, line, col)}
	case errors.As(err, &typ):
		field := "the file"
		if typ.Field != "" {
			field = fmt.Sprintf("%q", typ.Field)
		}
		return usageError{fmt.Errorf("%s: %s holds %s where %s is expected", path, field, jsonKind(typ.Value), goKind(typ.Type))}
	}
	return usageError{fmt.Errorf("%s: %s", path, what)}
}

// position turns the byte offset where JSON decoding stopped into a line
// and column (both from 1).
func position(data []byte, offset int64) (line, col int) {
	offset = min(max(offset, 1), int64(len(data)))
	before := data[:offset-1]
	line = bytes.Count(before, []byte("\n")) + 1
	col = len(before) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// jsonKind names a JSON value as UnmarshalTypeError.Value gives it.
func jsonKind(v string) string {
	switch v {
	case "array":
		return "a list"
	case "object":
		return "an object"
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "null":
		return "null"
	}
	return "a number" // "number" or "number 1.5"
}

// goKind names what a Go type accepts in JSON.
func goKind(t reflect.Type) string {
	if t == nil {
		return "another value"
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number of at least 0"
	case reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "another value"
}

// nothingToReport refuses saved results with nothing in them (bad input:
// no report, and no chart, can be drawn from them).
func nothingToReport(path string, n int, what string) error {
	if n > 0 {
		return nil
	}
	return usageError{fmt.Errorf("%s: no %s: nothing to report", path, what)}
}
