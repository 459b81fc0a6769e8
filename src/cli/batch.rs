//! `yongquan match --batch FILE|-`: one description per line in, one compact
//! JSON object per line out, in input order.
//!
//! Each output line is the `match --format json` document with
//! `"schema_version"` first, then `"line"` (the 1-based input line number)
//! and, with `--jsonl`, `"id"` (the input object's `"id"` as given, `null`
//! when absent); its `care` holds the care items' ids unless `--care full`
//! or `--care none` says otherwise. A line that cannot be analysed yields
//! `{"schema_version": "1", "line": N, "error": "…"}` (plus `"id"` when
//! known) and the batch goes on, so output line N always answers input line
//! N:
//!
//! - invalid UTF-8, or more than [`yongquan::MAX_INPUT_BYTES`] bytes;
//! - an empty or blank line (the same error as `match ""`);
//! - with `--jsonl`, a line that is not a JSON object with a `"text"` string
//!   (one whose `"id"` or `"text"` is given twice, or whose `"text"` has an
//!   invalid escape such as a lone surrogate), or one over the limit
//!   (the message names the field that made it so).
//!
//! Lines end with `\n` or `\r\n`; a UTF-8 byte-order mark before the first
//! line is skipped. The input is read in chunks of at most [`CHUNK_LINES`]
//! lines or [`CHUNK_BYTES`] bytes, each analysed on all cores (rayon, order
//! kept), so memory stays bounded whatever the input size. From a regular
//! file, a chunk is analysed while the next one is read and the previous one
//! written ([`from_file`]); from a pipe or a terminal, a chunk is what has
//! arrived, and its lines are written and flushed before the batch waits for
//! more ([`streamed`]): each answer comes as soon as its line does.
//!
//! On stderr: a progress bar when stderr is a terminal, and a summary line
//! at the end (lines, matched, errors, lines/s). SIGINT or SIGTERM ends the
//! batch after its last whole output line, with status 130 or 143 (see
//! `interrupt`). Exit status: 0 when some
//! line matched or raised a red flag; 1 when none did and every line could
//! be analysed; 2 when none did and some line could not, when the input
//! cannot be read, or when the output cannot be written (a closed pipe on
//! stdout ends the batch quietly).

use super::args::MatchArgs;
use super::interrupt;
use super::lines::{self, BadLine};
use super::{CliError, Outcome};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::value::RawValue;
use std::io::{self, BufReader, IsTerminal, Read, Write};
use std::ops::Range;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;
use yongquan::matcher::CareFor;
use yongquan::report::{self, CareDetail, Detail, JsonCareList, JsonReport, View};
use yongquan::{Matcher, MAX_INPUT_BYTES};

/// Most lines per chunk.
pub const CHUNK_LINES: usize = 1024;
/// A chunk stops growing once it holds this many bytes (256 KiB: typical
/// lines fill [`CHUNK_LINES`] first; with huge lines, whose JSON can be ten
/// times their size, it keeps one or two in flight); a single
/// line adds at most [`MAX_INPUT_BYTES`] + 1 more.
pub const CHUNK_BYTES: usize = 256 << 10;
/// Lines rendered together by one task: one output buffer each.
const TASK_LINES: usize = 32;

/// The id of a `--jsonl` line without one: JSON `null`.
fn null_id() -> &'static RawValue {
    serde_json::from_str("null").expect("`null` is JSON")
}

/// One output line of the batch, for a line that could not be analysed.
#[derive(Serialize)]
struct Failure<'a> {
    schema_version: &'static str,
    line: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a RawValue>,
    error: String,
}

/// What became of one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Matched,
    NotMatched,
    Error,
}

/// Counts for the summary line.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    lines: u64,
    matched: u64,
    errors: u64,
}

impl Tally {
    fn add(mut self, status: Status) -> Tally {
        self.lines += 1;
        match status {
            Status::Matched => self.matched += 1,
            Status::NotMatched => {}
            Status::Error => self.errors += 1,
        }
        self
    }

    fn merge(self, other: Tally) -> Tally {
        Tally {
            lines: self.lines + other.lines,
            matched: self.matched + other.matched,
            errors: self.errors + other.errors,
        }
    }
}

