package playground

import (
	"faassim/models/metrics"
	"faassim/scenarios"
)

// Schema names the version of the playground's JSON API. The page and the
// server ship together in one binary, so the API may change with it; the
// name says which one a saved response came from.
const Schema = "faassim/playground/v1"

// Endpoints (all JSON answers carry "schema"):
//
//	GET  /                 the page (web/index.html)
//	GET  /static/NAME      the page's script, styles (web/NAME)
//	GET  /api/catalog      Catalog: the examples offered and the lessons
//	POST /api/run          RunRequest -> RunResponse
//	POST /api/export       State -> ExportResponse
//
// A request that fails answers with an ErrorResponse and a 4xx or 5xx
// status: 400 bad input (the problems name the field), 403 a Host or
// Origin other than the server's, 405 a wrong method, 413 a body over
// MaxBodyBytes, 415 a body that is not application/json, 409 a run
// replaced by a newer one from the same page, 422 over the work or memory
// budget (the message names the serve flag that lifts it), 503 every
// simulation slot busy (with Retry-After), 504 the time budget ran out.
const (
	PathCatalog = "/api/catalog"
	PathRun     = "/api/run"
	PathExport  = "/api/export"
)

// MaxBodyBytes bounds a request body: a state is an example name and a few
// dozen overrides, far below it.
const MaxBodyBytes = 64 << 10

// MaxSets bounds the overrides in one state.
const MaxSets = 200

// State is the page's state: what the URL holds and what "export" writes.
type State struct {
	// Example names an embedded example offered by the playground, or is
	// CLIScenario for the scenario given on the command line.
	Example string `json:"example"`
	// Sets are --set overrides, "path=value", applied in order after the
	// playground's own for the example (Offered.Sets).
	Sets []string `json:"sets"`
}

// CLIScenario is State.Example for the scenario given on the command line.
const CLIScenario = "@cli"

// RunRequest asks for a state to be simulated.
type RunRequest struct {
	State
	// Page identifies the browser page (random, up to 64 characters of
	// [A-Za-z0-9_-]): a newer run from the same page cancels this one.
	Page string `json:"page"`
	// Previous is the state shown before this one, when there was one:
	// the explanations say what changed from it and why.
	Previous *State `json:"previous,omitempty"`
}

// RunResponse is a state as simulated.
type RunResponse struct {
	Schema string `json:"schema"`
	State  State  `json:"state"`
	// Title and Description are the scenario's (name and description).
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	// Notes are things the student should know about this run: the
	// horizon shortened for the playground, the results' warnings.
	Notes []string `json:"notes,omitempty"`
	// Controls are the settings the page offers for this scenario, with
	// their values after the state's overrides.
	Controls []Control `json:"controls"`
	// Table is the comparison table, cell for cell as `faassim run` prints
	// it (reports.ComparisonTable).
	Table Table `json:"table"`
	// Results are the results as `faassim run --format json --timeline
	// STEP` gives them (the timeline step chosen for about 400 points).
	Results      metrics.Results `json:"results"`
	Explanations Explanations    `json:"explanations"`
	// Formulas are the closed forms that apply to this state, each with
	// its value and the simulated counterpart.
	Formulas []Formula `json:"formulas,omitempty"`
	// ElapsedMS is the server's time for the run (simulation and
	// rendering), for the page to show.
	ElapsedMS float64 `json:"elapsed_ms"`
}

// Table is a table of formatted cells.
type Table struct {
	Header []string   `json:"header"`
	Rows   [][]string `json:"rows"`
}

// ExportResponse is a state written out: YAML is a scenario file (horizon
// included) that `faassim run FILE --format json` turns into exactly
// Results (byte for byte).
type ExportResponse struct {
	Schema   string `json:"schema"`
	Filename string `json:"filename"` // a suggested name, NAME-playground.yaml
	YAML     string `json:"yaml"`
	// Results is the JSON `faassim run FILE --format json` prints.
	Results string `json:"results"`
}

