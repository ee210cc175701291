package serve

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net"
	"net/http"
	"runtime"
	"sync"
	"time"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/store"
	"chitieu/xlsx"
)

// Config is what a Server serves and within which limits.
type Config struct {
	Plan  *schema.Plan
	Store *store.Store
	// OfficeToken opens the office's board (typed once into its login page) and the API
	// (Authorization: Bearer). It must be at least MinTokenLength characters.
	OfficeToken string
	// Limits bound the workbook read from an upload; the zero value means xlsx.DefaultLimits.
	Limits xlsx.Limits
	// MaxUploadBytes bounds an upload's whole request body; 0 means Limits.File plus 1 MiB for
	// the multipart envelope. A larger body is refused with 413 before it is read.
	MaxUploadBytes int64
	// UploadsPerUnit bounds one unit's uploads in progress at once (default 2); more are refused
	// with 429 and a Retry-After. ChecksAtOnce bounds the files being checked at once, whoever
	// sent them (default one per core): the others wait their turn.
	UploadsPerUnit int
	ChecksAtOnce   int
	// Timeouts bound how long a connection may take; zero fields take DefaultTimeouts'.
	Timeouts Timeouts
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Log receives a line for every upload and every failure; nil discards them.
	Log io.Writer
}

// Timeouts are the http.Server's: how long the request headers, the whole request (body
// included), the response and an idle keep-alive connection may take. A client that sends
// slowly (slow loris) is cut off when its budget is spent, so it cannot hold a connection.
type Timeouts struct {
	ReadHeader, Read, Write, Idle time.Duration
}

// DefaultTimeouts allow a 64 MB upload at about 2 Mbit/s, and ten seconds for the headers.
var DefaultTimeouts = Timeouts{ReadHeader: 10 * time.Second, Read: 5 * time.Minute, Write: 6 * time.Minute, Idle: 2 * time.Minute}

// MinTokenLength is the shortest office token accepted.
const MinTokenLength = 16

// Server is the web service: the units' pages, the office's board and the API. It is an
// http.Handler; Serve runs it on a listener with its timeouts.
type Server struct {
	cfg      Config
	plan     *schema.Plan
	st       *store.Store
	office   [32]byte // SHA-256 of the office token
	mux      *http.ServeMux
	pages    map[string]*template.Template
	sessions sessions
	units    *slots
	checks   chan struct{}
	maxBody  int64
	cop      *http.CrossOriginProtection
	failures throttle
	logMu    sync.Mutex
}