/// A run of input lines: their bytes back to back, without line ends.
#[derive(Debug, Default)]
struct Chunk {
    data: Vec<u8>,
    /// Per line: its bytes in `data` (cut at `MAX_INPUT_BYTES + 1`) and its
    /// full length in bytes.
    lines: Vec<(Range<usize>, usize)>,
    /// Number of the first line, 1-based.
    first: u64,
    /// Input bytes consumed, line ends included (for the progress bar).
    consumed: u64,
}

/// The batch settings every line needs.
struct Job<'a> {
    matcher: &'a Matcher,
    view: View,
    jsonl: bool,
    /// Per rule and [`CareFor`], its `care` list as compact JSON; then the
    /// one for no match.
    care: Vec<Box<RawValue>>,
}

/// Every rule's `care` list as compact JSON with the detail `view` asks
/// for, in rule order and for each [`CareFor`] in its index order, then the
/// one for no match (`[]`, or `null` with `--care none`).
fn care_lists(matcher: &Matcher, view: View) -> Result<Vec<Box<RawValue>>, CliError> {
    fn raw<T: Serialize>(v: &T) -> Result<Box<RawValue>, CliError> {
        serde_json::value::to_raw_value(v)
            .map_err(|e| CliError::Usage(format!("cannot render the care lists: {e}")))
    }
    let rules = matcher.rules();
    let mut lists = Vec::with_capacity(rules.rules().len() * CareFor::ALL.len() + 1);
    for rule in rules.rules() {
        for who in CareFor::ALL {
            let list = report::care_list(rules, Some(rule), who, view.region, view.care);
            lists.push(raw(&list)?);
        }
    }
    let nothing = report::care_list(rules, None, CareFor::default(), view.region, view.care);
    lists.push(raw(&nothing)?);
    Ok(lists)
}

/// Runs `match --batch`: [`Outcome::Matched`] when some line matched.
///
/// # Errors
/// [`CliError::Rules`] when the rules do not load, [`CliError::Usage`] when
/// the input cannot be opened or read, [`CliError::Output`] when stdout
/// cannot be written (a broken pipe included: the caller ends quietly).
pub fn run(args: &MatchArgs) -> Result<Outcome, CliError> {
    let Some(path) = args.batch.as_deref() else {
        return Err(CliError::Usage("--batch needs FILE or `-`".into()));
    };
    let matcher = super::load(&args.input.rules)?.with_min_score(args.input.min_score);
    let view = View {
        care: args.care.map_or(CareDetail::Ids, Into::into),
        detail: args.detail.map_or(Detail::Compact, Into::into),
        ..super::view(args.top, args.input.region())
    };
    let job = Job {
        matcher: &matcher,
        view,
        jsonl: args.jsonl,
        care: care_lists(&matcher, view)?,
    };
    let (input, regular, total): (Box<dyn Read + Send>, bool, Option<u64>) =
        if path.as_os_str() == "-" {
            (Box::new(io::stdin()), stdin_is_regular(), None)
        } else {
            let file = std::fs::File::open(path)
                .map_err(|e| CliError::Usage(format!("cannot read {}: {e}", path.display())))?;
            let len = file
                .metadata()
                .ok()
                .filter(|m| m.is_file())
                .map(|m| m.len());
            (Box::new(file), len.is_some(), len)
        };
    let name = path.display().to_string();
    let read_error = |e: io::Error| CliError::Usage(format!("cannot read {name}: {e}"));
    let mut reader = BufReader::with_capacity(1 << 18, input);
    let out = Arc::new(Mutex::new(io::BufWriter::with_capacity(
        1 << 18,
        io::stdout(),
    )));
    // Someone typing lines would see a spinner between them.
    let typed = path.as_os_str() == "-" && io::stdin().is_terminal();
    let progress = if typed {
        ProgressBar::hidden()
    } else {
        progress_bar(total)
    };
    // Without the watcher, a signal keeps its default action.
    let _ = interrupt::watch(Arc::clone(&out), {
        let progress = progress.clone();
        move || progress.finish_and_clear()
    });
    let started = Instant::now();

    let ran = if regular {
        from_file(&job, &mut reader, &out, &progress)
    } else {
        streamed(&job, &mut reader, &out, &progress)
    };
    progress.finish_and_clear();
    let tally = match ran {
        Ok(tally) => tally,
        Err(Failed::Read(e)) => return Err(read_error(e)),
        Err(Failed::Write(e)) => return Err(CliError::Output(e)),
    };

    let secs = started.elapsed().as_secs_f64();
    let _ = writeln!(
        io::stderr(),
        "yongquan: {}, {} matched, {} in {secs:.2} s ({:.0} lines/s)",
        super::count(tally.lines as usize, "line", "lines"),
        tally.matched,
        super::count(tally.errors as usize, "error", "errors"),
        tally.lines as f64 / secs.max(1e-9)
    );
    // Like grep: a hit wins; otherwise bad lines make it an error, so a
    // file in the wrong encoding never reads as "nothing matched".
    if tally.matched > 0 {
        Ok(Outcome::Matched)
    } else if tally.errors > 0 {
        Err(CliError::Usage(format!(
            "no line matched and {} of {} lines could not be analysed (see their \"error\" objects)",
            tally.errors, tally.lines
        )))
    } else {
        Ok(Outcome::NothingMatched)
    }
}

