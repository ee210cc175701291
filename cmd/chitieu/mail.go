package main

import (
	"crypto/x509"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/pflag"

	"chitieu/finding"
	"chitieu/mail"
	"chitieu/store"
	"chitieu/validate"
)

func mailCommand() *command {
	return &command{
		name:  "mail",
		short: finding.Text{VI: "Nhận báo cáo từ hộp thư của văn phòng, trả lời kết quả, nhắc đơn vị chậm", EN: "Receive reports from the office's mailbox, reply with the verdict, remind late units"},
		sub:   []*command{mailFetchCommand(), mailRemindCommand()},
	}
}

// mailFlags are the flags of mail fetch, bound to their variables.
type mailFlags struct {
	plan                                         string
	store                                        storeOption
	limits                                       limitOptions
	imapURL, smtpURL, passwordFile, caFile, from string
	markSeen, reply, replyAny                    bool
	batch                                        int
}

func mailFetchCommand() *command {
	var f mailFlags
	return &command{
		name:  "fetch",
		args:  "[--plan NAME|FILE] [--store DIR] --imap URL --password-file F [--mark-seen] [--reply --smtp URL [--reply-any]] [--ca-file F]",
		short: finding.Text{VI: "Đọc hộp thư qua IMAP và nhận mọi bảng tính đính kèm như lệnh receive", EN: "Read the mailbox over IMAP and receive every workbook attached, as receive does"},
		long: finding.Text{
			VI: "Đọc các thư chitieu chưa đọc trong hộp thư (IMAP qua TLS: imaps://ten%40coquan@may-chu:993/INBOX, hoặc STARTTLS:\nimap://…:143; không mã hóa chỉ với máy này), lấy mọi bảng tính đính kèm (cả trong thư chuyển tiếp và tệp .zip)\nvà nhận từng tệp như lệnh receive; người gửi, ngày, tiêu đề và Message-ID được lưu cạnh tệp làm bằng chứng.\nKhông xóa thư, không đánh dấu đã đọc trừ khi có --mark-seen; đọc lại một thư không ghi gì thêm. --reply trả lời\ntừng thư qua SMTP (smtp://…:587, STARTTLS) với kết quả kiểm tra và bản có đánh dấu lỗi, chỉ tới địa chỉ có\ntrong kế hoạch (trừ khi --reply-any), tới địa chỉ Reply-To nếu thư có; thư trả lời chưa gửi được (máy chủ SMTP\nngừng) sẽ được gửi ở lần --reply sau. Mật khẩu chỉ đọc từ --password-file, tệp chỉ chủ sở hữu đọc được.",
			EN: "Reads the messages chitieu has not read from the mailbox (IMAP over TLS: imaps://name%40agency@server:993/INBOX,\nor STARTTLS: imap://…:143; unencrypted only to this machine), takes every workbook attached (in forwarded\nmessages and .zip files too) and receives each as receive does; sender, date, subject and Message-ID are\nkept beside the file as evidence. Nothing is deleted, nothing marked read unless --mark-seen; reading a\nmessage again records nothing. --reply answers each message over SMTP (smtp://…:587, STARTTLS) with the\nverdict and the annotated copy, only to addresses the plan knows (unless --reply-any), at the message's\nReply-To when it has one; a reply that could not be sent (the SMTP server down) is sent by the next --reply.\nThe password is read from --password-file alone, a file only its owner may read.",
		},
		flags: func(fs *pflag.FlagSet, l finding.Lang) {
			planFlag(fs, l, &f.plan)
			storeFlag(fs, l, &f.store)
			limitFlags(fs, l, &f.limits)
			fs.StringVar(&f.imapURL, "imap", "", finding.Text{VI: "hộp thư: imaps://ten%40coquan.gov.vn@may-chu:993/INBOX", EN: "the mailbox: imaps://name%40agency.gov.vn@server:993/INBOX"}.In(l))
			fs.StringVar(&f.passwordFile, "password-file", "", finding.Text{VI: "tệp chứa mật khẩu (dòng đầu), chỉ chủ sở hữu đọc được", EN: "file holding the password (first line), readable by its owner only"}.In(l))
			fs.StringVar(&f.caFile, "ca-file", "", finding.Text{VI: "chứng chỉ (PEM) của máy chủ thư nếu văn phòng tự cấp", EN: "the mail server's certificate (PEM) when the office issued it itself"}.In(l))
			fs.BoolVar(&f.markSeen, "mark-seen", false, finding.Text{VI: "đánh dấu đã đọc các thư đã nhận", EN: "mark the messages received as read"}.In(l))
			fs.BoolVar(&f.reply, "reply", false, finding.Text{VI: "trả lời từng thư với kết quả kiểm tra", EN: "answer each message with the verdict"}.In(l))
			fs.StringVar(&f.smtpURL, "smtp", "", finding.Text{VI: "máy chủ gửi thư: smtp://ten%40coquan.gov.vn@may-chu:587", EN: "the mail submission server: smtp://name%40agency.gov.vn@server:587"}.In(l))
			fs.BoolVar(&f.replyAny, "reply-any", false, finding.Text{VI: "trả lời cả địa chỉ không có trong kế hoạch", EN: "answer addresses the plan does not list too"}.In(l))
			fs.StringVar(&f.from, "from", "", finding.Text{VI: "địa chỉ gửi thư trả lời (mặc định: tên đăng nhập SMTP)", EN: "the address replies come from (default: the SMTP user)"}.In(l))
			fs.IntVar(&f.batch, "batch", 100, finding.Text{VI: "số thư tải về mỗi lượt", EN: "messages downloaded at a time"}.In(l))
		},
		run: func(e *env, args []string) int { return runMailFetch(e, args, f) },
	}
}

