// Package mailtest starts real mail servers for the tests, as httptest starts a real HTTP
// server: Debian's Dovecot (IMAP, with STARTTLS on one port and TLS on another) and Exim
// (SMTP submission with STARTTLS and AUTH PLAIN), on loopback ports, with a self-signed
// certificate, Exim delivering into the Maildirs Dovecot serves. Every address added with
// AddMailbox has a mailbox; every login's password is Password.
//
// The servers run as the test user. Run as root (CI), Exim gives up root for an alternative
// configuration and delivers as its own user (Debian-exim), so the mailboxes and Dovecot's mail
// user are that user's; run as anyone else, everything is that user's.
//
// Start skips the test where the servers are not installed, except under CI=true, where that
// fails the test, as the other tool-driven tests of the project do.
package mailtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is a running pair of mail servers.
type Server struct {
	Dir string
	// IMAP takes STARTTLS, IMAPS is TLS from the first byte, SMTP is submission with STARTTLS;
	// each "127.0.0.1:port".
	IMAP, IMAPS, SMTP string
	// Password is every mailbox's password; PasswordFile holds it, readable by its owner only.
	Password, PasswordFile string
	// CertPEM is the servers' self-signed certificate.
	CertPEM  []byte
	uid, gid int
	// eximArgs start Exim again after StopSMTP; stopExim stops the running one.
	eximArgs []string
	stopExim func()
}

const (
	dovecotBin = "/usr/sbin/dovecot"
	eximBin    = "/usr/sbin/exim4"
)

// Installed reports whether the servers are installed.
func Installed() bool {
	for _, b := range []string{dovecotBin, eximBin} {
		if _, err := os.Stat(b); err != nil {
			return false
		}
	}
	return true
}

// Start starts the servers for t and stops them when t ends.
func Start(t testing.TB) *Server {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("the mail servers of the tests run on Linux (Debian's dovecot-imapd and exim4-daemon-light), not under Wine")
	}
	if !Installed() {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI needs Debian's dovecot-imapd and exim4-daemon-light (.ci/run installs them)")
		}
		t.Skip("Debian's dovecot-imapd and exim4-daemon-light are not installed (apt-get install dovecot-imapd exim4-daemon-light)")
	}
	dir, err := os.MkdirTemp("", "chitieu-mailserver-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	// Exim's delivery user must reach the Maildirs through this folder.
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s := &Server{Dir: dir}
	mailUser := ""
	if os.Geteuid() == 0 {
		u, err := user.Lookup("Debian-exim")
		if err != nil {
			t.Fatalf("Exim's user Debian-exim: %v", err)
		}
		mailUser = u.Username
		s.uid, _ = strconv.Atoi(u.Uid)
		s.gid, _ = strconv.Atoi(u.Gid)
	} else {
		u, err := user.Current()
		if err != nil {
			t.Fatal(err)
		}
		mailUser = u.Username
		s.uid, s.gid = os.Getuid(), os.Getgid()
	}
	for _, d := range []string{"mail", "run", "state", "spool", "log"} {
		s.mkdir(t, filepath.Join(dir, d))
	}
	cert, key := selfSigned(t)
	s.CertPEM = cert
	s.write(t, "cert.pem", cert, 0o644)
	s.write(t, "key.pem", key, 0o600)
	s.Password = fmt.Sprintf("mk-%d-%d", time.Now().UnixNano(), os.Getpid())
	s.PasswordFile = filepath.Join(dir, "password")
	if err := os.WriteFile(s.PasswordFile, []byte(s.Password+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ports := freePorts(t, 3)
	s.IMAP, s.IMAPS, s.SMTP = "127.0.0.1:"+ports[0], "127.0.0.1:"+ports[1], "127.0.0.1:"+ports[2]

	internal := ""
	if os.Geteuid() != 0 {
		internal = fmt.Sprintf("default_internal_user = %s\ndefault_login_user = %s\n", mailUser, mailUser)
	}
	s.write(t, "dovecot.conf", []byte(fmt.Sprintf(dovecotConf, dir, internal, s.Password, mailUser, ports[0], ports[1])), 0o644)
	s.write(t, "exim.conf", []byte(fmt.Sprintf(eximConf, dir, s.Password, mailUser)), 0o644)

	s.run(t, "dovecot", dovecotBin, "-F", "-c", filepath.Join(dir, "dovecot.conf"))
	s.eximArgs = []string{"-C", filepath.Join(dir, "exim.conf"), "-bdf", "-oX", ports[2]}
	s.stopExim = s.run(t, "exim", eximBin, s.eximArgs...)
	for _, a := range []string{s.IMAP, s.IMAPS, s.SMTP} {
		s.await(t, a)
	}
	return s
}

// StopSMTP stops the SMTP server, as when the office's mail server is down: connections to
// s.SMTP are refused until StartSMTP.
func (s *Server) StopSMTP(t testing.TB) {
	t.Helper()
	s.stopExim()
	for range 100 {
		c, err := net.DialTimeout("tcp", s.SMTP, time.Second)
		if err != nil {
			return
		}
		c.Close()
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the SMTP server still takes connections on %s", s.SMTP)
}

// StartSMTP starts the SMTP server StopSMTP stopped, on the same port.
func (s *Server) StartSMTP(t testing.TB) {
	t.Helper()
	s.stopExim = s.run(t, "exim", eximBin, s.eximArgs...)
	s.await(t, s.SMTP)
}

// AddMailbox makes a mailbox for addr: Exim delivers mail for addresses that have one.
func (s *Server) AddMailbox(t testing.TB, addr string) {
	t.Helper()
	s.mkdir(t, filepath.Join(s.Dir, "mail", strings.ToLower(addr)))
}

// Delivered waits until addr's mailbox holds n messages (Exim delivers after it has answered
// the sender) and returns how many it holds; a test compares that with what it expects.
func (s *Server) Delivered(t testing.TB, addr string, n int) int {
	t.Helper()
	count := func() int {
		k := 0
		for _, sub := range []string{"new", "cur"} {
			entries, _ := os.ReadDir(filepath.Join(s.Dir, "mail", strings.ToLower(addr), "Maildir", sub))
			k += len(entries)
		}
		return k
	}
	for range 600 { // a minute at most; a delivery takes milliseconds
		if k := count(); k >= n {
			return k
		}
		time.Sleep(100 * time.Millisecond)
	}
	return count()
}

// Log is what the servers logged, for a failing test to show.
func (s *Server) Log() string {
	var b strings.Builder
	for _, f := range []string{"dovecot.log", "exim-mainlog", "exim-paniclog", "exim.out", "dovecot.out"} {
		if data, err := os.ReadFile(filepath.Join(s.Dir, "log", f)); err == nil {
			fmt.Fprintf(&b, "== %s\n%s", f, data)
		}
	}
	return b.String()
}

func (s *Server) mkdir(t testing.TB, d string) {
	t.Helper()
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		if err := os.Chown(d, s.uid, s.gid); err != nil {
			t.Fatal(err)
		}
	}
}

func (s *Server) write(t testing.TB, name string, data []byte, mode os.FileMode) {
	t.Helper()
	p := filepath.Join(s.Dir, name)
	if err := os.WriteFile(p, data, mode); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 && name == "key.pem" {
		// Exim reads its key after giving up root; Dovecot reads it as root.
		if err := os.Chown(p, s.uid, s.gid); err != nil {
			t.Fatal(err)
		}
	}
}

// run starts a server, stopped when t ends or when the function it returns is called.
func (s *Server) run(t testing.TB, name, bin string, args ...string) (stopNow func()) {
	t.Helper()
	out, err := os.OpenFile(filepath.Join(s.Dir, "log", name+".out"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = out, out
	ownGroup(cmd)
	if err := cmd.Start(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); out.Close(); close(done) }()
	var once sync.Once
	stopNow = func() {
		once.Do(func() {
			stop(cmd, false)
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				stop(cmd, true)
				<-done
			}
		})
	}
	t.Cleanup(stopNow)
	return stopNow
}

// await waits until addr takes connections: the servers are ready.
func (s *Server) await(t testing.TB, addr string) {
	t.Helper()
	for range 200 {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no server on %s after 10 s\n%s", addr, s.Log())
}

func freePorts(t testing.TB, n int) []string {
	t.Helper()
	var ls []net.Listener
	var out []string
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		out = append(out, strconv.Itoa(l.Addr().(*net.TCPAddr).Port))
	}
	for _, l := range ls {
		l.Close()
	}
	return out
}

func selfSigned(t testing.TB) (cert, key []byte) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "mail.so.example"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:     []string{"localhost", "mail.so.example"},
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:         true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder})
}

