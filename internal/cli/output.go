package cli

import (
	"encoding/json"
	"io"

	"github.com/parley-im/parley/internal/errtext"
)

// response is the SDK's response shape.
type response struct {
	StatusCode int    `json:"statusCode"`
	Message    string `json:"message"`
	Data       any    `json:"data,omitempty"`
}

// event is one line of `parley watch`: the response shape plus its kind.
type event struct {
	Event      string `json:"event"`
	StatusCode int    `json:"statusCode"`
	Message    string `json:"message"`
	Data       any    `json:"data,omitempty"`
}

// printPartial writes the failure of err with the data of what was done
// before it (note says where that data went) and returns 1.
func printPartial(w io.Writer, note string, data any, err error) int {
	msg := errtext.Message(err)
	if note != "" {
		msg += " " + note
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(response{StatusCode: errtext.Code(err), Message: msg, Data: data})
	return 1
}

// printResult writes the JSON response for (data, err) and returns the
// process exit code: 0 on success, 1 on failure.
func printResult(w io.Writer, message string, data any, err error) int {
	r := response{StatusCode: errtext.OK, Message: message, Data: data}
	if err != nil {
		r = response{StatusCode: errtext.Code(err), Message: errtext.Message(err)}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(r)
	if err != nil {
		return 1
	}
	return 0
}
