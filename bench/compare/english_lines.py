"""The English descriptions of bench/compare/medspacy.sh.

    python english_lines.py COUNT SEED FILE.jsonl... > lines.txt

Takes the `text` field of every line of the given JSONL files, joins any
line break inside a text with a space, and keeps the distinct texts that are
not mostly Han: a text is kept when it has no Han character, or when its
Latin letters are at least three times its Han characters (code-switched
notes such as "baby poop watery 拉肚子 two days" stay; Chinese notes with an
English word or two go). Writes COUNT lines: the distinct texts repeated,
each round shuffled with random.Random(SEED), and on standard error how many
distinct texts were kept and left out. Standard library only.
"""

import json
import random
import re
import sys

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
LATIN = re.compile(r"[A-Za-z]")


def main() -> int:
    count, seed, paths = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    seen, kept, dropped = set(), [], 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for row in f:
                if not row.strip():
                    continue
                text = " ".join(json.loads(row)["text"].split())
                if not text or text in seen:
                    continue
                seen.add(text)
                han, latin = len(HAN.findall(text)), len(LATIN.findall(text))
                if han and latin < 3 * han:
                    dropped += 1
                    continue
                kept.append(text)
    rng = random.Random(seed)
    out, written = sys.stdout, 0
    while written < count:
        round_ = kept[:]
        rng.shuffle(round_)
        for text in round_[: count - written]:
            out.write(text + "\n")
            written += 1
    print(f"english_lines: {len(kept)} distinct texts kept, {dropped} mostly-Han left out, "
          f"{written} lines written", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
