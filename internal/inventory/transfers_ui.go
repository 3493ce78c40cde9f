package inventory

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// transferRoutes adds the transfer pages (调拨单).
func (u *ui) transferRoutes() {
	p := func(a tenant.Action) tenant.Perm { return tenant.P(Module, a) }
	u.srv.Handle("GET /inventory/transfers", web.Perm, p(tenant.View), u.transfers)
	u.srv.Handle("GET /inventory/transfers/new", web.Perm, p(tenant.Create), u.transferNew)
	u.srv.Handle("POST /inventory/transfers", web.Perm, p(tenant.Create), u.transferCreate)
	u.srv.Handle("GET /inventory/transfers/{id}", web.Perm, p(tenant.View), u.transferPage)
	u.srv.Handle("POST /inventory/transfers/{id}", web.Perm, p(tenant.Edit), u.transferUpdate)
	for name, fn := range map[string]func(*Service) transferAction{
		"ship": func(s *Service) transferAction { return s.ShipTransfer }, "receive": func(s *Service) transferAction { return s.ReceiveTransfer },
		"cancel": func(s *Service) transferAction { return s.CancelTransfer }} {
		u.srv.Handle("POST /inventory/transfers/{id}/"+name, web.Perm, p(tenant.Edit), u.transferAct(name, fn(u.svc)))
	}
}

type transferAction = func(ctx context.Context, sc tenant.Scope, id int64, version int) (Transfer, error)

// transfers is the transfer list with a status filter.
func (u *ui) transfers(w http.ResponseWriter, r *http.Request) {
	sc := web.ScopeFrom(r.Context())
	dq, vals := docQuery(r)
	ts, err := u.svc.Transfers(r.Context(), sc, dq)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	_, wnames, err := u.warehouseOptions(r)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	l := &adminui.ListView{ID: "transfers", Path: "/inventory/transfers", Values: vals, Total: -1, Empty: "inventory.docs_empty",
		Filters: []adminui.Filter{u.statusFilter(r, StatusDraft, StatusInTransit, StatusReceived, StatusCancelled)},
		Columns: []adminui.Column{{Key: "number", Label: "inventory.number"}, {Key: "status", Label: "inventory.status"},
			{Key: "from", Label: "inventory.from_warehouse"}, {Key: "to", Label: "inventory.to_warehouse"},
			{Key: "created_at", Label: "inventory.created_at"}}}
	if len(ts) == dq.Limit {
		l.Next = strconv.FormatInt(ts[len(ts)-1].ID, 10)
	}
	for _, t := range ts {
		text, badge := u.statusText(r, t.Status)
		l.AddRow(strconv.FormatInt(t.ID, 10), t.Status == StatusCancelled,
			adminui.Cell{Text: t.Number, Href: fmt.Sprintf("/inventory/transfers/%d", t.ID), Mono: true},
			adminui.Cell{Text: text, Badge: badge}, adminui.Cell{Text: records.TitleOf(wnames, t.FromWarehouseID)},
			adminui.Cell{Text: records.TitleOf(wnames, t.ToWarehouseID)}, adminui.Cell{Text: i18n.FormatDateTime(lang(r), t.CreatedAt)})
	}
	pg := &listPage{Title: "inventory.transfers", List: l, Flash: u.ui.TakeFlash(w, r)}
	if sc.Can(tenant.P(Module, tenant.Create)) {
		pg.New, pg.NewLabel = "/inventory/transfers/new", "inventory.transfer.new"
	}
	u.ui.PageOr(w, r, http.StatusOK, "inventory/list.html", "list-area", "inventory.transfers", "inventory-transfers", pg)
}

