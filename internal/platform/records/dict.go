package records

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// DictModule is the permission module of dictionaries (view, create, edit).
const DictModule = "dictionaries"

// DictItems is the Type of dictionary items, so dictionaries are edited
// through the same list, form, API and import as every record type:
// fields dict (the Dict key), code, name, parent_id (tree dictionaries),
// sort_order, color, active. Items are never deleted, only deactivated;
// dict and code never change (records store the code). New registers it in
// every Registry it serves.
var DictItems = &Type{
	Key: "dict_items", Path: "dictionaries", Module: DictModule,
	Label: "dict_items.one", Plural: "dict_items.title",
	Fields: []Field{
		{Name: "dict", Kind: Text, Required: true, MaxLen: 64, Filter: true, List: true, Example: "customer_source"},
		{Name: "code", Kind: Text, Required: true, MaxLen: 64, List: true, Sort: true, Example: "expo"},
		{Name: "name", Kind: Text, MaxLen: 100, List: true, Hint: "dict_items.name_hint"},
		{Name: "parent_id", Kind: Ref, Ref: "dict_items", Filter: true, ListHide: true},
		{Name: "sort_order", Kind: Int, Default: int64(0), List: true, Sort: true},
		{Name: "color", Kind: Color, List: true},
		{Name: "active", Kind: Bool, Default: true, List: true, Filter: true},
	},
	NameField: "name", CodeField: "code", DefaultSort: "sort_order",
	Parent: "parent_id", MaxDepth: 3,
	Hooks: Hooks{Check: checkDictItem},
}

// DictOption is one item as a select shows it.
type DictOption struct {
	Code   string `json:"code"`
	Label  string `json:"label"` // the tenant's name, or the built-in label in the caller's language
	Color  string `json:"color,omitempty"`
	Parent string `json:"parent,omitempty"`
	Active bool   `json:"active"`
}

// DictOptions lists a dictionary's items in order (inactive ones only when
// withInactive, for showing a stored value). Any signed-in user may read
// them (forms need them).
func (s *Service) DictOptions(ctx context.Context, sc tenant.Scope, dict string, withInactive bool) ([]DictOption, error) {
	if sc.IsZero() {
		panic("records: call without a scope")
	}
	if _, ok := s.reg.Dictionary(dict); !ok {
		return nil, errs.NotFound("not_found")
	}
	td, err := s.dicts.get(ctx, db.Tenant(s.db.Read(), sc.Tenant()))
	if err != nil {
		return nil, err
	}
	out := []DictOption{}
	for _, it := range td.byDict[dict] {
		if !it.Active && !withInactive {
			continue
		}
		o := DictOption{Code: it.Code, Label: s.dictLabel(sc.Locale(), it), Active: it.Active}
		if it.Color != nil {
			o.Color = *it.Color
		}
		if it.Parent != nil {
			if p, ok := td.byID[*it.Parent]; ok {
				o.Parent = p.Code
			}
		}
		out = append(out, o)
	}
	return out, nil
}

