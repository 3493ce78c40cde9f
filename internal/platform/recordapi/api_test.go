package recordapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

func TestCRUDRoundTrip(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		r := e.must(http.StatusCreated, http.MethodPost, "/api/v1/widgets", e.admin, map[string]any{
			"code": "W-1", "name": "杭州星辰科技有限公司", "price": "12.5", "qty": 3, "since": "2026-01-15", "active": true,
			"phone": "13812345678", "email": "sales@xingchen.cn", "source": "web", "tags": []string{"vip"}, "notes": "首单",
		})
		w := r.json(t)
		id := num(w["id"])
		if loc := r.header.Get("Location"); loc != fmt.Sprintf("/api/v1/widgets/%d", id) {
			t.Errorf("Location %q for id %d", loc, id)
		}
		want := map[string]any{"code": "W-1", "name": "杭州星辰科技有限公司", "kind": "small", "price": "12.50", "qty": json.Number("3"),
			"since": "2026-01-15", "active": true, "phone": "13812345678", "source": "web", "tags": []any{"vip"}, "score": nil,
			"version": json.Number("1"), "kind_label": "小号", "source_label": "网站", "owner_id": jn(e.adminID)}
		for k, v := range want {
			if !reflect.DeepEqual(w[k], v) {
				t.Errorf("created %s = %#v, want %#v", k, w[k], v)
			}
		}
		for _, k := range []string{"created_at", "updated_at", "owner_id_label", "shared_user_ids"} {
			if w[k] == nil {
				t.Errorf("created record lacks %s: %s", k, r.body)
			}
		}
		if _, ok := w["warnings"]; ok {
			t.Errorf("warnings on a first record: %s", r.body)
		}

		path := fmt.Sprintf("/api/v1/widgets/%d", id)
		got := e.must(http.StatusOK, http.MethodGet, path, e.admin, nil, "Accept-Language", "en").json(t)
		if got["kind_label"] != "Small" || got["source_label"] != "Website" || got["name"] != w["name"] {
			t.Errorf("GET in English: %v", got)
		}

		upd := e.must(http.StatusOK, http.MethodPatch, path, e.admin, map[string]any{"version": 1, "name": "杭州星辰", "qty": nil}).json(t)
		if upd["version"] != jn(2) || upd["name"] != "杭州星辰" || upd["qty"] != nil || upd["price"] != "12.50" {
			t.Errorf("patched: %v", upd)
		}
		// The version the client saw is gone: 409, nothing written.
		e.wantProblem("stale patch", e.call(http.MethodPatch, path, e.admin, map[string]any{"version": 1, "name": "旧版本"}), http.StatusConflict)
		if g := e.must(http.StatusOK, http.MethodGet, path, e.admin, nil).json(t); g["name"] != "杭州星辰" || g["version"] != jn(2) {
			t.Errorf("after the stale patch: %v", g)
		}

		e.wantProblem("delete without version", e.call(http.MethodDelete, path, e.admin, nil), http.StatusUnprocessableEntity, "version")
		e.wantProblem("stale delete", e.call(http.MethodDelete, path+"?version=1", e.admin, nil), http.StatusConflict)
		e.must(http.StatusNoContent, http.MethodDelete, path+"?version=2", e.admin, nil)
		e.wantProblem("deleted", e.call(http.MethodGet, path, e.admin, nil), http.StatusNotFound)
	}, migrations()...)
}

