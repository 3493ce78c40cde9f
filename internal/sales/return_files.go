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

// ReturnFiles are a return's photos (the damage, the parcel) and other
// files, in any status: whoever may see the return sees them; whoever
// takes requests (sales_returns.create) or handles the goods
// (sales_returns.edit) and sees it adds or removes them.
func (s *Service) ReturnFiles() records.DocFiles {
	return records.DocFiles{DB: s.db, DocType: DocReturn,
		Allow: func(ctx context.Context, q db.Querier, sc tenant.Scope, id int64, edit bool) error {
			if !sc.Can(tenant.P(ReturnsModule, tenant.View)) ||
				edit && !sc.Can(tenant.P(ReturnsModule, tenant.Create)) && !sc.Can(tenant.P(ReturnsModule, tenant.Edit)) {
				return errs.Forbidden("forbidden")
			}
			_, err := loadReturn(ctx, db.Tenant(q, sc.Tenant()), sc, id, edit)
			return err
		}}
}

// registerReturnFilesAPI adds /api/v1/sales-returns/{id}/attachments….
// The routes ask for view; ReturnFiles asks create or edit to change.
func registerReturnFilesAPI(api *web.API, svc *Service) {
	view := tenant.P(ReturnsModule, tenant.View)
	recordapi.RegisterFiles(api, recordapi.FileRoutes{Path: returnsBase, Name: "sales-return", Tag: "sales-returns",
		View: view, Edit: view, Files: svc.ReturnFiles()})
}

// returnFilePages are the return page's photos section.
func (u *ui) returnFilePages() recordui.FilePages {
	return recordui.FilePages{Srv: u.srv, UI: u.ui, Files: u.svc.ReturnFiles(), Prefix: "/sales/returns",
		Back: func(id int64) string { return fmt.Sprintf("/sales/returns/%d#photos", id) },
		Fail: func(w http.ResponseWriter, r *http.Request, _ int64, err error) {
			u.renderReturn(w, r, http.StatusOK, err)
		}}
}
