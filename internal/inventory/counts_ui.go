package inventory

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// countEntry is a count sheet's entry section: the scan field and the
// lines with their counted quantities.
type countEntry struct {
	CanEnter            bool
	ScanPath, EnterPath string
	ScanErr, Scanned    string
	Lines               []countView
}

// countView is one line of a count sheet as the page shows it.
type countView struct {
	ID, ProductID                      int64
	Product, Expected, OnHand, Counted string
	Diff                               string
	Moved, Focus                       bool
}

// countRoutes adds the count pages (盘点单).
func (u *ui) countRoutes() {
	p := func(a tenant.Action) tenant.Perm { return tenant.P(Module, a) }
	u.srv.Handle("GET /inventory/counts", web.Perm, p(tenant.View), u.counts)
	u.srv.Handle("GET /inventory/counts/new", web.Perm, p(tenant.Create), u.countNew)
	u.srv.Handle("POST /inventory/counts", web.Perm, p(tenant.Create), u.countCreate)
	u.srv.Handle("GET /inventory/counts/{id}", web.Perm, p(tenant.View), u.countPage)
	u.srv.Handle("POST /inventory/counts/{id}/enter", web.Perm, p(tenant.Edit), u.countEnter)
	u.srv.Handle("POST /inventory/counts/{id}/scan", web.Perm, p(tenant.Edit), u.countScan)
	u.srv.Handle("POST /inventory/counts/{id}/post", web.Perm, p(tenant.Edit), u.countAct("post", u.svc.PostCount))
	u.srv.Handle("POST /inventory/counts/{id}/cancel", web.Perm, p(tenant.Edit), u.countAct("cancel", u.svc.CancelCount))
}

func (u *ui) counts(w http.ResponseWriter, r *http.Request) {
	sc := web.ScopeFrom(r.Context())
	dq, vals := docQuery(r)
	cs, err := u.svc.Counts(r.Context(), sc, dq)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	_, wnames, err := u.warehouseOptions(r)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	l := &adminui.ListView{ID: "counts", Path: "/inventory/counts", Values: vals, Total: -1, Empty: "inventory.docs_empty",
		Filters: []adminui.Filter{u.statusFilter(r, StatusDraft, StatusCounting, StatusPosted, StatusCancelled)},
		Columns: []adminui.Column{{Key: "number", Label: "inventory.number"}, {Key: "status", Label: "inventory.status"},
			{Key: "warehouse", Label: "inventory.warehouse"}, {Key: "created_at", Label: "inventory.created_at"}}}
	if len(cs) == dq.Limit {
		l.Next = strconv.FormatInt(cs[len(cs)-1].ID, 10)
	}
	for _, c := range cs {
		text, badge := u.statusText(r, c.Status)
		l.AddRow(strconv.FormatInt(c.ID, 10), c.Status == StatusCancelled,
			adminui.Cell{Text: c.Number, Href: fmt.Sprintf("/inventory/counts/%d", c.ID), Mono: true},
			adminui.Cell{Text: text, Badge: badge}, adminui.Cell{Text: records.TitleOf(wnames, c.WarehouseID)},
			adminui.Cell{Text: i18n.FormatDateTime(lang(r), c.CreatedAt)})
	}
	pg := &listPage{Title: "inventory.counts", List: l, Flash: u.ui.TakeFlash(w, r)}
	if sc.Can(tenant.P(Module, tenant.Create)) {
		pg.New, pg.NewLabel = "/inventory/counts/new", "inventory.count.new"
	}
	u.ui.PageOr(w, r, http.StatusOK, "inventory/list.html", "list-area", "inventory.counts", "inventory-counts", pg)
}

func (u *ui) countForm(r *http.Request) (*adminui.Form, error) {
	opts, _, err := u.warehouseOptions(r)
	if err != nil {
		return nil, err
	}
	cats, err := u.svc.master.CategoryChoices(r.Context(), web.ScopeFrom(r.Context()))
	copts := []adminui.Option{{Value: "", Label: u.ui.T(r, "inventory.count.all_categories")}}
	for _, c := range cats {
		copts = append(copts, adminui.Option{Value: strconv.FormatInt(c.ID, 10), Label: c.Code + " " + c.Name})
	}
	return adminui.NewForm("count", "/inventory/counts",
		adminui.Field{Name: "warehouse_id", Label: "inventory.warehouse", Type: "select", Required: true, Options: opts},
		adminui.Field{Name: "category_id", Label: "inventory.count.category", Type: "select", Options: copts},
		adminui.Field{Name: "note", Label: "inventory.note", Type: "textarea", Wide: true}), err
}

