package serve

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"chitieu/schema"
	"chitieu/store"
)

// NewToken returns a new secret: 128 random bits, base64url without padding (22 characters), so
// that it fits a URL path segment unescaped.
func NewToken() string {
	b := make([]byte, 16)
	rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken returns the SHA-256 of a token in lower-case hex, as the store keeps a link. A token
// has 128 random bits: a plain hash is enough, as no dictionary can find it.
func HashToken(token string) string {
	h := hashToken(token)
	return hex.EncodeToString(h[:])
}

func hashToken(token string) [32]byte { return sha256.Sum256([]byte(token)) }

// MinTokenBits is the least strength of an office token a person chose (TokenBits): that of a
// token NewToken makes.
const MinTokenBits = 128

// TokenBits estimates the strength of a token in bits, as if each character were drawn at random
// from the classes of characters it uses (lower-case letters, upper-case letters, digits, "-" and
// "_", anything else; both cases of letters count as base64's 64); a token of fewer than 8 distinct characters counts as nothing, being no
// random draw. A token NewToken makes has 132.
func TokenBits(token string) int {
	var lower, upper, digit, dash, other bool
	distinct := map[rune]bool{}
	n := 0
	for _, r := range token {
		n++
		distinct[r] = true
		switch {
		case 'a' <= r && r <= 'z':
			lower = true
		case 'A' <= r && r <= 'Z':
			upper = true
		case '0' <= r && r <= '9':
			digit = true
		case r == '-' || r == '_':
			dash = true
		default:
			other = true
		}
	}
	if len(distinct) < 8 {
		return 0
	}
	size := 0
	for _, c := range []struct {
		used bool
		n    int
	}{{lower, 26}, {upper, 26}, {digit, 10}, {dash, 2}, {other, 32}} {
		if c.used {
			size += c.n
		}
	}
	if lower && upper { // both cases: read as base64, whichever of its digits and signs came up
		size = 64
		if other {
			size += 32
		}
	}
	return int(float64(n) * math.Log2(float64(size)))
}

// unitOf returns the unit whose link token is, or nil. Every link is compared, in constant time
// each, so that the time taken says nothing about how close a guess came.
func (s *Server) unitOf(ctx context.Context, token string) (*schema.Unit, error) {
	links, err := s.st.Links(ctx)
	if err != nil {
		return nil, err
	}
	got := []byte(HashToken(token))
	found := ""
	for _, l := range links {
		if subtle.ConstantTimeCompare([]byte(l.TokenSHA256), got) == 1 {
			found = l.Unit
		}
	}
	if found == "" {
		return nil, nil
	}
	return s.plan.Unit(found), nil
}

// unitFor answers for the unit the request's link belongs to; when it belongs to none it answers
// 404, as a page that does not exist would, and returns nil.
func (s *Server) unitFor(w http.ResponseWriter, r *http.Request) *schema.Unit {
	u, err := s.unitOf(r.Context(), r.PathValue("token"))
	if err != nil {
		s.internal(w, r, err)
		return nil
	}
	if u == nil {
		s.badToken(r, "unit link")
		s.fail(w, r, http.StatusNotFound, msgNotFound)
		return nil
	}
	return u
}

// isOffice reports whether token is the office's, in constant time.
func (s *Server) isOffice(token string) bool {
	h := hashToken(token)
	return subtle.ConstantTimeCompare(h[:], s.office[:]) == 1
}

// bearer returns the token of an "Authorization: Bearer" header, if there is one.
func bearer(r *http.Request) (string, bool) {
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(tok), true
}

// officeFor reports whether the request is the office's: a session cookie from its login page,
// or its token as a bearer token (for scripts). Otherwise it answers: the login page for a
// person, 401 or 403 for a script.
func (s *Server) officeFor(w http.ResponseWriter, r *http.Request) bool {
	_, ok := s.officeAccount(w, r)
	return ok
}

// officeAccount is officeFor that also says which office account the request is (review.go).
func (s *Server) officeAccount(w http.ResponseWriter, r *http.Request) (string, bool) {
	if tok, ok := bearer(r); ok {
		if name, ok := s.accountOf(r.Context(), tok); ok {
			return name, true
		}
		s.badToken(r, "office bearer")
		s.fail(w, r, http.StatusForbidden, msgBadToken)
		return "", false
	}
	if name, ok := s.sessions.account(r, s.cfg.Now()); ok {
		return name, true
	}
	if wantsJSON(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="chitieu"`)
		s.fail(w, r, http.StatusUnauthorized, msgNeedToken)
		return "", false
	}
	s.renderLogin(w, r, http.StatusUnauthorized, false)
	return "", false
}

// Cookies. Both are HttpOnly and SameSite=Strict: another site's page can neither read them nor
// make the browser send them.
const (
	sessionCookie = "chitieu_office"
	csrfCookie    = "chitieu_csrf"
	csrfField     = "csrf"
	// sessionLife is how long an office login lasts.
	sessionLife = 12 * time.Hour
)

func setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true, SameSite: http.SameSiteStrictMode,
		// Behind a TLS proxy the browser talks HTTPS even though this server does not.
		Secure: r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https",
	})
}

// sessions are the office's logins, kept in memory by the SHA-256 of their cookie: a restart
// logs the office out.
type sessions struct {
	mu  sync.Mutex
	ids map[[32]byte]session
}

// session is one login: when it expires, and the office account that logged in.
type session struct {
	exp  time.Time
	name string
}

func (ss *sessions) init() { ss.ids = map[[32]byte]session{} }

func (ss *sessions) add(now time.Time, name string) string {
	id := NewToken()
	ss.mu.Lock()
	defer ss.mu.Unlock()
	for k, se := range ss.ids {
		if now.After(se.exp) {
			delete(ss.ids, k)
		}
	}
	ss.ids[hashToken(id)] = session{exp: now.Add(sessionLife), name: name}
	return id
}

func (ss *sessions) valid(r *http.Request, now time.Time) bool {
	_, ok := ss.account(r, now)
	return ok
}

// account returns the office account of the request's login, if it has a valid one.
func (ss *sessions) account(r *http.Request, now time.Time) (string, bool) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return "", false
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	se, ok := ss.ids[hashToken(c.Value)]
	if !ok || !now.Before(se.exp) {
		return "", false
	}
	return se.name, true
}

func (ss *sessions) remove(r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		ss.mu.Lock()
		delete(ss.ids, hashToken(c.Value))
		ss.mu.Unlock()
	}
}

// csrfToken returns the token a page's forms carry in their hidden field, setting the cookie it
// must match when the browser has none. A form posted from another site has neither the cookie
// (SameSite=Strict) nor the value.
func (s *Server) csrfToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) == 22 {
		return c.Value
	}
	tok := NewToken()
	setCookie(w, r, csrfCookie, tok, 0)
	return tok
}

// csrfOK reports whether a posted form's hidden field matches the browser's cookie.
func csrfOK(r *http.Request, field string) bool {
	c, err := r.Cookie(csrfCookie)
	if err != nil || len(c.Value) != 22 || len(field) != 22 {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(c.Value), []byte(field)) == 1
}

// throttle keeps refusals from filling the audit log: one entry per address and kind a minute,
// counting those it holds back, which the next entry for the key reports.
type throttle struct {
	mu   sync.Mutex
	last map[string]held
}

type held struct {
	at    time.Time // when the last entry was written
	count int       // refusals since, not written
}

func (t *throttle) init() { t.last = map[string]held{} }

// allow reports whether an entry for key may be written now, and how many were held back since
// the last one.
func (t *throttle) allow(key string, now time.Time) (bool, int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.last) > 10000 {
		t.last = map[string]held{}
	}
	h, ok := t.last[key]
	if ok && now.Sub(h.at) < time.Minute {
		h.count++
		t.last[key] = h
		return false, 0
	}
	t.last[key] = held{at: now}
	return true, h.count
}

// host is the address a request came from, without its port.
func host(r *http.Request) string {
	h, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return h
}

// refusal records a refused request in the audit log, counted: at most one entry a minute per
// address and action, which says how many were refused since the last one.
func (s *Server) refusal(r *http.Request, actor, action, target, detail string) {
	ok, held := s.failures.allow(host(r)+" "+action, s.cfg.Now())
	if !ok {
		return
	}
	if held > 0 {
		detail = strings.TrimPrefix(fmt.Sprintf("%s; %d more from this address in the minute before, not written one by one", detail, held), "; ")
	}
	s.audit(r, actor, action, target, detail)
}

// badToken records a wrong token in the audit log, counted (refusal).
func (s *Server) badToken(r *http.Request, what string) {
	s.refusal(r, "anonymous", "bad-token", what, "")
}

// pathTarget is what the audit log records of a request's path: a unit's link by the unit it
// belongs to, never its token (the store never holds one in clear), and a bounded length.
func (s *Server) pathTarget(r *http.Request) string {
	p := r.URL.Path
	rest, ok := strings.CutPrefix(p, "/u/")
	if !ok {
		return store.CutName(p, maxAuditPath)
	}
	tok, after, _ := strings.Cut(rest, "/")
	who := "unit:?"
	if u, err := s.unitOf(r.Context(), tok); err == nil && u != nil {
		who = "unit:" + u.Code
	}
	return store.CutName(who+" /u/…/"+after, maxAuditPath)
}

// maxAuditPath bounds a path the audit log records.
const maxAuditPath = 200

// audit appends to the store's audit log; a failure to write it is logged, not shown.
func (s *Server) audit(r *http.Request, actor, action, target, detail string) {
	ctx := context.WithoutCancel(r.Context())
	if err := s.st.Audit(ctx, s.auditEntry(r, actor, action, target, detail)); err != nil {
		s.logf("audit: %v", err)
	}
}

func (s *Server) auditEntry(r *http.Request, actor, action, target, detail string) store.AuditEntry {
	return store.AuditEntry{At: s.cfg.Now(), Actor: actor, Action: action, Target: target, Detail: detail,
		Remote: r.RemoteAddr, Forwarded: r.Header.Get("X-Forwarded-For")}
}

// slots bound the uploads in progress per unit.
type slots struct {
	mu  sync.Mutex
	n   map[string]int
	max int
}

func newSlots(max int) *slots { return &slots{n: map[string]int{}, max: max} }

// acquire takes one of key's slots; release gives it back.
func (sl *slots) acquire(key string) (release func(), ok bool) {
	sl.mu.Lock()
	defer sl.mu.Unlock()
	if sl.n[key] >= sl.max {
		return nil, false
	}
	sl.n[key]++
	return func() {
		sl.mu.Lock()
		defer sl.mu.Unlock()
		if sl.n[key]--; sl.n[key] == 0 {
			delete(sl.n, key)
		}
	}, true
}
