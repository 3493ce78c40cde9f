package app_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// listUsers returns the visible users by username, following every page.
func listUsers(t testing.TB, srv *httptest.Server, token, query string) map[string]user {
	t.Helper()
	out := map[string]user{}
	url := srv.URL + "/api/v1/users?limit=2&" + query
	for next := url; next != ""; {
		p := decode[page[user]](t, mustDo(t, http.StatusOK, http.MethodGet, next, token, nil))
		for _, u := range p.Items {
			if _, dup := out[u.Username]; dup {
				t.Errorf("%s listed twice", u.Username)
			}
			out[u.Username] = u
		}
		next = ""
		if p.NextCursor != nil {
			next = url + "&cursor=" + *p.NextCursor
		}
	}
	return out
}

func names(m map[string]user) string {
	var out []string
	for n := range m {
		out = append(out, n)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// Data scope: a role's users.view reaches the user's own record ("own"),
// their department ("dept") or the department and those below it
// ("dept_tree"); records outside are absent from lists and 404 one by one.
// Phones are masked 138****1234 style unless the role holds users.unmask;
// one's own phone is always clear.
func TestUserDataScopeAndMasking(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv := newTestApp(t, d)
		admin := adminToken(t, srv)
		root := rootDept(t, srv, admin)
		deptA := createDept(t, srv, admin, root.ID, "销售一部")
		teamA := createDept(t, srv, admin, deptA.ID, "一部一组")
		deptB := createDept(t, srv, admin, root.ID, "销售二部")
		view := []string{"users.view"}
		roles := map[string]int64{
			"own":      createRole(t, srv, admin, "u-own", view, map[string]string{"users": "own"}).ID,
			"implicit": createRole(t, srv, admin, "u-implicit", view, nil).ID,
			"dept":     createRole(t, srv, admin, "u-dept", view, map[string]string{"users": "dept"}).ID,
			"tree":     createRole(t, srv, admin, "u-tree", view, map[string]string{"users": "dept_tree"}).ID,
			"unmask":   createRole(t, srv, admin, "u-unmask", []string{"users.view", "users.unmask"}, map[string]string{"users": "dept"}).ID,
		}
		people := []struct {
			name, role, phone string
			dept              int64
		}{
			{"aown", "own", "13812341234", deptA.ID},
			{"aimplicit", "implicit", "13811112222", deptA.ID},
			{"adept", "dept", "13955556666", deptA.ID},
			{"atree", "tree", "13733334444", deptA.ID},
			{"aunmask", "unmask", "13700001111", deptA.ID},
			{"team1", "own", "13566667777", teamA.ID},
			{"bdept", "dept", "13600002222", deptB.ID},
		}
		ids := map[string]int64{}
		phones := map[string]string{}
		for _, p := range people {
			u := createUser(t, srv, admin, p.name, map[string]any{"phone": p.phone, "department_id": p.dept, "role_ids": []int64{roles[p.role]}})
			ids[p.name], phones[p.name] = u.ID, p.phone
		}
		deptAUsers := "adept aimplicit aown atree aunmask"
		cases := []struct {
			who     string
			sees    string
			unmasks bool
		}{
			{"aown", "aown", false},
			{"aimplicit", "aimplicit", false}, // users.view without a scope means own records
			{"adept", deptAUsers, false},
			{"atree", deptAUsers + " team1", false},
			{"aunmask", deptAUsers, true},
			{"bdept", "bdept", false},
		}
		for _, c := range cases {
			t.Run(c.who, func(t *testing.T) {
				tok := login(t, srv, "demo", c.who, pw)
				got := listUsers(t, srv, tok, "")
				if names(got) != c.sees {
					t.Errorf("%s sees [%s], want [%s]", c.who, names(got), c.sees)
				}
				total := decode[struct {
					Total int `json:"total"`
				}](t, mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/api/v1/users", tok, nil)).Total
				if total != len(strings.Fields(c.sees)) {
					t.Errorf("%s: total %d, want %d", c.who, total, len(strings.Fields(c.sees)))
				}
				for name, u := range got {
					want := phones[name]
					if name != c.who && !c.unmasks {
						want = want[:3] + "****" + want[len(want)-4:]
					}
					if u.Phone != want {
						t.Errorf("%s sees %s's phone as %q, want %q", c.who, name, u.Phone, want)
					}
					one := getUser(t, srv, tok, u.ID)
					if one.Phone != want {
						t.Errorf("%s: GET %s shows phone %q, want %q", c.who, name, one.Phone, want)
					}
				}
				for name, id := range ids {
					if _, ok := got[name]; ok {
						continue
					}
					resp, b := do(t, http.MethodGet, fmt.Sprintf("%s/api/v1/users/%d", srv.URL, id), tok, nil)
					wantProblem(t, c.who+" reads "+name, resp, b, http.StatusNotFound, "not_found")
					if strings.Contains(string(b), phones[name][7:]) {
						t.Errorf("%s's 404 for %s shows their phone: %s", c.who, name, b)
					}
				}
				// Searching does not widen the scope.
				if hits := listUsers(t, srv, tok, "q=bdept"); c.who != "bdept" && len(hits) != 0 {
					t.Errorf("%s finds %s by searching", c.who, names(hits))
				}
			})
		}

		// The built-in manager role sees everyone (scope all) with masked phones.
		manager := login(t, srv, "demo", "manager", app.DemoPassword)
		all := listUsers(t, srv, manager, "")
		if len(all) != len(people)+len(app.DemoUsers) {
			t.Errorf("manager sees %d users, want %d: %s", len(all), len(people)+len(app.DemoUsers), names(all))
		}
		if p := all["aown"].Phone; p != "138****1234" {
			t.Errorf("manager sees aown's phone as %q, want 138****1234", p)
		}
		// The admin holds users.unmask.
		if p := listUsers(t, srv, admin, "q=aown")["aown"].Phone; p != "13812341234" {
			t.Errorf("admin sees aown's phone as %q, want it clear", p)
		}
		// Filtering by department stays inside the scope too.
		tok := login(t, srv, "demo", "bdept", pw)
		if got := listUsers(t, srv, tok, fmt.Sprintf("department_id=%d", deptA.ID)); len(got) != 0 {
			t.Errorf("bdept lists department A: %s", names(got))
		}
	})
}
