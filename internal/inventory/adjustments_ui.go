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

type adjustmentAction = func(ctx context.Context, sc tenant.Scope, id int64, version int, comment string) (Adjustment, error)

// adjustmentRoutes adds the adjustment pages (库存调整单).
func (u *ui) adjustmentRoutes() {
	p := func(a tenant.Action) tenant.Perm { return tenant.P(Module, a) }
	s := u.svc
	u.srv.Handle("GET /inventory/adjustments", web.Perm, p(tenant.View), u.adjustments)
	u.srv.Handle("GET /inventory/adjustments/new", web.Perm, p(tenant.Create), u.adjustmentNew)
	u.srv.Handle("POST /inventory/adjustments", web.Perm, p(tenant.Create), u.adjustmentSave)
	u.srv.Handle("GET /inventory/adjustments/{id}", web.Perm, p(tenant.View), u.adjustmentPage)
	u.srv.Handle("POST /inventory/adjustments/{id}", web.Perm, p(tenant.Edit), u.adjustmentSave)
	acts := []struct {
		name string
		perm tenant.Action
		fn   adjustmentAction
	}{
		{"submit", tenant.Edit, func(ctx context.Context, sc tenant.Scope, id int64, v int, _ string) (Adjustment, error) {
			return s.SubmitAdjustment(ctx, sc, id, v)
		}},
		{"approve", tenant.Approve, func(ctx context.Context, sc tenant.Scope, id int64, v int, c string) (Adjustment, error) {
			return s.DecideAdjustment(ctx, sc, id, v, true, c)
		}},
		{"reject", tenant.Approve, func(ctx context.Context, sc tenant.Scope, id int64, v int, c string) (Adjustment, error) {
			return s.DecideAdjustment(ctx, sc, id, v, false, c)
		}},
		{"cancel", tenant.Edit, func(ctx context.Context, sc tenant.Scope, id int64, v int, _ string) (Adjustment, error) {
			return s.CancelAdjustment(ctx, sc, id, v)
		}},
	}
	for _, a := range acts {
		u.srv.Handle("POST /inventory/adjustments/{id}/"+a.name, web.Perm, p(a.perm), u.adjustmentAct(a.name, a.fn))
	}
}

func (u *ui) adjustments(w http.ResponseWriter, r *http.Request) {
	sc := web.ScopeFrom(r.Context())
	dq, vals := docQuery(r)
	as, err := u.svc.Adjustments(r.Context(), sc, dq)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	_, wnames, err := u.warehouseOptions(r)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	l := &adminui.ListView{ID: "adjustments", Path: "/inventory/adjustments", Values: vals, Total: -1, Empty: "inventory.docs_empty",
		Filters: []adminui.Filter{u.statusFilter(r, StatusDraft, StatusPending, StatusApproved, StatusCancelled)},
		Columns: []adminui.Column{{Key: "number", Label: "inventory.number"}, {Key: "status", Label: "inventory.status"},
			{Key: "warehouse", Label: "inventory.warehouse"}, {Key: "reason", Label: "inventory.adjustment.reason"},
			{Key: "created_at", Label: "inventory.created_at"}}}
	if len(as) == dq.Limit {
		l.Next = strconv.FormatInt(as[len(as)-1].ID, 10)
	}
	for _, a := range as {
		text, badge := u.statusText(r, a.Status)
		l.AddRow(strconv.FormatInt(a.ID, 10), a.Status == StatusCancelled,
			adminui.Cell{Text: a.Number, Href: fmt.Sprintf("/inventory/adjustments/%d", a.ID), Mono: true},
			adminui.Cell{Text: text, Badge: badge}, adminui.Cell{Text: records.TitleOf(wnames, a.WarehouseID)},
			adminui.Cell{Text: u.ui.T(r, "inventory.reason."+a.Reason)}, adminui.Cell{Text: i18n.FormatDateTime(lang(r), a.CreatedAt)})
	}
	pg := &listPage{Title: "inventory.adjustments", List: l, Flash: u.ui.TakeFlash(w, r)}
	if sc.Can(tenant.P(Module, tenant.Create)) {
		pg.New, pg.NewLabel = "/inventory/adjustments/new", "inventory.adjustment.new"
	}
	u.ui.PageOr(w, r, http.StatusOK, "inventory/list.html", "list-area", "inventory.adjustments", "inventory-adjustments", pg)
}

