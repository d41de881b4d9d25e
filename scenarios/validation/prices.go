package validation

import (
	"context"
	"fmt"

	"faassim/models/metrics"
	"faassim/models/pricing"
	"faassim/sim"
)

// Price cases: the worked examples of the providers' pricing pages (and
// months worked by hand from their published rates), fed through a Meter
// and a price sheet as the simulation feeds them, or run as a scenario;
// every amount must agree to the cent.

const (
	lambdaPage = "aws.amazon.com/lambda/pricing (us-east-1, x86: $0.0000166667 per GB-s, $0.20 per million requests; provisioned $0.0000041667 per GB-s, $0.0000097222 per GB-s of duration on it; free tier 400,000 GB-s and 1 M requests)"
	flexCosts  = "learn.microsoft.com/azure/azure-functions/functions-consumption-costs; azure.microsoft.com/pricing/details/functions (Flex Consumption on demand $0.000026 per GB-s, $0.40 per million executions)"
)

// priceCase is a case whose run meters usage on a price sheet and bills it.
func priceCase(name, reference, source string, run func() ([]Check, error)) Case {
	return Case{Name: name, Group: Prices, Reference: reference, Source: source,
		Run: func(context.Context, int) ([]Check, error) { return run() }}
}

// bill meters with feed on the named sheet and bills the window.
func bill(sheet string, window, month sim.Time, freeTier bool, feed func(m *pricing.Meter)) (win, monthly metrics.Cost, err error) {
	s, err := pricing.Lookup(sheet)
	if err != nil {
		return win, monthly, err
	}
	m := pricing.NewMeter(s)
	feed(m)
	win, monthly = s.Bill(m.Usage(), window, month, freeTier)
	return win, monthly, nil
}

// lambdaExample is one of the AWS Lambda pricing page's examples, billed
// as a 30-day month; Provisioned and Idle together are the page's
// provisioned-concurrency lines.
func lambdaExample(name, reference string, freeTier bool, feed func(m *pricing.Meter), compute, requests, provisioned, total float64) Case {
	return priceCase("prices/aws-lambda/"+name, reference, lambdaPage, func() ([]Check, error) {
		win, _, err := bill("aws-lambda-x86-us-east-1", pricing.DefaultMonth, pricing.DefaultMonth, freeTier, feed)
		if err != nil {
			return nil, err
		}
		return []Check{
			toTheCent("compute ($)", win.Compute, compute),
			toTheCent("requests ($)", win.Requests, requests),
			toTheCent("provisioned ($)", win.Provisioned+win.Idle, provisioned),
			toTheCent("total ($)", win.Total, total),
		}, nil
	})
}

// flexMonth: a month of Flex Consumption on demand worked by hand from the
// published rates, the free grant (100,000 GB-s and 250,000 executions a
// month, on demand only) and Microsoft Learn's billing rule (each busy
// period at least 1,000 ms, then 100 ms steps).
func flexMonth(name, reference string, n int, run sim.Time, free bool, compute, requests, total float64) Case {
	return priceCase("prices/azure-flex/"+name, reference, flexCosts, func() ([]Check, error) {
		win, _, err := bill("azure-functions-flex", pricing.DefaultMonth, pricing.DefaultMonth, free, func(m *pricing.Meter) {
			m.Requests(int64(n))
			for range n {
				m.Busy(run, 512, 0, false)
			}
		})
		if err != nil {
			return nil, err
		}
		return []Check{toTheCent("execution time ($)", win.Compute, compute), toTheCent("executions ($)", win.Requests, requests),
			toTheCent("total ($)", win.Total, total)}, nil
	})
}

