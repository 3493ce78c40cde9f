package records

import (
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// txCache remembers lookups that stay true for the rest of one write
// transaction: a visible referenced record, an active user. An import
// writes thousands of rows that name the same few customers and owners;
// each is looked up once. Only positive answers are kept (a record created
// later in the transaction must still be found), and the cache belongs to
// one transaction and one actor: it is replaced when another one asks.
type txCache struct {
	tx    *db.Tx
	actor int64
	refs  map[refKey]bool
	users map[int64]int64 // active staff user → department (0 = none)
}

type refKey struct {
	typ string
	id  int64
}

// txCache returns the cache of tx, replacing the previous transaction's.
// Holding the *db.Tx keeps its address from being reused by a later one.
func (s *Service) txCache(tx *db.Tx, sc tenant.Scope) *txCache {
	s.txMu.Lock()
	defer s.txMu.Unlock()
	if c := s.txc; c != nil && c.tx == tx && c.actor == sc.Actor() {
		return c
	}
	s.txc = &txCache{tx: tx, actor: sc.Actor(), refs: map[refKey]bool{}, users: map[int64]int64{}}
	return s.txc
}
