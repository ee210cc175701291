package main

import (
	"fmt"

	"github.com/spf13/pflag"

	"chitieu/finding"
	"chitieu/serve"
	"chitieu/store"
)

// officeOptions are the flags of chitieu office's subcommands.
type officeOptions struct {
	plan  string
	store storeOption
}

// officeCommand manages the office's accounts on serve: each specialist logs in with a token of
// their own, so that the audit log says who returned or approved what. The token serve prints or
// reads from --office-token-file keeps working, as the account "office".
func officeCommand() *command {
	var o officeOptions
	flags := func(fs *pflag.FlagSet, l finding.Lang) {
		planFlag(fs, l, &o.plan)
		storeFlag(fs, l, &o.store)
	}
	return &command{
		name:  "office",
		short: finding.Text{VI: "Tài khoản của cán bộ văn phòng trên trang web (serve)", EN: "The office's accounts on the web page (serve)"},
		sub: []*command{
			{name: "add", args: "[--plan NAME|FILE] [--store DIR] NAME", flags: flags, run: func(e *env, args []string) int { return newOfficeToken(e, "chitieu office add", &o, args, false) },
				short: finding.Text{VI: "Tạo tài khoản và in mã truy cập của nó (chỉ một lần; kho chỉ giữ mã băm)", EN: "Make an account and print its access token (once; the store keeps only its hash)"}},
			{name: "list", args: "[--plan NAME|FILE] [--store DIR]", flags: flags, run: func(e *env, args []string) int { return runOfficeList(e, &o, args) },
				short: finding.Text{VI: "Liệt kê các tài khoản", EN: "List the accounts"}},
			{name: "rotate", args: "[--plan NAME|FILE] [--store DIR] NAME", flags: flags, run: func(e *env, args []string) int { return newOfficeToken(e, "chitieu office rotate", &o, args, true) },
				short: finding.Text{VI: "Cấp mã mới cho một tài khoản (mã cũ thôi dùng được ngay)", EN: "Give an account a new token (the old one stops working at once)"}},
		},
	}
}

func officeStore(e *env, path string, o *officeOptions, args []string, wantName bool) (*store.Store, string, int) {
	name := ""
	switch {
	case wantName && len(args) != 1:
		e.usageError(path, finding.Text{VI: "cần đúng một tên tài khoản.", EN: "give exactly one account name."}, "")
		return nil, "", exitUsage
	case wantName:
		name = args[0]
	case !e.noArgs(path, args):
		return nil, "", exitUsage
	}
	p, code := loadPlan(e, path, o.plan)
	if p == nil {
		return nil, "", code
	}
	st, code := openStore(e, path, o.store.dir(), p, true)
	return st, name, code
}

func newOfficeToken(e *env, path string, o *officeOptions, args []string, rotate bool) int {
	st, name, code := officeStore(e, path, o, args, true)
	if st == nil {
		return code
	}
	defer st.Close()
	if name == serve.OfficeAccount {
		e.usageError(path, finding.Textf("tài khoản %q là mã của lệnh serve (--office-token-file); chọn tên khác.",
			"account %q is serve's own token (--office-token-file); choose another name.", name), "")
		return exitUsage
	}
	token := serve.NewToken()
	var err error
	action := "office-add"
	if rotate {
		err, action = st.RotateAccount(e.ctx, name, serve.HashToken(token)), "office-rotate"
	} else {
		err = st.AddAccount(e.ctx, name, serve.HashToken(token))
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		if store.IsCode(err, "account-exists") || store.IsCode(err, "no-account") {
			return exitFound
		}
		return exitUsage
	}
	if err := st.Audit(e.ctx, store.AuditEntry{Actor: "cli", Action: action, Target: name}); err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return exitUsage
	}
	fmt.Fprintln(e.stdout, finding.Textf("Tài khoản %s — mã truy cập (chỉ hiện lần này, hãy trao riêng cho người dùng):",
		"Account %s — access token (shown this once; hand it to its owner privately):", finding.Printable(name)).In(e.lang))
	fmt.Fprintln(e.stdout, token)
	return exitOK
}

func runOfficeList(e *env, o *officeOptions, args []string) int {
	const path = "chitieu office list"
	st, _, code := officeStore(e, path, o, args, false)
	if st == nil {
		return code
	}
	defer st.Close()
	accts, err := st.Accounts(e.ctx)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return exitUsage
	}
	fmt.Fprintf(e.stdout, "%-24s %s\n", serve.OfficeAccount, finding.Text{VI: "(mã của lệnh serve)", EN: "(serve's own token)"}.In(e.lang))
	for _, a := range accts {
		fmt.Fprintf(e.stdout, "%-24s %s %s\n", finding.Printable(a.Name), finding.Text{VI: "mã cấp lúc", EN: "token made"}.In(e.lang), a.CreatedAt.Format("2006-01-02 15:04"))
	}
	return exitOK
}
