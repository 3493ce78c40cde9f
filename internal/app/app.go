// Package app wires Taihe together: configuration → database → services →
// HTTP. It is the only place that knows every module; modules know only the
// platform and each other's exported services.
package app

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"slices"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/config"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/jobs"
	"github.com/taihe-erp/taihe/internal/platform/mail"
	"github.com/taihe-erp/taihe/internal/platform/migrations"
	"github.com/taihe-erp/taihe/internal/platform/notify"
	"github.com/taihe-erp/taihe/internal/platform/numbering"
	"github.com/taihe-erp/taihe/internal/platform/org"
	"github.com/taihe-erp/taihe/internal/platform/recordapi"
	"github.com/taihe-erp/taihe/internal/platform/recordio"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/recordui"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
	"github.com/taihe-erp/taihe/internal/purchasing"
	"github.com/taihe-erp/taihe/internal/sales"
)

// Version is set at build time (-ldflags "-X …app.Version=…").
var Version = "0.1.0-dev"

// App is a wired Taihe instance.
type App struct {
	sched     scheduler
	Cfg       config.Config
	DB        *db.DB
	Cat       *i18n.Catalog
	Reg       *tenant.Registry
	Access    *access.Service
	IDs       *identity.Service
	Org       *org.Service
	Numbering *numbering.Service
	Mail      *mail.Sender
	Server    *web.Server
	API       *web.API
	UI        *adminui.UI
	// Records is the engine behind every master-data type; Jobs runs
	// background work (large imports); IO imports and exports records.
	Records *records.Service
	Jobs    *jobs.Service
	IO      *recordio.Service
	Master  *masterdata.Service
	// Inventory is the stock ledger and its documents (transfers,
	// adjustments, counts).
	Inventory *inventory.Service
	// Approval is the approval rules documents submit to; modules register
	// their document types with Approval.RegisterDoc while wiring.
	Approval   *approval.Service
	Purchasing *purchasing.Service
	// Sales is sales orders (approval reserves their stock).
	Sales *sales.Service
	// Notify is the in-app notifications (approvals tell approvers and
	// submitters through it).
	Notify *notify.Service
	RecUI  *recordui.UI
}

// Options adjust wiring for tests: extra migrations and permission modules
// (e.g. a test-only reassignable record type).
type Options struct {
	ExtraMigrations []db.MigrationSet
	ExtraModules    []tenant.ModuleDef
	// DB, when set, is used instead of opening cfg.DB (tests).
	DB *db.DB
}

// MigrationSets lists every module's migrations in dependency order.
func MigrationSets(extra ...db.MigrationSet) []db.MigrationSet {
	return append([]db.MigrationSet{migrations.Set(), records.MigrationSet(), jobs.MigrationSet(), recordio.MigrationSet(),
		approval.MigrationSet(), notify.MigrationSet(), masterdata.Migrations(), inventory.Migrations(), purchasing.Migrations(),
		sales.Migrations()}, extra...)
}

// Registry lists every module's permissions.
func Registry(extra ...tenant.ModuleDef) *tenant.Registry {
	reg := &tenant.Registry{}
	for _, m := range identity.ModuleDefs() {
		reg.Register(m)
	}
	for _, m := range org.ModuleDefs() {
		reg.Register(m)
	}
	reg.Register(tenant.ModuleDef{Key: access.Module, Actions: []tenant.Action{tenant.View, tenant.Create, tenant.Edit, tenant.Delete}})
	reg.Register(tenant.ModuleDef{Key: audit.Module, Actions: []tenant.Action{tenant.View, tenant.Export}})
	for _, ms := range [][]tenant.ModuleDef{records.ModuleDefs(), jobs.ModuleDefs(), approval.ModuleDefs(), masterdata.ModuleDefs(), inventory.ModuleDefs(),
		purchasing.ModuleDefs(), sales.ModuleDefs()} {
		for _, m := range ms {
			reg.Register(m)
		}
	}
	for _, m := range extra {
		reg.Register(m)
	}
	return reg
}

