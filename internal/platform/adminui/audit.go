package adminui

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/adminapi"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

func (u *UI) auditRoutes() {
	u.s.Handle("GET /admin/audit", web.Perm, tenant.P(audit.Module, tenant.View), u.auditPage)
	u.s.Handle("GET /admin/audit/export", web.Perm, tenant.P(audit.Module, tenant.Export), u.auditExport)
}

var auditFilters = []string{"actor_id", "action", "record_type", "record_id", "created_at_from", "created_at_to"}

// auditQuery reads the filters; dates are whole days in China time, the
// "to" day included.
func auditQuery(r *http.Request) (adminapi.AuditQuery, url.Values) {
	qs := r.URL.Query()
	v := url.Values{}
	var q adminapi.AuditQuery
	for _, f := range auditFilters {
		if s := strings.TrimSpace(qs.Get(f)); s != "" {
			v.Set(f, s)
		}
	}
	q.ActorID, _ = strconv.ParseInt(v.Get("actor_id"), 10, 64)
	q.RecordID, _ = strconv.ParseInt(v.Get("record_id"), 10, 64)
	q.Action, q.RecordType = v.Get("action"), v.Get("record_type")
	if t, err := time.ParseInLocation("2006-01-02", v.Get("created_at_from"), i18n.Location); err == nil {
		q.From = t
	}
	if t, err := time.ParseInLocation("2006-01-02", v.Get("created_at_to"), i18n.Location); err == nil {
		q.To = t.AddDate(0, 0, 1)
	}
	q.Cursor = qs.Get("cursor")
	q.Limit = DefaultPageSize
	if n, err := strconv.Atoi(qs.Get("limit")); err == nil && n > 0 {
		q.Limit = min(n, list.MaxLimit)
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	return q, v
}

type auditView struct {
	List    *ListView
	Entries []audit.Entry
}

func (u *UI) auditPage(w http.ResponseWriter, r *http.Request) {
	sc := principal(r).Scope
	q, vals := auditQuery(r)
	f, err := q.Filter(u.Sensitive())
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	items, err := audit.Search(r.Context(), u.DB.Read(), sc, f)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	// The audit log is append-only and can be huge: it pages by id only
	// and does not count.
	page := 1
	if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && n > 0 && q.Cursor != "" {
		page = n
	}
	l := &ListView{ID: "audit", Path: "/admin/audit", Values: vals, Total: -1, Page: page, Pages: 0, Limit: f.Limit,
		Empty: "audit.empty",
		Columns: []Column{
			{Key: "at", Label: "audit.at"},
			{Key: "actor", Label: "audit.actor"},
			{Key: "action", Label: "audit.action"},
			{Key: "record", Label: "audit.record"},
			{Key: "changes", Label: "audit.changes"},
			{Key: "ip", Label: "audit.ip"},
			{Key: "client", Label: "audit.client", Hide: true},
		},
		Filters: []Filter{
			{Name: "action", Label: "audit.action", Type: "text"},
			{Name: "record_type", Label: "audit.record_type", Type: "text"},
			{Name: "record_id", Label: "audit.record_id", Type: "number"},
			{Name: "created_at_from", Label: "audit.from", Type: "date"},
			{Name: "created_at_to", Label: "audit.to", Type: "date"},
		},
	}
	if sc.Can(tenant.P(identity.Module, tenant.View)) {
		opts := []Option{{Value: "", Label: u.t(r, "list.all")}}
		up, err := u.IDs.List(r.Context(), sc, list.Query{Limit: list.MaxLimit, Sort: "username"})
		if err == nil {
			for _, x := range up.Items {
				opts = append(opts, Option{Value: strconv.FormatInt(x.ID, 10), Label: x.DisplayName + " (" + x.Username + ")"})
			}
		}
		l.Filters = append([]Filter{{Name: "actor_id", Label: "audit.actor", Type: "select", Options: opts}}, l.Filters...)
	} else {
		l.Filters = append([]Filter{{Name: "actor_id", Label: "audit.actor_id", Type: "number"}}, l.Filters...)
	}
	if sc.Can(tenant.P(audit.Module, tenant.Export)) {
		l.ExportURL = "/admin/audit/export"
	}
	if len(items) == f.Limit && len(items) > 0 {
		l.Next = strconv.FormatInt(items[len(items)-1].ID, 10)
	}
	lang := web.LangFrom(r.Context())
	for _, e := range items {
		rec := e.RecordType
		if e.RecordID != nil {
			rec += " #" + strconv.FormatInt(*e.RecordID, 10)
		}
		l.AddRow(strconv.FormatInt(e.ID, 10), false,
			Cell{Text: fmtDateTime(lang, e.At)},
			Cell{Text: e.ActorName},
			Cell{Text: e.Action, Mono: true},
			Cell{Text: rec, Mono: true},
			Cell{Text: changesText(e.Changes)},
			Cell{Text: e.IP, Mono: true},
			Cell{Text: e.Client},
		)
	}
	u.pageOr(w, r, http.StatusOK, "admin/audit.html", "list-area", "audit.title", "audit", &auditView{List: l, Entries: items})
}

// changesText shows field-level changes as "field: before → after", one per line.
func changesText(cs []audit.Change) string {
	var lines []string
	for _, c := range cs {
		lines = append(lines, fmt.Sprintf("%s: %s → %s", c.Field, show(c.Before), show(c.After)))
	}
	return strings.Join(lines, "\n")
}

func show(v any) string {
	switch x := v.(type) {
	case nil:
		return "∅"
	case string:
		if x == "" {
			return "∅"
		}
		return x
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func (u *UI) auditExport(w http.ResponseWriter, r *http.Request) {
	q, _ := auditQuery(r)
	q.Cursor = ""
	f, err := adminapi.ExportAudit(r.Context(), u.DB, principal(r).Scope, q, r.URL.Query().Get("format"), u.Sensitive())
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	sendFile(w, f)
}
