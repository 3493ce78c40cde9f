package sales

import (
	"context"
	"fmt"
	"net/http"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/recordapi"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/recordui"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// Files are the orders' attachments (the customer's purchase order, a
// signed contract…), in any status: whoever may see the order sees them,
// whoever may edit orders (sales.edit) and sees it adds or removes them.
func (s *Service) Files() records.DocFiles {
	return records.DocFiles{DB: s.db, DocType: DocOrder,
		Allow: func(ctx context.Context, q db.Querier, sc tenant.Scope, id int64, edit bool) error {
			if edit && !sc.Can(tenant.P(Module, tenant.Edit)) {
				return errs.Forbidden("forbidden")
			}
			_, err := s.load(ctx, db.Tenant(q, sc.Tenant()), sc, id, edit)
			return err
		}}
}

// registerFilesAPI adds /api/v1/sales-orders/{id}/attachments….
func registerFilesAPI(api *web.API, svc *Service) {
	recordapi.RegisterFiles(api, recordapi.FileRoutes{Path: "/api/v1/sales-orders", Name: "sales-order", Tag: "sales-orders",
		View: tenant.P(Module, tenant.View), Edit: tenant.P(Module, tenant.Edit), Files: svc.Files()})
}

// filePages are the order page's attachments section.
func (u *ui) filePages() recordui.FilePages {
	return recordui.FilePages{Srv: u.srv, UI: u.ui, Files: u.svc.Files(), Prefix: "/sales/orders",
		Back: func(id int64) string { return fmt.Sprintf("/sales/orders/%d#attachments", id) },
		Fail: func(w http.ResponseWriter, r *http.Request, _ int64, err error) {
			u.renderOrder(w, r, http.StatusOK, err)
		}}
}