// New opens the database, migrates it and wires every service and route.
func New(ctx context.Context, cfg config.Config, opt Options) (*App, error) {
	a := &App{Cfg: cfg}
	var err error
	if a.DB = opt.DB; a.DB == nil {
		if a.DB, err = db.Open(ctx, cfg.DB, cfg.Data); err != nil {
			return nil, err
		}
	}
	if _, err := a.DB.Migrate(ctx, MigrationSets(opt.ExtraMigrations...)); err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	if a.Cat, err = i18n.New(catalogs()...); err != nil {
		return nil, err
	}
	if a.Mail, err = mail.New(cfg.SMTPURL, cfg.MailFrom); err != nil {
		return nil, err
	}
	a.Reg = Registry(opt.ExtraModules...)
	a.Access = access.New(a.DB, a.Reg)
	idc := identity.DefaultConfig()
	idc.LoginPerIPPerMinute, idc.SessionMaxAge, idc.MailFrom = cfg.LoginPerIP, cfg.SessionMaxAge, cfg.MailFrom
	a.IDs = identity.New(a.DB, a.Reg, a.Access, a.Mail, a.Cat, idc)
	a.Org = org.New(a.DB, a.IDs, a.Access, a.Cat)
	a.Numbering = numbering.New(slices.Concat(masterdata.Sequences(), inventory.Sequences(), purchasing.Sequences(), sales.Sequences())...)
	recReg := &records.Registry{}
	masterdata.Register(recReg)
	inventory.Register(recReg)
	sales.Register(recReg)
	a.Records = records.New(a.DB, recReg, a.Numbering, a.Cat, a.IDs)
	// A new tenant gets the built-in dictionary items with its admin.
	a.Org.OnTenantCreate(a.Records.SeedDicts)
	a.Jobs = jobs.New(a.DB, a.IDs)
	a.IO = recordio.New(a.DB, a.Records, a.Jobs, a.Cat)
	a.Master = masterdata.New(a.Records, a.DB)
	a.Inventory = inventory.New(a.DB, a.Master)
	a.Approval = approval.New(a.DB)
	a.Notify = notify.New(a.DB, a.Cat)
	a.Approval.SetNotifier(approvalNotes{a.Notify})
	a.Inventory.SetDocuments(a.Numbering, a.Approval)
	a.Approval.RegisterDoc(inventory.AdjustmentDocHandler(a.Inventory, a.Cat))
	a.Purchasing = purchasing.New(a.DB, a.Master, a.Inventory, a.Approval, a.Numbering)
	a.Approval.RegisterDoc(purchasing.ApprovalDoc(a.Purchasing))
	a.Sales = sales.New(a.DB, a.Master, a.Inventory, a.Approval, a.Numbering)
	a.Approval.RegisterDoc(sales.ApprovalDoc(a.Sales))
	a.Approval.RegisterDoc(sales.QuoteApprovalDoc(a.Sales))
	a.Inventory.SetAlerter(lowStockNotes{a})

	// Business modules' groups go after master data, in order-to-cash order.
	menu := &web.Menu{Groups: []string{"menu.home", "menu.masterdata", "menu.sales", "menu.purchasing", "menu.inventory", "menu.platform", "menu.admin", "menu.me", "menu.help"}}
	render, err := web.NewRenderer(a.Cat, web.NewStatic(), menu, views()...)
	if err != nil {
		return nil, err
	}
	a.Server = web.NewServer(a.Cat, a.IDs, render, web.Config{SecureCookies: cfg.SecureCookies, TrustProxy: cfg.TrustProxy})
	a.Server.Menu = menu
	a.Server.Wrap = append(a.Server.Wrap, a.Server.Idempotency(a.DB))
	a.API = web.NewAPI(a.Server, Version)
	a.routes()
	return a, nil
}

// Handler is the HTTP handler of the whole application.
func (a *App) Handler() http.Handler { return a.Server.Handler() }

// Start gives every tenant the built-in dictionary items a new version
// added (records.UpgradeDicts), then runs the background workers (jobs)
// and the schedule (month-end stock snapshots) until ctx ends or Close.
func (a *App) Start(ctx context.Context) error {
	if err := a.Records.UpgradeDicts(ctx); err != nil {
		return err
	}
	if err := a.Jobs.Start(ctx); err != nil {
		return err
	}
	a.startSchedule(ctx)
	return nil
}

// Close stops the workers and the schedule and releases the database.
func (a *App) Close() error {
	a.stopSchedule()
	a.Jobs.Stop()
	return a.DB.Close()
}

// catalogs lists module message catalogs beyond the platform's own.
func catalogs() []fs.FS {
	return []fs.FS{records.Locales(), recordapi.Locales(), recordui.Locales(), recordio.Locales(), jobs.Locales(), approval.Locales(),
		notify.Locales(), masterdata.Locales(), inventory.Locales(), purchasing.Locales(), sales.Locales()}
}

// views lists module template folders beyond the platform's own.
func views() []fs.FS {
	return []fs.FS{recordui.Views(), recordio.Views(), inventory.Views(), purchasing.Views(), sales.Views()}
}
