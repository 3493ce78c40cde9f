package tenant

import "strings"

// Action is what a permission allows on a module.
type Action string

const (
	View      Action = "view"
	Create    Action = "create"
	Edit      Action = "edit"
	Delete    Action = "delete"
	Approve   Action = "approve"
	Export    Action = "export"
	Configure Action = "configure"
	// Unmask shows a module's sensitive fields (phones…) unmasked.
	Unmask Action = "unmask"
)

// Perm is module × action, written "module.action".
type Perm string

// P builds a permission.
func P(module string, a Action) Perm { return Perm(module + "." + string(a)) }

// Module returns the module part.
func (p Perm) Module() string { m, _, _ := strings.Cut(string(p), "."); return m }

// Action returns the action part.
func (p Perm) Action() Action { _, a, _ := strings.Cut(string(p), "."); return Action(a) }

// ModuleDef is what a module registers: its key (also the catalog key
// "module.<key>"), its actions, and which built-in roles get which actions
// and data scope when a tenant is created.
type ModuleDef struct {
	Key     string
	Actions []Action
	// Defaults maps a built-in role code to the actions it gets.
	Defaults map[string][]Action
	// DefaultScope maps a built-in role code to its data scope (default all).
	DefaultScope map[string]DataScope
	// Scoped is true when records have an owner and department, so a data
	// scope applies; the role editor shows a scope only for these.
	Scoped bool
}

// Registry collects module definitions at wiring time (no init() globals).
type Registry struct{ mods []ModuleDef }

// Register adds a module; a duplicate key is a wiring bug.
func (r *Registry) Register(m ModuleDef) {
	for _, x := range r.mods {
		if x.Key == m.Key {
			panic("tenant: module registered twice: " + m.Key)
		}
	}
	r.mods = append(r.mods, m)
}

// Modules lists the registered modules in registration order.
func (r *Registry) Modules() []ModuleDef { return r.mods }

// Valid reports whether p names a registered module and action.
func (r *Registry) Valid(p Perm) bool {
	for _, m := range r.mods {
		if m.Key == p.Module() {
			for _, a := range m.Actions {
				if a == p.Action() {
					return true
				}
			}
		}
	}
	return false
}

// All lists every registered permission.
func (r *Registry) All() []Perm {
	var out []Perm
	for _, m := range r.mods {
		for _, a := range m.Actions {
			out = append(out, P(m.Key, a))
		}
	}
	return out
}
