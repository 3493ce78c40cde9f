package app_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// Following next_cursor through GET /api/v1/users visits every user exactly
// once, in order, whatever the sort (API.md § Reading); q matches literally.
func TestUserListPaging(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv := newTestApp(t, d)
		admin := adminToken(t, srv)
		// Equal display names force the id tie-breaker.
		for i, name := range []string{"张三", "张三", "李四", "王五_50%", "王五x50y", "张三"} {
			createUser(t, srv, admin, fmt.Sprintf("pager%d", i), map[string]any{"display_name": name})
		}
		all := decode[page[user]](t, mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/api/v1/users?limit=200", admin, nil)).Items
		for _, sort := range []string{"", "id", "-id", "username", "-username", "display_name", "-display_name", "created_at", "-created_at", "status"} {
			t.Run("sort="+sort, func(t *testing.T) {
				seen := map[int64]bool{}
				var order []string
				base := srv.URL + "/api/v1/users?limit=2&sort=" + url.QueryEscape(sort)
				next := base
				for pages := 0; next != ""; pages++ {
					if pages > len(all) {
						t.Fatalf("more pages than users: cursor loops")
					}
					p := decode[page[user]](t, mustDo(t, http.StatusOK, http.MethodGet, next, admin, nil))
					for _, u := range p.Items {
						if seen[u.ID] {
							t.Errorf("user %d (%s) listed twice", u.ID, u.Username)
						}
						seen[u.ID] = true
						order = append(order, u.Username)
					}
					next = ""
					if p.NextCursor != nil {
						next = base + "&cursor=" + url.QueryEscape(*p.NextCursor)
					}
				}
				if len(seen) != len(all) {
					t.Errorf("paging saw %d of %d users: %v", len(seen), len(all), order)
				}
			})
		}
		for q, want := range map[string]string{"50%": "pager3", "_50": "pager3", "x50": "pager4", "pager": "pager0 pager1 pager2 pager3 pager4 pager5"} {
			got := listUsers(t, srv, admin, "q="+url.QueryEscape(q))
			if names(got) != want {
				t.Errorf("q=%q finds [%s], want [%s]", q, names(got), want)
			}
		}
		resp, b := do(t, http.MethodGet, srv.URL+"/api/v1/users?limit=201", admin, nil)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(b), `"limit"`) {
			t.Errorf("limit 201: %d %s", resp.StatusCode, b)
		}
		resp, b = do(t, http.MethodGet, srv.URL+"/api/v1/users?sort=password_hash", admin, nil)
		wantProblem(t, "sort by an undeclared column", resp, b, http.StatusUnprocessableEntity, "field:sort=field.invalid")
		resp, b = do(t, http.MethodGet, srv.URL+"/api/v1/users?cursor=not-a-cursor", admin, nil)
		wantProblem(t, "garbage cursor", resp, b, http.StatusUnprocessableEntity, "field:cursor=field.invalid")
	})
}