// accounts reads the servers' URLs, the password file and the trusted certificate.
func accounts(e *env, path string, f mailFlags) (imapAcc, smtpAcc *mail.Account, ok bool) {
	fail := func(err error) (*mail.Account, *mail.Account, bool) {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return nil, nil, false
	}
	if f.passwordFile == "" {
		return fail(finding.Errorf("cần --password-file: tệp chứa mật khẩu hộp thư, chỉ chủ sở hữu đọc được (chmod 600).", "--password-file is needed: the file holding the mailbox's password, readable by its owner only (chmod 600)."))
	}
	pw, err := mail.ReadPassword(f.passwordFile)
	if err != nil {
		return fail(err)
	}
	var pool *x509.CertPool
	if f.caFile != "" {
		b, err := os.ReadFile(f.caFile)
		if err != nil {
			return fail(finding.Wrapf(err, "không đọc được chứng chỉ %s.", "cannot read the certificate %s.", f.caFile))
		}
		pool, _ = x509.SystemCertPool()
		if pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(b) {
			return fail(finding.Errorf("tệp %s không chứa chứng chỉ PEM nào.", "the file %s holds no PEM certificate.", f.caFile))
		}
	}
	if f.imapURL != "" {
		u, err := mail.ParseAccount(f.imapURL, "imaps", "imap")
		if err != nil {
			return fail(err)
		}
		imapAcc = &mail.Account{URL: u, Password: pw, RootCAs: pool}
	}
	if f.smtpURL != "" {
		u, err := mail.ParseAccount(f.smtpURL, "smtp", "smtps")
		if err != nil {
			return fail(err)
		}
		smtpAcc = &mail.Account{URL: u, Password: pw, RootCAs: pool}
	}
	return imapAcc, smtpAcc, true
}

