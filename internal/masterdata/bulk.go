package masterdata

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/numbering"
)

// BulkCustomers inserts n generated customers into a tenant for benchmarks
// (1,000,000 in a few minutes): multi-row INSERTs of bulkBatch rows, many
// batches per transaction. It bypasses the records engine on purpose — one
// engine Create per row (validation, reference checks, audit row) would take
// hours at this size — so it writes no audit rows and it is for benchmark
// data only, never for a tenant's real data. What the engine would derive
// it derives the same way (a test compares both): the search text and the
// duplicate keys from the type's Search and Duplicate fields, and codes from
// the tenant's customer number sequence, whose counter it advances so later
// customers get fresh numbers.
//
// Rows are varied so filters and searches are selective: companies (city +
// 字号 + industry + form, so pinyin initials spread) and people, statuses,
// sources, categories, levels and regions from the built-in dictionaries,
// phones, owners (depts[i] is owners[i]'s department when the two have the
// same length; otherwise rows take a random one), and created_at spread over
// the last two years in id order. The same tenant id gives the same rows.
func BulkCustomers(ctx context.Context, d *db.DB, tenantID int64, n int, owners []int64, depts []int64) error {
	return bulkCustomers(ctx, d, tenantID, n, owners, depts, n >= deferIndexesFrom)
}

// deferIndexesFrom is the load from which BulkCustomers drops the indexes
// of customers and record_keys and builds them once at the end: a sorted
// build beats a million random index inserts (1,000,000 rows on SQLite:
// 16.5 minutes with the indexes in place, 4 minutes without; PostgreSQL
// with its GIN index rebuilt: under 7 minutes, on two busy cores). Run such
// a load on a database nobody else is using.
const deferIndexesFrom = 50000

func bulkCustomers(ctx context.Context, d *db.DB, tenantID int64, n int, owners, depts []int64, deferIndexes bool) error {
	if len(owners) == 0 || len(depts) == 0 {
		return errors.New("masterdata: bulk customers need owners and departments")
	}
	codes, err := reserveCodes(ctx, d, tenantID, DocCustomer, n)
	if err != nil {
		return err
	}
	g := &bulkGen{r: rand.New(rand.NewPCG(uint64(tenantID), 20260101)), owners: owners, depts: depts,
		start: time.Now().UTC().AddDate(-2, 0, 0), step: 2 * 365 * 24 * time.Hour / time.Duration(n+1)}
	if d.Dialect == db.SQLite {
		// SQLite's default 2 MB page cache re-reads index and FTS pages from
		// disk on every batch; give the writer more while loading, and the
		// default back afterwards.
		if _, err := d.WriterRaw().ExecContext(ctx, "PRAGMA cache_size = -262144"); err != nil {
			return err
		}
		defer d.WriterRaw().ExecContext(context.WithoutCancel(ctx), "PRAGMA cache_size = -2000")
	}
	load := func() error {
		for done := 0; done < n; {
			// Rows are generated outside the transaction: InTx may run its
			// function again after a busy error.
			rows := make([][]any, 0, bulkPerTx)
			for len(rows) < bulkPerTx && done+len(rows) < n {
				i := done + len(rows)
				code, err := codes(i)
				if err != nil {
					return err
				}
				rows = append(rows, g.row(tenantID, i, code))
			}
			if err := d.InTx(ctx, func(tx *db.Tx) error { return insertCustomers(ctx, tx, tenantID, rows) }); err != nil {
				return fmt.Errorf("masterdata: bulk customers at row %d: %w", done, err)
			}
			done += len(rows)
		}
		return nil
	}
	if deferIndexes {
		err = withoutIndexes(ctx, d, []string{"customers", "record_keys"}, load)
	} else {
		err = load()
	}
	if err != nil {
		return err
	}
	// Fresh statistics, so the planners see the tables as they now are; on
	// PostgreSQL also the visibility map, without which an index-only scan
	// (a capped count) reads the heap: 300 ms instead of 3 ms at 1M rows
	// until autovacuum comes by.
	stmt := "ANALYZE "
	if d.Dialect == db.Postgres {
		stmt = "VACUUM ANALYZE "
	}
	for _, table := range []string{"customers", "record_keys"} {
		if _, err := d.WriterRaw().ExecContext(ctx, stmt+table); err != nil {
			return err
		}
	}
	return nil
}

const (
	bulkBatch = 500   // rows per INSERT: 500 × 30 values stays under SQLite's 32,766 parameters
	bulkPerTx = 10000 // rows per transaction
)

// reserveCodes advances the tenant's counter of docType by n at once and
// returns the code of the i-th reserved number, in the tenant's pattern.
func reserveCodes(ctx context.Context, d *db.DB, tenantID int64, docType string, n int) (func(int) (string, error), error) {
	seq := numbering.Sequence{}
	for _, s := range Sequences() {
		if s.DocType == docType {
			seq = s
		}
	}
	now := time.Now()
	var last int64
	err := d.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, tenantID)
		var own []numbering.Sequence
		if err := q.Select(ctx, &own, `SELECT doc_type, pattern, reset FROM number_sequences WHERE tenant_id = ? AND doc_type = ?`,
			tenantID, docType); err != nil {
			return err
		}
		if len(own) > 0 {
			seq = own[0]
		}
		return q.Get(ctx, &last, `INSERT INTO number_counters (tenant_id, doc_type, period, value) VALUES (?, ?, ?, ?)
			ON CONFLICT (tenant_id, doc_type, period) DO UPDATE SET value = number_counters.value + excluded.value
			RETURNING value`, tenantID, docType, numbering.Period(seq.Reset, now), n)
	})
	if err != nil {
		return nil, fmt.Errorf("masterdata: reserve %d %s numbers: %w", n, docType, err)
	}
	first := last - int64(n) + 1
	return func(i int) (string, error) { return numbering.Format(seq.Pattern, now, first+int64(i)) }, nil
}

// bulkColumns are the columns BulkCustomers writes; row() fills them in
// this order.
var bulkColumns = []string{"tenant_id", "version", "created_at", "updated_at", "owner_id", "department_id",
	"code", "name", "type", "status", "category", "source", "intention", "level", "region", "tags",
	"phone", "mobile", "email", "industry", "credit_limit", "payment_terms", "billing_address", "blacklisted",
	"blacklist_reason", "gender", "search_text"}

func insertCustomers(ctx context.Context, tx *db.Tx, tenantID int64, rows [][]any) error {
	q := db.Tenant(tx, tenantID)
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(bulkColumns)), ", ") + ")"
	for len(rows) > 0 {
		batch := rows[:min(bulkBatch, len(rows))]
		rows = rows[len(batch):]
		args := make([]any, 0, len(batch)*len(bulkColumns))
		for _, r := range batch {
			args = append(args, r...)
		}
		var ids []struct {
			ID   int64  `db:"id"`
			Code string `db:"code"`
		}
		stmt := "INSERT INTO customers (" + strings.Join(bulkColumns, ", ") + ") VALUES " +
			strings.TrimSuffix(strings.Repeat(one+", ", len(batch)), ", ") + " RETURNING id, code"
		if err := q.Select(ctx, &ids, stmt, args...); err != nil {
			return err
		}
		if err := insertKeys(ctx, q, tenantID, batch, ids); err != nil {
			return err
		}
	}
	return nil
}