/// Why a batch stopped before the end of its input.
enum Failed {
    Read(io::Error),
    Write(io::Error),
}

/// The batch over a regular file, for throughput: each chunk is analysed on
/// every core while the previous chunk's output is written and the next
/// chunk is read. A result can wait for the next chunk to be read, which
/// on a file is never long.
fn from_file<R: Read + Send>(
    job: &Job,
    reader: &mut BufReader<R>,
    out: &Mutex<impl Write + Send>,
    progress: &ProgressBar,
) -> Result<Tally, Failed> {
    let mut tally = Tally::default();
    let mut chunk = read_chunk(reader, 1, Fill::Full).map_err(Failed::Read)?;
    let mut rendered: Vec<u8> = Vec::new();
    while !chunk.lines.is_empty() {
        let ((bytes, counts), next) = rayon::join(
            || render_chunk(job, &chunk),
            || -> Result<Chunk, Failed> {
                write_lines(out, &rendered).map_err(Failed::Write)?;
                let first = chunk.first + chunk.lines.len() as u64;
                read_chunk(reader, first, Fill::Full).map_err(Failed::Read)
            },
        );
        rendered = bytes;
        let next = match next {
            Ok(next) => next,
            Err(e) => {
                // Keep what was analysed before the input failed.
                let mut out = lock(out);
                let _ = out.write_all(&rendered).and_then(|()| out.flush());
                return Err(e);
            }
        };
        tally = tally.merge(counts);
        progress.inc(chunk.consumed);
        progress.set_message(format!("{} lines", tally.lines));
        chunk = next;
    }
    write_lines(out, &rendered)
        .and_then(|()| lock(out).flush())
        .map_err(Failed::Write)?;
    Ok(tally)
}

/// The batch over a pipe or a terminal, like `grep --line-buffered`: the
/// lines that have arrived are analysed (on every core when there are
/// many) and their results written and flushed before it waits for more,
/// so a co-process that writes a line gets its answer while its input is
/// still open, and `tail -f notes | yongquan match --batch` keeps up.
fn streamed<R: Read>(
    job: &Job,
    reader: &mut BufReader<R>,
    out: &Mutex<impl Write>,
    progress: &ProgressBar,
) -> Result<Tally, Failed> {
    let mut tally = Tally::default();
    let mut first = 1;
    loop {
        let chunk = read_chunk(reader, first, Fill::Arrived).map_err(Failed::Read)?;
        if chunk.lines.is_empty() {
            return Ok(tally);
        }
        let (bytes, counts) = render_chunk(job, &chunk);
        {
            let mut out = lock(out);
            out.write_all(&bytes)
                .and_then(|()| out.flush())
                .map_err(Failed::Write)?;
        }
        tally = tally.merge(counts);
        progress.inc(chunk.consumed);
        progress.set_message(format!("{} lines", tally.lines));
        first += chunk.lines.len() as u64;
    }
}

/// Whether standard input is a regular file (`< notes.txt`), not a pipe or
/// a terminal. Asked of a duplicate of its handle, which closes on return.
fn stdin_is_regular() -> bool {
    #[cfg(unix)]
    let handle = std::os::fd::AsFd::as_fd(&io::stdin()).try_clone_to_owned();
    #[cfg(windows)]
    let handle = std::os::windows::io::AsHandle::as_handle(&io::stdin()).try_clone_to_owned();
    #[cfg(any(unix, windows))]
    return handle
        .map(std::fs::File::from)
        .and_then(|f| f.metadata())
        .is_ok_and(|m| m.is_file());
    // Elsewhere, streamed: the answers come in time, if more slowly.
    #[cfg(not(any(unix, windows)))]
    false
}

