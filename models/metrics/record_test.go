package metrics

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"faassim/sim"
)

// A sketch written out and read back answers every question as the
// original: count, sum, min, max, every quantile, and merges.
func TestSketchRecordIsExact(t *testing.T) {
	cases := []struct {
		name   string
		values []float64
	}{
		{"empty", nil},
		{"zeros only", []float64{0, 0, 0}},
		{"zeros and values", []float64{0, 0, 1.5, 2, 3e3, 0, 7}},
		{"tiny values count as zeros", []float64{1e-300, 5, 6}},
		{"wide range", []float64{1e-6, 1e-3, 1, 1e3, 1e6, 9e9}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := NewSketch()
			for _, v := range tc.values {
				s.Add(v)
			}
			b, err := json.Marshal(s.Record())
			if err != nil {
				t.Fatal(err)
			}
			var rec SketchRecord
			if err := json.Unmarshal(b, &rec); err != nil {
				t.Fatal(err)
			}
			got, err := SketchFromRecord(&rec)
			if err != nil {
				t.Fatal(err)
			}
			if got.Count() != s.Count() || got.Mean() != s.Mean() {
				t.Fatalf("count %d mean %v, want %d and %v", got.Count(), got.Mean(), s.Count(), s.Mean())
			}
			for _, q := range cdfQuantiles {
				if g, w := got.Quantile(q), s.Quantile(q); g != w {
					t.Errorf("quantile %v: %v, want %v", q, g, w)
				}
			}
			a, b2 := NewSketch(), NewSketch()
			a.Merge(s)
			b2.Merge(got)
			if a.Summary() != b2.Summary() {
				t.Errorf("merged: %+v, want %+v", b2.Summary(), a.Summary())
			}
		})
	}
}

// Records no sketch could have written are refused, not believed.
func TestSketchRecordRefusesWhatNoSketchWrites(t *testing.T) {
	cases := []struct {
		name string
		rec  SketchRecord
		want string
	}{
		{"count off", SketchRecord{Count: 3, Bins: [][2]float64{{10, 1}}}, "count 3"},
		{"fractional count", SketchRecord{Count: 1, Bins: [][2]float64{{10, 0.5}}, Zeros: 0.5}, "whole count"},
		{"index too large", SketchRecord{Count: 1, Bins: [][2]float64{{1e9, 1}}}, "index"},
		{"bins out of order", SketchRecord{Count: 2, Bins: [][2]float64{{10, 1}, {5, 1}}}, "above the previous"},
		{"min above max", SketchRecord{Count: 1, Bins: [][2]float64{{10, 1}}, Min: 5, Max: 1}, "min 5 above max 1"},
		{"negative zeros", SketchRecord{Count: 0, Zeros: -1}, "zeros"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := SketchFromRecord(&tc.rec); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// Per-bucket maxima: the level in force is carried into the buckets it
// spans, momentary spikes count, and the record expands back.
func TestPeaks(t *testing.T) {
	s := sim.Second
	cases := []struct {
		name string
		sets [][2]int64 // (time in ms, level)
		from sim.Time
		to   sim.Time
		want []int64
	}{
		{"nothing", nil, 0, 3 * s, []int64{0, 0, 0}},
		{"carried", [][2]int64{{500, 2}}, 0, 4 * s, []int64{2, 2, 2, 2}},
		{"spike within a second", [][2]int64{{1100, 5}, {1100, 1}, {2500, 0}}, 0, 4 * s, []int64{0, 5, 1, 0}},
		{"set before the window", [][2]int64{{500, 3}, {2500, 1}}, 2 * s, 5 * s, []int64{3, 1, 1}},
		{"after the window", [][2]int64{{500, 1}, {9000, 7}}, 0, 2 * s, []int64{1, 1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := NewPeaks(tc.from, tc.to)
			for _, x := range tc.sets {
				p.Set(sim.Time(x[0])*sim.Millisecond, x[1])
			}
			p.Close()
			_, n := PeakGrid(tc.from, tc.to)
			got, err := p.Record().Values(n)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("%v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("%v, want %v", got, tc.want)
				}
			}
		})
	}
	if _, b := PeakGrid(0, 100*24*sim.Hour); b > MaxPeakBuckets {
		t.Fatalf("%d buckets over 100 days, more than %d", b, MaxPeakBuckets)
	}
	if _, err := (&PeaksRecord{Runs: [][2]int64{{1, math.MaxInt64}}}).Values(3); err == nil {
		t.Fatal("a run longer than the buckets left was accepted")
	}
	// Levels near MaxInt64 from two files would wrap their sum negative.
	if _, err := (&PeaksRecord{Runs: [][2]int64{{1 << 62, 3}}}).Values(3); err == nil {
		t.Fatal("a level of 2^62 was accepted: two of them overflow merge's sum")
	}
}

// A run record read from a file is refused when its integrals over time
// or its per-app counts are negative or not finite: no run writes them,
// and they would carry into the merged utilization and waste.
func TestRunRecordRefusesNegativeIntegrals(t *testing.T) {
	ok := RunRecord{WindowS: 60, InstanceSeconds: 3, Apps: []AppRecord{{Name: "a", Requests: 2, IdleMBNS: 5}}}
	if _, err := RunFromRecord(ok); err != nil {
		t.Fatalf("a valid record refused: %v", err)
	}
	for name, mut := range map[string]func(*RunRecord){
		"negative instance_s": func(r *RunRecord) { r.InstanceSeconds = -1e300 },
		"NaN busy_s":          func(r *RunRecord) { r.BusySeconds = math.NaN() },
		"infinite billed":     func(r *RunRecord) { r.BilledGBSeconds = math.Inf(1) },
		"negative app count":  func(r *RunRecord) { r.Apps = []AppRecord{{Name: "a", Requests: -2}} },
		"negative app idle":   func(r *RunRecord) { r.Apps = []AppRecord{{Name: "a", IdleMBNS: -1}} },
	} {
		rec := ok
		rec.Apps = append([]AppRecord(nil), ok.Apps...)
		mut(&rec)
		if _, err := RunFromRecord(rec); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
