package coldstart

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"faassim/models/dist"
	"faassim/sim"
)

// runtimeFit is a published hello-world cold start: the median and the upper
// end of the central 95% range, in seconds.
type runtimeFit struct {
	medianSeconds float64
	p975Seconds   float64
}

// awsRuntimes are hello-world cold starts on AWS Lambda, median and central
// 95% range (Shilkov 2021, "Cold starts in AWS Lambda",
// mikhail.io/serverless/coldstarts/aws/). Each becomes a lognormal through the median and the upper end
// of the range taken as the 97.5th percentile. Two points fix a lognormal, and
// the published ranges are more skewed than one (for Python the fit puts the
// 2.5th percentile at 0.215^2/0.530 = 0.087 s, not 0.148 s): we match the
// right tail because it drives the p99 latency the simulator reports, while
// the left tail only shaves a few tens of milliseconds off fast starts.
var awsRuntimes = map[string]runtimeFit{
	"python":    {0.215, 0.530}, // published range 0.148-0.530
	"nodejs":    {0.264, 0.595}, // 0.195-0.595
	"go":        {0.307, 0.661}, // 0.191-0.661
	"java":      {0.372, 0.690}, // 0.275-0.690
	"container": {0.795, 1.404}, // container image; 0.616-1.404
}

// providerMedianSeconds is the hello-world median cold start of a provider,
// or 0 to use the AWS runtime median itself. Shilkov (2021) gives GCP
// 0.6-1.1 s and Azure 0.9-1.6 s as the range of medians across runtimes,
// without per-runtime 95% ranges. We take the midpoint of that range as the
// median of every runtime on that provider and keep the shape (sigma) of the
// AWS runtime: a documented guess, better than inventing per-runtime figures.
var providerMedianSeconds = map[string]float64{
	"aws":   0,
	"gcp":   (0.6 + 1.1) / 2,
	"azure": (0.9 + 1.6) / 2,
}

// PackageSecondsPerMB is the cold-start time added to the median per MB of
// deployment package. Shilkov (2021) measured 0.26 s at 1 KB, 1.70 s at 14 MB
// and 3.87 s at 35 MB: slopes (1.70-0.26)/14 = 0.1029 and
// (3.87-0.26)/35 = 0.1031 s/MB, so the growth is linear at about 0.103 s/MB
// (downloading and unpacking the package).
const PackageSecondsPerMB = 0.103

// Runtimes returns the names of the runtimes Default knows, sorted.
func Runtimes() []string { return slices.Sorted(maps.Keys(awsRuntimes)) }

// Providers returns the names of the providers Default knows, sorted.
func Providers() []string { return slices.Sorted(maps.Keys(providerMedianSeconds)) }

// Default returns the default cold start of a runtime on a provider with a
// deployment package of packageMB megabytes, split by the runtime's INIT
// share (see InitShare; the package-size term is split the same way, an
// assumption: Shilkov's larger packages add npm dependencies, downloaded
// before INIT and loaded during it). The end-to-end total is a lognormal whose
// median is the provider's hello-world median plus PackageSecondsPerMB per MB,
// and whose spread (the ratio of the 97.5th percentile to the median) is the
// runtime's on AWS. A larger package moves the whole distribution up in
// proportion rather than adding a constant, so the result stays lognormal and
// a slow download stays as variable, relatively, as a fast one.
//
// The package-size slope was measured on zip packages; applying it to
// "container" (container images, which Lambda loads lazily) is an assumption.
// Memory size is not a parameter: on AWS it barely changes cold starts
// (Shilkov 2021).
func Default(provider, runtime string, packageMB float64) (Split, error) {
	total, err := defaultTotal(provider, runtime, packageMB)
	if err != nil {
		return Split{}, err
	}
	return Split{Dist: total, InitShare: InitShare(runtime)}, nil
}

func defaultTotal(provider, runtime string, packageMB float64) (dist.Dist, error) {
	providerMedian, ok := providerMedianSeconds[provider]
	if !ok {
		return nil, fmt.Errorf("coldstart: unknown provider %q (known: %s)", provider, strings.Join(Providers(), ", "))
	}
	fit, ok := awsRuntimes[runtime]
	if !ok {
		return nil, fmt.Errorf("coldstart: unknown runtime %q (known: %s)", runtime, strings.Join(Runtimes(), ", "))
	}
	if !(packageMB >= 0) || math.IsInf(packageMB, 1) {
		return nil, fmt.Errorf("coldstart: package size %v MB must be finite and non-negative", packageMB)
	}
	if providerMedian == 0 {
		providerMedian = fit.medianSeconds
	}
	medianSeconds := providerMedian + PackageSecondsPerMB*packageMB
	factor := medianSeconds / fit.medianSeconds
	return dist.LogNormalFromQuantile(toMicros(medianSeconds), 0.975, toMicros(fit.p975Seconds*factor))
}

// toMicros converts seconds to a sim.Time rounded to the microsecond, so the
// fitting points print as "3.06907s" rather than "3.069069767s"; the rounding
// moves sigma by less than 1e-7.
func toMicros(seconds float64) sim.Time {
	return sim.FromSeconds(math.Round(seconds*1e6) / 1e6)
}
