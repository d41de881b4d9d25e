package metrics

import (
	"bytes"
	"encoding/json"
)

// AnalysisSchema names the JSON format of `faassim analyze --format json`
// (see Analysis). Fields may be added under it; renaming or removing one
// needs a new version.
const AnalysisSchema = "faassim/analyze/v1"

// Analysis puts, for every platform of a scenario, the prediction of an
// analytic queueing model next to the simulation's, or says why no model
// fits the platform.
type Analysis struct {
	Schema       string             `json:"schema"`
	Scenario     string             `json:"scenario"`
	Seed         uint64             `json:"seed"`
	Replications int                `json:"replications"`
	Platforms    []AnalyzedPlatform `json:"platforms"`
}

// AnalyzedPlatform is one platform's analytic and simulated figures.
type AnalyzedPlatform struct {
	Name string `json:"name"`
	// Model names the analytic model: "semi-markov", "erlang-b",
	// "m/g/inf", "m/m/c/k", "erlang-c", or "none" when none fits.
	Model string `json:"model"`
	Fits  bool   `json:"fits"`
	// Why says in words why the model fits, or why none does.
	Why string `json:"why"`
	// Analytic is the model's prediction, nil when Fits is false.
	Analytic *Figures `json:"analytic"`
	// Simulated holds the same quantities measured on the simulation
	// (the mean over replications), with the same definitions.
	Simulated Figures `json:"simulated"`
	// SimulatedCI95 maps a key of Simulated to the Student-t 95%
	// confidence interval of its mean over replications; present only
	// with more than one replication.
	SimulatedCI95 map[string][2]float64 `json:"simulated_ci95,omitempty"`
	// Notes name what the model leaves out that may matter here.
	Notes []string `json:"notes"`
}

// Figures are the quantities analytic models and simulations are compared
// on. A nil field is one the model does not give (and is not printed).
type Figures struct {
	// ColdStartRatio is cold starts among requests not rejected.
	ColdStartRatio *float64 `json:"cold_start_ratio,omitempty"`
	// RejectionRatio is rejected requests among all requests.
	RejectionRatio *float64 `json:"rejection_ratio,omitempty"`
	// InstancesMean is the time-averaged number of live instances
	// (replicas on a container platform).
	InstancesMean *float64 `json:"instances_mean,omitempty"`
	// RunningMean is the time-averaged number of requests running, warm
	// and cold (on FaaS with one request per instance: busy instances,
	// cold starts included).
	RunningMean *float64 `json:"running_mean,omitempty"`
	// Utilization is the model's own definition (see the platform's
	// notes): for the semi-Markov model, mean warm running over the mean
	// warm pool; otherwise running over instances x slots.
	Utilization *float64 `json:"utilization,omitempty"`
	// WaitProbability is the probability that a completed request waited
	// for a server; WaitMeanMS its mean wait, zero waits included.
	WaitProbability *float64 `json:"wait_probability,omitempty"`
	WaitMeanMS      *float64 `json:"wait_mean_ms,omitempty"`
}

// FigureKey is one quantity of Figures: its JSON key, how a report labels
// it, and where it is held.
type FigureKey struct {
	Key, Label string
	Field      func(*Figures) **float64
}

// FigureKeys lists the quantities of Figures in the order reports print
// them; the keys are the JSON keys.
var FigureKeys = []FigureKey{
	{"cold_start_ratio", "cold-start ratio", func(f *Figures) **float64 { return &f.ColdStartRatio }},
	{"rejection_ratio", "rejection ratio", func(f *Figures) **float64 { return &f.RejectionRatio }},
	{"instances_mean", "mean instances", func(f *Figures) **float64 { return &f.InstancesMean }},
	{"running_mean", "mean running", func(f *Figures) **float64 { return &f.RunningMean }},
	{"utilization", "utilization", func(f *Figures) **float64 { return &f.Utilization }},
	{"wait_probability", "P(wait)", func(f *Figures) **float64 { return &f.WaitProbability }},
	{"wait_mean_ms", "mean wait ms", func(f *Figures) **float64 { return &f.WaitMeanMS }},
}

// Get returns the value of key and whether f has it.
func (f *Figures) Get(key string) (float64, bool) {
	for _, k := range FigureKeys {
		if k.Key == key {
			if p := *k.Field(f); p != nil {
				return *p, true
			}
		}
	}
	return 0, false
}

// Set sets the value of key; an unknown key is a programming error and is
// ignored.
func (f *Figures) Set(key string, v float64) {
	for _, k := range FigureKeys {
		if k.Key == key {
			*k.Field(f) = &v
		}
	}
}

// MarshalJSON writes Platforms as [] rather than null, and every
// platform's Notes likewise, so readers always find arrays; "&", "<" and
// ">" are left unescaped, as in Results.
func (a Analysis) MarshalJSON() ([]byte, error) {
	type plain Analysis
	if a.Platforms == nil {
		a.Platforms = []AnalyzedPlatform{}
	}
	ps := make([]AnalyzedPlatform, len(a.Platforms))
	for i, p := range a.Platforms {
		if p.Notes == nil {
			p.Notes = []string{}
		}
		ps[i] = p
	}
	a.Platforms = ps
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(plain(a)); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
