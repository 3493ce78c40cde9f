package sales

import (
	"context"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// OrderPromotion is what one promotion took off an order, for the page and
// the API: "which promotion gave which discount".
type OrderPromotion struct {
	PromotionID int64
	Name        string
	Kind        string
	CouponCode  string
	Amount      int64
	Lines       []int // line numbers it took something off
}

// Promotions are valid on the day of the save or the submit,
// today(time.Now()), not on the order date, which the user may set back.

const promoCols = `id, name, kind, value, coalesce(threshold, 0) AS threshold, coalesce(buy_qty, 0) AS buy_qty,
	coalesce(get_product_id, 0) AS get_product_id, coalesce(product_id, 0) AS product_id, coalesce(category_id, 0) AS category_id,
	coalesce(customer_level, '') AS customer_level, coalesce(customer_group_id, 0) AS customer_group_id,
	coalesce(customer_id, 0) AS customer_id, coalesce(valid_from, '') AS valid_from, coalesce(valid_to, '') AS valid_to,
	exclusive, coalesce(priority, 0) AS priority, coalesce(coupon_code, '') AS coupon_code, coalesce(max_uses, 0) AS max_uses,
	coalesce(per_customer_limit, 0) AS per_customer_limit, active`

// automatic are the active promotions without a coupon valid on day, with
// their tiers.
func automatic(ctx context.Context, q db.Scoped, day string) ([]Promo, error) {
	var ps []Promo
	if err := q.Select(ctx, &ps, `SELECT `+promoCols+` FROM promotions WHERE tenant_id = ? AND active = TRUE AND coupon_code IS NULL
		AND (valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to >= ?) ORDER BY id`, q.Tenant, day, day); err != nil {
		return nil, err
	}
	return ps, withTiers(ctx, q, ps)
}

// byCoupon is the promotion of a coupon code, whatever its state (nil: no
// such code).
func byCoupon(ctx context.Context, q db.Scoped, code string) (*Promo, error) {
	var ps []Promo
	if err := q.Select(ctx, &ps, `SELECT `+promoCols+` FROM promotions WHERE tenant_id = ? AND coupon_code = ?`, q.Tenant, code); err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, nil
	}
	return &ps[0], withTiers(ctx, q, ps)
}

