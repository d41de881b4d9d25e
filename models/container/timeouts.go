package container

import (
	"faassim/models/workload"
	"faassim/sim"
)

// Timeouts. A function's Timeout cuts its execution as a FaaS platform
// does: the replica stops at it and the request is timed out. A request
// timeout (Config.RequestTimeout) is the load balancer's: it bounds wait
// plus execution from the client's side. A request still queued when it
// expires leaves the queue, timed out; one running then is timed out at
// that instant, but its replica goes on until the execution ends, as an
// Application Load Balancer answers 504 to the client without telling the
// target, which keeps working on the request
// (docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html,
// "HTTP 504: Gateway Timeout"): the slot stays busy, and wasted.

type (
	deadlineHandler   Service
	clientGoneHandler Service
)

func (h *deadlineHandler) Handle(now sim.Time, _ uint64) { (*Service)(h).deadlinePassed(now) }
func (h *clientGoneHandler) Handle(now sim.Time, d uint64) {
	(*Service)(h).clientGone(now, int32(d))
}

// expired reports whether a queued request's timeout has passed at now.
func (s *Service) expired(now sim.Time, inv workload.Invocation) bool {
	return s.cfg.RequestTimeout > 0 && now-inv.Arrival >= s.cfg.RequestTimeout
}

// watchDeadline schedules the check of the queue head's deadline. Requests
// queue in arrival order and share one timeout, so the head's deadline is
// always the next: one pending event at a time suffices.
func (s *Service) watchDeadline() {
	s.deadlineAt = s.queue.Front().Arrival + s.cfg.RequestTimeout
	s.eng.Schedule(s.deadlineAt, s.onDeadline, 0)
}

// deadlinePassed times out the queued requests whose timeout has passed,
// then watches the new head's.
func (s *Service) deadlinePassed(now sim.Time) {
	s.deadlineAt = 0
	for s.queue.Len() > 0 && s.expired(now, s.queue.Front().Invocation) {
		inv := s.queue.PopFront()
		s.st.Backlog.Wait(now, -1)
		s.timedOut(now, inv.Arrival, inv.Function, -1, false)
	}
	if s.queue.Len() > 0 {
		s.watchDeadline()
	}
}

// clientGone times out running request r at its deadline; its replica
// keeps working on it until it finishes.
func (s *Service) clientGone(now sim.Time, r int32) {
	req := s.reqs.At(r)
	req.gone = true
	s.timedOut(now, req.arrival, req.fn, req.rep, false)
}

// timedOut counts a request that arrived at arrival as timed out at now:
// it leaves the system as its client sees it. rep is its replica, or -1
// if it was still queued; cut says its run reached the function's own
// timeout, which is not a loss to overload.
func (s *Service) timedOut(now, arrival sim.Time, fn, rep int32, cut bool) {
	if arrival >= s.cfg.Warmup {
		s.st.TimedOut++
		if cut {
			s.st.CutAtTimeout++
		}
	}
	if !cut {
		s.st.Backlog.Lose(arrival)
	}
	s.st.InSystem.Add(arrival, now)
	s.emit(now, TimedOut, fn, rep)
}
