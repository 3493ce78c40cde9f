package recordui_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/taihe-erp/taihe/internal/platform/records"
)

// fieldError is the inline error shown under a field, "" when hidden.
func fieldError(body, name string) string {
	m := regexp.MustCompile(`<p class="field-error" id="[^"]+" data-error-for="` + name + `"( hidden)?>([^<]*)</p>`).FindStringSubmatch(body)
	if m == nil || m[1] != "" {
		return ""
	}
	return m[2]
}

// hasHan tells whether a message is Chinese text (not empty, not a raw key).
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func TestNewFormControls(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		r := e.login("admin").get("/md/tw-things/new")
		must(t, r, 200, "新建物件", `data-testid="record-form"`, `data-testid="field-name"`, `<span class="req" aria-hidden="true">*</span>`,
			// sections, ShowIf (hidden while kind is plain), controls by kind
			`<legend class="form-section-title">更多信息</legend>`, `data-show-if="kind=fancy" hidden`,
			`<option value="plain" selected>普通</option>`, `type="tel"`, `inputmode="decimal"`, `type="checkbox" id="record-form-active" name="active" value="1" checked`,
			`<textarea id="record-form-notes"`, `name="tags" value="vip"`, "负责人与共享", `name="shared_user_ids"`,
			// the duplicate check posts the form when the name changes
			`hx-post="/md/tw-things/duplicates" hx-trigger="change" hx-target="#record-form-warn"`, `id="record-form-warn"`)
		// The owner defaults to the user creating the record.
		must(t, r, 200, fmt.Sprintf(`<option value="%d" selected>管理员 (admin)</option>`, e.users["admin"]))

		// A large referenced type (tw_things from a part) is an autocomplete
		// fed by the options endpoint.
		r = e.login("admin").get("/md/tw-parts/new")
		must(t, r, 200, `data-ref-input`, `hx-get="/md/tw-things/options?from=thing_id_label"`, `<datalist id="record-form-thing_id-options"`)
	})
}

func TestCreateShowsFieldErrorsAndWritesNothing(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.login("admin")
		bad := url.Values{"code": {""}, "name": {""}, "kind": {"fancy"}, "flair": {"闪"}, "phone": {"12"}, "email": {"x"},
			"amount": {"abc"}, "owner_id": {fmt.Sprint(e.users["admin"])}}
		r := c.hx("/md/tw-things", bad, "record-form")
		must(t, r, 422, `data-testid="form-alert"`, `id="record-form"`)
		mustNot(t, r, "<html") // the form alone, for htmx
		for _, f := range []string{"code", "name", "phone", "amount"} {
			if msg := fieldError(r.body, f); !hasHan(msg) {
				t.Errorf("field %s: inline error %q, want a zh-CN message", f, msg)
			}
		}
		// The input is kept, and the chosen type still shows its fields.
		must(t, r, 422, `value="闪"`, `<option value="fancy" selected>花式</option>`)
		mustNot(t, r, `data-show-if="kind=fancy" hidden`)
		if n := e.count(`SELECT count(*) FROM tw_things`); n != 0 {
			t.Fatalf("%d rows written by a failed save", n)
		}

		// Without htmx the whole page comes back with the errors.
		r = c.post("/md/tw-things", bad)
		must(t, r, 422, "<html", `data-testid="form-alert"`)

		good := url.Values{"code": {"T9"}, "name": {"杭州星辰科技"}, "kind": {"plain"}, "phone": {"0571-88886666"},
			"amount": {"12.5"}, "status": {"won"}, "tags": {"vip", "cold"}, "active": {"1"},
			"owner_id": {fmt.Sprint(e.users["admin"])}, "shared_user_ids": {fmt.Sprint(e.users["sales"])}}
		r = c.hx("/md/tw-things", good, "record-form")
		must(t, r, 200)
		loc := r.header.Get("HX-Redirect")
		if !strings.HasPrefix(loc, "/md/tw-things/") {
			t.Fatalf("HX-Redirect %q", loc)
		}
		r = c.get(loc)
		must(t, r, 200, `data-testid="record-title">杭州星辰科技`, `data-testid="record-code">T9`, "已创建",
			`value="12.50"`, `name="tags" value="vip" checked`, `<option value="won" selected>`)
		// Shared with sales: the sales user now sees it.
		must(t, e.login("sales").get("/md/tw-things"), 200, "杭州星辰科技")
	})
}

func TestDuplicateWarning(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		first := e.create(things, records.Input{"code": "T1", "name": "杭州星辰科技", "phone": "13812345678", "owner_id": e.users["admin"]})
		c := e.login("admin")
		r := c.hx("/md/tw-things/duplicates", url.Values{"name": {"杭州星辰科技"}, "phone": {""}}, "record-form-warn")
		must(t, r, 200, `data-testid="duplicate-warning"`, "可能重复", fmt.Sprintf(`href="/md/tw-things/%d"`, first.ID))
		r = c.hx("/md/tw-things/duplicates", url.Values{"name": {"别的名字"}, "phone": {"138 1234 5678"}}, "record-form-warn")
		must(t, r, 200, `data-testid="duplicate-warning"`)
		r = c.hx("/md/tw-things/duplicates", url.Values{"name": {"别的名字"}}, "record-form-warn")
		must(t, r, 200)
		if strings.TrimSpace(r.body) != "" {
			t.Fatalf("no duplicate, yet %q", r.body)
		}
		// The record itself is no duplicate of itself.
		r = c.hx(fmt.Sprintf("/md/tw-things/duplicates?except=%d", first.ID), url.Values{"name": {"杭州星辰科技"}}, "record-form-warn")
		if strings.Contains(r.body, "duplicate-warning") {
			t.Fatalf("record warned about itself: %s", r.body)
		}
		// A warning never blocks: the same name saves.
		r = c.post("/md/tw-things", url.Values{"code": {"T2"}, "name": {"杭州星辰科技"}, "kind": {"plain"}, "owner_id": {fmt.Sprint(e.users["admin"])}})
		must(t, r, 303)
	})
}

func TestAutocompleteOptions(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := e.create(things, records.Input{"code": "HZ1", "name": "杭州星辰科技", "owner_id": e.users["admin"]})
		e.create(things, records.Input{"code": "SH1", "name": "上海远航贸易", "owner_id": e.users["admin"]})
		c := e.login("admin")
		r := c.get("/md/tw-things/options?from=thing_id_label&thing_id_label=" + url.QueryEscape("hzxc"))
		must(t, r, 200, fmt.Sprintf(`<option value="杭州星辰科技 (HZ1)" data-id="%d"></option>`, x.ID))
		mustNot(t, r, "上海")
		// Empty text: the first records.
		must(t, c.get("/md/tw-things/options"), 200, "杭州星辰科技", "上海远航贸易")
		// A part created through the autocomplete's hidden id.
		r = c.post("/md/tw-parts", url.Values{"thing_id": {fmt.Sprint(x.ID)}, "thing_id_label": {"杭州星辰科技 (HZ1)"}, "name": {"螺丝"}, "qty": {"3"}})
		must(t, r, 303)
		must(t, c.get(r.header.Get("Location")), 200, `data-testid="record-parent">杭州星辰科技`, `value="杭州星辰科技"`)
	})
}
