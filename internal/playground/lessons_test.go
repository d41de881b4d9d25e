package playground

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"

	"faassim/models/metrics"
	"faassim/scenarios"
)

// edgeMargin is how far inside its choice a lesson's measured value must
// lie, as a share of the edge's magnitude: a value within a few percent of
// an edge would flip when the seed or a model detail moves a little.
const edgeMargin = 0.10

// runState runs an offered example with the playground's overrides, then
// sets, as the server does.
func runState(t *testing.T, m *manifest, example string, sets []string) metrics.Results {
	t.Helper()
	o := m.offered(example)
	if o == nil {
		t.Fatalf("example %s not offered", example)
	}
	s, err := loadState(example, append(slices.Clip(o.Sets), sets...))
	if err != nil {
		t.Fatalf("load %s %v: %v", example, sets, err)
	}
	r, err := scenarios.Run(context.Background(), s, scenarios.Options{})
	if err != nil {
		t.Fatalf("run %s %v: %v", example, sets, err)
	}
	return r
}

// stepValue is a step's metric on its platform.
func stepValue(t *testing.T, r metrics.Results, st LessonStep) float64 {
	t.Helper()
	for _, p := range r.Platforms {
		if p.Name == st.Platform {
			v, ok := MetricValue(p, st.Metric)
			if !ok {
				t.Fatalf("metric %s has no value on %s", st.Metric, st.Platform)
			}
			return v
		}
	}
	t.Fatalf("no platform %s in the results", st.Platform)
	return 0
}

// holding lists the choices whose range holds v, each shrunk by margin
// (a share of each edge's magnitude) when margin > 0.
func holding(chs []LessonChoice, v, margin float64) []int {
	var in []int
	for i, c := range chs {
		if v >= c.Low+margin*math.Abs(c.Low) && v < c.High-margin*math.Abs(c.High) {
			in = append(in, i)
		}
	}
	return in
}

// TestLessonsAreTrue runs every lesson step and checks that exactly one
// choice holds the result, well inside its range, and that another seed
// lands in the same choice: a lesson must stay true when the seed or a
// model detail moves a little.
func TestLessonsAreTrue(t *testing.T) {
	m, err := loadManifest()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range m.Lessons {
		for k, st := range l.Steps {
			t.Run(fmt.Sprintf("%s/%d", l.ID, k), func(t *testing.T) {
				t.Parallel()
				v := stepValue(t, runState(t, m, l.Example, st.Sets), st)
				loose := holding(st.Choices, v, 0)
				if len(loose) != 1 {
					t.Fatalf("%s = %v lies in %d choices %v, want exactly 1", st.Metric, v, len(loose), st.Choices)
				}
				t.Logf("%s on %s = %.6g: %q", st.Metric, st.Platform, v, st.Choices[loose[0]].Label)
				if in := holding(st.Choices, v, edgeMargin); len(in) != 1 {
					t.Errorf("%s = %v is within %.0f%% of an edge of %+v", st.Metric, v, 100*edgeMargin, st.Choices[loose[0]])
				}
				// Another seed: the same answer.
				r := runState(t, m, l.Example, append(slices.Clip(st.Sets), "seed=987654321"))
				if v2 := stepValue(t, r, st); !slices.Equal(holding(st.Choices, v2, 0), loose) {
					t.Errorf("with another seed %s = %v, not in %q", st.Metric, v2, st.Choices[loose[0]].Label)
				}
			})
		}
	}
}
