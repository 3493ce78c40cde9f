// Package tenant defines Scope: who acts, for which tenant, with which
// permissions and data scopes. Every service method takes one; a store cannot
// be built without one. Only the auth middleware, the CLI's system scope and
// the test harness construct scopes.
package tenant

import (
	"sort"
	"strings"
)

// Scope is an immutable view of the caller. The zero value is "no caller".
type Scope struct {
	tenantID   int64
	tenantCode string
	actorID    int64
	actorName  string
	deptID     int64
	operator   bool
	perms      map[Perm]bool
	scopes     map[string]DataScope
	deptTree   []int64 // the actor's department and every department below it
	ip, client string
	locale     string
}

// Params builds a Scope; see NewScope.
type Params struct {
	TenantID   int64
	TenantCode string
	ActorID    int64
	ActorName  string
	DeptID     int64
	Operator   bool
	Perms      []Perm
	Scopes     map[string]DataScope
	DeptTree   []int64
	IP, Client string
	Locale     string
}

// NewScope is called by the session middleware (after authentication), the
// CLI (a system actor for recovery commands) and tests.
func NewScope(p Params) Scope {
	perms := make(map[Perm]bool, len(p.Perms))
	for _, x := range p.Perms {
		perms[x] = true
	}
	return Scope{
		tenantID: p.TenantID, tenantCode: p.TenantCode, actorID: p.ActorID, actorName: p.ActorName,
		deptID: p.DeptID, operator: p.Operator, perms: perms, scopes: p.Scopes, deptTree: p.DeptTree,
		ip: p.IP, client: p.Client, locale: p.Locale,
	}
}

func (s Scope) IsZero() bool       { return s.tenantID == 0 }
func (s Scope) Tenant() int64      { return s.tenantID }
func (s Scope) TenantCode() string { return s.tenantCode }
func (s Scope) Actor() int64       { return s.actorID }
func (s Scope) ActorName() string  { return s.actorName }
func (s Scope) Dept() int64        { return s.deptID }
func (s Scope) IsOperator() bool   { return s.operator }
func (s Scope) IP() string         { return s.ip }
func (s Scope) Client() string     { return s.client }
func (s Scope) Locale() string     { return s.locale }
func (s Scope) DeptTree() []int64  { return s.deptTree }
func (s Scope) Can(p Perm) bool    { return s.perms[p] }

// Perms lists the granted permissions, sorted (for the "me" endpoint).
func (s Scope) Perms() []Perm {
	out := make([]Perm, 0, len(s.perms))
	for p := range s.perms {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// WithLocale returns a copy with another locale (the header switch).
func (s Scope) WithLocale(l string) Scope { s.locale = l; return s }

// DataScope is how far a role sees a module's records.
type DataScope int

const (
	ScopeNone DataScope = iota
	ScopeOwn
	ScopeDept
	ScopeDeptTree
	ScopeAll
)

var scopeNames = []string{"none", "own", "dept", "dept_tree", "all"}

func (d DataScope) String() string { return scopeNames[d] }

// ParseDataScope reads a stored scope name.
func ParseDataScope(s string) (DataScope, bool) {
	for i, n := range scopeNames {
		if n == s {
			return DataScope(i), true
		}
	}
	return ScopeNone, false
}

// DataScopeOf is the widest scope the actor has for a module (roles combine).
func (s Scope) DataScopeOf(module string) DataScope { return s.scopes[module] }

// Visibility returns an SQL condition (starting with " AND ") restricting a
// module's rows to the actor's data scope, given the owner and department
// columns of the table. ScopeAll adds nothing; no scope matches nothing.
func (s Scope) Visibility(module, ownerCol, deptCol string) (string, []any) {
	return AnyOf(s.VisibilityTerms(module, ownerCol, deptCol))
}

// AnyOf joins alternatives as VisibilityTerms gives them into one
// condition (" AND (a OR b)"): "" for all, matching nothing for none. The
// OR is flat, so SQLite serves each term from its own index (MULTI-INDEX
// OR) instead of scanning the table.
func AnyOf(terms []string, args [][]any, all bool) (string, []any) {
	switch {
	case all:
		return "", nil
	case len(terms) == 0:
		return " AND 1 = 0", nil
	case len(terms) == 1:
		return " AND " + terms[0], args[0]
	}
	var flat []any
	for _, a := range args {
		flat = append(flat, a...)
	}
	return " AND (" + strings.Join(terms, " OR ") + ")", flat
}

// VisibilityTerms are the alternatives of Visibility (a row is visible
// when any holds), each with its arguments: a query can then count each
// from its own index. all: no restriction; no terms: nothing is visible.
func (s Scope) VisibilityTerms(module, ownerCol, deptCol string) (terms []string, args [][]any, all bool) {
	own := ownerCol + " = ?"
	switch s.DataScopeOf(module) {
	case ScopeAll:
		return nil, nil, true
	case ScopeDeptTree:
		if len(s.deptTree) == 0 {
			return []string{own}, [][]any{{s.actorID}}, false
		}
		ph := strings.TrimSuffix(strings.Repeat("?,", len(s.deptTree)), ",")
		depts := make([]any, 0, len(s.deptTree))
		for _, d := range s.deptTree {
			depts = append(depts, d)
		}
		return []string{deptCol + " IN (" + ph + ")", own}, [][]any{depts, {s.actorID}}, false
	case ScopeDept:
		return []string{deptCol + " = ?", own}, [][]any{{s.deptID}, {s.actorID}}, false
	case ScopeOwn:
		return []string{own}, [][]any{{s.actorID}}, false
	default:
		return nil, nil, false
	}
}

// WithRequest returns a copy for another request of the same session; the
// permission maps are shared, they are never written after NewScope.
func (s Scope) WithRequest(ip, client string) Scope { s.ip, s.client = ip, client; return s }
