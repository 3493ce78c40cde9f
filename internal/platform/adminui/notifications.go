package adminui

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// Notifications are each signed-in user's own; ids go in the form, not
// the path, since there is nothing to open but the note's link.
func (u *UI) notifyRoutes() {
	u.s.Handle("GET /notifications", web.SignedIn, "", u.notificationsPage)
	u.s.Handle("POST /notifications/read", web.SignedIn, "", u.notificationsRead)
}

// noteLine is a notification as its reader sees it.
type noteLine struct {
	ID     int64
	Text   string
	Href   string
	At     time.Time
	Unread bool
}

type notesView struct {
	Flash  string
	Items  []noteLine
	Unread int
}

func (u *UI) notificationsPage(w http.ResponseWriter, r *http.Request) {
	ns, err := u.Notify.Recent(r.Context(), principal(r).Scope, 100)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	v := &notesView{Flash: u.takeFlash(w, r)}
	lang := web.LangFrom(r.Context())
	for _, n := range ns {
		v.Items = append(v.Items, noteLine{ID: n.ID, Text: u.Notify.Text(lang, n), Href: n.Href, At: n.CreatedAt, Unread: n.ReadAt == nil})
		if n.ReadAt == nil {
			v.Unread++
		}
	}
	u.page(w, r, http.StatusOK, "notify/notifications.html", "notify.title", "notifications", v)
}

// notificationsRead marks one note (id) or all of them (all=1) read.
func (u *UI) notificationsRead(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	sc := principal(r).Scope
	if r.PostFormValue("all") == "1" {
		if _, err := u.Notify.MarkAllRead(r.Context(), sc); err != nil {
			u.s.Fail(w, r, err)
			return
		}
		u.setFlash(w, "flash.notify_all_read")
	} else {
		id, _ := strconv.ParseInt(r.PostFormValue("id"), 10, 64)
		if err := u.Notify.MarkRead(r.Context(), sc, id); err != nil {
			u.s.Fail(w, r, err)
			return
		}
		u.setFlash(w, "flash.notify_read")
	}
	redirect(w, r, safeNext(r.PostFormValue("next"), "/notifications"))
}

// notifyPanel fills the workbench's "notifications" panel with the unread
// notes, in the reader's language.
func (u *UI) notifyPanel(ctx context.Context, sc tenant.Scope) ([]PanelItem, error) {
	ns, err := u.Notify.Unread(ctx, sc, 8)
	if err != nil {
		return nil, err
	}
	lang := web.LangFrom(ctx)
	out := make([]PanelItem, 0, len(ns))
	for _, n := range ns {
		out = append(out, PanelItem{Text: u.Notify.Text(lang, n), Href: n.Href, At: n.CreatedAt})
	}
	return out, nil
}
