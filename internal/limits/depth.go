package limits

import "math"

// MaxDepth is how deeply an input file's collections may nest. Scenario
// files nest about 6 deep, price sheets 4, results 5; the YAML parser
// (goccy/go-yaml) needs memory that grows with the square of the depth (641
// MB for a list nested 20,000 deep, measured), so a depth of 100 costs
// nothing and a hostile one is refused before parsing.
const MaxDepth = 100

// MaxKeys is how many keys one block mapping may have. Scenario and price
// sheet mappings have a few dozen at most; goccy/go-yaml takes time growing
// with the square of a mapping's keys (0.6 s for 16,000, 2.4 s for 32,000,
// measured: a 1 MB file of keys would take half a minute).
const MaxKeys = 10_000

// yamlDepth scans a YAML document in one pass over its bytes, without
// parsing it, and returns the 1-based line where its nesting first goes
// deeper than limit, or 0 if it never does.
//
// The depth it counts is the open flow collections ([ and {) plus the
// open block collections, told apart by the column of their entries
// (- and ?) and keys (the text before ": "), as YAML itself does. It skips
// comments, quoted scalars (only where a scalar may start, as YAML does:
// "it's" is not a quote) and block scalars (| and >, whose lines are
// text). Where it cannot tell, it counts a level too many, never one too
// few, except that a block sequence written at its parent key's column
// ("key:\n- a") shares the key's level: the count is then at least half the
// true depth, which is all a bound against quadratic parsing needs.
func yamlDepth(data []byte, limit int) int {
	line, _ := yamlCheck(data, limit, math.MaxInt)
	return line
}

// yamlCheck is yamlDepth that also stops at a block mapping with more
// than maxKeys keys (manyKeys then reports which of the two it was).
func yamlCheck(data []byte, limit, maxKeys int) (line int, manyKeys bool) {
	s := scanYAML(data, limit, maxKeys)
	return s.deepAt, s.manyKeys
}

// scanYAML scans data until its depth or keys pass their limits, or to
// its end, counting its documents on the way.
func scanYAML(data []byte, limit, maxKeys int) *yamlScan {
	s := &yamlScan{data: data, limit: limit, maxKeys: maxKeys, line: 1, scalarParent: noScalar, emptyEntry: -1}
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		s.pos = 3 // a byte-order mark
	}
	for s.pos < len(s.data) && s.deepAt == 0 {
		s.scanLine()
	}
	return s
}

const noScalar = -2 // scalarParent when not inside a block scalar

type yamlScan struct {
	data           []byte
	pos            int // the next byte
	line           int // the line of pos
	limit, maxKeys int

	lineStart int
	flow      int     // open flow collections
	blocks    []level // the open block collections, by increasing column
	// goccy/go-yaml nests a key written at or left of an empty block entry
	// ("-\nk:" repeated) inside that entry, two levels deeper each time,
	// where YAML would refuse the document: quirk counts those levels, and
	// emptyEntry is the column of an empty entry just seen (-1 if none).
	quirk, emptyEntry int
	quote             byte // the quote of a quoted scalar still open at the end of a line, or 0
	// plainOpen: the last line ended in a plain scalar, which the next
	// lines indented more than its collection continue (where a quote is
	// text, not the start of a quoted scalar).
	plainOpen bool
	// flowNode: in a flow collection, a node may start here (after [ { ,
	// and a value's :), so a quote opens a quoted scalar.
	flowNode bool
	// scalarParent is the column of a block scalar's parent collection:
	// the lines indented more than it (and blank ones) are its text.
	// -1 for a block scalar at the top of a document; noScalar outside one.
	scalarParent int
	scalarIndent int  // the indentation of the block scalar's first line of text, -1 before it
	deepAt       int  // the line where the depth (or the keys) first passed its limit, or 0
	manyKeys     bool // the keys passed theirs

	// docs counts the documents begun, as goccy/go-yaml counts them: a
	// --- line begins one (unless the open one has nothing in it yet:
	// the parser merges them), and so does content where none is open (at
	// the start, or after a ... line, which ends one). docLines holds the
	// line where each of the first few began (its first content, or its
	// marker while it has none). The parser takes time
	// growing with the square of the documents.
	docs       int
	docOpen    bool
	docContent bool // the open document has content
	docLines   [maxDocLines]int
}

