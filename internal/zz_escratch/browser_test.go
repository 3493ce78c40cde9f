package zz_escratch

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

func TestBrowser(t *testing.T) {
	_ = os.MkdirAll("/tmp/e_shots", 0o755)
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	d := testdb.SQLite(t, recordsSets()...)
	h, _ := build(t, d)
	srv := httptest.NewServer(h)
	defer srv.Close()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath("/usr/bin/chromium"), chromedp.NoSandbox,
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1280, 900))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, c2 := context.WithTimeout(ctx, 180*time.Second)
	defer c2()
	shot := func(name string) {
		buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Logf("shot %s: %v", name, err)
			return
		}
		_ = os.WriteFile("/tmp/e_shots/"+name+".png", buf, 0o644)
	}
	do := func(what string, as ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		for _, a := range as {
			if _, err := chromedp.Run(ctx, a); err != nil {
				shot("fail")
				t.Fatalf("%s: %v", what, err)
			}
		}
	}
	evalB := func(js string) bool {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err != nil {
			t.Fatal(js, err)
		}
		return v
	}
	evalS := func(js string) string {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatal(js, err)
		}
		return v
	}
	do("login", chromedp.Navigate(srv.URL+"/login"),
		chromedp.SendKeys(`input[name=tenant]`, "demo"), chromedp.SendKeys(`input[name=username]`, "admin"),
		chromedp.SendKeys(`input[name=password]`, "taihe-demo-2026"), chromedp.Submit(`input[name=password]`),
		chromedp.WaitVisible(`[data-testid=sidenav]`))
	do("list", chromedp.Navigate(srv.URL+"/md/customers"), chromedp.WaitVisible(`[data-testid=list-row]`))
	shot("customers_list")
	do("new", chromedp.Navigate(srv.URL+"/md/customers/new"), chromedp.WaitVisible(`#record-form-name`))
	shot("customer_new_org")
	t.Logf("before: individual section hidden=%v", evalB(`document.querySelector('[data-field=gender]').closest('fieldset').hidden`))
	do("switch type", chromedp.SetValue(`#record-form-type`, "individual"))
	evalB(`document.getElementById('record-form-type').dispatchEvent(new Event('change', {bubbles: true}))`)
	t.Logf("after switching to individual: gender hidden=%v, tax_id hidden=%v, individual section hidden=%v, org section hidden=%v",
		evalB(`document.querySelector('[data-field=gender]').hidden`), evalB(`document.querySelector('[data-field=tax_id]').hidden`),
		evalB(`document.querySelector('[data-field=gender]').closest('fieldset').hidden`),
		evalB(`document.querySelector('[data-field=tax_id]').closest('fieldset').hidden`))
	shot("customer_new_individual")
	existing := evalS(`document.querySelector('[data-testid=list-row] td[data-col=name] a') ? '' : ''`)
	do("existing", chromedp.Navigate(srv.URL+"/md/customers?type=organisation"), chromedp.WaitVisible(`[data-testid=list-row]`))
	existing = evalS(`document.querySelector('[data-testid=list-row] td[data-col=name] a').textContent`)
	do("dup", chromedp.Navigate(srv.URL+"/md/customers/new"), chromedp.WaitVisible(`#record-form-name`),
		chromedp.SendKeys(`#record-form-name`, existing), chromedp.SendKeys(`#record-form-phone`, "1"),
		chromedp.WaitVisible(`[data-testid=duplicate-warning]`))
	shot("customer_dup")
	evalB(`document.querySelectorAll('form[data-dirty]').forEach(f => f.removeAttribute('data-dirty')) || true`)
	do("dict", chromedp.Navigate(srv.URL+"/md/dictionaries?dict=customer_status"), chromedp.WaitVisible(`[data-testid=dict-nav]`))
	t.Logf("swatch colour: %s", evalS(`(document.querySelector('[data-swatch]')||{style:{}}).style.backgroundColor || 'none'`))
	shot("dictionaries")
	do("dict item", chromedp.Navigate(srv.URL+"/md/dictionaries/new?dict=region"), chromedp.WaitVisible(`#record-form-code`))
	shot("dict_new_region")
	prefix := string([]rune(existing)[:2])
	do("contact new", chromedp.Navigate(srv.URL+"/md/contacts/new"), chromedp.WaitVisible(`#record-form-customer_id`),
		chromedp.Click(`#record-form-customer_id`), chromedp.SendKeys(`#record-form-customer_id`, prefix), chromedp.Sleep(1500*time.Millisecond))
	opts2 := evalS(`Array.from(document.querySelectorAll('#record-form-customer_id-options option')).map(o => o.value + '=' + o.dataset.id).join('; ')`)
	t.Logf("options for %q: %s", prefix, opts2)
	first := strings.SplitN(strings.SplitN(opts2, "; ", 2)[0], "=", 2)
	if len(first) == 2 {
		do("pick", chromedp.SetValue(`#record-form-customer_id`, first[0]))
		evalB(`document.getElementById('record-form-customer_id').dispatchEvent(new Event('input', {bubbles: true}))`)
		t.Logf("picked %q → hidden id %q (want %s)", first[0], evalS(`document.querySelector('input[name=customer_id]').value`), first[1])
	}
	do("contact save", chromedp.SendKeys(`#record-form-name`, "测试联系人"), chromedp.Click(`[data-testid=save]`),
		chromedp.WaitVisible(`[data-testid=record-parent]`))
	shot("contact_saved")
	do("customer page", chromedp.Navigate(srv.URL+"/md/customers/1?tab=contacts"), chromedp.WaitVisible(`[data-testid=record-tabs]`))
	shot("customer_contacts_tab")
	do("customer details", chromedp.Navigate(srv.URL+"/md/customers/1"), chromedp.WaitVisible(`[data-testid=record-tabs]`))
	shot("customer_details")
	do("history", chromedp.Navigate(srv.URL+"/md/customers/1?tab=history"), chromedp.WaitVisible(`[data-testid=history]`))
	shot("customer_history")
	do("lang", chromedp.Click(`[data-testid=lang-en]`), chromedp.WaitVisible(`[data-testid=lang-zh]`))
	do("en", chromedp.Navigate(srv.URL+"/md/customers/1"), chromedp.WaitVisible(`[data-testid=record-tabs]`))
	shot("customer_en")
	do("products", chromedp.Navigate(srv.URL+"/md/products/1?tab=attachments"), chromedp.WaitVisible(`[data-testid=record-tabs]`))
	shot("product_attachments")
}
