package adminapi

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/export"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// AuditQuery filters the audit log.
type AuditQuery struct {
	ActorID    int64     `query:"actor_id"`
	Action     string    `query:"action"`
	RecordType string    `query:"record_type"`
	RecordID   int64     `query:"record_id"`
	From       time.Time `query:"created_at_from"`
	To         time.Time `query:"created_at_to"`
	Limit      int       `query:"limit" minimum:"0" maximum:"200"`
	Cursor     string    `query:"cursor" doc:"next_cursor of the previous page"`
}

// Filter converts the query to the service filter; sensitive are the
// masking rules (Services.Sensitive).
func (q AuditQuery) Filter(sensitive []audit.Sensitive) (audit.Filter, error) {
	f := audit.Filter{ActorID: q.ActorID, Action: q.Action, RecordType: q.RecordType, RecordID: q.RecordID, From: q.From, To: q.To,
		Limit: q.Limit, Sensitive: sensitive}
	if q.Cursor != "" {
		id, err := strconv.ParseInt(q.Cursor, 10, 64)
		if err != nil {
			return f, errs.Invalid(errs.Field("cursor", "field.invalid"))
		}
		f.BeforeID = id
	}
	return f, nil
}

type auditOut struct {
	Body struct {
		Items      []audit.Entry `json:"items"`
		NextCursor *string       `json:"next_cursor"`
	}
}

type auditExportIn struct {
	AuditQuery
	Format string `query:"format" enum:"csv,xlsx," default:"csv"`
}

func (h *handlers) auditLog(api *web.API) {
	tags := []string{"audit-log"}
	web.Op(api, huma.Operation{OperationID: "list-audit-log", Method: http.MethodGet, Path: "/api/v1/audit-log", Tags: tags,
		Summary: "Search the audit trail, newest first"},
		web.Perm, tenant.P(audit.Module, tenant.View), func(ctx context.Context, in *AuditQuery) (*auditOut, error) {
			f, err := in.Filter(h.Sensitive())
			if err != nil {
				return nil, err
			}
			if f.Limit == 0 {
				f.Limit = 50
			}
			items, err := audit.Search(ctx, h.DB.Read(), web.ScopeFrom(ctx), f)
			out := &auditOut{}
			out.Body.Items = items
			if len(items) == f.Limit {
				out.Body.NextCursor = cursorPtr(strconv.FormatInt(items[len(items)-1].ID, 10))
			}
			if out.Body.Items == nil {
				out.Body.Items = []audit.Entry{}
			}
			return out, err
		})
	web.Op(api, huma.Operation{OperationID: "export-audit-log", Method: http.MethodGet, Path: "/api/v1/audit-log/export", Tags: tags,
		Summary: "Export the filtered audit trail"},
		web.Perm, tenant.P(audit.Module, tenant.Export), func(ctx context.Context, in *auditExportIn) (*FileOut, error) {
			f, err := ExportAudit(ctx, h.DB, web.ScopeFrom(ctx), in.AuditQuery, in.Format, h.Sensitive())
			if err != nil {
				return nil, err
			}
			return fileOut(f), nil
		})
}

// ExportAudit renders the filtered audit trail and records the export itself.
func ExportAudit(ctx context.Context, d *db.DB, sc tenant.Scope, q AuditQuery, format string, sensitive []audit.Sensitive) (export.File, error) {
	if !sc.Can(tenant.P(audit.Module, tenant.Export)) {
		return export.File{}, errs.Forbidden("forbidden")
	}
	f, err := q.Filter(sensitive)
	if err != nil {
		return export.File{}, err
	}
	f.Limit = 1000
	var rows [][]string
	for len(rows) < export.MaxRows {
		items, err := audit.Search(ctx, d.Read(), sc, f)
		if err != nil {
			return export.File{}, err
		}
		for _, e := range items {
			ch, _ := json.Marshal(e.Changes)
			rid := ""
			if e.RecordID != nil {
				rid = strconv.FormatInt(*e.RecordID, 10)
			}
			rows = append(rows, []string{strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339), e.ActorName, e.IP, e.Client,
				e.Action, e.RecordType, rid, string(ch)})
		}
		if len(items) < f.Limit {
			break
		}
		f.BeforeID = items[len(items)-1].ID
	}
	file, err := export.Table(format, "audit-log", []string{"id", "at", "actor", "ip", "client", "action", "record_type", "record_id", "changes"}, rows)
	if err != nil {
		return file, err
	}
	return file, d.InTx(ctx, func(tx *db.Tx) error {
		return audit.Record(ctx, tx, sc, "audit.export", "audit_log", 0, audit.Change{Field: "rows", After: len(rows)})
	})
}
