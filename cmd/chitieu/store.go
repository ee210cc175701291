package main

import (
	"context"
	"fmt"

	"github.com/spf13/pflag"

	"chitieu/finding"
	"chitieu/intake"
	"chitieu/schema"
	"chitieu/store"
	"chitieu/validate"
)

// storeEnv names the environment variable that gives the store's folder when --store does not.
const storeEnv = "CHITIEU_STORE"

// openStore opens the store for the plan, creating it when create is set; without create a
// store that does not exist is a usage error (a mistyped --store must not make an empty one).
func openStore(e *env, path, dir string, p *schema.Plan, create bool) (*store.Store, int) {
	if !create {
		if !store.Exists(dir) {
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
		short: finding.Text{VI: "Bảo trì kho lưu trữ (dựng lại chỉ mục từ các tệp đã nhận, đối chiếu các tệp với biên nhận)", EN: "Maintain the store (rebuild the index from the files received, check the files against their receipts)"},
		sub:   []*command{storeRebuildCommand(), storeVerifyCommand()},
	}
}

// storeRebuildOptions are the flags of chitieu store rebuild.
type storeRebuildOptions struct {
	plan     string
	store    storeOption
	limits   limitOptions
	leaveOut bool
}

func storeRebuildCommand() *command {
	var o storeRebuildOptions
	return &command{
		name:  "rebuild",
		args:  "[--plan NAME|FILE] [--store DIR] [--leave-out-damaged]",
		short: finding.Text{VI: "Dựng lại chỉ mục của kho từ chính các tệp đã nhận", EN: "Rebuild the store's index from the received files alone"},
		long: finding.Text{
			VI: "Kiểm tra lại mọi tệp đã lưu trong kho theo đúng thứ tự đã nhận và ghi lại chỉ mục (bài nộp, lỗi, số liệu).\nCác tệp là bằng chứng: chỉ mục luôn dựng lại được từ chúng, kể cả khi chỉ mục mất, rỗng hay hỏng (chỉ mục\nhỏng được chuyển sang một bên và giữ lại). Mỗi tệp được đối chiếu với SHA-256 trong biên nhận; tệp nào khác\nđi thì được nêu tên và chỉ mục không bị đổi (mã thoát 1); với --leave-out-damaged, chỉ mục được dựng lại\ntừ các tệp còn nguyên, các tệp đã bị đổi để nguyên chỗ cũ, được nêu tên và không đưa vào (mã thoát 1).\nKhông chương trình nào khác được dùng kho lúc này.",
			EN: "Checks every file kept in the store again, in the order received, and writes the index (submissions,\nfindings, figures) anew. The files are the evidence: the index can always be rebuilt from them, even when\nit is missing, empty or damaged (a damaged index is moved aside and kept). Every file is compared with the\nSHA-256 of its receipt; those that differ are named and the index is left as it was (exit status 1); with\n--leave-out-damaged the index is rebuilt from the intact files, those that differ named, left where\nthey are and out of the index (exit status 1). No other program may use the store meanwhile.",
		},
		flags: func(fs *pflag.FlagSet, l finding.Lang) {
			planFlag(fs, l, &o.plan)
			storeFlag(fs, l, &o.store)
			limitFlags(fs, l, &o.limits)
			fs.BoolVar(&o.leaveOut, "leave-out-damaged", false, finding.Text{VI: "dựng lại từ các tệp còn nguyên, bỏ ra ngoài chỉ mục các tệp đã bị thay đổi (khi không có bản sao lưu để chép lại)", EN: "rebuild from the intact files, leaving out of the index those that were changed (when there is no backup to restore them from)"}.In(l))
		},
		run: func(e *env, args []string) int { return runStoreRebuild(e, &o, args) },
	}
}

func runStoreRebuild(e *env, o *storeRebuildOptions, args []string) int {
	const path = "chitieu store rebuild"
	if !e.noArgs(path, args) {
		return exitUsage
	}
	plan := o.plan
	p, code := loadPlan(e, path, plan)
	if p == nil {
		return code
	}
	dir := o.store.dir()
	if !store.Exists(dir) {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.Textf("không có kho lưu trữ tại %s (không có chỉ mục, không có tệp nào đã nhận); hãy chỉ đúng thư mục bằng --store.",
			"there is no store at %s (no index, no file received); name the right folder with --store.", dir).In(e.lang))
		return exitUsage
	}
	st, moved, err := store.OpenForRebuild(e.ctx, dir, p.ID)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return exitUsage
	}
	defer st.Close()
	if moved != "" {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.Textf("chỉ mục cũ hỏng hoặc rỗng đã được chuyển sang %s (giữ lại để đối chiếu).",
			"the damaged or empty index was moved to %s (kept for reference).", moved).In(e.lang))
	}
	opts := validate.Options{Plan: p}
	opts.Limits, _ = o.limits.limits()
	// The index is being rebuilt: each file is checked against the files before it only.
	in := &intake.Receiver{Plan: p, Store: st}
	n := 0
	warnings, err := st.Rebuild(e.ctx, o.leaveOut, func(ctx context.Context, a store.Archived) (store.Submission, error) {
		f := validate.CheckFile(opts, a.Path)
		if f.Err != nil {
			return store.Submission{}, f.Err
		}
		// A file that came through a unit's link is checked as serve checked it: one naming
		// another unit stays refused, filed under its sender.
		if err := in.Check(ctx, f, a.Sender); err != nil {
			return store.Submission{}, err
		}
		sub := intake.SubmissionFrom(p, f, intake.From{Name: a.Name, Unit: a.Sender})
		n++
		return sub, nil
	})
	for _, w := range warnings {
		fmt.Fprintf(e.stderr, "%s: %s: %s\n", path, finding.Text{VI: "cảnh báo", EN: "warning"}.In(e.lang), finding.ErrorText(w, e.lang))
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		if store.IsCode(err, "sha256-mismatch") {
			return exitFound
		}
		return exitUsage
	}
	fmt.Fprintln(e.stdout, finding.Textf("Đã dựng lại chỉ mục của kho %s từ %s.", "Rebuilt the index of store %s from %s.", dir, finding.Count(n, "tệp", "file", "files")).In(e.lang))
	if links, err := st.Links(e.ctx); err == nil && len(links) == 0 && moved != "" {
		fmt.Fprintln(e.stdout, finding.Textf("Đường dẫn của các đơn vị nằm trong chỉ mục cũ: hãy tạo đường dẫn mới (chitieu links --store %s -o duong-dan.csv) và gửi lại cho các đơn vị.",
			"The units' links were in the old index: make new ones (chitieu links --store %s -o links.csv) and send them to the units again.", dir).In(e.lang))
	}
	for _, w := range warnings {
		if store.IsCode(w, "sha256-mismatch") {
			return exitFound // files left out of the index: evidence is damaged
		}
	}
	return exitOK
}