func priceCases() []Case {
	return []Case{
		lambdaExample("3M-120ms-1536MB-free-tier",
			"3 M requests x 120 ms x 1,536 MB = 540,000 GB-s, 400,000 free: 140,000 x $0.0000166667 = $2.33; requests (3 M - 1 M free) x $0.20/M = $0.40; total $2.73",
			true, func(m *pricing.Meter) {
				m.Requests(3_000_000)
				m.Executions(3_000_000, 120*sim.Millisecond, 1536, false)
			}, 2.33, 0.40, 0, 2.73),
		lambdaExample("7.44M-2s-1024MB",
			"7.44 M requests x 2 s x 1,024 MB = 14.88 M GB-s = $248.00; requests 7.44 x $0.20 = $1.49; total $249.49 (no free tier)",
			false, func(m *pricing.Meter) {
				m.Requests(7_440_000)
				m.Executions(7_440_000, 2*sim.Second, 1024, false)
			}, 248.00, 1.49, 0, 249.49),
		lambdaExample("provisioned-100-8h-1536MB-free-tier",
			"provisioned concurrency 100 x 8 h x 1,536 MB = 4.32 M GB-s = $18.00, 500 k requests x 100 ms on it = $0.73; 2.5 M x 120 ms on demand, 50,000 GB-s above the free 400,000 = $0.83; requests $0.40; total $19.96",
			true, func(m *pricing.Meter) {
				m.Provisioned(8*sim.Hour, 1536, 100)
				m.Requests(3_000_000)
				m.Executions(500_000, 100*sim.Millisecond, 1536, true)
				m.Executions(2_500_000, 120*sim.Millisecond, 1536, false)
			}, 0.83, 0.40, 18.00+0.73, 19.96),
		priceCase("prices/azure-flex/40-per-s-2048MB-hour",
			"Microsoft's Flex Consumption example: 40 requests/s keep 10 instances of 2,048 MB busy; an hour: 10 x 2 GB x 3,600 s x $0.000026 = $1.872 + 144,000 executions x $0.40/M = $0.0576: $1.9296, a 30-day month $1,389.31 (no free grant)",
			flexCosts, func() ([]Check, error) {
				win, month, err := bill("azure-functions-flex", sim.Hour, pricing.DefaultMonth, false, func(m *pricing.Meter) {
					for range 10 {
						m.Busy(sim.Hour, 2048, 0, false)
					}
					m.Requests(40 * 3600)
				})
				if err != nil {
					return nil, err
				}
				const exact = "exact to $0.000001 (the page's products are exact)"
				return []Check{absolute("hour: execution time ($)", win.Compute, 1.872, 1e-6, exact),
					absolute("hour: executions ($)", win.Requests, 0.0576, 1e-6, exact),
					absolute("hour: total ($)", win.Total, 1.9296, 1e-6, exact),
					toTheCent("30-day month ($)", month.Total, 1389.31)}, nil
			}),
		flexMonth("1M-1.25s-512MB-free-grant",
			"1 M executions alone on 512 MB for 1,250 ms, billed 1,300 ms: 650,000 GB-s, (650,000 - 100,000 free) x $0.000026 = $14.30; (1 M - 250,000 free) x $0.40/M = $0.30; total $14.60",
			1_000_000, 1250*sim.Millisecond, true, 14.30, 0.30, 14.60),
		flexMonth("1M-1.25s-512MB-no-grant",
			"the same month without the free grant: 650,000 x $0.000026 = $16.90, plus $0.40: $17.30",
			1_000_000, 1250*sim.Millisecond, false, 16.90, 0.40, 17.30),
		flexMonth("100k-1s-512MB-inside-grant",
			"100,000 executions of 1 s at 512 MB: 50,000 GB-s, inside the free grant: $0",
			100_000, sim.Second, true, 0, 0, 0),
		priceCase("prices/aws-fargate/task-month-50GB-storage",
			"one task of 1 vCPU, 2 GB and 50 GB of ephemeral storage for a 730-hour month: vCPU 730 x $0.04048 = $29.5504, memory 2 x 730 x $0.004445 = $6.4897, storage (50 - 20 included) x 730 x $0.000111 = $2.4309; total $38.47",
			"aws.amazon.com/fargate/pricing (us-east-1, Linux x86)", func() ([]Check, error) {
				month := pricing.Month730Hours
				win, _, err := bill("aws-fargate-x86-us-east-1", month, month, false, func(m *pricing.Meter) {
					m.InstanceWindowed(0, month, 0, month, 2*1024, 1)
					m.StorageWindowed(0, month, 0, month, 50*1024)
				})
				if err != nil {
					return nil, err
				}
				return []Check{toTheCent("storage ($)", win.Storage, 2.43), toTheCent("total ($)", win.Total, 38.47)}, nil
			}),
		eksCase(),
		containerMonthCase(),
	}
}

