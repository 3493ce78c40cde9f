package inventory

import (
	"context"
	"slices"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
)

// snapshotLag is how far in the past a snapshot's moment must be: a
// posting in flight when the snapshot is read carries a created_at from
// before it, and must have committed (postings take milliseconds).
const snapshotLag = time.Minute

// SetSnapshotLag changes that margin: tests and the benchmark tool, which
// post and snapshot within a second, set it to 0 on a quiet ledger.
func (s *Service) SetSnapshotLag(d time.Duration) { s.lag = &d }

func (s *Service) snapshotLag() time.Duration {
	if s.lag != nil {
		return *s.lag
	}
	return snapshotLag
}

// ledgerRow is the ledger summed per product × warehouse up to a moment.
type ledgerRow struct {
	P         int64 `db:"product_id"`
	W         int64 `db:"warehouse_id"`
	Qty       Qty   `db:"qty"`
	CostQty   Qty   `db:"cost_qty"`
	CostValue int64 `db:"cost_value"`
}

// ledgerRows is the ledger just before at, per product × warehouse: from
// the last snapshot before at plus the movements since, or from the whole
// ledger when there is no snapshot yet.
func ledgerRows(ctx context.Context, q db.Scoped, at time.Time) ([]ledgerRow, error) {
	at = at.UTC()
	var base []time.Time
	if err := q.Select(ctx, &base, `SELECT taken_at FROM stock_snapshot_runs WHERE tenant_id = ? AND taken_at <= ?
		ORDER BY taken_at DESC LIMIT 1`, q.Tenant, at); err != nil {
		return nil, err
	}
	const sums = `sum(qty) AS qty, sum(CASE WHEN kind IN (?, ?) THEN 0 ELSE qty END) AS cost_qty,
		sum(CASE WHEN kind IN (?, ?) THEN 0 ELSE value END) AS cost_value`
	transfers := []any{string(TransferOut), string(TransferIn), string(TransferOut), string(TransferIn)}
	var rows []ledgerRow
	if len(base) == 0 {
		err := q.Select(ctx, &rows, `SELECT product_id, warehouse_id, `+sums+` FROM stock_moves WHERE tenant_id = ? AND created_at < ?
			GROUP BY product_id, warehouse_id ORDER BY product_id, warehouse_id`, append(transfers, q.Tenant, at)...)
		return rows, err
	}
	if err := q.Select(ctx, &rows, `SELECT product_id, warehouse_id, qty, cost_qty, cost_value FROM stock_snapshots
		WHERE tenant_id = ? AND taken_at = ? ORDER BY product_id, warehouse_id`, q.Tenant, base[0]); err != nil {
		return nil, err
	}
	var since []ledgerRow
	if err := q.Select(ctx, &since, `SELECT product_id, warehouse_id, `+sums+` FROM stock_moves WHERE tenant_id = ? AND created_at >= ?
		AND created_at < ? GROUP BY product_id, warehouse_id ORDER BY product_id, warehouse_id`, append(transfers, q.Tenant, base[0], at)...); err != nil {
		return nil, err
	}
	return mergeRows(rows, since), nil
}

// mergeRows adds the movements since a snapshot to it: both are in
// product × warehouse order, so one pass merges them.
func mergeRows(snap, since []ledgerRow) []ledgerRow {
	if len(since) == 0 {
		return snap
	}
	out := make([]ledgerRow, 0, len(snap)+len(since))
	i, j := 0, 0
	for i < len(snap) || j < len(since) {
		switch {
		case j == len(since) || (i < len(snap) && less(snap[i], since[j])):
			out = append(out, snap[i])
			i++
		case i == len(snap) || less(since[j], snap[i]):
			out = append(out, since[j])
			j++
		default:
			r := snap[i]
			r.Qty, r.CostQty, r.CostValue = r.Qty+since[j].Qty, r.CostQty+since[j].CostQty, r.CostValue+since[j].CostValue
			out = append(out, r)
			i, j = i+1, j+1
		}
	}
	return out
}

func less(a, b ledgerRow) bool { return a.P < b.P || (a.P == b.P && a.W < b.W) }

