package scenarios_test

import (
	"fmt"
	"time"

	"faassim/scenarios"
)

// ExampleParseCron lists the next firings of an EventBridge cron
// expression: 09:00 UTC on the second Tuesday of each month.
func ExampleParseCron() {
	c, err := scenarios.ParseCron("cron(0 9 ? * 3#2 *)")
	if err != nil {
		fmt.Println(err)
		return
	}
	t := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for range 3 {
		t, _ = c.After(t)
		fmt.Println(t.Format("Mon 2 Jan 2006 15:04"))
	}
	// Output:
	// Tue 13 Jan 2026 09:00
	// Tue 10 Feb 2026 09:00
	// Tue 10 Mar 2026 09:00
}