func runMailFetch(e *env, args []string, f mailFlags) int {
	const path = "chitieu mail fetch"
	if !e.noArgs(path, args) {
		return exitUsage
	}
	if f.imapURL == "" {
		e.usageError(path, finding.Text{VI: "cần --imap: địa chỉ hộp thư của văn phòng.", EN: "--imap is needed: the office's mailbox."}, "")
		return exitUsage
	}
	if f.reply && f.smtpURL == "" {
		e.usageError(path, finding.Text{VI: "--reply cần --smtp: máy chủ gửi thư.", EN: "--reply needs --smtp: the mail submission server."}, "")
		return exitUsage
	}
	imapAcc, smtpAcc, ok := accounts(e, path, f)
	if !ok {
		return exitUsage
	}
	planName := f.plan
	p, code := loadPlan(e, path, planName)
	if p == nil {
		return code
	}
	opts := validate.Options{Plan: p}
	opts.Limits, opts.MaxFiles = f.limits.limits()
	st, code := openStore(e, path, f.store.dir(), p, true)
	if st == nil {
		return code
	}
	defer st.Close()
	box, err := mail.OpenMailbox(e.ctx, *imapAcc, f.markSeen)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return exitUsage
	}
	defer box.Close()
	seen, err := st.SeenUIDs(e.ctx, box.Name, box.UIDValidity)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return exitUsage
	}
	all, err := box.UIDs()
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return exitUsage
	}
	// The replies that could not be sent when their message was read (the SMTP server down) are
	// sent now: their messages are read again from the mailbox.
	due := map[uint32]string{}
	if f.reply {
		if due, err = st.RepliesDue(e.ctx, box.Name, box.UIDValidity); err != nil {
			fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
			return exitUsage
		}
	}
	var todo []uint32
	inBox := map[uint32]bool{}
	for _, uid := range all {
		inBox[uid] = true
		if !seen[uid] || due[uid] != "" {
			todo = append(todo, uid)
		}
	}
	// A reply still due whose message is no longer in the mailbox cannot be sent from it: the
	// office is told, each run, until it answers the unit itself.
	for _, uid := range slices.Sorted(maps.Keys(due)) {
		if !inBox[uid] {
			fmt.Fprintf(e.stderr, "%s: UID %d: %s\n", path, uid, finding.Textf(
				"thư %s chưa được trả lời (lần trước không gửi được) và không còn trong hộp thư, nên không gửi lại được: hãy trả lời đơn vị bằng tay",
				"message %s was not answered (the reply could not be sent) and is no longer in the mailbox, so it cannot be answered again: answer the unit by hand",
				due[uid]).In(e.lang))
		}
	}
	tmp, err := os.MkdirTemp("", "chitieu-mail-")
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %v\n", path, err)
		return exitUsage
	}
	defer os.RemoveAll(tmp)
	r := &receiver{e: e, path: path, plan: p, st: st, out: e.stdout, replyDue: f.reply}
	var sender *mail.Sender
	if f.reply {
		sender = mail.NewSender(*smtpAcc)
		if f.from == "" {
			f.from = smtpAcc.URL.User.Username()
		}
	}
	messages, replied, retried := 0, 0, 0
	rp := &replier{sender: sender, f: f}
	tried := map[string]bool{}
	batch := max(f.batch, 1)
	for len(todo) > 0 {
		n := min(batch, len(todo))
		uids := todo[:n]
		todo = todo[n:]
		dir := filepath.Join(tmp, fmt.Sprint(uids[0]))
		got, err := box.Fetch(e.ctx, uids, dir, mail.DefaultLimits)
		if err != nil {
			fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
			return exitUsage
		}
		filed := map[*mail.Message][]received{}
		r.filed = func(rec received) {
			if rec.msg != nil {
				filed[rec.msg] = append(filed[rec.msg], rec)
			}
		}
		in := make([]inbound, len(got))
		for i, g := range got {
			in[i] = inbound{msg: g.Msg, label: fmt.Sprintf("UID %d", g.UID), source: fmt.Sprintf("%s;UIDVALIDITY=%d/;UID=%d", box.Name, box.UIDValidity, g.UID), again: due[g.UID] != ""}
		}
		var marked []uint32
		var read []store.Seen
		_, err = receiveMessages(r, opts, in, func(i int, m *mail.Message, added bool) error {
			if due[got[i].UID] == "" {
				messages++
			}
			// A reply is due again for a message recorded before whose reply could not be sent:
			// read again for it (due), or never marked read (a run stopped between the two).
			retry := false
			if sender != nil && !added && !tried[m.Key()] {
				state, err := st.ReplyOf(e.ctx, m.Key())
				if err != nil {
					return err
				}
				retry = state == "due"
			}
			if sender != nil && (added || retry) {
				tried[m.Key()] = true // once a run: a copy of the message later in the mailbox is not answered again
				sent, err := rp.reply(e, r, m, filed[m], in[i].label, retry, filepath.Join(dir, "annotated", fmt.Sprint(i)))
				if err != nil {
					return err
				}
				if sent {
					replied++
					if retry {
						retried++
					}
				}
			}
			read = append(read, store.Seen{UID: got[i].UID, Key: m.Key()})
			marked = append(marked, got[i].UID)
			return nil
		})
		if err == nil { // the batch's UIDs, once its messages are recorded and answered
			err = st.MarkSeenAll(e.ctx, box.Name, box.UIDValidity, read)
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
			return exitUsage
		}
		if f.markSeen {
			if err := box.MarkSeen(marked); err != nil {
				fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
				return exitUsage
			}
		}
		os.RemoveAll(dir)
	}
	fmt.Fprintln(e.stdout, finding.Textf("%s; %s: %d đã nhận, %d bị từ chối (vẫn được lưu làm bằng chứng), %d đã có từ trước; %s (%d gửi lại); kho: %s",
		"%s; %s: %d accepted, %d rejected (kept as evidence), %d already in the store; %s (%d retried); store: %s",
		finding.Count(messages, "thư mới", "new message", "new messages"), finding.Count(r.accepted+r.rejected, "tệp", "file", "files"), r.accepted, r.rejected, r.again,
		finding.Count(replied, "thư trả lời", "reply", "replies"), retried, f.store.dir()).In(e.lang))
	if rp.failed > 0 {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.Textf("%s chưa gửi được; lần chạy mail fetch --reply sau sẽ gửi lại.",
			"%s could not be sent; the next mail fetch --reply sends them.", finding.Count(rp.failed, "thư trả lời", "reply", "replies")).In(e.lang))
		return exitUsage
	}
	return r.status
}

