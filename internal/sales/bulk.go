package sales

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
)

// BulkOrders inserts n generated orders of one line each into a tenant for
// the list benchmark (1,000,000 in minutes): multi-row INSERTs, many per
// transaction. It bypasses Create on purpose — validation, numbering, audit
// and approval per order would take hours at this size — so it is for
// benchmark data only: no audit rows, no approval requests, no stock
// reservations, numbers "SOB-" + id order outside the tenant's sequence.
//
// Orders spread over customers at random, with statuses weighted as a
// running business has them (mostly completed), dates over the last two
// years in id order, and owner/department as given (the salesperson whose
// orders they are). The same tenant id gives the same rows.
func BulkOrders(ctx context.Context, d *db.DB, tenantID int64, n int, customers, products []int64, warehouse, owner, dept int64) error {
	if len(customers) == 0 || len(products) == 0 {
		return errors.New("sales: bulk orders need customers and products")
	}
	var first int
	if err := d.Read().Get(ctx, &first, `SELECT count(*) FROM sales_orders WHERE tenant_id = ? AND number LIKE 'SOB-%'`, tenantID); err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(uint64(tenantID), 20261207))
	start := time.Now().AddDate(-2, 0, 0)
	step := 2 * 365 * 24 * time.Hour / time.Duration(n+1)
	const perTx = 10000
	for done := 0; done < n; {
		// Rows are made outside the transaction: InTx may run it again.
		k := min(perTx, n-done)
		orders := make([][]any, k)
		lines := make([][]any, k)
		for j := range k {
			i := first + done + j
			at := start.Add(time.Duration(i) * step).UTC().Truncate(time.Microsecond)
			qty := int64(1+r.IntN(20)) * 10000
			price := int64(10+r.IntN(990)) * 10000
			amount := qty / 10000 * price
			tax := amount * 13 / 100
			st, shipped := bulkStatus(r.IntN(100)), int64(0)
			switch st {
			case Shipped, Completed:
				shipped = qty
			case PartiallyShipped, Closed:
				shipped = qty / 2
			}
			orders[j] = []any{tenantID, fmt.Sprintf("SOB-%08d", i+1), customers[r.IntN(len(customers))], warehouse,
				at.In(i18n.Location).Format(time.DateOnly), st, Unpaid, "transfer", "staff", "", "",
				"CNY", amount, 0, tax, amount + tax, db.NullID(owner), db.NullID(dept), db.NullID(owner), at, at}
			lines[j] = []any{tenantID, 1, products[r.IntN(len(products))], "pcs", int64(10000), qty, price, 0, int64(13 * 10000),
				amount, 0, tax, shipped}
		}
		err := d.InTx(ctx, func(tx *db.Tx) error { return insertBulk(ctx, db.Tenant(tx, tenantID), orders, lines) })
		if err != nil {
			return fmt.Errorf("sales: bulk orders at %d: %w", done, err)
		}
		done += k
	}
	return nil
}

// bulkStatus picks a status by weight out of 100.
func bulkStatus(x int) string {
	switch {
	case x < 5:
		return Draft
	case x < 10:
		return PendingReview
	case x < 20:
		return Approved
	case x < 23:
		return PartiallyShipped
	case x < 33:
		return Shipped
	case x < 88:
		return Completed
	case x < 96:
		return Cancelled
	}
	return Closed
}

const bulkStmtRows = 500 // 500 × 21 parameters stays under SQLite's 32,766

func insertBulk(ctx context.Context, q db.Scoped, orders, lines [][]any) error {
	for len(orders) > 0 {
		k := min(bulkStmtRows, len(orders))
		var args []any
		for _, o := range orders[:k] {
			args = append(args, o...)
		}
		var ids []int64
		row := "(" + db.Placeholders(21) + ")"
		if err := q.Select(ctx, &ids, `INSERT INTO sales_orders (tenant_id, number, customer_id, warehouse_id, order_date, status,
			payment_status, payment_method, channel, shipping_address, notes, currency, subtotal, discount, tax, total,
			owner_id, department_id, created_by, created_at, updated_at) VALUES `+strings.TrimSuffix(strings.Repeat(row+", ", k), ", ")+
			` RETURNING id`, args...); err != nil {
			return err
		}
		if len(ids) != k {
			return fmt.Errorf("sales: bulk insert returned %d ids for %d orders", len(ids), k)
		}
		args = args[:0]
		for j, l := range lines[:k] {
			args = append(args, l[0], ids[j])
			args = append(args, l[1:]...)
		}
		if err := db.InsertRows(ctx, q, `INSERT INTO sales_order_lines (tenant_id, order_id, line_no, product_id, unit, factor, qty,
			price, discount_pct, tax_rate, amount, discount, tax, shipped_qty)`, "("+db.Placeholders(14)+")", k, args); err != nil {
			return err
		}
		orders, lines = orders[k:], lines[k:]
	}
	return nil
}
