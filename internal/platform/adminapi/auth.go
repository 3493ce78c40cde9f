package adminapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

type loginIn struct {
	UserAgent string `header:"User-Agent"`
	Forwarded string `header:"X-Forwarded-For"`
	Body      struct {
		Tenant   string `json:"tenant" doc:"Tenant code; empty for the platform operator"`
		Username string `json:"username"`
		Password string `json:"password"`
		TOTP     string `json:"totp,omitempty" doc:"TOTP or recovery code, when the user has MFA on"`
	}
}

type loginOut struct {
	SetCookie http.Cookie `header:"Set-Cookie"`
	Body      struct {
		Token     string        `json:"token"`
		ExpiresAt time.Time     `json:"expires_at"`
		User      identity.User `json:"user"`
	}
}

type resetIn struct {
	Body struct {
		Tenant   string `json:"tenant"`
		Username string `json:"username" doc:"Username or email address"`
	}
}

type resetConfirmIn struct {
	Body struct {
		Tenant      string `json:"tenant"`
		Username    string `json:"username"`
		Code        string `json:"code"`
		NewPassword string `json:"new_password"`
	}
}

type acceptedOut struct {
	Body struct {
		OK bool `json:"ok"`
	}
}

func ok() *acceptedOut { o := &acceptedOut{}; o.Body.OK = true; return o }

func (h *handlers) auth(api *web.API) {
	web.Op(api, huma.Operation{OperationID: "login", Method: http.MethodPost, Path: "/api/v1/auth/login", Tags: []string{"auth"},
		Summary: "Sign in", Description: "Answers a bearer token and also sets the session cookie used by the web UI."},
		web.Public, "", func(ctx context.Context, in *loginIn) (*loginOut, error) {
			ip := web.ClientIPFrom(ctx)
			res, err := h.IDs.Login(ctx, identity.LoginInput{Tenant: in.Body.Tenant, Username: in.Body.Username,
				Password: in.Body.Password, TOTP: in.Body.TOTP, IP: ip, Client: in.UserAgent})
			if err != nil {
				return nil, err
			}
			out := &loginOut{}
			out.Body.Token, out.Body.ExpiresAt = res.Token, res.ExpiresAt
			p, err := h.IDs.Resolve(ctx, res.Token, ip, in.UserAgent)
			if err != nil {
				return nil, err
			}
			if out.Body.User, err = h.IDs.Me(ctx, p.Scope); err != nil {
				return nil, err
			}
			out.SetCookie = h.Server.SessionCookie(web.SessionCookie, res.Token, res.ExpiresAt)
			return out, nil
		})
	web.OpRestricted(api, huma.Operation{OperationID: "logout", Method: http.MethodPost, Path: "/api/v1/auth/logout", Tags: []string{"auth"},
		Summary: "Sign out (ends the current session)"},
		func(ctx context.Context, _ *struct{}) (*acceptedOut, error) {
			p, _ := web.PrincipalFrom(ctx)
			return ok(), h.IDs.Logout(ctx, p)
		})
	web.Op(api, huma.Operation{OperationID: "password-reset-request", Method: http.MethodPost, Path: "/api/v1/auth/password-reset",
		Tags: []string{"auth"}, Summary: "Mail a password reset code", Description: "Answers the same whether or not the account exists."},
		web.Public, "", func(ctx context.Context, in *resetIn) (*acceptedOut, error) {
			return ok(), h.IDs.RequestReset(ctx, in.Body.Tenant, in.Body.Username, web.ClientIPFrom(ctx))
		})
	web.Op(api, huma.Operation{OperationID: "password-reset-confirm", Method: http.MethodPost, Path: "/api/v1/auth/password-reset/confirm",
		Tags: []string{"auth"}, Summary: "Set a new password with a mailed code"},
		web.Public, "", func(ctx context.Context, in *resetConfirmIn) (*acceptedOut, error) {
			return ok(), h.IDs.ConfirmReset(ctx, in.Body.Tenant, in.Body.Username, in.Body.Code, in.Body.NewPassword, web.ClientIPFrom(ctx))
		})
}
