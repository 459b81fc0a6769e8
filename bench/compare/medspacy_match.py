"""The medspaCy peer of bench/compare/medspacy.sh.

    python medspacy_match.py LEXICON LINES [--processes N | --workers N] [--batch-size B]

LEXICON: the output of `yongquan lexicon` (`term<TAB>symptom-id` a line).
Only terms written in Latin script are loaded (a term holding any Han
character is left out; medspaCy has no Chinese tokenizer in a blank English
pipeline). Each becomes a medspaCy TargetRule whose category is the symptom
id: a plain term is a phrase rule (matched on the lower-cased tokens, the
TargetMatcher's default); a term with `…` (yongquan's gap of up to three
words) becomes a token pattern with `{"OP": "{0,3}"}` wildcards in the gap.
Readings (`blood pressure ≥ 140/90 mmHg`) are loaded as literal phrases
too, so they rarely match: medspaCy has no readings.

The pipeline is what a Python user would build: `spacy.blank("en")`,
spaCy's rule-based `sentencizer`, `medspacy_target_matcher` with those
rules, `medspacy_context` with its default rules (negation, history,
hypothetical, family, ...). Logging and warnings are off.

LINES: one description per line; each line is one Doc (`nlp.pipe`, with
n_process = --processes, default 1, and batch_size = --batch-size, default
64). For every line one JSON object is written to standard output:

    {"line": N, "entities": [{"text", "start", "end", "label",
      "is_negated", "is_historical", "is_hypothetical", "is_family"}, ...]}

(start/end are character offsets). The JSON is built by the last pipeline
component, inside the worker process when n_process > 1, and the Doc's
ConText objects (which cannot cross processes) are dropped there.

--processes N is spaCy's own `nlp.pipe(n_process=N)`. With spaCy 3.7 it is
slower on two processes than on one: every Doc goes back to the parent as
`Doc.to_bytes()`, and each srsly msgpack call looks up the msgpack encoders
in the installed packages' entry points (catalogue.get_all), which costs
more than the matching (cProfile of a worker: about half of its time).
--workers N is what a user would write instead: a fork-based
multiprocessing.Pool of N workers, each running `nlp.pipe` (n_process=1) on
chunks of 256 lines and sending back only the JSON strings, in input order.

On standard error: the load time (imports and pipeline with its rules) and
the processing time and rate after loading ("in-process"), like yongquan's
summary line.
"""

import argparse
import json
import logging
import multiprocessing
import os
import re
import sys
import time
import warnings

T_START = time.perf_counter()
logging.disable(logging.CRITICAL)
warnings.filterwarnings("ignore")

import spacy  # noqa: E402
from spacy.language import Language  # noqa: E402

import medspacy  # noqa: E402, F401  (registers the medspacy_* factories)
from medspacy.target_matcher import TargetRule  # noqa: E402

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
GAP = "…"
ATTRS = ("is_negated", "is_historical", "is_hypothetical", "is_family")


def load_rules(nlp, path):
    rules, skipped = [], 0
    with open(path, encoding="utf-8") as f:
        for row in f:
            row = row.rstrip("\n")
            if not row:
                continue
            term, symptom = row.split("\t", 1)
            if HAN.search(term) or not LATIN.search(term):
                skipped += 1
                continue
            if GAP in term:
                pattern = []
                for i, part in enumerate(term.split(GAP)):
                    if i:
                        pattern.append({"IS_SPACE": False, "OP": "{0,3}"})
                    pattern.extend({"LOWER": t.lower_} for t in nlp.make_doc(part.strip()))
                rules.append(TargetRule(term, symptom, pattern=pattern))
            else:
                rules.append(TargetRule(term, symptom))
    return rules, skipped


CHUNK = 256
NLP = None
BATCH = 64


def run_chunk(texts):
    return [doc.user_data["yq_json"] for doc in NLP.pipe(texts, batch_size=BATCH)]


@Language.component("yq_emit_json")
def emit_json(doc):
    ents = []
    for e in doc.ents:
        d = {"text": e.text, "start": e.start_char, "end": e.end_char, "label": e.label_}
        for a in ATTRS:
            d[a] = bool(getattr(e._, a))
        ents.append(d)
    # The ConText graph and modifiers are plain Python objects that
    # Doc.to_bytes cannot serialise (n_process > 1); the JSON is all we keep.
    doc.user_data.clear()
    doc.user_data["yq_json"] = json.dumps({"entities": ents}, ensure_ascii=False)
    return doc


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("lexicon")
    ap.add_argument("lines")
    ap.add_argument("--processes", type=int, default=1)
    ap.add_argument("--workers", type=int, default=0)
    ap.add_argument("--batch-size", type=int, default=64)
    args = ap.parse_args()

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    matcher = nlp.add_pipe("medspacy_target_matcher")
    rules, skipped = load_rules(nlp, args.lexicon)
    matcher.add(rules)
    nlp.add_pipe("medspacy_context")
    nlp.add_pipe("yq_emit_json")
    # One warm-up Doc, so lazily built parts are counted as loading.
    nlp("warm up: no fever")
    t_loaded = time.perf_counter()

    with open(args.lines, encoding="utf-8") as f:
        texts = [line.rstrip("\n") for line in f]
    out = sys.stdout
    n = with_ents = 0
    if args.workers > 0:
        global NLP, BATCH
        NLP, BATCH = nlp, args.batch_size
        chunks = [texts[i : i + CHUNK] for i in range(0, len(texts), CHUNK)]
        pool = multiprocessing.get_context("fork").Pool(args.workers)
        results = (js for part in pool.imap(run_chunk, chunks) for js in part)
        mode = f"workers={args.workers} (fork Pool, chunks of {CHUNK})"
    else:
        pool = None
        docs = nlp.pipe(texts, n_process=args.processes, batch_size=args.batch_size)
        results = (doc.user_data["yq_json"] for doc in docs)
        mode = f"n_process={args.processes}"
    for n, js in enumerate(results, 1):
        with_ents += js != '{"entities": []}'
        out.write('{"line": %d, %s\n' % (n, js[1:]))
    out.flush()
    if pool is not None:
        pool.close()
        pool.join()
    t_end = time.perf_counter()
    secs = t_end - t_loaded
    print(
        f"medspacy: {len(rules)} target rules ({skipped} non-Latin terms left out), "
        f"loaded in {t_loaded - T_START:.3f} s; {n} lines, {with_ents} with an entity, "
        f"in {secs:.3f} s ({n / secs if secs > 0 else 0:.0f} lines/s in-process), "
        f"{mode}, batch_size={args.batch_size}, "
        f"spacy {spacy.__version__}, medspacy {medspacy.__version__}, pid {os.getpid()}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
