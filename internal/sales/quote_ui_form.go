package sales

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// The quotation form has two line editors: product lines (one table row
// each) and process routes (one row each holding the route's fields and
// its own step and material tables). A route's step and material inputs
// carry the route's key in their names ("step_r0_hours"), so the rows of
// each route are read back apart; new routes get a fresh key from the
// row template ("__N__" made unique by app.js).

type quoteFormLine struct {
	ProductID, ProductLabel, Unit, Qty, Price, Discount, TaxRate, UnitCost string
	Errs                                                                   map[string]string
}

type quoteFormStep struct {
	Name, Hours, Rate string
	Errs              map[string]string
}

type quoteFormMaterial struct {
	ProductID, ProductLabel, Qty, UnitCost string
	Errs                                   map[string]string
}

type quoteFormRoute struct {
	Key                                                                               string
	ProductID, ProductLabel, Description, Unit, Qty, Price, Markup, Discount, TaxRate string
	Steps                                                                             []quoteFormStep
	Materials                                                                         []quoteFormMaterial
	Errs                                                                              map[string]string
}

type quoteFormPage struct {
	Form     *adminui.Form
	Lines    []quoteFormLine
	Routes   []quoteFormRoute
	Title    string // catalog key
	Number   string
	Back     string
	Blank    quoteFormLine
	NewRoute quoteFormRoute // the route row template: key __N__, one blank step and material
	// The rows "add step" and "add material" copy.
	BlankStep     quoteFormStep
	BlankMaterial quoteFormMaterial
}

func (u *ui) quoteFields(r *http.Request) ([]adminui.Field, error) {
	whs, err := u.warehouseOptions(r, false)
	if err != nil {
		return nil, err
	}
	whs = append([]adminui.Option{{Value: "", Label: u.ui.T(r, "sales.quote.no_warehouse")}}, whs...)
	return []adminui.Field{
		{Name: "customer_id", Label: "sales.customer", Type: "ref", Required: true,
			Source: "/md/customers/options?from=customer_id_label", Placeholder: u.ui.T(r, "sales.type_to_search")},
		{Name: "warehouse_id", Label: "sales.warehouse", Type: "select", Options: whs, Hint: "sales.quote.warehouse_hint"},
		{Name: "quote_date", Label: "sales.quote.date", Type: "date"},
		{Name: "valid_until", Label: "sales.quote.valid_until", Type: "date", Hint: "sales.quote.valid_until_hint"},
		{Name: "notes", Label: "sales.notes", Type: "textarea", Wide: true},
	}, nil
}

func newRouteRow() quoteFormRoute {
	return quoteFormRoute{Key: "__N__", Steps: []quoteFormStep{{}}, Materials: []quoteFormMaterial{{}}}
}

func (u *ui) renderQuoteForm(w http.ResponseWriter, r *http.Request, status int, p *quoteFormPage) {
	p.NewRoute = newRouteRow()
	if len(p.Lines) == 0 && len(p.Routes) == 0 {
		p.Lines = []quoteFormLine{{}}
	}
	u.ui.PageOr(w, r, status, "sales/quote_form.html", "quote-form", p.Title, "sales-quotes", p)
}

func (u *ui) quoteNew(w http.ResponseWriter, r *http.Request) {
	fields, err := u.quoteFields(r)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	f := adminui.NewForm("quote-form", "/sales/quotes", fields...)
	u.renderQuoteForm(w, r, http.StatusOK, &quoteFormPage{Form: f, Title: "sales.quote.new", Back: "/sales/quotes"})
}

func dec(v int64) string { return money.FromScaled(v).Decimal().Trim(0).String() }