func TestValidationErrors(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		// Engine errors, translated per Accept-Language.
		zh := e.wantProblem("missing name", e.call(http.MethodPost, "/api/v1/widgets", e.admin, map[string]any{"code": "W-2"}),
			http.StatusUnprocessableEntity, "name")
		en := e.wantProblem("missing name (en)", e.call(http.MethodPost, "/api/v1/widgets", e.admin, map[string]any{"code": "W-2"},
			"Accept-Language", "en"), http.StatusUnprocessableEntity, "name")
		if len(zh.Errors) == 0 || len(en.Errors) == 0 || zh.Errors[0].Message == en.Errors[0].Message ||
			zh.Errors[0].Message == zh.Errors[0].Code || en.Errors[0].Message == en.Errors[0].Code {
			t.Errorf("messages not translated: zh %+v en %+v", zh.Errors, en.Errors)
		}
		e.wantProblem("bad formats", e.call(http.MethodPost, "/api/v1/widgets", e.admin, map[string]any{
			"code": "W-3", "name": "格式", "email": "not-an-email", "price": "abc", "since": "2026-13-45", "kind": "huge", "source": "nowhere",
		}), http.StatusUnprocessableEntity, "email", "price", "since", "kind", "source")

		// The edge's own checks: keys that are not writable fields.
		p := e.wantProblem("unknown and read-only keys", e.call(http.MethodPost, "/api/v1/widgets", e.admin,
			map[string]any{"code": "W-4", "name": "未知", "colour": "red", "score": 5, "tenant_id": 99}, "Accept-Language", "en"),
			http.StatusUnprocessableEntity, "colour=recordapi.unknown_field", "score=recordapi.read_only", "tenant_id=recordapi.unknown_field")
		for _, fe := range p.Errors {
			if fe.Message == "" || fe.Message == fe.Code {
				t.Errorf("untranslated %+v", fe)
			}
		}
		e.wantProblem("malformed JSON", e.call(http.MethodPost, "/api/v1/widgets", e.admin, `{"name": "x",`), http.StatusBadRequest)
		e.wantProblem("trailing data", e.call(http.MethodPost, "/api/v1/widgets", e.admin, `{"name": "x"} {}`), http.StatusBadRequest)
		e.wantProblem("not an object", e.call(http.MethodPost, "/api/v1/widgets", e.admin, `["x"]`), http.StatusBadRequest)
		e.wantProblem("no body", e.call(http.MethodPost, "/api/v1/widgets", e.admin, nil), http.StatusBadRequest)

		w := e.create(e.admin, map[string]any{"code": "W-5", "name": "有效"})
		path := fmt.Sprintf("/api/v1/widgets/%d", num(w["id"]))
		e.wantProblem("patch without version", e.call(http.MethodPatch, path, e.admin, map[string]any{"name": "新"}),
			http.StatusUnprocessableEntity, "version=field.required")
		e.wantProblem("patch with a bad version", e.call(http.MethodPatch, path, e.admin, map[string]any{"name": "新", "version": "one"}),
			http.StatusUnprocessableEntity, "version=field.invalid")
		e.wantProblem("duplicate code", e.call(http.MethodPost, "/api/v1/widgets", e.admin, map[string]any{"code": "W-5", "name": "重号"}),
			http.StatusUnprocessableEntity, "code")
		// A failed save changes nothing.
		if n := e.count(); n != 1 {
			t.Errorf("%d widgets after one good save and several refused ones", n)
		}
		if g := e.must(http.StatusOK, http.MethodGet, path, e.admin, nil).json(t); g["version"] != jn(1) || g["name"] != "有效" {
			t.Errorf("refused patches changed the record: %v", g)
		}
	}, migrations()...)
}