func (u *ui) countNew(w http.ResponseWriter, r *http.Request) {
	f, err := u.countForm(r)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	u.renderDoc(w, r, http.StatusOK, "inventory.count.new", "inventory-counts", &docPage{ListHref: "/inventory/counts",
		ListLabel: "inventory.counts", Title: u.ui.T(r, "inventory.count.new"), Form: f, QtyHint: "inventory.count.new_hint"})
}

func (u *ui) countCreate(w http.ResponseWriter, r *http.Request) {
	f, err := u.countForm(r)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	f.Bind(r)
	c, err := u.svc.CreateCount(r.Context(), web.ScopeFrom(r.Context()), CountInput{WarehouseID: formInt(f, "warehouse_id"),
		CategoryID: formInt(f, "category_id"), Note: f.V("note")})
	if err != nil {
		pg := &docPage{ListHref: "/inventory/counts", ListLabel: "inventory.counts", Title: u.ui.T(r, "inventory.count.new"), Form: f}
		u.renderDoc(w, r, u.fail(r, pg, err), "inventory.count.new", "inventory-counts", pg)
		return
	}
	u.ui.SetFlash(w, "flash.inventory.saved")
	adminui.Redirect(w, r, fmt.Sprintf("/inventory/counts/%d", c.ID))
}

func (u *ui) countPage(w http.ResponseWriter, r *http.Request) {
	focus, _ := strconv.ParseInt(r.URL.Query().Get("scanned"), 10, 64)
	u.showCount(w, r, http.StatusOK, nil, "", focus)
}

// showCount draws a sheet; err is a failed action's, scanErr a failed
// scan's message, focus the line just scanned.
func (u *ui) showCount(w http.ResponseWriter, r *http.Request, status int, err error, scanErr string, focus int64) {
	sc := web.ScopeFrom(r.Context())
	c, cerr := u.svc.Count(r.Context(), sc, pathID(r))
	if cerr != nil {
		u.srv.Fail(w, r, cerr)
		return
	}
	pg, perr := u.countView(r, c, focus)
	if perr != nil {
		u.srv.Fail(w, r, perr)
		return
	}
	pg.Count.ScanErr = scanErr
	if err != nil {
		status = u.fail(r, pg, err)
	}
	if status == http.StatusOK {
		pg.Flash = u.ui.TakeFlash(w, r)
	}
	u.renderDoc(w, r, status, "inventory.count", "inventory-counts", pg)
}

func (u *ui) countEnter(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	ids, counted := r.PostForm["line_id"], r.PostForm["counted"]
	var entries []CountEntry
	var c errs.Collector
	for i, s := range ids {
		id, _ := strconv.ParseInt(s, 10, 64)
		e := CountEntry{LineID: id}
		if v := strings.TrimSpace(at(counted, i)); v != "" {
			q, err := parseQty(v)
			if err != nil {
				c.Add(fmt.Sprintf("lines[%d].counted", i), "field.invalid")
			}
			e.Counted = &q
		}
		entries = append(entries, e)
	}
	err := c.Err()
	if err == nil {
		_, err = u.svc.EnterCounts(r.Context(), web.ScopeFrom(r.Context()), pathID(r), entries)
	}
	if err != nil {
		u.showCount(w, r, 0, err, "", 0)
		return
	}
	u.ui.SetFlash(w, "flash.inventory.counts")
	adminui.Redirect(w, r, fmt.Sprintf("/inventory/counts/%d", pathID(r)))
}

// countScan counts one unit of the scanned barcode and comes back to the
// scan field for the next one; an unknown barcode shows under the field.
func (u *ui) countScan(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	l, err := u.svc.ScanCount(r.Context(), web.ScopeFrom(r.Context()), pathID(r), r.PostFormValue("barcode"))
	if err != nil {
		p := u.ui.Problem(r, err)
		if len(p.Errors) == 1 && p.Errors[0].Field == "barcode" {
			u.showCount(w, r, p.Status, nil, p.Errors[0].Message, 0)
			return
		}
		u.showCount(w, r, 0, err, "", 0)
		return
	}
	adminui.Redirect(w, r, fmt.Sprintf("/inventory/counts/%d?scanned=%d", pathID(r), l.ID))
}