// eksCase: the EKS control plane, $0.10 per cluster-hour (standard
// support), is its own line, projected to the scenario's month whatever
// the window it is measured on.
func eksCase() Case {
	return priceCase("prices/aws-eks/control-plane",
		"$0.10 per cluster-hour: an hour $0.10, a 30-day month $72, a 730-hour month (the AWS Pricing Calculator's) $73, from a window of an hour or a day",
		"aws.amazon.com/eks/pricing (standard support)", func() ([]Check, error) {
			var cs []Check
			for _, tt := range []struct {
				label            string
				window, month    sim.Time
				wantWin, wantMon float64
			}{
				{"an hour, 30-day month", sim.Hour, pricing.DefaultMonth, 0.10, 72},
				{"an hour, 730-hour month", sim.Hour, pricing.Month730Hours, 0.10, 73},
				{"a day, 730-hour month", 24 * sim.Hour, pricing.Month730Hours, 2.40, 73},
			} {
				win, mon, err := bill("aws-eks-us-east-1", tt.window, tt.month, false, func(m *pricing.Meter) { m.Cluster(tt.window, 1) })
				if err != nil {
					return nil, err
				}
				cs = append(cs, toTheCent(fmt.Sprintf("%s: window ($)", tt.label), win.ControlPlane, tt.wantWin),
					toTheCent(fmt.Sprintf("%s: month ($)", tt.label), mon.ControlPlane, tt.wantMon))
			}
			return cs, nil
		})
}

// containerMonthCase runs a scenario of two container platforms billed over
// a 30-day month projected from an hour (worked by hand from the AWS
// pricing pages):
//   - Fargate, 2 tasks of 1 vCPU, 2 GB and 50 GB of ephemeral storage:
//     2 x 720 h x ($0.04048 + 2 x $0.004445) = $71.0928 for vCPU and
//     memory, plus 2 x 30 GB above the 20 included x 720 h x $0.000111 =
//     $4.7952 of storage;
//   - k8s-ec2: both pods fit one m7g.xlarge node, 720 h x $0.1632 =
//     $117.504, plus the EKS control plane, 720 h x $0.10 = $72, its own
//     line.
func containerMonthCase() Case {
	const text = `name: bill
seed: 1
horizon: 2h
warmup: 1h
workload:
  synthetic:
    functions:
      - name: f
        arrival: {process: poisson, rate_per_s: 1}
        duration: {dist: deterministic, value: 100ms}
platforms:
  - name: fargate
    kind: container
    preset: aws-fargate-x86
    replica: {vcpu: 1, memory_gb: 2, slots: 1, ephemeral_storage_gb: 50}
    scaling: {policy: fixed, replicas: 2}
  - name: eks
    kind: container
    preset: k8s-ec2
    node: m7g.xlarge
    replica: {vcpu: 1, memory_gb: 2, slots: 1}
    scaling: {policy: fixed, replicas: 2}
`
	return Case{
		Name:  "prices/aws-containers/fargate-and-eks-month",
		Group: Prices,
		Reference: "30-day month: Fargate 2 tasks (1 vCPU, 2 GB, 50 GB storage) 2 x 720 h x ($0.04048 + 2 x $0.004445) = $71.0928 + storage 2 x 30 GB x 720 h x $0.000111 = $4.7952; " +
			"k8s-ec2 one m7g.xlarge node 720 h x $0.1632 = $117.504 + EKS control plane 720 h x $0.10 = $72",
		Source: "aws.amazon.com/fargate/pricing, aws.amazon.com/ec2/pricing/on-demand, aws.amazon.com/eks/pricing (us-east-1)",
		Run: func(ctx context.Context, workers int) ([]Check, error) {
			res, _, err := simulate(ctx, workers, "bill", text)
			if err != nil {
				return nil, err
			}
			far, eks := res.Platforms[0], res.Platforms[1]
			const scale = 720.0 // the window is an hour
			return []Check{
				toTheCent("fargate storage a month ($)", far.CostUSD.Storage*scale, 4.80),
				toTheCent("fargate monthly ($)", far.MonthlyCostUSD, 75.89),
				toTheCent("eks control plane a month ($)", eks.CostUSD.ControlPlane*scale, 72),
				toTheCent("eks monthly ($)", eks.MonthlyCostUSD, 189.50),
			}, nil
		},
	}
}
