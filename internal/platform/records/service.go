package records

import (
	"context"
	"sync"

	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/numbering"
	recmig "github.com/taihe-erp/taihe/internal/platform/records/migrations"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// CountCap bounds a list's record count: the list counts at most this many
// matching rows (SELECT count(*) FROM (SELECT 1 … LIMIT CountCap+1)) and
// shows "10,000+" beyond, so a list of a million rows never runs an
// unbounded count(*). The same cap as every list's (list.CountCap).
const CountCap = list.CountCap

// countCap is CountCap; tests lower it to see the cap at work.
var countCap = CountCap

// Service is the engine. One per application.
type Service struct {
	db  *db.DB
	reg *Registry
	num *numbering.Service
	cat *i18n.Catalog

	metas map[*Type]*meta
	dicts *dictCache

	txMu sync.Mutex
	txc  *txCache // lookups of the most recent write transaction
}

// New wires the engine: it registers DictItems in reg, checks every type
// (a Ref to an unknown type, a bad field name… panic: wiring bugs), and
// registers the Reassignable of every Owned type with ids. Call it before
// anything iterates reg.Types().
func New(d *db.DB, reg *Registry, num *numbering.Service, cat *i18n.Catalog, ids *identity.Service) *Service {
	if _, ok := reg.Type(DictItems.Key); !ok {
		reg.Add(DictItems)
	}
	reg.check()
	s := &Service{db: d, reg: reg, num: num, cat: cat, metas: map[*Type]*meta{}, dicts: newDictCache()}
	for _, t := range reg.types {
		s.metas[t] = buildMeta(t)
	}
	link(s.metas, reg)
	for _, t := range reg.types {
		if t.Owned && ids != nil {
			ids.RegisterReassignable(reassigner{s: s, m: s.metas[t]})
		}
	}
	return s
}

// MigrationSet is the engine's tables (shares, duplicate keys, dictionary
// items, attachments). It runs after the platform's set and before the
// modules that declare types.
func MigrationSet() db.MigrationSet { return recmig.Set() }

// ModuleDefs are the permissions the engine itself needs: dictionaries.
func ModuleDefs() []tenant.ModuleDef {
	return []tenant.ModuleDef{{Key: DictModule,
		Actions: []tenant.Action{tenant.View, tenant.Create, tenant.Edit, tenant.Export},
		// Every staff role reads the lists it picks from; editing them is the
		// admin's (and whoever is granted it).
		Defaults: map[string][]tenant.Action{access.RoleManager: {tenant.View}, access.RoleSales: {tenant.View},
			access.RoleWarehouse: {tenant.View}, access.RoleFinance: {tenant.View}, access.RoleService: {tenant.View}}}}
}

// Registry is the registry the service was built with.
func (s *Service) Registry() *Registry { return s.reg }

// meta returns the derived form of a registered type. An unregistered type
// is a wiring bug.
func (s *Service) meta(t *Type) *meta {
	if m, ok := s.metas[t]; ok {
		return m
	}
	if rt, ok := s.reg.Type(t.Key); ok {
		return s.metas[rt]
	}
	panic("records: type not registered: " + t.Key)
}

// allow checks <Type.Module>.<action>.
func allow(sc tenant.Scope, t *Type, a tenant.Action) error {
	if sc.IsZero() {
		panic("records: call without a scope") // a bug, never user input
	}
	if !sc.Can(tenant.P(t.Module, a)) {
		return errs.Forbidden("forbidden")
	}
	return nil
}

// T translates a catalog key in the caller's language (the key itself when
// the service has no catalog, as in some tests).
func (s *Service) t(locale, key string, data map[string]any) string {
	if s.cat == nil {
		return key
	}
	return s.cat.T(locale, key, data)
}

type dryRunKey struct{}

// DryRun marks ctx for a validation run whose transaction is rolled back
// (an import's dry run): CreateTx and UpdateTx validate everything as
// usual but skip what nobody will see — the search text, which costs the
// most on SQLite (FTS5 indexing), and the audit row.
func DryRun(ctx context.Context) context.Context { return context.WithValue(ctx, dryRunKey{}, true) }

func isDryRun(ctx context.Context) bool { v, _ := ctx.Value(dryRunKey{}).(bool); return v }

// Get reads one record visible to sc (404 errs.NotFound otherwise).
// Requires <module>.view.
func (s *Service) Get(ctx context.Context, sc tenant.Scope, t *Type, id int64) (Record, error) {
	if err := allow(sc, t, tenant.View); err != nil {
		return Record{}, err
	}
	m := s.meta(t)
	q := s.db.Read()
	r, err := s.load(ctx, q, sc, m, id, false)
	if err != nil {
		return Record{}, err
	}
	recs := []Record{r}
	if err := s.finish(ctx, q, sc, m, recs); err != nil {
		return Record{}, err
	}
	return recs[0], nil
}

// TotalCapped reports whether a page's Total stopped at the cap.
func TotalCapped(total int) bool { return total > CountCap }

// CreateTx and UpdateTx are Create and Update inside the caller's
// transaction (imports commit every row in one). The permission is checked
// by the caller once. UpdateTx with version 0 skips the version check.
// Both return the record without labels; phones are masked for sc.
func (s *Service) CreateTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, t *Type, in Input) (Record, error) {
	return s.write(ctx, tx, sc, s.meta(t), 0, 0, in)
}