func (u *ui) adjustmentForm(r *http.Request, action string) (*adminui.Form, error) {
	opts, _, err := u.warehouseOptions(r)
	reasons := []adminui.Option{{Value: "", Label: "—"}}
	for _, x := range Reasons {
		reasons = append(reasons, adminui.Option{Value: x, Label: u.ui.T(r, "inventory.reason."+x)})
	}
	return adminui.NewForm("adjustment", action,
		adminui.Field{Name: "warehouse_id", Label: "inventory.warehouse", Type: "select", Required: true, Options: opts},
		adminui.Field{Name: "reason", Label: "inventory.adjustment.reason", Type: "select", Required: true, Options: reasons},
		adminui.Field{Name: "reason_note", Label: "inventory.adjustment.reason_note", Type: "text"},
		adminui.Field{Name: "note", Label: "inventory.note", Type: "textarea", Wide: true}), err
}

func (u *ui) adjustmentNew(w http.ResponseWriter, r *http.Request) {
	f, err := u.adjustmentForm(r, "/inventory/adjustments")
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	u.renderDoc(w, r, http.StatusOK, "inventory.adjustment.new", "inventory-adjustments", &docPage{ListHref: "/inventory/adjustments",
		ListLabel: "inventory.adjustments", Title: u.ui.T(r, "inventory.adjustment.new"), Form: f, Edit: withBlanks(nil),
		ProductSource: productSource, QtyHint: "inventory.adjustment.qty_hint"})
}

// adjustmentSave creates (no id) or updates a draft from the form.
func (u *ui) adjustmentSave(w http.ResponseWriter, r *http.Request) {
	sc, id := web.ScopeFrom(r.Context()), pathID(r)
	var existing Adjustment
	action := "/inventory/adjustments"
	if r.PathValue("id") != "" {
		var err error
		if existing, err = u.svc.Adjustment(r.Context(), sc, id); err != nil {
			u.srv.Fail(w, r, err)
			return
		}
		action = fmt.Sprintf("/inventory/adjustments/%d", id)
	}
	f, err := u.adjustmentForm(r, action)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	f.Bind(r)
	lines, edits, err := formLines(r)
	in := AdjustmentInput{WarehouseID: formInt(f, "warehouse_id"), Reason: f.V("reason"), ReasonNote: f.V("reason_note"), Note: f.V("note"),
		Lines: lines}
	var a Adjustment
	if err == nil {
		if existing.ID == 0 {
			a, err = u.svc.CreateAdjustment(r.Context(), sc, in)
		} else {
			a, err = u.svc.UpdateAdjustment(r.Context(), sc, id, f.Version, in)
		}
	}
	if err != nil {
		pg := &docPage{ListHref: "/inventory/adjustments", ListLabel: "inventory.adjustments", Title: u.ui.T(r, "inventory.adjustment.new"),
			ProductSource: productSource, QtyHint: "inventory.adjustment.qty_hint"}
		if existing.ID != 0 {
			if pg, err = u.adjustmentView(r, existing); err != nil {
				u.srv.Fail(w, r, err)
				return
			}
		}
		if existing.ID == 0 || pg.Form != nil {
			pg.Form, pg.Edit = f, withBlanks(edits)
		}
		u.renderDoc(w, r, u.fail(r, pg, err), "inventory.adjustment", "inventory-adjustments", pg)
		return
	}
	u.ui.SetFlash(w, "flash.inventory.saved")
	adminui.Redirect(w, r, fmt.Sprintf("/inventory/adjustments/%d", a.ID))
}

func (u *ui) adjustmentPage(w http.ResponseWriter, r *http.Request) {
	a, err := u.svc.Adjustment(r.Context(), web.ScopeFrom(r.Context()), pathID(r))
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	pg, err := u.adjustmentView(r, a)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	pg.Flash = u.ui.TakeFlash(w, r)
	u.renderDoc(w, r, http.StatusOK, "inventory.adjustment", "inventory-adjustments", pg)
}

