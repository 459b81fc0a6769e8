//! `yongquan._yongquan`: the Python surface of the yongquan library, a thin
//! shell over it exactly as the CLI is — no matching logic lives here.
//!
//! Each method does what one CLI command does with the same settings:
//!
//! | Python | CLI |
//! |---|---|
//! | `Matcher(rules_dirs, region, min_score)` | `--rules DIR …`, `--region`, `--min-score` |
//! | `.match(text, top, care, detail)` | `match --format json` (the JSON contract) |
//! | `.match_many(texts, top, care, threads, detail)` | `match --batch`, one dict per line, without `"line"` |
//! | `.explain(text, rule, format, lang)` | `explain` (`--format json` for a dict) |
//! | `.human(text, top, lang)` | `match`, without colours |
//! | `.rules()` | `rules list` |
//!
//! Documents are [`yongquan::report::json`]'s `JsonReport`, turned into
//! Python objects by pythonize (serde straight to dicts and lists): 3–11 %
//! faster over a whole `match_many` than serialising with serde_json (in
//! parallel) and reading the text back with Python's `json.loads`
//! (`python/README.md` has the figures). Analysis runs with the GIL
//! released; `match_many` spreads it over a rayon pool, then builds the
//! dicts, which needs the GIL, in order.
//!
//! Unlike the CLI, the binding reads no environment variable
//! (`YONGQUAN_RULES`, `YONGQUAN_REGION`): those are the command line's
//! configuration, and a Python caller passes its settings explicitly.

use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyUserWarning, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::ffi::CString;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use yongquan::region::Region;
use yongquan::report::{self, CareDetail, Detail, Lang, OptionNames, View};
use yongquan::rules::{Code, Diagnostic, Severity};
use yongquan::{LoadOptions, RuleSource};

create_exception!(
    _yongquan,
    YongquanError,
    PyValueError,
    "Base of the errors yongquan raises (a ValueError)."
);
create_exception!(
    _yongquan,
    RuleError,
    YongquanError,
    "Rule files cannot be read or are invalid; `diagnostics` lists every problem (file, line, column)."
);
create_exception!(
    _yongquan,
    InputError,
    YongquanError,
    "A description the library refuses: empty or blank, over MAX_INPUT_BYTES, or holding a lone surrogate."
);

/// How the human reports name this binding's options when they suggest
/// one ("lower min_score to see them").
const NAMES: OptionNames = OptionNames {
    region: "the `region` argument",
    min_score: "`min_score`",
};

/// `match_many` analyses this many texts at a time (as the CLI's batch
/// chunks): the analyses waiting for their dicts stay few, whatever the
/// input's size, and Ctrl-C is noticed between chunks.
const CHUNK: usize = 1024;

/// While building dicts (which needs the GIL), `match_many` lets other
/// Python threads run after this many.
const YIELD_EVERY: usize = 64;

/// What `Matcher.rules()` calls a rule from a built-in rule file, as
/// `yongquan rules list` does.
const BUILTIN: &str = "built-in";

/// The advice the CLI gives for a clash, with this binding's argument.
const CLASH_HELP: &str = "rename one of them, or pass allow_override=True to let the later file \
                          replace the earlier definition";

/// The rule engine: the built-in rules plus any rule directories, a region
/// for emergency numbers and a minimum score, fixed at construction.
/// Immutable (`frozen`) and `Send + Sync`, so one matcher serves any number
/// of Python threads; not picklable (build one per process).
#[pyclass(frozen, module = "yongquan._yongquan")]
struct Matcher {
    inner: yongquan::Matcher,
    region: Option<Region>,
    /// What the matcher holds matches to (the library keeps no getter).
    min_score: f64,
}

/// `care=` as the CLI's `--care`.
fn care_detail(care: &str) -> PyResult<CareDetail> {
    match care {
        "full" => Ok(CareDetail::Full),
        "ids" => Ok(CareDetail::Ids),
        "none" => Ok(CareDetail::None),
        other => Err(PyValueError::new_err(format!(
            "care must be \"full\", \"ids\" or \"none\", not {other:?}"
        ))),
    }
}

