package feeds

import (
	"net/url"
	"strings"
)

// IsWebURL reports whether raw is an absolute http or https URL with a host: the only links
// veille fetches, opens or copies.
func IsWebURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && IsWebAddress(u)
}

// IsWebAddress is IsWebURL for a URL already parsed.
func IsWebAddress(u *url.URL) bool {
	if u == nil || u.Host == "" {
		return false
	}
	s := strings.ToLower(u.Scheme)
	return s == "http" || s == "https"
}
