package container

import (
	"faassim/models/internal/iheap"
	"faassim/models/internal/slab"

	"faassim/models/internal/deque"
	"faassim/models/metrics"
	"faassim/models/workload"
	"faassim/sim"
)

// Service simulates one container service on an engine. Feed it invocations
// with Arrive at their arrival times; read the record with Result after the
// engine has run to the horizon.
type Service struct {
	eng     *sim.Engine
	cfg     Config
	slots   int32
	speed   []float64  // per function; 1 when unset
	timeout []sim.Time // per function: executions are cut at it; 0 = none

	reps     slab.Slab[replica]
	nextID   uint64
	route    iheap.Heap         // ready replicas not draining, by routeKey
	routes   iheap.Index        // by replica: its route key and position
	starting deque.Deque[int32] // starting replicas in launch order
	queue    deque.Deque[queued]
	reqs     slab.Slab[request]

	// desired is the number of replicas not draining (starting or ready):
	// Kubernetes' spec.replicas.
	desired int
	hpa     autoscaler

	onFinish, onReady, onSync sim.Handler
	// Request timeouts (see Config.RequestTimeout): the pending check of
	// the queue head's deadline (0 if none), and the client-side timeout
	// of a request still running at its deadline.
	deadlineAt               sim.Time
	onDeadline, onClientGone sim.Handler
	log                      func(Event)
	lifetime                 func(start, end sim.Time)
	closed                   bool
	st                       stats
}

type request struct {
	arrival, start sim.Time
	rep            int32
	fn             int32
	// cut: the execution reaches the function's timeout and is cut there;
	// gone: the client's request timeout passed while it ran.
	cut, gone bool
}

// queued is a waiting invocation with the replica count it arrived in,
// kept until its fate is known (see metrics.Tally.ArriveIn).
type queued struct {
	workload.Invocation
	state int32
}

type stats struct {
	metrics.Tally
}

// The handlers are the service under other names, so scheduling converts a
// pointer to an interface and allocates nothing.
type (
	finishHandler Service
	readyHandler  Service
	syncHandler   Service
)

func (h *finishHandler) Handle(now sim.Time, d uint64) { (*Service)(h).finish(now, int32(d)) }
func (h *readyHandler) Handle(now sim.Time, d uint64)  { (*Service)(h).ready(now, int32(d)) }
func (h *syncHandler) Handle(now sim.Time, _ uint64)   { (*Service)(h).sync(now) }

// New builds a service for fns on eng. Under Fixed scaling all replicas are
// ready at the engine's current time; under Target, Min replicas (Initial
// if set) are, and the first sync comes one Sync period later.
func New(eng *sim.Engine, cfg Config, fns []Function) (*Service, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(fns); err != nil {
		return nil, err
	}
	s := &Service{eng: eng, cfg: cfg, slots: int32(cfg.Replica.Slots),
		speed: make([]float64, len(fns)), timeout: make([]sim.Time, len(fns))}
	for i, f := range fns {
		s.speed[i] = f.Speed
		if f.Speed == 0 {
			s.speed[i] = 1
		}
		s.timeout[i] = f.Timeout
	}
	s.onFinish, s.onReady, s.onSync = (*finishHandler)(s), (*readyHandler)(s), (*syncHandler)(s)
	s.onDeadline, s.onClientGone = (*deadlineHandler)(s), (*clientGoneHandler)(s)
	s.st.Tally = metrics.NewTally(cfg.Warmup, cfg.Horizon, cfg.Timeline)
	initial := cfg.Scaling.Replicas
	if cfg.Scaling.Policy == Target {
		initial = cfg.Scaling.Min
		s.hpa.init(eng.Now())
		if n := cfg.Scaling.Initial; n > 0 {
			initial = n
			s.hpa.record(eng.Now(), eng.Now()-cfg.Scaling.ScaleDownStabilization, n)
		}
		eng.Schedule(eng.Now()+cfg.Scaling.Sync, s.onSync, 0)
	}
	now := eng.Now()
	for range initial {
		i := s.launch(now)
		s.reps.At(i).readyAt = now
		s.makeReady(now, i)
	}
	return s, nil
}

