package db

import (
	"context"
	"sync"

	"github.com/jmoiron/sqlx"
)

// stmtCache keeps prepared read statements for SQLite. Without it every
// query is parsed again: a fifth of the CPU of an authenticated API call went
// to SQLite's parser. pgx caches prepared statements per connection itself,
// so PostgreSQL does not use this. The cache is bounded: queries built with
// a variable number of placeholders stop being cached once it is full.
type stmtCache struct {
	mu sync.RWMutex
	m  map[string]*sqlx.Stmt
}

const maxCachedStmts = 512

func (c *stmtCache) get(ctx context.Context, d *DB, q string) *sqlx.Stmt {
	if d.Dialect != SQLite {
		return nil
	}
	if st := c.lookup(q); st != nil {
		return st
	}
	return c.prepare(ctx, d.r, q)
}

// lookup is q's statement if it is cached.
func (c *stmtCache) lookup(q string) *sqlx.Stmt {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.m[q]
}

// prepare prepares q on pool and keeps it, unless the cache is full. The
// lock is not held while preparing: the writer pool's one connection may
// be inside a transaction that is looking up its next statement here.
func (c *stmtCache) prepare(ctx context.Context, pool *sqlx.DB, q string) *sqlx.Stmt {
	c.mu.RLock()
	st, full := c.m[q], len(c.m) >= maxCachedStmts
	c.mu.RUnlock()
	if st != nil || full {
		return st
	}
	st, err := pool.PreparexContext(ctx, q)
	if err != nil {
		return nil // let the uncached path report the error
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if had := c.m[q]; had != nil {
		_ = st.Close() // another caller prepared it meanwhile
		return had
	}
	if c.m == nil {
		c.m = map[string]*sqlx.Stmt{}
	}
	c.m[q] = st
	return st
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		_ = st.Close()
	}
	c.m = nil
}