// maxDocLines is how many documents' first lines a scan keeps.
const maxDocLines = 128

// beginDoc counts a document beginning on the current line.
func (s *yamlScan) beginDoc() {
	if s.docOpen && !s.docContent {
		return // merged with the empty document open
	}
	if s.docs < maxDocLines {
		s.docLines[s.docs] = s.line
	}
	s.docs++
	s.docOpen, s.docContent = true, false
}

// level is an open block collection: its column, and the keys it has had
// (goccy/go-yaml takes time growing with the square of a mapping's keys).
type level struct{ col, keys int }

func (s *yamlScan) depth() int { return s.flow + len(s.blocks) + s.quirk }

func (s *yamlScan) check() {
	if s.depth() > s.limit && s.deepAt == 0 {
		s.deepAt = s.line
	}
}

// blockAt records a block entry or, when key, a mapping key at column
// col: the collections deeper than it are closed, and one opens unless col
// is the current one.
func (s *yamlScan) blockAt(col int, key bool) {
	if s.emptyEntry >= 0 && key && col <= s.emptyEntry {
		s.quirk += 2
		s.check()
	}
	s.emptyEntry = -1
	for len(s.blocks) > 0 && s.blocks[len(s.blocks)-1].col > col {
		s.blocks = s.blocks[:len(s.blocks)-1]
	}
	if len(s.blocks) == 0 || s.blocks[len(s.blocks)-1].col < col {
		s.blocks = append(s.blocks, level{col: col})
		s.check()
	}
	if top := &s.blocks[len(s.blocks)-1]; key {
		if top.keys++; top.keys > s.maxKeys && s.deepAt == 0 {
			s.deepAt, s.manyKeys = s.line, true
		}
	}
}

// lineEnd returns the end of the line at pos (a \n, a \r, or the end).
func (s *yamlScan) lineEnd() int {
	for i := s.pos; i < len(s.data); i++ {
		if s.data[i] == '\n' || s.data[i] == '\r' {
			return i
		}
	}
	return len(s.data)
}

// nextLine moves past the line break at end.
func (s *yamlScan) nextLine(end int) {
	s.pos = end
	if s.pos < len(s.data) && s.data[s.pos] == '\r' {
		s.pos++
	}
	if s.pos < len(s.data) && s.data[s.pos] == '\n' {
		s.pos++
	}
	s.line++
}

