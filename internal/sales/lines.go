package sales

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// maxLines bounds an order (a page and a transaction stay small).
const maxLines = 500

// checked is an order input made into rows, or the field errors.
type checked struct {
	order Order
	lines []Line
}

// check validates a draft field by field (every error at once) and
// computes its amounts; an empty price is the customer's price from the
// price lists (or the product's list price).
func (s *Service) check(ctx context.Context, q db.Querier, sc tenant.Scope, in OrderInput) (checked, error) {
	var c errs.Collector
	o := Order{CustomerID: in.CustomerID, WarehouseID: in.WarehouseID, OrderDate: strings.TrimSpace(in.OrderDate),
		PaymentMethod: strings.TrimSpace(in.PaymentMethod), Channel: strings.TrimSpace(in.Channel),
		ShippingAddress: strings.TrimSpace(in.ShippingAddress), Notes: strings.TrimSpace(in.Notes), Currency: "CNY"}
	if o.OrderDate == "" {
		o.OrderDate = time.Now().In(i18n.Location).Format(time.DateOnly)
	}
	date, err := time.ParseInLocation(time.DateOnly, o.OrderDate, i18n.Location)
	dateOK := err == nil
	if !dateOK {
		c.Add("order_date", "field.invalid")
	}
	if o.PaymentMethod == "" {
		o.PaymentMethod = "transfer"
	}
	if !slices.Contains(PaymentMethods, o.PaymentMethod) {
		c.Add("payment_method", "field.invalid")
	}
	if o.Channel == "" {
		o.Channel = "staff"
	}
	if !slices.Contains(Channels, o.Channel) {
		c.Add("channel", "field.invalid")
	}
	checkText(&c, o)
	if err := s.checkHandler(ctx, q, sc, &c, in.HandlerID); err != nil {
		return checked{}, err
	}
	if in.HandlerID != 0 {
		o.HandlerID = &in.HandlerID
	}
	if in.CustomerID == 0 {
		c.Add("customer_id", "field.required")
	} else if cust, ok, err := s.master.CustomerTerms(ctx, q, sc.Tenant(), in.CustomerID); err != nil {
		return checked{}, err
	} else if !ok {
		c.Add("customer_id", "field.unknown")
	} else if seen, err := s.master.Titles(ctx, sc, "customers", []int64{in.CustomerID}); err != nil {
		return checked{}, err
	} else if _, ok := seen[in.CustomerID]; !ok {
		// Outside the user's data scope: the same answer as no such customer.
		c.Add("customer_id", "field.unknown")
	} else if o.ShippingAddress == "" && cust.ShippingAddress != nil {
		o.ShippingAddress = *cust.ShippingAddress
	}
	if in.WarehouseID == 0 {
		c.Add("warehouse_id", "field.required")
	} else if own, err := s.master.OwnIDs(ctx, q, sc.Tenant(), "warehouses", []int64{in.WarehouseID}); err != nil {
		return checked{}, err
	} else if !own[in.WarehouseID] {
		c.Add("warehouse_id", "field.unknown")
	}
	switch {
	case len(in.Lines) == 0:
		c.Add("lines", "sales.lines_required")
	case len(in.Lines) > maxLines:
		c.Add("lines", "sales.too_many_lines", "Max", maxLines)
	}
	ids := make([]int64, 0, len(in.Lines))
	for _, l := range in.Lines {
		ids = append(ids, l.ProductID)
	}
	terms, err := s.master.ProductTerms(ctx, q, sc.Tenant(), ids)
	if err != nil {
		return checked{}, err
	}
	prices := s.listPrices(ctx, sc, in, terms, date, dateOK)
	out := checked{order: o}
	for i, l := range in.Lines {
		var listed *listPrice
		if pr, ok := prices[i]; ok {
			listed = &pr
		}
		line, err := s.checkLine(ctx, sc, &c, fmt.Sprintf("lines[%d].", i), terms, in.CustomerID, date, dateOK, l, listed)
		if err != nil {
			return checked{}, err
		}
		line.LineNo = i + 1
		out.lines = append(out.lines, line)
	}
	if err := c.Err(); err != nil {
		return out, err
	}
	return out, out.total()
}

