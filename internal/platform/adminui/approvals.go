package adminui

import (
	"context"
	"net/http"
	"strconv"

	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"

	"github.com/taihe-erp/taihe/internal/platform/approval"
)

// The inbox: every signed-in user has one (being asked to approve is what
// lets someone decide, not a permission).
func (u *UI) approvalRoutes() {
	u.s.Handle("GET /approvals", web.SignedIn, "", u.inboxPage)
	u.s.Handle("POST /approvals/decide", web.SignedIn, "", u.inboxDecide)
}

// inboxEntry is one waiting request with its decision form's state.
type inboxEntry struct {
	approval.InboxItem
	Comment    string
	CommentErr string
	Alert      string
}

type inboxView struct {
	Flash string
	Items []inboxEntry
}

func (u *UI) inboxView(r *http.Request) (*inboxView, error) {
	items, err := u.Approval.InboxItems(r.Context(), principal(r).Scope)
	v := &inboxView{}
	for _, it := range items {
		v.Items = append(v.Items, inboxEntry{InboxItem: it})
	}
	return v, err
}

func (u *UI) inboxPage(w http.ResponseWriter, r *http.Request) {
	v, err := u.inboxView(r)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	v.Flash = u.takeFlash(w, r)
	u.page(w, r, http.StatusOK, "approval/inbox.html", "approvals.title", "approvals", v)
}

// inboxDecide approves or rejects one request; a refusal re-renders the
// inbox with the message on that item (the comment field's, or its alert).
func (u *UI) inboxDecide(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	id, _ := strconv.ParseInt(r.PostFormValue("request_id"), 10, 64)
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	approve := r.PostFormValue("decision") == "approve"
	comment := r.PostFormValue("comment")
	_, err := u.Approval.Decide(r.Context(), principal(r).Scope, id, version, approve, comment)
	if err == nil {
		if approve {
			u.setFlash(w, "flash.approval_approved")
		} else {
			u.setFlash(w, "flash.approval_rejected")
		}
		redirect(w, r, "/approvals")
		return
	}
	v, verr := u.inboxView(r)
	if verr != nil {
		u.s.Fail(w, r, verr)
		return
	}
	p := u.problem(r, err)
	shown := false
	for i := range v.Items {
		it := &v.Items[i]
		if it.ID != id {
			continue
		}
		shown = true
		it.Comment = comment
		for _, fe := range p.Errors {
			if fe.Field == "comment" {
				it.CommentErr = fe.Message
			}
		}
		if it.CommentErr == "" {
			it.Alert = p.Detail
		}
	}
	if !shown { // the item left the inbox meanwhile (or never was ours)
		u.s.Fail(w, r, err)
		return
	}
	u.page(w, r, p.Status, "approval/inbox.html", "approvals.title", "approvals", v)
}

// approvalPanel fills the workbench's "approvals" panel from the inbox.
func (u *UI) approvalPanel(ctx context.Context, sc tenant.Scope) ([]PanelItem, error) {
	items, err := u.Approval.InboxItems(ctx, sc)
	if err != nil {
		return nil, err
	}
	lang := web.LangFrom(ctx)
	var out []PanelItem
	for i, it := range items {
		if i == 8 {
			break
		}
		meta := u.s.Cat.T(lang, it.DocLabel, nil)
		if it.Meta != "" {
			meta += " · " + it.Meta
		}
		out = append(out, PanelItem{Text: it.DocTitle, Meta: meta, Href: it.Href, At: it.CreatedAt,
			Badge: u.s.Cat.T(lang, "approvals.level", map[string]any{"Level": it.Level, "Levels": it.Levels})})
	}
	return out, nil
}
