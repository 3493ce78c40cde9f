// Package numbering issues per-tenant document numbers such as SO202611-00001.
//
// Numbers are gapless and unique because the counter is bumped by one
// upsert inside the caller's business transaction: a rolled-back document
// gives its number back, and the counter row stays locked until commit so
// two documents never share one. That lock serialises documents of one type
// per tenant, so call Next late in the transaction.
//
// Changing a sequence's pattern or reset policy does not rewind counters, but
// a new period key (e.g. never → monthly) starts again at 1; modules should
// keep UNIQUE (tenant_id, number) on their documents as the last guard.
package numbering

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
)

// Sequence is how one document type is numbered. Reset is one of the
// Reset* constants.
type Sequence struct {
	DocType string `db:"doc_type" json:"doc_type"`
	Pattern string `db:"pattern" json:"pattern"`
	Reset   string `db:"reset" json:"reset"`
}

// Service knows each module's default sequence, so a tenant that never
// configured numbering still gets sensible numbers. It holds no other state.
type Service struct{ defaults map[string]Sequence }

// New takes the modules' defaults. An invalid or duplicate default is a
// programming error and panics at start-up rather than at the first order.
func New(defaults ...Sequence) *Service {
	m := make(map[string]Sequence, len(defaults))
	for _, s := range defaults {
		if err := Validate(s); err != nil {
			panic(fmt.Sprintf("numbering: default %q: %v", s.DocType, err))
		}
		if _, dup := m[s.DocType]; dup {
			panic(fmt.Sprintf("numbering: default %q given twice", s.DocType))
		}
		m[s.DocType] = s
	}
	return &Service{defaults: m}
}

// Configure stores a tenant's own sequence for a document type, replacing
// any earlier one. Counters are kept.
func (s *Service) Configure(ctx context.Context, q db.Querier, tenantID int64, seq Sequence) error {
	if err := Validate(seq); err != nil {
		return err
	}
	_, err := db.Tenant(q, tenantID).Exec(ctx, `INSERT INTO number_sequences (tenant_id, doc_type, pattern, reset)
		VALUES (?, ?, ?, ?)
		ON CONFLICT (tenant_id, doc_type) DO UPDATE SET pattern = excluded.pattern, reset = excluded.reset`,
		tenantID, seq.DocType, seq.Pattern, seq.Reset)
	if err != nil {
		return fmt.Errorf("numbering: configure %s: %w", seq.DocType, err)
	}
	return nil
}

// Get returns the sequence in effect: the tenant's own, else the default.
// An unknown document type is NotFound "numbering.unknown_doc_type".
func (s *Service) Get(ctx context.Context, q db.Querier, tenantID int64, docType string) (Sequence, error) {
	var seq Sequence
	err := db.Tenant(q, tenantID).Get(ctx, &seq, `SELECT doc_type, pattern, reset FROM number_sequences
		WHERE tenant_id = ? AND doc_type = ?`, tenantID, docType)
	switch {
	case err == nil:
		return seq, nil
	case !db.IsNoRows(err):
		return Sequence{}, fmt.Errorf("numbering: get %s: %w", docType, err)
	}
	if d, ok := s.defaults[docType]; ok {
		return d, nil
	}
	return Sequence{}, errs.NotFound("numbering.unknown_doc_type")
}

// List returns every sequence in effect for the tenant (defaults overlaid by
// its own), sorted by document type, for the settings page.
func (s *Service) List(ctx context.Context, q db.Querier, tenantID int64) ([]Sequence, error) {
	var own []Sequence
	if err := db.Tenant(q, tenantID).Select(ctx, &own, `SELECT doc_type, pattern, reset FROM number_sequences
		WHERE tenant_id = ?`, tenantID); err != nil {
		return nil, fmt.Errorf("numbering: list: %w", err)
	}
	m := make(map[string]Sequence, len(s.defaults)+len(own))
	for k, v := range s.defaults {
		m[k] = v
	}
	for _, v := range own {
		m[v.DocType] = v
	}
	out := make([]Sequence, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].DocType < out[j].DocType })
	return out, nil
}

// Next issues the next number for docType at time now. It takes a *db.Tx on
// purpose: outside a transaction a failed save would burn a number.
func (s *Service) Next(ctx context.Context, tx *db.Tx, tenantID int64, docType string, now time.Time) (string, error) {
	seq, err := s.Get(ctx, tx, tenantID, docType)
	if err != nil {
		return "", fmt.Errorf("numbering: next %s: %w", docType, err)
	}
	parts, fe := parse(seq.Pattern)
	if fe != nil { // rows are validated on write; this is a hand-edited row
		return "", fmt.Errorf("numbering: stored pattern %q for %s: %s", seq.Pattern, docType, fe.Code)
	}
	// One statement both creates the period's counter and bumps it; its row
	// lock (PostgreSQL) or the write lock (SQLite) is held until commit.
	var n int64
	err = db.Tenant(tx, tenantID).Get(ctx, &n, `INSERT INTO number_counters (tenant_id, doc_type, period, value)
		VALUES (?, ?, ?, 1)
		ON CONFLICT (tenant_id, doc_type, period) DO UPDATE SET value = number_counters.value + 1
		RETURNING value`, tenantID, docType, Period(seq.Reset, now))
	if err != nil {
		return "", fmt.Errorf("numbering: next %s: %w", docType, err)
	}
	return render(parts, now, n), nil
}
