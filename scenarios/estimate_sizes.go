package scenarios

// The sizes the memory estimate counts with. Each was measured on this
// project's models (go test's allocation counters, TotalAlloc, over runs
// that vary one quantity: 1,000 against 100,000 instances, queued requests
// or replicas; 1,000 against 10,000 functions; 20 kept replications of the
// examples), so each includes the garbage its structure leaves while it
// grows: an upper bound of what it holds at its peak, rounded up.
const (
	// processBytes is faassim itself: the runtime, the embedded examples
	// and price sheets (measured 12 to 15 MB resident for a small run).
	processBytes = 16 << 20
	// simBaseBytes is one simulation with nothing in it: the engine, the
	// platform, its tally and latency sketches, the meter (measured 13
	// to 18 KB).
	simBaseBytes = 64 << 10
	// backlogBucketBytes is the overload record of one bucket of at most
	// 5 minutes of the window (metrics.Backlog: five int64s).
	backlogBucketBytes = 40
	// timelinePointBytes is one --timeline bucket: five series of
	// float64s, recorded, copied into the run's record and averaged into
	// the results (measured 46 bytes a point per run).
	timelinePointBytes = 96
	// runKeptBytes is a replication's record while it is held (waiting to
	// be folded in order, or to the end with RunReplications): counters,
	// two latency sketches and the counts by state (measured with
	// runtime.MemStats over 100 kept replications: 9 KB for
	// after-quiet-night, 15 KB for simfaas-readme at 300 s, 27 KB at
	// 30,000 s, the sketches growing with their samples).
	runKeptBytes = 24 << 10
	// countTimeBytes is the time at one instance count in a run's record
	// (metrics.CountTimes: an int64 each for the live and the busy level).
	countTimeBytes = 8
	// resultsPlatformBytes is a platform's summary in the results: its
	// settings, latency curve, costs and warnings (measured 4 to 13 KB
	// per sweep point of 1 to 4 platforms).
	resultsPlatformBytes = 16 << 10

	// faasFnBytes is a function on a FaaS platform while it runs: its
	// state, cold-start stream, pool and arrival stream (measured 2.0 KB).
	faasFnBytes = 2 << 10
	// hybridAppBytes and hybridBinBytes are what the hybrid policy keeps
	// per group of instances (an app, or a function where instances are
	// per function): its map entry and state, and 8 bytes a bin (a count
	// and a cumulative count).
	hybridAppBytes = 640
	hybridBinBytes = 8
	// containerFnBytes is a function on a container platform while it
	// runs (measured 0.9 KB).
	containerFnBytes = 1 << 10
	// planFaaSFnBytes and planContainerFnBytes are a function in a
	// platform's resolved plan, kept for the whole run (measured 622 and
	// 281 bytes).
	planFaaSFnBytes      = 640
	planContainerFnBytes = 300

	// instanceBytes is a live FaaS instance with its requests and events
	// (measured 1,496 bytes); provisionedBytes a provisioned one, which
	// needs no cold start (621 bytes).
	instanceBytes    = 1500
	provisionedBytes = 640
	// queuedBytes is a request waiting in a FaaS or container queue
	// (measured 165 bytes, the queue's growth included).
	queuedBytes = 170
	// replicaBytes is a container replica (measured 418 bytes), and
	// inFlightBytes a request running on one.
	replicaBytes  = 420
	inFlightBytes = 100

	// appRecordBytes is an application's per-app record (--per-app) in a
	// FaaS simulation: its counts, name and numbering (measured 154 bytes
	// on 100,000 apps); appKeptBytes the record each replication keeps
	// until the end (40 bytes) and its share of pooling them.
	appRecordBytes = 160
	appKeptBytes   = 48

	// scenarioPerYAMLByte is a loaded scenario's memory per byte of its
	// YAML (measured 4 and 6 times on the examples, whose comments are
	// not kept).
	scenarioPerYAMLByte = 8
	// replayArrivalBytes is an arrival written in a replay list: the
	// decoded duration and each simulation's copy.
	replayArrivalBytes = 16

	// simSetupEvents is the work of setting up and summarizing one
	// simulation (engine, platform, tally and sketches, folding its run
	// into the summary), counted as that many requests: 16 us a
	// simulation measured on 100,000 replications of a second without
	// requests, about 32 requests at limits.EventsPerSecond. It is what
	// thousands of short replications cost beyond their requests.
	simSetupEvents = 40
)