func (u *ui) quoteEdit(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	sc := web.ScopeFrom(r.Context())
	q, err := u.svc.GetQuote(r.Context(), sc, id)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	fields, err := u.quoteFields(r)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	back := fmt.Sprintf("/sales/quotes/%d", id)
	f := adminui.NewForm("quote-form", back, fields...)
	f.Version = q.Version
	cust, err := u.svc.master.Titles(r.Context(), sc, "customers", []int64{q.CustomerID})
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	f.Set("customer_id", strconv.FormatInt(q.CustomerID, 10))
	f.Set("customer_id_label", records.TitleOf(cust, q.CustomerID))
	if q.WarehouseID != nil {
		f.Set("warehouse_id", strconv.FormatInt(*q.WarehouseID, 10))
	}
	f.Set("quote_date", q.QuoteDate)
	f.Set("valid_until", q.ValidUntil)
	f.Set("notes", q.Notes)
	var ids []int64
	for _, l := range q.Lines {
		ids = append(ids, l.ProductID)
		for _, m := range l.Materials {
			ids = append(ids, m.ProductID)
		}
	}
	prods, err := u.productTitles(r, ids)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	p := &quoteFormPage{Form: f, Title: "sales.quote.edit", Number: q.Number, Back: back}
	for _, l := range q.Lines {
		id := strconv.FormatInt(l.ProductID, 10)
		if l.Kind == KindProduct {
			p.Lines = append(p.Lines, quoteFormLine{ProductID: id, ProductLabel: records.TitleOf(prods, l.ProductID), Unit: l.Unit, Qty: dec(l.Qty),
				Price: money.FromScaled(l.Price).String(), Discount: dec(l.DiscountPct), TaxRate: dec(l.TaxRate), UnitCost: dec(l.UnitCost)})
			continue
		}
		rt := quoteFormRoute{Key: fmt.Sprintf("r%d", len(p.Routes)), ProductID: id, ProductLabel: records.TitleOf(prods, l.ProductID),
			Description: l.Description, Unit: l.Unit, Qty: dec(l.Qty), Discount: dec(l.DiscountPct), TaxRate: dec(l.TaxRate)}
		if l.MarkupPct != nil {
			rt.Markup = dec(*l.MarkupPct)
		} else {
			rt.Price = money.FromScaled(l.Price).String()
		}
		for _, st := range l.Steps {
			rt.Steps = append(rt.Steps, quoteFormStep{Name: st.Name, Hours: dec(st.Hours), Rate: dec(st.Rate)})
		}
		for _, m := range l.Materials {
			rt.Materials = append(rt.Materials, quoteFormMaterial{ProductID: strconv.FormatInt(m.ProductID, 10),
				ProductLabel: records.TitleOf(prods, m.ProductID), Qty: dec(m.Qty), UnitCost: dec(m.UnitCost)})
		}
		p.Routes = append(p.Routes, rt)
	}
	u.renderQuoteForm(w, r, http.StatusOK, p)
}

var (
	quoteLineFields  = []string{"line_product_id", "line_product_id_label", "line_unit", "line_qty", "line_price", "line_discount", "line_tax_rate", "line_unit_cost"}
	quoteLineKeys    = []string{"line_product_id", "line_product_id_label", "line_qty", "line_price"}
	quoteRouteFields = []string{"route_key", "route_product_id", "route_product_id_label", "route_description", "route_unit", "route_qty",
		"route_price", "route_markup", "route_discount", "route_tax_rate"}
	quoteRouteKeys = []string{"route_product_id", "route_product_id_label", "route_description", "route_qty", "route_price", "route_markup"}
	// routeKey is what a route's key may be: "r0" drawn by the server,
	// "n3" made by the row template.
	routeKey = regexp.MustCompile(`^[a-z]\d{1,6}$`)
)

// bindQuote reads the posted form: header, product lines, then routes
// (in that order in the input, so lines[i] errors map back to the rows).
func (u *ui) bindQuote(r *http.Request, f *adminui.Form) (QuoteInput, []quoteFormLine, []quoteFormRoute) {
	f.Bind(r)
	in := QuoteInput{QuoteDate: f.V("quote_date"), ValidUntil: f.V("valid_until"), Notes: f.V("notes"), Version: f.Version}
	in.CustomerID, _ = strconv.ParseInt(f.V("customer_id"), 10, 64)
	in.WarehouseID, _ = strconv.ParseInt(f.V("warehouse_id"), 10, 64)
	var lines []quoteFormLine
	for _, row := range adminui.FormRows(r.PostForm, quoteLineFields, quoteLineKeys) {
		l := quoteFormLine{ProductID: row["line_product_id"], ProductLabel: row["line_product_id_label"], Unit: row["line_unit"],
			Qty: row["line_qty"], Price: row["line_price"], Discount: row["line_discount"], TaxRate: row["line_tax_rate"],
			UnitCost: row["line_unit_cost"]}
		pid, _ := strconv.ParseInt(l.ProductID, 10, 64)
		in.Lines = append(in.Lines, QuoteLineInput{Kind: KindProduct, ProductID: pid, Unit: l.Unit, Qty: l.Qty, Price: l.Price,
			Discount: l.Discount, TaxRate: l.TaxRate, UnitCost: l.UnitCost})
		lines = append(lines, l)
	}
	var routes []quoteFormRoute
	for _, row := range adminui.FormRows(r.PostForm, quoteRouteFields, quoteRouteKeys) {
		key := row["route_key"]
		if !routeKey.MatchString(key) {
			continue
		}
		rt := quoteFormRoute{Key: key, ProductID: row["route_product_id"], ProductLabel: row["route_product_id_label"],
			Description: row["route_description"], Unit: row["route_unit"], Qty: row["route_qty"], Price: row["route_price"],
			Markup: row["route_markup"], Discount: row["route_discount"], TaxRate: row["route_tax_rate"]}
		pid, _ := strconv.ParseInt(rt.ProductID, 10, 64)
		li := QuoteLineInput{Kind: KindRoute, ProductID: pid, Description: rt.Description, Unit: rt.Unit, Qty: rt.Qty, Price: rt.Price,
			Markup: rt.Markup, Discount: rt.Discount, TaxRate: rt.TaxRate}
		rt.Steps, li.Steps = bindSteps(r.PostForm, key)
		rt.Materials, li.Materials = bindMaterials(r.PostForm, key)
		in.Lines = append(in.Lines, li)
		routes = append(routes, rt)
	}
	return in, lines, routes
}