// transferForm is a draft's header form.
func (u *ui) transferForm(r *http.Request, action string) (*adminui.Form, error) {
	opts, _, err := u.warehouseOptions(r)
	f := adminui.NewForm("transfer", action,
		adminui.Field{Name: "from_warehouse_id", Label: "inventory.from_warehouse", Type: "select", Required: true, Options: opts},
		adminui.Field{Name: "to_warehouse_id", Label: "inventory.to_warehouse", Type: "select", Required: true, Options: opts},
		adminui.Field{Name: "note", Label: "inventory.note", Type: "textarea", Wide: true})
	return f, err
}

func (u *ui) transferNew(w http.ResponseWriter, r *http.Request) {
	f, err := u.transferForm(r, "/inventory/transfers")
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	u.renderDoc(w, r, http.StatusOK, "inventory.transfer.new", "inventory-transfers", &docPage{ListHref: "/inventory/transfers",
		ListLabel: "inventory.transfers", Title: u.ui.T(r, "inventory.transfer.new"), Form: f, Edit: withBlanks(nil), ProductSource: productSource})
}

// transferInput reads the form; a quantity that does not parse is
// reported with the service's own errors.
func transferInput(r *http.Request, f *adminui.Form) (TransferInput, []lineEdit, error) {
	f.Bind(r)
	lines, edits, err := formLines(r)
	return TransferInput{FromWarehouseID: formInt(f, "from_warehouse_id"), ToWarehouseID: formInt(f, "to_warehouse_id"),
		Note: f.V("note"), Lines: lines}, edits, err
}

func (u *ui) transferCreate(w http.ResponseWriter, r *http.Request) {
	f, err := u.transferForm(r, "/inventory/transfers")
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	in, edits, err := transferInput(r, f)
	var t Transfer
	if err == nil {
		t, err = u.svc.CreateTransfer(r.Context(), web.ScopeFrom(r.Context()), in)
	}
	if err != nil {
		pg := &docPage{ListHref: "/inventory/transfers", ListLabel: "inventory.transfers", Title: u.ui.T(r, "inventory.transfer.new"),
			Form: f, Edit: withBlanks(edits), ProductSource: productSource}
		u.renderDoc(w, r, u.fail(r, pg, err), "inventory.transfer.new", "inventory-transfers", pg)
		return
	}
	u.ui.SetFlash(w, "flash.inventory.saved")
	adminui.Redirect(w, r, fmt.Sprintf("/inventory/transfers/%d", t.ID))
}

func (u *ui) transferUpdate(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	sc := web.ScopeFrom(r.Context())
	t, err := u.svc.Transfer(r.Context(), sc, id)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	f, err := u.transferForm(r, fmt.Sprintf("/inventory/transfers/%d", id))
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	in, edits, err := transferInput(r, f)
	if err == nil {
		_, err = u.svc.UpdateTransfer(r.Context(), sc, id, f.Version, in)
	}
	if err != nil {
		pg, perr := u.transferView(r, t)
		if perr != nil {
			u.srv.Fail(w, r, perr)
			return
		}
		if pg.Form != nil {
			pg.Form, pg.Edit = f, withBlanks(edits)
		}
		u.renderDoc(w, r, u.fail(r, pg, err), "inventory.transfer", "inventory-transfers", pg)
		return
	}
	u.ui.SetFlash(w, "flash.inventory.saved")
	adminui.Redirect(w, r, fmt.Sprintf("/inventory/transfers/%d", id))
}

func (u *ui) transferPage(w http.ResponseWriter, r *http.Request) {
	t, err := u.svc.Transfer(r.Context(), web.ScopeFrom(r.Context()), pathID(r))
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	pg, err := u.transferView(r, t)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	pg.Flash = u.ui.TakeFlash(w, r)
	u.renderDoc(w, r, http.StatusOK, "inventory.transfer", "inventory-transfers", pg)
}