func (s *Service) UpdateTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, t *Type, id int64, version int, in Input) (Record, error) {
	if id <= 0 {
		return Record{}, errs.NotFound("not_found")
	}
	return s.write(ctx, tx, sc, s.meta(t), id, version, in)
}

// Create validates in and writes a new record with its audit row, in one
// transaction. Requires <module>.create.
func (s *Service) Create(ctx context.Context, sc tenant.Scope, t *Type, in Input) (Record, error) {
	if err := allow(sc, t, tenant.Create); err != nil {
		return Record{}, err
	}
	return s.writeOwnTx(ctx, sc, t, 0, 0, in)
}

// Update applies in to the record if it is still at version, in one
// transaction (409 errs.Stale otherwise). Requires <module>.edit.
func (s *Service) Update(ctx context.Context, sc tenant.Scope, t *Type, id int64, version int, in Input) (Record, error) {
	if err := allow(sc, t, tenant.Edit); err != nil {
		return Record{}, err
	}
	if id <= 0 {
		return Record{}, errs.NotFound("not_found")
	}
	return s.writeOwnTx(ctx, sc, t, id, version, in)
}

func (s *Service) writeOwnTx(ctx context.Context, sc tenant.Scope, t *Type, id int64, version int, in Input) (Record, error) {
	m := s.meta(t)
	var r Record
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		r, err = s.write(ctx, tx, sc, m, id, version, in)
		return err
	})
	if err != nil {
		return Record{}, err
	}
	// Labels after commit: the record's own values are already masked, so
	// only the labels and shares are added here.
	recs := []Record{r}
	if err := s.labels(ctx, s.db.Read(), sc, m, recs); err != nil {
		return Record{}, err
	}
	return recs[0], nil
}

// ParseInput turns raw values (form strings, JSON) into an Input of typed
// values without validating references — for callers that must show what
// a value parses to. Field errors are errs.Invalid. Unknown keys are
// dropped.
func (s *Service) ParseInput(t *Type, in Input) (Input, error) {
	m := s.meta(t)
	var c errs.Collector
	out := Input{}
	for _, f := range m.fields {
		raw, ok := in[f.Name]
		if !ok {
			continue
		}
		v, fe := parseField(f, raw)
		if fe != nil {
			c.AddField(*fe)
			continue
		}
		out[f.Name] = v
	}
	if t.Owned {
		if raw, ok := in["owner_id"]; ok {
			n, present, code := parseInt(raw)
			switch {
			case code != "" || (present && n <= 0):
				c.Add("owner_id", "field.unknown")
			case present:
				out["owner_id"] = n
			default:
				out["owner_id"] = nil
			}
		}
		for _, k := range []string{"shared_user_ids", "shared_department_ids"} {
			if raw, ok := in[k]; ok {
				ids, good := parseIDs(raw)
				if !good {
					c.Add(k, "field.unknown")
					continue
				}
				out[k] = ids
			}
		}
	}
	return out, c.Err()
}
