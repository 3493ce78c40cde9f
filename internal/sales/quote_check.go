package sales

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Bounds that keep a quotation's page and transaction small.
const (
	maxRouteRows    = 50 // steps, and materials, per route
	defaultValidity = 30 // days a quotation is valid when no date is given
	pct100          = 100 * 10000
)

// checkQuote validates a quotation field by field (every error at once)
// and computes every line's amounts, cost and margin and the totals.
func (s *Service) checkQuote(ctx context.Context, q db.Querier, sc tenant.Scope, in QuoteInput) (Quote, error) {
	var c errs.Collector
	qt := Quote{CustomerID: in.CustomerID, QuoteDate: strings.TrimSpace(in.QuoteDate), ValidUntil: strings.TrimSpace(in.ValidUntil),
		Notes: strings.TrimSpace(in.Notes), Currency: "CNY"}
	if qt.QuoteDate == "" {
		qt.QuoteDate = time.Now().In(i18n.Location).Format(time.DateOnly)
	}
	date, err := time.ParseInLocation(time.DateOnly, qt.QuoteDate, i18n.Location)
	dateOK := err == nil
	if !dateOK {
		c.Add("quote_date", "field.invalid")
	}
	if qt.ValidUntil == "" && dateOK {
		qt.ValidUntil = date.AddDate(0, 0, defaultValidity).Format(time.DateOnly)
	}
	if until, err := time.ParseInLocation(time.DateOnly, qt.ValidUntil, i18n.Location); err != nil {
		c.Add("valid_until", "field.invalid")
	} else if dateOK && until.Before(date) {
		c.Add("valid_until", "sales.quote.valid_before_date")
	}
	if len([]rune(qt.Notes)) > 2000 {
		c.Add("notes", "field.too_long", "Max", 2000)
	}
	if in.CustomerID == 0 {
		c.Add("customer_id", "field.required")
	} else if _, ok, err := s.master.CustomerTerms(ctx, q, sc.Tenant(), in.CustomerID); err != nil {
		return qt, err
	} else if !ok {
		c.Add("customer_id", "field.unknown")
	} else if seen, err := s.master.Titles(ctx, sc, "customers", []int64{in.CustomerID}); err != nil {
		return qt, err
	} else if _, ok := seen[in.CustomerID]; !ok {
		// Outside the user's data scope: the same answer as no such
		// customer (and the order made on acceptance would refuse it).
		c.Add("customer_id", "field.unknown")
	}
	if in.WarehouseID != 0 {
		own, err := s.master.OwnIDs(ctx, q, sc.Tenant(), "warehouses", []int64{in.WarehouseID})
		if err != nil {
			return qt, err
		}
		if !own[in.WarehouseID] {
			c.Add("warehouse_id", "field.unknown")
		}
		qt.WarehouseID = &in.WarehouseID
	}
	switch {
	case len(in.Lines) == 0:
		c.Add("lines", "sales.lines_required")
	case len(in.Lines) > maxLines:
		c.Add("lines", "sales.too_many_lines", "Max", maxLines)
	}
	// Every product named anywhere (lines and materials), and every
	// process step, read once.
	var ids, stepIDs []int64
	for _, l := range in.Lines {
		ids = append(ids, l.ProductID)
		for _, m := range l.Materials {
			ids = append(ids, m.ProductID)
		}
		for _, st := range l.Steps {
			if st.ProcessStepID != 0 {
				stepIDs = append(stepIDs, st.ProcessStepID)
			}
		}
	}
	terms, err := s.master.ProductTerms(ctx, q, sc.Tenant(), ids)
	if err != nil {
		return qt, err
	}
	steps, err := s.master.ProcessStepTerms(ctx, q, sc.Tenant(), stepIDs)
	if err != nil {
		return qt, err
	}
	for i, l := range in.Lines {
		ql, err := s.checkQuoteLine(ctx, sc, &c, fmt.Sprintf("lines[%d].", i), terms, steps, in.CustomerID, date, dateOK, l)
		if err != nil {
			return qt, err
		}
		ql.LineNo = i + 1
		qt.Lines = append(qt.Lines, ql)
	}
	if err := c.Err(); err != nil {
		return qt, err
	}
	if err := qt.total(); err != nil {
		return qt, errs.Invalid(errs.Field("lines", "sales.too_large"))
	}
	return qt, nil
}

