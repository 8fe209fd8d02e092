#!/usr/bin/env python3
"""Times a full clean `docgen build` of a generated Docusaurus-style corpus, next to Hugo and
mdBook building the same pages, in one run on one machine.

    python3 bench/run.py --pages 1000 [--runs 3] [--peers hugo,mdbook] [--keep DIR]

The corpus comes from ../shared/bench/gen_corpus.py (or $DOCGEN_BENCH_SHARED/bench); the peers'
versions of it from its peers/ converters. Each tool builds into a fresh folder every run; the
median wall time is reported with the ratio to docgen. Peers that are not installed are skipped
(apt-get install -y hugo; cargo install mdbook --locked).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SHARED = os.environ.get("DOCGEN_BENCH_SHARED", os.path.join(REPO, "..", "shared"))


def run(cmd, cwd=None):
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def timed(cmd, cwd, out_dir, runs, cache_dir=None):
    """Median wall time of `runs` builds into an emptied `out_dir` (and without `cache_dir`:
    docgen's `.docgen-cache/` would give it the code highlighted by the run before)."""
    times = []
    for _ in range(runs):
        shutil.rmtree(out_dir, ignore_errors=True)
        if cache_dir:
            shutil.rmtree(cache_dir, ignore_errors=True)
        start = time.perf_counter()
        result = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            sys.exit(f"{cmd[0]} failed:\n{result.stderr[-3000:]}")
        times.append(elapsed)
    return statistics.median(times), times


def html_bytes(folder):
    """Bytes of every HTML file under `folder` (pages, 404, generated indexes)."""
    total = 0
    for parent, _, files in os.walk(folder):
        total += sum(os.path.getsize(os.path.join(parent, f)) for f in files if f.endswith(".html"))
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--peers", default="hugo,mdbook")
    parser.add_argument("--keep", help="work folder to keep (default: a temp folder, removed)")
    parser.add_argument("--docgen", default=os.path.join(REPO, "target", "release", "docgen"))
    args = parser.parse_args()

    if not os.path.exists(args.docgen):
        run(["cargo", "build", "--release", "--quiet"], cwd=REPO)
    work = args.keep or tempfile.mkdtemp(prefix="docgen-bench-")
    os.makedirs(work, exist_ok=True)
    corpus = os.path.join(work, "corpus")
    if not os.path.exists(os.path.join(corpus, "corpus-manifest.json")):
        run([sys.executable, os.path.join(SHARED, "bench", "gen_corpus.py"), "--pages", str(args.pages),
             "--out", corpus, "--seed", str(args.seed)])
    # The corpus is built as it is: docgen reads its docusaurus.config.js and sidebars.js.
    stale = os.path.join(corpus, "docgen.toml")
    if os.path.exists(stale):
        os.remove(stale)

    results = []
    cache = os.path.join(corpus, ".docgen-cache")
    out = os.path.join(work, "out-docgen")
    median, all_times = timed([args.docgen, "build", "--root", corpus, "--out", out], None, out, args.runs, cache)
    results.append(("docgen", median, all_times, html_bytes(out)))
    # The same build again with nothing changed: the output of the last run is kept.
    rebuilds = []
    for _ in range(args.runs):
        start = time.perf_counter()
        run([args.docgen, "build", "--root", corpus, "--out", out])
        rebuilds.append(time.perf_counter() - start)
    results.append(("docgen, no change", statistics.median(rebuilds), rebuilds, html_bytes(out)))
    # One page edited: everything is built again, with the code the last build highlighted.
    manifest_page = None
    for parent, _, files in os.walk(os.path.join(corpus, "docs")):
        pages = sorted(f for f in files if f.endswith(".md"))
        if pages:
            manifest_page = os.path.join(parent, pages[0])
            break
    edits = []
    for i in range(args.runs):
        with open(manifest_page, "a") as f:
            f.write(f"\nKalimat tambahan {i}.\n")
        start = time.perf_counter()
        run([args.docgen, "build", "--root", corpus, "--out", out])
        edits.append(time.perf_counter() - start)
    results.append(("docgen, 1 page edited", statistics.median(edits), edits, html_bytes(out)))
    out = os.path.join(work, "out-docgen-no-search")
    command = [args.docgen, "build", "--no-search", "--root", corpus, "--out", out]
    median, all_times = timed(command, None, out, args.runs, cache)
    results.append(("docgen --no-search", median, all_times, html_bytes(out)))

    peers = [p for p in args.peers.split(",") if p]
    # peer → (converter in ../shared/bench/peers, build command given the output folder)
    commands = {
        "hugo": ("to_hugo.py", lambda out: ["hugo", "--quiet", "-d", out]),
        "mdbook": ("to_mdbook.py", lambda out: ["mdbook", "build", "-d", out]),
    }
    for name in peers:
        if name not in commands or not shutil.which(name):
            continue
        converter, command = commands[name]
        site = os.path.join(work, name)
        if not os.path.exists(site):
            run([sys.executable, os.path.join(SHARED, "bench", "peers", converter), corpus, site])
        out = os.path.join(work, f"out-{name}")
        median, all_times = timed(command(out), site, out, args.runs)
        results.append((name, median, all_times, html_bytes(out)))

    base = results[0][1]
    print(f"{args.pages} pages, median of {args.runs} clean builds, {os.cpu_count()} cores")
    print(f"{'tool':22} {'median s':>9} {'x docgen':>9} {'HTML KB/page':>13}  runs")
    for name, median, all_times, html in results:
        runs = ", ".join(f"{t:.2f}" for t in all_times)
        per_page = html / args.pages / 1000
        print(f"{name:22} {median:9.2f} {median / base:9.2f} {per_page:13.1f}  [{runs}]")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
