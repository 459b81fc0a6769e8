"""The rapidfuzz baseline of bench/compare/run.sh.

    python rapidfuzz_match.py TERMS QUERIES [MAX_LINES]

TERMS: one lexicon term per line (the first column of `yongquan lexicon`).
QUERIES: one description per line. Each description is split on commas,
semicolons and the word "and"; every phrase is matched against every term with
rapidfuzz.process.extractOne(phrase, terms, scorer=fuzz.WRatio,
score_cutoff=80), which is what a user's script would do today.

Writes one line per description (the best term of each phrase, tab-separated,
empty when none reached the cutoff) and, on stderr, the number of lines and
of lines with a match. MAX_LINES stops after that many lines (for the large
lexicons, where the full run would take an hour).
"""

import re
import sys

from rapidfuzz import fuzz, process

SPLIT = re.compile(r",|;|\band\b")


def main() -> int:
    terms_path, queries_path = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else None
    with open(terms_path, encoding="utf-8") as f:
        terms = [t for t in f.read().split("\n") if t]
    lines = matched = 0
    out = sys.stdout
    with open(queries_path, encoding="utf-8") as f:
        for line in f:
            if limit is not None and lines >= limit:
                break
            lines += 1
            best = []
            for phrase in SPLIT.split(line.rstrip("\n")):
                phrase = phrase.strip()
                if not phrase:
                    continue
                hit = process.extractOne(phrase, terms, scorer=fuzz.WRatio, score_cutoff=80)
                if hit is not None:
                    best.append(hit[0])
            matched += bool(best)
            out.write("\t".join(best) + "\n")
    print(f"rapidfuzz: {lines} lines, {matched} with a match", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
