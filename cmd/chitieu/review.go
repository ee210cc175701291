package main

import (
	"errors"
	"fmt"
	"os"
	"os/user"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/store"
)

// reviewOptions are the flags of chitieu review.
type reviewOptions struct {
	plan         string
	store        storeOption
	period       string
	form         string
	unit         string
	approve      bool
	returnText   givenString
	cell         []string
	reopen       givenString
	approveValid bool
	by           string
}

func reviewCommand() *command {
	var o reviewOptions
	return &command{
		name: "review",
		args: "[--plan NAME|FILE] [--store DIR] --period P (--form F --unit U (--approve | --return TEXT [--cell CELL=TEXT]... | --reopen TEXT) | --approve-valid) [--by NAME]",
		short: finding.Text{VI: "Duyệt báo cáo của đơn vị: trả lại kèm nhận xét, chấp nhận (khóa báo cáo) hoặc mở lại",
			EN: "Review a unit's report: return it with comments, approve it (locking it), or reopen it"},
		long: finding.Text{
			VI: "--return TEXT trả báo cáo về đơn vị với nhận xét; --cell D12=TEXT thêm nhận xét vào một ô số liệu (lặp\nlại được). Đơn vị thấy nhận xét trên trang của mình và trong bản đánh dấu. --approve chấp nhận tệp hợp lệ\nhiện hành và khóa báo cáo: tệp gửi sau được giữ làm bằng chứng nhưng không thay thế cho đến khi mở lại\nbằng --reopen LÝ_DO; khi đó các tệp đã giữ lần lượt được nhận, tệp hợp lệ mới nhất thành hiện hành.\n--approve-valid chấp nhận mọi báo cáo hợp lệ chưa duyệt của kỳ (trừ báo cáo đang trả lại). Mỗi thay đổi\nđược ghi nhật ký với tên người duyệt (--by, mặc định tên người dùng máy). Trạng thái thoát: 0 đã ghi,\n1 báo cáo không ở trạng thái cho phép việc này, 2 lỗi cú pháp hoặc lỗi kho.",
			EN: "--return TEXT sends the report back to the unit with a comment; --cell D12=TEXT adds a comment on a\nfigure's cell (repeatable). The unit sees them on its page and in its marked-up copy. --approve accepts\nthe current valid file and locks the report: a file sent later is kept as evidence but supersedes\nnothing until --reopen REASON; the held files then take their turn and the newest valid one becomes\ncurrent. --approve-valid approves every valid report of the period not yet reviewed (those returned\nexcepted). Each change is audited with the reviewer's name (--by, default the computer's user name).\nExit status: 0 recorded, 1 the report is not in a state that allows it, 2 usage or store error.",
		},
		flags: func(fs *pflag.FlagSet, l finding.Lang) {
			planFlag(fs, l, &o.plan)
			storeFlag(fs, l, &o.store)
			fs.StringVar(&o.period, "period", "", finding.Text{VI: "kỳ báo cáo (bắt buộc), ví dụ 2024-03", EN: "the period (required), e.g. 2024-03"}.In(l))
			fs.StringVar(&o.form, "form", "", finding.Text{VI: "mã biểu mẫu", EN: "the form's ID"}.In(l))
			fs.StringVar(&o.unit, "unit", "", finding.Text{VI: "mã đơn vị", EN: "the unit's code"}.In(l))
			fs.BoolVar(&o.approve, "approve", false, finding.Text{VI: "chấp nhận báo cáo (khóa lại)", EN: "approve the report (locks it)"}.In(l))
			fs.Var(&o.returnText, "return", finding.Text{VI: "trả lại báo cáo với nhận xét này", EN: "return the report with this comment"}.In(l))
			fs.StringArrayVar(&o.cell, "cell", nil, finding.Text{VI: "nhận xét một ô: D12=TEXT (lặp lại được; cùng --return)", EN: "a comment on a cell: D12=TEXT (repeatable; with --return)"}.In(l))
			fs.Var(&o.reopen, "reopen", finding.Text{VI: "mở lại báo cáo đã duyệt, với lý do này", EN: "reopen an approved report, for this reason"}.In(l))
			fs.BoolVar(&o.approveValid, "approve-valid", false, finding.Text{VI: "chấp nhận mọi báo cáo hợp lệ chưa duyệt của kỳ", EN: "approve every valid report of the period not yet reviewed"}.In(l))
			fs.StringVar(&o.by, "by", "", finding.Text{VI: "tên người duyệt ghi vào nhật ký (mặc định tên người dùng máy)", EN: "the reviewer's name for the audit log (default the computer's user name)"}.In(l))
		},
		run: func(e *env, args []string) int { return runReview(e, &o, args) },
	}
}

