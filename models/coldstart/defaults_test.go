package coldstart_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"faassim/models/coldstart"
	"faassim/models/dist"
	"faassim/sim"
)

// shilkov2021 is the published AWS table (Shilkov 2021, "Cold starts in AWS
// Lambda", mikhail.io/serverless/coldstarts/aws/), restated here
// so the test checks the code against the source, not against itself.
var shilkov2021 = []struct {
	runtime              string
	medianSeconds, p975s float64
}{
	{"python", 0.215, 0.530},
	{"nodejs", 0.264, 0.595},
	{"go", 0.307, 0.661},
	{"java", 0.372, 0.690},
	{"container", 0.795, 1.404},
}

func mustDefault(t *testing.T, provider, runtime string, packageMB float64) dist.Dist {
	t.Helper()
	d, err := coldstart.Default(provider, runtime, packageMB)
	if err != nil {
		t.Fatal(err)
	}
	return d.Dist
}

func within(got sim.Time, wantSeconds float64, tol sim.Time) bool {
	return math.Abs(float64(got-sim.FromSeconds(wantSeconds))) <= float64(tol)
}

func TestDefaultReproducesShilkov2021(t *testing.T) {
	for _, c := range shilkov2021 {
		d := mustDefault(t, "aws", c.runtime, 0)
		if got := d.Quantile(0.5); !within(got, c.medianSeconds, sim.Millisecond) {
			t.Errorf("%s: median %v, published %v s", c.runtime, got, c.medianSeconds)
		}
		if got := d.Quantile(0.975); !within(got, c.p975s, sim.Millisecond) {
			t.Errorf("%s: 97.5th percentile %v, published %v s", c.runtime, got, c.p975s)
		}
	}
}

func TestDefaultPackageSizeMatchesShilkov2021(t *testing.T) {
	// Shilkov measured package size with Node.js functions.
	cases := []struct {
		packageMB, medianSeconds float64
	}{
		{1.0 / 1024, 0.26}, // 1 KB
		{14, 1.70},
		{35, 3.87},
	}
	for _, c := range cases {
		got := mustDefault(t, "aws", "nodejs", c.packageMB).Quantile(0.5).Seconds()
		if rel := math.Abs(got-c.medianSeconds) / c.medianSeconds; rel > 0.05 {
			t.Errorf("nodejs with %.3g MB: median %.3f s, published %.2f s (%.1f%% off, allowed 5%%)",
				c.packageMB, got, c.medianSeconds, 100*rel)
		}
	}
}

func TestDefaultPackageSizeKeepsRelativeSpread(t *testing.T) {
	small := mustDefault(t, "aws", "java", 0).(dist.LogNormal)
	big := mustDefault(t, "aws", "java", 50).(dist.LogNormal)
	if math.Abs(small.Sigma()-big.Sigma()) > 1e-6 {
		t.Errorf("sigma changed with package size: %v at 0 MB, %v at 50 MB", small.Sigma(), big.Sigma())
	}
	wantMedian := 0.372 + 50*coldstart.PackageSecondsPerMB
	if !within(big.Median(), wantMedian, sim.Millisecond) {
		t.Errorf("java at 50 MB: median %v, want %.3f s", big.Median(), wantMedian)
	}
}

func TestDefaultProvidersMoveTheMedian(t *testing.T) {
	// Midpoints of the published median ranges: GCP 0.6-1.1 s, Azure
	// 0.9-1.6 s.
	medians := map[string]float64{"gcp": 0.85, "azure": 1.25}
	for _, c := range shilkov2021 {
		aws := mustDefault(t, "aws", c.runtime, 0).(dist.LogNormal)
		for provider, median := range medians {
			d := mustDefault(t, provider, c.runtime, 0).(dist.LogNormal)
			if !within(d.Median(), median, sim.Millisecond) {
				t.Errorf("%s %s: median %v, want %v s", provider, c.runtime, d.Median(), median)
			}
			if math.Abs(d.Sigma()-aws.Sigma()) > 1e-6 {
				t.Errorf("%s %s: sigma %v, want the AWS runtime's %v", provider, c.runtime, d.Sigma(), aws.Sigma())
			}
			// Package size adds on top of the provider median.
			withPkg := mustDefault(t, provider, c.runtime, 10).Quantile(0.5)
			if !within(withPkg, median+10*coldstart.PackageSecondsPerMB, sim.Millisecond) {
				t.Errorf("%s %s with 10 MB: median %v", provider, c.runtime, withPkg)
			}
		}
	}
}

func TestDefaultErrors(t *testing.T) {
	cases := []struct {
		provider, runtime string
		packageMB         float64
		want              string
	}{
		{"aws", "ruby", 0, `coldstart: unknown runtime "ruby" (known: container, go, java, nodejs, python)`},
		{"aws", "Python", 0, `unknown runtime "Python"`},
		{"ibm", "python", 0, `coldstart: unknown provider "ibm" (known: aws, azure, gcp)`},
		{"aws", "python", -1, "package size -1 MB must be finite and non-negative"},
		{"aws", "python", math.NaN(), "package size NaN MB"},
		{"aws", "python", math.Inf(1), "package size +Inf MB"},
	}
	for _, c := range cases {
		d, err := coldstart.Default(c.provider, c.runtime, c.packageMB)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Default(%q, %q, %v) = %v, %v; want error containing %q", c.provider, c.runtime, c.packageMB, d, err, c.want)
		}
	}
}

func TestRuntimesAndProvidersAreSortedAndComplete(t *testing.T) {
	if got, want := coldstart.Runtimes(), []string{"container", "go", "java", "nodejs", "python"}; !slices.Equal(got, want) {
		t.Errorf("Runtimes() = %v, want %v", got, want)
	}
	if got, want := coldstart.Providers(), []string{"aws", "azure", "gcp"}; !slices.Equal(got, want) {
		t.Errorf("Providers() = %v, want %v", got, want)
	}
	for _, p := range coldstart.Providers() {
		for _, r := range coldstart.Runtimes() {
			mustDefault(t, p, r, 0)
		}
	}
}

func TestSamplerFunc(t *testing.T) {
	var calls int
	var s coldstart.Sampler = coldstart.SamplerFunc(func(r *rand.Rand) sim.Time {
		calls++
		return sim.Time(r.IntN(10)) * sim.Millisecond
	})
	r := sim.NewStream(1, t.Name())
	for range 5 {
		if v := s.Sample(r); v < 0 || v >= 10*sim.Millisecond {
			t.Errorf("Sample = %v, want in [0, 10ms)", v)
		}
	}
	if calls != 5 {
		t.Errorf("function called %d times, want 5", calls)
	}
}

func TestDefaultSampleIsAllocationFree(t *testing.T) {
	var s coldstart.Sampler = mustDefault(t, "aws", "python", 5)
	r := sim.NewStream(1, t.Name())
	if allocs := testing.AllocsPerRun(1000, func() { s.Sample(r) }); allocs != 0 {
		t.Errorf("Sample allocates %v times per call", allocs)
	}
}
