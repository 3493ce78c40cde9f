package app_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// testRecords is a record type that exists only in this test: rows owned by
// users, registered as identity.Reassignable the way a module would.
var testRecords = db.MigrationSet{Module: "test_records", FS: fstest.MapFS{
	"0001_test_records.sql": {Data: []byte(`CREATE TABLE test_records (
	id {{pk}},
	tenant_id BIGINT NOT NULL REFERENCES tenants(id),
	owner_id BIGINT NOT NULL REFERENCES users(id),
	title TEXT NOT NULL
);
CREATE INDEX test_records_owner ON test_records (tenant_id, owner_id);`)},
}}

type testRecordType struct {
	// failAfterMove makes Reassign fail after it moved the rows, to prove the
	// move and the disable share one transaction.
	failAfterMove atomic.Bool
}

func (*testRecordType) RecordType() string { return "test_record" }

func (*testRecordType) CountOwned(ctx context.Context, q db.Querier, tenantID, userID int64) (int, error) {
	var n int
	err := db.Tenant(q, tenantID).Get(ctx, &n, `SELECT count(*) FROM test_records WHERE tenant_id = ? AND owner_id = ?`, tenantID, userID)
	return n, err
}

func (r *testRecordType) Reassign(ctx context.Context, tx *db.Tx, sc tenant.Scope, from, to int64) (int, error) {
	res, err := db.Tenant(tx, sc.Tenant()).Exec(ctx, `UPDATE test_records SET owner_id = ? WHERE tenant_id = ? AND owner_id = ?`, to, sc.Tenant(), from)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	if r.failAfterMove.Load() {
		return 0, errors.New("test_records: simulated failure after the move")
	}
	return int(n), nil
}

var _ identity.Reassignable = (*testRecordType)(nil)