// reviewer is the name a review from the command line is audited under: "cli:" and --by, else the
// computer's user name.
func reviewer(by string) string {
	if by = strings.TrimSpace(by); by == "" {
		if u, err := user.Current(); err == nil && u.Username != "" {
			by = u.Username
		} else {
			by = os.Getenv("USER")
		}
	}
	if by == "" {
		return "cli"
	}
	return "cli:" + by
}

func runReview(e *env, o *reviewOptions, args []string) int {
	const path = "chitieu review"
	plan := o.plan
	period := o.period
	form := o.form
	unit := o.unit
	approve := o.approve
	approveValid := o.approveValid
	cells := o.cell
	by := o.by
	if !e.noArgs(path, args) {
		return exitUsage
	}
	var change store.ReviewChange
	n := 0
	if approve {
		n++
		change.State = store.ReviewApproved
	}
	if o.returnText.given {
		n++
		change.State, change.Comment = store.ReviewReturned, o.returnText.value
	}
	if o.reopen.given {
		n++
		change.State, change.Comment = store.ReviewReopened, o.reopen.value
	}
	if approveValid {
		n++
	}
	switch {
	case n != 1:
		e.usageError(path, finding.Text{VI: "cần đúng một trong --approve, --return, --reopen, --approve-valid.",
			EN: "give exactly one of --approve, --return, --reopen, --approve-valid."}, "")
		return exitUsage
	case len(cells) > 0 && change.State != store.ReviewReturned:
		e.usageError(path, finding.Text{VI: "--cell chỉ đi cùng --return.", EN: "--cell goes with --return only."}, "")
		return exitUsage
	case approveValid && (form != "" || unit != ""):
		e.usageError(path, finding.Text{VI: "--approve-valid duyệt cả kỳ: bỏ --form và --unit.",
			EN: "--approve-valid approves the whole period: leave out --form and --unit."}, "")
		return exitUsage
	case !approveValid && (form == "" || unit == ""):
		e.usageError(path, finding.Text{VI: "cần --form và --unit của báo cáo.", EN: "name the report with --form and --unit."}, "")
		return exitUsage
	case change.State == store.ReviewReturned && strings.TrimSpace(change.Comment) == "" && len(cells) == 0:
		e.usageError(path, finding.Text{VI: "--return cần một nhận xét.", EN: "--return needs a comment."}, "")
		return exitUsage
	case change.State == store.ReviewReopened && strings.TrimSpace(change.Comment) == "":
		e.usageError(path, finding.Text{VI: "--reopen cần nêu lý do.", EN: "--reopen needs a reason."}, "")
		return exitUsage
	}
	for _, c := range cells {
		ref, text, ok := strings.Cut(c, "=")
		if !ok || strings.TrimSpace(ref) == "" || strings.TrimSpace(text) == "" {
			e.usageError(path, finding.Textf("--cell %q: viết ô=nhận xét, ví dụ --cell \"D12=Số liệu cao bất thường\".",
				"--cell %q: write cell=comment, e.g. --cell \"D12=This figure looks too high\".", c), "")
			return exitUsage
		}
		change.Cells = append(change.Cells, store.CellComment{Cell: ref, Text: text})
	}
	per, ok := parsePeriodFlag(e, path, period)
	if !ok {
		return exitUsage
	}
	p, code := loadPlan(e, path, plan)
	if p == nil {
		return code
	}
	if !approveValid {
		if p.Form(form) == nil {
			e.usageError(path, finding.Textf("--form %q: không có trong kế hoạch %s.", "--form %q: not a form of plan %s.", form, p.ID), hint(form, p.FormIDs()))
			return exitUsage
		}
		if p.Unit(unit) == nil {
			var codes []string
			for _, u := range p.Units {
				codes = append(codes, u.Code)
			}
			e.usageError(path, finding.Textf("--unit %q: không có trong kế hoạch %s.", "--unit %q: not a unit of plan %s.", unit, p.ID), hint(unit, codes))
			return exitUsage
		}
	}
	st, code := openStore(e, path, o.store.dir(), p, false)
	if st == nil {
		return code
	}
	defer st.Close()
	name := reviewer(by)
	if approveValid {
		return approveAllValid(e, path, st, p, per, name)
	}
	change.Form, change.Unit, change.Period, change.By = form, unit, per.String(), name
	rv, err := st.SetReview(e.ctx, change)
	if err != nil {
		return reviewFailed(e, path, err)
	}
	fmt.Fprintln(e.stdout, reviewLine(rv, e.lang))
	return exitOK
}

