package playground

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
)

// securityPolicy is every answer's Content-Security-Policy: the page loads
// only its own script and styles, runs no inline script, cannot be framed
// (clickjacking) and submits no forms elsewhere.
const securityPolicy = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// hostGuard holds the host:port names Host and Origin may carry. A page on
// evil.example that resolves its name to 127.0.0.1 (DNS rebinding) sends
// "Host: evil.example:8080", and a page elsewhere calling the API sends
// its own Origin: both are refused, so only the playground's own page
// talks to it.
type hostGuard struct {
	mu sync.RWMutex
	// exact are "host:port" names; anyPort are names accepted on any port
	// (--allowed-host NAME without a port).
	exact   map[string]bool
	anyPort map[string]bool
}

func newHostGuard(addr string, allowed []string) (*hostGuard, error) {
	g := &hostGuard{exact: map[string]bool{}, anyPort: map[string]bool{}}
	if addr != "" {
		if err := g.add(addr); err != nil {
			return nil, err
		}
	}
	for _, a := range allowed {
		a = strings.ToLower(strings.TrimSpace(a))
		if host, port, err := net.SplitHostPort(a); err == nil {
			if host == "" || strings.ContainsAny(host, "/@ ") || !isPort(port) {
				return nil, fmt.Errorf("allowed host %q: want NAME or NAME:PORT", a)
			}
			g.exact[net.JoinHostPort(canonicalHost(host), port)] = true
			continue
		}
		if a == "" || strings.ContainsAny(a, "/@ ") {
			return nil, fmt.Errorf("allowed host %q: want NAME or NAME:PORT", a)
		}
		g.anyPort[canonicalHost(strings.Trim(a, "[]"))] = true
	}
	return g, nil
}

// add accepts addr (host:port); on a loopback or unspecified address
// (which listens on loopback too) also localhost, 127.0.0.1 and [::1] on
// its port, the names a browser on this machine uses.
func (g *hostGuard) add(addr string) error {
	host, port, err := net.SplitHostPort(strings.ToLower(addr))
	if err != nil {
		return fmt.Errorf("address %q: want HOST:PORT (%v)", addr, err)
	}
	host = canonicalHost(host)
	g.mu.Lock()
	defer g.mu.Unlock()
	if host != "" {
		g.exact[net.JoinHostPort(host, port)] = true
	}
	if IsLoopback(host) || host == "" || net.ParseIP(host).IsUnspecified() {
		for _, h := range []string{"localhost", "127.0.0.1", "::1"} {
			g.exact[net.JoinHostPort(h, port)] = true
		}
	}
	return nil
}

// canonicalHost writes an IP literal one way: "::ffff:127.0.0.1" and
// "0:0:0:0:0:0:0:1" name 127.0.0.1 and ::1, and the system reports the
// address it bound (port 0) in the short form, so that an address given
// in another spelling is still recognised. Names are left as they are: an
// IP literal is no rebinding risk, the page's origin being the address.
func canonicalHost(host string) string {
	if ip := net.ParseIP(host); ip != nil {
		return ip.String()
	}
	return host
}

func isPort(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= 0 && n < 1<<16
}

// IsLoopback reports an address only this machine reaches: a loopback IP
// or the name localhost ("" and 0.0.0.0 mean every interface).
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// allows reports whether hostport (as a Host header or an Origin's host)
// names the server; defPort is the scheme's port when it gives none.
func (g *hostGuard) allows(hostport, defPort string) bool {
	hostport = strings.ToLower(hostport)
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = strings.Trim(hostport, "[]"), defPort
	}
	if host == "" {
		return false
	}
	host = canonicalHost(host)
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.exact[net.JoinHostPort(host, port)] || g.anyPort[host]
}

// guard checks Host and Origin on every request and sets the security
// headers on every answer.
func (s *Server) guard(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", securityPolicy)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Frame-Options", "DENY")
		if strings.HasPrefix(r.URL.Path, "/api/") {
			hd.Set("Cache-Control", "no-store")
		}
		if !s.hosts.allows(r.Host, "80") {
			writeError(w, &httpError{status: http.StatusForbidden, msg: fmt.Sprintf(
				"Host %q is not this server's address: the playground answers only to the names it listens on (faassim serve --allowed-host adds one)", r.Host)})
			return
		}
		if origin := r.Header.Get("Origin"); origin != "" && !s.originAllowed(origin) {
			writeError(w, &httpError{status: http.StatusForbidden, msg: fmt.Sprintf(
				"Origin %q is not this server's: the playground answers only its own page", origin)})
			return
		}
		h.ServeHTTP(w, r)
	})
}

// originAllowed reports an Origin naming the server (http, or https behind
// a proxy given with --allowed-host); "null" (sandboxed frames, files) is
// refused.
func (s *Server) originAllowed(origin string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" || u.Path != "" || u.User != nil {
		return false
	}
	switch u.Scheme {
	case "http":
		return s.hosts.allows(u.Host, "80")
	case "https":
		return s.hosts.allows(u.Host, "443")
	}
	return false
}
