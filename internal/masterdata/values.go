package masterdata

import (
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/records"
)

// minZero is Field.Min for amounts and counts that may not be negative.
func minZero() *int64 { var z int64; return &z }

// Typed reads of a record's values as the engine hands them to hooks
// (records.Kind documents the Go type per kind; nil is empty).

func boolOf(r *records.Record, f string) bool { b, _ := r.Values[f].(bool); return b }

func amountOf(r *records.Record, f string) (money.Amount, bool) {
	a, ok := r.Values[f].(money.Amount)
	return a, ok
}

// positive reports whether an optional amount is set and above zero.
func positive(r *records.Record, f string) bool {
	a, ok := amountOf(r, f)
	return ok && a.Decimal().IsPos()
}