// checkQuoteLine validates one line. A route's unit cost comes first (its
// markup price needs it); the product, unit, quantity, discount and tax
// are then checked as an order line's are.
func (s *Service) checkQuoteLine(ctx context.Context, sc tenant.Scope, c *errs.Collector, prefix string,
	terms map[int64]masterdata.ProductTerms, steps map[int64]masterdata.ProcessStepTerms, customerID int64, date time.Time, dateOK bool,
	l QuoteLineInput) (QuoteLine, error) {
	f := func(name string) string { return prefix + name }
	ql := QuoteLine{Kind: strings.TrimSpace(l.Kind), Description: strings.TrimSpace(l.Description)}
	if ql.Kind == "" {
		ql.Kind = KindProduct
	}
	if len([]rune(ql.Description)) > 200 {
		c.Add(f("description"), "field.too_long", "Max", 200)
	}
	li := LineInput{ProductID: l.ProductID, Unit: l.Unit, Qty: l.Qty, Price: l.Price, Discount: l.Discount, TaxRate: l.TaxRate}
	costOK := true
	switch ql.Kind {
	case KindProduct:
		if len(l.Steps) > 0 || len(l.Materials) > 0 {
			c.Add(f("kind"), "sales.quote.route_parts_on_product")
		}
		if strings.TrimSpace(l.Markup) != "" {
			c.Add(f("markup"), "sales.quote.markup_on_product")
		}
	case KindRoute:
		var err error
		if costOK, err = s.routeCost(c, prefix, terms, steps, l, &ql); err != nil {
			return ql, err
		}
		if strings.TrimSpace(l.UnitCost) != "" {
			c.Add(f("unit_cost"), "sales.quote.route_cost_computed")
		}
	default:
		c.Add(f("kind"), "field.invalid")
	}
	if ql.Kind == KindRoute && strings.TrimSpace(l.Price) == "" {
		switch {
		case strings.TrimSpace(l.Markup) == "":
			c.Add(f("price"), "sales.quote.price_or_markup")
			li.Price = "0" // the other fields are still checked
		default:
			m := money.ParseField(c, f("markup"), l.Markup, false, true)
			ql.MarkupPct = &m
			price, err := money.MulDiv(ql.UnitCost, pct100+m, pct100)
			if err != nil {
				c.Add(f("markup"), "sales.too_large")
			}
			if !costOK {
				price = 0 // the cost's own errors are reported
			}
			li.Price = money.FromScaled(price).String()
		}
	} else if ql.Kind == KindRoute && strings.TrimSpace(l.Markup) != "" {
		c.Add(f("markup"), "sales.quote.price_and_markup")
	}
	line, err := s.checkLine(ctx, sc, c, prefix, terms, customerID, date, dateOK, li, nil)
	if err != nil {
		return ql, err
	}
	ql.ProductID, ql.Unit, ql.Factor, ql.Qty, ql.Price = line.ProductID, line.Unit, line.Factor, line.Qty, line.Price
	ql.DiscountPct, ql.TaxRate, ql.Amount, ql.Discount, ql.Tax = line.DiscountPct, line.TaxRate, line.Amount, line.Discount, line.Tax
	if ql.Kind == KindProduct {
		ql.UnitCost = s.productUnitCost(c, f("unit_cost"), terms[l.ProductID], line.Factor, l.UnitCost)
	}
	if err := ql.computeCost(); err != nil {
		c.Add(f("qty"), "sales.too_large")
	}
	return ql, nil
}

// productUnitCost is a product line's cost per its unit: as typed, else the
// product's standard cost (per base unit) × the unit's factor; none known:
// 0, and the margin shows the whole amount.
func (s *Service) productUnitCost(c *errs.Collector, field string, p masterdata.ProductTerms, factor int64, typed string) int64 {
	if strings.TrimSpace(typed) != "" {
		return money.ParseField(c, field, typed, false, true)
	}
	if p.StandardCost == nil || factor == 0 {
		return 0
	}
	v, err := money.MulDiv(*p.StandardCost, factor, 10000)
	if err != nil {
		c.Add(field, "sales.too_large")
	}
	return v
}

