package sales

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// WaitingStatuses are the statuses in which an order waits for its
// salesperson or handler: a draft to finish and submit, an approved order
// to ship, a partly shipped one to ship the rest or close.
var WaitingStatuses = []string{Draft, Approved, PartiallyShipped}

// MyWaiting is what waits for the caller: the number of their orders
// (owner or handler) in each waiting status, and the latest of them (at
// most limit).
type MyWaiting struct {
	Counts map[string]int
	Orders []Order
}

// MyWaiting reads the caller's own waiting orders (the workbench panel):
// those they own or handle, whatever their data scope.
func (s *Service) MyWaiting(ctx context.Context, sc tenant.Scope, limit int) (MyWaiting, error) {
	out := MyWaiting{Counts: map[string]int{}}
	q := db.Tenant(s.db.Read(), sc.Tenant())
	where := ` WHERE tenant_id = ? AND (owner_id = ? OR handler_id = ?) AND status IN (` + db.Placeholders(len(WaitingStatuses)) + `)`
	args := []any{q.Tenant, sc.Actor(), sc.Actor()}
	for _, st := range WaitingStatuses {
		args = append(args, st)
	}
	var counts []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	if err := q.Select(ctx, &counts, `SELECT status, count(*) AS n FROM sales_orders`+where+` GROUP BY status`, args...); err != nil {
		return out, err
	}
	for _, c := range counts {
		out.Counts[c.Status] = c.N
	}
	err := q.Select(ctx, &out.Orders, `SELECT `+orderCols+` FROM sales_orders`+where+` ORDER BY updated_at DESC, id DESC LIMIT ?`,
		append(args, limit)...)
	return out, err
}