// ErrorResponse is every failed request's answer.
type ErrorResponse struct {
	Schema string `json:"schema"`
	Error  string `json:"error"`
	// Problems are the scenario's problems, as a scenario file gives them
	// (the same messages), when the error is one.
	Problems []Problem `json:"problems,omitempty"`
}

// Problem is one problem of a scenario: scenarios.Problem in JSON. File is
// "--set path" for a problem of an override.
type Problem struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
}

// Catalog is what the page offers: examples and lessons.
type Catalog struct {
	Schema string `json:"schema"`
	// Default is the example opened first: the command line's scenario
	// when one was given, else the manifest's default.
	Default  string    `json:"default"`
	Examples []Offered `json:"examples"`
	Lessons  []Lesson  `json:"lessons"`
}

// Offered is a scenario the playground offers. The embedded examples
// offered are listed, with the lessons, in the embedded manifest
// (playground.yaml); examples not listed there (large studies) are not
// offered.
type Offered struct {
	Name        string `json:"name"` // example name, or CLIScenario
	Title       string `json:"title"`
	Description string `json:"description"`
	// Sets are the playground's own overrides for the example, applied
	// before the page's: a shorter horizon where the example's own would
	// not update within a second ("horizon=48h").
	Sets []string `json:"sets,omitempty"`
	// Note says what Sets change and why, "" when there are none
	// ("horizon 200h shortened to 48h for the playground; faassim run
	// example:NAME runs 200h").
	Note string `json:"note,omitempty"`
}

// Control is one setting the page offers. Every control writes --set
// paths: moving it to value v on a target writes, for each of the
// target's Paths, Path=Fixed when Fixed is set, else Path=format(v x
// Factor) (Format says how: a number, an integer, or a duration such as
// "90s", from seconds).
type Control struct {
	ID    string `json:"id"` // one of the Control* constants
	Label string `json:"label"`
	Help  string `json:"help"` // one line: what the control teaches
	// Scope is "function" (workload controls) or "platform".
	Scope string `json:"scope"`
	// Kind is "range" (Min..Max, Log for a log scale, Step) or "choice"
	// (Choices).
	Kind    string   `json:"kind"`
	Unit    string   `json:"unit,omitempty"`
	Format  string   `json:"format"` // "number", "integer", "duration" (value in seconds), "choice"
	Min     float64  `json:"min,omitempty"`
	Max     float64  `json:"max,omitempty"`
	Log     bool     `json:"log,omitempty"`
	Step    float64  `json:"step,omitempty"`
	Choices []string `json:"choices,omitempty"`
	// Targets are the functions or platforms the control applies to
	// (those where the setting means something: a TTL only on FaaS
	// platforms with a fixed keep-alive, replicas only on fixed fleets).
	Targets []Target `json:"targets"`
}

// Control IDs.
const (
	ControlRate         = "rate"          // requests per second (function)
	ControlCV           = "cv"            // burstiness: gap coefficient of variation (function, poisson or gamma)
	ControlBurstRate    = "burst_rate"    // mmpp burst rate (function)
	ControlDuration     = "duration"      // median (lognormal) or mean duration (function)
	ControlMemory       = "memory"        // memory_mb (FaaS platform)
	ControlPolicy       = "keep_alive"    // keep-alive policy (FaaS platform)
	ControlTTL          = "ttl"           // keep-alive TTL (FaaS platform, fixed policy)
	ControlPerInstance  = "per_instance"  // per-instance concurrency (FaaS platform)
	ControlProvisioned  = "provisioned"   // provisioned instances (FaaS platform)
	ControlAccountLimit = "account_limit" // account concurrency limit (FaaS platform)
	ControlReplicas     = "replicas"      // fixed fleet size (container platform)
	ControlTarget       = "target"        // autoscaling target (container platform)
)

// Target is a control's value on one function or platform.
type Target struct {
	Name  string `json:"name"`
	Index int    `json:"index"` // in workload.synthetic.functions or platforms
	// Value is the current value (ranges; seconds for durations), Choice
	// the current choice; Base is the value in the example itself, before
	// any override (the page scales every function's rate from it when
	// the control acts on all functions at once).
	Value  float64   `json:"value"`
	Choice string    `json:"choice,omitempty"`
	Base   float64   `json:"base"`
	Paths  []SetPath `json:"paths"`
}