func bindSteps(form url.Values, key string) ([]quoteFormStep, []QuoteStepInput) {
	n := func(s string) string { return "step_" + key + "_" + s }
	names := []string{n("name"), n("hours"), n("rate")}
	var rows []quoteFormStep
	var in []QuoteStepInput
	for _, row := range adminui.FormRows(form, names, names) {
		st := quoteFormStep{Name: row[n("name")], Hours: row[n("hours")], Rate: row[n("rate")]}
		rows, in = append(rows, st), append(in, QuoteStepInput{Name: st.Name, Hours: st.Hours, Rate: st.Rate})
	}
	return rows, in
}

func bindMaterials(form url.Values, key string) ([]quoteFormMaterial, []QuoteMaterialInput) {
	n := func(s string) string { return "mat_" + key + "_" + s }
	names := []string{n("product_id"), n("product_id_label"), n("qty"), n("unit_cost")}
	var rows []quoteFormMaterial
	var in []QuoteMaterialInput
	for _, row := range adminui.FormRows(form, names, names[:3]) {
		m := quoteFormMaterial{ProductID: row[n("product_id")], ProductLabel: row[n("product_id_label")], Qty: row[n("qty")],
			UnitCost: row[n("unit_cost")]}
		pid, _ := strconv.ParseInt(m.ProductID, 10, 64)
		rows, in = append(rows, m), append(in, QuoteMaterialInput{ProductID: pid, Qty: m.Qty, UnitCost: m.UnitCost})
	}
	return rows, in
}

// routePart is a route's own row error: "steps[1].hours".
var routePart = regexp.MustCompile(`^(steps|materials)\[(\d+)\]\.(\w+)$`)

// failQuote shows a refused save: line errors in their row (a route's
// step and material errors in their sub-row), the rest on the form.
func (u *ui) failQuote(w http.ResponseWriter, r *http.Request, p *quoteFormPage, err error) {
	prob := u.ui.Problem(r, err)
	byRow, rest := adminui.LineErrors(prob, len(p.Lines)+len(p.Routes))
	for i, errs := range byRow {
		if i < len(p.Lines) {
			p.Lines[i].Errs = errs
			continue
		}
		rt := &p.Routes[i-len(p.Lines)]
		rt.Errs = map[string]string{}
		for field, msg := range errs {
			m := routePart.FindStringSubmatch(field)
			if m == nil {
				rt.Errs[field] = msg
				continue
			}
			j, _ := strconv.Atoi(m[2])
			switch {
			case m[1] == "steps" && j < len(rt.Steps):
				rt.Steps[j].Errs = merge(rt.Steps[j].Errs, m[3], msg)
			case m[1] == "materials" && j < len(rt.Materials):
				rt.Materials[j].Errs = merge(rt.Materials[j].Errs, m[3], msg)
			default:
				rt.Errs[m[1]] = msg
			}
		}
	}
	p.Form.Fail(rest, nil)
	u.renderQuoteForm(w, r, prob.Status, p)
}

func merge(m map[string]string, k, v string) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	m[k] = v
	return m
}

func (u *ui) quoteCreate(w http.ResponseWriter, r *http.Request) {
	fields, err := u.quoteFields(r)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	f := adminui.NewForm("quote-form", "/sales/quotes", fields...)
	in, lines, routes := u.bindQuote(r, f)
	q, err := u.svc.CreateQuote(r.Context(), web.ScopeFrom(r.Context()), in)
	if err != nil {
		u.failQuote(w, r, &quoteFormPage{Form: f, Lines: lines, Routes: routes, Title: "sales.quote.new", Back: "/sales/quotes"}, err)
		return
	}
	u.ui.SetFlash(w, "flash.saved")
	adminui.Redirect(w, r, fmt.Sprintf("/sales/quotes/%d", q.ID))
}

func (u *ui) quoteUpdate(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	fields, err := u.quoteFields(r)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	back := fmt.Sprintf("/sales/quotes/%d", id)
	f := adminui.NewForm("quote-form", back, fields...)
	in, lines, routes := u.bindQuote(r, f)
	if _, err := u.svc.UpdateQuote(r.Context(), web.ScopeFrom(r.Context()), id, in); err != nil {
		u.failQuote(w, r, &quoteFormPage{Form: f, Lines: lines, Routes: routes, Title: "sales.quote.edit", Back: back}, err)
		return
	}
	u.ui.SetFlash(w, "flash.saved")
	adminui.Redirect(w, r, back)
}
