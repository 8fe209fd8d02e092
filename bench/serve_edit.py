#!/usr/bin/env python3
"""Measures `docgen serve --watch` from file save to the reload message, on a generated corpus.

    python3 bench/serve_edit.py --pages 10000 [--edits 20] [--keep DIR]

Starts the release binary on the corpus, listens to the live-reload event stream like an open
browser tab does, then edits page bodies (and a few titles) one at a time. For each edit it
records the time from the end of the file write to the arrival of the `reload` event, and to
the edited page fetched again (`serve` renders a page when it is asked for, as the reloading
tab asks for it). Edits start as soon as the server is ready, while the background check over
every page still runs; the time that check took is printed too.
"""

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SHARED = os.environ.get("DOCGEN_BENCH_SHARED", os.path.join(REPO, "..", "shared"))


def events(host, port):
    conn = http.client.HTTPConnection(host, port, timeout=120)
    conn.request("GET", "/__docgen/events")
    resp = conn.getresponse()
    while True:
        line = resp.readline()
        if not line:
            return
        line = line.decode().strip()
        if line.startswith("data:"):
            yield json.loads(line[5:].strip())


def memory(pid, field="VmHWM"):
    """The process' peak (VmHWM) or current (VmRSS) resident memory (Linux)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def fetch(host, port, path):
    """GETs `path`; returns the time it took in ms."""
    t0 = time.perf_counter()
    conn = http.client.HTTPConnection(host, port, timeout=60)
    conn.request("GET", path)
    resp = conn.getresponse()
    resp.read()
    assert resp.status == 200, (path, resp.status)
    return (time.perf_counter() - t0) * 1000


def prepare(corpus):
    """`serve` reads the corpus through a docgen.toml (a plain content folder, no git dates)."""
    with open(os.path.join(corpus, "docgen.toml"), "w") as f:
        f.write('title = "Korpus"\nlanguage = "id"\ncontent_dir = "docs"\nlast_updated = false\n')


def measure(docgen, corpus, edits=20, search=False, pause=0.3, edit_after_check=False, wait_check=False):
    """Starts `docgen serve --watch` on `corpus`, edits pages and returns what was measured:
    `ready` (s), `first_page` (ms), `ready_rss` and `peak` (as /proc says, "123456 kB"),
    `checked` ([(s after start, line)]), `indexed` (s, with `search`), and the lists `body`,
    `title` and `fetched` (ms per edit). The corpus is left as it was."""
    prepare(corpus)
    originals = {}
    started = time.perf_counter()
    proc = subprocess.Popen([docgen, "serve", "--watch", "--port", "0", "--root", corpus],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = None
        for line in proc.stdout:
            if line.startswith("Serving the site at "):
                url = line.split()[-1]
                break
        ready = time.perf_counter() - started
        checked = []

        def read_output():
            for line in proc.stdout:
                if line.startswith("Checked "):
                    checked.append((time.perf_counter() - started, line.strip()))
        threading.Thread(target=read_output, daemon=True).start()
        host, port = url.split("//")[1].rstrip("/").split(":")
        port = int(port)
        first_page = fetch(host, port, "/")
        ready_rss = memory(proc.pid, "VmRSS")
        stream = events(host, port)
        assert next(stream)["type"] == "ok"
        indexed = None
        if search:
            t0 = time.perf_counter()
            conn = http.client.HTTPConnection(host, port, timeout=300)
            conn.request("GET", "/pagefind/pagefind-entry.json")
            assert conn.getresponse().status == 200
            indexed = time.perf_counter() - t0
        while edit_after_check and not checked:
            time.sleep(0.5)
        pages = []
        for d, _, files in os.walk(os.path.join(corpus, "docs")):
            pages += [os.path.join(d, f) for f in files if f.endswith((".md", ".mdx"))]
        pages.sort()
        rng = random.Random(1)
        body, title, fetched = [], [], []
        for i in range(edits):
            page = rng.choice(pages)
            text = open(page).read()
            originals.setdefault(page, text)
            change_title = i % 5 == 4
            if change_title:
                new = text.replace('title: "', f'title: "Diubah {i} ', 1)
            else:
                new = text + f"\nParagraf tambahan nomor {i}.\n"
            with open(page, "w") as f:
                f.write(new)
            t0 = time.perf_counter()
            for event in stream:
                if event["type"] in ("reload", "error"):
                    break
            elapsed = (time.perf_counter() - t0) * 1000
            assert event["type"] == "reload", event
            (title if change_title else body).append(elapsed)
            if not change_title:
                page_path = next(f for f in event["files"] if f.endswith(".html"))
                fetched.append(elapsed + fetch(host, port, "/" + page_path))
            time.sleep(pause)
        while wait_check and not checked:
            time.sleep(0.5)
        peak = memory(proc.pid)
    finally:
        proc.kill()
        proc.wait()
        for page, text in originals.items():
            with open(page, "w") as f:
                f.write(text)
        os.remove(os.path.join(corpus, "docgen.toml"))
    return {"ready": ready, "first_page": first_page, "ready_rss": ready_rss, "peak": peak,
            "checked": checked, "indexed": indexed, "body": body, "title": title, "fetched": fetched}


def percentiles(xs):
    """(median, p90, max) of `xs`, or None when empty."""
    if not xs:
        return None
    xs = sorted(xs)
    return statistics.median(xs), xs[min(len(xs) - 1, int(len(xs) * 0.9))], xs[-1]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--keep")
    ap.add_argument("--search", action="store_true",
                    help="ask for the search index first, as a reader opening the search box does")
    ap.add_argument("--pause", type=float, default=0.3,
                    help="seconds between edits; over 1.5 s, search index refreshes run between them")
    ap.add_argument("--edit-after-check", action="store_true",
                    help="start editing once the background check over every page ended")
    ap.add_argument("--wait-check", action="store_true",
                    help="after the edits, wait for the background check to end before reading the peak memory")
    ap.add_argument("--docgen", default=os.path.join(REPO, "target", "release", "docgen"))
    args = ap.parse_args()
    if not os.path.exists(args.docgen):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    work = args.keep or tempfile.mkdtemp(prefix="docgen-serve-bench-")
    corpus = os.path.join(work, f"corpus-{args.pages}")
    if not os.path.exists(os.path.join(corpus, "corpus-manifest.json")):
        subprocess.run([sys.executable, os.path.join(SHARED, "bench", "gen_corpus.py"), "--pages", str(args.pages),
                        "--out", corpus, "--seed", "1"], check=True, stdout=subprocess.DEVNULL)
    m = measure(args.docgen, corpus, args.edits, args.search, args.pause, args.edit_after_check, args.wait_check)
    print(f"{args.pages} pages: server ready after {m['ready']:.2f} s, first page (/) served in "
          f"{m['first_page']:.1f} ms, resident then {m['ready_rss']}; peak memory {m['peak']}")
    for at, line in m["checked"]:
        print(f"background check: {line} (done {at:.1f} s after start)")
    if m["indexed"] is not None:
        print(f"first search request answered after {m['indexed']:.1f} s (the index is built on demand)")
    for name in ("body", "title", "fetched"):
        stats = percentiles(m[name])
        if stats:
            label = {"body": "body edit", "title": "title edit", "fetched": "body edit, page fetched"}[name]
            what = "(file saved -> edited page received)" if name == "fetched" else "(file saved -> reload event received)"
            print(f"{label:10}: n={len(m[name])} median {stats[0]:.1f} ms, p90 {stats[1]:.1f} ms, "
                  f"max {stats[2]:.1f} ms {what}")


if __name__ == "__main__":
    main()
