package app_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// Ten editors save the same user from the same version at once: exactly one
// wins, the others are told the record changed (409 "stale") and write
// nothing, so the version moves by exactly one and the audit trail holds one
// update.
func TestConcurrentUserEditsOneWins(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv := newTestApp(t, d)
		admin := adminToken(t, srv)
		u := createUser(t, srv, admin, "racer", nil)
		const n = 10
		url := fmt.Sprintf("%s/api/v1/users/%d", srv.URL, u.ID)
		type result struct {
			status int
			body   []byte
			err    error
		}
		results := make([]result, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				<-start
				status, b, err := send(http.MethodPatch, url, admin, map[string]any{"display_name": fmt.Sprintf("编辑者 %d", i), "version": u.Version})
				results[i] = result{status, b, err}
			}(i)
		}
		close(start)
		wg.Wait()
		winner := -1
		for i, r := range results {
			if r.err != nil {
				t.Fatalf("editor %d: %v", i, r.err)
			}
			switch r.status {
			case http.StatusOK:
				if winner >= 0 {
					t.Errorf("editors %d and %d both succeeded", winner, i)
				}
				winner = i
			case http.StatusConflict:
				if p := decode[problem](t, r.body); p.Code != "stale" {
					t.Errorf("editor %d: 409 with code %q, want stale", i, p.Code)
				}
			default:
				t.Errorf("editor %d: status %d: %s", i, r.status, r.body)
			}
		}
		if winner < 0 {
			t.Fatal("no editor succeeded")
		}
		got := getUser(t, srv, admin, u.ID)
		if got.Version != u.Version+1 {
			t.Errorf("version %d after the race, want %d", got.Version, u.Version+1)
		}
		if want := fmt.Sprintf("编辑者 %d", winner); got.DisplayName != want {
			t.Errorf("display name %q, want the winner's %q", got.DisplayName, want)
		}
		if n := len(auditLog(t, srv, admin, fmt.Sprintf("record_type=user&record_id=%d&action=user.update", u.ID))); n != 1 {
			t.Errorf("%d user.update audit rows, want 1", n)
		}
		// The stale version stays refused.
		resp, b := do(t, http.MethodPatch, url, admin, map[string]any{"display_name": "late", "version": u.Version})
		wantProblem(t, "PATCH with the old version", resp, b, http.StatusConflict, "stale")
	})
}
