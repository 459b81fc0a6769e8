"""lines/s: match_many against `yongquan match --batch` on the same 2000 lines
of the case files. Variants interleaved, ROUNDS rounds (default 7), median each.
Run from anywhere: YONGQUAN_BIN=… python python/bench/match_many.py"""
import gc, os, statistics, subprocess, sys, tempfile, time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from conftest import corpus_texts
import yongquan
lines = [t for t in corpus_texts() if "\n" not in t and "\r" not in t]
lines = (lines * 3)[:2000]
path = os.path.join(tempfile.mkdtemp(), "lines.txt")
open(path, "w", encoding="utf-8").write("".join(l + "\n" for l in lines))
m = yongquan.Matcher()
m.match_many(lines[:50])
binary = os.environ.get("YONGQUAN_BIN", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "target", "release", "yongquan"))
def cli(threads):
    env = dict(os.environ)
    env.pop("YONGQUAN_RULES", None); env.pop("YONGQUAN_REGION", None)
    if threads: env["RAYON_NUM_THREADS"] = str(threads)
    return lambda: subprocess.run([binary, "match", "--batch", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
variants = [
    ("match_many(lines, threads=1)", lambda: m.match_many(lines, threads=1)),
    ("match_many(lines) (2 threads)", lambda: m.match_many(lines)),
    ("match_many_json(lines, threads=1)", lambda: m.match_many_json(lines, threads=1)),
    ("match_many_json(lines) (2 threads)", lambda: m.match_many_json(lines)),
    ("RAYON_NUM_THREADS=1 yongquan match --batch FILE", cli(1)),
    ("yongquan match --batch FILE (2 threads)", cli(None)),
    ("match_many(lines, threads=1, care='full')", lambda: m.match_many(lines, threads=1, care="full")),
    ("[m.match(t, care='ids') for t in lines]", lambda: [m.match(t, care="ids") for t in lines]),
]
times = {name: [] for name, _ in variants}
for _ in range(int(os.environ.get("ROUNDS", "7"))):
    for name, f in variants:
        gc.collect()
        t = time.perf_counter(); f(); times[name].append(time.perf_counter() - t)
print(f"load average before/after: {os.getloadavg()}")
for name, _ in variants:
    s = statistics.median(times[name])
    print(f"| `{name}` | {len(lines)/s:,.0f} | {s*1e3:.0f} ms |")
