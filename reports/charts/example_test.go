package charts_test

import (
	"bytes"
	"fmt"
	"regexp"

	"faassim/models/metrics"
	"faassim/reports/charts"
)

// Draw a two-platform comparison as SVG and list the charts with each
// image's width (8 inches = 576 points). There is no timeline in these
// results, so there are no charts over time.
func ExampleForResults() {
	r := metrics.Results{Platforms: []metrics.Platform{
		{Name: "lambda", MonthlyCostUSD: 21.4,
			CostUSD:    metrics.Cost{Total: 0.71, Compute: 0.61, Requests: 0.10},
			LatencyCDF: [][2]float64{{1.5, 0}, {60, 0.5}, {480, 0.99}, {6400, 1}}},
		{Name: "fargate-fixed", MonthlyCostUSD: 53.3,
			CostUSD:    metrics.Cost{Total: 1.78, Compute: 0.34, Idle: 1.44},
			LatencyCDF: [][2]float64{{1.3, 0}, {55, 0.5}, {400, 0.99}, {6700, 1}}},
	}}
	cs, err := charts.ForResults(r, charts.SVG)
	if err != nil {
		fmt.Println(err)
		return
	}
	width := regexp.MustCompile(`<svg width="([0-9.]+pt)"`)
	for _, c := range cs {
		fmt.Printf("%s.svg  %q  width %s, NaN-free %v\n", c.Name, c.Title,
			width.FindSubmatch(c.Data)[1], !bytes.Contains(c.Data, []byte("NaN")))
	}
	// Output:
	// latency-cdf.svg  "End-to-end latency CDF"  width 576pt, NaN-free true
	// cost-breakdown.svg  "Monthly cost by billing line"  width 576pt, NaN-free true
}
