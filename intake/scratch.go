package intake

import (
	"context"
	"time"

	"chitieu/schema"
	"chitieu/store"
	"chitieu/validate"
)

// Scratch receives the files at paths into a new store in dir — a scratch store the caller
// removes — through the one receiver, as receive would: in the order of paths (for a command
// line, the files in the order given, a folder's in name order), at the time at. It returns the
// store and every submission in receive order, with figures and findings. It is how files given
// instead of a store are consolidated: by the store's rules, the same as the office's (the latest
// valid copy received counts). filed, when not nil, is told of each file as Receiver.Filed is.
func Scratch(ctx context.Context, p *schema.Plan, opts validate.Options, paths []string, dir string, at time.Time, filed func(Received) error) (*store.Store, []store.Submission, error) {
	st, err := store.Open(ctx, dir, p.ID)
	if err != nil {
		return nil, nil, err
	}
	in := New(p, st)
	in.ReceivedAt, in.Filed = at, filed
	opts.Plan = p
	if err := in.Files(ctx, opts, paths); err != nil {
		st.Close()
		return nil, nil, err
	}
	subs, err := st.Submissions(ctx, store.Filter{WithFigures: true, WithFindings: true})
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, subs, nil
}
