package inventory

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// docPage is a stock document's page: the new/edit form of a draft, or
// the document with its lines and the actions its status allows.
type docPage struct {
	Flash     string
	ListHref  string
	ListLabel string // catalog key
	Title     string
	Status    string // catalog text of the status ("" on the new page)
	Badge     string // badge variant
	Alert     string // why the last action failed
	Notes     []string
	Warn      string
	Info      []infoItem
	Actions   []docAction
	Cols      []string // catalog keys of the line table's columns
	Rows      [][]string
	// A draft's form: header fields and editable lines.
	Form          *adminui.Form
	Edit          []lineEdit
	ProductSource string
	QtyHint       string // catalog key under the quantity column
	Count         *countEntry
}

type infoItem struct{ Label, Text string }

// docAction is a button that posts an action at the page's version.
type docAction struct {
	Name, Label, Path string
	Version           int
	Primary, Danger   bool
	Confirm           string // already translated
	Comment           bool   // asks for a comment (a rejection)
}

// lineEdit is one editable line of a draft.
type lineEdit struct {
	N                 int
	ProductID, Label  string
	Qty               string
	ProductErr, QtyEr string
}

// blankLines are the empty rows a draft's form offers for new lines.
const blankLines = 5

// statusText is a status's label and badge.
func (u *ui) statusText(r *http.Request, status string) (string, string) {
	badge := map[string]string{StatusDraft: "muted", StatusInTransit: "info", StatusPending: "warn", StatusCounting: "info",
		StatusReceived: "ok", StatusApproved: "ok", StatusPosted: "ok", StatusCancelled: "muted"}[status]
	return u.ui.T(r, "inventory.status."+status), badge
}

// statusFilter is a list's status select.
func (u *ui) statusFilter(r *http.Request, statuses ...string) adminui.Filter {
	f := adminui.Filter{Name: "status", Label: "inventory.status", Type: "select",
		Options: []adminui.Option{{Value: "", Label: u.ui.T(r, "list.all")}}}
	for _, s := range statuses {
		f.Options = append(f.Options, adminui.Option{Value: s, Label: u.ui.T(r, "inventory.status."+s)})
	}
	return f
}

// docQuery reads a list's status and cursor.
func docQuery(r *http.Request) (DocQuery, url.Values) {
	q := r.URL.Query()
	before, _ := strconv.ParseInt(q.Get("cursor"), 10, 64)
	return DocQuery{Status: q.Get("status"), Before: before, Limit: 50}, kept(q, "status")
}

// formLines reads a draft form's lines (parallel product_id and qty
// fields; a row with neither is skipped) and the rows to show again.
func formLines(r *http.Request) ([]LineInput, []lineEdit, error) {
	_ = r.ParseForm()
	ids, labels, qtys := r.PostForm["product_id"], r.PostForm["product_id_label"], r.PostForm["qty"]
	var lines []LineInput
	var edits []lineEdit
	var c errs.Collector
	for i := range ids {
		label, qty := at(labels, i), strings.TrimSpace(at(qtys, i))
		if strings.TrimSpace(ids[i]) == "" && qty == "" && strings.TrimSpace(label) == "" {
			continue
		}
		n := len(lines)
		id, _ := strconv.ParseInt(ids[i], 10, 64)
		var q Qty
		if qty != "" {
			var err error
			if q, err = parseQty(qty); err != nil {
				c.Add(fmt.Sprintf("lines[%d].qty", n), "field.invalid")
			}
		}
		lines = append(lines, LineInput{ProductID: id, Qty: q})
		edits = append(edits, lineEdit{N: n, ProductID: ids[i], Label: label, Qty: qty})
	}
	return lines, edits, c.Err()
}

func at(xs []string, i int) string {
	if i < len(xs) {
		return xs[i]
	}
	return ""
}

