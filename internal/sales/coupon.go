package sales

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Coupons are redeemed when the order is submitted, not when the draft is
// saved: a draft that is never sent holds no use of a single-use coupon.
// A draft only checks that uses are left; the submit takes one with a
// conditional UPDATE on the counter rows (the coupon's total and the
// customer's), so parallel submits cannot take a coupon past its limit —
// the ones too late get a field error on coupon_code and stay drafts.
// Cancelling the order (before anything shipped), deleting it, or changing
// its coupon gives the use back.

// holds reports whether the order holds a use of the promotion's coupon
// (submitted earlier, then rejected back to draft).
func holds(ctx context.Context, q db.Scoped, orderID, promotionID int64) (bool, error) {
	if orderID == 0 {
		return false, nil
	}
	var n int
	err := q.Get(ctx, &n, `SELECT count(*) FROM sales_coupon_redemptions WHERE tenant_id = ? AND order_id = ? AND promotion_id = ?
		AND released_at IS NULL`, q.Tenant, orderID, promotionID)
	return n > 0, err
}

// used is how many uses of the coupon are taken, in all and by the
// customer.
func used(ctx context.Context, q db.Scoped, promotionID, customerID int64) (total, mine int64, err error) {
	var rows []struct {
		CustomerID int64 `db:"customer_id"`
		Used       int64 `db:"used"`
	}
	if err := q.Select(ctx, &rows, `SELECT customer_id, used FROM sales_coupon_usage WHERE tenant_id = ? AND promotion_id = ?
		AND customer_id IN (0, ?)`, q.Tenant, promotionID, customerID); err != nil {
		return 0, 0, err
	}
	for _, r := range rows {
		if r.CustomerID == 0 {
			total = r.Used
		} else {
			mine = r.Used
		}
	}
	return total, mine, nil
}

// take adds one use to a counter row unless it is at limit (0: none);
// false when it is.
func take(ctx context.Context, q db.Scoped, promotionID, customerID, limit int64) (bool, error) {
	if _, err := q.Exec(ctx, `INSERT INTO sales_coupon_usage (tenant_id, promotion_id, customer_id, used) VALUES (?, ?, ?, 0)
		ON CONFLICT (tenant_id, promotion_id, customer_id) DO NOTHING`, q.Tenant, promotionID, customerID); err != nil {
		return false, err
	}
	sql, args := `UPDATE sales_coupon_usage SET used = used + 1 WHERE tenant_id = ? AND promotion_id = ? AND customer_id = ?`,
		[]any{q.Tenant, promotionID, customerID}
	if limit > 0 {
		sql, args = sql+` AND used < ?`, append(args, limit)
	}
	res, err := q.Exec(ctx, sql, args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// redeem takes a use of the order's coupon inside the submit's
// transaction (or keeps the one it holds, with the amount updated).
func (s *Service) redeem(ctx context.Context, tx *db.Tx, sc tenant.Scope, o Order, a Applied) error {
	q := db.Tenant(tx, sc.Tenant())
	held, err := holds(ctx, q, o.ID, a.Promo.ID)
	if err != nil {
		return err
	}
	if held {
		_, err := q.Exec(ctx, `UPDATE sales_coupon_redemptions SET amount = ? WHERE tenant_id = ? AND order_id = ? AND promotion_id = ?
			AND released_at IS NULL`, a.Amount, q.Tenant, o.ID, a.Promo.ID)
		return err
	}
	ok, err := take(ctx, q, a.Promo.ID, 0, a.Promo.MaxUses)
	if err != nil {
		return err
	}
	if !ok {
		return errs.Invalid(errs.Field("coupon_code", "sales.coupon.used_up"))
	}
	if ok, err = take(ctx, q, a.Promo.ID, o.CustomerID, a.Promo.PerCustomer); err != nil {
		return err
	}
	if !ok {
		return errs.Invalid(errs.Field("coupon_code", "sales.coupon.customer_limit", "Max", a.Promo.PerCustomer))
	}
	if _, err := q.Exec(ctx, `INSERT INTO sales_coupon_redemptions (tenant_id, promotion_id, order_id, customer_id, coupon_code, amount,
		redeemed_at) VALUES (?, ?, ?, ?, ?, ?, ?)`, q.Tenant, a.Promo.ID, o.ID, o.CustomerID, a.Promo.CouponCode, a.Amount, db.Now()); err != nil {
		return err
	}
	return audit.Record(ctx, tx, sc, DocOrder+".redeem_coupon", DocOrder, o.ID, audit.Change{Field: "coupon_code", After: a.Promo.CouponCode},
		audit.Change{Field: "amount", After: money.FromScaled(a.Amount).String()})
}

// release gives back every use of a coupon the order holds (all of them,
// or those of other promotions than keep).
func (s *Service) release(ctx context.Context, tx *db.Tx, sc tenant.Scope, orderID int64, keep int64) error {
	q := db.Tenant(tx, sc.Tenant())
	var rs []struct {
		ID          int64  `db:"id"`
		PromotionID int64  `db:"promotion_id"`
		CustomerID  int64  `db:"customer_id"`
		CouponCode  string `db:"coupon_code"`
	}
	if err := q.Select(ctx, &rs, `SELECT id, promotion_id, customer_id, coupon_code FROM sales_coupon_redemptions
		WHERE tenant_id = ? AND order_id = ? AND released_at IS NULL ORDER BY id`, q.Tenant, orderID); err != nil {
		return err
	}
	for _, r := range rs {
		if r.PromotionID == keep {
			continue
		}
		for _, cust := range []int64{0, r.CustomerID} {
			if _, err := q.Exec(ctx, `UPDATE sales_coupon_usage SET used = used - 1 WHERE tenant_id = ? AND promotion_id = ?
				AND customer_id = ? AND used > 0`, q.Tenant, r.PromotionID, cust); err != nil {
				return err
			}
		}
		if _, err := q.Exec(ctx, `UPDATE sales_coupon_redemptions SET released_at = ? WHERE tenant_id = ? AND id = ?`, db.Now(),
			q.Tenant, r.ID); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, sc, DocOrder+".release_coupon", DocOrder, orderID,
			audit.Change{Field: "coupon_code", Before: r.CouponCode}); err != nil {
			return err
		}
	}
	return nil
}