// SeedDicts adds the built-in items of every registered dictionary that
// the tenant does not have yet (by code); run when a tenant is created and
// after an upgrade adds dictionaries. Existing items are left as the
// tenant edited them.
func (s *Service) SeedDicts(ctx context.Context, tx *db.Tx, tenantID int64) error {
	q := db.Tenant(tx, tenantID)
	var have []struct {
		ID   int64  `db:"id"`
		Dict string `db:"dict"`
		Code string `db:"code"`
	}
	if err := q.Select(ctx, &have, `SELECT id, dict, code FROM dict_items WHERE tenant_id = ?`, tenantID); err != nil {
		return err
	}
	ids := map[string]int64{}
	for _, h := range have {
		ids[h.Dict+"\x00"+h.Code] = h.ID
	}
	now := db.Now()
	for _, d := range s.reg.dicts {
		// Parents first: an item whose parent comes later waits a pass.
		pending := slices.Clone(d.Items)
		order := map[string]int{}
		for i, it := range d.Items {
			order[it.Code] = (i + 1) * 10
		}
		for len(pending) > 0 {
			var later []DictItem
			for _, it := range pending {
				if _, ok := ids[d.Key+"\x00"+it.Code]; ok {
					continue
				}
				var parent any
				if it.Parent != "" {
					pid, ok := ids[d.Key+"\x00"+it.Parent]
					if !ok {
						later = append(later, it)
						continue
					}
					parent = pid
				}
				var color any
				if it.Color != "" {
					color = strings.ToLower(it.Color)
				}
				id, err := db.Insert(ctx, q, `INSERT INTO dict_items (tenant_id, version, created_at, updated_at, dict, code, name,
					parent_id, sort_order, color, active) VALUES (?, 1, ?, ?, ?, ?, NULL, ?, ?, ?, TRUE)`,
					tenantID, now, now, d.Key, it.Code, parent, order[it.Code], color)
				if err != nil {
					return err
				}
				ids[d.Key+"\x00"+it.Code] = id
			}
			if len(later) == len(pending) {
				panic("records: dictionary " + d.Key + ": item " + later[0].Code + " has an unknown parent " + later[0].Parent)
			}
			pending = later
		}
	}
	if _, err := q.Exec(ctx, `INSERT INTO dict_seeds (tenant_id, fingerprint) VALUES (?, ?)
		ON CONFLICT (tenant_id) DO UPDATE SET fingerprint = excluded.fingerprint`, tenantID, s.reg.dictFingerprint()); err != nil {
		return err
	}
	tx.AfterCommit(func() { s.dicts.drop(tenantID) })
	return nil
}

// UpgradeDicts runs SeedDicts for every tenant given an older set of
// built-in dictionary items than the registry's (an upgrade added
// regions, units or statuses). At a start with nothing new it is one
// query, however many tenants there are.
func (s *Service) UpgradeDicts(ctx context.Context) error {
	var ids []int64
	if err := s.db.Read().Select(ctx, &ids, `SELECT t.id FROM tenants t LEFT JOIN dict_seeds d ON d.tenant_id = t.id
		WHERE t.code <> '' AND (d.fingerprint IS NULL OR d.fingerprint <> ?) ORDER BY t.id`, s.reg.dictFingerprint()); err != nil {
		return fmt.Errorf("records: tenants to give dictionaries: %w", err)
	}
	for _, id := range ids {
		if err := s.db.InTx(ctx, func(tx *db.Tx) error { return s.SeedDicts(ctx, tx, id) }); err != nil {
			return fmt.Errorf("records: dictionaries of tenant %d: %w", id, err)
		}
	}
	return nil
}

// checkDictItem is DictItems' Check hook: (dict, code) unique per tenant,
// dict and code fixed once created, the parent in the same dictionary.
func checkDictItem(ctx context.Context, tx db.Querier, sc tenant.Scope, r *Record, old *Record) error {
	q := db.Tenant(tx, sc.Tenant())
	dict, code := r.String("dict"), r.String("code")
	var c errs.Collector
	if old != nil {
		if dict != old.String("dict") {
			c.Add("dict", "field.immutable")
		}
		if code != old.String("code") {
			c.Add("code", "field.immutable")
		}
	} else if dict != "" && code != "" {
		var ids []int64
		if err := q.Select(ctx, &ids, `SELECT id FROM dict_items WHERE tenant_id = ? AND dict = ? AND code = ? LIMIT 1`,
			q.Tenant, dict, code); err != nil {
			return err
		}
		if len(ids) > 0 {
			c.Add("code", "field.taken")
		}
	}
	if parent := r.Int("parent_id"); parent != 0 {
		var dicts []string
		if err := q.Select(ctx, &dicts, `SELECT dict FROM dict_items WHERE tenant_id = ? AND id = ?`, q.Tenant, parent); err != nil {
			return err
		}
		if len(dicts) == 1 && dicts[0] != dict {
			c.Add("parent_id", "field.invalid_choice")
		}
	}
	return c.Err()
}

// checkDictKey is the part of the dictionary item rules that needs the
// registry: a known dictionary, and parents only in tree dictionaries.
func (s *Service) checkDictKey(ch *change) {
	dict, _ := ch.vals["dict"].(string)
	if dict == "" || ch.failed["dict"] {
		return
	}
	d, ok := s.reg.Dictionary(dict)
	if !ok {
		ch.c.Add("dict", "field.invalid_choice")
		ch.failed["dict"] = true
		return
	}
	if ch.vals["parent_id"] != nil && !d.Tree && ch.changed("parent_id") {
		ch.c.Add("parent_id", "field.invalid")
		ch.failed["parent_id"] = true
	}
}

