package purchasing

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// formLine is one line row of the order form as the user typed it.
type formLine struct {
	ProductID, ProductLabel, Unit, Qty, Price, TaxRate string
	Errs                                               map[string]string
}

type formPage struct {
	Form   *adminui.Form
	Lines  []formLine
	Title  string // catalog key
	Number string // editing: the order's number
	Back   string
	Blank  formLine // the row "add line" copies
}

// headerFields are the order form's fields besides the lines.
func (u *ui) headerFields(r *http.Request) ([]adminui.Field, error) {
	whs, err := u.warehouseOptions(r, false)
	if err != nil {
		return nil, err
	}
	return []adminui.Field{
		{Name: "supplier_id", Label: "purchasing.supplier", Type: "ref", Required: true,
			Source: "/md/suppliers/options?from=supplier_id_label", Placeholder: u.ui.T(r, "purchasing.type_to_search")},
		{Name: "warehouse_id", Label: "purchasing.warehouse", Type: "select", Required: true, Options: whs},
		{Name: "order_date", Label: "purchasing.order_date", Type: "date"},
		{Name: "expected_date", Label: "purchasing.expected_date", Type: "date"},
		{Name: "notes", Label: "purchasing.notes", Type: "textarea", Wide: true},
	}, nil
}

func (u *ui) newForm(w http.ResponseWriter, r *http.Request) {
	fields, err := u.headerFields(r)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	f := adminui.NewForm("po-form", "/purchasing/orders", fields...)
	u.renderForm(w, r, http.StatusOK, &formPage{Form: f, Lines: []formLine{{}}, Title: "purchasing.new", Back: "/purchasing/orders"})
}

func (u *ui) editForm(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	sc := web.ScopeFrom(r.Context())
	o, err := u.svc.Get(r.Context(), sc, id)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	fields, err := u.headerFields(r)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	f := adminui.NewForm("po-form", fmt.Sprintf("/purchasing/orders/%d", id), fields...)
	f.Version = o.Version
	sup, _, err := u.names(r.Context(), sc, []Order{o})
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	f.Set("supplier_id", strconv.FormatInt(o.SupplierID, 10))
	f.Set("supplier_id_label", records.TitleOf(sup, o.SupplierID))
	f.Set("warehouse_id", strconv.FormatInt(o.WarehouseID, 10))
	f.Set("order_date", o.OrderDate)
	f.Set("expected_date", o.ExpectedDate)
	f.Set("notes", o.Notes)
	prods, err := u.productNames(r, o.Lines)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	var lines []formLine
	for _, l := range o.Lines {
		lines = append(lines, formLine{ProductID: strconv.FormatInt(l.ProductID, 10), ProductLabel: records.TitleOf(prods, l.ProductID), Unit: l.Unit,
			Qty: money.FromScaled(l.Qty).Decimal().Trim(0).String(), Price: money.FromScaled(l.Price).String(),
			TaxRate: money.FromScaled(l.TaxRate).Decimal().Trim(0).String()})
	}
	u.renderForm(w, r, http.StatusOK, &formPage{Form: f, Lines: lines, Title: "purchasing.edit", Number: o.Number,
		Back: fmt.Sprintf("/purchasing/orders/%d", id)})
}

func (u *ui) renderForm(w http.ResponseWriter, r *http.Request, status int, p *formPage) {
	u.ui.PageOr(w, r, status, "purchasing/form.html", "po-form", p.Title, "purchasing-orders", p)
}

// bind reads the posted form: the header fields and the line rows (rows
// left entirely empty are dropped, so indexes in errors match the rows
// drawn again).
func (u *ui) bind(r *http.Request, f *adminui.Form) (OrderInput, []formLine) {
	f.Bind(r)
	in := OrderInput{OrderDate: f.V("order_date"), ExpectedDate: f.V("expected_date"), Notes: f.V("notes"), Version: f.Version}
	in.SupplierID, _ = strconv.ParseInt(f.V("supplier_id"), 10, 64)
	in.WarehouseID, _ = strconv.ParseInt(f.V("warehouse_id"), 10, 64)
	var lines []formLine
	for _, row := range adminui.FormRows(r.PostForm, lineFields, lineKeys) {
		l := formLine{ProductID: row["line_product_id"], ProductLabel: row["line_product_id_label"], Unit: row["line_unit"],
			Qty: row["line_qty"], Price: row["line_price"], TaxRate: row["line_tax_rate"],
			Errs: map[string]string{}}
		pid, _ := strconv.ParseInt(l.ProductID, 10, 64)
		in.Lines = append(in.Lines, LineInput{ProductID: pid, Unit: l.Unit, Qty: l.Qty, Price: l.Price,
			TaxRate: l.TaxRate})
		lines = append(lines, l)
	}
	return in, lines
}

// lineFields are the line editor's inputs; a row with none of lineKeys
// filled is a blank row and is dropped.
var (
	lineFields = []string{"line_product_id", "line_product_id_label", "line_unit", "line_qty", "line_price", "line_tax_rate"}
	lineKeys   = []string{"line_product_id", "line_product_id_label", "line_qty", "line_price"}
)

// fail shows a refused save: line errors in their row and column, the
// rest on the form.
func (u *ui) fail(w http.ResponseWriter, r *http.Request, p *formPage, err error) {
	prob := u.ui.Problem(r, err)
	p.Lines = adminui.FailLines(prob, p.Form, p.Lines, func(l *formLine, errs map[string]string) { l.Errs = errs })
	u.renderForm(w, r, prob.Status, p)
}

func (u *ui) create(w http.ResponseWriter, r *http.Request) {
	fields, err := u.headerFields(r)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	f := adminui.NewForm("po-form", "/purchasing/orders", fields...)
	in, lines := u.bind(r, f)
	o, err := u.svc.Create(r.Context(), web.ScopeFrom(r.Context()), in)
	if err != nil {
		u.fail(w, r, &formPage{Form: f, Lines: lines, Title: "purchasing.new", Back: "/purchasing/orders"}, err)
		return
	}
	u.ui.SetFlash(w, "flash.saved")
	adminui.Redirect(w, r, fmt.Sprintf("/purchasing/orders/%d", o.ID))
}

func (u *ui) update(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	fields, err := u.headerFields(r)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	back := fmt.Sprintf("/purchasing/orders/%d", id)
	f := adminui.NewForm("po-form", back, fields...)
	in, lines := u.bind(r, f)
	if _, err := u.svc.Update(r.Context(), web.ScopeFrom(r.Context()), id, in); err != nil {
		u.fail(w, r, &formPage{Form: f, Lines: lines, Title: "purchasing.edit", Back: back}, err)
		return
	}
	u.ui.SetFlash(w, "flash.saved")
	adminui.Redirect(w, r, back)
}