func withTiers(ctx context.Context, q db.Scoped, ps []Promo) error {
	var ids []any
	at := map[int64]int{}
	for i, p := range ps {
		if p.Kind == PromoThreshold {
			ids, at[p.ID] = append(ids, p.ID), i
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var ts []struct {
		Tier
		PromotionID int64 `db:"promotion_id"`
	}
	if err := q.Select(ctx, &ts, `SELECT promotion_id, threshold, amount FROM promotion_tiers WHERE tenant_id = ? AND promotion_id IN (`+
		db.Placeholders(len(ids))+`)`, append([]any{q.Tenant}, ids...)...); err != nil {
		return err
	}
	for _, t := range ts {
		ps[at[t.PromotionID]].Tiers = append(ps[at[t.PromotionID]].Tiers, t.Tier)
	}
	return nil
}

// promote applies the promotions valid on day to a checked order: the
// lines' discounts, amounts and tax and the order's totals change, and the
// result says which promotion took what. An entered coupon that cannot be
// used is a field error on coupon_code. orderID is 0 for a new order.
func (s *Service) promote(ctx context.Context, q db.Querier, sc tenant.Scope, orderID int64, c *checked, code, day string) ([]Applied, error) {
	tq := db.Tenant(q, sc.Tenant())
	code = strings.ToUpper(strings.TrimSpace(code))
	c.order.CouponCode = code
	cust, _, err := s.master.CustomerTerms(ctx, q, sc.Tenant(), c.order.CustomerID)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(c.lines))
	for i, l := range c.lines {
		ids[i] = l.ProductID
	}
	terms, err := s.master.PromoTerms(ctx, q, sc.Tenant(), c.order.CustomerID, ids)
	if err != nil {
		return nil, err
	}
	buyer := cartCustomer{ID: c.order.CustomerID, Level: terms.CustomerLevel, Groups: cust.Groups}
	cart := make([]cartLine, len(c.lines))
	for i, l := range c.lines {
		cart[i] = cartLine{ProductID: l.ProductID, Categories: terms.Categories[l.ProductID], BaseQty: mulDiv(l.Qty, l.Factor, 10000, false),
			Amount: l.Amount}
	}
	var coupon *Promo
	if code != "" {
		if coupon, err = byCoupon(ctx, tq, code); err != nil {
			return nil, err
		}
		if err := s.couponUsable(ctx, tq, orderID, coupon, buyer, day); err != nil {
			return nil, err
		}
	}
	auto, err := automatic(ctx, tq, day)
	if err != nil {
		return nil, err
	}
	applied, gave := apply(coupon, auto, buyer, cart)
	if coupon != nil && !gave {
		return nil, errs.Invalid(errs.Field("coupon_code", "sales.coupon.not_applicable"))
	}
	for _, a := range applied {
		for i, off := range a.Lines {
			c.lines[i].PromoDiscount += off
		}
	}
	for i := range c.lines {
		l := &c.lines[i]
		l.Discount += l.PromoDiscount
		l.Amount -= l.PromoDiscount
		if l.Tax, err = money.MulDiv(l.Amount, l.TaxRate, 100*10000); err != nil {
			return nil, errs.Invalid(errs.Field("lines", "sales.too_large"))
		}
	}
	return applied, c.total()
}

// couponUsable refuses a coupon that does not exist, is inactive or out of
// its window, is not for this customer, or has no uses left (counting the
// uses this order already holds as its own).
func (s *Service) couponUsable(ctx context.Context, q db.Scoped, orderID int64, p *Promo, buyer cartCustomer, day string) error {
	bad := func(code string, args ...any) error { return errs.Invalid(errs.Field("coupon_code", code, args...)) }
	switch {
	case p == nil:
		return bad("sales.coupon.unknown")
	case !p.Active || (p.ValidFrom != "" && day < p.ValidFrom) || (p.ValidTo != "" && day > p.ValidTo):
		return bad("sales.coupon.expired")
	case !p.forCustomer(buyer):
		return bad("sales.coupon.not_eligible")
	}
	held, err := holds(ctx, q, orderID, p.ID)
	if err != nil || held {
		return err
	}
	total, mine, err := used(ctx, q, p.ID, buyer.ID)
	if err != nil {
		return err
	}
	if p.MaxUses > 0 && total >= p.MaxUses {
		return bad("sales.coupon.used_up")
	}
	if p.PerCustomer > 0 && mine >= p.PerCustomer {
		return bad("sales.coupon.customer_limit", "Max", p.PerCustomer)
	}
	return nil
}

// savePromotions replaces what the order got from promotions.
func savePromotions(ctx context.Context, q db.Scoped, orderID int64, applied []Applied) error {
	if _, err := q.Exec(ctx, `DELETE FROM sales_order_promotions WHERE tenant_id = ? AND order_id = ?`, q.Tenant, orderID); err != nil {
		return err
	}
	const cols = 7
	var args []any
	n := 0
	for seq, a := range applied {
		for i, off := range a.Lines {
			if off == 0 {
				continue
			}
			args = append(args, q.Tenant, orderID, a.Promo.ID, seq+1, i+1, a.Promo.CouponCode, off)
			n++
		}
	}
	if n == 0 {
		return nil
	}
	return db.InsertRows(ctx, q, `INSERT INTO sales_order_promotions (tenant_id, order_id, promotion_id, seq, line_no, coupon_code,
		amount)`, "("+db.Placeholders(cols)+")", n, args)
}

// orderPromotions reads what each promotion took off an order, in the
// order they applied.
func orderPromotions(ctx context.Context, q db.Scoped, orderID int64) ([]OrderPromotion, error) {
	var rows []struct {
		PromotionID int64  `db:"promotion_id"`
		Name        string `db:"name"`
		Kind        string `db:"kind"`
		CouponCode  string `db:"coupon_code"`
		LineNo      int    `db:"line_no"`
		Amount      int64  `db:"amount"`
	}
	if err := q.Select(ctx, &rows, `SELECT op.promotion_id, p.name, p.kind, op.coupon_code, op.line_no, op.amount
		FROM sales_order_promotions op JOIN promotions p ON p.tenant_id = op.tenant_id AND p.id = op.promotion_id
		WHERE op.tenant_id = ? AND op.order_id = ? ORDER BY op.seq, op.line_no`, q.Tenant, orderID); err != nil {
		return nil, err
	}
	var out []OrderPromotion
	for _, r := range rows {
		if len(out) == 0 || out[len(out)-1].PromotionID != r.PromotionID {
			out = append(out, OrderPromotion{PromotionID: r.PromotionID, Name: r.Name, Kind: r.Kind, CouponCode: r.CouponCode})
		}
		last := &out[len(out)-1]
		last.Amount += r.Amount
		last.Lines = append(last.Lines, r.LineNo)
	}
	return out, nil
}
