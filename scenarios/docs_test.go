package scenarios

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// docSections maps each type of the scenario file to the section of
// docs/scenario.md that documents its keys.
var docSections = map[reflect.Type]string{
	reflect.TypeFor[Scenario]():         "## Top level",
	reflect.TypeFor[Workload]():         "## workload",
	reflect.TypeFor[Synthetic]():        "## workload.synthetic",
	reflect.TypeFor[Function]():         "## A function (workload.synthetic.functions[])",
	reflect.TypeFor[Arrival]():          "## An arrival process (arrival)",
	reflect.TypeFor[Dist]():             "## A distribution",
	reflect.TypeFor[TraceSpec]():        "## workload.trace",
	reflect.TypeFor[SynthSpec]():        "## workload.synth",
	reflect.TypeFor[Platform]():         "## A platform (platforms[])",
	reflect.TypeFor[KeepAlive]():        "## keep_alive",
	reflect.TypeFor[ColdStart]():        "## cold_start",
	reflect.TypeFor[Concurrency]():      "## concurrency",
	reflect.TypeFor[Replica]():          "## replica",
	reflect.TypeFor[Scaling]():          "## scaling",
	reflect.TypeFor[Payload]():          "## A payload class (payloads[])",
	reflect.TypeFor[ArchSpeed]():        "## speed_by_architecture",
	reflect.TypeFor[InitialInstances](): "## initial_instances",
}

// The scenario reference cannot drift from the decoder: every key of every
// type the decoder fills is a row of its type's table in docs/scenario.md,
// and every row names a key that exists. A type reached from Scenario that
// has no section fails too.
func TestScenarioReferenceIsComplete(t *testing.T) {
	data, err := os.ReadFile("../docs/scenario.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type)
	walk = func(ty reflect.Type) {
		for ty.Kind() == reflect.Pointer || ty.Kind() == reflect.Slice {
			ty = ty.Elem()
		}
		if ty.Kind() != reflect.Struct || ty == durationType || seen[ty] {
			return
		}
		seen[ty] = true
		heading, ok := docSections[ty]
		if !ok {
			t.Errorf("type %s has no section in docs/scenario.md (add one, and map it in docSections)", ty.Name())
			return
		}
		documented := tableKeys(t, doc, heading)
		var keys []string
		for i := range ty.NumField() {
			f := ty.Field(i)
			switch {
			case !f.IsExported():
			case inline(f):
				walk(f.Type) // its keys are documented in its own section
			default:
				keys = append(keys, yamlName(f))
				walk(f.Type)
			}
		}
		for _, k := range keys {
			if !slices.Contains(documented, k) {
				t.Errorf("%s: key %q is not documented", heading, k)
			}
		}
		for _, k := range documented {
			if !slices.Contains(keys, k) {
				t.Errorf("%s: documents %q, which the decoder does not know", heading, k)
			}
		}
	}
	walk(reflect.TypeFor[Scenario]())
}

// tableKeys returns the keys in the first column of the table under heading.
func tableKeys(t *testing.T, doc, heading string) []string {
	t.Helper()
	at := strings.Index(doc, "\n"+heading+"\n")
	if at < 0 {
		t.Errorf("docs/scenario.md has no section %q", heading)
		return nil
	}
	section := doc[at+len(heading)+2:]
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	var keys []string
	for _, line := range strings.Split(section, "\n") {
		if k, ok := strings.CutPrefix(line, "| `"); ok {
			if name, _, ok := strings.Cut(k, "`"); ok {
				keys = append(keys, name)
			}
		}
	}
	return keys
}
