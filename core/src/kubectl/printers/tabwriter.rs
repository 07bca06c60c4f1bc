//! Go's `text/tabwriter` (and the `github.com/liggitt/tabwriter` fork kubectl uses for tables),
//! reimplemented exactly.
//!
//! Text is a sequence of cells terminated by `'\t'` (or `'\v'`), `'\n'` or `'\f'`. Tab-terminated
//! cells in *contiguous* lines form a column; the text after the last tab of a line is a trailing
//! cell that never takes part in alignment. A column block ends at the first line that has no
//! cell in that column, so a line without tabs ends every block (this is why `kubectl describe`
//! alignment spans section boundaries). Widths are counted in Unicode scalar values (Go counts
//! runes). The algorithm (recursive `format`, `writeLines`, flush on a single-cell line or on
//! `'\f'`) mirrors Go's source line by line; only HTML filtering and escape characters (`0xff`,
//! which cannot occur in a `&str`) are not supported.

/// Force right-alignment of cell content (Go `tabwriter.AlignRight`).
pub const ALIGN_RIGHT: u32 = 1 << 2;
/// Handle empty columns terminated entirely by `'\v'` as if absent (Go `DiscardEmptyColumns`).
pub const DISCARD_EMPTY_COLUMNS: u32 = 1 << 3;
/// Use tabs to pad leading empty cells (Go `TabIndent`).
pub const TAB_INDENT: u32 = 1 << 4;
/// Print `|` between columns (Go `Debug`).
pub const DEBUG: u32 = 1 << 5;
/// Remember the maximum width seen per column index across blocks and flushes
/// (`github.com/liggitt/tabwriter` `RememberWidths`, used by kubectl's table printer).
pub const REMEMBER_WIDTHS: u32 = 1 << 6;

/// A configured tab writer. [`TabWriter::format`] is the equivalent of writing `text` to a
/// freshly initialised Go `tabwriter.Writer` and calling `Flush`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TabWriter {
    /// Minimal cell width including any padding.
    pub minwidth: usize,
    /// Width of a tab character (only used when padding with tabs).
    pub tabwidth: usize,
    /// Padding added to a cell before computing its width.
    pub padding: usize,
    /// Character used for padding; `'\t'` pads with tabs (and forces left alignment).
    pub padchar: char,
    /// Bit set of the flag constants in this module.
    pub flags: u32,
}

impl TabWriter {
    /// Go `tabwriter.NewWriter(minwidth, tabwidth, padding, padchar, flags)`.
    pub fn new(
        minwidth: usize,
        tabwidth: usize,
        padding: usize,
        padchar: char,
        flags: u32,
    ) -> Self {
        let flags = if padchar == '\t' {
            // tab padding enforces left-alignment
            flags & !ALIGN_RIGHT
        } else {
            flags
        };
        Self {
            minwidth,
            tabwidth,
            padding,
            padchar,
            flags,
        }
    }

    /// kubectl's table writer (`printers.GetNewTabWriter`: minwidth 6, tabwidth 4, padding 3,
    /// `' '`, `RememberWidths`), used by `kubectl get`.
    pub fn kubectl_get() -> Self {
        Self::new(6, 4, 3, ' ', REMEMBER_WIDTHS)
    }

    /// kubectl describe's writer (`tabbedString`: `Init(buf, 0, 8, 2, ' ', 0)`).
    pub fn describe() -> Self {
        Self::new(0, 8, 2, ' ', 0)
    }

    /// `kubectl rollout history` (polymorphichelpers `tabbedString`: `Init(buf, 0, 8, 2, ' ', 0)`).
    pub fn rollout_history() -> Self {
        Self::new(0, 8, 2, ' ', 0)
    }

    /// Formats `text` as Go's tabwriter would (write everything, then `Flush`).
    pub fn format(&self, text: &str) -> String {
        self.format_flush(text, &mut Vec::new())
    }

