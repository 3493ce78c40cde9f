package web

import (
	"net/http"
	"sort"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Access says who may call a route.
type Access int

const (
	// Public routes need no session. They are listed in one place:
	// every Public registration shows up in Server.PublicRoutes.
	Public Access = iota
	// SignedIn needs a session and nothing else (the caller's own data).
	SignedIn
	// Operator needs a platform operator session.
	Operator
	// Perm needs a session holding the route's permission.
	Perm
)

// Route is one registered endpoint, page or API.
type Route struct {
	Method string
	Path   string
	Access Access
	Perm   tenant.Perm
	API    bool
	// Restricted routes stay reachable while the user must first enrol MFA
	// or change an expired password.
	Restricted bool
}

// Routes lists every registered route, sorted by path then method.
func (s *Server) Routes() []Route {
	out := append([]Route(nil), s.routes...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Method < out[j].Method
	})
	return out
}

// PublicRoutes lists the routes reachable without a session.
func (s *Server) PublicRoutes() []Route {
	var out []Route
	for _, r := range s.Routes() {
		if r.Access == Public {
			out = append(out, r)
		}
	}
	return out
}

// Handle registers a page or form endpoint. pattern is "METHOD /path".
func (s *Server) Handle(pattern string, acc Access, perm tenant.Perm, h http.HandlerFunc) {
	s.handle(pattern, Route{Access: acc, Perm: perm}, h)
}

// HandleRestricted is Handle for routes a user must reach before anything
// else (MFA enrolment, password change, sign-out).
func (s *Server) HandleRestricted(pattern string, h http.HandlerFunc) {
	s.handle(pattern, Route{Access: SignedIn, Restricted: true}, h)
}

func (s *Server) handle(pattern string, rt Route, h http.HandlerFunc) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		panic("web: pattern needs a method: " + pattern)
	}
	rt.Method, rt.Path = method, path
	if rt.Access == Perm && rt.Perm == "" {
		panic("web: route needs a permission: " + pattern)
	}
	s.routes = append(s.routes, rt)
	s.mux.Handle(pattern, s.guard(rt, h))
}

// guard enforces a route's access rule before the handler runs. Services
// check again below HTTP; this makes the rule visible and testable per route.
func (s *Server) guard(rt Route, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := s.check(r, rt); err != nil {
			s.Fail(w, r, err)
			return
		}
		h(w, r)
	})
}

func (s *Server) check(r *http.Request, rt Route) error {
	if rt.Access == Public {
		return nil
	}
	p, ok := PrincipalFrom(r.Context())
	if !ok {
		if code, _ := r.Context().Value(keyEnded).(string); code != "" {
			return errs.Unauthenticated(code) // e.g. auth.session_idle
		}
		return errs.Unauthenticated("unauthenticated")
	}
	if (p.MustEnrolMFA || p.PasswordExpired) && !rt.Restricted {
		if p.MustEnrolMFA {
			return errs.Forbidden("auth.mfa_enrol_required")
		}
		return errs.Forbidden("auth.password_expired")
	}
	switch rt.Access {
	case Operator:
		if !p.Scope.IsOperator() {
			return errs.Forbidden("forbidden")
		}
	case Perm:
		if !p.Scope.Can(rt.Perm) {
			return errs.Forbidden("forbidden")
		}
	}
	return nil
}