// TakeSnapshot records the ledger as it was just before at, for the
// tenant (a scheduled job calls it at each period end; it may also be run
// by hand). at must be at least a minute in the past; a snapshot that
// exists is left as it is.
func (s *Service) TakeSnapshot(ctx context.Context, tenantID int64, at time.Time) error {
	at = at.UTC().Truncate(time.Microsecond)
	if time.Since(at) < s.snapshotLag() {
		return errs.Invalid(errs.Field("at", "inventory.snapshot_too_recent"))
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, tenantID)
		var n int
		if err := q.Get(ctx, &n, `SELECT count(*) FROM stock_snapshot_runs WHERE tenant_id = ? AND taken_at = ?`, q.Tenant, at); err != nil || n > 0 {
			return err
		}
		rows, err := ledgerRows(ctx, q, at)
		if err != nil {
			return err
		}
		rows = slices.DeleteFunc(rows, func(r ledgerRow) bool { return r.Qty == 0 && r.CostQty == 0 && r.CostValue == 0 })
		const per = 500
		for start := 0; start < len(rows); start += per {
			chunk := rows[start:min(start+per, len(rows))]
			args := make([]any, 0, len(chunk)*7)
			for _, r := range chunk {
				args = append(args, q.Tenant, at, r.P, r.W, r.Qty, r.CostQty, r.CostValue)
			}
			if err := db.InsertRows(ctx, q, `INSERT INTO stock_snapshots (tenant_id, taken_at, product_id, warehouse_id, qty, cost_qty,
				cost_value)`, "("+db.Placeholders(7)+")", len(chunk), args); err != nil {
				return err
			}
		}
		_, err = q.Exec(ctx, `INSERT INTO stock_snapshot_runs (tenant_id, taken_at, lines, created_at) VALUES (?, ?, ?, ?)`,
			q.Tenant, at, len(rows), db.Now())
		return err
	})
}

// MonthStart is the first moment of at's month in the users' time zone:
// the moment a month-end snapshot is taken at.
func MonthStart(at time.Time) time.Time {
	t := at.In(i18n.Location)
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, i18n.Location)
}

// WeekStart is the Monday 00:00 of at's week in the users' time zone.
func WeekStart(at time.Time) time.Time {
	t := at.In(i18n.Location)
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, i18n.Location)
	return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
}

// weeklyKept is how long a week's snapshot is kept; month starts stay.
const weeklyKept = 13 * 7 * 24 * time.Hour

// SnapshotsDue takes, for every tenant with stock, the snapshots due by
// now that are missing — the start of the month and of the week — and
// drops week snapshots older than a quarter that are not a month's start:
// an "as of" report then adds at most a week of movements to a snapshot,
// and a year keeps about 12 + 13 of them. The scheduler calls it now and
// then; it is cheap when nothing is due.
func (s *Service) SnapshotsDue(ctx context.Context, now time.Time) error {
	// Across tenants on purpose: the scheduler works for all of them.
	var tenants []int64
	if err := s.db.Read().Select(ctx, &tenants, `SELECT DISTINCT tenant_id FROM stock_costs`); err != nil {
		return err
	}
	due := []time.Time{MonthStart(now), WeekStart(now)}
	slices.SortFunc(due, func(a, b time.Time) int { return a.Compare(b) })
	for _, t := range tenants {
		for _, at := range slices.Compact(due) {
			if now.Sub(at) < s.snapshotLag() || time.Since(at) < s.snapshotLag() {
				continue // not due yet
			}
			if err := s.TakeSnapshot(ctx, t, at); err != nil {
				return err
			}
		}
		if err := s.pruneSnapshots(ctx, t, now.Add(-weeklyKept)); err != nil {
			return err
		}
	}
	return nil
}

// pruneSnapshots drops the tenant's snapshots before cutoff that are not a
// month's start.
func (s *Service) pruneSnapshots(ctx context.Context, tenantID int64, cutoff time.Time) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, tenantID)
		var old []time.Time
		if err := q.Select(ctx, &old, `SELECT taken_at FROM stock_snapshot_runs WHERE tenant_id = ? AND taken_at < ?`, q.Tenant,
			cutoff.UTC()); err != nil {
			return err
		}
		for _, at := range old {
			if at.Equal(MonthStart(at)) {
				continue
			}
			if _, err := q.Exec(ctx, `DELETE FROM stock_snapshots WHERE tenant_id = ? AND taken_at = ?`, q.Tenant, at); err != nil {
				return err
			}
			if _, err := q.Exec(ctx, `DELETE FROM stock_snapshot_runs WHERE tenant_id = ? AND taken_at = ?`, q.Tenant, at); err != nil {
				return err
			}
		}
		return nil
	})
}
