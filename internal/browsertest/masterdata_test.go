package browsertest

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/records"
)

// Master data in the browser (issue 4): a customer with its contacts, the
// duplicate warning, the header search by pinyin initials, an import with a
// bad row and the export of a filtered list. The pages are the generic
// record pages (platform/recordui) and the import/export pages
// (platform/recordio) under /md/customers.

var customerPage = regexp.MustCompile(`^/md/customers/(\d+)$`)

// A sales user creates an organisation customer: the form shows company
// fields for an organisation and personal fields for an individual, and
// follows the type as it is switched. Saved, the customer's page opens; two
// contacts added on its contacts tab are listed there and stored under it.
func TestCustomerOrganisationWithTwoContacts(t *testing.T) {
	e := newEnv(t)
	tid, sales := e.demoID("sales")
	e.login("demo", "sales", app.DemoPassword)
	e.open("/md/customers")
	e.click("[data-testid=record-new]")
	if p := e.path(); p != "/md/customers/new" {
		t.Fatalf("the new-customer button leads to %s", p)
	}

	const (
		orgOnly   = "#record-form [data-testid=field-legal_person]"
		indivOnly = "#record-form [data-testid=field-gender]"
		typeSel   = "#record-form [name=type]"
	)
	if v := e.value(typeSel); v != masterdata.CustomerOrganisation {
		t.Fatalf("a new customer starts as type %q, want %s", v, masterdata.CustomerOrganisation)
	}
	e.expectShown("the legal person field of a new organisation", orgOnly, true)
	e.expectShown("the gender field of a new organisation", indivOnly, false)

	e.pick(typeSel, masterdata.CustomerIndividual)
	e.waitShown("the gender field after choosing 个人客户", indivOnly, true)
	e.waitShown("the legal person field after choosing 个人客户", orgOnly, false)
	e.expectShown("the organisation section of an individual", "#record-form [data-testid=field-tax_id]", false)

	// A personal field filled, then the type switched back: the field
	// hides, and the saved organisation does not keep its value.
	e.pick("#record-form [name=gender]", "male")
	e.pick(typeSel, masterdata.CustomerOrganisation)
	e.waitShown("the legal person field after choosing 单位客户 again", orgOnly, true)
	e.waitShown("the gender field after choosing 单位客户 again", indivOnly, false)

	const name = "杭州云栖数智科技有限公司"
	e.fill("#record-form [name=name]", name)
	e.fill("#record-form [name=phone]", "0571-87650001")
	e.fill("#record-form [name=legal_person]", "周明")
	e.fill("#record-form [name=tax_id]", "91330106769373260Q")
	e.andWait("save the new customer", chromedp.Click(css("#record-form [data-testid=save]")))

	m := customerPage.FindStringSubmatch(e.path())
	if m == nil {
		t.Fatalf("after saving the page is %s, want the new customer's page", e.path())
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	e.waitText("[data-testid=toasts]", "已创建")
	if h := e.text("[data-testid=record-title]"); h != name {
		t.Fatalf("the customer page is titled %q, want %q", h, name)
	}
	if n := e.count(`SELECT count(*) FROM customers WHERE tenant_id = ? AND id = ? AND name = ? AND type = ? AND legal_person = ? AND owner_id = ?`,
		tid, id, name, masterdata.CustomerOrganisation, "周明", sales); n != 1 {
		t.Fatalf("customer %d is not stored as an organisation named %s owned by sales (%d rows)", id, name, n)
	}
	if n := e.count(`SELECT count(*) FROM customers WHERE tenant_id = ? AND id = ? AND gender IS NULL`, tid, id); n != 1 {
		t.Error("the organisation kept the gender chosen while it was an individual")
	}

	e.click("[data-testid=tab-contacts]")
	if p := e.path(); p != fmt.Sprintf("/md/customers/%d?tab=contacts", id) {
		t.Fatalf("the contacts tab is %s", p)
	}
	const contacts = "[data-testid=child-contacts]"
	if n := e.countEl(contacts + " [data-testid=list-row]"); n != 0 {
		t.Fatalf("a new customer lists %d contacts", n)
	}
	type contact struct{ name, title, mobile, email string }
	want := []contact{
		{"张伟", "采购经理", "13900001111", "zhangwei@yunqi.example.com"},
		{"李娜", "财务主管", "13900002222", "lina@yunqi.example.com"},
	}
	const form = "#child-form-contacts"
	for i, c := range want {
		e.fill(form+" [name=name]", c.name)
		e.fill(form+" [name=job_title]", c.title)
		e.fill(form+" [name=mobile]", c.mobile)
		e.fill(form+" [name=email]", c.email)
		if i == 0 {
			e.do("tick 主联系人", chromedp.Click(css(form+" [name=is_primary]")))
		}
		e.andWait("add contact "+c.name, chromedp.Click(css(form+" [data-testid=child-add]")))
		if p := e.path(); p != fmt.Sprintf("/md/customers/%d?tab=contacts", id) {
			t.Fatalf("after adding %s the page is %s, want the contacts tab", c.name, p)
		}
		if n := e.countEl(contacts + " [data-testid=list-row]"); n != i+1 {
			t.Fatalf("after adding %s the tab lists %d contacts, want %d", c.name, n, i+1)
		}
		if v := e.value(form + " [name=name]"); v != "" {
			t.Fatalf("the add form still holds %q after adding", v)
		}
	}
	e.shot("customer-contacts")
	rows, err := runEval[[]string](e, `Array.from(document.querySelectorAll('[data-testid=child-contacts] [data-testid=list-row]')).map(r => r.innerText)`)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range want {
		found := false
		for _, r := range rows {
			found = found || (strings.Contains(r, c.name) && strings.Contains(r, c.title))
		}
		if !found {
			t.Errorf("the contacts tab lacks %s (%s): %q", c.name, c.title, rows)
		}
	}
	if n := e.count(`SELECT count(*) FROM contacts WHERE tenant_id = ? AND customer_id = ?`, tid, id); n != 2 {
		t.Fatalf("customer %d has %d contacts in the database, want 2", id, n)
	}
	for i, c := range want {
		if n := e.count(`SELECT count(*) FROM contacts WHERE tenant_id = ? AND customer_id = ? AND name = ? AND job_title = ? AND email = ? AND is_primary = ?`,
			tid, id, c.name, c.title, c.email, i == 0); n != 1 {
			t.Errorf("contact %s of customer %d is not stored as entered (primary=%v)", c.name, id, i == 0)
		}
	}
}

// Typing the name of an existing customer into the new-customer form warns
// that it may be a duplicate and links the existing one; so does its phone.
// The warning does not block: saving creates the second customer.
func TestCustomerDuplicateWarning(t *testing.T) {
	e := newEnv(t)
	tid, _ := e.demoID("")
	var old struct {
		ID    int64  `db:"id"`
		Name  string `db:"name"`
		Phone string `db:"phone"`
	}
	if err := e.App.DB.Read().Get(context.Background(), &old, `SELECT id, name, phone FROM customers
		WHERE tenant_id = ? AND type = 'organisation' AND phone IS NOT NULL ORDER BY id LIMIT 1`, tid); err != nil {
		t.Fatalf("a demo customer: %v", err)
	}
	e.login("demo", "admin", app.DemoPassword)
	e.open("/md/customers/new")
	box := "#record-form [data-testid=duplicate-box]"
	if e.exists(box + " [data-testid=duplicate-warning]") {
		t.Fatal("the empty form warns of a duplicate")
	}

	e.fill("#record-form [name=name]", old.Name)
	e.do("leave the name field", chromedp.KeyEvent("\t"))
	warning := box + " [data-testid=duplicate-warning]"
	e.waitText(warning, old.Name)
	href := fmt.Sprintf("/md/customers/%d", old.ID)
	if !e.exists(fmt.Sprintf(`%s a[href=%q]`, warning, href)) {
		t.Fatalf("the warning does not link the existing customer %s: %q", href, e.text(warning))
	}
	e.shot("customer-duplicate-warning")
	if !strings.Contains(e.text(warning), "仍可保存") {
		t.Errorf("the warning does not say saving is still possible: %q", e.text(warning))
	}

	// Another name, the same phone: the phone alone is enough to warn.
	const name = "演示重复测试贸易有限公司"
	e.fill("#record-form [name=name]", name)
	e.do("leave the name field", chromedp.KeyEvent("\t"))
	e.waitFor("the warning to go with the new name", fmt.Sprintf(`!document.querySelector(%s)`, js(warning)))
	e.fill("#record-form [name=phone]", old.Phone)
	e.do("leave the phone field", chromedp.KeyEvent("\t"))
	e.waitText(warning, old.Name)

	e.andWait("save despite the warning", chromedp.Click(css("#record-form [data-testid=save]")))
	m := customerPage.FindStringSubmatch(e.path())
	if m == nil || m[1] == strconv.FormatInt(old.ID, 10) {
		t.Fatalf("after saving the page is %s, want the new customer's page", e.path())
	}
	if h := e.text("[data-testid=record-title]"); h != name {
		t.Fatalf("the new customer's page is titled %q", h)
	}
	// The warning outlives the redirect: the toast repeats it.
	e.waitText("[data-testid=toasts]", "可能与已有记录重复")
	if n := e.count(`SELECT count(*) FROM customers WHERE tenant_id = ? AND name = ? AND phone = ?`, tid, name, old.Phone); n != 1 {
		t.Fatalf("%d customers %s with the duplicate phone, want 1", n, name)
	}
	if n := e.count(`SELECT count(*) FROM customers WHERE tenant_id = ? AND id = ? AND name = ?`, tid, old.ID, old.Name); n != 1 {
		t.Fatal("the existing customer changed")
	}
}

// The header search finds a customer by the initials of its Chinese name's
// pinyin; Enter opens the results, and the hit opens the customer.
func TestHeaderSearchByPinyinInitials(t *testing.T) {
	const (
		name     = "湛江鹭岛渔具有限公司"
		initials = "zjldyj" // zhan jiang lu dao yu ju
	)
	var id int64
	e := newEnv(t, envOpts{setup: func(a *app.App) {
		ctx := context.Background()
		var tid, sales int64
		if err := a.DB.Read().Get(ctx, &tid, `SELECT id FROM tenants WHERE code = 'demo'`); err != nil {
			t.Fatal(err)
		}
		if err := a.DB.Read().Get(ctx, &sales, `SELECT id FROM users WHERE tenant_id = ? AND username = 'sales'`, tid); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := a.DB.Read().Get(ctx, &n, `SELECT count(*) FROM customers WHERE tenant_id = ? AND search_text LIKE ?`, tid, "%"+initials+"%"); err != nil || n != 0 {
			t.Fatalf("demo customers already match %q: %d (%v)", initials, n, err)
		}
		rec, err := a.Records.Create(ctx, a.IDs.SystemScope(tid, "demo"), masterdata.Customers, records.Input{
			"name": name, "type": masterdata.CustomerOrganisation, "phone": "0759-22334455", "owner_id": sales})
		if err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
		id = rec.ID
	}})
	tid, _ := e.demoID("")
	if n := e.count(`SELECT count(*) FROM customers WHERE tenant_id = ? AND id = ? AND search_text LIKE ?`, tid, id, "%|"+initials+"%"); n != 1 {
		t.Fatalf("the engine did not store the initials %q of %s", initials, name)
	}

	// The sales user owns the customer: the search runs in their data scope.
	e.login("demo", "sales", app.DemoPassword)
	e.fill("[data-testid=global-search]", initials)
	e.andWait("press Enter in the header search", chromedp.KeyEvent("\r"))
	if p := e.path(); p != "/search?q="+initials {
		t.Fatalf("Enter in the header search leads to %s", p)
	}
	href := fmt.Sprintf("/md/customers/%d", id)
	hit := fmt.Sprintf(`main .search-group a[href=%q]`, href)
	if !e.exists(hit) {
		t.Fatalf("the results for %q do not link %s:\n%s", initials, href, e.text("main"))
	}
	if got := e.text(hit); got != name {
		t.Fatalf("the hit is titled %q, want %q", got, name)
	}
	e.shot("search-pinyin-initials")
	if g := e.text("main .search-group .card-title"); g != "客户" {
		t.Errorf("the hit's group is %q, want 客户", g)
	}
	e.click(hit)
	if p := e.path(); p != href {
		t.Fatalf("the hit opens %s, want %s", p, href)
	}
	if h := e.text("[data-testid=record-title]"); h != name {
		t.Fatalf("the customer page is titled %q", h)
	}
}

// A CSV with one bad row: the dry run lists that row, its column and why,
// offers no commit, and writes nothing. The corrected file imports.
func TestCustomerImportCSVWithOneBadRow(t *testing.T) {
	e := newEnv(t)
	tid, _ := e.demoID("")
	e.login("demo", "admin", app.DemoPassword)
	e.open("/md/customers")
	e.click("[data-testid=import]")
	if p := e.path(); p != "/md/customers/import" {
		t.Fatalf("the import button leads to %s", p)
	}

	dir := t.TempDir()
	bad := filepath.Join(dir, "客户导入.csv")
	writeFile(t, bad, "客户名称,电话,邮箱\n"+
		"导入测试甲五金有限公司,0571-86430001,jia@import.example.com\n"+
		"导入测试乙五金有限公司,12ab34,yi@import.example.com\n"+
		"导入测试丙五金有限公司,0571-86430003,bing@import.example.com\n")
	imported := func() int {
		return e.count(`SELECT count(*) FROM customers WHERE tenant_id = ? AND name LIKE ?`, tid, "导入测试%")
	}
	e.do("choose the file", chromedp.SetUploadFiles(css("[data-testid=import-file]"), []string{bad}))
	if resp := e.andWait("upload the file", chromedp.Click(css("[data-testid=import-submit]"))); resp.Status != 422 {
		t.Errorf("the report of a file with errors answers %d, want 422", resp.Status)
	}
	e.waitText("[data-testid=import-errors]", "发现 1 个问题")
	e.shot("customer-import-errors")
	type problem struct {
		Row, Field, Column, Value, Reason string
		Warn                              bool
	}
	problems, err := runEval[[]problem](e, `Array.from(document.querySelectorAll('[data-testid=import-problems] tbody tr')).map(tr => ({
		Row: tr.dataset.row, Field: tr.dataset.field, Column: tr.cells[1].innerText.trim(),
		Value: tr.cells[2].innerText.trim(), Reason: tr.cells[3].innerText.trim(), Warn: tr.classList.contains("is-warn")}))`)
	if err != nil {
		t.Fatal(err)
	}
	var errRows []problem
	for _, p := range problems {
		if !p.Warn {
			errRows = append(errRows, p)
		}
	}
	if len(errRows) != 1 {
		t.Fatalf("the report lists %d errors, want 1: %+v", len(errRows), problems)
	}
	if p := errRows[0]; p.Row != "3" || p.Field != "phone" || p.Column != "电话" || p.Value != "12ab34" || p.Reason == "" {
		t.Fatalf("the error is %+v, want row 3, column 电话, value 12ab34 with a reason", p)
	}
	if dis, err := runEval[bool](e, `document.querySelector('[data-testid=import-commit]').disabled`); err != nil || !dis {
		t.Fatalf("the commit button is enabled for a file with an error (%v)", err)
	}
	if n := imported(); n != 0 {
		t.Fatalf("the dry run wrote %d customers", n)
	}
	// Forced anyway (the button enabled by hand), the commit writes nothing
	// and shows the same error.
	e.do("enable the commit button by hand", chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid=import-commit]').disabled = false`))
	e.click("[data-testid=import-commit]")
	if e.exists("[data-testid=import-done]") {
		t.Fatal("a file with an error was committed")
	}
	e.waitText("[data-testid=import-errors]", "发现 1 个问题")
	if !e.exists(`[data-testid=import-problems] tr[data-row="3"][data-field="phone"]`) {
		t.Fatal("the forced commit does not report row 3's phone")
	}
	if n := imported(); n != 0 {
		t.Fatalf("the forced commit wrote %d customers", n)
	}
	// The mapping the page proposes: the three headers to their fields.
	for h, f := range map[string]string{"客户名称": "name", "电话": "phone", "邮箱": "email"} {
		if v := e.value(fmt.Sprintf(`[data-testid=import-mapping] select[data-testid=%q]`, "map-"+h)); v != f {
			t.Errorf("column %s is mapped to %q, want %s", h, v, f)
		}
	}

	// The corrected file passes the check and imports all three rows.
	good := filepath.Join(dir, "客户导入-改.csv")
	writeFile(t, good, strings.Replace(readFile(t, bad), "12ab34", "0571-86430002", 1))
	e.click("[data-testid=import-mapping] a[href='/md/customers/import']")
	e.do("choose the corrected file", chromedp.SetUploadFiles(css("[data-testid=import-file]"), []string{good}))
	e.click("[data-testid=import-submit]")
	e.waitText("[data-testid=import-ok]", "")
	if e.exists("[data-testid=import-errors]") {
		t.Fatalf("the corrected file still has errors: %s", e.text("[data-testid=import-errors]"))
	}
	if n := imported(); n != 0 {
		t.Fatalf("the check of the corrected file wrote %d customers", n)
	}
	e.click("[data-testid=import-commit]")
	e.waitText("[data-testid=import-done]", "新建 3 条")
	if n := imported(); n != 3 {
		t.Fatalf("%d customers imported, want 3", n)
	}
	if n := e.count(`SELECT count(*) FROM customers WHERE tenant_id = ? AND name = ? AND email = ? AND type = 'organisation'`,
		tid, "导入测试乙五金有限公司", "yi@import.example.com"); n != 1 {
		t.Fatal("the corrected row is not stored as an organisation with its email")
	}
}

// Filtering the customers list by status narrows it; the CSV export link
// then downloads exactly the filtered rows, with Chinese headers.
func TestCustomerExportFilteredList(t *testing.T) {
	e := newEnv(t)
	tid, _ := e.demoID("")
	const status, statusLabel = "dormant", "沉睡客户"
	var want []string
	if err := e.App.DB.Read().Select(context.Background(), &want,
		`SELECT name FROM customers WHERE tenant_id = ? AND status = ? ORDER BY name`, tid, status); err != nil {
		t.Fatal(err)
	}
	var outside string
	if err := e.App.DB.Read().Get(context.Background(), &outside,
		`SELECT name FROM customers WHERE tenant_id = ? AND status <> ? ORDER BY id LIMIT 1`, tid, status); err != nil {
		t.Fatal(err)
	}
	total := e.count(`SELECT count(*) FROM customers WHERE tenant_id = ?`, tid)
	if len(want) == 0 || len(want) >= total || slices.Contains(want, outside) {
		t.Fatalf("demo data: %d of %d customers are %s, outside one %q", len(want), total, status, outside)
	}

	e.login("demo", "admin", app.DemoPassword)
	e.open("/md/customers")
	if c := e.listCount(); c != total {
		t.Fatalf("the unfiltered list counts %d customers, want %d", c, total)
	}
	e.pick("[data-testid=filter-status]", status)
	e.waitFor("the list filtered by status", fmt.Sprintf(
		`location.search.includes("status=%s") && document.querySelector("[data-testid=list-count]").innerText.trim() === %s`,
		status, js(fmt.Sprintf("共 %d 条", len(want)))))
	e.shot("customers-filtered")
	statuses, err := runEval[[]string](e, `Array.from(document.querySelectorAll('[data-testid=list-area] tbody td[data-col="status"]')).map(td => td.innerText.trim())`)
	if err != nil || len(statuses) == 0 {
		t.Fatalf("the filtered list shows no status cells (%v)", err)
	}
	for _, s := range statuses {
		if s != statusLabel {
			t.Fatalf("the list filtered by %s shows a customer with status %q", statusLabel, s)
		}
	}
	href, err := runEval[string](e, `document.querySelector("[data-testid=export-csv]").getAttribute("href")`)
	if err != nil || !strings.Contains(href, "status="+status) || !strings.Contains(href, "format=csv") {
		t.Fatalf("the export link %q does not carry the filter (%v)", href, err)
	}

	data := e.download("click CSV export", "[data-testid=export-csv]")
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("the export is not CSV: %v\n%.500s", err, data)
	}
	if len(rows) == 0 {
		t.Fatal("the export is empty")
	}
	col := func(h string) int {
		i := slices.Index(rows[0], h)
		if i < 0 {
			t.Fatalf("the export has no column %s: %q", h, rows[0])
		}
		return i
	}
	nameCol, statusCol := col("客户名称"), col("客户状态")
	body := rows[1:]
	if len(body) != len(want) {
		t.Fatalf("the export has %d rows, the filtered list %d", len(body), len(want))
	}
	var got []string
	for _, r := range body {
		got = append(got, r[nameCol])
		if r[statusCol] != statusLabel {
			t.Errorf("exported %s has status %q, want %s", r[nameCol], r[statusCol], statusLabel)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("the export holds other customers than the filter:\n got %q\nwant %q", got, want)
	}
	if slices.Contains(got, outside) {
		t.Fatalf("the export holds %s, which the filter leaves out", outside)
	}
}

// pick chooses the option with value v in a select as a user would: the
// value changes and the page hears "input" and "change" (ShowIf, filters).
func (e *env) pick(sel, v string) {
	e.t.Helper()
	ok, err := runEval[bool](e, fmt.Sprintf(`(s => {
		if (!s || !Array.from(s.options).some(o => o.value === %[2]s)) return false;
		s.focus();
		s.value = %[2]s;
		s.dispatchEvent(new Event("input", {bubbles: true}));
		s.dispatchEvent(new Event("change", {bubbles: true}));
		return true;
	})(document.querySelector(%[1]s))`, js(sel), js(v)))
	if err != nil || !ok {
		e.t.Fatalf("choose %q in %s: no such option (%v)", v, sel, err)
	}
}

// shownJS is true when the element matching sel is rendered (not hidden,
// nor inside something hidden).
func shownJS(sel string) string {
	return fmt.Sprintf(`(el => !!el && el.getClientRects().length > 0)(document.querySelector(%s))`, js(sel))
}

// expectShown asserts now that the element is shown or not.
func (e *env) expectShown(what, sel string, shown bool) {
	e.t.Helper()
	got, err := runEval[bool](e, shownJS(sel))
	if err != nil {
		e.t.Fatalf("%s: %v", what, err)
	}
	if got != shown {
		e.t.Fatalf("%s: shown=%v, want %v", what, got, shown)
	}
}

// waitShown waits until the element is shown, or hidden.
func (e *env) waitShown(what, sel string, shown bool) {
	e.t.Helper()
	cond := shownJS(sel)
	if !shown {
		cond = "!" + cond
	}
	e.waitFor(fmt.Sprintf("%s (shown=%v)", what, shown), cond)
}

// countEl is how many elements match sel now.
func (e *env) countEl(sel string) int {
	e.t.Helper()
	n, err := runEval[int](e, fmt.Sprintf(`document.querySelectorAll(%s).length`, js(sel)))
	if err != nil {
		e.t.Fatalf("count %s: %v", sel, err)
	}
	return n
}

// listCount is the number the list's head shows ("共 1,234 条").
func (e *env) listCount() int {
	e.t.Helper()
	s := e.text("[data-testid=list-count]")
	n, err := strconv.Atoi(regexp.MustCompile(`\D`).ReplaceAllString(s, ""))
	if err != nil {
		e.t.Fatalf("list count %q: %v", s, err)
	}
	return n
}

// download clicks a download link and returns the file the browser saved.
func (e *env) download(step, sel string) []byte {
	e.t.Helper()
	dir := e.t.TempDir()
	ctx, cancel := context.WithCancel(e.ctx)
	defer cancel()
	progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	if _, err := chromedp.CallBrowser(e.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior:         browser.SetDownloadBehaviorBehaviorAllowAndName,
		BrowserContextID: chromedp.FromContext(e.tab).BrowserContextID,
		DownloadPath:     dir,
		EventsEnabled:    new(true),
	}); err != nil {
		e.t.Fatalf("%s: allow downloads: %v", step, err)
	}
	e.do(step, chromedp.Click(css(sel)))
	for ev, err := range progress {
		if err != nil {
			e.t.Fatalf("%s: waiting for the download: %v", step, err)
		}
		switch ev.State {
		case browser.DownloadProgressStateCompleted:
			data, err := os.ReadFile(filepath.Join(dir, ev.GUID))
			if err != nil {
				e.t.Fatalf("%s: %v", step, err)
			}
			return data
		case browser.DownloadProgressStateCanceled:
			e.t.Fatalf("%s: the download was canceled", step)
		}
	}
	e.t.Fatalf("%s: no download", step)
	return nil
}

// shot saves a full-page screenshot as $TAIHE_SCREENSHOTS/<name>.png when
// that is set (pictures for the guides); otherwise it does nothing.
func (e *env) shot(name string) {
	e.t.Helper()
	dir := os.Getenv("TAIHE_SCREENSHOTS")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), e.screenshot(), 0o644); err != nil {
		e.t.Fatal(err)
	}
}

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