/// The most bytes written under the output's lock at a time: about a pipe's
/// buffer, so that on a signal the watcher waits for one piece of whole
/// lines, not a whole chunk (megabytes, which a slow reader on a loaded
/// machine took longer than the watcher's grace to drain).
const PIECE: usize = 64 * 1024;

/// Writes `bytes`, whole lines, in pieces of about [`PIECE`] bytes that
/// each end at a line end, taking the lock for each; once a signal has
/// arrived ([`interrupt::stopping`]) it writes no more and waits for the
/// watcher to end the process.
fn write_lines(out: &Mutex<impl Write>, mut bytes: &[u8]) -> io::Result<()> {
    while !bytes.is_empty() {
        if super::interrupt::stopping() {
            loop {
                std::thread::park();
            }
        }
        let cut = match bytes.len() <= PIECE {
            true => bytes.len(),
            false => match bytes[PIECE..].iter().position(|&b| b == b'\n') {
                Some(k) => PIECE + k + 1,
                None => bytes.len(),
            },
        };
        lock(out).write_all(&bytes[..cut])?;
        bytes = &bytes[cut..];
    }
    Ok(())
}

/// The output, written a chunk of whole lines at a time under its lock
/// (see `interrupt`).
fn lock<W>(out: &Mutex<W>) -> MutexGuard<'_, W> {
    out.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A byte-count bar on a terminal stderr (a spinner when the size is
/// unknown), hidden otherwise.
fn progress_bar(total: Option<u64>) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let (bar, template) = match total {
        Some(len) => (
            ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr()),
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({eta}) {msg}",
        ),
        None => (
            ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
            "{spinner} [{elapsed_precise}] {bytes} ({bytes_per_sec}) {msg}",
        ),
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}

/// How much input a chunk waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fill {
    /// Until it is full or the input ends.
    Full,
    /// One line, then only the whole lines already read into the buffer:
    /// it never waits for input with a line in hand.
    Arrived,
}

/// Reads up to [`CHUNK_LINES`] lines or about [`CHUNK_BYTES`] bytes, as far
/// as `fill` lets it; an empty chunk means the input is over.
fn read_chunk<R: Read>(reader: &mut BufReader<R>, first: u64, fill: Fill) -> io::Result<Chunk> {
    let mut chunk = Chunk {
        first,
        ..Chunk::default()
    };
    while chunk.lines.len() < CHUNK_LINES && chunk.data.len() < CHUNK_BYTES {
        if fill == Fill::Arrived && !chunk.lines.is_empty() && !reader.buffer().contains(&b'\n') {
            break;
        }
        let start = chunk.data.len();
        let at_start = first == 1 && chunk.lines.is_empty();
        let Some(line) = lines::next_line(reader, &mut chunk.data, at_start)? else {
            break;
        };
        chunk.consumed += line.consumed;
        chunk.lines.push((start..chunk.data.len(), line.len));
    }
    Ok(chunk)
}

/// Renders every line of `chunk` (in parallel, order kept) as JSON lines.
fn render_chunk(job: &Job, chunk: &Chunk) -> (Vec<u8>, Tally) {
    let parts: Vec<(Vec<u8>, Tally)> = chunk
        .lines
        .par_chunks(TASK_LINES)
        .enumerate()
        .map(|(task, lines)| {
            let mut buf = Vec::with_capacity(lines.len() * 2048);
            let mut tally = Tally::default();
            for (i, (range, len)) in lines.iter().enumerate() {
                let number = chunk.first + (task * TASK_LINES + i) as u64;
                let status = render_line(job, number, &chunk.data[range.clone()], *len, &mut buf);
                buf.push(b'\n');
                tally = tally.add(status);
            }
            (buf, tally)
        })
        .collect();
    let mut out = Vec::with_capacity(parts.iter().map(|p| p.0.len()).sum());
    let mut tally = Tally::default();
    for (bytes, t) in parts {
        out.extend_from_slice(&bytes);
        tally = tally.merge(t);
    }
    (out, tally)
}

