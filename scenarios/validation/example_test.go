package validation_test

import (
	"context"
	"fmt"

	"faassim/scenarios/validation"
)

// Run one case of the suite, chosen by name, and read its checks.
func Example() {
	cases, _, err := validation.Select(validation.All(), "prices/aws-lambda/7.44M*", false)
	if err != nil {
		panic(err)
	}
	r, err := validation.Run(context.Background(), cases, 1)
	if err != nil {
		panic(err)
	}
	for _, c := range r.Outcomes[0].Checks {
		fmt.Printf("%s: $%.2f, the page's $%.2f: %s\n", c.Metric, c.Value, c.Reference, c.Status)
	}
	fmt.Println(r.Passed, "passed,", r.Failed, "failed")
	// Output:
	// compute ($): $248.00, the page's $248.00: pass
	// requests ($): $1.49, the page's $1.49: pass
	// provisioned ($): $0.00, the page's $0.00: pass
	// total ($): $249.49, the page's $249.49: pass
	// 4 passed, 0 failed
}
