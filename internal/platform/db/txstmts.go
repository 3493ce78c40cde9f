package db

import (
	"context"
	"strings"

	"github.com/jmoiron/sqlx"
)

// maxTxStmts bounds the statements one transaction keeps prepared.
const maxTxStmts = 256

// stmt returns the transaction's prepared statement for q on SQLite (for
// Exec, Get and Select, which finish with their rows), or nil
// to run q unprepared. A write transaction that repeats the same statements
// (an import writes 100,000 rows with the same few INSERTs and SELECTs) then
// parses each once instead of once per row: SQL parsing was a sixth of an
// import's CPU. Statements are prepared on first use — a one-off statement
// costs what running it unprepared costs, as SQLite prepares those too —
// and closed with the transaction. pgx caches prepared statements per
// connection itself. Scripts of several statements are not prepared (a
// prepared statement runs only the first).
func (t *Tx) stmt(ctx context.Context, q string) *sqlx.Stmt {
	if t.d.Dialect != SQLite {
		return nil
	}
	if st := t.stmts[q]; st != nil {
		return st
	}
	if len(t.stmts) >= maxTxStmts || strings.Contains(q, ";") {
		return nil
	}
	var st *sqlx.Stmt
	if shared := t.d.wstmts.lookup(q); shared != nil {
		st = t.tx.StmtxContext(ctx, shared)
	} else {
		var err error
		if st, err = t.tx.PreparexContext(ctx, q); err != nil {
			return nil // the unprepared path reports the error
		}
		t.unshared = append(t.unshared, q)
	}
	if t.stmts == nil {
		t.stmts = map[string]*sqlx.Stmt{}
	}
	t.stmts[q] = st
	return st
}

// keepStmts prepares on the writer pool the statements a finished
// transaction used that it has not yet (see stmt).
func (d *DB) keepStmts(ctx context.Context, qs []string) {
	for _, q := range qs {
		if d.wstmts.prepare(ctx, d.w, q) == nil {
			return // full
		}
	}
}
