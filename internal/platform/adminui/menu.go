package adminui

import (
	"time"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// menu adds the platform's pages to the module menu; each item carries the
// permission of the page it opens, so nobody sees a link they cannot use.
func (u *UI) menu() {
	u.s.Menu.Add(
		web.MenuItem{Group: "menu.home", Key: "workbench", Label: "menu.workbench", Path: "/"},
		web.MenuItem{Group: "menu.platform", Key: "tenants", Label: "menu.tenants", Path: "/admin/tenants", Operator: true},
		web.MenuItem{Group: "menu.admin", Key: "users", Label: "menu.users", Path: "/admin/users", Perm: userPerm(tenant.View)},
		web.MenuItem{Group: "menu.admin", Key: "departments", Label: "menu.departments", Path: "/admin/departments", Perm: deptPerm(tenant.View)},
		web.MenuItem{Group: "menu.admin", Key: "roles", Label: "menu.roles", Path: "/admin/roles", Perm: rolePerm(tenant.View)},
		web.MenuItem{Group: "menu.admin", Key: "settings-security", Label: "menu.settings_security", Path: "/admin/settings/security",
			Perm: settingsPerm(tenant.View)},
		web.MenuItem{Group: "menu.admin", Key: "settings-numbering", Label: "menu.settings_numbering", Path: "/admin/settings/numbering",
			Perm: settingsPerm(tenant.View)},
		web.MenuItem{Group: "menu.admin", Key: "audit", Label: "menu.audit", Path: "/admin/audit", Perm: tenant.P(audit.Module, tenant.View)},
		web.MenuItem{Group: "menu.me", Key: "me", Label: "menu.profile", Path: "/me"},
		web.MenuItem{Group: "menu.me", Key: "security", Label: "menu.security", Path: "/me/security"},
		web.MenuItem{Group: "menu.me", Key: "sessions", Label: "menu.sessions", Path: "/me/sessions"},
		web.MenuItem{Group: "menu.me", Key: "tokens", Label: "menu.tokens", Path: "/me/tokens"},
		web.MenuItem{Group: "menu.help", Key: "apidocs", Label: "menu.apidocs", Path: "/api/docs"},
	)
	if u.Approval != nil {
		u.s.Menu.Add(
			web.MenuItem{Group: "menu.home", Key: "approvals", Label: "menu.approvals", Path: "/approvals"},
			web.MenuItem{Group: "menu.admin", Key: "approval-rules", Label: "menu.approval_rules", Path: "/admin/approval-rules", Perm: rulePerm},
		)
	}
	if u.Notify != nil {
		u.s.Menu.Add(web.MenuItem{Group: "menu.home", Key: "notifications", Label: "menu.notifications", Path: "/notifications"})
	}
}

func fmtDate(lang string, t time.Time) string     { return i18n.FormatDate(lang, t) }
func fmtDateTime(lang string, t time.Time) string { return i18n.FormatDateTime(lang, t) }
