package identity

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// ipLimiter limits sign-in attempts per client address, on top of the
// per-user lockout, so one address cannot walk through many usernames.
type ipLimiter struct {
	mu      sync.Mutex
	perMin  int
	byIP    map[string]*rate.Limiter
	cleaned time.Time
}

func newIPLimiter(perMin int) *ipLimiter {
	if perMin <= 0 {
		perMin = 30
	}
	return &ipLimiter{perMin: perMin, byIP: map[string]*rate.Limiter{}}
}

// allow reports whether ip may try now; when not, how long to wait.
func (l *ipLimiter) allow(ip string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if time.Since(l.cleaned) > 10*time.Minute {
		// Drop idle limiters so the map cannot grow without bound.
		for k, v := range l.byIP {
			if v.Tokens() >= float64(l.perMin) {
				delete(l.byIP, k)
			}
		}
		l.cleaned = time.Now()
	}
	lim := l.byIP[ip]
	if lim == nil {
		lim = rate.NewLimiter(rate.Limit(float64(l.perMin)/60), l.perMin)
		l.byIP[ip] = lim
	}
	r := lim.Reserve()
	if d := r.Delay(); d > 0 {
		r.Cancel()
		return false, d
	}
	return true, 0
}
