package dist_test

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"faassim/models/dist"
	"faassim/sim"
)

var exponentialMeans = []sim.Time{sim.Millisecond, 250 * sim.Millisecond, 10 * sim.Second, 1 * sim.Hour}

func TestExponentialSamplesMatchTheory(t *testing.T) {
	for _, m := range exponentialMeans {
		t.Run(m.String(), func(t *testing.T) {
			d, err := dist.NewExponential(m)
			if err != nil {
				t.Fatal(err)
			}
			ref := distuv.Exponential{Rate: 1 / m.Seconds()}
			xs := draw(t, d, nSamples)
			// An exponential's standard deviation equals its mean.
			checkMean(t, xs, m.Seconds(), m.Seconds())
			for _, q := range []float64{0.1, 0.5, 0.9, 0.99} {
				x := ref.Quantile(q)
				checkSampleQuantile(t, xs, q, x, ref.Prob(x))
			}
			checkKS(t, xs, ref.CDF)
		})
	}
}

func TestExponentialQuantileMatchesGonum(t *testing.T) {
	for _, m := range exponentialMeans {
		d, _ := dist.NewExponential(m)
		ref := distuv.Exponential{Rate: 1 / m.Seconds()}
		for _, q := range []float64{0, 1e-9, 0.01, 0.25, 0.5, 0.75, 0.99, 0.999999} {
			want := sim.FromSeconds(ref.Quantile(q))
			// 1 ns of rounding plus float error relative to the value.
			if got := d.Quantile(q); !closeTime(got, want, 1+int64(1e-12*float64(want))) {
				t.Errorf("mean %v: Quantile(%v) = %v, gonum says %v", m, q, got, want)
			}
		}
		if got := d.Quantile(1); got != sim.Never {
			t.Errorf("mean %v: Quantile(1) = %v, want never", m, got)
		}
		if d.Mean() != m {
			t.Errorf("Mean() = %v, want %v", d.Mean(), m)
		}
	}
}

func TestNewExponentialRejectsNonPositiveMean(t *testing.T) {
	for _, m := range []sim.Time{0, -sim.Second} {
		_, err := dist.NewExponential(m)
		if err == nil || !strings.Contains(err.Error(), "must be positive") {
			t.Errorf("NewExponential(%v) error = %v, want 'must be positive'", m, err)
		}
	}
}

func TestExponentialQuantileSmallQKeepsPrecision(t *testing.T) {
	// -mean ln(1-q) ~ mean q for tiny q; 1-q would round to 1 and give 0.
	d, _ := dist.NewExponential(sim.Hour)
	want := float64(sim.Hour) * 1e-12
	if got := float64(d.Quantile(1e-12)); math.Abs(got-want) > 1 {
		t.Errorf("Quantile(1e-12) = %v ns, want %v ns", got, want)
	}
}