func (s *yamlScan) scanLine() {
	s.lineStart = s.pos
	end := s.lineEnd()
	defer s.nextLine(end)
	indent := 0
	for s.pos+indent < end && s.data[s.pos+indent] == ' ' {
		indent++
	}
	text := s.data[s.pos+indent : end]
	marker := indent == 0 && len(text) >= 3 && (string(text[:3]) == "---" || string(text[:3]) == "...") &&
		(len(text) == 3 || text[3] == ' ' || text[3] == '\t')
	if s.scalarParent != noScalar {
		// The text is the lines indented as much as its first (YAML's
		// content indentation) and more than its parent: a line indented
		// less ends it, even at the top of a document.
		if !marker && (len(text) == 0 || indent > s.scalarParent && (s.scalarIndent < 0 || indent >= s.scalarIndent)) {
			if len(text) > 0 && s.scalarIndent < 0 {
				s.scalarIndent = indent
			}
			return // a line of a block scalar's text
		}
		s.scalarParent = noScalar
	}
	if s.quote != 0 {
		if !s.skipQuoted(end) {
			return // the quoted scalar goes on past this line
		}
		s.rest(end)
		return
	}
	if s.plainOpen && s.flow == 0 {
		top := -1
		if len(s.blocks) > 0 {
			top = s.blocks[len(s.blocks)-1].col
		}
		switch {
		case len(text) == 0:
			return // a blank line inside the scalar
		case !marker && indent > top:
			s.pos += indent
			s.afterScalar(end, indent, true) // more of the scalar, or a key
			return
		}
		s.plainOpen = false
	}
	if s.flow > 0 {
		s.scanFlow(end)
		return
	}
	switch {
	case marker && text[0] == '.':
		s.docOpen = false // the end of a document
		s.blocks, s.quirk = s.blocks[:0], 0
		return
	case marker:
		s.beginDoc()
		s.blocks, s.quirk = s.blocks[:0], 0 // a new document
		s.pos += 3
		if !s.restBlank(end) {
			s.docContent = true
		}
		s.scanValue(end)
		return
	case indent == 0 && len(text) > 0 && text[0] == '%':
		return // a directive
	}
	if len(text) > 0 && text[0] != '#' {
		if !s.docOpen {
			s.beginDoc()
		} else if !s.docContent && s.docs <= maxDocLines {
			s.docLines[s.docs-1] = s.line // where its content begins, as the parser says
		}
		s.docContent = true
	}
	s.pos += indent
	s.scanValue(end)
}

// rest continues a line after a quoted scalar that ended on it.
func (s *yamlScan) rest(end int) {
	if s.flow > 0 {
		s.scanFlow(end)
		return
	}
	s.afterScalar(end, -1, false)
}

func space(c byte) bool { return c == ' ' || c == '\t' }

// indicator reports whether data[i] is followed by a space or the end of
// the line, as -, ? and : must be to be indicators.
func (s *yamlScan) indicator(i, end int) bool { return i+1 >= end || space(s.data[i+1]) }

func (s *yamlScan) col() int { return s.pos - s.lineStart }

// scanValue scans block context from pos, at a place where a node may
// start.
func (s *yamlScan) scanValue(end int) {
	for s.pos < end && s.deepAt == 0 {
		c := s.data[s.pos]
		switch {
		case space(c):
			s.pos++
		case c == '#':
			return // a comment: it follows a space or starts the line here
		case (c == '-' || c == '?') && s.indicator(s.pos, end):
			col := s.col()
			s.blockAt(col, c == '?')
			s.pos++
			if s.restBlank(end) {
				s.emptyEntry = col
			}
		case c == ':' && s.indicator(s.pos, end):
			// The value of an empty key, or of the scalar on the line
			// above ("0\n:"), which goccy/go-yaml takes for a key: counted
			// as a key at this column (a level too many at worst).
			s.blockAt(s.col(), true)
			s.pos++
		case c == '[' || c == '{':
			s.flow++
			s.check()
			s.pos++
			s.flowNode = true
			s.scanFlow(end)
			return
		case c == '"' || c == '\'':
			col := s.col()
			s.quote = c
			s.pos++
			if !s.skipQuoted(end) {
				return
			}
			s.afterScalar(end, col, false)
			return
		case c == '|' || c == '>':
			s.scalarParent, s.scalarIndent = -1, -1
			if len(s.blocks) > 0 {
				s.scalarParent = s.blocks[len(s.blocks)-1].col
			}
			return
		case c == '&' || c == '!':
			s.skipWord(end) // an anchor or a tag: a node still follows
		case c == '*' && (s.pos+1 >= end || space(s.data[s.pos+1]) || s.data[s.pos+1] == '"' || s.data[s.pos+1] == '\''):
			// goccy/go-yaml reads a bare `*` (or `*"`) as an alias sign,
			// then what follows as a scalar, plain or quoted.
			s.pos++
		case c == '*':
			col := s.col()
			s.skipWord(end)
			s.afterScalar(end, col, false)
			return
		default:
			s.afterScalar(end, s.col(), true)
			return
		}
	}
}

