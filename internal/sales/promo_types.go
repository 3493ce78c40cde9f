package sales

import (
	"context"
	"strings"

	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// PromoModule is the permission module of promotion definitions (the
// records engine's view, create, edit, delete, export).
const PromoModule = "promotions"

// Promotion kinds.
const (
	PromoPercent   = "percent"   // value % off the lines in scope
	PromoAmount    = "amount"    // value off the lines in scope
	PromoThreshold = "threshold" // 满减: spend ≥ threshold, get value off (more tiers as promotion_tiers)
	PromoBuyGet    = "buy_get"   // buy buy_qty of product_id, get value of get_product_id (or the same) free
)

// PromoKinds lists them in the form's order.
var PromoKinds = []string{PromoPercent, PromoAmount, PromoThreshold, PromoBuyGet}

var zero = int64(0)

// Promotions (促销) are a record type: list, form, API, import and export
// come from the records engine. One value field carries the benefit of
// every kind (percent, amount off, or free quantity) so that a promotion
// is one short form; the engine (promo_engine.go) reads them per order.
var Promotions = &records.Type{
	Key: "promotions", Path: "promotions", Module: PromoModule, Menu: "menu.sales",
	Label: "promotions.one", Plural: "promotions.title", DefaultSort: "-priority",
	Fields: []records.Field{
		{Name: "name", Kind: records.Text, Required: true, MaxLen: 100, List: true, Sort: true, Example: "满300减30"},
		{Name: "kind", Kind: records.Enum, Required: true, Values: PromoKinds, Default: PromoPercent, List: true, Filter: true},
		{Name: "value", Kind: records.Decimal, Required: true, Min: &zero, List: true, Hint: "promotions.value.hint", Example: "30"},
		{Name: "threshold", Kind: records.Decimal, Min: &zero, List: true, ShowIf: "kind=percent|amount|threshold",
			Hint: "promotions.threshold.hint", Example: "300"},
		{Name: "buy_qty", Kind: records.Decimal, Min: &zero, ShowIf: "kind=" + PromoBuyGet, Hint: "promotions.buy_qty.hint"},
		{Name: "get_product_id", Kind: records.Ref, Ref: "products", ShowIf: "kind=" + PromoBuyGet, Hint: "promotions.get_product_id.hint"},

		{Name: "product_id", Kind: records.Ref, Ref: "products", Filter: true, Section: "promotions.section.scope",
			Hint: "promotions.product_id.hint"},
		{Name: "category_id", Kind: records.Ref, Ref: "product_categories", Filter: true, Section: "promotions.section.scope",
			ShowIf: "kind=percent|amount|threshold", Hint: "promotions.category_id.hint"},
		{Name: "customer_level", Kind: records.Dict, Dict: masterdata.DictMemberLevel, Filter: true, Section: "promotions.section.scope"},
		{Name: "customer_group_id", Kind: records.Ref, Ref: "customer_groups", Filter: true, Section: "promotions.section.scope",
			Hint: "promotions.customer_group_id.hint"},
		{Name: "customer_id", Kind: records.Ref, Ref: "customers", Filter: true, Section: "promotions.section.scope"},
		{Name: "valid_from", Kind: records.Date, List: true, Sort: true, Section: "promotions.section.scope"},
		{Name: "valid_to", Kind: records.Date, List: true, Section: "promotions.section.scope"},

		{Name: "exclusive", Kind: records.Bool, List: true, Filter: true, Section: "promotions.section.stacking",
			Hint: "promotions.exclusive.hint"},
		{Name: "priority", Kind: records.Int, Default: int64(0), List: true, Sort: true, Section: "promotions.section.stacking",
			Hint: "promotions.priority.hint"},

		{Name: "coupon_code", Kind: records.Text, MaxLen: 32, Unique: true, List: true, Section: "promotions.section.coupon",
			Hint: "promotions.coupon_code.hint", Example: "SPRING30"},
		{Name: "max_uses", Kind: records.Int, Min: &zero, Section: "promotions.section.coupon", Hint: "promotions.max_uses.hint"},
		{Name: "per_customer_limit", Kind: records.Int, Min: &zero, Section: "promotions.section.coupon",
			Hint: "promotions.per_customer_limit.hint"},

		{Name: "active", Kind: records.Bool, Default: true, List: true, Filter: true},
		{Name: "notes", Kind: records.LongText, Wide: true},
	},
	Hooks: records.Hooks{Check: checkPromotion, InUse: promotionInUse},
}

// PromotionTiers are the further tiers of a threshold promotion; the
// promotion's own threshold and value are its first tier.
var PromotionTiers = &records.Type{
	Key: "promotion_tiers", Path: "promotion-tiers", Module: PromoModule,
	Label: "promotion_tiers.one", Plural: "promotion_tiers.title", Of: "promotion_id", NameField: "note", DefaultSort: "threshold",
	Fields: []records.Field{
		{Name: "promotion_id", Kind: records.Ref, Ref: "promotions", Required: true, List: true},
		{Name: "threshold", Kind: records.Decimal, Required: true, Min: &zero, List: true, Sort: true, Example: "500"},
		{Name: "amount", Kind: records.Decimal, Required: true, Min: &zero, List: true, Example: "60"},
		{Name: "note", Kind: records.Text, MaxLen: 100, List: true},
	},
	Hooks: records.Hooks{Check: checkTier},
}

// PromoTypes are sales's record types, parents first.
func PromoTypes() []*records.Type { return []*records.Type{Promotions, PromotionTiers} }

// Register adds sales's record types to the engine's registry (after
// master data's, which they refer to).
func Register(reg *records.Registry) { reg.Add(PromoTypes()...) }

func amountOf(r *records.Record, f string) int64 {
	a, ok := r.Values[f].(money.Amount)
	if !ok {
		return 0
	}
	v, err := a.Scaled()
	if err != nil {
		return -1 // too large: the checks below refuse it
	}
	return v
}

// checkPromotion: each kind has the values it needs, the window is in
// order, and a coupon code is kept upper-case (codes are typed in any
// case). Limits count coupon uses, so they need a code.
func checkPromotion(_ context.Context, _ db.Querier, _ tenant.Scope, r *records.Record, _ *records.Record) error {
	var c errs.Collector
	value := amountOf(r, "value")
	switch {
	case value <= 0:
		c.Add("value", "field.positive")
	case r.String("kind") == PromoPercent && value > 100*10000:
		c.Add("value", "sales.percent_range")
	}
	switch r.String("kind") {
	case PromoThreshold:
		if amountOf(r, "threshold") <= 0 {
			c.Add("threshold", "field.required")
		}
	case PromoBuyGet:
		if r.Int("product_id") == 0 {
			c.Add("product_id", "promotions.product_id.required")
		}
		if amountOf(r, "buy_qty") <= 0 {
			c.Add("buy_qty", "field.required")
		}
	}
	if r.Int("product_id") != 0 && r.Int("category_id") != 0 {
		c.Add("category_id", "promotions.category_id.one_scope")
	}
	if from, to := r.String("valid_from"), r.String("valid_to"); from != "" && to != "" && to < from {
		c.Add("valid_to", "promotions.valid_to.before_from")
	}
	code := strings.ToUpper(strings.TrimSpace(r.String("coupon_code")))
	if code == "" {
		r.Values["coupon_code"] = nil
		if r.Int("max_uses") != 0 {
			c.Add("max_uses", "promotions.limit_needs_coupon")
		}
		if r.Int("per_customer_limit") != 0 {
			c.Add("per_customer_limit", "promotions.limit_needs_coupon")
		}
	} else {
		r.Values["coupon_code"] = code
		if strings.ContainsAny(code, " \t") {
			c.Add("coupon_code", "promotions.coupon_code.spaces")
		}
	}
	return c.Err()
}

func checkTier(_ context.Context, _ db.Querier, _ tenant.Scope, r *records.Record, _ *records.Record) error {
	var c errs.Collector
	if amountOf(r, "threshold") <= 0 {
		c.Add("threshold", "field.positive")
	}
	if amountOf(r, "amount") <= 0 {
		c.Add("amount", "field.positive")
	}
	return c.Err()
}

// promotionInUse keeps a promotion that orders got a discount from or a
// coupon was redeemed for (deactivate it instead).
func promotionInUse(ctx context.Context, q db.Querier, sc tenant.Scope, id int64) (string, error) {
	var n int
	if err := db.Tenant(q, sc.Tenant()).Get(ctx, &n, `SELECT count(*) FROM (SELECT 1 FROM sales_order_promotions
		WHERE tenant_id = ? AND promotion_id = ? UNION ALL SELECT 1 FROM sales_coupon_redemptions WHERE tenant_id = ?
		AND promotion_id = ?) u`, sc.Tenant(), id, sc.Tenant(), id); err != nil {
		return "", err
	}
	if n > 0 {
		return "promotions.in_use", nil
	}
	return "", nil
}

// promotionsDef is the permission module of promotion definitions:
// managers define them, sales look them up.
func promotionsDef() tenant.ModuleDef {
	all := []tenant.Action{tenant.View, tenant.Create, tenant.Edit, tenant.Delete, tenant.Export}
	return tenant.ModuleDef{Key: PromoModule, Actions: all,
		Defaults: map[string][]tenant.Action{
			access.RoleManager: all,
			access.RoleSales:   {tenant.View},
			access.RoleFinance: {tenant.View, tenant.Export},
		}}
}