func TestAccessAndTenants(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.create(e.admin, map[string]any{"code": "W-1", "name": "总部的部件", "phone": "13812345678"})
		id := num(w["id"])
		path := fmt.Sprintf("/api/v1/widgets/%d", id)

		e.wantProblem("no session", e.call(http.MethodGet, "/api/v1/widgets", "", nil), http.StatusUnauthorized)
		e.wantProblem("read-only creates", e.call(http.MethodPost, "/api/v1/widgets", e.viewer, map[string]any{"code": "V", "name": "v"}),
			http.StatusForbidden)
		e.wantProblem("read-only deletes", e.call(http.MethodDelete, path+"?version=1", e.viewer, nil), http.StatusForbidden)
		if g := e.must(http.StatusOK, http.MethodGet, path, e.viewer, nil).json(t); g["phone"] == "13812345678" || g["masked"] != true {
			t.Errorf("a reader without unmask sees phone %v (masked %v)", g["phone"], g["masked"])
		}

		// Another tenant: as if the record did not exist.
		for _, c := range []struct {
			method, path string
			body         any
		}{
			{http.MethodGet, path, nil},
			{http.MethodPatch, path, map[string]any{"version": 1, "name": "抢"}},
			{http.MethodDelete, path + "?version=1", nil},
			{http.MethodGet, path + "/attachments", nil},
		} {
			e.wantProblem("rival "+c.method+" "+c.path, e.call(c.method, c.path, e.rival, c.body), http.StatusNotFound)
		}
		if l := e.must(http.StatusOK, http.MethodGet, "/api/v1/widgets", e.rival, nil).json(t); len(l["items"].([]any)) != 0 {
			t.Errorf("rival lists %v", l["items"])
		}

		// Data scope: the salesman sees his own records only.
		mine := e.create(e.seller, map[string]any{"code": "S-1", "name": "销售的部件"})
		if num(mine["owner_id"]) != e.sellerID {
			t.Errorf("owner %v, want the salesman %d", mine["owner_id"], e.sellerID)
		}
		e.wantProblem("salesman reads another's", e.call(http.MethodGet, path, e.seller, nil), http.StatusNotFound)
		l := e.must(http.StatusOK, http.MethodGet, "/api/v1/widgets", e.seller, nil).json(t)
		if items := l["items"].([]any); len(items) != 1 || items[0].(map[string]any)["code"] != "S-1" {
			t.Errorf("salesman lists %v", items)
		}
		// Shared with him, he sees it too.
		shared := e.must(http.StatusOK, http.MethodPatch, path, e.admin, map[string]any{"version": 1, "shared_user_ids": []int64{e.sellerID}}).json(t)
		if !reflect.DeepEqual(shared["shared_user_ids"], []any{jn(e.sellerID)}) {
			t.Errorf("shared_user_ids %v", shared["shared_user_ids"])
		}
		e.must(http.StatusOK, http.MethodGet, path, e.seller, nil)
	}, migrations()...)
}

func TestListFiltersAndPaging(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		for i, w := range []map[string]any{
			{"name": "杭州星辰科技有限公司", "kind": "large", "qty": 3, "price": "15", "source": "web"},
			{"name": "上海明月贸易有限公司", "kind": "small", "qty": 3, "price": "8"},
			{"name": "北京远山实业有限公司", "kind": "large", "qty": 7, "price": "25", "tags": []string{"vip"}},
			{"name": "广州海川电子有限公司", "kind": "small", "qty": 1},
			{"name": "深圳云帆网络有限公司", "kind": "large", "qty": 9, "active": true},
		} {
			w["code"] = fmt.Sprintf("L-%d", i+1)
			e.create(e.admin, w)
		}
		list := func(q string) map[string]any {
			return e.must(http.StatusOK, http.MethodGet, "/api/v1/widgets"+q, e.admin, nil).json(t)
		}
		codes := func(l map[string]any) []string {
			var out []string
			for _, it := range l["items"].([]any) {
				out = append(out, it.(map[string]any)["code"].(string))
			}
			return out
		}
		first := list("?limit=2&sort=code")
		if c := codes(first); !reflect.DeepEqual(c, []string{"L-1", "L-2"}) || first["total"] != jn(5) || first["total_capped"] != false ||
			first["next_cursor"] == nil {
			t.Fatalf("first page %v", first)
		}
		second := list("?limit=2&sort=code&cursor=" + first["next_cursor"].(string))
		if c := codes(second); !reflect.DeepEqual(c, []string{"L-3", "L-4"}) {
			t.Errorf("second page %v", c)
		}
		last := list("?limit=2&sort=code&page=3")
		if c := codes(last); !reflect.DeepEqual(c, []string{"L-5"}) || last["next_cursor"] != nil {
			t.Errorf("page 3 %v (next %v)", c, last["next_cursor"])
		}
		for q, want := range map[string][]string{
			"?kind=large&sort=code":                  {"L-1", "L-3", "L-5"},
			"?qty=3&sort=code":                       {"L-1", "L-2"},
			"?price_from=10&price_to=20":             {"L-1"},
			"?tags=vip":                              {"L-3"},
			"?source=web":                            {"L-1"},
			"?active=true":                           {"L-5"},
			"?q=hzxc":                                {"L-1"}, // pinyin initials of 杭州星辰
			"?q=%E6%98%8E%E6%9C%88":                  {"L-2"}, // 明月
			"?kind=small&q=%E6%B5%B7%E5%B7%9D":       {"L-4"},
			fmt.Sprintf("?owner_id=%d", e.adminID):   {"L-5", "L-4", "L-3", "L-2", "L-1"},
			"?created_at_from=2000-01-01&sort=-code": {"L-5", "L-4", "L-3", "L-2", "L-1"},
			"?created_at_to=2000-01-01":              nil,
		} {
			if c := codes(list(q)); !reflect.DeepEqual(c, want) {
				t.Errorf("%s: %v, want %v", q, c, want)
			}
		}
		e.wantProblem("unknown filter", e.call(http.MethodGet, "/api/v1/widgets?colour=red&tenant_id=2", e.admin, nil),
			http.StatusUnprocessableEntity, "colour=recordapi.unknown_filter", "tenant_id=recordapi.unknown_filter")
		e.wantProblem("limit too high", e.call(http.MethodGet, "/api/v1/widgets?limit=500", e.admin, nil),
			http.StatusUnprocessableEntity, "limit")
		e.wantProblem("bad sort", e.call(http.MethodGet, "/api/v1/widgets?sort=notes", e.admin, nil), http.StatusUnprocessableEntity, "sort")
	}, migrations()...)
}

