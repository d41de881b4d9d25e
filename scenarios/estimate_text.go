package scenarios

import (
	"fmt"

	"faassim/internal/limits"
)

// count writes "1 platform", "4 platforms", "1e6 replications".
func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return limits.FormatCount(float64(n)) + " " + what + "s"
}

// countF is count for a count held as a float: "1 replica", "1e6 replicas".
func countF(n float64, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return limits.FormatCount(n) + " " + what + "s"
}

// numText writes a factor: "0.05", "3", "1e9".
func numText(x float64) string { return limits.FormatNumber(x) }

// rateText writes a rate of requests: "0.00833 requests/s", "5.7
// requests/s", "100,000 requests/s", "1e9 requests/s".
func rateText(r float64) string {
	if r >= 100 {
		return limits.FormatCount(r) + " requests/s"
	}
	return fmt.Sprintf("%.3g requests/s", r)
}
