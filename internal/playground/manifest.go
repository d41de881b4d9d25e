package playground

// CONTRACT STUB (part "lessons" replaces this file): the embedded manifest.

// manifest is the embedded playground.yaml: the examples offered (with
// their own overrides) and the lessons.
type manifest struct {
	Default  string
	Examples []Offered
	Lessons  []Lesson
}

// loadManifest reads and checks the embedded manifest; Offered's Title and
// Description are filled from the examples themselves.
func loadManifest() (*manifest, error) { return &manifest{}, nil }
