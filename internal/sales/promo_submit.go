package sales

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// reprice applies the promotions again when a draft is submitted (a
// promotion may have ended or started since it was saved, or a coupon run
// out) and redeems its coupon. The lines, totals and applied promotions
// are rewritten when they changed; the order returned is the one to
// submit. A coupon that can no longer be used refuses the submit with a
// field error on coupon_code.
func (s *Service) reprice(ctx context.Context, tx *db.Tx, sc tenant.Scope, o Order) (Order, error) {
	c := checked{order: o, lines: make([]Line, len(o.Lines))}
	for i, l := range o.Lines {
		l.Discount, l.Amount, l.Tax, l.PromoDiscount = 0, 0, 0, 0
		if err := l.compute(); err != nil {
			return o, err
		}
		c.lines[i] = l
	}
	if err := c.total(); err != nil {
		return o, err
	}
	applied, err := s.promote(ctx, tx, sc, o.ID, &c, o.CouponCode, today(time.Now()))
	if err != nil {
		return o, err
	}
	q := db.Tenant(tx, sc.Tenant())
	if before, after := orderPromotionsText(o.Promotions), promotionsText(applied); before != after || c.order.Total != o.Total {
		for _, l := range c.lines {
			if _, err := q.Exec(ctx, `UPDATE sales_order_lines SET discount = ?, promo_discount = ?, amount = ?, tax = ?
				WHERE tenant_id = ? AND id = ?`, l.Discount, l.PromoDiscount, l.Amount, l.Tax, q.Tenant, l.ID); err != nil {
				return o, err
			}
		}
		if _, err := q.Exec(ctx, `UPDATE sales_orders SET subtotal = ?, discount = ?, tax = ?, total = ? WHERE tenant_id = ? AND id = ?`,
			c.order.Subtotal, c.order.Discount, c.order.Tax, c.order.Total, q.Tenant, o.ID); err != nil {
			return o, err
		}
		if err := savePromotions(ctx, q, o.ID, applied); err != nil {
			return o, err
		}
		// The answer shows what each promotion gives now, with its name.
		if o.Promotions, err = orderPromotions(ctx, q, o.ID); err != nil {
			return o, err
		}
		if err := audit.Record(ctx, tx, sc, DocOrder+".reprice", DocOrder, o.ID,
			audit.Change{Field: "promotions", Before: before, After: after},
			audit.Change{Field: "total", Before: money.FromScaled(o.Total).String(), After: money.FromScaled(c.order.Total).String()}); err != nil {
			return o, err
		}
	}
	for _, a := range applied {
		if a.Promo.CouponCode != "" {
			if err := s.redeem(ctx, tx, sc, o, a); err != nil {
				return o, err
			}
		}
	}
	o.Subtotal, o.Discount, o.Tax, o.Total, o.Lines = c.order.Subtotal, c.order.Discount, c.order.Tax, c.order.Total, c.lines
	return o, nil
}

// couponOf is the promotion of the coupon among applied (0: none).
func couponOf(applied []Applied) int64 {
	for _, a := range applied {
		if a.Promo.CouponCode != "" {
			return a.Promo.ID
		}
	}
	return 0
}

// promotionsText is applied promotions in one line of audit:
// "#id amount; …" in the order they applied.
func promotionsText(applied []Applied) string {
	parts := make([]string, len(applied))
	for i, a := range applied {
		parts[i] = fmt.Sprintf("#%d %s", a.Promo.ID, money.FromScaled(a.Amount))
	}
	return strings.Join(parts, "; ")
}

// orderPromotionsText is the same of stored promotions.
func orderPromotionsText(ps []OrderPromotion) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = fmt.Sprintf("#%d %s", p.PromotionID, money.FromScaled(p.Amount))
	}
	return strings.Join(parts, "; ")
}
