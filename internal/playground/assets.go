package playground

import (
	"embed"
	"io/fs"
)

// The page, its script and styles ship inside the binary: the playground
// works offline and fetches nothing from elsewhere.
//
//go:embed web
var webFS embed.FS

// staticFS is the page's files, index.html at its root.
func staticFS() fs.FS {
	sub, err := fs.Sub(webFS, "web")
	if err != nil {
		panic(err) // "web" is embedded above: cannot happen
	}
	return sub
}