// transferAct posts an action and shows the document again, with the
// reason when it failed.
func (u *ui) transferAct(name string, fn transferAction) http.HandlerFunc {
	return u.docAct(name, "inventory.transfer", "inventory-transfers", "/inventory/transfers",
		func(r *http.Request, sc tenant.Scope, id int64, v int) error {
			_, err := fn(r.Context(), sc, id, v)
			return err
		},
		func(r *http.Request, sc tenant.Scope, id int64) (*docPage, error) {
			t, err := u.svc.Transfer(r.Context(), sc, id)
			if err != nil {
				return nil, err
			}
			return u.transferView(r, t)
		})
}

// transferView is a transfer's page: the form while it is a draft the
// user may edit, its lines otherwise, and the actions of its status.
func (u *ui) transferView(r *http.Request, t Transfer) (*docPage, error) {
	sc := web.ScopeFrom(r.Context())
	_, wnames, err := u.warehouseOptions(r)
	if err != nil {
		return nil, err
	}
	pnames, err := u.productNames(r, t.Lines)
	if err != nil {
		return nil, err
	}
	status, badge := u.statusText(r, t.Status)
	pg := &docPage{ListHref: "/inventory/transfers", ListLabel: "inventory.transfers", Title: t.Number, Status: status, Badge: badge,
		Info: []infoItem{{u.ui.T(r, "inventory.from_warehouse"), records.TitleOf(wnames, t.FromWarehouseID)},
			{u.ui.T(r, "inventory.to_warehouse"), records.TitleOf(wnames, t.ToWarehouseID)}, {u.ui.T(r, "inventory.note"), t.Note},
			{u.ui.T(r, "inventory.created_at"), i18n.FormatDateTime(lang(r), t.CreatedAt)}}}
	if t.ShippedAt != nil {
		pg.Info = append(pg.Info, infoItem{u.ui.T(r, "inventory.shipped_at"), i18n.FormatDateTime(lang(r), *t.ShippedAt)})
	}
	if t.ReceivedAt != nil {
		pg.Info = append(pg.Info, infoItem{u.ui.T(r, "inventory.received_at"), i18n.FormatDateTime(lang(r), *t.ReceivedAt)})
	}
	path := fmt.Sprintf("/inventory/transfers/%d", t.ID)
	edit := sc.Can(tenant.P(Module, tenant.Edit))
	switch {
	case t.Status == StatusDraft && edit:
		if pg.Form, err = u.transferForm(r, path); err != nil {
			return nil, err
		}
		pg.Form.Version = t.Version
		pg.Form.Set("from_warehouse_id", strconv.FormatInt(t.FromWarehouseID, 10))
		pg.Form.Set("to_warehouse_id", strconv.FormatInt(t.ToWarehouseID, 10))
		pg.Form.Set("note", t.Note)
		pg.Info, pg.Edit, pg.ProductSource = nil, withBlanks(editRows(t.Lines, pnames)), productSource
		pg.Actions = []docAction{{Name: "ship", Label: "inventory.action.ship", Primary: true, Confirm: u.ui.T(r, "inventory.transfer.ship_confirm")},
			{Name: "cancel", Label: "inventory.action.cancel", Danger: true, Confirm: u.ui.T(r, "inventory.cancel_confirm")}}
	case t.Status == StatusInTransit && edit:
		pg.Actions = []docAction{{Name: "receive", Label: "inventory.action.receive", Primary: true}}
	}
	for i := range pg.Actions {
		pg.Actions[i].Path, pg.Actions[i].Version = path+"/"+pg.Actions[i].Name, t.Version
	}
	if pg.Form == nil {
		pg.Cols = []string{"inventory.line_no", "inventory.product", "inventory.qty"}
		for _, l := range t.Lines {
			pg.Rows = append(pg.Rows, []string{strconv.Itoa(l.LineNo), records.TitleOf(pnames, l.ProductID), qtyText(r, l.Qty)})
		}
	}
	return pg, nil
}

// renderDoc draws a document page.
func (u *ui) renderDoc(w http.ResponseWriter, r *http.Request, status int, title, active string, pg *docPage) {
	u.ui.Page(w, r, status, "inventory/doc.html", title, active, pg)
}