// replier answers messages over one SMTP server. Once a reply could not be sent (the server
// down, refusing), the rest of the run's replies are not tried: each is recorded as due, and the
// next mail fetch --reply sends it.
type replier struct {
	sender *mail.Sender
	f      mailFlags
	down   error // why the last send failed
	failed int
}

// reply answers a message with the verdict of each of its files and their annotated copies, at
// its Reply-To address, else its From, when the plan knows that address (or --reply-any). It
// records in the store whether the reply is due or sent, and reports whether it sent it. retry
// is set for a message read before whose reply could not be sent then. The error is for a
// failure of the store or of writing an annotated copy.
func (rp *replier) reply(e *env, r *receiver, m *mail.Message, recs []received, label string, retry bool, dir string) (bool, error) {
	// A message recorded with its reply due that is not to be answered: nothing is due.
	none := func() (bool, error) { return false, r.st.SetReply(e.ctx, m.Key(), "") }
	to := m.Answer()
	if to == "" {
		return none()
	}
	if !rp.f.replyAny && len(r.plan.UnitsByEmail(to)) == 0 {
		fmt.Fprintf(e.stdout, "%s: %s\n", finding.Printable(to), finding.Text{VI: "không trả lời: địa chỉ không có trong kế hoạch (--reply-any để trả lời cả địa chỉ lạ)",
			EN: "not answered: the plan does not list this address (--reply-any answers unknown addresses too)"}.In(e.lang))
		return none()
	}
	var files []mail.Filed
	var attach []string
	for _, rec := range recs {
		again := !rec.Result.New
		if retry { // the file is new to this message's answer unless another message brought it first
			first, ok, err := r.st.MessageOf(e.ctx, rec.Result.Submission.SHA256)
			if err != nil {
				return false, err
			}
			again = ok && first.Key != m.Key()
		}
		fd := mail.Filed{Name: filepath.Base(rec.File.Path), File: rec.File, Again: again}
		if len(rec.File.Findings) > 0 {
			out, err := validate.Annotate(e.ctx, rec.File, dir, e.lang, true, r.inputs)
			if err != nil {
				return false, err
			}
			if out != "" {
				fd.Annotated = out
				attach = append(attach, out)
			}
		}
		files = append(files, fd)
	}
	office := r.plan.Receiver
	o := mail.Outgoing{From: rp.f.from, FromName: office, To: []string{to}, Subject: mail.ReplySubject(m, e.lang), InReplyTo: m.MessageID,
		Body: mail.ReplyBody(m, files, office, e.lang), Attach: attach}
	if rp.down == nil {
		rp.down = rp.sender.Send(e.ctx, o)
	}
	state := "sent"
	if rp.down != nil {
		state = "due"
		rp.failed++
		fmt.Fprintf(e.stderr, "%s: %s\n", finding.Printable(label), finding.Textf("chưa gửi được thư trả lời tới %s: %s",
			"the reply to %s could not be sent: %s", finding.Printable(to), finding.ErrorText(rp.down, e.lang)).In(e.lang))
	} else if retry {
		fmt.Fprintf(e.stdout, "%s: %s\n", finding.Printable(label), finding.Textf("đã gửi lại thư trả lời tới %s (lần trước chưa gửi được)",
			"the reply to %s was sent now (it could not be sent before)", finding.Printable(to)).In(e.lang))
	}
	if err := r.st.SetReply(e.ctx, m.Key(), state); err != nil {
		return false, err
	}
	return state == "sent", nil
}