// afterScalar scans a plain scalar's rest (or what follows a quoted one or
// an alias): if ": " follows, the scalar was a key at column col (-1:
// unknown, counted as the line's indentation) and a value follows. plain
// says a plain scalar that runs to the end of the line may go on below.
func (s *yamlScan) afterScalar(end, col int, plain bool) {
	s.plainOpen = false
	for i := s.pos; i < end; i++ {
		c := s.data[i]
		if c == '#' && (i == s.lineStart || space(s.data[i-1])) {
			s.pos = end
			return
		}
		if c == ':' && s.indicator(i, end) {
			if col < 0 {
				col = 0
				for col < end-s.lineStart && s.data[s.lineStart+col] == ' ' {
					col++
				}
			}
			s.blockAt(col, true)
			s.pos = i + 1
			s.scanValue(end)
			return
		}
	}
	s.pos = end
	s.plainOpen = plain
}

// restBlank reports whether nothing but spaces and a comment follows pos
// on the line.
func (s *yamlScan) restBlank(end int) bool {
	for i := s.pos; i < end; i++ {
		switch {
		case s.data[i] == '#':
			return true
		case !space(s.data[i]):
			return false
		}
	}
	return true
}

func (s *yamlScan) skipWord(end int) {
	for s.pos < end && !space(s.data[s.pos]) {
		if s.flow > 0 && isFlowIndicator(s.data[s.pos]) {
			return
		}
		s.pos++
	}
}

func isFlowIndicator(c byte) bool { return c == '[' || c == ']' || c == '{' || c == '}' || c == ',' }

// skipQuoted moves past the quoted scalar open in s.quote, and reports
// whether it closed on this line.
func (s *yamlScan) skipQuoted(end int) bool {
	for s.pos < end {
		c := s.data[s.pos]
		switch {
		case s.quote == '"' && c == '\\':
			s.pos += 2 // an escape; a trailing one continues the line
		case c == s.quote && s.quote == '\'' && s.pos+1 < end && s.data[s.pos+1] == '\'':
			s.pos += 2 // '' is a quote inside single quotes
		case c == s.quote:
			s.pos++
			s.quote = 0
			return true
		default:
			s.pos++
		}
	}
	s.pos = end
	return false
}

// scanFlow scans flow context ([...] and {...}) from pos to the end of the
// line; when the outermost collection closes, block context resumes.
func (s *yamlScan) scanFlow(end int) {
	for s.pos < end && s.deepAt == 0 {
		c := s.data[s.pos]
		switch {
		case space(c):
			s.pos++
			continue
		case c == '#' && (s.pos == s.lineStart || space(s.data[s.pos-1])):
			s.pos = end
			return
		case c == '[' || c == '{':
			s.flow++
			s.check()
			s.flowNode = true
		case c == ']' || c == '}':
			if s.flow > 0 {
				s.flow--
			}
			s.flowNode = false
			if s.flow == 0 {
				s.pos++
				s.afterScalar(end, -1, false)
				return
			}
		case c == ',':
			s.flowNode = true
		case c == ':' && (s.pos+1 >= end || space(s.data[s.pos+1]) || isFlowIndicator(s.data[s.pos+1])):
			s.flowNode = true
		case c == '?' && s.flowNode && s.indicator(s.pos, end):
		case (c == '"' || c == '\'') && s.flowNode:
			s.quote = c
			s.pos++
			if !s.skipQuoted(end) {
				return
			}
			s.flowNode = false
			continue
		case (c == '&' || c == '!') && s.flowNode:
			s.skipWord(end)
			continue
		default:
			s.flowNode = false
		}
		s.pos++
	}
}

// jsonDepth returns the 1-based line where a JSON document's nesting first
// goes deeper than limit, or 0. Brackets inside strings do not count.
func jsonDepth(data []byte, limit int) int {
	depth, line, inString := 0, 1, false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '\n':
			line++
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '[' || c == '{':
			if depth++; depth > limit {
				return line
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return 0
}
