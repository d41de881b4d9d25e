package pricing

import (
	"math"
	"testing"

	"faassim/models/metrics"
	"faassim/sim"
)

func mustLookup(t testing.TB, name string) Sheet {
	t.Helper()
	s, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// cents rounds dollars to the cent, as a bill shows them.
func cents(usd float64) float64 { return math.Round(usd*100) / 100 }

// TestAWSLambdaExamples runs the worked examples of the AWS Lambda pricing
// page (aws.amazon.com/lambda/pricing) through a Meter and Bill over a 30-day window; the totals and each line
// must agree to the cent.
func TestAWSLambdaExamples(t *testing.T) {
	x86 := mustLookup(t, "aws-lambda-x86-us-east-1")
	tests := []struct {
		name     string
		freeTier bool
		feed     func(m *Meter)
		// Expected lines as the page prints them.
		compute, requests, provisioned, total float64
	}{
		{
			// 3 M requests x 120 ms x 1,536 MB = 540,000 GB-s; 400,000
			// free -> 140,000 x $0.0000166667 = $2.33; requests
			// (3 M - 1 M) x $0.20/M = $0.40; total $2.73.
			name: "3M x 120ms x 1536MB, free tier", freeTier: true,
			feed: func(m *Meter) {
				m.Requests(3_000_000)
				m.Executions(3_000_000, 120*sim.Millisecond, 1536, false)
			},
			compute: 2.33, requests: 0.40, total: 2.73,
		},
		{
			// 7.44 M requests x 2 s x 1,024 MB = 14.88 M GB-s -> $248.00;
			// requests 7.44 x $0.20 = $1.49; total $249.49 (the page
			// applies no free tier here).
			name: "7.44M x 2s x 1024MB",
			feed: func(m *Meter) {
				m.Requests(7_440_000)
				m.Executions(7_440_000, 2*sim.Second, 1024, false)
			},
			compute: 248.00, requests: 1.49, total: 249.49,
		},
		{
			// Provisioned concurrency 100 for 8 h at 1,536 MB = 4.32 M GB-s
			// x $0.0000041667 = $18.00; 500 k requests x 100 ms on it =
			// 75,000 GB-s x $0.0000097222 = $0.73; 2.5 M more x 120 ms on
			// demand = 450,000 - 400,000 free = 50,000 GB-s x
			// $0.0000166667 = $0.83; requests (3 M - 1 M) x $0.20/M =
			// $0.40; total $19.96.
			name: "provisioned 100 x 8h x 1536MB, free tier", freeTier: true,
			feed: func(m *Meter) {
				m.Provisioned(8*sim.Hour, 1536, 100)
				m.Requests(3_000_000)
				m.Executions(500_000, 100*sim.Millisecond, 1536, true)
				m.Executions(2_500_000, 120*sim.Millisecond, 1536, false)
			},
			compute: 0.83, requests: 0.40, provisioned: 18.00 + 0.73, total: 19.96,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := NewMeter(x86)
			tt.feed(m)
			win, month := x86.Bill(m.Usage(), DefaultMonth, DefaultMonth, tt.freeTier)
			if win != month {
				t.Errorf("a 30-day window: window %+v != monthly %+v", win, month)
			}
			// Provisioned + Idle together are the page's provisioned lines.
			got := metrics.Cost{Total: win.Total, Compute: win.Compute, Requests: win.Requests, Provisioned: win.Provisioned + win.Idle}
			for _, c := range []struct {
				line      string
				got, want float64
			}{
				{"total", got.Total, tt.total},
				{"compute", got.Compute, tt.compute},
				{"requests", got.Requests, tt.requests},
				{"provisioned", got.Provisioned, tt.provisioned},
			} {
				if math.Abs(cents(c.got)-c.want) > 1e-9 {
					t.Errorf("%s = $%.6f, want $%.2f", c.line, c.got, c.want)
				}
			}
			if sum := win.Compute + win.Requests + win.Provisioned + win.Idle + win.Storage + win.ControlPlane; math.Abs(sum-win.Total) > 1e-12 {
				t.Errorf("lines sum to %v, total %v", sum, win.Total)
			}
		})
	}
}

