package masterdata

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// PriceLists are prices in one currency for one customer, for the customers
// of one member level, or for everyone (neither set), valid between two
// optional dates. Service.PriceFor picks among them.
var PriceLists = &records.Type{
	Key: "price_lists", Path: "price-lists", Module: ProductsModule,
	Label: "price_lists.one", Plural: "price_lists.title",
	DocType: DocPriceList,
	Fields: []records.Field{
		{Name: "code", Kind: records.Code, MaxLen: 32, Search: true, List: true, Sort: true, Example: "PL0001"},
		{Name: "name", Kind: records.Text, Required: true, MaxLen: 100, Search: true, List: true, Sort: true, Example: "2026 年标准价"},
		{Name: "currency_id", Kind: records.Ref, Ref: "currencies", Required: true, List: true, Filter: true},
		{Name: "customer_level", Kind: records.Dict, Dict: DictMemberLevel, List: true, Filter: true,
			Hint: "price_lists.target.hint"},
		{Name: "customer_id", Kind: records.Ref, Ref: "customers", List: true, Filter: true, Hint: "price_lists.target.hint"},
		{Name: "valid_from", Kind: records.Date, List: true, Sort: true, Range: true},
		{Name: "valid_to", Kind: records.Date, List: true},
		{Name: "priority", Kind: records.Int, Default: int64(0), ListHide: true, Sort: true, Hint: "price_lists.priority.hint"},
		{Name: "active", Kind: records.Bool, Default: true, List: true, Filter: true},
		{Name: "notes", Kind: records.LongText, Wide: true},
	},
	Hooks: records.Hooks{Check: checkPriceList},
}

func checkPriceList(_ context.Context, _ db.Querier, _ tenant.Scope, r *records.Record, _ *records.Record) error {
	var c errs.Collector
	if r.String("customer_level") != "" && r.Int("customer_id") != 0 {
		c.Add("customer_id", "price_lists.customer_id.one_target")
	}
	// Dates are "YYYY-MM-DD", so they compare as strings.
	if from, to := r.String("valid_from"), r.String("valid_to"); from != "" && to != "" && to < from {
		c.Add("valid_to", "price_lists.valid_to.before_from")
	}
	return c.Err()
}

// PriceListItems are a list's prices: per product and unit, from a minimum
// quantity (quantity breaks). An empty unit is saved as the product's base
// unit, so the rule compares units exactly.
var PriceListItems = &records.Type{
	Key: "price_list_items", Path: "price-list-items", Module: ProductsModule,
	Label: "price_list_items.one", Plural: "price_list_items.title",
	Of: "price_list_id", NameField: "unit", // the product is a Ref; a title must be a string field
	Fields: []records.Field{
		{Name: "price_list_id", Kind: records.Ref, Ref: "price_lists", Required: true, List: true},
		{Name: "product_id", Kind: records.Ref, Ref: "products", Required: true, List: true, Filter: true},
		{Name: "unit", Kind: records.Dict, Dict: DictUnit, List: true, Hint: "price_list_items.unit.hint"},
		{Name: "min_quantity", Kind: records.Decimal, Min: minZero(), Default: money.Amount{}, List: true,
			Hint: "price_list_items.min_quantity.hint"},
		{Name: "price", Kind: records.Decimal, Required: true, Min: minZero(), List: true},
	},
	Hooks: records.Hooks{Check: checkPriceListItem},
}

func checkPriceListItem(ctx context.Context, q db.Querier, sc tenant.Scope, r *records.Record, _ *records.Record) error {
	var c errs.Collector
	product := r.Int("product_id")
	base, err := baseUnit(ctx, q, sc, product)
	if err != nil {
		return err
	}
	unit := r.String("unit")
	if unit == "" {
		unit = base
		r.Values["unit"] = base
	}
	if unit != base {
		defined, err := exists(ctx, q, sc, "product_units", 0, "product_id = ? AND unit = ?", product, unit)
		if err != nil {
			return err
		}
		if !defined {
			c.Add("unit", "price_list_items.unit.not_product")
		}
	}
	minQty, ok := amountOf(r, "min_quantity")
	if !ok {
		r.Values["min_quantity"] = money.Amount{}
	}
	scaled, err := minQty.Scaled()
	if err != nil {
		return err
	}
	dup, err := exists(ctx, q, sc, "price_list_items", r.ID, "price_list_id = ? AND product_id = ? AND unit = ? AND min_quantity = ?",
		r.Int("price_list_id"), product, unit, scaled)
	if err != nil {
		return err
	}
	if dup {
		c.Add("min_quantity", "price_list_items.min_quantity.taken")
	}
	return c.Err()
}
