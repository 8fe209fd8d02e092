#!/usr/bin/env python3
"""The speed benchmark: docgen next to Hugo (and mdBook) on generated corpora of 1,000, 10,000
and 100,000 pages, in one run on one machine.

    python3 bench/run.py [--sizes 1000,10000,100000] [--runs 3] [--keep DIR]

For each size it generates a corpus with ../shared/bench/gen_corpus.py (or
$DOCGEN_BENCH_SHARED/bench; kept in DIR with --keep, and taken from there the next time), turns
it into a Hugo site and an mdBook book with the peers/ converters, then times full clean builds
of each tool one after another, run after run (docgen, Hugo, mdBook, docgen --no-search,
docgen, Hugo, ...), so that a slow moment of a shared machine falls on all of them. It reports
the median wall time, the peak memory (maximum resident set size, what `/usr/bin/time -v`
reports), the HTML bytes per page of each output and the ratio to Hugo; then docgen's rebuild
with nothing changed and with one page edited, and `docgen serve --watch` (bench/serve_edit.py):
ready time, memory, and save-to-reload times of page edits.

Peers that are not installed are skipped (apt-get install -y hugo; cargo install mdbook
--locked); mdBook only at 1,000 pages (it needs minutes at 10,000), Hugo up to --hugo-max.
"""

import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SHARED = os.environ.get("DOCGEN_BENCH_SHARED", os.path.join(REPO, "..", "shared"))
sys.path.insert(0, HERE)
import serve_edit  # noqa: E402