// Arrive hands the service an invocation arriving now. It goes to the ready
// replica with the fewest requests in flight (the lowest id among equals);
// if every slot is busy, or no replica is ready, it waits in the FIFO queue,
// or is rejected when the queue is full. Under Target scaling with Min 0, a
// request that finds no replica live or starting launches one (see
// Scaling.Min).
func (s *Service) Arrive(now sim.Time, inv workload.Invocation) {
	// The state it arrives in: the replicas that exist (starting and
	// draining ones included), before it activates any.
	k := int32(s.st.Live.Value())
	if inv.Arrival >= s.cfg.Warmup {
		s.st.Requests++
		s.st.ArriveIn(int(k))
	}
	s.st.Backlog.Arrive(inv.Arrival)
	s.cfg.Timeline.Request(now)
	s.emit(now, Arrived, inv.Function, -1)
	// The queue is empty whenever a ready replica has a free slot (a freed
	// slot takes the queue head at once), so checking the top is FIFO-safe.
	if s.route.Len() > 0 {
		if i := s.route.Top(); s.reps.At(i).out < s.slots {
			s.assign(now, i, inv, k)
			return
		}
	}
	if s.cfg.QueueLimit > 0 && s.queue.Len() >= s.cfg.QueueLimit {
		if inv.Arrival >= s.cfg.Warmup {
			s.st.Rejected++
			s.st.RejectIn(int(k))
		}
		s.st.Backlog.Lose(inv.Arrival)
		s.cfg.Timeline.Reject(now)
		s.emit(now, Rejected, inv.Function, -1)
		return
	}
	s.queue.PushBack(queued{inv, k})
	s.st.Backlog.Wait(now, 1)
	s.emit(now, Queued, inv.Function, -1)
	if s.cfg.RequestTimeout > 0 && s.deadlineAt == 0 {
		s.watchDeadline()
	}
	if s.desired == 0 {
		s.activate(now)
	}
}

// assign starts inv on ready replica i now; state is the replica count it
// arrived in.
func (s *Service) assign(now sim.Time, i int32, inv workload.Invocation, state int32) {
	rp := s.reps.At(i)
	if rp.out == 0 {
		s.st.Busy.Add(now, 1)
	}
	rp.out++
	s.route.Update(&s.routes, i, routeKey(rp))
	s.hpa.load.Add(now, 1)
	run := inv.Duration
	if sp := s.speed[inv.Function]; sp != 1 {
		run = sim.Time(float64(run) * sp)
	}
	req := request{arrival: inv.Arrival, start: now, rep: i, fn: inv.Function}
	if to := s.timeout[inv.Function]; to > 0 && run > to {
		run, req.cut = to, true
	}
	s.st.Backlog.Serve(run)
	// Cold: the request waited for a replica that was not yet serving when
	// it arrived (all replicas starting, scale-from-zero, or a queue drained
	// by a replica launched since).
	if rp.readyAt > inv.Arrival && inv.Arrival >= s.cfg.Warmup {
		s.st.ColdStarts++
		s.st.ColdIn(int(state))
		s.cfg.Timeline.ColdStart(now)
	}
	r := s.reqs.Put(req)
	s.eng.Schedule(now+run, s.onFinish, uint64(r))
	if rt := s.cfg.RequestTimeout; rt > 0 && now+run > inv.Arrival+rt {
		s.eng.Schedule(inv.Arrival+rt, s.onClientGone, uint64(r))
	}
	s.emit(now, Started, inv.Function, i)
}

func (s *Service) finish(now sim.Time, r int32) {
	req := *s.reqs.At(r)
	s.reqs.Free(r)
	s.st.Running.Add(req.start, now)
	i := req.rep
	switch {
	case req.gone: // counted when its client gave up; the replica is done now
		s.emit(now, Finished, req.fn, i)
	case req.cut:
		s.timedOut(now, req.arrival, req.fn, i, true)
	default:
		if req.arrival >= s.cfg.Warmup {
			s.st.Completed++
			s.st.Latency.Add((now - req.arrival).Milliseconds())
			s.st.Wait.Add((req.start - req.arrival).Milliseconds())
			if req.start > req.arrival {
				s.st.Waited++
			}
		}
		s.st.InSystem.Add(req.arrival, now)
		s.emit(now, Finished, req.fn, i)
	}
	rp := s.reps.At(i)
	rp.out--
	if rp.out == 0 {
		s.st.Busy.Add(now, -1)
	}
	if rp.state == draining {
		if rp.out == 0 {
			s.remove(now, i)
		}
		return
	}
	s.hpa.load.Add(now, -1)
	s.route.Update(&s.routes, i, routeKey(rp))
	s.drainQueue(now)
}