func (u *ui) countAct(name string, fn func(context.Context, tenant.Scope, int64, int) (Count, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		if _, err := fn(r.Context(), web.ScopeFrom(r.Context()), pathID(r), version(r)); err != nil {
			u.showCount(w, r, 0, err, "", 0)
			return
		}
		u.ui.SetFlash(w, "flash.inventory."+name)
		adminui.Redirect(w, r, fmt.Sprintf("/inventory/counts/%d", pathID(r)))
	}
}

// countView is a sheet's page: entry while it is open, the booked
// differences once posted, and a warning when stock moved since the sheet
// was made (posting books against the on-hand now).
func (u *ui) countView(r *http.Request, c Count, focus int64) (*docPage, error) {
	sc := web.ScopeFrom(r.Context())
	_, wnames, err := u.warehouseOptions(r)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(c.Lines))
	for i, l := range c.Lines {
		ids[i] = l.ProductID
	}
	pnames, err := u.svc.master.Titles(r.Context(), sc, "products", ids)
	if err != nil {
		return nil, err
	}
	status, badge := u.statusText(r, c.Status)
	pg := &docPage{ListHref: "/inventory/counts", ListLabel: "inventory.counts", Title: c.Number, Status: status, Badge: badge,
		Info: []infoItem{{u.ui.T(r, "inventory.warehouse"), records.TitleOf(wnames, c.WarehouseID)}, {u.ui.T(r, "inventory.note"), c.Note},
			{u.ui.T(r, "inventory.created_at"), i18n.FormatDateTime(lang(r), c.CreatedAt)}}}
	if c.CategoryID != nil {
		cn, err := u.svc.master.Titles(r.Context(), sc, "product_categories", []int64{*c.CategoryID})
		if err != nil {
			return nil, err
		}
		pg.Info = append(pg.Info, infoItem{u.ui.T(r, "inventory.count.category"), records.TitleOf(cn, *c.CategoryID)})
	}
	if c.PostedAt != nil {
		pg.Info = append(pg.Info, infoItem{u.ui.T(r, "inventory.posted_at"), i18n.FormatDateTime(lang(r), *c.PostedAt)})
	}
	open := c.Status == StatusDraft || c.Status == StatusCounting
	edit := sc.Can(tenant.P(Module, tenant.Edit))
	path := fmt.Sprintf("/inventory/counts/%d", c.ID)
	entry := &countEntry{CanEnter: open && edit, ScanPath: path + "/scan", EnterPath: path + "/enter"}
	moved, uncounted := 0, 0
	for _, l := range c.Lines {
		row := countView{ID: l.ID, ProductID: l.ProductID, Product: records.TitleOf(pnames, l.ProductID), Expected: qtyText(r, l.Expected),
			OnHand: qtyText(r, l.OnHand), Moved: open && l.Moved(), Focus: l.ID == focus}
		if l.Booked != nil {
			row.OnHand = qtyText(r, *l.Booked)
		}
		if l.Counted != nil {
			row.Counted = formatQty(*l.Counted)
			if !entry.CanEnter {
				row.Counted = qtyText(r, *l.Counted)
			}
		} else {
			uncounted++
		}
		if d, ok := l.Difference(); ok {
			row.Diff = qtyText(r, d)
		}
		if row.Focus {
			entry.Scanned = u.ui.T(r, "inventory.count.scanned", "Product", row.Product, "Counted", qtyText(r, *l.Counted))
		}
		if row.Moved {
			moved++
		}
		entry.Lines = append(entry.Lines, row)
	}
	pg.Count = entry
	if moved > 0 {
		pg.Warn = u.ui.T(r, "inventory.count.moved_warn", "N", moved)
	}
	if open && edit {
		if c.Status == StatusCounting {
			confirm := u.ui.T(r, "inventory.count.post_confirm")
			if uncounted > 0 {
				confirm = u.ui.T(r, "inventory.count.post_confirm_uncounted", "N", uncounted)
			}
			pg.Actions = append(pg.Actions, docAction{Name: "post", Label: "inventory.action.post", Primary: true, Confirm: confirm})
		}
		pg.Actions = append(pg.Actions, docAction{Name: "cancel", Label: "inventory.action.cancel", Danger: true,
			Confirm: u.ui.T(r, "inventory.cancel_confirm")})
	}
	for i := range pg.Actions {
		pg.Actions[i].Path, pg.Actions[i].Version = path+"/"+pg.Actions[i].Name, c.Version
	}
	return pg, nil
}
