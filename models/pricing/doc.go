// Package pricing turns what a simulated platform used into what it would
// cost. Price sheets are data: YAML files embedded in the binary (Sheets,
// Lookup) or given by the user (Parse), each naming its provider, product,
// region, effective date and source URL. Billing rules are code: a Meter,
// fed by the simulation as it runs, rounds each execution, busy period or
// instance lifetime the way the product does (AWS Lambda 1 ms; Azure
// Consumption 1 ms with a 100 ms minimum and 128 MB memory steps; Cloud
// Functions 1st gen 100 ms; Cloud Run 100 ms per busy period of an
// instance; Azure Flex at least 1 s per busy period; Fargate and EC2 per
// second with a 1-minute minimum) and accumulates exact integers. The
// Windowed methods bill each interval for its part inside the measured
// window, pro rata at both edges (see window.go), and keep the raw usage
// beside the billed one so that a bill can be checked against the usage
// the simulation measured. Sheet.Bill then projects the usage to a month
// (30 days by default, or the AWS Pricing Calculator's 730 hours), where
// free tiers and volume tiers apply, and scales the cost back to the
// simulated window, line by line (compute, requests, provisioned, idle,
// storage, control plane). Each sheet names the page its figures come from.
package pricing