/// `detail=` as the CLI's `--detail`.
fn detail_of(detail: &str) -> PyResult<Detail> {
    match detail {
        "full" => Ok(Detail::Full),
        "compact" => Ok(Detail::Compact),
        other => Err(PyValueError::new_err(format!(
            "detail must be \"full\" or \"compact\", not {other:?}"
        ))),
    }
}

/// `top=` as the CLI's `--top`: 1 or more.
fn check_top(top: i64) -> PyResult<usize> {
    usize::try_from(top)
        .ok()
        .filter(|&n| n >= 1)
        .ok_or_else(|| PyValueError::new_err(format!("top must be 1 or more, not {top}")))
}

/// `lang=` as the CLI's `--lang`: `auto` reads the description's language.
fn lang_of(lang: &str, text: &str) -> PyResult<Lang> {
    match lang {
        "auto" => Ok(Lang::of(text)),
        "en" => Ok(Lang::English),
        "zh" => Ok(Lang::Chinese),
        other => Err(PyValueError::new_err(format!(
            "lang must be \"auto\", \"en\" or \"zh\", not {other:?}"
        ))),
    }
}

/// A description from Python: `Err` (a `TypeError`) for anything but a
/// `str`; `Ok(Err(message))` for a `str` that is not valid Unicode (a lone
/// surrogate), which the library cannot take.
fn text_of(obj: &Bound<'_, PyAny>) -> PyResult<Result<String, String>> {
    let s = obj.cast::<PyString>().map_err(|_| {
        let kind = obj
            .get_type()
            .name()
            .map_or_else(|_| "?".to_string(), |n| n.to_string());
        PyTypeError::new_err(format!("a description must be a str, not {kind}"))
    })?;
    Ok(s.to_cow().map(|c| c.into_owned()).map_err(|_| {
        "the description holds a lone surrogate (\\ud800–\\udfff), which is not valid \
         Unicode; fix the text or decode it with errors=\"replace\""
            .to_string()
    }))
}

/// A JSON contract document (or any part of it) as Python objects: what
/// `json.loads` makes of its serde_json text.
fn to_py<'py, T: serde::Serialize>(py: Python<'py>, doc: &T) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, doc)
        .map_err(|e| PyValueError::new_err(format!("cannot render the result: {e}")))
}

/// A batch error line without its `"line"`: `{"schema_version", "error"}`.
fn error_dict<'py>(py: Python<'py>, error: &str) -> PyResult<Bound<'py, PyAny>> {
    let d = PyDict::new(py);
    d.set_item("schema_version", report::SCHEMA_VERSION)?;
    d.set_item("error", error)?;
    Ok(d.into_any())
}

/// "error" or "warning", as the CLI labels a diagnostic.
fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// `e` as a Python `RuleError` whose message lists every diagnostic as
/// `severity: file:line:column: message` (with its help), and whose
/// `diagnostics` attribute holds them as dicts.
fn rule_error(py: Python<'_>, e: yongquan::RuleError) -> PyErr {
    let yongquan::RuleError::Invalid(diags) = &e else {
        return RuleError::new_err(e.to_string());
    };
    let help = |d: &Diagnostic| match d.code {
        Some(Code::Clash) => Some(CLASH_HELP.to_string()),
        _ => d.help.clone(),
    };
    let mut message = e.to_string();
    for d in diags {
        message.push_str(&format!("\n{}: {d}", severity_name(d.severity)));
        if let Some(h) = help(d) {
            message.push_str(&format!("\n  help: {h}"));
        }
    }
    let err = RuleError::new_err(message);
    let list = diags.iter().map(|d| -> PyResult<Bound<'_, PyDict>> {
        let item = PyDict::new(py);
        item.set_item("severity", severity_name(d.severity))?;
        item.set_item("file", &d.file)?;
        item.set_item("line", d.line)?;
        item.set_item("column", d.column)?;
        item.set_item("message", &d.message)?;
        item.set_item("help", help(d))?;
        Ok(item)
    });
    // The message already says everything; the attribute is a convenience.
    if let Ok(items) = list.collect::<PyResult<Vec<_>>>() {
        let _ = err.value(py).setattr("diagnostics", items);
    }
    err
}

