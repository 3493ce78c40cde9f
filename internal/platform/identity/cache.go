package identity

import (
	"sync"
	"time"
)

// scopeCache keeps resolved sessions for a few seconds so that an API burst
// does not re-read user, roles and departments on every request. Any change
// made through this service purges it; another server's change is seen
// after at most the TTL.
type scopeCache struct {
	ttl time.Duration
	mu  sync.RWMutex
	m   map[string]cachedPrincipal
}

type cachedPrincipal struct {
	p   Principal
	exp time.Time
}

func newScopeCache(ttl time.Duration) *scopeCache {
	return &scopeCache{ttl: ttl, m: map[string]cachedPrincipal{}}
}

func (c *scopeCache) get(hash string, now time.Time) (Principal, bool) {
	if c.ttl <= 0 {
		return Principal{}, false
	}
	c.mu.RLock()
	e, ok := c.m[hash]
	c.mu.RUnlock()
	if !ok || now.After(e.exp) {
		return Principal{}, false
	}
	return e.p, true
}

func (c *scopeCache) put(hash string, p Principal, now time.Time) {
	if c.ttl <= 0 {
		return
	}
	c.mu.Lock()
	if len(c.m) > 100000 {
		c.m = map[string]cachedPrincipal{}
	}
	c.m[hash] = cachedPrincipal{p: p, exp: now.Add(c.ttl)}
	c.mu.Unlock()
}

func (c *scopeCache) purge() {
	c.mu.Lock()
	c.m = map[string]cachedPrincipal{}
	c.mu.Unlock()
}
