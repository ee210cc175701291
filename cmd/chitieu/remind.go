package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"chitieu/finding"
	"chitieu/intake"
	"chitieu/mail"
	"chitieu/outfile"
	"chitieu/schema"
	"chitieu/store"
	"chitieu/templates"
)

// remindFlags are the flags of mail remind, bound to their variables.
type remindFlags struct {
	mailFlags
	period, date, links, out string
	dryRun, force            bool
	forms                    []string
}

func mailRemindCommand() *command {
	var f remindFlags
	return &command{
		name:  "remind",
		args:  "[--plan NAME|FILE] [--store DIR] --period P [--date D] [--links FILE.csv] (--dry-run -o DIR --from ADDR | --smtp URL --password-file F [--from ADDR])",
		short: finding.Text{VI: "Nhắc các đơn vị chưa nộp hoặc nộp báo cáo chưa hợp lệ, kèm biểu mẫu trống", EN: "Remind the units whose report is missing or invalid, with the blank form"},
		long: finding.Text{
			VI: "Gửi thư nhắc tới từng đơn vị có báo cáo kỳ --period chưa nộp, chưa hợp lệ hoặc bị văn phòng trả lại (theo kho): hạn nộp, số ngày đã\nquá hạn, lỗi của tệp đã gửi, đường dẫn nộp báo cáo của đơn vị (--links: tệp CSV do lệnh links lập, nếu văn phòng\ndùng serve) và biểu mẫu trống đính kèm. Thư gửi tới địa chỉ đầu tiên của đơn vị trong kế hoạch. --dry-run ghi\ncác thư thành tệp .eml trong thư mục -o thay vì gửi.",
			EN: "Writes to each unit whose report for --period is missing, invalid or returned by the office (by the store): the due date, the days\nlate, the errors of the file it sent, its upload link (--links: the CSV the links command wrote, when the\noffice uses serve) and the blank form attached. Each message goes to the unit's first address in the plan.\n--dry-run writes the messages as .eml files into the -o folder instead of sending them.",
		},
		flags: func(fs *pflag.FlagSet, l finding.Lang) {
			planFlag(fs, l, &f.plan)
			storeFlag(fs, l, &f.store)
			fs.StringVar(&f.period, "period", "", finding.Text{VI: "kỳ báo cáo, ví dụ 2024-03", EN: "the period, e.g. 2024-03"}.In(l))
			fs.StringVar(&f.date, "date", "", finding.Text{VI: "ngày tính số ngày quá hạn, YYYY-MM-DD (mặc định: hôm nay)", EN: "the day days late are counted to, YYYY-MM-DD (default: today)"}.In(l))
			fs.StringSliceVar(&f.forms, "form", nil, finding.Text{VI: "chỉ nhắc biểu này (lặp lại được)", EN: "remind of this form only (repeatable)"}.In(l))
			fs.StringVar(&f.links, "links", "", finding.Text{VI: "tệp CSV các đường dẫn nộp báo cáo (lệnh links)", EN: "the CSV of upload links (the links command)"}.In(l))
			fs.BoolVar(&f.dryRun, "dry-run", false, finding.Text{VI: "ghi thư thành tệp .eml, không gửi", EN: "write the messages as .eml files, send nothing"}.In(l))
			fs.StringVarP(&f.out, "output", "o", "", finding.Text{VI: "thư mục ghi các tệp .eml (với --dry-run)", EN: "folder for the .eml files (with --dry-run)"}.In(l))
			fs.BoolVar(&f.force, "force", false, finding.Text{VI: "ghi đè tệp .eml đã có", EN: "overwrite existing .eml files"}.In(l))
			fs.StringVar(&f.smtpURL, "smtp", "", finding.Text{VI: "máy chủ gửi thư: smtp://ten%40coquan.gov.vn@may-chu:587", EN: "the mail submission server: smtp://name%40agency.gov.vn@server:587"}.In(l))
			fs.StringVar(&f.passwordFile, "password-file", "", finding.Text{VI: "tệp chứa mật khẩu (dòng đầu), chỉ chủ sở hữu đọc được", EN: "file holding the password (first line), readable by its owner only"}.In(l))
			fs.StringVar(&f.caFile, "ca-file", "", finding.Text{VI: "chứng chỉ (PEM) của máy chủ thư nếu văn phòng tự cấp", EN: "the mail server's certificate (PEM) when the office issued it itself"}.In(l))
			fs.StringVar(&f.from, "from", "", finding.Text{VI: "địa chỉ gửi thư nhắc (mặc định: tên đăng nhập SMTP)", EN: "the address reminders come from (default: the SMTP user)"}.In(l))
		},
		run: func(e *env, args []string) int { return runRemind(e, args, f) },
	}
}

