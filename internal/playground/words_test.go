package playground

import "testing"

func TestWords(t *testing.T) {
	cases := []struct {
		name, got, want string
	}{
		{"pct small", pct(0.0025), "0.25%"},
		{"pct", pct(0.5488), "55%"},
		{"pct one", pct(1), "100%"},
		{"pct zero", pct(0), "0%"},
		{"pct tiny", pct(3e-9), "under 0.0001%"},
		{"money", money(12.345), "$12.35"},
		{"money thousands", money(1234.5), "$1,234.50"},
		{"money cents", money(0.0523), "$0.052"},
		{"seconds ms", seconds(0.15), "150 ms"},
		{"seconds", seconds(100), "100 s"},
		{"seconds minute", seconds(60), "1m"},
		{"seconds long", seconds(5400), "1h30m"},
		{"rate slow", rateWords(0.01), "one request every 100 s"},
		{"rate fast", rateWords(2000), "2,000 requests/s"},
		{"sig", sig(1917.4, 3), "1,917"},
		{"sig small", sig(0.000197, 3), "0.000197"},
		{"sig tiny", sig(7.6712e-20, 3), "7.67e-20"},
		{"sig huge", sig(3.2e17, 2), "3.2e+17"},
		{"join", joinWords([]string{"a", "b", "c"}), "a, b and c"},
		{"movement", movement("2", "2"), "stays 2"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: %q, want %q", c.name, c.got, c.want)
		}
	}
	// Two ratios that read the same at two digits get more.
	if a, b := pctPair(0.1234, 0.1236); a == b {
		t.Errorf("pctPair gave %q and %q", a, b)
	}
}
