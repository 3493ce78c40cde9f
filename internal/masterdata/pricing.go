package masterdata

import (
	"context"
	"fmt"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Service answers the questions other modules ask of master data: the price
// of a product for a customer, an exchange rate on a date, a quantity in
// base units. It only reads.
type Service struct {
	recs *records.Service
	db   *db.DB
}

// New builds the service.
func New(recs *records.Service, d *db.DB) *Service { return &Service{recs: recs, db: d} }

// Price sources.
const (
	FromPriceList = "price_list"
	FromListPrice = "list_price"
)

// Price is a resolved unit price and where it came from.
type Price struct {
	Price      money.Amount `json:"price" doc:"Unit price in the currency, per unit"`
	CurrencyID int64        `json:"currency_id"`
	Unit       string       `json:"unit"`
	Source     string       `json:"source" enum:"price_list,list_price"`
	// The price list and item that gave the price (Source price_list).
	PriceListID   int64  `json:"price_list_id,omitempty"`
	PriceListCode string `json:"price_list_code,omitempty"`
	ItemID        int64  `json:"price_list_item_id,omitempty"`
	// The rate the list price was converted with (Source list_price in a
	// currency other than the base).
	Rate *money.Amount `json:"rate,omitempty"`
}

// PriceFor resolves the unit price of productID in unit (the product's base
// unit when empty) for qty units, in currencyID (the base currency when 0),
// for customerID (0 = no particular customer) on date on (its calendar day
// in China time). The caller needs products.view, and customers.view with
// the customer in its data scope.
//
// The rule:
//
//  1. Candidates are the price-list items for the product in exactly this
//     unit whose minimum quantity is at most qty, on lists that are active,
//     in this currency and valid on the date (valid_from ≤ date ≤ valid_to;
//     an empty end is open), and that are for this customer, for the
//     customer's member level, or general (neither).
//  2. A list for the customer beats a list for the member level, which beats
//     a general list; within one class the higher priority wins, then the
//     later valid_from (an open start counts as earliest), then the newer
//     list. A list without an item for this product, unit and quantity is
//     skipped, so a customer list may cover only a few products. A negative
//     quantity (a return) meets the breaks of its magnitude.
//  3. Within the winning list, the item with the largest minimum quantity
//     (the best quantity break) gives the price.
//  4. With no candidate, the product's list price applies: it is per base
//     unit in the base currency, so it is multiplied by the unit's factor
//     and, for another currency, divided by the rate on the date (RateOn),
//     rounded half up to the currency's decimals. A product without a list
//     price has no price: NotFound "masterdata.price.none".
func (s *Service) PriceFor(ctx context.Context, sc tenant.Scope, customerID, productID int64, unit string,
	qty money.Amount, currencyID int64, on time.Time) (Price, error) {
	pc, err := s.pricing(ctx, sc, customerID, currencyID)
	if err != nil {
		return Price{}, err
	}
	return pc.price(ctx, productID, unit, qty, on)
}

// PriceItem is one price PricesFor resolves.
type PriceItem struct {
	ProductID int64
	Unit      string
	Qty       money.Amount
}

// PricesFor is PriceFor for several items of one customer, currency and
// date (an order's lines) with the customer and the currency read once:
// each item gets its price or the error PriceFor would give it.
func (s *Service) PricesFor(ctx context.Context, sc tenant.Scope, customerID int64, items []PriceItem, currencyID int64,
	on time.Time) ([]Price, []error) {
	prices, fails := make([]Price, len(items)), make([]error, len(items))
	pc, err := s.pricing(ctx, sc, customerID, currencyID)
	if err == nil {
		ids := make([]int64, len(items))
		for i, it := range items {
			ids[i] = it.ProductID
		}
		pc.products, err = s.products(ctx, pc.q, ids)
	}
	for i, it := range items {
		if err != nil {
			fails[i] = err
			continue
		}
		prices[i], fails[i] = pc.price(ctx, it.ProductID, it.Unit, it.Qty, on)
	}
	return prices, fails
}

// pricing is what every price for one customer in one currency shares.
type pricing struct {
	s          *Service
	q          db.Scoped
	sc         tenant.Scope
	cur        currencyRow
	customerID int64
	level      string               // the customer's member level
	products   map[int64]productRow // read at once for several items
}

func (s *Service) pricing(ctx context.Context, sc tenant.Scope, customerID, currencyID int64) (pricing, error) {
	if !sc.Can(tenant.P(ProductsModule, tenant.View)) {
		return pricing{}, errs.Forbidden("forbidden")
	}
	pc := pricing{s: s, q: db.Tenant(s.db.Read(), sc.Tenant()), sc: sc, customerID: customerID}
	var err error
	if pc.cur, err = s.currency(ctx, pc.q, sc, currencyID); err != nil {
		return pricing{}, err
	}
	if customerID != 0 {
		// The customer must be one sc may see; only its level is read (a
		// full record read took four statements).
		if !sc.Can(tenant.P(Customers.Module, tenant.View)) {
			return pricing{}, errs.Forbidden("forbidden")
		}
		seen, err := s.recs.Titles(ctx, sc, Customers, []int64{customerID})
		if err != nil {
			return pricing{}, err
		}
		if _, ok := seen[customerID]; !ok {
			return pricing{}, errs.NotFound("not_found")
		}
		if err := pc.q.Get(ctx, &pc.level, `SELECT COALESCE(level, '') FROM customers WHERE tenant_id = ? AND id = ?`, pc.q.Tenant,
			customerID); err != nil {
			return pricing{}, fmt.Errorf("masterdata: customer %d: %w", customerID, err)
		}
	}
	return pc, nil
}

// price is the rule of PriceFor for one product.
func (pc pricing) price(ctx context.Context, productID int64, unit string, qty money.Amount, on time.Time) (Price, error) {
	s, q, sc, cur, customerID, level := pc.s, pc.q, pc.sc, pc.cur, pc.customerID, pc.level
	p, ok := pc.products[productID]
	if !ok {
		var err error
		if p, err = s.product(ctx, q, sc, productID); err != nil {
			return Price{}, err
		}
	}
	if unit == "" {
		unit = p.BaseUnit
	}
	date := day(on)
	minQty, err := qty.Scaled()
	if err != nil {
		return Price{}, errs.Invalid(errs.Field("quantity", "field.invalid"))
	}
	minQty = max(minQty, -minQty)
	out := Price{CurrencyID: cur.ID, Unit: unit}
	var hit struct {
		ListID   int64        `db:"list_id"`
		ListCode *string      `db:"list_code"`
		ItemID   int64        `db:"item_id"`
		Price    money.Amount `db:"price"`
	}
	err = q.Get(ctx, &hit, `SELECT l.id AS list_id, l.code AS list_code, i.id AS item_id, i.price
		FROM price_list_items i JOIN price_lists l ON l.id = i.price_list_id AND l.tenant_id = i.tenant_id
		WHERE i.tenant_id = ? AND i.product_id = ? AND i.unit = ? AND i.min_quantity <= ?
		  AND l.active AND l.currency_id = ?
		  AND (l.valid_from IS NULL OR l.valid_from <= ?) AND (l.valid_to IS NULL OR l.valid_to >= ?)
		  AND (l.customer_id = ? OR (l.customer_id IS NULL AND (l.customer_level IS NULL OR l.customer_level = ?)))
		ORDER BY CASE WHEN l.customer_id IS NOT NULL THEN 0 WHEN l.customer_level IS NOT NULL THEN 1 ELSE 2 END,
		  COALESCE(l.priority, 0) DESC, COALESCE(l.valid_from, '') DESC, l.id DESC, i.min_quantity DESC
		LIMIT 1`,
		sc.Tenant(), productID, unit, minQty, cur.ID, date, date, customerID, level)
	switch {
	case err == nil:
		out.Price, out.Source, out.PriceListID, out.ItemID = hit.Price, FromPriceList, hit.ListID, hit.ItemID
		if hit.ListCode != nil {
			out.PriceListCode = *hit.ListCode
		}
		return out, nil
	case !db.IsNoRows(err):
		return Price{}, fmt.Errorf("masterdata: price lists: %w", err)
	}
	if p.ListPrice == nil {
		return Price{}, errs.NotFound("masterdata.price.none")
	}
	// Convert at full precision and round once, at the end.
	price := *p.ListPrice
	if unit != p.BaseUnit {
		f, err := factor(ctx, q, sc, productID, unit)
		if err != nil {
			return Price{}, err
		}
		if price, err = mul(price, f, money.Scale); err != nil {
			return Price{}, err
		}
	}
	if !cur.IsBase {
		rate, err := s.rate(ctx, q, sc, cur, date)
		if err != nil {
			return Price{}, err
		}
		if price, err = quo(price, rate, cur.Decimals); err != nil {
			return Price{}, err
		}
		out.Rate = &rate
	} else if price, err = toAmount(price.Decimal(), cur.Decimals); err != nil {
		return Price{}, err
	}
	out.Price, out.Source = price, FromListPrice
	return out, nil
}

// RateOn is the rate of currencyID on date on: the rate with the latest
// rate_date on or before it (1 for the base currency). No such rate is
// NotFound "masterdata.rate.missing". Requires currencies.view.
func (s *Service) RateOn(ctx context.Context, sc tenant.Scope, currencyID int64, on time.Time) (money.Amount, error) {
	if !sc.Can(tenant.P(CurrenciesModule, tenant.View)) {
		return money.Amount{}, errs.Forbidden("forbidden")
	}
	q := db.Tenant(s.db.Read(), sc.Tenant())
	cur, err := s.currency(ctx, q, sc, currencyID)
	if err != nil {
		return money.Amount{}, err
	}
	if cur.IsBase {
		return money.MustParse("1"), nil
	}
	return s.rate(ctx, q, sc, cur, day(on))
}

// ConvertUnit turns qty of unit into the product's base unit with the
// product's conversion (qty × factor, rounded half up to money.Scale). An
// empty unit is the base unit. Requires products.view.
func (s *Service) ConvertUnit(ctx context.Context, sc tenant.Scope, productID int64, qty money.Amount, unit string) (money.Amount, error) {
	if !sc.Can(tenant.P(ProductsModule, tenant.View)) {
		return money.Amount{}, errs.Forbidden("forbidden")
	}
	q := db.Tenant(s.db.Read(), sc.Tenant())
	p, err := s.product(ctx, q, sc, productID)
	if err != nil {
		return money.Amount{}, err
	}
	if unit == "" || unit == p.BaseUnit {
		return qty, nil
	}
	f, err := factor(ctx, q, sc, productID, unit)
	if err != nil {
		return money.Amount{}, err
	}
	return mul(qty, f, money.Scale)
}

// day is the calendar date pricing compares with the stored "YYYY-MM-DD"
// dates: the day in China time, where Taihe's users work.
func day(t time.Time) string { return t.In(i18n.Location).Format(time.DateOnly) }
