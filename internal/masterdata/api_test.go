package masterdata

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// The pricing operations answer over HTTP with the tenant admin's token.
func TestPricingAPI(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := newPricing(e)
		render, err := web.NewRenderer(e.cat, web.NewStatic(), &web.Menu{})
		if err != nil {
			t.Fatal(err)
		}
		srv := web.NewServer(e.cat, e.ids, render, web.Config{})
		RegisterAPI(web.NewAPI(srv, "test"), e.svc)
		h := srv.Handler()
		login, err := e.ids.Login(e.ctx, identity.LoginInput{Tenant: "acme", Username: "boss", Password: "Boss-pass-2026", IP: "192.0.2.1"})
		if err != nil {
			t.Fatal(err)
		}
		call := func(path, token string) (int, map[string]any) {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			req.Header.Set("Accept-Language", "zh-CN")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			var body map[string]any
			_ = json.Unmarshal(rec.Body.Bytes(), &body)
			return rec.Code, body
		}
		tok := login.Token
		code, body := call(fmt.Sprintf("/api/v1/prices/resolve?customer_id=%d&product_id=%d&quantity=2&date=2026-03-05", f.c1, f.p), tok)
		if code != http.StatusOK || body["price"] != "8.00" || body["source"] != FromPriceList || body["price_list_code"] == "" {
			t.Errorf("resolve: %d %v", code, body)
		}
		code, body = call(fmt.Sprintf("/api/v1/prices/resolve?product_id=%d&unit=box&currency_id=%d&date=2026-03-05", f.p3, f.usd), tok)
		if code != http.StatusOK || body["price"] != "17.14" || body["rate"] != "7.00" || body["source"] != FromListPrice {
			t.Errorf("resolve in USD: %d %v", code, body)
		}
		if code, body = call(fmt.Sprintf("/api/v1/prices/resolve?product_id=%d&date=2026-13-01", f.p), tok); code != http.StatusUnprocessableEntity {
			t.Errorf("bad date: %d %v", code, body)
		}
		if code, body = call(fmt.Sprintf("/api/v1/prices/resolve?product_id=%d&quantity=abc", f.p), tok); code != http.StatusUnprocessableEntity {
			t.Errorf("bad quantity: %d %v", code, body)
		}
		if code, _ = call(fmt.Sprintf("/api/v1/prices/resolve?product_id=%d", f.p), ""); code != http.StatusUnauthorized {
			t.Errorf("without a token: %d", code)
		}
		code, body = call(fmt.Sprintf("/api/v1/exchange-rates/on?currency_id=%d&date=2026-06-30", f.usd), tok)
		if code != http.StatusOK || body["rate"] != "8.00" || body["date"] != "2026-06-30" {
			t.Errorf("rate: %d %v", code, body)
		}
		code, body = call(fmt.Sprintf("/api/v1/exchange-rates/on?currency_id=%d&date=2025-01-01", f.usd), tok)
		if code != http.StatusNotFound || body["code"] != "masterdata.rate.missing" || body["detail"] != "USD 在 2025-01-01 及之前没有汇率" {
			t.Errorf("missing rate: %d %v", code, body)
		}
	})
}