func runRemind(e *env, args []string, f remindFlags) int {
	const path = "chitieu mail remind"
	if !e.noArgs(path, args) {
		return exitUsage
	}
	per, ok := parsePeriodFlag(e, path, f.period)
	if !ok {
		return exitUsage
	}
	day, ok := parseDay(e, path, f.date)
	if !ok {
		return exitUsage
	}
	var sender *mail.Sender
	switch {
	case f.dryRun && (f.out == "" || f.from == ""):
		e.usageError(path, finding.Text{VI: "--dry-run cần -o THƯ_MỤC để ghi các tệp .eml và --from ĐỊA_CHỈ của văn phòng.", EN: "--dry-run needs -o FOLDER for the .eml files and --from, the office's ADDRESS."}, "")
		return exitUsage
	case !f.dryRun && f.smtpURL == "":
		e.usageError(path, finding.Text{VI: "cần --smtp (gửi thư) hoặc --dry-run -o THƯ_MỤC (chỉ ghi thư ra tệp).", EN: "--smtp (to send) or --dry-run -o FOLDER (to write the messages to files) is needed."}, "")
		return exitUsage
	case !f.dryRun:
		_, smtpAcc, ok := accounts(e, path, f.mailFlags)
		if !ok {
			return exitUsage
		}
		sender = mail.NewSender(*smtpAcc)
		if f.from == "" {
			f.from = smtpAcc.URL.User.Username()
		}
	}
	planName := f.plan
	p, code := loadPlan(e, path, planName)
	if p == nil {
		return code
	}
	links, err := readLinksCSV(f.links)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return exitUsage
	}
	st, rep, code := periodStatus(e, path, f.store.dir(), p, per, day)
	if st == nil {
		return code
	}
	defer st.Close()
	tmp, err := os.MkdirTemp("", "chitieu-remind-")
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %v\n", path, err)
		return exitUsage
	}
	defer os.RemoveAll(tmp)
	if f.dryRun {
		if err := os.MkdirAll(f.out, 0o755); err != nil {
			fmt.Fprintf(e.stderr, "%s: %v\n", path, err)
			return exitUsage
		}
	}
	from := f.from
	var date time.Time // now, unless a dry run is dated (the same messages from the same store)
	if f.dryRun && f.date != "" {
		date = day.Add(time.Hour)
	}
	written, noAddress := 0, 0
	failed := 0
	for _, fst := range rep.Forms {
		if len(f.forms) > 0 && !slices.Contains(f.forms, fst.Form) {
			continue
		}
		for _, u := range fst.Units {
			if u.State == store.StateValid && u.Review != store.ReviewReturned {
				continue // a valid report is chased only when the office returned it
			}
			unit := p.Unit(u.Unit)
			if unit == nil {
				continue
			}
			if len(unit.Email) == 0 {
				noAddress++
				fmt.Fprintf(e.stdout, "%s · %s: %s\n", fst.Form, u.Unit, finding.Text{VI: "đơn vị chưa có địa chỉ thư trong kế hoạch, không nhắc được", EN: "the plan has no e-mail address for the unit; no reminder"}.In(e.lang))
				continue
			}
			blank, err := blankForm(e, p, st, per, fst.Form, u.Unit, filepath.Join(tmp, fmt.Sprint(written)))
			if err != nil {
				fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
				return exitUsage
			}
			o := mail.Outgoing{From: from, FromName: p.Receiver, To: []string{unit.Email[0]},
				Subject: finding.Textf("Nhắc nộp báo cáo biểu %s kỳ %s — %s", "Reminder: report %s for %s — %s", fst.Form, per.String(), unit.Name).In(e.lang),
				Body:    remindBody(p, per.String(), fst, u, unit, links[u.Unit], e.lang), Attach: []string{blank}, Date: date}
			if f.dryRun {
				name := strings.NewReplacer("/", "-", `\`, "-").Replace(fmt.Sprintf("%s - %s - %s.eml", fst.Form, per.String(), u.Unit))
				target := filepath.Join(f.out, name)
				if outfile.Exists(target) && !f.force {
					e.usageError(path, finding.Textf("%s đã có; thêm --force để ghi đè.", "%s exists; add --force to overwrite it.", target), "")
					return exitUsage
				}
				if err := mail.WriteEML(o, target); err != nil {
					fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
					return exitUsage
				}
				fmt.Fprintln(e.stdout, target)
			} else {
				// One message at a time: an address the server refuses stops no other reminder.
				if err := sender.Send(e.ctx, o); err != nil {
					fmt.Fprintf(e.stderr, "%s: %s · %s → %s: %s\n", path, fst.Form, u.Unit, unit.Email[0], finding.ErrorText(err, e.lang))
					failed++
					continue
				}
				fmt.Fprintf(e.stdout, "%s · %s → %s\n", fst.Form, u.Unit, unit.Email[0])
			}
			written++
		}
	}
	verb := finding.Textf("%s đã gửi", "%s sent", finding.Count(written, "thư nhắc", "reminder", "reminders"))
	if f.dryRun {
		verb = finding.Textf("%s đã ghi vào %s", "%s written to %s", finding.Count(written, "thư nhắc", "reminder", "reminders"), f.out)
	}
	fmt.Fprintln(e.stdout, verb.Plus(finding.Textf("; %d đơn vị chưa có địa chỉ thư.", "; %d units without an e-mail address.", noAddress)).In(e.lang))
	if failed > 0 {
		return exitUsage
	}
	return exitOK
}

// remindBody is a reminder's text: what is due, since when, what was wrong, and how to send.
func remindBody(p *schema.Plan, period string, fst store.FormStatus, u store.UnitStatus, unit *schema.Unit, link string, lang finding.Lang) string {
	tr := func(vi, en string, args ...any) string { return finding.Textf(vi, en, args...).In(lang) }
	var b strings.Builder
	b.WriteString(tr("Kính gửi %s,\n\n", "Dear %s,\n\n", unit.Name))
	switch {
	case u.State == store.StateValid && u.Review == store.ReviewReturned:
		b.WriteString(tr("%s đã trả lại báo cáo biểu %s (%s) kỳ %s của đơn vị, đề nghị xem lại và gửi bản sửa", "%s returned your report %s (%s) for %s: please check it and send a correction",
			p.Receiver, fst.Form, fst.Title, period))
		var last *store.Review // the latest return: what the office asked
		for i := range u.Comments {
			if u.Comments[i].State == store.ReviewReturned {
				last = &u.Comments[i]
			}
		}
		if last == nil {
			b.WriteString(".\n")
			break
		}
		b.WriteString(":\n")
		if last.Comment != "" {
			b.WriteString("   " + last.Comment + "\n")
		}
		for _, c := range last.Cells {
			b.WriteString(tr("   Ô %s: %s\n", "   Cell %s: %s\n", c.Cell, c.Text))
		}
	case u.State == store.StateInvalid:
		b.WriteString(tr("%s đã nhận báo cáo biểu %s (%s) kỳ %s của đơn vị nhưng báo cáo chưa hợp lệ", "%s received your report %s (%s) for %s, but it is not valid",
			p.Receiver, fst.Form, fst.Title, period))
		if !u.Reason.IsZero() {
			r := u.Reason.In(lang)
			b.WriteString(tr(":\n   %s\n", ":\n   %s\n", r))
		} else {
			b.WriteString(".\n")
		}
	default:
		b.WriteString(tr("%s chưa nhận được báo cáo biểu %s (%s) kỳ %s của đơn vị.\n", "%s has not received your report %s (%s) for %s.\n",
			p.Receiver, fst.Form, fst.Title, period))
	}
	due := u.Due
	if d, err := time.Parse(time.DateOnly, due); err == nil && lang != finding.EN {
		due = d.Format("02/01/2006") // as an official letter writes a date
	}
	b.WriteString(tr("\nHạn nộp: %s", "\nDue: %s", due))
	if u.DaysLate > 0 {
		b.WriteString(tr(" — đã quá hạn %s.", " — %s late.", finding.Count(u.DaysLate, "ngày", "day", "days")))
	}
	b.WriteString("\n\n")
	b.WriteString(tr("Biểu mẫu trống của đơn vị được đính kèm thư này: đề nghị điền, lưu và gửi lại bằng thư trả lời",
		"Your unit's blank form is attached: please fill it in, save it and send it back by replying to this message"))
	if link != "" {
		b.WriteString(tr(", hoặc nộp tại trang của đơn vị:\n   %s\n", ", or upload it on your unit's page:\n   %s\n", link))
	} else {
		b.WriteString(".\n")
	}
	b.WriteString(tr("\nThư này do chương trình chitieu gửi tự động.\n%s\n", "\nThis message was sent by chitieu.\n%s\n", p.Receiver))
	return b.String()
}

// blankForm writes the unit's form for the period, pre-filled as template pre-fills it, into dir.
func blankForm(e *env, p *schema.Plan, st *store.Store, per schema.Period, form, unit, dir string) (string, error) {
	layouts, err := templates.Plan(p, templates.Selection{Period: per, Forms: []string{form}, Units: []string{unit}})
	if err != nil {
		return "", err
	}
	if len(layouts) == 0 {
		return "", finding.Errorf("không lập được biểu %s cho đơn vị %s.", "cannot lay out form %s for unit %s.", form, unit)
	}
	l := layouts[0]
	if l.Known, err = templates.Known(e.ctx, p, l, intake.History{Store: st}); err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	out := filepath.Join(dir, l.FileName())
	return out, outfile.Create(e.ctx, out, l.Write)
}

// readLinks reads the CSV the links command writes (unit,name,url) into unit → url.
func readLinksCSV(path string) (map[string]string, error) {
	out := map[string]string{}
	if path == "" {
		return out, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, finding.Wrapf(err, "không đọc được tệp đường dẫn %s.", "cannot read the links file %s.", path)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, finding.Wrapf(err, "tệp đường dẫn %s không đọc được (%v).", "the links file %s cannot be read (%v).", path, err)
		}
		if len(rec) >= 3 && rec[0] != "unit" {
			out[rec[0]] = rec[2]
		}
	}
}
