//! A RON file's structure as written, with byte spans: just enough to point a
//! diagnostic at the exact text an author wrote, and to read a file one
//! element at a time when it does not deserialise as a whole.
//!
//! serde forgets where a value came from, so validation finds its way back
//! through this tree: `rules[2].symptoms."insomnai"` is a key node with a span.
//! It is not a validating parser; ron has the last word on what a file means.

use std::collections::HashMap;
use std::ops::Range;

/// A value and the bytes it spans.
#[derive(Debug, Clone)]
pub(super) struct Node {
    /// Byte range in the file.
    pub span: Range<usize>,
    /// What it is.
    pub kind: Kind,
}

/// The shapes a RON value can take, as far as locating needs.
#[derive(Debug, Clone)]
pub(super) enum Kind {
    /// `(name: value, …)`, optionally with a struct name before it.
    Struct(Vec<Field>),
    /// `[a, b]`, a tuple `(a, b)` or an enum variant's content `Weight(0.8)`.
    Seq(Vec<Node>),
    /// `{ key: value, … }`.
    Map(Vec<(Node, Node)>),
    /// A string, decoded.
    Str(String),
    /// Anything else: number, identifier, unit variant, char.
    Atom,
}

/// One `name: value` of a struct.
#[derive(Debug, Clone)]
pub(super) struct Field {
    /// The field name.
    pub name: String,
    /// Byte offset of the field name.
    pub at: usize,
    /// Its value.
    pub value: Node,
}

/// The first entry of each string key of a map ([`Node::entries_by_key`]).
pub(super) type EntriesByKey<'n> = HashMap<&'n str, &'n (Node, Node)>;

/// Why the text is not well-formed RON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Broken {
    /// The file ends inside the bracket opened at this offset.
    Unclosed { open: usize, close: char },
    /// A closing bracket at `found` does not match the bracket opened at
    /// `open`, which needs `close`.
    Mismatched {
        open: usize,
        close: char,
        found: usize,
    },
    /// A string that starts here runs over a line end into the next quote,
    /// and something unexpected follows it: its closing quote is missing.
    Runaway { open: usize },
    /// A `/*` comment that starts here is never closed.
    Comment { open: usize },
    /// Nothing but white space and comments.
    Empty,
    /// Anything else: ron's report says where.
    Other,
}

impl Node {
    /// The value of field `name` of a struct.
    pub fn field(&self, name: &str) -> Option<&Node> {
        self.fields()
            .iter()
            .find(|f| f.name == name)
            .map(|f| &f.value)
    }

    /// The fields of a struct (empty for anything else).
    pub fn fields(&self) -> &[Field] {
        match &self.kind {
            Kind::Struct(f) => f,
            _ => &[],
        }
    }

    /// The items of a sequence (empty for anything else).
    pub fn items(&self) -> &[Node] {
        match &self.kind {
            Kind::Seq(items) => items,
            _ => &[],
        }
    }

    /// The entries of a map (empty for anything else).
    pub fn entries(&self) -> &[(Node, Node)] {
        match &self.kind {
            Kind::Map(e) => e,
            _ => &[],
        }
    }

    /// The decoded text of a string.
    pub fn str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The first entry of a map whose key is the string `key` (a scan:
    /// validation looks keys up through [`Node::entries_by_key`]).
    #[cfg(test)]
    pub fn entry(&self, key: &str) -> Option<&(Node, Node)> {
        self.entries().iter().find(|(k, _)| k.str() == Some(key))
    }

    /// The first entry of every string key of a map, in one pass: one scan
    /// of the entries per key looked up was quadratic in a large map.
    pub fn entries_by_key(&self) -> EntriesByKey<'_> {
        let mut out = HashMap::with_capacity(self.entries().len());
        for e in self.entries() {
            if let Some(k) = e.0.str() {
                out.entry(k).or_insert(e);
            }
        }
        out
    }

    /// The first item of a sequence that is each string, likewise.
    pub fn items_by_text(&self) -> HashMap<&str, &Node> {
        let mut out = HashMap::with_capacity(self.items().len());
        for n in self.items() {
            if let Some(s) = n.str() {
                out.entry(s).or_insert(n);
            }
        }
        out
    }
}

/// Deepest bracket nesting the locator follows.
const MAX_DEPTH: usize = 100;

