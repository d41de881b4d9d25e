package pricing

import (
	"fmt"
	"strings"
	"time"

	"faassim/models/metrics"
)

// BillingText says in words what the sheet bills and how it rounds, for the
// assumptions of a report: "per invocation: duration x memory rounded up to
// 1ms, $0.2 per million requests, INIT billed".
func (s Sheet) BillingText() string {
	r := s.Rounding()
	var what string
	switch s.Model {
	case PerInvocation:
		what = "per invocation: duration x memory"
	case RequestBased:
		what = "per instance while a request is in flight (overlaps counted once): vCPU and memory x time"
	case Flex:
		what = "per instance while executing: memory x time"
	case InstanceBased:
		what = "per instance lifetime: vCPU and memory x time"
	case Fargate:
		what = "per task lifetime: vCPU and memory x time"
	case EC2:
		what = "per node lifetime"
	default:
		what = string(s.Model)
	}
	parts := []string{what}
	round := "rounded up to " + short(time.Duration(r.Step))
	if r.Minimum > 0 {
		round += fmt.Sprintf(" with a %s minimum", short(time.Duration(r.Minimum)))
	}
	if r.Step > 0 || r.Minimum > 0 {
		parts = append(parts, round)
	}
	if r.MemoryStepMB > 0 {
		parts = append(parts, fmt.Sprintf("memory rounded up to %d MB steps", r.MemoryStepMB))
	}
	if s.USDPerMillionRequests > 0 {
		parts = append(parts, fmt.Sprintf("$%g per million requests", s.USDPerMillionRequests))
	}
	if s.BillsInit {
		parts = append(parts, "INIT billed")
	}
	return strings.Join(parts, ", ")
}

// short formats a duration without zero units: 24h, 6m, 1m30s.
func short(d time.Duration) string { return metrics.ShortDuration(d.Seconds()) }