// dovecotConf: folder, internal users (when not root), password, mail user, IMAP and IMAPS ports.
const dovecotConf = `base_dir = %[1]s/run
state_dir = %[1]s/state
log_path = %[1]s/log/dovecot.log
%[2]sprotocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <%[1]s/cert.pem
ssl_key = <%[1]s/key.pem
auth_mechanisms = plain login
disable_plaintext_auth = no
first_valid_uid = 1
mail_location = maildir:~/Maildir
passdb {
  driver = static
  args = password=%[3]s
}
userdb {
  driver = static
  args = uid=%[4]s gid=%[4]s home=%[1]s/mail/%%Lu
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = %[5]s
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = %[6]s
    ssl = yes
  }
}
service anvil {
  chroot =
}
`

// eximConf: folder, password, mail user. Mail for an address with a folder under mail/ is
// delivered there; any other is refused at RCPT (an address no one has).
const eximConf = `primary_hostname = mail.so.example
domainlist local_domains = *
local_interfaces = 127.0.0.1
spool_directory = %[1]s/spool
log_file_path = %[1]s/log/exim-%%slog
pid_file_path = %[1]s/run/exim.pid
tls_advertise_hosts = *
tls_certificate = %[1]s/cert.pem
tls_privatekey = %[1]s/key.pem
acl_smtp_rcpt = acl_rcpt
host_lookup =
rfc1413_hosts =
never_users =
keep_environment =
message_size_limit = 200M
queue_only = false
smtp_accept_queue_per_connection = 0
begin acl
acl_rcpt:
  deny !authenticated = *
  accept verify = recipient
begin routers
mailbox:
  driver = accept
  condition = ${lookup{${lc:$local_part@$domain}}dsearch{%[1]s/mail}{yes}{no}}
  transport = maildir
begin transports
maildir:
  driver = appendfile
  directory = %[1]s/mail/${lookup{${lc:$local_part@$domain}}dsearch{%[1]s/mail}}/Maildir
  maildir_format
  create_directory
  user = %[3]s
  mode = 0600
  envelope_to_add
  return_path_add
  delivery_date_add
begin authenticators
plain:
  driver = plaintext
  public_name = PLAIN
  server_prompts = :
  server_condition = ${if eq{$auth3}{%[2]s}}
  server_set_id = $auth2
  server_advertise_condition = ${if def:tls_in_cipher}
`
