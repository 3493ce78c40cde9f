package identity

import (
	"context"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/export"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Export renders every user of the filtered list (users.export, within the
// caller's data scope, phones masked as on screen) as CSV or XLSX with
// headers in lang, and audits the export. The page and the API share it.
func (s *Service) Export(ctx context.Context, sc tenant.Scope, lang, format string, q list.Query) (export.File, error) {
	if !sc.Can(tenant.P(Module, tenant.Export)) {
		return export.File{}, errs.Forbidden("forbidden")
	}
	t := func(key string) string { return s.cat.T(lang, key, nil) }
	q.Limit, q.Page, q.Cursor = list.MaxLimit, 0, ""
	var rows [][]string
	for {
		p, err := s.page(ctx, sc, q, false)
		if err != nil {
			return export.File{}, err
		}
		for _, u := range p.Items {
			rows = append(rows, []string{strconv.FormatInt(u.ID, 10), u.Username, u.DisplayName, u.Email, u.Phone,
				u.DepartmentName, t("users.status_" + u.Status)})
		}
		if p.NextCursor == "" || len(rows) >= export.MaxRows {
			break
		}
		q.Cursor = p.NextCursor
	}
	headers := []string{"ID", t("users.username"), t("users.display_name"), t("users.email"), t("users.phone"),
		t("users.department"), t("users.status")}
	f, err := export.Table(format, "users", headers, rows)
	if err != nil {
		return f, err
	}
	return f, s.db.InTx(ctx, func(tx *db.Tx) error {
		return audit.Record(ctx, tx, sc, "user.export", "user", 0, audit.Change{Field: "rows", After: len(rows)},
			audit.Change{Field: "filter", After: strings.TrimSpace(q.Q)})
	})
}