// checkLine validates one product line (field names prefixed "lines[i].")
// and computes its amounts; an empty price is the customer's price from the
// price lists on date (when the customer and date are known) — listed when
// the caller priced its lines at once (listPrices), else read here.
// Quotations' product lines go through here too.
func (s *Service) checkLine(ctx context.Context, sc tenant.Scope, c *errs.Collector, prefix string,
	terms map[int64]masterdata.ProductTerms, customerID int64, date time.Time, dateOK bool, l LineInput, listed *listPrice) (Line, error) {
	f := func(name string) string { return prefix + name }
	line := Line{ProductID: l.ProductID, Unit: strings.TrimSpace(l.Unit)}
	p, ok := terms[l.ProductID]
	switch {
	case l.ProductID == 0:
		c.Add(f("product_id"), "field.required")
	case !ok || !p.Active:
		c.Add(f("product_id"), "field.unknown")
	}
	if ok {
		if line.Unit == "" {
			line.Unit = p.BaseUnit
		}
		if line.Factor = p.Units[line.Unit]; line.Factor == 0 {
			c.Add(f("unit"), "sales.unit_unknown")
		}
	}
	line.Qty = money.ParseField(c, f("qty"), l.Qty, true, false)
	if strings.TrimSpace(l.Price) == "" {
		if listed == nil && ok && line.Factor != 0 && line.Qty > 0 && customerID != 0 && dateOK {
			pr, perr := s.master.PriceFor(ctx, sc, customerID, l.ProductID, line.Unit, money.FromScaled(line.Qty), 0, date)
			listed = &listPrice{pr, perr}
		}
		if listed != nil {
			pr, perr := listed.Price, listed.err
			switch {
			case perr == nil:
				if line.Price, perr = pr.Price.Scaled(); perr != nil {
					c.Add(f("price"), "sales.too_large")
				}
			case errs.KindOf(perr) == errs.KindNotFound || errs.KindOf(perr) == errs.KindForbidden ||
				errs.KindOf(perr) == errs.KindInvalid:
				c.Add(f("price"), "sales.price_none")
			default:
				return Line{}, perr
			}
		} else {
			c.Add(f("price"), "field.required")
		}
	} else {
		line.Price = money.ParseField(c, f("price"), l.Price, false, true)
	}
	if strings.TrimSpace(l.Discount) != "" {
		line.DiscountPct = money.ParseField(c, f("discount"), l.Discount, false, true)
		if line.DiscountPct > 100*10000 {
			c.Add(f("discount"), "sales.percent_range")
		}
	}
	if strings.TrimSpace(l.TaxRate) == "" && ok && p.TaxRate != nil {
		line.TaxRate = *p.TaxRate
	} else if strings.TrimSpace(l.TaxRate) != "" {
		line.TaxRate = money.ParseField(c, f("tax_rate"), l.TaxRate, false, true)
		if line.TaxRate > 100*10000 {
			c.Add(f("tax_rate"), "sales.percent_range")
		}
	}
	if err := line.compute(); err != nil {
		c.Add(f("qty"), "sales.too_large")
	}
	return line, nil
}

// checkText bounds the free-text fields.
func checkText(c *errs.Collector, o Order) {
	if len([]rune(o.Notes)) > 2000 {
		c.Add("notes", "field.too_long", "Max", 2000)
	}
	if len([]rune(o.ShippingAddress)) > 300 {
		c.Add("shipping_address", "field.too_long", "Max", 300)
	}
}

// checkHandler: the handler (专人处理) is an active user of the tenant.
// Users are the platform's table; reading who exists is all sales needs.
func (s *Service) checkHandler(ctx context.Context, q db.Querier, sc tenant.Scope, c *errs.Collector, id int64) error {
	if id == 0 {
		return nil
	}
	var n int
	if err := db.Tenant(q, sc.Tenant()).Get(ctx, &n, `SELECT count(*) FROM users WHERE tenant_id = ? AND id = ? AND status = 'active'`,
		sc.Tenant(), id); err != nil {
		return err
	}
	if n == 0 {
		c.Add("handler_id", "field.unknown")
	}
	return nil
}

// compute sets the line's discount (qty × price × percent), amount (the
// rest) and tax (amount × rate %), each rounded once.
func (l *Line) compute() error {
	gross, err := money.MulDiv(l.Qty, l.Price, 10000)
	if err != nil {
		return err
	}
	if l.Discount, err = money.MulDiv(gross, l.DiscountPct, 100*10000); err != nil {
		return err
	}
	l.Amount = gross - l.Discount
	l.Tax, err = money.MulDiv(l.Amount, l.TaxRate, 100*10000)
	return err
}

// total sums the lines into the order.
func (c *checked) total() error {
	o := &c.order
	o.Subtotal, o.Discount, o.Tax = 0, 0, 0
	for _, l := range c.lines {
		o.Subtotal += l.Amount + l.Discount
		o.Discount += l.Discount
		o.Tax += l.Tax
	}
	o.Total = o.Subtotal - o.Discount + o.Tax
	if o.Subtotal < 0 || o.Total < o.Subtotal-o.Discount {
		return errs.Invalid(errs.Field("lines", "sales.too_large"))
	}
	return nil
}

// listPrice is a line's price from the price lists, or why there is none.
type listPrice struct {
	masterdata.Price
	err error
}

// listPrices resolves, in one call to master data (the customer and the
// currency read once, not once a line), the price of every line that left
// it empty and can have one: a known product and unit, a positive
// quantity, a customer and a valid date. check reports the other lines'
// faults itself.
func (s *Service) listPrices(ctx context.Context, sc tenant.Scope, in OrderInput, terms map[int64]masterdata.ProductTerms,
	date time.Time, dateOK bool) map[int]listPrice {
	if in.CustomerID == 0 || !dateOK {
		return nil
	}
	var idx []int
	var items []masterdata.PriceItem
	for i, l := range in.Lines {
		p, ok := terms[l.ProductID]
		unit := strings.TrimSpace(l.Unit)
		if unit == "" {
			unit = p.BaseUnit
		}
		var scratch errs.Collector // check reports the quantity's faults
		qty := money.ParseField(&scratch, "qty", l.Qty, true, false)
		if strings.TrimSpace(l.Price) != "" || !ok || p.Units[unit] == 0 || qty <= 0 {
			continue
		}
		idx = append(idx, i)
		items = append(items, masterdata.PriceItem{ProductID: l.ProductID, Unit: unit, Qty: money.FromScaled(qty)})
	}
	if len(items) == 0 {
		return nil
	}
	prices, fails := s.master.PricesFor(ctx, sc, in.CustomerID, items, 0, date)
	out := make(map[int]listPrice, len(idx))
	for k, i := range idx {
		out[i] = listPrice{prices[k], fails[k]}
	}
	return out
}