// dictActive reports whether code is an active item of dict: from the
// cache when it says so, else from q (an item created or reactivated in
// the same transaction).
func (s *Service) dictActive(ctx context.Context, q db.Scoped, dict, code string) (bool, error) {
	if td, err := s.dicts.get(ctx, db.Tenant(s.db.Read(), q.Tenant)); err == nil {
		if it, ok := td.byCode[dict][code]; ok && it.Active {
			return true, nil
		}
	}
	var active []bool
	if err := q.Select(ctx, &active, `SELECT active FROM dict_items WHERE tenant_id = ? AND dict = ? AND code = ?`,
		q.Tenant, dict, code); err != nil {
		return false, err
	}
	return len(active) == 1 && active[0], nil
}

func (s *Service) dictLabel(locale string, it *dictItem) string {
	if it.Name != nil && *it.Name != "" {
		return *it.Name
	}
	return s.t(locale, DictItemLabelKey(it.Dict, it.Code), nil)
}

type dictItem struct {
	ID     int64   `db:"id"`
	Dict   string  `db:"dict"`
	Code   string  `db:"code"`
	Name   *string `db:"name"`
	Parent *int64  `db:"parent_id"`
	Sort   *int64  `db:"sort_order"`
	Color  *string `db:"color"`
	Active bool    `db:"active"`
}

// tenantDicts is every dictionary item of one tenant, as committed.
type tenantDicts struct {
	loaded time.Time
	byDict map[string][]*dictItem // in display order: sort_order, code
	byCode map[string]map[string]*dictItem
	byID   map[int64]*dictItem
}

func (td *tenantDicts) label(s *Service, locale, dict, code string) string {
	if it, ok := td.byCode[dict][code]; ok {
		return s.dictLabel(locale, it)
	}
	return code
}

// dictCache keeps each tenant's dictionaries for labels and validation. It
// is loaded from the read pool only (never from a transaction, whose
// changes may roll back), dropped when this server commits a change, and
// reloaded after dictTTL so another server's edits show up.
type dictCache struct {
	mu  sync.Mutex
	m   map[int64]*tenantDicts
	gen map[int64]int // bumped by drop, so a load that raced a commit is not kept
}

const dictTTL = 30 * time.Second

func newDictCache() *dictCache { return &dictCache{m: map[int64]*tenantDicts{}, gen: map[int64]int{}} }

func (c *dictCache) drop(tenantID int64) {
	c.mu.Lock()
	delete(c.m, tenantID)
	c.gen[tenantID]++
	c.mu.Unlock()
}

func (c *dictCache) get(ctx context.Context, read db.Scoped) (*tenantDicts, error) {
	c.mu.Lock()
	td, gen := c.m[read.Tenant], c.gen[read.Tenant]
	c.mu.Unlock()
	if td != nil && time.Since(td.loaded) < dictTTL {
		return td, nil
	}
	var items []*dictItem
	if err := read.Select(ctx, &items, `SELECT id, dict, code, name, parent_id, sort_order, color, active
		FROM dict_items WHERE tenant_id = ?`, read.Tenant); err != nil {
		return nil, err
	}
	slices.SortFunc(items, func(a, b *dictItem) int {
		if x, y := deref(a.Sort), deref(b.Sort); x != y {
			return int(min(max(x-y, -1), 1))
		}
		return strings.Compare(a.Code, b.Code)
	})
	td = &tenantDicts{loaded: time.Now(), byDict: map[string][]*dictItem{}, byCode: map[string]map[string]*dictItem{},
		byID: make(map[int64]*dictItem, len(items))}
	for _, it := range items {
		td.byDict[it.Dict] = append(td.byDict[it.Dict], it)
		if td.byCode[it.Dict] == nil {
			td.byCode[it.Dict] = map[string]*dictItem{}
		}
		td.byCode[it.Dict][it.Code] = it
		td.byID[it.ID] = it
	}
	c.mu.Lock()
	if c.gen[read.Tenant] == gen {
		c.m[read.Tenant] = td
	}
	c.mu.Unlock()
	return td, nil
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}