// SetPath is one --set path a control writes for a target.
type SetPath struct {
	Path   string  `json:"path"`
	Factor float64 `json:"factor,omitempty"` // 0 means 1
	Fixed  string  `json:"fixed,omitempty"`
}

// Explanations are a few plain sentences under each chart, generated from
// the numbers: what changed from the previous state and why (or, with no
// previous state, what the chart shows and why).
type Explanations struct {
	Latency    string `json:"latency"`
	Instances  string `json:"instances"`
	ColdStarts string `json:"cold_starts"`
	Cost       string `json:"cost"`
	Table      string `json:"table"`
}

// Formula IDs.
const (
	FormulaFixedTTL  = "fixed-ttl"   // P(cold) = e^(-lambda T), Poisson arrivals, fixed TTL
	FormulaErlangB   = "erlang-b"    // loss at the concurrency limit, M/G/c/c
	FormulaLittle    = "littles-law" // busy instances = lambda x mean time running
	FormulaCPUShare  = "cpu-share"   // memory -> vCPU -> duration
	FormulaBreakEven = "break-even"  // the rate where FaaS and a fleet cost the same
	FormulaFleetLoad = "fleet-load"  // utilization of a fixed fleet, lambda S / (replicas x slots)
)

// Formula is a closed form applied to the state.
type Formula struct {
	ID       string  `json:"id"`
	Platform string  `json:"platform,omitempty"`
	Name     string  `json:"name"`     // "Cold-start probability under a fixed keep-alive"
	Equation string  `json:"equation"` // "P(cold) = e^(-λT)"
	Worked   string  `json:"worked"`   // "e^(-0.01/s × 60 s) = e^(-0.6) = 0.549"
	Value    float64 `json:"value"`
	// Simulated is the simulation's counterpart of Value, and
	// SimulatedLabel says what it is ("cold starts simulated: 54.2%").
	Simulated      float64 `json:"simulated"`
	SimulatedLabel string  `json:"simulated_label"`
	Source         string  `json:"source,omitempty"` // public reference
}

// Lesson is a guided lesson on one example.
type Lesson struct {
	ID      string       `json:"id"`
	Title   string       `json:"title"`
	Example string       `json:"example"`
	Summary string       `json:"summary"`
	Steps   []LessonStep `json:"steps"`
}

// LessonStep sets the controls (Sets, over the example's own), asks the
// student to predict, then shows the result and the formula behind it.
type LessonStep struct {
	Title string   `json:"title"`
	Text  string   `json:"text"`
	Sets  []string `json:"sets"`
	// Question asks for a prediction; Choices are ranges of Metric on
	// Platform, one of which holds the result.
	Question string         `json:"question"`
	Choices  []LessonChoice `json:"choices"`
	Platform string         `json:"platform"`
	Metric   string         `json:"metric"` // one of the Metric* constants
	// Formula is the Formula ID shown with the result ("" for none);
	// Reveal is said after the result, why it came out so.
	Formula string `json:"formula,omitempty"`
	Reveal  string `json:"reveal"`
}

// LessonChoice is a predicted range of a lesson step's metric, [Low, High).
type LessonChoice struct {
	Label string  `json:"label"`
	Low   float64 `json:"low"`
	High  float64 `json:"high"`
}

// Metric names, as lesson steps use them: values of metrics.Platform.
const (
	MetricColdStartRatio = "cold_start_ratio" // 0..1
	MetricRejectedRatio  = "rejected_ratio"   // rejected / requests, 0..1
	MetricP50MS          = "p50_ms"
	MetricP99MS          = "p99_ms"
	MetricMonthlyCost    = "monthly_cost_usd"
	MetricMeanInstances  = "mean_instances"
)

// Snapshot is a state as it ran: what explanations compare.
type Snapshot struct {
	State    State
	Scenario *scenarios.Scenario
	Results  metrics.Results
}