func TestDuplicates(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.create(e.admin, map[string]any{"code": "D-1", "name": "重复科技有限公司", "phone": "13900001111"})
		id := num(w["id"])
		check := func(body map[string]any, lang string) []any {
			r := e.must(http.StatusOK, http.MethodPost, "/api/v1/widgets/duplicates", e.admin, body, "Accept-Language", lang).json(t)
			ws, _ := r["warnings"].([]any)
			return ws
		}
		zh := check(map[string]any{"name": "重复科技有限公司"}, "zh-CN")
		en := check(map[string]any{"name": "重复科技有限公司"}, "en")
		if len(zh) != 1 || len(en) != 1 {
			t.Fatalf("warnings zh %v en %v, want one each", zh, en)
		}
		wz, we := zh[0].(map[string]any), en[0].(map[string]any)
		if wz["field"] != "name" || wz["message"] == "" || wz["message"] == we["message"] || wz["message"] == wz["code"] {
			t.Errorf("warning zh %v en %v: want field name and a message per language", wz, we)
		}
		if ws := check(map[string]any{"phone": "13900001111"}, "zh-CN"); len(ws) != 1 || ws[0].(map[string]any)["field"] != "phone" {
			t.Errorf("phone duplicate: %v", ws)
		}
		if ws := check(map[string]any{"name": "重复科技有限公司", "id": id, "version": 1}, "zh-CN"); len(ws) != 0 {
			t.Errorf("the record itself is its own duplicate: %v", ws)
		}
		if ws := check(map[string]any{"name": "另一家公司"}, "zh-CN"); len(ws) != 0 {
			t.Errorf("no duplicate expected: %v", ws)
		}
		e.wantProblem("unknown key", e.call(http.MethodPost, "/api/v1/widgets/duplicates", e.admin, map[string]any{"nom": "x"}),
			http.StatusUnprocessableEntity, "nom=recordapi.unknown_field")
		// A save that finds a duplicate succeeds and says so.
		dup := e.create(e.admin, map[string]any{"code": "D-2", "name": "重复科技有限公司"})
		ws, _ := dup["warnings"].([]any)
		if len(ws) != 1 || ws[0].(map[string]any)["message"] == "" {
			t.Errorf("create of a duplicate: warnings %v", dup["warnings"])
		}
	}, migrations()...)
}

