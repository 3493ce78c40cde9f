package purchasing

import (
	"context"
	"fmt"
	"strings"
	"time"

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

// check validates a draft field by field (every error at once, in the
// user's language through the codes) and computes its amounts.
func (s *Service) check(ctx context.Context, q db.Querier, sc tenant.Scope, in OrderInput) (checked, error) {
	var c errs.Collector
	out := checked{order: Order{SupplierID: in.SupplierID, WarehouseID: in.WarehouseID, Notes: strings.TrimSpace(in.Notes),
		OrderDate: strings.TrimSpace(in.OrderDate), ExpectedDate: strings.TrimSpace(in.ExpectedDate), Currency: "CNY"}}
	if out.order.OrderDate == "" {
		out.order.OrderDate = time.Now().In(i18n.Location).Format(time.DateOnly)
	}
	if _, err := time.Parse(time.DateOnly, out.order.OrderDate); err != nil {
		c.Add("order_date", "field.invalid")
	}
	if out.order.ExpectedDate != "" {
		if _, err := time.Parse(time.DateOnly, out.order.ExpectedDate); err != nil {
			c.Add("expected_date", "field.invalid")
		} else if out.order.ExpectedDate < out.order.OrderDate {
			c.Add("expected_date", "purchasing.expected_before_order")
		}
	}
	if len([]rune(out.order.Notes)) > 2000 {
		c.Add("notes", "field.too_long", "Max", 2000)
	}
	if in.SupplierID == 0 {
		c.Add("supplier_id", "field.required")
	} else if sup, ok, err := s.master.SupplierTerms(ctx, q, sc.Tenant(), in.SupplierID); err != nil {
		return out, err
	} else if !ok {
		c.Add("supplier_id", "field.unknown")
	} else if !sup.Usable() {
		c.Add("supplier_id", "purchasing.supplier_unusable")
	}
	if in.WarehouseID == 0 {
		c.Add("warehouse_id", "field.required")
	} else if own, err := s.master.OwnIDs(ctx, q, sc.Tenant(), "warehouses", []int64{in.WarehouseID}); err != nil {
		return out, err
	} else if !own[in.WarehouseID] {
		c.Add("warehouse_id", "field.unknown")
	}
	switch {
	case len(in.Lines) == 0:
		c.Add("lines", "purchasing.lines_required")
	case len(in.Lines) > maxLines:
		c.Add("lines", "purchasing.too_many_lines", "Max", maxLines)
	}
	ids := make([]int64, 0, len(in.Lines))
	for _, l := range in.Lines {
		ids = append(ids, l.ProductID)
	}
	terms, err := s.master.ProductTerms(ctx, q, sc.Tenant(), ids)
	if err != nil {
		return out, err
	}
	for i, l := range in.Lines {
		f := func(name string) string { return fmt.Sprintf("lines[%d].%s", i, name) }
		line := Line{LineNo: i + 1, ProductID: l.ProductID, Unit: strings.TrimSpace(l.Unit)}
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
				c.Add(f("unit"), "purchasing.unit_unknown")
			}
		}
		line.Qty = money.ParseField(&c, f("qty"), l.Qty, true, false)
		if strings.TrimSpace(l.Price) == "" && ok && p.StandardCost != nil {
			// The standard cost is per base unit; a box costs factor of them.
			line.Price, _ = money.MulDiv(*p.StandardCost, max(line.Factor, 10000), 10000)
		} else {
			line.Price = money.ParseField(&c, f("price"), l.Price, false, true)
		}
		if strings.TrimSpace(l.TaxRate) == "" && ok && p.TaxRate != nil {
			line.TaxRate = *p.TaxRate
		} else if strings.TrimSpace(l.TaxRate) != "" {
			line.TaxRate = money.ParseField(&c, f("tax_rate"), l.TaxRate, false, true)
			if line.TaxRate > 100*10000 {
				c.Add(f("tax_rate"), "purchasing.tax_rate_range")
			}
		}
		if err := line.compute(); err != nil {
			c.Add(f("qty"), "purchasing.too_large")
		}
		out.lines = append(out.lines, line)
	}
	if err := c.Err(); err != nil {
		return out, err
	}
	return out, out.total()
}

// compute sets the line's amount (qty × price) and tax (amount × rate %).
func (l *Line) compute() error {
	var err error
	if l.Amount, err = money.MulDiv(l.Qty, l.Price, 10000); err != nil {
		return err
	}
	l.Tax, err = money.MulDiv(l.Amount, l.TaxRate, 100*10000)
	return err
}

// total sums the lines into the order.
func (c *checked) total() error {
	c.order.Subtotal, c.order.Tax = 0, 0
	for _, l := range c.lines {
		c.order.Subtotal += l.Amount
		c.order.Tax += l.Tax
	}
	c.order.Total = c.order.Subtotal + c.order.Tax
	if c.order.Subtotal < 0 || c.order.Total < c.order.Subtotal {
		return errs.Invalid(errs.Field("lines", "purchasing.too_large"))
	}
	return nil
}

// baseQty is a quantity of the line's unit in base units.
func (l Line) baseQty(q int64) (int64, error) { return money.MulDiv(q, l.Factor, 10000) }

// baseCost is the line's net price per base unit: what a receipt values
// the goods at (tax is recoverable input VAT, not cost).
func (l Line) baseCost() (int64, error) { return money.MulDiv(l.Price, 10000, l.Factor) }