/// The rule directories in order, each loaded once where it first appears
/// (as the CLI's repeated `--rules DIR`).
fn distinct(dirs: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut seen = HashSet::new();
    dirs.into_iter()
        .filter(|d| seen.insert(std::fs::canonicalize(d).unwrap_or_else(|_| d.clone())))
        .collect()
}

/// The thread pools `match_many` has built in this process, by size.
struct Pools {
    /// The process they were built in.
    pid: u32,
    by_size: HashMap<usize, Arc<rayon::ThreadPool>>,
}

/// The texts of a `match_many` call: each a `str`, or the library's
/// message for one it cannot take.
type Texts = Vec<Result<String, String>>;

/// A batch's error line without its `"line"`, in the batch's field order.
#[derive(serde::Serialize)]
struct Failure {
    schema_version: &'static str,
    error: String,
}

/// The texts of `match_many` and the pool for `threads` (`None`: rayon's
/// default size).
fn texts_and_pool(
    texts: &Bound<'_, PyAny>,
    threads: Option<i64>,
) -> PyResult<(Texts, Arc<rayon::ThreadPool>)> {
    if texts.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "texts must be an iterable of str, not a str; use match() for one description",
        ));
    }
    let texts = texts
        .try_iter()?
        .map(|t| text_of(&t?))
        .collect::<PyResult<Texts>>()?;
    let threads = match threads {
        None => 0,
        Some(n) => usize::try_from(n)
            .ok()
            .filter(|&n| n >= 1)
            .ok_or_else(|| PyValueError::new_err(format!("threads must be 1 or more, not {n}")))?,
    };
    Ok((texts, pool(threads)?))
}

/// The thread pool of `threads` threads (`0`: rayon's default size,
/// `RAYON_NUM_THREADS` or one per core), built on first use and kept for
/// every later call (and every matcher) that asks for as many.
///
/// Not rayon's global pool: a pool's threads stay in the parent on
/// `fork()`, and work sent to them from the child never runs (a child of
/// a process that had run `match_many` hung). A forked child builds
/// pools of its own.
fn pool(threads: usize) -> PyResult<Arc<rayon::ThreadPool>> {
    static POOLS: Mutex<Option<Pools>> = Mutex::new(None);
    let mut pools = POOLS.lock().unwrap_or_else(PoisonError::into_inner);
    let pid = std::process::id();
    let pools = pools.get_or_insert_with(|| Pools {
        pid,
        by_size: HashMap::new(),
    });
    if pools.pid != pid {
        // Forked: dropping the parent's pools would signal threads that
        // do not exist here; they are left as they are.
        std::mem::forget(std::mem::take(&mut pools.by_size));
        pools.pid = pid;
    }
    if let Some(p) = pools.by_size.get(&threads) {
        return Ok(Arc::clone(p));
    }
    // One size kept at a time: a call with another size replaces the pool
    // (calls still running keep theirs until they end), so calls with ever
    // new sizes do not pile up threads.
    pools.by_size.clear();
    let p = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("yongquan-{i}"))
        .build()
        .map_err(|e| PyValueError::new_err(format!("cannot start {threads} threads: {e}")))?;
    let p = Arc::new(p);
    pools.by_size.insert(threads, Arc::clone(&p));
    Ok(p)
}

impl Matcher {
    /// The view of a JSON document or report with these settings.
    fn view(&self, top: usize, care: CareDetail, detail: Detail) -> View {
        View {
            top,
            region: self.region,
            names: NAMES,
            care,
            detail,
        }
    }

    /// The view, texts and pool of a `match_many*` call, its arguments
    /// checked.
    fn many(
        &self,
        texts: &Bound<'_, PyAny>,
        top: i64,
        care: &str,
        detail: &str,
        threads: Option<i64>,
    ) -> PyResult<(View, Texts, Arc<rayon::ThreadPool>)> {
        let view = self.view(check_top(top)?, care_detail(care)?, detail_of(detail)?);
        let (texts, pool) = texts_and_pool(texts, threads)?;
        Ok((view, texts, pool))
    }