/// Parses `text`, or says where and how it is broken.
pub(super) fn parse(text: &str) -> Result<Node, Broken> {
    let mut p = Parser {
        s: text,
        i: 0,
        opens: Vec::new(),
        last_string: None,
        runaway: None,
        comment: None,
    };
    let fail = |p: &Parser| p.failure();
    p.trivia().map_err(|()| fail(&p))?;
    while p.rest().starts_with("#!") {
        match p.rest().find(']') {
            Some(end) => p.i += end + 1,
            None => return Err(Broken::Other),
        }
        p.trivia().map_err(|()| fail(&p))?;
    }
    if p.i == text.len() {
        return Err(Broken::Empty);
    }
    let root = p.value().map_err(|()| fail(&p))?;
    p.trivia().map_err(|()| fail(&p))?;
    if p.i < text.len() {
        return Err(Broken::Other);
    }
    Ok(root)
}

struct Parser<'a> {
    s: &'a str,
    i: usize,
    /// Open brackets: (offset, closing char).
    opens: Vec<(usize, char)>,
    /// Start of the last string read, if it spanned a line end.
    last_string: Option<usize>,
    /// Start of a string that the file ends inside.
    runaway: Option<usize>,
    /// Start of a block comment that the file ends inside.
    comment: Option<usize>,
}

