package feeds

import "errors"

// ErrNotFound reports that the cache holds no feed or article with that ID or URL: the
// article may have gone with its feed or with retention. Stores return errors matching it
// (errors.Is), whatever their database says.
var ErrNotFound = errors.New("not found")