    /// Analyses `text` with the GIL released; the library's message when
    /// it refuses the text.
    fn analyze(&self, py: Python<'_>, text: &str) -> Result<yongquan::Analysis, String> {
        py.detach(|| self.inner.analyze(text).map_err(|e| e.to_string()))
    }

    /// The dict of `match --format json` for an analysis.
    fn document<'py>(
        &self,
        py: Python<'py>,
        analysis: &yongquan::Analysis,
        view: View,
    ) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &report::json(&self.inner, analysis, view))
    }

    /// `each` of every text's JSON document (or of the library's message
    /// for a text it refuses), in order, on the current rayon pool (call
    /// it without the GIL).
    fn each_document<T: Send>(
        &self,
        texts: &[Result<String, String>],
        view: View,
        each: impl Fn(Result<&report::JsonReport<'_>, &str>) -> PyResult<T> + Sync,
    ) -> PyResult<Vec<T>> {
        texts
            .par_iter()
            .with_min_len(8)
            .map(|t| {
                let analysis = t
                    .as_deref()
                    .map_err(Clone::clone)
                    .and_then(|t| self.inner.analyze(t).map_err(|e| e.to_string()));
                match &analysis {
                    Ok(a) => each(Ok(&report::json(&self.inner, a, view))),
                    Err(error) => each(Err(error)),
                }
            })
            .collect()
    }
}

/// The JSON text of a document, or of the batch's error line without
/// `"line"` for a text the library refuses.
fn json_text(doc: Result<&report::JsonReport<'_>, &str>) -> PyResult<String> {
    let text = match doc {
        Ok(doc) => serde_json::to_string(doc),
        Err(error) => serde_json::to_string(&Failure {
            schema_version: report::SCHEMA_VERSION,
            error: error.to_string(),
        }),
    };
    text.map_err(|e| PyValueError::new_err(format!("cannot render the result: {e}")))
}

impl Row {
    /// The row of a document (or of a refused text): its JSON text and the
    /// columns read from the same document.
    fn of(doc: Result<&report::JsonReport<'_>, &str>) -> PyResult<Row> {
        let result = json_text(doc)?;
        Ok(match doc {
            Ok(doc) => {
                let best = doc.matches.first();
                Row {
                    result,
                    best_rule: best.map(|m| m.rule.to_string()),
                    best_ki1: doc.best_ki1.map(str::to_string),
                    score: best.map(|m| m.score),
                    triage_level: Some(doc.triage.level),
                    red_flags: doc
                        .red_flags
                        .iter()
                        .map(|f| f.presentation.to_string())
                        .collect(),
                    red_flag_symptoms: doc
                        .red_flags
                        .iter()
                        .filter_map(|f| f.symptom.map(str::to_string))
                        .collect(),
                    error: None,
                }
            }
            Err(error) => Row {
                result,
                best_rule: None,
                best_ki1: None,
                score: None,
                triage_level: None,
                red_flags: Vec::new(),
                red_flag_symptoms: Vec::new(),
                error: Some(error.to_string()),
            },
        })
    }
}

/// One text's result as `match_many_json` and `match_many_columns` give
/// it: the JSON text and the columns derived from the same document.
struct Row {
    result: String,
    best_rule: Option<String>,
    best_ki1: Option<String>,
    score: Option<f64>,
    triage_level: Option<&'static str>,
    red_flags: Vec<String>,
    red_flag_symptoms: Vec<String>,
    error: Option<String>,
}

