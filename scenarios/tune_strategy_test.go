package scenarios

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"faassim/models/metrics"
)

func TestParseMemoryGrid(t *testing.T) {
	for _, tc := range []struct {
		spec string
		want []int
		err  string
	}{
		// Power Tuning's default powerValues (template.yml).
		{"", []int{128, 256, 512, 1024, 1536, 3008}, ""},
		{"512", []int{512}, ""},
		{" 1024, 128 ,3008", []int{1024, 128, 3008}, ""},
		{"128,10240", []int{128, 10240}, ""},
		// Linear: 128 + i x (1024 - 128) / 4 = 128, 352, 576, 800, 1024.
		{"128:1024:5", []int{128, 352, 576, 800, 1024}, ""},
		// Geometric: 128 x 8^(i/3) = 128, 256, 512, 1024.
		{"128:1024:4:log", []int{128, 256, 512, 1024}, ""},
		// 128 x (3008/128)^(i/2): 128, 620.503 -> 621 (rounded to the MB), 3008.
		{"128:3008:3:log", []int{128, 621, 3008}, ""},
		{"128:131:4", []int{128, 129, 130, 131}, ""},
		// Any size a platform may offer; each platform's range is Tune's
		// to check (TestTuneGridFitsThePlatform).
		{"127,20000", []int{127, 20000}, ""},
		{"0", nil, "0 MB is not a memory size (1 to 1,048,576 MB)"},
		{"128,1048577", nil, "1048577 MB is not a memory size"},
		{"0:1024:4", nil, "0 MB is not a memory size"},
		{"128,128", nil, "listed twice"},
		{"128,,256", nil, "not a whole number"},
		{"1.5e3", nil, "not a whole number"},
		{"1024:128:4", nil, "from a smaller size to a larger one"},
		{"128:130:4", nil, "steps must be a whole number from 2 to 3"},
		{"128:1024:1", nil, "steps must be"},
		{"128:1024", nil, "want a list"},
		{"128:1024:4:lin", nil, "want a list"},
		{"128:1024:4:log:x", nil, "want a list"},
		{"128:200:73:log", nil, "repeat"},
	} {
		t.Run(tc.spec, func(t *testing.T) {
			got, err := ParseMemoryGrid(tc.spec)
			switch {
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Errorf("error %v, want one containing %q", err, tc.err)
			case tc.err == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tc.err == "" && !slices.Equal(got, tc.want):
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestParseArchitectures(t *testing.T) {
	for _, tc := range []struct {
		spec string
		want []string
		err  string
	}{
		{"", nil, ""},
		{"arm64", []string{"arm64"}, ""},
		{"x86_64, arm64", []string{"x86_64", "arm64"}, ""},
		{"arm", nil, "unknown architecture"},
		{"arm64,arm64", nil, "listed twice"},
	} {
		got, err := ParseArchitectures(tc.spec)
		if (tc.err == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.err)) || !slices.Equal(got, tc.want) {
			t.Errorf("%q: got %v, %v; want %v, error containing %q", tc.spec, got, err, tc.want, tc.err)
		}
	}
}

// FuzzMemoryGrid: whatever the spec, ParseMemoryGrid never panics, and what
// it accepts is a non-empty grid of distinct whole sizes within 1 to
// 1,048,576 MB that reads back the same written as a list.
func FuzzMemoryGrid(f *testing.F) {
	for _, s := range []string{"", "128,256", "128:3008:20:log", "128:1024:5", "10240:128:3", "1e9:2:3", "128:10240:10113", ":::", "128,-1", "0x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		got, err := ParseMemoryGrid(spec)
		if err != nil {
			if len(err.Error()) > 500 { // the spec is cut to 60 bytes, 240 once escaped
				t.Errorf("message of %d bytes", len(err.Error()))
			}
			return
		}
		if len(got) == 0 {
			t.Fatal("an empty grid accepted")
		}
		seen := map[int]bool{}
		text := make([]string, len(got))
		for i, mb := range got {
			if mb < TuneMinMemoryMB || mb > TuneMaxMemoryMB || seen[mb] {
				t.Fatalf("%q: %d MB out of range or repeated in %v", spec, mb, got)
			}
			seen[mb] = true
			text[i] = strconv.Itoa(mb)
		}
		again, err := ParseMemoryGrid(strings.Join(text, ","))
		if err != nil || !slices.Equal(again, got) {
			t.Fatalf("%q: %v written as a list reads back as %v, %v", spec, got, again, err)
		}
	})
}

// Scores equal within the tolerance tie; the tie goes to the faster, then
// the cheaper, then the earlier point. Costs are compared within a relative
// 1e-9: the same cost summed in another order differs in the last bits.
func TestRecommendTies(t *testing.T) {
	sum := 0.0
	for range 10 {
		sum += 0.1
	}
	if sum == 1 {
		t.Fatal("the premise of this test (0.1 added ten times is not 1) no longer holds")
	}
	tn := tuneOf([][2]float64{{1, 300}, {sum, 200}, {1, 200}, {2, 50}})
	tn.Strategy, tn.BalancedWeight = "cost", 0.5
	recommend(&tn)
	if tn.Best["cost"] != 1 {
		t.Errorf("cost picks point %d, want 1 (equal cost within 1e-9, faster than 0, first of the tie with 2)", tn.Best["cost"])
	}
	if tn.Best["speed"] != 3 {
		t.Errorf("speed picks point %d, want 3", tn.Best["speed"])
	}
	// Equal duration: the cheaper.
	tn = tuneOf([][2]float64{{3, 100}, {2, 100}, {4, 150}})
	tn.Strategy = "speed"
	recommend(&tn)
	if tn.Recommended != 1 {
		t.Errorf("speed picks point %d, want 1 (the cheaper of two equally fast)", tn.Recommended)
	}
	// A saturated point is never recommended, nor counted in the maxima.
	tn = tuneOf([][2]float64{{1, 100}, {0.5, 10}, {10, 1000}})
	tn.Points[1].Saturated = true
	tn.Strategy, tn.BalancedWeight = "balanced", 0.5
	recommend(&tn)
	if tn.Best["cost"] != 0 || tn.Best["speed"] != 0 || tn.Points[1].BalancedScore != 0 {
		t.Errorf("picks %v, saturated score %v: want point 0 and no score", tn.Best, tn.Points[1].BalancedScore)
	}
	// 0.5 x 1/10 + 0.5 x 100/1000 = 0.1; 0.5 + 0.5 = 1.
	if math.Abs(tn.Points[0].BalancedScore-0.1) > 1e-15 || tn.Points[2].BalancedScore != 1 {
		t.Errorf("scores %v, %v; want 0.1 and 1", tn.Points[0].BalancedScore, tn.Points[2].BalancedScore)
	}
	tn.Points[0].Saturated, tn.Points[2].Saturated = true, true
	recommend(&tn)
	if tn.Recommended != -1 {
		t.Errorf("all saturated: recommended %d, want -1", tn.Recommended)
	}
}

// tuneOf builds a tuning of points given as (cost, duration ms).
func tuneOf(pts [][2]float64) metrics.Tune {
	var tn metrics.Tune
	for i, p := range pts {
		tn.Points = append(tn.Points, metrics.TunePoint{MemoryMB: 128 * (i + 1), CostPerInvocationUSD: p[0], CostWithoutRequestFeeUSD: p[0], MeanDurationMS: p[1]})
	}
	return tn
}

func ExampleParseMemoryGrid() {
	grid, _ := ParseMemoryGrid("128:3008:5:log")
	fmt.Println(grid)
	_, err := ParseMemoryGrid("128,256,128")
	fmt.Println(err)
	// Output:
	// [128 282 621 1366 3008]
	// --memory "128,256,128": 128 MB is listed twice
}
