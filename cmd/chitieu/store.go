package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/pflag"

	"chitieu/finding"
	"chitieu/intake"
	"chitieu/schema"
	"chitieu/store"
	"chitieu/validate"
)

// storeEnv names the environment variable that gives the store's folder when --store does not.
const storeEnv = "CHITIEU_STORE"

func storeFlag(fs *pflag.FlagSet, l finding.Lang) {
	fs.String("store", "", finding.Textf("thư mục kho lưu trữ của văn phòng (mặc định $%s, hoặc ./%s)",
		"the office's store folder (default $%s, else ./%s)", storeEnv, store.DefaultDir).In(l))
}

// storeDir is the store's folder: --store, else $CHITIEU_STORE, else ./chitieu-data.
func storeDir(fs *pflag.FlagSet) string {
	if dir, _ := fs.GetString("store"); dir != "" {
		return dir
	}
	if dir := os.Getenv(storeEnv); dir != "" {
		return dir
	}
	return store.DefaultDir
}

// openStore opens the store for the plan, creating it when create is set; without create a
// store that does not exist is a usage error (a mistyped --store must not make an empty one).
func openStore(e *env, path string, fs *pflag.FlagSet, p *schema.Plan, create bool) (*store.Store, int) {
	dir := storeDir(fs)
	if !create {
		if _, err := os.Stat(filepath.Join(dir, "index.sqlite")); err != nil {
			fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.Textf("không có kho lưu trữ tại %s: hãy nhận báo cáo vào kho trước (chitieu receive --store %s …), hoặc chỉ đúng thư mục bằng --store.",
				"there is no store at %s: receive reports into it first (chitieu receive --store %s …), or name the right folder with --store.", dir, dir).In(e.lang))
			return nil, exitUsage
		}
	}
	st, err := store.Open(e.ctx, dir, p.ID)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return nil, exitUsage
	}
	return st, exitOK
}

func storeCommand() *command {
	return &command{
		name:  "store",
		short: finding.Text{VI: "Bảo trì kho lưu trữ (dựng lại chỉ mục từ các tệp đã nhận)", EN: "Maintain the store (rebuild the index from the files received)"},
		sub:   []*command{storeRebuildCommand()},
	}
}

func storeRebuildCommand() *command {
	return &command{
		name:  "rebuild",
		args:  "[--plan NAME|FILE] [--store DIR]",
		short: finding.Text{VI: "Dựng lại chỉ mục của kho từ chính các tệp đã nhận", EN: "Rebuild the store's index from the received files alone"},
		long: finding.Text{
			VI: "Kiểm tra lại mọi tệp đã lưu trong kho theo đúng thứ tự đã nhận và ghi lại chỉ mục (bài nộp, lỗi, số liệu).\nCác tệp là bằng chứng: chỉ mục luôn dựng lại được từ chúng. Không chương trình nào khác được dùng kho lúc này.",
			EN: "Checks every file kept in the store again, in the order received, and writes the index (submissions,\nfindings, figures) anew. The files are the evidence: the index can always be rebuilt from them. No other\nprogram may use the store meanwhile.",
		},
		flags: func(fs *pflag.FlagSet, l finding.Lang) {
			planFlag(fs, l)
			storeFlag(fs, l)
			limitFlags(fs, l)
		},
		run: func(e *env, fs *pflag.FlagSet, args []string) int {
			const path = "chitieu store rebuild"
			if !e.noArgs(path, args) {
				return exitUsage
			}
			plan, _ := fs.GetString("plan")
			p, code := loadPlan(e, path, plan)
			if p == nil {
				return code
			}
			st, code := openStore(e, path, fs, p, false)
			if st == nil {
				return code
			}
			defer st.Close()
			opts := validate.Options{Plan: p}
			opts.Limits, _ = limitsOf(fs)
			// The index is being rebuilt: each file is checked against the files before it only.
			in := &intake.Receiver{Plan: p, Store: st}
			n := 0
			err := st.Rebuild(e.ctx, func(ctx context.Context, file, name string) (store.Submission, error) {
				f := validate.CheckFile(opts, file)
				if f.Err != nil {
					return store.Submission{}, f.Err
				}
				// A file that came through a unit's link is checked as serve checked it: one
				// naming another unit stays refused.
				via, err := st.FirstLink(ctx, f.SHA256)
				if err != nil {
					return store.Submission{}, err
				}
				if err := in.Check(ctx, f, via); err != nil {
					return store.Submission{}, err
				}
				sub := intake.Submission(f)
				sub.Name = name
				n++
				return sub, nil
			})
			if err != nil {
				fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
				return exitUsage
			}
			fmt.Fprintln(e.stdout, finding.Textf("Đã dựng lại chỉ mục của kho %s từ %d tệp.", "Rebuilt the index of store %s from %d files.", storeDir(fs), n).In(e.lang))
			return exitOK
		},
	}
}