def quiet(cmd, cwd=None):
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def timed_run(cmd, cwd=None):
    """Runs `cmd`; returns (wall seconds, peak resident KB). Exits on failure."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{stderr.decode(errors='replace')[-3000:]}")
    return elapsed, usage.ru_maxrss


def html_bytes(folder):
    """Bytes of every HTML file under `folder` (pages, 404, generated indexes)."""
    total = 0
    for parent, _, files in os.walk(folder):
        total += sum(os.path.getsize(os.path.join(parent, f)) for f in files if f.endswith(".html"))
    return total


class Tool:
    """One way of building the corpus, with what its runs measured."""

    def __init__(self, name, command, cwd=None, out=None, clean=()):
        self.name, self.command, self.cwd, self.out, self.clean = name, command, cwd, out, clean
        self.times, self.peaks = [], []
        self.html = None

    def run(self):
        for folder in (self.out, *self.clean):
            shutil.rmtree(folder, ignore_errors=True)
        elapsed, peak = timed_run(self.command, self.cwd)
        self.times.append(elapsed)
        self.peaks.append(peak)
        self.html = html_bytes(self.out)

    def median(self):
        return statistics.median(self.times)


def corpus_for(work, pages, seed):
    corpus = os.path.join(work, f"corpus-{pages}")
    if not os.path.exists(os.path.join(corpus, "corpus-manifest.json")):
        print(f"generating {pages} pages...", file=sys.stderr)
        quiet([sys.executable, os.path.join(SHARED, "bench", "gen_corpus.py"), "--pages", str(pages),
               "--out", corpus, "--seed", str(seed)])
    # The corpus is built as it is: docgen reads its docusaurus.config.js and sidebars.js.
    stale = os.path.join(corpus, "docgen.toml")
    if os.path.exists(stale):
        os.remove(stale)
    return corpus


def peer_site(work, pages, corpus, converter, name):
    site = os.path.join(work, f"{name}-{pages}")
    if not os.path.exists(site):
        quiet([sys.executable, os.path.join(SHARED, "bench", "peers", converter), corpus, site])
    return site


def first_page(corpus):
    for parent, _, files in sorted(os.walk(os.path.join(corpus, "docs"))):
        pages = sorted(f for f in files if f.endswith(".md"))
        if pages:
            return os.path.join(parent, pages[0])
    sys.exit("the corpus has no page")


def rebuilds(docgen, corpus, out, runs):
    """docgen's second build with nothing changed, and with one page's body edited, after a
    clean build; each a list of (seconds, peak KB). The page is put back afterwards."""
    cache = os.path.join(corpus, ".docgen-cache")
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    build = [docgen, "build", "--root", corpus, "--out", out]
    timed_run(build)
    unchanged = [timed_run(build) for _ in range(runs)]
    page = first_page(corpus)
    original = open(page).read()
    edited = []
    try:
        for i in range(runs):
            with open(page, "a") as f:
                f.write(f"\nKalimat tambahan {i}.\n")
            edited.append(timed_run(build))
    finally:
        with open(page, "w") as f:
            f.write(original)
    return unchanged, edited


def measure_size(args, work, pages):
    corpus = corpus_for(work, pages, args.seed)
    runs = args.runs if pages < 100_000 else args.big_runs
    out = lambda name: os.path.join(work, f"out-{name}-{pages}")  # noqa: E731
    cache = os.path.join(corpus, ".docgen-cache")
    tools = [Tool("docgen", [args.docgen, "build", "--quiet", "--root", corpus, "--out", out("docgen")],
                  out=out("docgen"), clean=[cache])]
    peers = [p for p in args.peers.split(",") if p]
    if "hugo" in peers and shutil.which("hugo") and pages <= args.hugo_max:
        site = peer_site(work, pages, corpus, "to_hugo.py", "hugo")
        tools.append(Tool("Hugo", ["hugo", "--quiet", "-d", out("hugo")], cwd=site, out=out("hugo")))
    if "mdbook" in peers and shutil.which("mdbook") and pages <= args.mdbook_max:
        book = peer_site(work, pages, corpus, "to_mdbook.py", "mdbook")
        tools.append(Tool("mdBook", ["mdbook", "build", "-d", out("mdbook")], cwd=book, out=out("mdbook")))
    tools.append(Tool("docgen --no-search",
                      [args.docgen, "build", "--quiet", "--no-search", "--root", corpus, "--out", out("no-search")],
                      out=out("no-search"), clean=[cache]))
    for run in range(runs):
        for tool in tools:
            print(f"{pages} pages, run {run + 1}/{runs}: {tool.name}", file=sys.stderr)
            tool.run()
    print(f"{pages} pages: rebuilds", file=sys.stderr)
    unchanged, edited = rebuilds(args.docgen, corpus, out("docgen"), runs)
    serve = None
    if pages in args.serve_sizes and args.serve_edits > 0:
        print(f"{pages} pages: serve --watch", file=sys.stderr)
        serve = serve_edit.measure(args.docgen, corpus, edits=args.serve_edits, wait_check=True)
    for tool in tools:
        shutil.rmtree(tool.out, ignore_errors=True)
    shutil.rmtree(out("docgen"), ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    return tools, unchanged, edited, serve


def mib(kb):
    return kb / 1024


def report(pages, tools, unchanged, edited, serve):
    hugo = next((t for t in tools if t.name == "Hugo"), None)
    print(f"\n### {pages:,} pages\n")
    print("| build | wall (median) | runs | × Hugo | ms/page | peak memory | HTML KB/page |")
    print("|---|---|---|---|---|---|---|")
    for t in tools:
        ratio = f"{t.median() / hugo.median():.2f}" if hugo else "—"
        runs = ", ".join(f"{x:.2f}" for x in t.times)
        print(f"| {t.name} | {t.median():.2f} s | {runs} | {ratio} | {t.median() / pages * 1000:.2f} | "
              f"{mib(max(t.peaks)):,.0f} MiB | {t.html / pages / 1000:.1f} |")
    docgen = tools[0]
    for name, results in (("docgen, nothing changed", unchanged), ("docgen, one page edited", edited)):
        times = [t for t, _ in results]
        median = statistics.median(times)
        ratio = f"{median / hugo.median():.3f}" if hugo else "—"
        print(f"| {name} | {median:.2f} s | {', '.join(f'{t:.2f}' for t in times)} | {ratio} | "
              f"{median / docgen.median():.3f}× a clean build | {mib(max(p for _, p in results)):,.0f} MiB | |")
    if serve:
        check = serve["checked"][0][0] if serve["checked"] else float("nan")
        line = (f"\n`docgen serve --watch`: ready after {serve['ready']:.2f} s, first page in "
                f"{serve['first_page']:.1f} ms, resident then {serve['ready_rss']}, peak {serve['peak']} "
                f"(the background check over every page took {check:.1f} s)")
        for name, what in (("body", "body edit, save → reload event"),
                           ("fetched", "body edit, save → edited page received"),
                           ("title", "title edit, save → reload event")):
            stats = serve_edit.percentiles(serve[name])
            if stats:
                line += f"; {what}: median {stats[0]:.1f} ms (p90 {stats[1]:.1f}, n={len(serve[name])})"
        print(line + ".")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000", help="corpus sizes, in pages")
    parser.add_argument("--runs", type=int, default=3, help="runs of each build, below 100,000 pages")
    parser.add_argument("--big-runs", type=int, default=1, help="runs of each build at 100,000 pages and more")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--peers", default="hugo,mdbook")
    parser.add_argument("--hugo-max", type=int, default=10_000,
                        help="largest corpus Hugo builds (it took 2.9 GB at 10,000 pages)")
    parser.add_argument("--mdbook-max", type=int, default=1_000)
    parser.add_argument("--serve-sizes", default="10000,100000", help="sizes at which serve is measured")
    parser.add_argument("--serve-edits", type=int, default=20)
    parser.add_argument("--keep", help="work folder to keep corpora in (default: a temp folder, removed)")
    parser.add_argument("--docgen", default=os.path.join(REPO, "target", "release", "docgen"))
    args = parser.parse_args()
    args.serve_sizes = {int(s) for s in args.serve_sizes.split(",") if s}

    if not os.path.exists(args.docgen):
        quiet(["cargo", "build", "--release", "--quiet"], cwd=REPO)
    work = args.keep or tempfile.mkdtemp(prefix="docgen-bench-")
    os.makedirs(work, exist_ok=True)
    results = []
    try:
        for pages in (int(s) for s in args.sizes.split(",") if s):
            results.append((pages, *measure_size(args, work, pages)))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    versions = []
    for tool, flag in (("hugo", "version"), ("mdbook", "--version")):
        if shutil.which(tool):
            text = subprocess.run([tool, flag], capture_output=True, text=True).stdout.strip()
            versions.append(text.split(" BuildDate")[0])
    print(f"\n## {datetime.date.today().isoformat()}: {os.cpu_count()} cores, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, {platform.machine()}; "
          f"`python3 bench/run.py {' '.join(sys.argv[1:])}`")
    if versions:
        print("Peers: " + "; ".join(versions) + ".")
    for result in results:
        report(*result)


if __name__ == "__main__":
    main()
