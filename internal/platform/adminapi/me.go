package adminapi

import (
	"context"
	"encoding/base64"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

type meOut struct {
	Body struct {
		identity.User
		Tenant          string        `json:"tenant"`
		Operator        bool          `json:"operator"`
		Permissions     []tenant.Perm `json:"permissions"`
		MustEnrolMFA    bool          `json:"must_enrol_mfa"`
		PasswordExpired bool          `json:"password_expired"`
	}
}

type mePatchIn struct {
	Body struct {
		Locale string `json:"locale" enum:"zh-CN,en"`
	}
}

type passwordIn struct {
	Body struct {
		CurrentPassword string `json:"current_password"`
		NewPassword     string `json:"new_password"`
	}
}

type sessionsOut struct {
	Body struct {
		Items []identity.SessionInfo `json:"items"`
	}
}

type tokenIn struct {
	Body struct {
		Name      string     `json:"name" maxLength:"64"`
		ExpiresAt *time.Time `json:"expires_at,omitempty"`
	}
}

type tokenOut struct {
	Location string `header:"Location"`
	Body     struct {
		Token string `json:"token" doc:"Shown once; store it now"`
		identity.SessionInfo
	}
}

type totpBeginOut struct {
	Body struct {
		Secret     string `json:"secret"`
		OTPAuthURL string `json:"otpauth_url"`
		QRCodePNG  string `json:"qr_code_png" doc:"base64 PNG of the otpauth URL"`
	}
}

type codeIn struct {
	Body struct {
		Code string `json:"code"`
	}
}

type recoveryOut struct {
	Body struct {
		RecoveryCodes []string `json:"recovery_codes" doc:"Shown once"`
	}
}

type passwordOnlyIn struct {
	Body struct {
		Password string `json:"password"`
	}
}

func (h *handlers) me(api *web.API) {
	tags := []string{"me"}
	web.OpRestricted(api, huma.Operation{OperationID: "me", Method: http.MethodGet, Path: "/api/v1/me", Tags: tags, Summary: "The signed-in user"},
		func(ctx context.Context, _ *struct{}) (*meOut, error) {
			p, _ := web.PrincipalFrom(ctx)
			u, err := h.IDs.Me(ctx, p.Scope)
			if err != nil {
				return nil, err
			}
			out := &meOut{}
			out.Body.User = u
			out.Body.Tenant, out.Body.Operator = p.Scope.TenantCode(), p.Scope.IsOperator()
			out.Body.Permissions = p.Scope.Perms()
			out.Body.MustEnrolMFA, out.Body.PasswordExpired = p.MustEnrolMFA, p.PasswordExpired
			return out, nil
		})
	web.OpRestricted(api, huma.Operation{OperationID: "me-update", Method: http.MethodPatch, Path: "/api/v1/me", Tags: tags, Summary: "Change my language"},
		func(ctx context.Context, in *mePatchIn) (*meOut, error) {
			if err := h.IDs.UpdateLocale(ctx, web.ScopeFrom(ctx), in.Body.Locale); err != nil {
				return nil, err
			}
			u, err := h.IDs.Me(ctx, web.ScopeFrom(ctx))
			out := &meOut{}
			out.Body.User = u
			return out, err
		})
	web.OpRestricted(api, huma.Operation{OperationID: "me-password", Method: http.MethodPost, Path: "/api/v1/me/password", Tags: tags,
		Summary: "Change my password", Description: "Other sessions end; this one stays."},
		func(ctx context.Context, in *passwordIn) (*acceptedOut, error) {
			p, _ := web.PrincipalFrom(ctx)
			return ok(), h.IDs.ChangePassword(ctx, p, in.Body.CurrentPassword, in.Body.NewPassword)
		})
	for _, kind := range []string{identity.KindSession, identity.KindAPI} {
		kind := kind
		path := "/api/v1/me/sessions"
		if kind == identity.KindAPI {
			path = "/api/v1/me/tokens"
		}
		web.Op(api, huma.Operation{OperationID: "list-" + kind, Method: http.MethodGet, Path: path, Tags: tags, Summary: "My " + kind + "s"},
			web.SignedIn, "", func(ctx context.Context, _ *struct{}) (*sessionsOut, error) {
				p, _ := web.PrincipalFrom(ctx)
				items, err := h.IDs.MySessions(ctx, p, kind)
				out := &sessionsOut{}
				out.Body.Items = items
				return out, err
			})
		web.Op(api, huma.Operation{OperationID: "revoke-" + kind, Method: http.MethodDelete, Path: path + "/{id}", Tags: tags,
			Summary: "Revoke one of my " + kind + "s", DefaultStatus: http.StatusNoContent},
			web.SignedIn, "", func(ctx context.Context, in *IDPath) (*struct{}, error) {
				return nil, h.IDs.RevokeSession(ctx, web.ScopeFrom(ctx), in.ID)
			})
	}
	web.Op(api, huma.Operation{OperationID: "create-token", Method: http.MethodPost, Path: "/api/v1/me/tokens", Tags: tags,
		Summary: "Create a personal API token", DefaultStatus: http.StatusCreated},
		web.SignedIn, "", func(ctx context.Context, in *tokenIn) (*tokenOut, error) {
			tok, info, err := h.IDs.CreateToken(ctx, web.ScopeFrom(ctx), in.Body.Name, in.Body.ExpiresAt)
			if err != nil {
				return nil, err
			}
			out := &tokenOut{Location: "/api/v1/me/tokens"}
			out.Body.Token, out.Body.SessionInfo = tok, info
			return out, nil
		})
	web.OpRestricted(api, huma.Operation{OperationID: "totp-begin", Method: http.MethodPost, Path: "/api/v1/me/mfa/totp", Tags: tags,
		Summary: "Start TOTP enrolment"},
		func(ctx context.Context, _ *struct{}) (*totpBeginOut, error) {
			e, err := h.IDs.BeginTOTP(ctx, web.ScopeFrom(ctx))
			if err != nil {
				return nil, err
			}
			out := &totpBeginOut{}
			out.Body.Secret, out.Body.OTPAuthURL = e.Secret, e.URL
			out.Body.QRCodePNG = base64.StdEncoding.EncodeToString(e.QRPNG)
			return out, nil
		})
	web.OpRestricted(api, huma.Operation{OperationID: "totp-confirm", Method: http.MethodPost, Path: "/api/v1/me/mfa/totp/confirm", Tags: tags,
		Summary: "Confirm TOTP with a code; answers recovery codes"},
		func(ctx context.Context, in *codeIn) (*recoveryOut, error) {
			codes, err := h.IDs.ConfirmTOTP(ctx, web.ScopeFrom(ctx), in.Body.Code)
			out := &recoveryOut{}
			out.Body.RecoveryCodes = codes
			return out, err
		})
	web.Op(api, huma.Operation{OperationID: "totp-disable", Method: http.MethodPost, Path: "/api/v1/me/mfa/totp/disable", Tags: tags,
		Summary: "Turn TOTP off (needs the password)"},
		web.SignedIn, "", func(ctx context.Context, in *passwordOnlyIn) (*acceptedOut, error) {
			return ok(), h.IDs.DisableTOTP(ctx, web.ScopeFrom(ctx), in.Body.Password)
		})
}