#[pymethods]
impl Matcher {
    /// Builds a matcher: the built-in rules, then the `.ron` files of each
    /// directory of `rules_dirs` in order (a directory named twice is read
    /// once); `region` picks the emergency number ("uk", "hk" …);
    /// `min_score` in [0, 1] (default the library's); `allow_override` lets
    /// a later file redefine an id (the CLI's `--override`).
    #[new]
    #[pyo3(signature = (rules_dirs=None, region=None, min_score=None, allow_override=false))]
    fn new(
        py: Python<'_>,
        rules_dirs: Option<&Bound<'_, PyAny>>,
        region: Option<&str>,
        min_score: Option<f64>,
        allow_override: bool,
    ) -> PyResult<Self> {
        let region = region
            .map(|r| r.parse::<Region>())
            .transpose()
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        if let Some(s) = min_score {
            // As the CLI's `--min-score` (the library would clamp).
            if !(0.0..=1.0).contains(&s) {
                return Err(PyValueError::new_err(format!(
                    "min_score must be in 0..=1, not {s}"
                )));
            }
        }
        // One path (a str or os.PathLike) or an iterable of them.
        let dirs = match rules_dirs {
            None => Vec::new(),
            Some(one) if one.extract::<PathBuf>().is_ok() => vec![one.extract::<PathBuf>()?],
            Some(many) => many
                .try_iter()
                .map_err(|_| PyTypeError::new_err("rules_dirs must be a path or a list of paths"))?
                .map(|d| {
                    d?.extract::<PathBuf>().map_err(|_| {
                        PyTypeError::new_err("rules_dirs must be a path or a list of paths")
                    })
                })
                .collect::<PyResult<Vec<_>>>()?,
        };
        let dirs = distinct(dirs);
        let inner = if dirs.is_empty() {
            // The compiled snapshot: no RON to parse.
            yongquan::Matcher::builtin().map_err(|e| rule_error(py, e))?
        } else {
            let mut sources = RuleSource::builtin();
            for dir in &dirs {
                let scan = RuleSource::scan_dir(dir).map_err(|e| rule_error(py, e))?;
                for skipped in &scan.skipped {
                    let message =
                        CString::new(skipped.to_string().replace('\0', "\\0")).unwrap_or_default();
                    PyErr::warn(py, &py.get_type::<PyUserWarning>(), &message, 1)?;
                }
                sources.extend(scan.sources);
            }
            let options = LoadOptions { allow_override };
            py.detach(|| yongquan::Matcher::load(&sources, options))
                .map_err(|e| rule_error(py, e))?
        };
        let min_score = min_score.unwrap_or(yongquan::score::DEFAULT_MIN_SCORE);
        Ok(Matcher {
            inner: inner.with_min_score(min_score),
            region,
            min_score,
        })
    }

