package printable

import (
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Escape returns s with every character that is not plain printable text
// written as a Go escape: "\n", "\t", "\x1b", "\u202e", and "\xff" for a
// byte that is not UTF-8. Printable text, any script, is returned as is
// (and without allocating).
func Escape(s string) string { return escape(s, false) }

// Paragraph is Escape keeping newlines: for a description, whose lines
// are its own.
func Paragraph(s string) string { return escape(s, true) }

func escape(s string, keepNewlines bool) string {
	i := firstUnsafe(s, keepNewlines)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatUint(uint64(s[i])|0x100, 16)[1:])
		case r == '\n' && keepNewlines:
			b.WriteByte('\n')
		case unsafeRune(r):
			q := strconv.QuoteRuneToASCII(r) // '\n', '\x1b', '\u202e'
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// firstUnsafe is the index of the first byte Escape changes, or -1.
func firstUnsafe(s string, keepNewlines bool) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 || c == 0x7f) && !(keepNewlines && c == '\n') {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || unsafeRune(r) {
			return i
		}
		i += size
	}
	return -1
}

// unsafeRune reports a control character (C0, DEL, C1), a line or
// paragraph separator, or a bidirectional formatting character.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r < 0xa0:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r == 0x2028, r == 0x2029,
		r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// All returns a copy of v with Escape applied to every string in it
// (struct fields, slice and array elements, map keys and values, through
// pointers). Parts that hold no string are shared, not copied: a report's
// results hold large series of numbers.
func All[T any](v T) T {
	src := reflect.ValueOf(&v).Elem()
	if !hasString(src.Type()) {
		return v
	}
	dst := reflect.New(src.Type()).Elem()
	copyEscaped(dst, src)
	return dst.Interface().(T)
}

func copyEscaped(dst, src reflect.Value) {
	if !hasString(src.Type()) {
		dst.Set(src)
		return
	}
	switch src.Kind() {
	case reflect.String:
		dst.SetString(Escape(src.String()))
	case reflect.Struct:
		dst.Set(src) // unexported fields as they are
		for i := range src.NumField() {
			if dst.Field(i).CanSet() {
				copyEscaped(dst.Field(i), src.Field(i))
			}
		}
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		n := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		for i := range src.Len() {
			copyEscaped(n.Index(i), src.Index(i))
		}
		dst.Set(n)
	case reflect.Array:
		for i := range src.Len() {
			copyEscaped(dst.Index(i), src.Index(i))
		}
	case reflect.Map:
		if src.IsNil() {
			return
		}
		m := reflect.MakeMapWithSize(src.Type(), src.Len())
		for it := src.MapRange(); it.Next(); {
			k := reflect.New(src.Type().Key()).Elem()
			copyEscaped(k, it.Key())
			e := reflect.New(src.Type().Elem()).Elem()
			copyEscaped(e, it.Value())
			m.SetMapIndex(k, e)
		}
		dst.Set(m)
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		p := reflect.New(src.Type().Elem())
		copyEscaped(p.Elem(), src.Elem())
		dst.Set(p)
	default: // interfaces, funcs, channels: as they are
		dst.Set(src)
	}
}

var stringTypes sync.Map // reflect.Type -> bool

// hasString reports whether a value of type t can hold a string that All
// escapes: whether a string type is reachable from t through exported
// fields, elements, keys and pointers.
func hasString(t reflect.Type) bool {
	if v, ok := stringTypes.Load(t); ok {
		return v.(bool)
	}
	has := reaches(t, map[reflect.Type]bool{})
	stringTypes.Store(t, has)
	return has
}

func reaches(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false // a cycle: whatever it reaches, the walk finds elsewhere
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.String:
		return true
	case reflect.Struct:
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && reaches(f.Type, seen) {
				return true
			}
		}
	case reflect.Slice, reflect.Array, reflect.Pointer:
		return reaches(t.Elem(), seen)
	case reflect.Map:
		return reaches(t.Key(), seen) || reaches(t.Elem(), seen)
	}
	return false
}