// Disabling a user who owns records needs someone to take them over; with
// one, the records move, the user is disabled and signed out, all in one
// transaction, and the trail says so. Re-enabling lets them back in.
func TestDisableReassignsOwnedRecords(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		rt := &testRecordType{}
		_, srv := newTestApp(t, d, testOpts{
			opt:   app.Options{ExtraMigrations: []db.MigrationSet{testRecords}},
			setup: func(a *app.App) { a.IDs.RegisterReassignable(rt) },
		})
		admin := adminToken(t, srv)
		demo := tenantID(t, d, "demo")
		leaver := createUser(t, srv, admin, "leaver", nil)
		heir := createUser(t, srv, admin, "heir", nil)
		bystander := createUser(t, srv, admin, "bystander", nil)
		for i, owner := range []int64{leaver.ID, leaver.ID, leaver.ID, bystander.ID} {
			exec(t, d, `INSERT INTO test_records (tenant_id, owner_id, title) VALUES (?, ?, ?)`, demo, owner, fmt.Sprintf("记录 %d", i))
		}
		leaverToken := login(t, srv, "demo", "leaver", pw)
		apiToken := decode[struct {
			Token string `json:"token"`
		}](t, mustDo(t, http.StatusCreated, http.MethodPost, srv.URL+"/api/v1/me/tokens", leaverToken, map[string]any{"name": "script"})).Token
		owned := func(user int64) int {
			return count(t, d, `SELECT count(*) FROM test_records WHERE tenant_id = ? AND owner_id = ?`, demo, user)
		}
		disable := func(body map[string]any) (*http.Response, []byte) {
			return do(t, http.MethodPost, fmt.Sprintf("%s/api/v1/users/%d/disable", srv.URL, leaver.ID), admin, body)
		}
		unchanged := func(what string) {
			t.Helper()
			if u := getUser(t, srv, admin, leaver.ID); u.Status != "active" || u.Version != leaver.Version {
				t.Errorf("%s: user is %s at version %d, want active at %d", what, u.Status, u.Version, leaver.Version)
			}
			if owned(leaver.ID) != 3 || owned(heir.ID) != 0 {
				t.Errorf("%s: leaver owns %d, heir %d; want 3 and 0", what, owned(leaver.ID), owned(heir.ID))
			}
			wantSignedIn(t, what+": leaver's session", srv, leaverToken)
		}

		ownedAnswer := string(mustDo(t, http.StatusOK, http.MethodGet, fmt.Sprintf("%s/api/v1/users/%d/owned-records", srv.URL, leaver.ID), admin, nil))
		// Every reassignable type is listed; only the test records are owned.
		for _, it := range decode[struct {
			Items []struct {
				RecordType string `json:"record_type"`
				Count      int    `json:"count"`
			} `json:"items"`
		}](t, []byte(ownedAnswer)).Items {
			if want := map[bool]int{true: 3}[it.RecordType == "test_record"]; it.Count != want {
				t.Errorf("owned-records: %s owns %d %s, want %d", ownedAnswer, it.Count, it.RecordType, want)
			}
		}
		if !strings.Contains(ownedAnswer, `"test_record"`) {
			t.Errorf("owned-records: %s", ownedAnswer)
		}

		resp, b := disable(map[string]any{"version": leaver.Version})
		wantProblem(t, "disable without reassign_to", resp, b, http.StatusUnprocessableEntity, "field:reassign_to=users.reassign_required")
		unchanged("refused without reassign_to")
		resp, b = disable(map[string]any{"version": leaver.Version, "reassign_to": leaver.ID})
		wantProblem(t, "reassign to themself", resp, b, http.StatusUnprocessableEntity, "field:reassign_to=users.reassign_self")
		resp, b = disable(map[string]any{"version": leaver.Version, "reassign_to": 999999})
		wantProblem(t, "reassign to nobody", resp, b, http.StatusUnprocessableEntity, "field:reassign_to=field.unknown")
		resp, b = disable(map[string]any{"version": leaver.Version + 1, "reassign_to": heir.ID})
		wantProblem(t, "stale version", resp, b, http.StatusConflict, "stale")
		unchanged("refused with bad input")

		rt.failAfterMove.Store(true)
		if resp, b := disable(map[string]any{"version": leaver.Version, "reassign_to": heir.ID}); resp.StatusCode != http.StatusInternalServerError {
			t.Errorf("disable with a failing record type: %d %s, want 500", resp.StatusCode, b)
		}
		rt.failAfterMove.Store(false)
		unchanged("a failure inside the transaction")

		out := decode[user](t, mustDo(t, http.StatusOK, http.MethodPost, fmt.Sprintf("%s/api/v1/users/%d/disable", srv.URL, leaver.ID), admin,
			map[string]any{"version": leaver.Version, "reassign_to": heir.ID}))
		if out.Status != "disabled" || out.Version != leaver.Version+1 {
			t.Errorf("disabled user: status %s version %d", out.Status, out.Version)
		}
		if owned(leaver.ID) != 0 || owned(heir.ID) != 3 || owned(bystander.ID) != 1 {
			t.Errorf("after disable: leaver %d heir %d bystander %d, want 0 3 1", owned(leaver.ID), owned(heir.ID), owned(bystander.ID))
		}
		wantSignedOut(t, "disabled user's session", srv, leaverToken)
		wantSignedOut(t, "disabled user's API token", srv, apiToken)
		resp, b = tryLogin(t, srv, "demo", "leaver", pw, "")
		wantProblem(t, "disabled user signs in", resp, b, http.StatusUnauthorized, "auth.invalid_credentials")

		reassign := auditLog(t, srv, admin, "action=user.reassign")
		if len(reassign) != 1 || reassign[0].RecordType != "test_record" {
			t.Fatalf("user.reassign entries: %+v", reassign)
		}
		changes := map[string][2]any{}
		for _, c := range reassign[0].Changes {
			changes[c.Field] = [2]any{c.Before, c.After}
		}
		if changes["owner_id"] != [2]any{float64(leaver.ID), float64(heir.ID)} || changes["count"][1] != float64(3) {
			t.Errorf("user.reassign changes %+v, want owner %d→%d and count 3", reassign[0].Changes, leaver.ID, heir.ID)
		}
		if n := len(auditLog(t, srv, admin, fmt.Sprintf("action=user.disable&record_id=%d", leaver.ID))); n != 1 {
			t.Errorf("%d user.disable entries, want 1", n)
		}
		resp, b = disable(map[string]any{"version": out.Version})
		wantProblem(t, "disable twice", resp, b, http.StatusConflict, "users.already_disabled")

		// Someone who owns nothing needs no heir.
		idle := createUser(t, srv, admin, "idleuser", nil)
		mustDo(t, http.StatusOK, http.MethodPost, fmt.Sprintf("%s/api/v1/users/%d/disable", srv.URL, idle.ID), admin,
			map[string]any{"version": idle.Version})

		back := decode[user](t, mustDo(t, http.StatusOK, http.MethodPost, fmt.Sprintf("%s/api/v1/users/%d/enable", srv.URL, leaver.ID), admin,
			map[string]any{"version": out.Version}))
		if back.Status != "active" {
			t.Errorf("re-enabled user is %s", back.Status)
		}
		wantSignedIn(t, "re-enabled user signs in", srv, login(t, srv, "demo", "leaver", pw))
		wantSignedOut(t, "the old session stays ended", srv, leaverToken)
		if owned(leaver.ID) != 0 {
			t.Error("re-enabling gave the records back")
		}
		resp, b = do(t, http.MethodPost, fmt.Sprintf("%s/api/v1/users/%d/enable", srv.URL, leaver.ID), admin, map[string]any{"version": back.Version})
		wantProblem(t, "enable twice", resp, b, http.StatusConflict, "users.already_active")

		// Nobody disables themself.
		me := decode[user](t, mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/api/v1/me", admin, nil))
		resp, b = do(t, http.MethodPost, fmt.Sprintf("%s/api/v1/users/%d/disable", srv.URL, me.ID), admin, map[string]any{"version": me.Version, "reassign_to": heir.ID})
		wantProblem(t, "disable oneself", resp, b, http.StatusConflict, "users.disable_self")
	})
}