    /// The JSON contract document of `yongquan match --format json` for
    /// `text`, as a dict (`care` and `detail` as `--care` and `--detail`).
    /// Raises `InputError` for a text the library refuses.
    #[pyo3(signature = (text, top=3, care="full", detail="full"))]
    fn r#match<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        top: i64,
        care: &str,
        detail: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let view = self.view(check_top(top)?, care_detail(care)?, detail_of(detail)?);
        let text = text_of(text)?.map_err(InputError::new_err)?;
        let analysis = self.analyze(py, &text).map_err(InputError::new_err)?;
        self.document(py, &analysis, view)
    }

    /// One dict per text, in order, each what `yongquan match --batch`
    /// prints for the same line (same `top`, `care` and `detail`, whose
    /// defaults are the batch's) without `"line"`;
    /// a text that cannot be analysed gives `{"schema_version", "error"}`.
    /// Runs with the GIL released on a pool of `threads` threads (`None`:
    /// rayon's default size), kept for later calls.
    #[pyo3(signature = (texts, top=3, care="ids", threads=None, detail="compact"))]
    fn match_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        top: i64,
        care: &str,
        threads: Option<i64>,
        detail: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let (view, texts, pool) = self.many(texts, top, care, detail, threads)?;
        let out = PyList::empty(py);
        for chunk in texts.chunks(CHUNK) {
            let run = || -> Vec<Result<yongquan::Analysis, String>> {
                chunk
                    .par_iter()
                    .with_min_len(8)
                    .map(|t| {
                        let t = t.as_deref().map_err(Clone::clone)?;
                        self.inner.analyze(t).map_err(|e| e.to_string())
                    })
                    .collect()
            };
            let analysed = py.detach(|| pool.install(run));
            for (i, r) in analysed.into_iter().enumerate() {
                if i % YIELD_EVERY == YIELD_EVERY - 1 {
                    // Ctrl-C ends the call here; a thread waiting for the
                    // GIL gets its turn.
                    py.check_signals()?;
                    py.detach(|| ());
                }
                match r {
                    Ok(analysis) => out.append(self.document(py, &analysis, view)?)?,
                    Err(e) => out.append(error_dict(py, &e)?)?,
                }
            }
            py.check_signals()?;
        }
        Ok(out)
    }

    /// As `match_many`, but each result is its JSON text: exactly the line
    /// `yongquan match --batch` prints for the same text without its
    /// `"line":N,`. For results that are stored rather than read in Python
    /// (a Spark column, a file): both the analysis and the JSON rendering
    /// run with the GIL released, in parallel, and no dict is built.
    #[pyo3(signature = (texts, top=3, care="ids", threads=None, detail="compact"))]
    fn match_many_json<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        top: i64,
        care: &str,
        threads: Option<i64>,
        detail: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let (view, texts, pool) = self.many(texts, top, care, detail, threads)?;
        let out = PyList::empty(py);
        for chunk in texts.chunks(CHUNK) {
            for json in py.detach(|| pool.install(|| self.each_document(chunk, view, json_text)))? {
                out.append(json)?;
            }
            py.check_signals()?;
        }
        Ok(out)
    }

    /// As `match_many_json`, as columns for a data frame (pandas, Spark):
    /// a dict of equally long lists, `result` (the JSON text) and what a
    /// table most often wants of it: `best_rule` and `score` (the first
    /// match's, or None), `best_ki1`, `triage_level`, `red_flags` (each
    /// red flag's presentation), `red_flag_symptoms` (the symptoms that
    /// raised them) and `error` (None, or why the text was refused; the
    /// other columns are then None or empty). All of it is computed
    /// without the GIL.
    #[pyo3(signature = (texts, top=3, care="ids", threads=None, detail="compact"))]
    fn match_many_columns<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        top: i64,
        care: &str,
        threads: Option<i64>,
        detail: &str,
    ) -> PyResult<Bound<'py, PyDict>> {
        let (view, texts, pool) = self.many(texts, top, care, detail, threads)?;
        let names = [
            "result",
            "best_rule",
            "best_ki1",
            "score",
            "triage_level",
            "red_flags",
            "red_flag_symptoms",
            "error",
        ];
        let columns: Vec<Bound<'py, PyList>> = names.iter().map(|_| PyList::empty(py)).collect();
        for chunk in texts.chunks(CHUNK) {
            for row in py.detach(|| pool.install(|| self.each_document(chunk, view, Row::of)))? {
                columns[0].append(row.result)?;
                columns[1].append(row.best_rule)?;
                columns[2].append(row.best_ki1)?;
                columns[3].append(row.score)?;
                columns[4].append(row.triage_level)?;
                columns[5].append(row.red_flags)?;
                columns[6].append(row.red_flag_symptoms)?;
                columns[7].append(row.error)?;
            }
            py.check_signals()?;
        }
        let out = PyDict::new(py);
        for (name, column) in names.iter().zip(columns) {
            out.set_item(name, column)?;
        }
        Ok(out)
    }

    /// The `explain` trace of `text`: plain text (`format="text"`, no ANSI
    /// styles) or the dict of `yongquan explain --format json`. With `rule`,
    /// the trace is about that rule and the dict's `matches` is its result
    /// alone, whatever its score. `lang` as the CLI's `--lang`.
    #[pyo3(signature = (text, rule=None, format="text", lang="auto"))]
    fn explain<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        rule: Option<&str>,
        format: &str,
        lang: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let text = text_of(text)?.map_err(InputError::new_err)?;
        let lang = lang_of(lang, &text)?;
        let as_json = match format {
            "text" => false,
            "json" => true,
            other => {
                return Err(PyValueError::new_err(format!(
                    "format must be \"text\" or \"json\", not {other:?}"
                )))
            }
        };
        let rules = self.inner.rules();
        let only = match rule {
            None => None,
            Some(id) => Some(rules.rule_id(id).ok_or_else(|| {
                let ids = rules.rules().iter().map(|r| r.id.as_str());
                let hint = yongquan::rules::did_you_mean(id, ids)
                    .unwrap_or_else(|| "Matcher.rules() lists them".into());
                PyValueError::new_err(format!("no rule `{id}`; {hint}"))
            })?),
        };
        let view = self.view(usize::MAX, CareDetail::Full, Detail::Full);
        let analysis = self.analyze(py, &text).map_err(InputError::new_err)?;
        if !as_json {
            let trace = py.detach(|| {
                let styled = report::explain_in(&self.inner, &analysis, view, rule, lang);
                report::plain(&styled)
            });
            return Ok(PyString::new(py, &trace).into_any());
        }
        let mut doc = report::json(&self.inner, &analysis, view);
        // As `explain --rule`: `matches` is that rule's result alone,
        // whatever its score.
        let own = only.map(|r| analysis.match_of(rules, r));
        if let Some(own) = &own {
            doc.matches = vec![report::json_match(rules, own)];
        }
        to_py(py, &doc)
    }

    /// The human report of `yongquan match` for `text`, without colours.
    #[pyo3(signature = (text, top=3, lang="auto"))]
    fn human(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        top: i64,
        lang: &str,
    ) -> PyResult<String> {
        let view = self.view(check_top(top)?, CareDetail::Full, Detail::Full);
        let text = text_of(text)?.map_err(InputError::new_err)?;
        let lang = lang_of(lang, &text)?;
        py.detach(|| -> Result<String, String> {
            let analysis = self.inner.analyze(&text).map_err(|e| e.to_string())?;
            Ok(report::plain(&report::human_in(
                &self.inner,
                &analysis,
                view,
                lang,
            )))
        })
        .map_err(InputError::new_err)
    }

    /// One dict per loaded rule, in load order, as `yongquan rules list`
    /// shows them: id, ki1, pattern, pattern_zh, icd11, symptoms and
    /// examples (counts), source (`"built-in"` or the file's path).
    fn rules<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let builtin: HashSet<&str> = yongquan::rules::BUILTIN.iter().map(|(n, _)| *n).collect();
        let out = PyList::empty(py);
        for r in self.inner.rules().rules() {
            let d = PyDict::new(py);
            d.set_item("id", &r.id)?;
            d.set_item("ki1", r.ki1)?;
            d.set_item("pattern", &r.pattern.en)?;
            d.set_item("pattern_zh", &r.pattern.zh)?;
            d.set_item("icd11", r.pattern.icd11.as_deref())?;
            d.set_item("symptoms", r.symptoms.len())?;
            d.set_item("examples", r.examples.len())?;
            let source = if builtin.contains(r.origin.as_str()) {
                BUILTIN
            } else {
                r.origin.as_str()
            };
            d.set_item("source", source)?;
            out.append(d)?;
        }
        Ok(out)
    }

    /// The region given at construction, as its code, or None.
    #[getter]
    fn region(&self) -> Option<String> {
        let region = self.region?;
        yongquan::region::REGIONS
            .iter()
            .find(|(_, r)| *r == region)
            .map(|(code, _)| (*code).to_string())
    }

    /// The minimum score a match needs to rank.
    #[getter]
    fn min_score(&self) -> f64 {
        self.min_score
    }
}

/// The native module: `Matcher`, the exceptions and the constants.
#[pymodule]
fn _yongquan(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<Matcher>()?;
    m.add("YongquanError", py.get_type::<YongquanError>())?;
    m.add("RuleError", py.get_type::<RuleError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("SCHEMA_VERSION", report::SCHEMA_VERSION)?;
    m.add("NOTICE", report::NOTICE)?;
    m.add("MAX_INPUT_BYTES", yongquan::MAX_INPUT_BYTES)?;
    Ok(())
}