func TestIdempotentCreate(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		body := map[string]any{"code": "I-1", "name": "幂等"}
		a := e.must(http.StatusCreated, http.MethodPost, "/api/v1/widgets", e.admin, body, "Idempotency-Key", "k-1")
		b := e.must(http.StatusCreated, http.MethodPost, "/api/v1/widgets", e.admin, body, "Idempotency-Key", "k-1")
		if a.header.Get("Location") == "" || a.header.Get("Location") != b.header.Get("Location") || string(a.body) != string(b.body) {
			t.Errorf("replay differs: %s %s / %s %s", a.header.Get("Location"), a.body, b.header.Get("Location"), b.body)
		}
		if n := e.count(); n != 1 {
			t.Errorf("%d widgets after a retried create", n)
		}
		e.wantProblem("same key, other body", e.call(http.MethodPost, "/api/v1/widgets", e.admin,
			map[string]any{"code": "I-2", "name": "别的"}, "Idempotency-Key", "k-1"), http.StatusUnprocessableEntity)
	}, migrations()...)
}

func TestOpenAPIDescribesTheType(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		doc := e.must(http.StatusOK, http.MethodGet, "/api/openapi.json", "", nil).json(t)
		schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
		w, ok := schemas["Widget"].(map[string]any)
		if !ok {
			t.Fatalf("no Widget schema among %d", len(schemas))
		}
		props := w["properties"].(map[string]any)
		for name, typ := range map[string]any{"name": "string", "price": []any{"string", "null"}, "qty": []any{"integer", "null"},
			"tags": []any{"array", "null"}, "active": "boolean", "source_label": "string"} {
			if p, ok := props[name].(map[string]any); !ok || !reflect.DeepEqual(p["type"], typ) {
				t.Errorf("Widget.%s = %v, want type %v", name, props[name], typ)
			}
		}
		in := schemas["WidgetInput"].(map[string]any)
		if !reflect.DeepEqual(in["required"], []any{"code", "name"}) || in["additionalProperties"] != false {
			t.Errorf("WidgetInput required %v additionalProperties %v", in["required"], in["additionalProperties"])
		}
		paths := doc["paths"].(map[string]any)
		post := paths["/api/v1/widgets"].(map[string]any)["post"].(map[string]any)
		body := post["requestBody"].(map[string]any)["content"].(map[string]any)
		if len(body) != 1 || !strings.HasSuffix(fmt.Sprint(body["application/json"]), "#/components/schemas/WidgetInput]]") {
			t.Errorf("create body %v", body)
		}
		get := paths["/api/v1/widgets"].(map[string]any)["get"].(map[string]any)
		var params []string
		for _, p := range get["parameters"].([]any) {
			params = append(params, p.(map[string]any)["name"].(string))
		}
		for _, n := range []string{"q", "limit", "cursor", "kind", "price_from", "price_to", "owner_id"} {
			if !strings.Contains(" "+strings.Join(params, " ")+" ", " "+n+" ") {
				t.Errorf("list parameters %v lack %s", params, n)
			}
		}
		ok200 := get["responses"].(map[string]any)["200"].(map[string]any)["content"].(map[string]any)["application/json"]
		if !strings.Contains(fmt.Sprint(ok200), "#/components/schemas/WidgetList") {
			t.Errorf("list response %v", ok200)
		}
		for _, p := range []string{"/api/v1/widgets/{id}/attachments", "/api/v1/dictionary-options/{dict}", "/api/v1/dictionaries/{id}"} {
			if paths[p] == nil {
				t.Errorf("no path %s", p)
			}
		}
	}, migrations()...)
}

// Past records.CountCap the list stops counting and says so.
func TestTotalCapped(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		err := d.InTx(ctx, func(tx *db.Tx) error {
			now := db.Now()
			_, err := tx.Exec(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
				INSERT INTO widgets (tenant_id, created_at, updated_at, owner_id, code, name, kind)
				SELECT (SELECT id FROM tenants WHERE code = 'demo'), ?, ?, ?, 'B-' || i, '批量', 'small' FROM n`,
				records.CountCap+5, now, now, e.adminID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		l := e.must(http.StatusOK, http.MethodGet, "/api/v1/widgets?limit=3", e.admin, nil).json(t)
		if len(l["items"].([]any)) != 3 || l["total"] != jn(records.CountCap+1) || l["total_capped"] != true || l["next_cursor"] == nil {
			t.Errorf("capped list: total %v capped %v next %v items %d", l["total"], l["total_capped"], l["next_cursor"], len(l["items"].([]any)))
		}
	}, migrations()...)
}
