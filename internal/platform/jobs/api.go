package jobs

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// View is a job as the API shows it: the error code also as a message in
// the caller's language.
type View struct {
	Job
	ErrorMessage string `json:"error_message,omitempty"`
}

// ViewOf translates a job's error for lang.
func ViewOf(cat *i18n.Catalog, lang string, j Job) View {
	v := View{Job: j}
	if j.ErrorCode != "" {
		var data map[string]any
		var b ErrorBody
		// An ErrorBody result carries the data its message needs.
		if len(j.Result) > 0 && json.Unmarshal(j.Result, &b) == nil && b.Code == j.ErrorCode {
			data = b.Data
		}
		v.ErrorMessage = cat.T(lang, j.ErrorCode, data)
	}
	return v
}

type jobIn struct {
	ID int64 `path:"id" minimum:"1"`
}

// JobOut is the body of GET /api/v1/jobs/{id}; 202 answers that queue a
// job use it too, with the Location of that endpoint.
type JobOut struct {
	Location string `header:"Location"`
	Body     View
}

// RegisterAPI adds GET /api/v1/jobs/{id}. Any signed-in user may call it;
// Get itself lets only the submitter (or jobs.configure) see a job.
func RegisterAPI(api *web.API, srv *web.Server, s *Service) {
	web.Op(api, huma.Operation{OperationID: "get-job", Method: http.MethodGet, Path: "/api/v1/jobs/{id}", Tags: []string{"jobs"},
		Summary:     "Get a background job",
		Description: "Status (queued, running, done, failed), progress (rows done of total) and, once finished, the result or the error."},
		web.SignedIn, "", func(ctx context.Context, in *jobIn) (*JobOut, error) {
			j, err := s.Get(ctx, web.ScopeFrom(ctx), in.ID)
			if err != nil {
				return nil, err
			}
			return &JobOut{Body: ViewOf(srv.Cat, web.LangFrom(ctx), j)}, nil
		})
}
