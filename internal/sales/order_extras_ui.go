package sales

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// extrasRoutes are the order page's copy button and communication log,
// and the workbench panel of the caller's waiting orders.
func (u *ui) extrasRoutes() {
	u.srv.Handle("POST /sales/orders/{id}/copy", web.Perm, tenant.P(Module, tenant.Create), u.copy)
	// Whoever may read the order may log a talk with its customer.
	u.srv.Handle("POST /sales/orders/{id}/communications", web.SignedIn, "", u.communicate)
	u.ui.AddPanel(u.myWaitingPanel())
}

// commsView is the order page's communication log and its form.
type commsView struct {
	Entries  []commRow
	Channels []adminui.Option
}

type commRow struct {
	At, User, Channel, Text string
}

// orderExtras fills what the copy button and the log need on the order
// page.
func (u *ui) orderExtras(r *http.Request, p *orderPage) error {
	sc := web.ScopeFrom(r.Context())
	p.CanCopy = sc.Can(tenant.P(Module, tenant.Create))
	cs, err := u.svc.commsOf(r.Context(), sc, p.Order.ID) // renderOrder has read the order
	if err != nil {
		return err
	}
	p.Comms = &commsView{Channels: u.options(r, "sales.comm_channel.", CommChannels, false)}
	for _, c := range cs {
		p.Comms.Entries = append(p.Comms.Entries, commRow{At: i18n.FormatDateTime(lang(r), c.CreatedAt), User: c.UserName,
			Channel: u.ui.T(r, "sales.comm_channel."+c.Channel), Text: c.Text})
	}
	return nil
}

// copy makes a new draft from the order and opens it, saying that prices
// were read again.
func (u *ui) copy(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	o, err := u.svc.Copy(r.Context(), web.ScopeFrom(r.Context()), id, "staff")
	if errs.KindOf(err) == errs.KindNotFound {
		u.srv.Fail(w, r, err)
		return
	}
	if err != nil {
		u.renderOrder(w, r, http.StatusConflict, err)
		return
	}
	u.ui.SetFlash(w, "flash.sales.copied")
	adminui.Redirect(w, r, fmt.Sprintf("/sales/orders/%d", o.ID))
}

// communicate appends a log entry and comes back to the order.
func (u *ui) communicate(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	_ = r.ParseForm()
	_, err := u.svc.Communicate(r.Context(), web.ScopeFrom(r.Context()), id, r.PostFormValue("channel"), r.PostFormValue("text"))
	if errs.KindOf(err) == errs.KindNotFound {
		u.srv.Fail(w, r, err)
		return
	}
	if err != nil {
		u.renderOrder(w, r, http.StatusUnprocessableEntity, err)
		return
	}
	u.ui.SetFlash(w, "flash.sales.communication_saved")
	adminui.Redirect(w, r, fmt.Sprintf("/sales/orders/%d#so-comms", id))
}