// storeVerifyOptions are the flags of chitieu store verify.
type storeVerifyOptions struct {
	plan  string
	store storeOption
}

func storeVerifyCommand() *command {
	var o storeVerifyOptions
	return &command{
		name:  "verify",
		args:  "[--plan NAME|FILE] [--store DIR]",
		short: finding.Text{VI: "Đối chiếu mọi tệp đã lưu với biên nhận của nó (SHA-256) và kiểm tra chỉ mục", EN: "Check every archived file against its receipt (SHA-256) and the index"},
		long: finding.Text{
			VI: "Đọc lại mọi tệp đã lưu trong kho và so với SHA-256 và kích thước ghi trong biên nhận, kiểm tra tính toàn vẹn\ncủa chỉ mục. Nêu tên từng tệp đã bị sửa hay mất; mã thoát 1 nếu có.",
			EN: "Reads every file kept in the store again and compares it with the SHA-256 and size of its receipt, and\nchecks the index's integrity. Names each file that was changed or is missing; exit status 1 if any.",
		},
		flags: func(fs *pflag.FlagSet, l finding.Lang) {
			planFlag(fs, l, &o.plan)
			storeFlag(fs, l, &o.store)
		},
		run: func(e *env, args []string) int {
			const path = "chitieu store verify"
			if !e.noArgs(path, args) {
				return exitUsage
			}
			plan := o.plan
			p, code := loadPlan(e, path, plan)
			if p == nil {
				return code
			}
			st, code := openStore(e, path, o.store.dir(), p, false)
			if st == nil {
				return code
			}
			defer st.Close()
			problems, err := st.Verify(e.ctx)
			if err != nil {
				fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
				return exitUsage
			}
			for _, pr := range problems {
				fmt.Fprintf(e.stdout, "%s\n", finding.ErrorText(pr, e.lang))
			}
			if len(problems) > 0 {
				fmt.Fprintln(e.stdout, finding.Textf("Kho %s: %s.", "Store %s: %s.", o.store.dir(), finding.Count(len(problems), "vấn đề", "problem", "problems")).In(e.lang))
				return exitFound
			}
			fmt.Fprintln(e.stdout, finding.Textf("Kho %s: mọi tệp khớp biên nhận, chỉ mục toàn vẹn.", "Store %s: every file matches its receipt, the index is whole.", o.store.dir()).In(e.lang))
			return exitOK
		},
	}
}