// TestAzureFlexExample is Microsoft's Flex Consumption example
// (learn.microsoft.com/azure/azure-functions/functions-consumption-costs): 40 requests/s on 2,048 MB instances with
// concurrency 1 keep 10 instances busy all the time; no free grant. One
// hour: on-demand execution 10 x 2 GB x 3,600 s x $0.000026 = $1.872 plus
// 144,000 executions x $0.40/M = $0.0576: $1.9296.
func TestAzureFlexExample(t *testing.T) {
	flex := mustLookup(t, "azure-functions-flex")
	m := NewMeter(flex)
	for range 10 {
		m.Busy(sim.Hour, 2048, 0, false)
	}
	m.Requests(40 * 3600)
	win, month := flex.Bill(m.Usage(), sim.Hour, DefaultMonth, false)
	if math.Abs(win.Total-1.9296) > 1e-9 {
		t.Errorf("hourly total $%.6f, want $1.9296", win.Total)
	}
	if math.Abs(win.Compute-1.872) > 1e-9 || math.Abs(win.Requests-0.0576) > 1e-9 {
		t.Errorf("compute $%.6f requests $%.6f, want $1.872 and $0.0576", win.Compute, win.Requests)
	}
	if want := 1.9296 * 720; math.Abs(month.Total-want) > 1e-6 {
		t.Errorf("monthly $%.4f, want $%.4f (720 hours)", month.Total, want)
	}
}

// TestAzureFlexFreeGrant works a month of Flex Consumption on demand by
// hand from the Azure Functions pricing page (on demand $0.000026 per GB-s
// and $0.40 per million executions; free grant 100,000 GB-s and 250,000
// executions a month per subscription, on demand only) and Microsoft
// Learn's billing rule (each busy period at least 1,000 ms, then 100 ms
// steps). 1,000,000 executions a month, each alone on a 512 MB instance
// for 1,250 ms, billed 1,300 ms:
//
//	execution time  1,000,000 x 0.5 GB x 1.3 s      = 650,000 GB-s
//	                (650,000 - 100,000) x $0.000026  = $14.30
//	executions      (1,000,000 - 250,000) x $0.40/M = $0.30
//	total                                             $14.60
//
// Without the grant: 650,000 x $0.000026 = $16.90, plus $0.40: $17.30. A
// month inside the grant (100,000 executions of 1 s at 512 MB: 50,000
// GB-s) costs nothing.
func TestAzureFlexFreeGrant(t *testing.T) {
	flex := mustLookup(t, "azure-functions-flex")
	tests := []struct {
		name                     string
		n                        int
		run                      sim.Time
		free                     bool
		compute, requests, total float64
	}{
		{"1M x 1.25s x 512MB, free grant", 1_000_000, 1250 * sim.Millisecond, true, 14.30, 0.30, 14.60},
		{"1M x 1.25s x 512MB, no grant", 1_000_000, 1250 * sim.Millisecond, false, 16.90, 0.40, 17.30},
		{"100k x 1s x 512MB, inside the grant", 100_000, sim.Second, true, 0, 0, 0},
	}
	for _, tt := range tests {
		m := NewMeter(flex)
		m.Requests(int64(tt.n))
		for range tt.n {
			m.Busy(tt.run, 512, 0, false)
		}
		win, month := flex.Bill(m.Usage(), DefaultMonth, DefaultMonth, tt.free)
		if win != month {
			t.Errorf("%s: a month's window: window %+v != monthly %+v", tt.name, win, month)
		}
		for _, c := range []struct {
			line      string
			got, want float64
		}{
			{"compute", win.Compute, tt.compute},
			{"requests", win.Requests, tt.requests},
			{"total", win.Total, tt.total},
		} {
			if math.Abs(cents(c.got)-c.want) > 1e-9 {
				t.Errorf("%s: %s = $%.6f, want $%.2f", tt.name, c.line, c.got, c.want)
			}
		}
	}
}