// New makes the server for cfg.
func New(cfg Config) (*Server, error) {
	if cfg.Plan == nil || cfg.Store == nil {
		return nil, errors.New("serve: a plan and a store are needed")
	}
	if len(cfg.OfficeToken) < MinTokenLength {
		return nil, fmt.Errorf("serve: the office token must have at least %d characters", MinTokenLength)
	}
	if cfg.Limits == (xlsx.Limits{}) {
		cfg.Limits = xlsx.DefaultLimits
	}
	if cfg.MaxUploadBytes <= 0 {
		cfg.MaxUploadBytes = cfg.Limits.File + 1<<20
	}
	if cfg.UploadsPerUnit <= 0 {
		cfg.UploadsPerUnit = 2
	}
	if cfg.ChecksAtOnce <= 0 {
		cfg.ChecksAtOnce = runtime.GOMAXPROCS(0)
	}
	t := &cfg.Timeouts
	for _, d := range []struct{ got, def *time.Duration }{
		{&t.ReadHeader, &DefaultTimeouts.ReadHeader}, {&t.Read, &DefaultTimeouts.Read},
		{&t.Write, &DefaultTimeouts.Write}, {&t.Idle, &DefaultTimeouts.Idle},
	} {
		if *d.got <= 0 {
			*d.got = *d.def
		}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg: cfg, plan: cfg.Plan, st: cfg.Store, office: hashToken(cfg.OfficeToken), pages: pages,
		units: newSlots(cfg.UploadsPerUnit), checks: make(chan struct{}, cfg.ChecksAtOnce),
		maxBody: cfg.MaxUploadBytes, cop: http.NewCrossOriginProtection(),
	}
	s.sessions.init()
	s.failures.init()
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /{$}", s.home)
	m.HandleFunc("GET /static/{name}", s.static)
	m.HandleFunc("GET /u/{token}", s.unitPage)
	m.HandleFunc("POST /u/{token}/upload", s.upload)
	m.HandleFunc("GET /u/{token}/form", s.blankForm)
	m.HandleFunc("GET /u/{token}/file/{sha}", s.unitFile)
	m.HandleFunc("GET /u/{token}/file/{sha}/annotated", s.unitAnnotated)
	m.HandleFunc("GET /u/{token}/file/{sha}/original", s.unitOriginal)
	m.HandleFunc("GET /office", s.board)
	m.HandleFunc("POST /office/login", s.login)
	m.HandleFunc("POST /office/logout", s.logout)
	m.HandleFunc("GET /office/file/{sha}", s.officeFile)
	m.HandleFunc("GET /office/file/{sha}/annotated", s.officeAnnotated)
	m.HandleFunc("GET /office/file/{sha}/original", s.officeOriginal)
	m.HandleFunc("GET /office/workbook", s.workbook)
	m.HandleFunc("GET /office/export", s.export)
	m.HandleFunc("GET /office/audit", s.auditPage)
	m.HandleFunc("POST /office/review", s.review)
	m.HandleFunc("GET /api/status", s.apiStatus)
	s.mux = m
}

// ServeHTTP answers a request, with the security headers on every answer.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "+
		"form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	// The unit's link is its secret: never let it leave in a Referer.
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	h.Set("Cache-Control", "no-store")
	h.Set("Vary", "Accept-Language, Cookie")
	if r.Method == http.MethodPost {
		// Browsers say where a request comes from (Origin, Sec-Fetch-Site); one from another
		// site is refused before anything is read. Scripts, which send neither, pass.
		if err := s.cop.Check(r); err != nil {
			s.refusal(r, "anonymous", "cross-origin", s.pathTarget(r), store.CutName(r.Header.Get("Origin"), maxAuditPath))
			s.fail(w, r, http.StatusForbidden, msgCrossOrigin)
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

// HTTPServer returns an http.Server for the handler with the configured timeouts.
func (s *Server) HTTPServer() *http.Server {
	t := s.cfg.Timeouts
	return &http.Server{
		Handler:           s,
		ReadHeaderTimeout: t.ReadHeader,
		ReadTimeout:       t.Read,
		WriteTimeout:      t.Write,
		IdleTimeout:       t.Idle,
		MaxHeaderBytes:    64 << 10,
	}
}

// ShutdownGrace is how long Serve lets the requests in progress finish once told to stop.
const ShutdownGrace = 15 * time.Second

// Serve answers requests on ln until ctx is done, then lets the requests in progress finish
// (an upload being filed is filed) for up to ShutdownGrace and returns.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := s.HTTPServer()
	srv.BaseContext = func(net.Listener) context.Context { return context.WithoutCancel(ctx) }
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownGrace)
	defer cancel()
	err := srv.Shutdown(sctx)
	<-done
	return err
}

// logf writes a line to the log, escaped as the text writer escapes (finding.Printable): a name
// an upload gave can neither forge a line nor drive the terminal.
func (s *Server) logf(format string, args ...any) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.cfg.Log, "%s %s\n", s.cfg.Now().In(vietnam).Format("2006-01-02 15:04:05"), finding.Printable(fmt.Sprintf(format, args...)))
}

// vietnam is the office's time zone (UTC+7, no daylight saving), in which times are shown.
var vietnam = time.FixedZone("ICT", 7*3600)

// today is the day the office is asked about, as the status command takes it: the local date at
// UTC midnight.
func (s *Server) today() time.Time {
	now := s.cfg.Now()
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
}