func hint(s string, options []string) string {
	if best := schema.Closest(s, options); best != "" {
		return fmt.Sprintf(" (%s?)", best)
	}
	return ""
}

// reviewFailed says why a review was not recorded: the report's state does not allow it (1), or
// the request or the store failed (2).
func reviewFailed(e *env, path string, err error) int {
	fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
	var se *store.Error
	if errors.As(err, &se) && slices.Contains([]string{"already-approved", "approved", "not-approved", "no-valid-report", "no-report"}, se.Code) {
		return exitFound
	}
	return exitUsage
}

// reviewLine is one recorded change as the office reads it.
func reviewLine(rv store.Review, lang finding.Lang) string {
	key := fmt.Sprintf("%s %s %s", rv.Form, rv.Unit, rv.Period)
	var s string
	switch rv.State {
	case store.ReviewApproved:
		s = finding.Textf("%s: đã duyệt (%s), báo cáo đã khóa.", "%s: approved (%s); the report is locked.", key, rv.By).In(lang)
	case store.ReviewReturned:
		s = finding.Textf("%s: đã trả lại (%s): %s", "%s: returned (%s): %s", key, rv.By, rv.Comment).In(lang)
		s = finding.Printable(s)
		for _, c := range rv.Cells {
			s += "\n" + finding.Printable(fmt.Sprintf("  %s!%s: %s", c.Sheet, c.Cell, c.Text))
		}
		return s
	case store.ReviewReopened:
		s = finding.Textf("%s: đã mở lại (%s): %s", "%s: reopened (%s): %s", key, rv.By, rv.Comment).In(lang)
	}
	return finding.Printable(s)
}

// approveAllValid approves every valid report of the period not reviewed yet (store.ApproveValid),
// printing each.
func approveAllValid(e *env, path string, st *store.Store, p *schema.Plan, per schema.Period, by string) int {
	n := 0
	err := st.ApproveValid(e.ctx, p, per, by, func(rv store.Review) error {
		fmt.Fprintln(e.stdout, reviewLine(rv, e.lang))
		n++
		return nil
	})
	if err != nil {
		return reviewFailed(e, path, err)
	}
	fmt.Fprintln(e.stdout, finding.Textf("Đã duyệt %d báo cáo hợp lệ của kỳ %s.", "Approved %d valid reports of %s.", n, per.String()).In(e.lang))
	return exitOK
}