func (u *ui) adjustmentAct(name string, fn adjustmentAction) http.HandlerFunc {
	return u.docAct(name, "inventory.adjustment", "inventory-adjustments", "/inventory/adjustments",
		func(r *http.Request, sc tenant.Scope, id int64, v int) error {
			_, err := fn(r.Context(), sc, id, v, r.PostFormValue("comment"))
			return err
		},
		func(r *http.Request, sc tenant.Scope, id int64) (*docPage, error) {
			a, err := u.svc.Adjustment(r.Context(), sc, id)
			if err != nil {
				return nil, err
			}
			return u.adjustmentView(r, a)
		})
}

// adjustmentView is an adjustment's page.
func (u *ui) adjustmentView(r *http.Request, a Adjustment) (*docPage, error) {
	sc := web.ScopeFrom(r.Context())
	_, wnames, err := u.warehouseOptions(r)
	if err != nil {
		return nil, err
	}
	pnames, err := u.productNames(r, a.Lines)
	if err != nil {
		return nil, err
	}
	amount, err := u.svc.AdjustmentAmount(r.Context(), sc, a)
	if err != nil {
		return nil, err
	}
	status, badge := u.statusText(r, a.Status)
	pg := &docPage{ListHref: "/inventory/adjustments", ListLabel: "inventory.adjustments", Title: a.Number, Status: status, Badge: badge,
		Info: []infoItem{{u.ui.T(r, "inventory.warehouse"), records.TitleOf(wnames, a.WarehouseID)},
			{u.ui.T(r, "inventory.adjustment.reason"), u.ui.T(r, "inventory.reason."+a.Reason)},
			{u.ui.T(r, "inventory.adjustment.reason_note"), a.ReasonNote}, {u.ui.T(r, "inventory.note"), a.Note},
			{u.ui.T(r, "inventory.adjustment.amount"), moneyText(r, amount)},
			{u.ui.T(r, "inventory.created_at"), i18n.FormatDateTime(lang(r), a.CreatedAt)}}}
	if a.PostedAt != nil {
		pg.Info = append(pg.Info, infoItem{u.ui.T(r, "inventory.posted_at"), i18n.FormatDateTime(lang(r), *a.PostedAt)})
	}
	path := fmt.Sprintf("/inventory/adjustments/%d", a.ID)
	edit, approve := sc.Can(tenant.P(Module, tenant.Edit)), sc.Can(tenant.P(Module, tenant.Approve))
	cancel := docAction{Name: "cancel", Label: "inventory.action.cancel", Danger: true, Confirm: u.ui.T(r, "inventory.cancel_confirm")}
	switch {
	case a.Status == StatusDraft && edit:
		if pg.Form, err = u.adjustmentForm(r, path); err != nil {
			return nil, err
		}
		pg.Form.Version = a.Version
		pg.Form.Set("warehouse_id", strconv.FormatInt(a.WarehouseID, 10))
		pg.Form.Set("reason", a.Reason)
		pg.Form.Set("reason_note", a.ReasonNote)
		pg.Form.Set("note", a.Note)
		pg.Edit, pg.ProductSource, pg.QtyHint = withBlanks(editRows(a.Lines, pnames)), productSource, "inventory.adjustment.qty_hint"
		pg.Actions = []docAction{{Name: "submit", Label: "inventory.action.submit", Primary: true}, cancel}
	case a.Status == StatusPending:
		if approve {
			pg.Actions = append(pg.Actions, docAction{Name: "approve", Label: "inventory.action.approve", Primary: true},
				docAction{Name: "reject", Label: "inventory.action.reject", Comment: true})
		}
		if edit {
			pg.Actions = append(pg.Actions, cancel)
		}
	}
	for i := range pg.Actions {
		pg.Actions[i].Path, pg.Actions[i].Version = path+"/"+pg.Actions[i].Name, a.Version
	}
	pg.Cols = []string{"inventory.line_no", "inventory.product", "inventory.qty"}
	for _, l := range a.Lines {
		pg.Rows = append(pg.Rows, []string{strconv.Itoa(l.LineNo), records.TitleOf(pnames, l.ProductID), qtyText(r, l.Qty)})
	}
	if pg.Form != nil {
		pg.Rows = nil
	}
	return pg, nil
}
