package app

import (
	"context"
	"net/http"
	"time"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/adminapi"
	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/jobs"
	"github.com/taihe-erp/taihe/internal/platform/recordapi"
	"github.com/taihe-erp/taihe/internal/platform/recordio"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/recordui"
	"github.com/taihe-erp/taihe/internal/platform/web"
	"github.com/taihe-erp/taihe/internal/purchasing"
	"github.com/taihe-erp/taihe/internal/sales"
)

// routes registers the operational endpoints and every module's pages and API.
func (a *App) routes() {
	s := a.Server
	s.Handle("GET /healthz", web.Public, "", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("ok\n"))
	})
	s.Handle("GET /readyz", web.Public, "", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain")
		if err := a.DB.Ping(ctx); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("database unreachable\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	s.Handle("GET /metrics", web.Public, "", s.Metrics.Handler().ServeHTTP)
	s.Handle("GET /static/", web.Public, "", s.Render.Static.ServeHTTP)
	s.Metrics.RegisterDBPool("writer", func() (float64, float64, float64, float64) {
		st, _ := a.DB.Stats()
		return float64(st.OpenConnections), float64(st.InUse), float64(st.Idle), float64(st.WaitCount)
	})
	s.Metrics.RegisterDBPool("reader", func() (float64, float64, float64, float64) {
		_, st := a.DB.Stats()
		return float64(st.OpenConnections), float64(st.InUse), float64(st.Idle), float64(st.WaitCount)
	})
	svc := adminapi.Services{DB: a.DB, IDs: a.IDs, Access: a.Access, Org: a.Org, Numbering: a.Numbering, Approval: a.Approval, Notify: a.Notify,
		AuditSensitive: append(append([]audit.Sensitive{}, identity.SensitiveAuditFields...), records.SensitiveAuditFields(a.Records.Registry())...)}
	adminapi.Register(a.API, s, svc)
	// Modules add workbench panels and search providers through a.UI.
	a.UI = adminui.Register(s, svc)

	// Master data: the generic API, pages and import/export of every
	// record type, background jobs, and the pricing operations.
	recordapi.Register(a.API, s, a.Records)
	recordio.RegisterAPI(a.API, s, a.IO)
	recordio.RegisterUI(s, a.IO)
	jobs.RegisterAPI(a.API, s, a.Jobs)
	masterdata.RegisterAPI(a.API, a.Master)
	inventory.RegisterAPI(a.API, a.Inventory)
	purchasing.RegisterAPI(a.API, a.Purchasing)
	sales.RegisterAPI(a.API, a.Sales)
	sales.RegisterDeliveryAPI(a.API, a.Sales)
	sales.RegisterReturnAPI(a.API, a.Sales)
	sales.RegisterQuoteAPI(a.API, a.Sales)
	a.RecUI = recordui.Register(s, a.UI, a.Records)
	a.RecUI.AddTab(sales.Promotions.Key, sales.RedemptionsTab(a.Sales, a.Cat))
	inventory.RegisterUI(s, a.UI, a.Inventory, purchasing.ReorderAction)
	purchasing.RegisterUI(s, a.UI, a.Purchasing)
	sales.RegisterUI(s, a.UI, a.Sales)
	sales.RegisterDeliveryUI(s, a.UI, a.Sales)
	sales.RegisterImport(a.API, s, a.UI, a.Sales)
	sales.RegisterCustomerTabs(a.RecUI, s, a.Sales)
	sales.RegisterReturnUI(s, a.UI, a.Sales)
	sales.RegisterQuoteUI(s, a.UI, a.Sales)
}
