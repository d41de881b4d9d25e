package reports

import (
	"bytes"
	"strings"
	"testing"

	"faassim/models/metrics"
)

// The text distribution: one bar per count in the body, the far tail and
// the low head folded and said, a wide range binned with its width said,
// the mean marked on its bar, at most 12 lines a platform.
func TestDistributionText(t *testing.T) {
	wide := []metrics.CountFraction{{Count: 3, Fraction: 0.0004}}
	for k := int64(200); k < 500; k++ {
		wide = append(wide, metrics.CountFraction{Count: k, Fraction: 0.9992 / 300})
	}
	wide = append(wide, metrics.CountFraction{Count: 900, Fraction: 0.0002}, metrics.CountFraction{Count: 950, Fraction: 0.0002})
	cases := []struct {
		name string
		d    []metrics.CountFraction
		mean float64
		want []string
	}{
		{"folded tail", []metrics.CountFraction{{Count: 1, Fraction: 0.5}, {Count: 2, Fraction: 0.498},
			{Count: 3, Fraction: 0.001}, {Count: 11, Fraction: 0.0004}, {Count: 12, Fraction: 0.0003}, {Count: 13, Fraction: 0.0003}},
			1.5, []string{"    1  ███", "2  ███", "<- mean 1.50", "11 or more  ▏", "0.1%  (3 counts)", `"N or more" and "N or fewer" gather`}},
		{"hundreds of instances", wide, 350,
			[]string{"(bins of 50 counts)", "200-249", "350-399  ", "<- mean 350.00", "3  ▏", "900 or more", "(2 counts)"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := metrics.Results{Platforms: []metrics.Platform{{Name: "p", Kind: "faas",
				Instances: metrics.Instances{Mean: tc.mean, Distribution: tc.d}}}}
			var buf bytes.Buffer
			writeDistributionText(&buf, r)
			out := buf.String()
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("no %q in\n%s", w, out)
				}
			}
			if n := strings.Count(out, "\n") - 3; n > 12 { // less the header, the footer and the blank line
				t.Errorf("%d lines for one platform:\n%s", n, out)
			}
			if strings.Contains(out, "(1 count") {
				t.Errorf("a one-count bar says it is folded:\n%s", out)
			}
			if strings.Count(out, "<- mean") != 1 {
				t.Errorf("the mean is not marked once:\n%s", out)
			}
			t.Logf("\n%s", out)
		})
	}
	// Nothing gathered, nothing to explain: no footnote.
	var plain bytes.Buffer
	writeDistributionText(&plain, metrics.Results{Platforms: []metrics.Platform{{Name: "p", Kind: "faas",
		Instances: metrics.Instances{Mean: 1.5, Distribution: []metrics.CountFraction{{Count: 1, Fraction: 0.5}, {Count: 2, Fraction: 0.5}}}}}})
	if strings.Contains(plain.String(), "gather") {
		t.Errorf("a footnote on folding with nothing folded:\n%s", plain.String())
	}
	var buf bytes.Buffer
	writeDistributionText(&buf, metrics.Results{Platforms: []metrics.Platform{{Name: "p"}}})
	if buf.Len() != 0 {
		t.Errorf("a platform without a distribution drew %q", buf.String())
	}
}
