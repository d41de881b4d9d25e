package pricing

import (
	"io/fs"
	"testing"
)

// FuzzParse: Parse never panics, and whatever it accepts validates and can
// be metered and billed without panicking.
func FuzzParse(f *testing.F) {
	files, _ := fs.Glob(embedded, "sheets/*.yaml")
	for _, name := range files {
		data, _ := embedded.ReadFile(name)
		f.Add(data)
	}
	f.Add([]byte(valid))
	f.Add([]byte("- 1\n- [a\n"))
	f.Add([]byte("name: &a x\nprovider: *a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sheets, err := Parse("fuzz.yaml", data)
		if err != nil {
			return
		}
		for _, s := range sheets {
			if err := s.Validate(); err != nil {
				t.Fatalf("Parse accepted an invalid sheet: %v", err)
			}
			m := NewMeter(s)
			m.Request()
			feed(m, s, 2, 1500000, 512)
			s.Bill(m.Usage(), DefaultMonth, DefaultMonth, true)
		}
	})
}