    /// Writes `text` and flushes a writer that has already flushed earlier text: `maxwidths`
    /// holds the column widths remembered so far (`RememberWidths`) and is updated. This is how
    /// `kubectl get --watch` keeps event rows aligned with the header it printed first: one
    /// `tabwriter.Writer` for the whole watch, flushed after the list and after every event.
    pub fn format_flush(&self, text: &str, maxwidths: &mut Vec<usize>) -> String {
        let mut w = Writer {
            cfg: *self,
            lines: vec![Vec::new()],
            widths: Vec::new(),
            maxwidths: std::mem::take(maxwidths),
            out: String::with_capacity(text.len() + text.len() / 2),
        };
        let mut start = 0;
        for (i, ch) in text.char_indices() {
            match ch {
                '\t' | '\u{0b}' | '\n' | '\u{0c}' => {
                    let cell = Cell::new(&text[start..i], ch == '\t');
                    start = i + ch.len_utf8();
                    let line = w.lines.last_mut().expect("at least one line");
                    line.push(cell);
                    let ncells = line.len();
                    if ch == '\n' || ch == '\u{0c}' {
                        w.lines.push(Vec::new());
                        if ch == '\u{0c}' || ncells == 1 {
                            // A '\f' always forces a flush. Otherwise, a line with a single cell
                            // cannot affect the formatting of following lines, so flush.
                            w.flush();
                            if ch == '\u{0c}' && self.flags & DEBUG != 0 {
                                w.out.push_str("---\n");
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        if start < text.len() {
            // add the (non-empty) incomplete cell
            w.lines
                .last_mut()
                .expect("at least one line")
                .push(Cell::new(&text[start..], false));
        }
        w.flush();
        *maxwidths = w.maxwidths;
        w.out
    }
}

#[derive(Debug, Clone, Copy)]
struct Cell<'a> {
    text: &'a str,
    width: usize,
    htab: bool,
}

impl<'a> Cell<'a> {
    fn new(text: &'a str, htab: bool) -> Self {
        Self {
            text,
            width: text.chars().count(),
            htab,
        }
    }
}

struct Writer<'a> {
    cfg: TabWriter,
    lines: Vec<Vec<Cell<'a>>>,
    widths: Vec<usize>,
    maxwidths: Vec<usize>,
    out: String,
}

impl Writer<'_> {
    fn flush(&mut self) {
        let n = self.lines.len();
        self.format(0, n);
        self.lines.clear();
        self.lines.push(Vec::new());
        self.widths.clear();
    }

    fn write_padding(&mut self, textw: usize, cellw: usize, use_tabs: bool) {
        if self.cfg.padchar == '\t' || use_tabs {
            // padding is done with tabs
            let tw = self.cfg.tabwidth;
            if tw == 0 {
                return; // tabs have no width - can't do any padding
            }
            // make cellw the smallest multiple of tabwidth
            let cellw = cellw.div_ceil(tw) * tw;
            let n = cellw.saturating_sub(textw);
            for _ in 0..n.div_ceil(tw) {
                self.out.push('\t');
            }
            return;
        }
        for _ in 0..cellw.saturating_sub(textw) {
            self.out.push(self.cfg.padchar);
        }
    }

    fn write_lines(&mut self, line0: usize, line1: usize) {
        for i in line0..line1 {
            // if TabIndent is set, use tabs to pad leading empty cells
            let mut use_tabs = self.cfg.flags & TAB_INDENT != 0;
            for j in 0..self.lines[i].len() {
                let c = self.lines[i][j];
                if j > 0 && self.cfg.flags & DEBUG != 0 {
                    self.out.push('|');
                }
                if c.text.is_empty() {
                    if j < self.widths.len() {
                        self.write_padding(c.width, self.widths[j], use_tabs);
                    }
                } else {
                    use_tabs = false;
                    if self.cfg.flags & ALIGN_RIGHT == 0 {
                        self.out.push_str(c.text);
                        if j < self.widths.len() {
                            self.write_padding(c.width, self.widths[j], false);
                        }
                    } else {
                        if j < self.widths.len() {
                            self.write_padding(c.width, self.widths[j], false);
                        }
                        self.out.push_str(c.text);
                    }
                }
            }
            if i + 1 < self.lines.len() {
                // not the last buffered line - write newline (the last buffered line has no
                // newline; its incomplete cell, if any, was terminated by flush)
                self.out.push('\n');
            }
        }
    }

    /// Formats lines `line0..line1` for column `self.widths.len()` and all columns to its right.
    fn format(&mut self, mut line0: usize, line1: usize) {
        let column = self.widths.len();
        let mut this = line0;
        while this < line1 {
            if column + 1 >= self.lines[this].len() {
                this += 1;
                continue;
            }
            // cell exists in this column => this line has more cells than the previous line
            // (the last cell per line is ignored because cells are tab-terminated)

            // print unprinted lines until beginning of block
            self.write_lines(line0, this);
            line0 = this;

            // column block begin
            let mut width = self.cfg.minwidth;
            let mut discardable = true;
            while this < line1 {
                let line = &self.lines[this];
                if column + 1 >= line.len() {
                    break;
                }
                let c = line[column];
                width = width.max(c.width + self.cfg.padding);
                if c.width > 0 || c.htab {
                    discardable = false;
                }
                this += 1;
            }
            // column block end

            if discardable && self.cfg.flags & DISCARD_EMPTY_COLUMNS != 0 {
                width = 0;
            }

            if self.cfg.flags & REMEMBER_WIDTHS != 0 {
                if self.maxwidths.len() < self.widths.len() {
                    let from = self.maxwidths.len();
                    let extra = self.widths[from..].to_vec();
                    self.maxwidths.extend(extra);
                }
                let k = self.widths.len();
                if self.maxwidths.len() == k {
                    self.maxwidths.push(width);
                } else if self.maxwidths[k] > width {
                    width = self.maxwidths[k];
                } else if self.maxwidths[k] < width {
                    self.maxwidths[k] = width;
                }
            }

            // format and print all columns to the right of this column
            self.widths.push(width);
            self.format(line0, this);
            self.widths.pop();
            line0 = this;
            // Go's loop post-statement increments `this` here; the line at `this` has no cell
            // in this column, so skipping it is safe (it is printed by a later write_lines).
            this += 1;
        }
        // print unprinted lines until end
        self.write_lines(line0, line1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str, tw: TabWriter, src: &str, expected: &str) {
        let got = tw.format(src);
        assert_eq!(got, expected, "test {name}: src {src:?}");
    }

    /// Cases from Go's text/tabwriter/tabwriter_test.go (those not needing FilterHTML or
    /// escapes).
    #[test]
    fn go_test_table() {
        type Case<'a> = (&'a str, usize, usize, usize, char, u32, &'a str, &'a str);
        let cases: &[Case] = &[
            ("1a", 8, 0, 1, '.', 0, "", ""),
            ("1a debug", 8, 0, 1, '.', DEBUG, "", ""),
            ("2", 8, 0, 1, '.', 0, "\n\n\n", "\n\n\n"),
            ("3", 8, 0, 1, '.', 0, "a\nb\nc", "a\nb\nc"),
            ("4a", 8, 0, 1, '.', 0, "\t", ""),
            ("4b", 8, 0, 1, '.', ALIGN_RIGHT, "\t", ""),
            ("5", 8, 0, 1, '.', 0, "*\t*", "*.......*"),
            ("5b", 8, 0, 1, '.', 0, "*\t*\n", "*.......*\n"),
            ("5c", 8, 0, 1, '.', 0, "*\t*\t", "*.......*"),
            ("5c debug", 8, 0, 1, '.', DEBUG, "*\t*\t", "*.......|*"),
            ("5d", 8, 0, 1, '.', ALIGN_RIGHT, "*\t*\t", ".......**"),
            ("6", 8, 0, 1, '.', 0, "\t\n", "........\n"),
            ("7a", 8, 0, 1, '.', 0, "a) foo", "a) foo"),
            ("7b", 8, 0, 1, ' ', 0, "b) foo\tbar", "b) foo  bar"),
            ("7c", 8, 0, 1, '.', 0, "c) foo\tbar\t", "c) foo..bar"),
            ("7d", 8, 0, 1, '.', 0, "d) foo\tbar\n", "d) foo..bar\n"),
            ("7e", 8, 0, 1, '.', 0, "e) foo\tbar\t\n", "e) foo..bar.....\n"),
            ("8", 8, 0, 1, '*', 0, "Hello, world!\n", "Hello, world!\n"),
            (
                "9a",
                1,
                0,
                0,
                '.',
                0,
                "1\t2\t3\t4\n11\t222\t3333\t44444\n",
                "1.2..3...4\n11222333344444\n",
            ),
            (
                "9c",
                1,
                0,
                0,
                '.',
                0,
                "1\t2\t3\t4\u{0c}11\t222\t3333\t44444\n",
                "1234\n11222333344444\n",
            ),
            (
                "9c debug",
                1,
                0,
                0,
                '.',
                DEBUG,
                "1\t2\t3\t4\u{0c}11\t222\t3333\t44444\n",
                "1|2|3|4\n---\n11|222|3333|44444\n",
            ),
            ("10a", 5, 0, 0, '.', 0, "1\t2\t3\t4\n", "1....2....3....4\n"),
            (
                "10b",
                5,
                0,
                0,
                '.',
                0,
                "1\t2\t3\t4\t\n",
                "1....2....3....4....\n",
            ),
            (
                "11",
                8,
                0,
                1,
                '.',
                0,
                "本\tb\tc\naa\t\u{672c}\u{672c}\u{672c}\tcccc\tddddd\naaa\tbbbb\n",
                "本.......b.......c\naa......本本本.....cccc....ddddd\naaa.....bbbb\n",
            ),
            (
                "12a",
                8,
                0,
                1,
                ' ',
                ALIGN_RIGHT,
                "a\tè\tc\t\naa\tèèè\tcccc\tddddd\t\naaa\tèèèè\t\n",
                "       a       è       c\n      aa     èèè    cccc   ddddd\n     aaa    èèèè\n",
            ),
            (
                "12b",
                2,
                0,
                0,
                ' ',
                0,
                "a\tb\tc\naa\tbbb\tcccc\naaa\tbbbb\n",
                "a  b  c\naa bbbcccc\naaabbbb\n",
            ),
            (
                "12c",
                8,
                0,
                1,
                '_',
                0,
                "a\tb\tc\naa\tbbb\tcccc\naaa\tbbbb\n",
                "a_______b_______c\naa______bbb_____cccc\naaa_____bbbb\n",
            ),
            (
                "13a",
                4,
                0,
                1,
                '-',
                0,
                "4444\t日本語\t22\t1\t333\n999999999\t22\n7\t22\n\t\t\t88888888\n\n666666\t666666\t666666\t4444\n1\t1\t999999999\t0000000000\n",
                "4444------日本語-22--1---333\n999999999-22\n7---------22\n------------------88888888\n\n666666-666666-666666----4444\n1------1------999999999-0000000000\n",
            ),
            (
                "13b",
                4,
                0,
                3,
                '.',
                0,
                "4444\t333\t22\t1\t333\n999999999\t22\n7\t22\n\t\t\t88888888\n\n666666\t666666\t666666\t4444\n1\t1\t999999999\t0000000000\n",
                "4444........333...22...1...333\n999999999...22\n7...........22\n....................88888888\n\n666666...666666...666666......4444\n1........1........999999999...0000000000\n",
            ),
            (
                "14",
                1,
                0,
                2,
                ' ',
                ALIGN_RIGHT,
                ".0\t.3\t2.4\t-5.1\t\n23.0\t12345678.9\t2.4\t-989.4\t\n5.1\t12.0\t2.4\t-7.0\t\n.0\t0.0\t332.0\t8908.0\t\n.0\t-.3\t456.4\t22.1\t\n.0\t1.2\t44.4\t-13.3\t\t",
                "    .0          .3    2.4    -5.1\n  23.0  12345678.9    2.4  -989.4\n   5.1        12.0    2.4    -7.0\n    .0         0.0  332.0  8908.0\n    .0         -.3  456.4    22.1\n    .0         1.2   44.4   -13.3",
            ),
            (
                "14 debug",
                1,
                0,
                2,
                ' ',
                ALIGN_RIGHT | DEBUG,
                ".0\t.3\t2.4\t-5.1\t\n23.0\t12345678.9\t2.4\t-989.4\t\n5.1\t12.0\t2.4\t-7.0\t\n.0\t0.0\t332.0\t8908.0\t\n.0\t-.3\t456.4\t22.1\t\n.0\t1.2\t44.4\t-13.3\t\t",
                "    .0|          .3|    2.4|    -5.1|\n  23.0|  12345678.9|    2.4|  -989.4|\n   5.1|        12.0|    2.4|    -7.0|\n    .0|         0.0|  332.0|  8908.0|\n    .0|         -.3|  456.4|    22.1|\n    .0|         1.2|   44.4|   -13.3|",
            ),
            ("15a", 4, 0, 0, '.', 0, "a\t\tb", "a.......b"),
            ("15b", 4, 0, 0, '.', DISCARD_EMPTY_COLUMNS, "a\t\tb", "a.......b"),
            ("15c", 4, 0, 0, '.', DISCARD_EMPTY_COLUMNS, "a\u{0b}\u{0b}b", "a...b"),
            (
                "15d",
                4,
                0,
                0,
                '.',
                ALIGN_RIGHT | DISCARD_EMPTY_COLUMNS,
                "a\u{0b}\u{0b}b",
                "...ab",
            ),
            (
                "16a",
                100,
                100,
                0,
                '\t',
                0,
                "a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n",
                "a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n",
            ),
            (
                "16b",
                100,
                100,
                0,
                '\t',
                DISCARD_EMPTY_COLUMNS,
                "a\u{0b}b\u{0b}\u{0b}d\na\u{0b}b\u{0b}\u{0b}d\u{0b}e\na\na\u{0b}b\u{0b}c\u{0b}d\na\u{0b}b\u{0b}c\u{0b}d\u{0b}e\n",
                "a\tb\td\na\tb\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n",
            ),
            (
                "16b debug",
                100,
                100,
                0,
                '\t',
                DISCARD_EMPTY_COLUMNS | DEBUG,
                "a\u{0b}b\u{0b}\u{0b}d\na\u{0b}b\u{0b}\u{0b}d\u{0b}e\na\na\u{0b}b\u{0b}c\u{0b}d\na\u{0b}b\u{0b}c\u{0b}d\u{0b}e\n",
                "a\t|b\t||d\na\t|b\t||d\t|e\na\na\t|b\t|c\t|d\na\t|b\t|c\t|d\t|e\n",
            ),
            (
                "16c",
                100,
                100,
                0,
                '\t',
                DISCARD_EMPTY_COLUMNS,
                "a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n",
                "a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n",
            ),
            (
                "16c debug",
                100,
                100,
                0,
                '\t',
                DISCARD_EMPTY_COLUMNS | DEBUG,
                "a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n",
                "a\t|b\t|\t|d\na\t|b\t|\t|d\t|e\na\na\t|b\t|c\t|d\na\t|b\t|c\t|d\t|e\n",
            ),
        ];
        for &(name, minwidth, tabwidth, padding, padchar, flags, src, expected) in cases {
            check(
                name,
                TabWriter::new(minwidth, tabwidth, padding, padchar, flags),
                src,
                expected,
            );
        }
    }

    /// The doc-comment example: b and c are in distinct columns, d and e in none.
    #[test]
    fn go_doc_example_columns_are_contiguous_blocks() {
        let tw = TabWriter::new(0, 8, 1, '.', 0);
        let src = "aaaa\tbbb\td\naa\tb\tdd\na\t\naa\tcccc\teee\n";
        let expected = "aaaa.bbb.d\naa...b...dd\na....\naa...cccc.eee\n";
        assert_eq!(tw.format(src), expected);
    }

    #[test]
    fn kubectl_get_table() {
        let src = "NAME\tREADY\tUP-TO-DATE\tAVAILABLE\tAGE\nnginx\t3/3\t3\t3\t10s\nweb-frontend\t0/10\t0\t0\t2m5s\n";
        let expected = "\
NAME           READY   UP-TO-DATE   AVAILABLE   AGE
nginx          3/3     3            3           10s
web-frontend   0/10    0            0           2m5s
";
        assert_eq!(TabWriter::kubectl_get().format(src), expected);
    }

    #[test]
    fn kubectl_get_minwidth_six() {
        // minwidth 6 includes padding: a 1-char column is 6 wide.
        let src = "A\tB\nx\ty\n";
        assert_eq!(TabWriter::kubectl_get().format(src), "A     B\nx     y\n");
    }

    #[test]
    fn remember_widths_across_blocks() {
        // Two blocks separated by a tab-less line: plain Go sizes them independently, the
        // liggitt fork (RememberWidths) keeps the wider width for later blocks of column 0.
        let src = "long-name\tx\n\nab\ty\n";
        let plain = TabWriter::new(6, 4, 3, ' ', 0).format(src);
        assert_eq!(plain, "long-name   x\n\nab    y\n");
        let remembered = TabWriter::kubectl_get().format(src);
        assert_eq!(remembered, "long-name   x\n\nab          y\n");
    }

    #[test]
    fn remember_widths_across_flushes() {
        // `kubectl get -w`: one writer, flushed after the list and after each event row. Later
        // rows keep the widths of the first flush and widen them for what follows.
        let tw = TabWriter::kubectl_get();
        let mut widths = Vec::new();
        let list = tw.format_flush("NAME\tREADY\tAGE\nweb-0\t1/1\t5s\n", &mut widths);
        assert_eq!(list, "NAME    READY   AGE\nweb-0   1/1     5s\n");
        let event = tw.format_flush("web-1\t0/1\t0s\n", &mut widths);
        assert_eq!(event, "web-1   0/1     0s\n");
        let wide = tw.format_flush("a-longer-name\t1/1\t1s\n", &mut widths);
        assert_eq!(wide, "a-longer-name   1/1     1s\n");
        let after = tw.format_flush("web-2\t1/1\t2s\n", &mut widths);
        assert_eq!(after, "web-2           1/1     2s\n");
    }

    #[test]
    fn trailing_text_without_newline() {
        let tw = TabWriter::describe();
        assert_eq!(tw.format("Name:\tx"), "Name:  x");
        assert_eq!(tw.format("a\tb\nccc\td"), "a    b\nccc  d");
        // a line ending with a tab: its last tab-terminated cell is the trailing cell at EOF
        assert_eq!(tw.format("a\tb\t"), "a  b");
        // but with a newline the empty trailing cell makes b aligned
        assert_eq!(
            tw.format("a\tb\t\naa\tbbbb\t\n"),
            "a   b     \naa  bbbb  \n"
        );
    }

    #[test]
    fn empty_cells_are_padded() {
        let tw = TabWriter::describe();
        assert_eq!(tw.format("\tx\nname\ty\n"), "      x\nname  y\n");
        // leading-tab continuation lines (Labels/Annotations style)
        let src = "Labels:\ta=1\n\tb=2\nSelector:\ta=1\n";
        assert_eq!(
            tw.format(src),
            "Labels:    a=1\n           b=2\nSelector:  a=1\n"
        );
    }

    #[test]
    fn rollout_history_table() {
        let src = "deployment.apps/nginx \nREVISION\tCHANGE-CAUSE\n1\t<none>\n2\t<none>\n\n";
        let expected = "deployment.apps/nginx \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n";
        assert_eq!(TabWriter::rollout_history().format(src), expected);
    }

    /// A `kubectl describe deployment` body as kubectl's describer writes it (PrefixWriter
    /// indentation, raw tabs); alignment spans all consecutive lines containing a tab.
    #[test]
    fn kubectl_describe_deployment() {
        let src = concat!(
            "Name:\tnginx-deployment\n",
            "Namespace:\tdefault\n",
            "CreationTimestamp:\tThu, 30 Nov 2017 10:56:25 +0000\n",
            "Labels:\tapp=nginx\n",
            "Annotations:\tdeployment.kubernetes.io/revision: 2\n",
            "Selector:\tapp=nginx\n",
            "Replicas:\t3 desired | 3 updated | 3 total | 3 available | 0 unavailable\n",
            "StrategyType:\tRollingUpdate\n",
            "MinReadySeconds:\t0\n",
            "RollingUpdateStrategy:\t25% max unavailable, 25% max surge\n",
            "Pod Template:\n",
            "  Labels:\tapp=nginx\n",
            "  Containers:\n",
            "   nginx:\n",
            "    Image:\tnginx:1.16.1\n",
            "    Port:\t80/TCP\n",
            "    Host Port:\t0/TCP\n",
            "    Environment:\t<none>\n",
            "    Mounts:\t<none>\n",
            "  Volumes:\t<none>\n",
            "  Node-Selectors:\t<none>\n",
            "  Tolerations:\t<none>\n",
            "Conditions:\n",
            "  Type\tStatus\tReason\n",
            "  ----\t------\t------\n",
            "  Available \tTrue\tMinimumReplicasAvailable\n",
            "  Progressing \tTrue\tNewReplicaSetAvailable\n",
            "OldReplicaSets:\t<none>\n",
            "NewReplicaSet:\tnginx-deployment-1564180365 (3/3 replicas created)\n",
            "Events:\n",
            "  Type\tReason\tAge\tFrom\tMessage\n",
            "  ----\t------\t----\t----\t-------\n",
            "  Normal\tScalingReplicaSet\t2m\tdeployment-controller\tScaled up replica set nginx-deployment-2035384211 to 3\n",
            "  Normal\tScalingReplicaSet\t24s\tdeployment-controller\tScaled up replica set nginx-deployment-1564180365 to 1\n",
        );
        let expected = concat!(
            "Name:                   nginx-deployment\n",
            "Namespace:              default\n",
            "CreationTimestamp:      Thu, 30 Nov 2017 10:56:25 +0000\n",
            "Labels:                 app=nginx\n",
            "Annotations:            deployment.kubernetes.io/revision: 2\n",
            "Selector:               app=nginx\n",
            "Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable\n",
            "StrategyType:           RollingUpdate\n",
            "MinReadySeconds:        0\n",
            "RollingUpdateStrategy:  25% max unavailable, 25% max surge\n",
            "Pod Template:\n",
            "  Labels:  app=nginx\n",
            "  Containers:\n",
            "   nginx:\n",
            "    Image:         nginx:1.16.1\n",
            "    Port:          80/TCP\n",
            "    Host Port:     0/TCP\n",
            "    Environment:   <none>\n",
            "    Mounts:        <none>\n",
            "  Volumes:         <none>\n",
            "  Node-Selectors:  <none>\n",
            "  Tolerations:     <none>\n",
            "Conditions:\n",
            "  Type           Status  Reason\n",
            "  ----           ------  ------\n",
            "  Available      True    MinimumReplicasAvailable\n",
            "  Progressing    True    NewReplicaSetAvailable\n",
            "OldReplicaSets:  <none>\n",
            "NewReplicaSet:   nginx-deployment-1564180365 (3/3 replicas created)\n",
            "Events:\n",
            "  Type    Reason             Age   From                   Message\n",
            "  ----    ------             ----  ----                   -------\n",
            "  Normal  ScalingReplicaSet  2m    deployment-controller  Scaled up replica set nginx-deployment-2035384211 to 3\n",
            "  Normal  ScalingReplicaSet  24s   deployment-controller  Scaled up replica set nginx-deployment-1564180365 to 1\n",
        );
        assert_eq!(TabWriter::describe().format(src), expected);
    }

    #[test]
    fn width_counts_chars_not_bytes() {
        let tw = TabWriter::describe();
        assert_eq!(tw.format("é\tx\nab\ty\n"), "é   x\nab  y\n");
    }

    #[test]
    fn nested_columns_end_independently() {
        // column 1 ends at line 2 while column 0 continues
        let tw = TabWriter::new(0, 8, 1, '.', 0);
        let src = "a\tbbbb\tc\naa\tb\naaa\tbb\tc\n";
        assert_eq!(tw.format(src), "a...bbbb.c\naa..b\naaa.bb.c\n");
    }
}
