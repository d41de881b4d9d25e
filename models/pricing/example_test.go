package pricing_test

import (
	"fmt"

	"faassim/models/pricing"
	"faassim/sim"
)

// The first worked example of the AWS Lambda pricing page: 3 M requests a
// month of 120 ms at 1,536 MB, with the free tier.
func Example() {
	sheet, err := pricing.Lookup("aws-lambda-x86-us-east-1")
	if err != nil {
		panic(err)
	}
	m := pricing.NewMeter(sheet)
	m.Requests(3_000_000)
	m.Executions(3_000_000, 120*sim.Millisecond, 1536, false)
	u := m.Usage()
	cost, _ := sheet.Bill(u, pricing.DefaultMonth, pricing.DefaultMonth, true)
	fmt.Printf("%.0f GB-s: compute $%.2f + requests $%.2f = $%.2f\n",
		u.GBSeconds, cost.Compute, cost.Requests, cost.Total)
	// Output: 540000 GB-s: compute $2.33 + requests $0.40 = $2.73
}

// A day of simulated traffic on Cloud Run, projected to a month: one
// instance busy 6 hours of the day with 1 vCPU and 512 MB: 21,600 vCPU-s
// x $0.000024 + 10,800 GB-s x $0.0000025 + 0.1 M requests x $0.40/M.
func ExampleSheet_Bill() {
	sheet, _ := pricing.Lookup("gcp-cloud-run-request-tier1")
	m := pricing.NewMeter(sheet)
	m.Requests(100_000)
	m.Busy(6*sim.Hour, 512, 1, false)
	day, month := sheet.Bill(m.Usage(), 24*sim.Hour, pricing.DefaultMonth, false)
	fmt.Printf("day $%.2f, month $%.2f\n", day.Total, month.Total)
	// Output: day $0.59, month $17.56
}

func ExampleRoundUp() {
	// Cloud Functions 1st gen bills a 260 ms run as 300 ms.
	fmt.Println(pricing.RoundUp(260*sim.Millisecond, 100*sim.Millisecond))
	// Output: 300ms
}
