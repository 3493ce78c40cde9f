package sales

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
	ProductID, ProductLabel, Unit, Qty, Price, Discount, TaxRate string
	Errs                                                         map[string]string
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
	handlers, err := u.handlerOptions(r)
	if err != nil {
		return nil, err
	}
	return []adminui.Field{
		{Name: "customer_id", Label: "sales.customer", Type: "ref", Required: true,
			Source: "/md/customers/options?from=customer_id_label", Placeholder: u.ui.T(r, "sales.type_to_search")},
		{Name: "warehouse_id", Label: "sales.warehouse", Type: "select", Required: true, Options: whs},
		{Name: "order_date", Label: "sales.order_date", Type: "date"},
		{Name: "payment_method", Label: "sales.payment_method", Type: "select", Options: u.options(r, "sales.payment_method.", PaymentMethods, false)},
		{Name: "channel", Label: "sales.channel", Type: "select", Options: u.options(r, "sales.channel.", Channels, false)},
		{Name: "handler_id", Label: "sales.handler", Type: "select", Options: handlers},
		{Name: "shipping_address", Label: "sales.shipping_address", Type: "text", Wide: true, Hint: "sales.shipping_address_hint"},
		{Name: "coupon_code", Label: "sales.coupon_code", Type: "text", Hint: "sales.coupon_code_hint"},
		{Name: "notes", Label: "sales.notes", Type: "textarea", Wide: true},
	}, nil
}

func (u *ui) newForm(w http.ResponseWriter, r *http.Request) {
	fields, err := u.headerFields(r)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	f := adminui.NewForm("so-form", "/sales/orders", fields...)
	f.Set("payment_method", "transfer")
	f.Set("channel", "staff")
	u.renderForm(w, r, http.StatusOK, &formPage{Form: f, Lines: []formLine{{}}, Title: "sales.new", Back: "/sales/orders"})
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
	f := adminui.NewForm("so-form", fmt.Sprintf("/sales/orders/%d", id), fields...)
	f.Version = o.Version
	cust, _, err := u.names(r.Context(), sc, []Order{o})
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	f.Set("customer_id", strconv.FormatInt(o.CustomerID, 10))
	f.Set("customer_id_label", records.TitleOf(cust, o.CustomerID))
	f.Set("warehouse_id", strconv.FormatInt(o.WarehouseID, 10))
	f.Set("order_date", o.OrderDate)
	f.Set("payment_method", o.PaymentMethod)
	f.Set("channel", o.Channel)
	if o.HandlerID != nil {
		f.Set("handler_id", strconv.FormatInt(*o.HandlerID, 10))
	}
	f.Set("shipping_address", o.ShippingAddress)
	f.Set("notes", o.Notes)
	f.Set("coupon_code", o.CouponCode)
	prods, err := u.productNames(r, o.Lines)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	var lines []formLine
	for _, l := range o.Lines {
		lines = append(lines, formLine{ProductID: strconv.FormatInt(l.ProductID, 10), ProductLabel: records.TitleOf(prods, l.ProductID), Unit: l.Unit,
			Qty: money.FromScaled(l.Qty).Decimal().Trim(0).String(), Price: money.FromScaled(l.Price).String(),
			Discount: trimmed(l.DiscountPct), TaxRate: trimmed(l.TaxRate)})
	}
	u.renderForm(w, r, http.StatusOK, &formPage{Form: f, Lines: lines, Title: "sales.edit", Number: o.Number,
		Back: fmt.Sprintf("/sales/orders/%d", id)})
}

func trimmed(v int64) string { return money.FromScaled(v).Decimal().Trim(0).String() }

func (u *ui) renderForm(w http.ResponseWriter, r *http.Request, status int, p *formPage) {
	u.ui.PageOr(w, r, status, "sales/form.html", "so-form", p.Title, "sales-orders", p)
}

// bind reads the posted form: the header fields and the line rows (rows
// left entirely empty are dropped, so indexes in errors match the rows
// drawn again).
func (u *ui) bind(r *http.Request, f *adminui.Form) (OrderInput, []formLine) {
	f.Bind(r)
	in := OrderInput{OrderDate: f.V("order_date"), PaymentMethod: f.V("payment_method"), Channel: f.V("channel"),
		ShippingAddress: f.V("shipping_address"), Notes: f.V("notes"), Version: f.Version}
	in.CustomerID, _ = strconv.ParseInt(f.V("customer_id"), 10, 64)
	in.WarehouseID, _ = strconv.ParseInt(f.V("warehouse_id"), 10, 64)
	in.HandlerID, _ = strconv.ParseInt(f.V("handler_id"), 10, 64)
	in.CouponCode = f.V("coupon_code")
	var lines []formLine
	for _, row := range adminui.FormRows(r.PostForm, lineFields, lineKeys) {
		l := formLine{ProductID: row["line_product_id"], ProductLabel: row["line_product_id_label"], Unit: row["line_unit"],
			Qty: row["line_qty"], Price: row["line_price"], Discount: row["line_discount"], TaxRate: row["line_tax_rate"],
			Errs: map[string]string{}}
		pid, _ := strconv.ParseInt(l.ProductID, 10, 64)
		in.Lines = append(in.Lines, LineInput{ProductID: pid, Unit: l.Unit, Qty: l.Qty, Price: l.Price, Discount: l.Discount,
			TaxRate: l.TaxRate})
		lines = append(lines, l)
	}
	return in, lines
}

// lineFields are the line editor's inputs; a row with none of lineKeys
// filled is a blank row and is dropped.
var (
	lineFields = []string{"line_product_id", "line_product_id_label", "line_unit", "line_qty", "line_price", "line_discount", "line_tax_rate"}
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
	f := adminui.NewForm("so-form", "/sales/orders", fields...)
	in, lines := u.bind(r, f)
	o, err := u.svc.Create(r.Context(), web.ScopeFrom(r.Context()), in)
	if err != nil {
		u.fail(w, r, &formPage{Form: f, Lines: lines, Title: "sales.new", Back: "/sales/orders"}, err)
		return
	}
	u.ui.SetFlash(w, "flash.saved")
	adminui.Redirect(w, r, fmt.Sprintf("/sales/orders/%d", o.ID))
}

func (u *ui) update(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	fields, err := u.headerFields(r)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	back := fmt.Sprintf("/sales/orders/%d", id)
	f := adminui.NewForm("so-form", back, fields...)
	in, lines := u.bind(r, f)
	if _, err := u.svc.Update(r.Context(), web.ScopeFrom(r.Context()), id, in); err != nil {
		u.fail(w, r, &formPage{Form: f, Lines: lines, Title: "sales.edit", Back: back}, err)
		return
	}
	u.ui.SetFlash(w, "flash.saved")
	adminui.Redirect(w, r, back)
}