// routeCost checks a route's steps and materials and sets the line's unit
// cost to Σ step hours × rate + Σ material qty × unit cost. It reports
// whether the cost is known (no errors in its parts).
func (s *Service) routeCost(c *errs.Collector, prefix string, terms map[int64]masterdata.ProductTerms,
	steps map[int64]masterdata.ProcessStepTerms, l QuoteLineInput, ql *QuoteLine) (bool, error) {
	before := c.Len()
	if len(l.Steps) == 0 && len(l.Materials) == 0 {
		c.Add(prefix+"steps", "sales.quote.route_empty")
	}
	if len(l.Steps) > maxRouteRows || len(l.Materials) > maxRouteRows {
		c.Add(prefix+"steps", "sales.quote.route_too_long", "Max", maxRouteRows)
	}
	for j, in := range l.Steps {
		f := func(name string) string { return fmt.Sprintf("%ssteps[%d].%s", prefix, j, name) }
		st := QuoteStep{Seq: j + 1, Name: strings.TrimSpace(in.Name)}
		var known masterdata.ProcessStepTerms
		if in.ProcessStepID != 0 {
			ps, ok := steps[in.ProcessStepID]
			if !ok || !ps.Active {
				c.Add(f("process_step_id"), "field.unknown")
			} else {
				known, st.ProcessStepID = ps, &in.ProcessStepID
				if st.Name == "" {
					st.Name = ps.Name
				}
			}
		}
		if st.Name == "" {
			c.Add(f("name"), "field.required")
		} else if len([]rune(st.Name)) > 100 {
			c.Add(f("name"), "field.too_long", "Max", 100)
		}
		st.Hours = money.ParseField(c, f("hours"), in.Hours, true, false)
		switch {
		case strings.TrimSpace(in.Rate) != "":
			st.Rate = money.ParseField(c, f("rate"), in.Rate, false, true)
		case st.ProcessStepID != nil:
			st.Rate = hourlyRate(known)
		default:
			c.Add(f("rate"), "field.required")
		}
		var err error
		if st.Cost, err = money.MulDiv(st.Hours, st.Rate, 10000); err != nil {
			c.Add(f("hours"), "sales.too_large")
		}
		ql.UnitCost += st.Cost
		ql.Steps = append(ql.Steps, st)
	}
	for j, in := range l.Materials {
		f := func(name string) string { return fmt.Sprintf("%smaterials[%d].%s", prefix, j, name) }
		m := QuoteMaterial{Seq: j + 1, ProductID: in.ProductID}
		p, ok := terms[in.ProductID]
		switch {
		case in.ProductID == 0:
			c.Add(f("product_id"), "field.required")
		case !ok || !p.Active:
			c.Add(f("product_id"), "field.unknown")
		}
		m.Qty = money.ParseField(c, f("qty"), in.Qty, true, false)
		switch {
		case strings.TrimSpace(in.UnitCost) != "":
			m.UnitCost = money.ParseField(c, f("unit_cost"), in.UnitCost, false, true)
		case ok && p.StandardCost != nil:
			m.UnitCost = *p.StandardCost
		case ok:
			c.Add(f("unit_cost"), "sales.quote.cost_none")
		}
		var err error
		if m.Cost, err = money.MulDiv(m.Qty, m.UnitCost, 10000); err != nil {
			c.Add(f("qty"), "sales.too_large")
		}
		ql.UnitCost += m.Cost
		ql.Materials = append(ql.Materials, m)
	}
	if ql.UnitCost < 0 {
		c.Add(prefix+"steps", "sales.too_large")
	}
	return c.Len() == before, nil
}

// hourlyRate is a process step's rate per hour: a rate per minute × 60; a
// rate per piece is taken as is (the step's "hours" count pieces then).
func hourlyRate(p masterdata.ProcessStepTerms) int64 {
	if p.RateUnit == "minute" {
		return p.CostRate * 60
	}
	return p.CostRate
}

// computeCost sets the line's cost (qty × unit cost) and its margin on the
// amount after discount, before tax.
func (l *QuoteLine) computeCost() error {
	var err error
	if l.Cost, err = money.MulDiv(l.Qty, l.UnitCost, 10000); err != nil {
		return err
	}
	l.Margin = l.Amount - l.Cost
	l.MarginPct, err = marginPct(l.Margin, l.Amount)
	return err
}

// marginPct is margin as a percent (× 10^4) of net; 0 when net is 0.
func marginPct(margin, net int64) (int64, error) {
	if net == 0 {
		return 0, nil
	}
	return money.MulDiv(margin, pct100, net)
}

// total sums the lines into the quotation.
func (q *Quote) total() error {
	q.Subtotal, q.Discount, q.Tax, q.Cost = 0, 0, 0, 0
	for _, l := range q.Lines {
		q.Subtotal += l.Amount + l.Discount
		q.Discount += l.Discount
		q.Tax += l.Tax
		q.Cost += l.Cost
	}
	q.Total = q.Subtotal - q.Discount + q.Tax
	q.Margin = q.Subtotal - q.Discount - q.Cost
	if q.Subtotal < 0 || q.Cost < 0 || q.Total < q.Subtotal-q.Discount {
		return money.ErrOverflow
	}
	var err error
	q.MarginPct, err = marginPct(q.Margin, q.Subtotal-q.Discount)
	return err
}
