package parse

import (
	"net/url"
	"slices"
	"strings"
	"veille/feeds"
)

// CanonicalLink is the dedupe key form of a link: scheme and host in lower case, default
// port dropped, an empty path made "/", tracking parameters (utm_*, xtor, at_*, fbclid…)
// dropped and the others sorted, and the fragment dropped (franceinfo's #xtor=RSS-3-[…])
// unless it is a "#!" or "#/" route. A string that is not an absolute URL comes back cleaned
// but otherwise unchanged.
func CanonicalLink(raw string) string {
	raw = feeds.CleanLine(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" || u.Opaque != "" {
		return raw
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if port := u.Port(); (port == "80" && u.Scheme == "http") || (port == "443" && u.Scheme == "https") {
		u.Host = strings.TrimSuffix(u.Host, ":"+port)
	}
	if u.Path == "" && u.RawPath == "" {
		u.Path = "/"
	}
	if u.RawQuery != "" {
		params := strings.Split(u.RawQuery, "&")
		kept := params[:0]
		for _, p := range params {
			if p == "" {
				continue
			}
			name, _, _ := strings.Cut(p, "=")
			if n, err := url.QueryUnescape(name); err == nil {
				name = n
			}
			if !trackingParam(strings.ToLower(name)) {
				kept = append(kept, p)
			}
		}
		slices.Sort(kept)
		u.RawQuery = strings.Join(kept, "&")
		u.ForceQuery = false
	}
	if f := u.Fragment; !strings.HasPrefix(f, "!") && !strings.HasPrefix(f, "/") {
		u.Fragment, u.RawFragment = "", ""
	}
	return u.String()
}

func trackingParam(name string) bool {
	switch {
	case strings.HasPrefix(name, "utm_"), strings.HasPrefix(name, "at_"):
		return true
	}
	switch name {
	case "xtor", "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_hsenc", "_hsmi", "igshid", "ocid":
		return true
	}
	return false
}

// resolveLink makes raw an absolute http(s) URL, resolving a relative one against the first
// usable base. An absolute link is returned as published; anything else (javascript:, data:,
// mailto:, unparseable) gives "".
func resolveLink(raw string, bases ...*url.URL) string {
	raw = feeds.CleanLine(raw)
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return resolveParsed(raw, u, bases...)
}

// resolveParsed is resolveLink for a link already cleaned and parsed into u.
func resolveParsed(raw string, u *url.URL, bases ...*url.URL) string {
	if u.Scheme == "" {
		for _, b := range bases {
			if b != nil {
				u = b.ResolveReference(u)
				break
			}
		}
		raw = u.String()
	}
	if !feeds.IsWebAddress(u) {
		return ""
	}
	return raw
}

// parseBase parses s as a base for resolving links: nil unless it is an absolute http(s) URL.
func parseBase(s string) *url.URL {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || !feeds.IsWebAddress(u) {
		return nil
	}
	return u
}
