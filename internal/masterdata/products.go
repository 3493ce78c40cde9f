package masterdata

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Product types: stocked goods, a service, a subscription, and the
// keyword slots CRM sells (see PRODUCT.md §3.6).
const (
	ProductGoods        = "goods"
	ProductService      = "service"
	ProductSubscription = "subscription"
	ProductKeywordSlot  = "keyword_slot"
)

// ProductCategories is the product category tree, four levels deep.
var ProductCategories = &records.Type{
	Key: "product_categories", Path: "product-categories", Module: ProductsModule,
	Label: "product_categories.one", Plural: "product_categories.title",
	Parent: "parent_id", MaxDepth: 4, DefaultSort: "sort_order",
	Fields: treeFields("product_categories"),
}

// Products (商品). Prices and costs are per base unit in the base currency;
// images are the engine's attachments.
var Products = &records.Type{
	Key: "products", Path: "products", Module: ProductsModule,
	Label: "products.one", Plural: "products.title",
	CodeField: "sku", DocType: DocProduct,
	Fields: []records.Field{
		{Name: "sku", Kind: records.Code, MaxLen: 40, Search: true, List: true, Sort: true, Example: "P000001"},
		{Name: "name", Kind: records.Text, Required: true, MaxLen: 200, Search: true, Duplicate: true, List: true, Sort: true,
			Example: "不锈钢保温杯"},
		{Name: "model", Kind: records.Text, MaxLen: 100, Search: true, List: true, Example: "BW-500"},
		{Name: "type", Kind: records.Enum, Required: true,
			Values:  []string{ProductGoods, ProductService, ProductSubscription, ProductKeywordSlot},
			Default: ProductGoods, List: true, Filter: true},
		{Name: "category_id", Kind: records.Ref, Ref: "product_categories", List: true, Filter: true},
		{Name: "brand", Kind: records.Dict, Dict: DictProductBrand, List: true, Filter: true},
		{Name: "specification", Kind: records.Text, MaxLen: 200, ListHide: true, Example: "500ml 304不锈钢"},
		{Name: "base_unit", Kind: records.Dict, Dict: DictUnit, Required: true, List: true, Example: "pcs",
			Hint: "products.base_unit.hint"},
		{Name: "barcode", Kind: records.Text, MaxLen: 64, Unique: true, Search: true, ListHide: true, Example: "6901234567892"},
		{Name: "list_price", Kind: records.Decimal, Min: minZero(), List: true, Sort: true, Range: true,
			Section: "products.section.price", Hint: "products.list_price.hint"},
		{Name: "standard_cost", Kind: records.Decimal, Min: minZero(), ListHide: true, Section: "products.section.price"},
		{Name: "tax_rate", Kind: records.Decimal, Min: minZero(), Default: money.MustParse("13"), ListHide: true,
			Section: "products.section.price", Hint: "products.tax_rate.hint"},
		{Name: "weight", Kind: records.Decimal, Min: minZero(), Hint: "products.weight.hint"},
		{Name: "active", Kind: records.Bool, Default: true, List: true, Filter: true},
		{Name: "notes", Kind: records.LongText, Wide: true},
	},
	Hooks: records.Hooks{Check: checkProduct},
}

var hundred = money.MustParse("100")

// baseUnit is a product's base unit ("" for no such product: the engine
// reports the reference).
func baseUnit(ctx context.Context, q db.Querier, sc tenant.Scope, product int64) (string, error) {
	var base string
	err := db.Tenant(q, sc.Tenant()).Get(ctx, &base, `SELECT base_unit FROM products WHERE tenant_id = ? AND id = ?`, sc.Tenant(), product)
	if db.IsNoRows(err) {
		return "", nil
	}
	return base, err
}

// checkProduct: a tax rate is a percentage, and the base unit may not be a
// unit the product already converts from.
func checkProduct(ctx context.Context, q db.Querier, sc tenant.Scope, r *records.Record, old *records.Record) error {
	var c errs.Collector
	if t, ok := amountOf(r, "tax_rate"); ok && t.Decimal().Cmp(hundred.Decimal()) > 0 {
		c.Add("tax_rate", "products.tax_rate.max")
	}
	if old != nil && r.String("base_unit") != old.String("base_unit") {
		converted, err := exists(ctx, q, sc, "product_units", 0, "product_id = ? AND unit = ?", r.ID, r.String("base_unit"))
		if err != nil {
			return err
		}
		if converted {
			c.Add("base_unit", "products.base_unit.converted")
		}
	}
	return c.Err()
}

// ProductUnits are a product's other units with their factor in base units
// (箱 = 12 个: unit box, factor 12).
var ProductUnits = &records.Type{
	Key: "product_units", Path: "product-units", Module: ProductsModule,
	Label: "product_units.one", Plural: "product_units.title",
	Of: "product_id", NameField: "unit", DefaultSort: "unit",
	Fields: []records.Field{
		{Name: "product_id", Kind: records.Ref, Ref: "products", Required: true, List: true},
		{Name: "unit", Kind: records.Dict, Dict: DictUnit, Required: true, List: true, Sort: true, Example: "box"},
		{Name: "factor", Kind: records.Decimal, Required: true, List: true, Example: "12", Hint: "product_units.factor.hint"},
		{Name: "barcode", Kind: records.Text, MaxLen: 64, Unique: true, List: true},
	},
	Hooks: records.Hooks{Check: checkProductUnit},
}

func checkProductUnit(ctx context.Context, q db.Querier, sc tenant.Scope, r *records.Record, _ *records.Record) error {
	var c errs.Collector
	if !positive(r, "factor") {
		c.Add("factor", "field.positive")
	}
	base, err := baseUnit(ctx, q, sc, r.Int("product_id"))
	if err != nil {
		return err
	}
	unit := r.String("unit")
	if unit != "" && unit == base {
		c.Add("unit", "product_units.unit.is_base")
	}
	dup, err := exists(ctx, q, sc, "product_units", r.ID, "product_id = ? AND unit = ?", r.Int("product_id"), unit)
	if err != nil {
		return err
	}
	if dup {
		c.Add("unit", "product_units.unit.taken")
	}
	return c.Err()
}