// editRows are a draft's stored lines as form rows, with blanks after.
func editRows(lines []DocLine, names map[int64]records.Titled) []lineEdit {
	out := make([]lineEdit, len(lines))
	for i, l := range lines {
		out[i] = lineEdit{N: i, ProductID: strconv.FormatInt(l.ProductID, 10), Label: records.TitleOf(names, l.ProductID), Qty: formatQty(l.Qty)}
	}
	return out
}

// withBlanks numbers the rows and adds empty ones for new lines.
func withBlanks(rows []lineEdit) []lineEdit {
	for i := 0; i < blankLines; i++ {
		rows = append(rows, lineEdit{})
	}
	for i := range rows {
		rows[i].N = i
	}
	return rows
}

// fail spreads a failed action or save over the page: field errors of
// lines under their rows, header fields under the form, the rest in the
// alert.
func (u *ui) fail(r *http.Request, pg *docPage, err error) int {
	p := u.ui.Problem(r, err)
	pg.Alert = p.Detail
	for _, fe := range p.Errors {
		var n int
		var name string
		if _, e := fmt.Sscanf(fe.Field, "lines[%d].%s", &n, &name); e == nil && n < len(pg.Edit) {
			if name == "qty" {
				pg.Edit[n].QtyEr = fe.Message
			} else {
				pg.Edit[n].ProductErr = fe.Message
			}
			continue
		}
		if pg.Form != nil && pg.Form.Has(fe.Field) {
			pg.Form.Errors[fe.Field] = fe.Message
			continue
		}
		pg.Notes = append(pg.Notes, fe.Message)
	}
	return p.Status
}

// version is the version a page's form posted.
func version(r *http.Request) int {
	v, _ := strconv.Atoi(r.PostFormValue("version"))
	return v
}

// pathID is the document id of the path ({id}); 0 when it is not a number
// (the service answers not found).
func pathID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id
}

// warehouseOptions are the warehouses of a form's select.
func (u *ui) warehouseOptions(r *http.Request) ([]adminui.Option, map[int64]records.Titled, error) {
	ws, err := u.svc.master.WarehouseChoices(r.Context(), web.ScopeFrom(r.Context()))
	opts := []adminui.Option{{Value: "", Label: "—"}}
	names := map[int64]records.Titled{}
	for _, w := range ws {
		opts = append(opts, adminui.Option{Value: strconv.FormatInt(w.ID, 10), Label: w.Code + " " + w.Name})
		names[w.ID] = w
	}
	return opts, names, err
}

// productNames are the titles of the lines' products.
func (u *ui) productNames(r *http.Request, lines []DocLine) (map[int64]records.Titled, error) {
	ids := make([]int64, len(lines))
	for i, l := range lines {
		ids[i] = l.ProductID
	}
	return u.svc.master.Titles(r.Context(), web.ScopeFrom(r.Context()), "products", ids)
}

// formInt reads a form's id field (0 when empty or not a number).
func formInt(f *adminui.Form, name string) int64 {
	v, _ := strconv.ParseInt(f.V(name), 10, 64)
	return v
}

const productSource = "/md/products/options?from=product_id_label"

// docAct is the handler of a stock document's action button: act, then
// back to the document (base/{id}) with the flash "flash.inventory.<name>",
// or the document's page again with the reason when it was refused.
func (u *ui) docAct(name, title, menu, base string, act func(r *http.Request, sc tenant.Scope, id int64, version int) error,
	page func(r *http.Request, sc tenant.Scope, id int64) (*docPage, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		id, sc := pathID(r), web.ScopeFrom(r.Context())
		if err := act(r, sc, id, version(r)); err != nil {
			pg, perr := page(r, sc, id)
			if perr != nil {
				u.srv.Fail(w, r, perr)
				return
			}
			u.renderDoc(w, r, u.fail(r, pg, err), title, menu, pg)
			return
		}
		u.ui.SetFlash(w, "flash.inventory."+name)
		adminui.Redirect(w, r, fmt.Sprintf("%s/%d", base, id))
	}
}