// drainQueue gives free slots to queued requests, oldest first.
func (s *Service) drainQueue(now sim.Time) {
	for s.queue.Len() > 0 && s.route.Len() > 0 {
		i := s.route.Top()
		if s.reps.At(i).out >= s.slots {
			return
		}
		inv := s.queue.PopFront()
		s.st.Backlog.Wait(now, -1)
		if s.expired(now, inv.Invocation) {
			s.timedOut(now, inv.Arrival, inv.Function, -1, false)
			continue
		}
		s.assign(now, i, inv.Invocation, inv.state)
	}
}

// launch creates a starting replica and counts it live.
func (s *Service) launch(now sim.Time) int32 {
	s.nextID++
	i := s.reps.Put(replica{id: s.nextID, state: starting, created: now, readyAt: now + s.cfg.Replica.Startup})
	s.routes.Add(i)
	s.desired++
	s.st.Live.Add(now, 1)
	return i
}

// start launches a replica that serves after the startup time.
func (s *Service) start(now sim.Time) {
	i := s.launch(now)
	s.starting.PushBack(i)
	s.reps.At(i).readyEv = s.eng.Schedule(s.reps.At(i).readyAt, s.onReady, uint64(i))
	s.emit(now, Launched, -1, i)
}

func (s *Service) ready(now sim.Time, i int32) {
	s.starting.PopFront() // launch order is ready order: it is i
	s.reps.At(i).readyEv = sim.EventID{}
	s.makeReady(now, i)
	s.emit(now, Ready, -1, i)
	s.drainQueue(now)
}

func (s *Service) makeReady(now sim.Time, i int32) {
	s.reps.At(i).state = ready
	s.route.Push(&s.routes, i, routeKey(s.reps.At(i)))
	s.hpa.capacity.Add(now, 1)
}

// retire takes one replica out of service for a scale-down: the newest
// starting one if any (it has served nothing), else the ready replica with
// the fewest requests in flight (the routing order: an idle one if there is
// one). A draining replica receives no request and leaves when its last
// request finishes.
func (s *Service) retire(now sim.Time) {
	s.desired--
	if s.starting.Len() > 0 {
		i := s.starting.PopBack()
		s.eng.Cancel(s.reps.At(i).readyEv)
		s.emit(now, Draining, -1, i)
		s.remove(now, i)
		return
	}
	i := s.route.Top()
	rp := s.reps.At(i)
	s.route.Remove(&s.routes, i)
	rp.state = draining
	s.hpa.capacity.Add(now, -1)
	s.hpa.load.Add(now, -int64(rp.out))
	s.emit(now, Draining, -1, i)
	if rp.out == 0 {
		s.remove(now, i)
	}
}

func (s *Service) remove(now sim.Time, i int32) {
	rp := s.reps.At(i)
	s.st.Live.Add(now, -1)
	if s.lifetime != nil {
		s.lifetime(rp.created, now)
	}
	s.emit(now, Removed, -1, i)
	rp.state = gone
	s.reps.Free(i)
}

// close ends the record at the horizon, once, reporting the lifetimes of the
// replicas still live.
func (s *Service) close() {
	if s.closed {
		return
	}
	s.closed = true
	s.st.Close()
	s.countInFlight()
	if s.lifetime == nil {
		return
	}
	s.reps.Each(func(i int32) { s.lifetime(s.reps.At(i).created, sim.Never) })
}

// countInFlight counts the requests of the window still queued or running
// at the horizon.
func (s *Service) countInFlight() {
	w := s.cfg.Warmup
	s.reqs.Each(func(r int32) {
		req := s.reqs.At(r)
		s.st.Running.Add(req.start, s.cfg.Horizon) // still running: counted up to the horizon
		if !req.gone {
			s.st.InSystem.Add(req.arrival, s.cfg.Horizon)
		}
		// A request its client gave up on (request_timeout) is counted
		// timed out already, though its replica still runs it.
		if req.arrival >= w && !req.gone {
			s.st.InFlight++
		}
	})
	for _, inv := range s.queue.All() {
		s.st.InSystem.Add(inv.Arrival, s.cfg.Horizon)
		if inv.Arrival >= w {
			s.st.InFlight++
		}
	}
}

// Result closes the record at the horizon and returns it: instances are
// replicas (starting and draining included), busy ones have a request in
// flight, cold starts are requests that waited for a replica to start, and
// Wait is the time in the queue.
func (s *Service) Result() metrics.Run {
	s.close()
	return s.st.Run()
}

// Replicas returns the number of live replicas now (starting, ready and
// draining).
func (s *Service) Replicas() int { return int(s.st.Live.Value()) }