/// Writes one line's JSON object (no newline) to `buf`.
fn render_line(job: &Job, line: u64, bytes: &[u8], len: usize, buf: &mut Vec<u8>) -> Status {
    let fail = |buf: &mut Vec<u8>, id: Option<&RawValue>, error: String| {
        // A struct of a number, a JSON value and a string always serialises.
        let _ = serde_json::to_writer(
            &mut *buf,
            &Failure {
                schema_version: report::SCHEMA_VERSION,
                line,
                id,
                error,
            },
        );
        Status::Error
    };
    let text = match lines::text(bytes, len) {
        Ok(t) => t,
        Err(BadLine::TooLong { len }) if job.jsonl => {
            let (id, error) = lines::too_long(bytes, len);
            return fail(buf, id, error);
        }
        Err(BadLine::TooLong { len }) => {
            let e = yongquan::InputError::TooLarge {
                len,
                max: MAX_INPUT_BYTES,
            };
            return fail(buf, None, e.to_string());
        }
        Err(e) => return fail(buf, None, e.to_string()),
    };
    let owned: String;
    let (id, text) = if job.jsonl {
        const SHAPE: &str = "with --jsonl each line is {\"id\": …, \"text\": \"…\"}";
        let (fields, read) = match serde_json::from_str::<&RawValue>(text) {
            Err(e) if text.trim().is_empty() => {
                return fail(buf, None, format!("the line is empty ({e}); {SHAPE}"));
            }
            Err(e) => {
                return fail(
                    buf,
                    None,
                    format!("the line is not valid JSON ({e}); {SHAPE}"),
                );
            }
            Ok(raw) if !raw.get().starts_with('{') => {
                return fail(buf, None, format!("the line is not a JSON object; {SHAPE}"));
            }
            Ok(raw) => lines::read_fields(raw.get()),
        };
        // The id as written, digit for digit (`null` when absent).
        let id = Some(fields.id.unwrap_or_else(|| null_id()));
        if let Err(e) = read {
            let error = format!("the object cannot be read ({e}); {SHAPE}");
            return fail(buf, id, error);
        }
        if let Some(key) = fields.twice {
            let error = format!("the object has \"{key}\" twice; {SHAPE}");
            return fail(buf, id, error);
        }
        match fields
            .text
            .map(|t| (t, serde_json::from_str::<String>(t.get())))
        {
            Some((_, Ok(t))) => {
                owned = t;
                (id, owned.as_str())
            }
            Some((raw, Err(e))) if raw.get().starts_with('"') => {
                // serde's position is in the value, not in the line.
                let at = format!(" at line {} column {}", e.line(), e.column());
                let why = e.to_string();
                let error = format!(
                    "the \"text\" string has an invalid escape ({}): a \\uD800–\\uDFFF \
                     surrogate must come in a pair; write the character itself or its full escape",
                    why.strip_suffix(&at).unwrap_or(&why)
                );
                return fail(buf, id, error);
            }
            _ => {
                let error = format!("the object has no \"text\" string; {SHAPE}");
                return fail(buf, id, error);
            }
        }
    } else {
        (None, text)
    };
    match job.matcher.analyze(text) {
        Ok(analysis) => {
            let matched = analysis.matched();
            let top = analysis.ranked().take(job.view.top).next();
            let who = analysis.care_for(job.matcher.rules());
            let care = &job.care[top.map_or(job.care.len() - 1, |m| {
                m.rule.0 as usize * CareFor::ALL.len() + who.index()
            })];
            // The report with the line's number and id, and its care list
            // as rendered once for every line this rule tops (JSON escaping
            // of the care texts was a fifth of a batch).
            let report = JsonReport {
                line: Some(line),
                id,
                care: JsonCareList::Rendered(care),
                ..report::json(job.matcher, &analysis, job.view)
            };
            let at = buf.len();
            match serde_json::to_writer(&mut *buf, &report) {
                Ok(()) if matched => Status::Matched,
                Ok(()) => Status::NotMatched,
                Err(e) => {
                    buf.truncate(at);
                    fail(buf, id, format!("cannot render the result: {e}"))
                }
            }
        }
        Err(e) => fail(buf, id, e.to_string()),
    }
}