type Step<T> = Result<T, ()>;

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.i..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn failure(&self) -> Broken {
        if let Some(open) = self.runaway {
            return Broken::Runaway { open };
        }
        if let Some(open) = self.comment {
            return Broken::Comment { open };
        }
        if let Some(&(open, close)) = self.opens.last() {
            match self.peek() {
                None => return Broken::Unclosed { open, close },
                Some(c) if matches!(c, ')' | ']' | '}') && c != close => {
                    return Broken::Mismatched {
                        open,
                        close,
                        found: self.i,
                    }
                }
                _ => {}
            }
        }
        match self.last_string {
            Some(open) => Broken::Runaway { open },
            None => Broken::Other,
        }
    }

    /// Skips white space and comments (`//…` and nested `/* … */`).
    fn trivia(&mut self) -> Step<()> {
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start();
            self.i += rest.len() - trimmed.len();
            if trimmed.starts_with("//") {
                self.i += trimmed.find('\n').unwrap_or(trimmed.len());
            } else if trimmed.starts_with("/*") {
                let open = self.i;
                let mut depth = 0usize;
                loop {
                    let r = self.rest();
                    if r.starts_with("/*") {
                        depth += 1;
                        self.i += 2;
                    } else if r.starts_with("*/") {
                        depth -= 1;
                        self.i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else if let Some(c) = r.chars().next() {
                        self.i += c.len_utf8();
                    } else {
                        self.comment = Some(open);
                        return Err(());
                    }
                }
            } else {
                return Ok(());
            }
        }
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.i += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Step<Node> {
        // Nesting deeper than any rule file needs is refused before it
        // can exhaust the stack (ron refuses it too).
        if self.opens.len() > MAX_DEPTH {
            return Err(());
        }
        let start = self.i;
        let c = self.peek().ok_or(())?;
        let kind = match c {
            '"' => Kind::Str(self.string()?),
            'r' if self.rest()[1..].starts_with(['"', '#']) && self.raw_string_ahead() => {
                Kind::Str(self.raw_string()?)
            }
            'b' if self.rest()[1..].starts_with('"') => {
                self.i += 1;
                Kind::Str(self.string()?)
            }
            'b' if self.rest()[1..].starts_with('\'') => {
                self.i += 1;
                self.char_literal()?;
                Kind::Atom
            }
            '\'' => {
                self.char_literal()?;
                Kind::Atom
            }
            '[' => Kind::Seq(self.list('[', ']')?),
            '{' => self.map()?,
            '(' => self.parens()?,
            c if c.is_alphabetic() || c == '_' => {
                self.ident()?;
                let after = self.i;
                self.trivia()?;
                if self.peek() == Some('(') {
                    self.parens()?
                } else {
                    self.i = after;
                    Kind::Atom
                }
            }
            c if c.is_ascii_digit() || matches!(c, '+' | '-' | '.') => {
                self.number();
                Kind::Atom
            }
            _ => return Err(()),
        };
        Ok(Node {
            span: start..self.i,
            kind,
        })
    }

    fn ident(&mut self) -> Step<String> {
        if self.rest().starts_with("r#") {
            self.i += 2;
        }
        let start = self.i;
        let len = self
            .rest()
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(self.rest().len());
        if len == 0 {
            return Err(());
        }
        self.i += len;
        Ok(self.s[start..self.i].to_string())
    }

    fn number(&mut self) {
        let mut prev = ' ';
        while let Some(c) = self.peek() {
            let sign_in_exponent = matches!(c, '+' | '-') && matches!(prev, 'e' | 'E');
            let first_sign = matches!(c, '+' | '-') && prev == ' ';
            if !(c.is_ascii_alphanumeric()
                || c == '_'
                || c == '.'
                || sign_in_exponent
                || first_sign)
            {
                break;
            }
            prev = c;
            self.i += 1;
        }
    }

    fn string(&mut self) -> Step<String> {
        let open = self.i;
        self.i += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                self.runaway = Some(open);
                return Err(());
            };
            self.i += c.len_utf8();
            match c {
                '"' => break,
                '\\' => {
                    let e = self.peek().ok_or(())?;
                    self.i += e.len_utf8();
                    match e {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        '0' => out.push('\0'),
                        'u' => {
                            let rest = self.rest();
                            let end = rest.find('}').ok_or(())?;
                            let hex = rest[..end].trim_start_matches('{');
                            let ch = u32::from_str_radix(hex, 16)
                                .ok()
                                .and_then(char::from_u32)
                                .ok_or(())?;
                            out.push(ch);
                            self.i += end + 1;
                        }
                        'x' => {
                            let hex = self.rest().get(..2).ok_or(())?;
                            let b = u8::from_str_radix(hex, 16).map_err(|_| ())?;
                            out.push(char::from(b));
                            self.i += 2;
                        }
                        '\n' => {
                            let rest = self.rest();
                            self.i += rest.len() - rest.trim_start().len();
                        }
                        other => out.push(other),
                    }
                }
                c => out.push(c),
            }
        }
        self.last_string = out.contains('\n').then_some(open);
        Ok(out)
    }

    fn raw_string_ahead(&self) -> bool {
        let hashes = self.rest()[1..].chars().take_while(|&c| c == '#').count();
        self.rest()[1 + hashes..].starts_with('"')
    }

    fn raw_string(&mut self) -> Step<String> {
        self.i += 1;
        let hashes = self.rest().chars().take_while(|&c| c == '#').count();
        self.i += hashes + 1;
        let close = format!("\"{}", "#".repeat(hashes));
        let end = self.rest().find(&close).ok_or(())?;
        let out = self.rest()[..end].to_string();
        self.i += end + close.len();
        Ok(out)
    }

    fn char_literal(&mut self) -> Step<()> {
        self.i += 1;
        if self.eat('\\') {
            let c = self.peek().ok_or(())?;
            self.i += c.len_utf8();
        }
        let end = self.rest().find('\'').ok_or(())?;
        self.i += end + 1;
        Ok(())
    }

    /// Comma-separated values up to `close`; the opener is next.
    fn list(&mut self, open: char, close: char) -> Step<Vec<Node>> {
        self.opens.push((self.i, close));
        self.eat(open);
        let mut items = Vec::new();
        loop {
            self.trivia()?;
            if self.eat(close) {
                break;
            }
            items.push(self.value()?);
            self.trivia()?;
            if self.eat(close) {
                break;
            }
            if !self.eat(',') {
                return Err(());
            }
            self.last_string = None;
        }
        self.opens.pop();
        Ok(items)
    }

    fn map(&mut self) -> Step<Kind> {
        self.opens.push((self.i, '}'));
        self.eat('{');
        let mut entries = Vec::new();
        loop {
            self.trivia()?;
            if self.eat('}') {
                break;
            }
            let key = self.value()?;
            self.trivia()?;
            if !self.eat(':') {
                return Err(());
            }
            self.trivia()?;
            let value = self.value()?;
            entries.push((key, value));
            self.trivia()?;
            if self.eat('}') {
                break;
            }
            if !self.eat(',') {
                return Err(());
            }
            self.last_string = None;
        }
        self.opens.pop();
        Ok(Kind::Map(entries))
    }

    /// `( … )`: a struct when it starts with `name:`, a tuple otherwise.
    fn parens(&mut self) -> Step<Kind> {
        let open = self.i;
        self.eat('(');
        self.trivia()?;
        let is_struct = {
            let save = self.i;
            let named = self.ident().is_ok() && {
                let _ = self.trivia();
                self.rest().starts_with(':') && !self.rest().starts_with("::")
            };
            self.i = save;
            named
        };
        if !is_struct {
            self.i = open;
            return Ok(Kind::Seq(self.list('(', ')')?));
        }
        self.opens.push((open, ')'));
        let mut fields = Vec::new();
        loop {
            self.trivia()?;
            if self.eat(')') {
                break;
            }
            let at = self.i;
            let name = self.ident()?;
            self.trivia()?;
            if !self.eat(':') {
                return Err(());
            }
            self.trivia()?;
            let value = self.value()?;
            fields.push(Field { name, at, value });
            self.trivia()?;
            if self.eat(')') {
                break;
            }
            if !self.eat(',') {
                return Err(());
            }
            self.last_string = None;
        }
        self.opens.pop();
        Ok(Kind::Struct(fields))
    }
}
