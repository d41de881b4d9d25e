package playground

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// The page must run under the server's Content-Security-Policy
// (default-src 'self') and offline: these are what the policy would block
// or what would fetch from elsewhere.
var pageRules = []struct {
	name  string
	files string // file extensions the rule reads
	bad   *regexp.Regexp
}{
	{"inline script", ".html", regexp.MustCompile(`<script(?:\s+type="module")?\s*>`)},
	{"style attribute", ".html .js", regexp.MustCompile(`\sstyle\s*=|setAttribute\(\s*"style"|\.innerHTML\s*=`)},
	{"event handler attribute", ".html", regexp.MustCompile(`\son[a-z]+\s*=`)},
	{"inline style element", ".html", regexp.MustCompile(`<style[\s>]`)},
	{"address elsewhere", ".html .js .css", regexp.MustCompile(`(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}/|@import|url\(\s*["']?https?:`)},
	{"eval", ".js", regexp.MustCompile(`\beval\(|new Function\(`)},
}

func TestPageRunsUnderItsPolicy(t *testing.T) {
	names, err := fsEntries()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		data, err := fs.ReadFile(staticFS(), name)
		if err != nil {
			t.Fatal(err)
		}
		// The SVG namespace is a name, not an address the page fetches.
		text := strings.ReplaceAll(string(data), "http://www.w3.org/2000/svg", "svg-namespace")
		ext := name[strings.LastIndex(name, "."):]
		for _, r := range pageRules {
			if !strings.Contains(" "+r.files+" ", " "+ext+" ") {
				continue
			}
			if m := r.bad.FindString(text); m != "" {
				t.Errorf("%s: %s: %q", name, r.name, m)
			}
		}
		// Files stay readable (the project's bound for every source file).
		if n := strings.Count(text, "\n"); n > 500 {
			t.Errorf("%s: %d lines, over 500", name, n)
		}
	}
}

// refs finds what a page file loads from the server: /static/NAME in the
// page, ./NAME.js imports in the modules.
var refs = regexp.MustCompile(`(?:"/static/([A-Za-z0-9_.-]+)")|(?:from\s+"\./([A-Za-z0-9_.-]+)")`)

func TestPageLoadsOnlyItsOwnFiles(t *testing.T) {
	names, err := fsEntries()
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, n := range names {
		have[n] = true
	}
	loaded := map[string]bool{"index.html": true}
	for _, name := range names {
		data, err := fs.ReadFile(staticFS(), name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range refs.FindAllStringSubmatch(string(data), -1) {
			ref := m[1] + m[2]
			loaded[ref] = true
			if !have[ref] {
				t.Errorf("%s loads %s, which is not embedded", name, ref)
			}
		}
	}
	for _, n := range names {
		if !loaded[n] {
			t.Errorf("%s is embedded but nothing loads it", n)
		}
	}
}
