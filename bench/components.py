#!/usr/bin/env python3
"""Build time of a components-heavy site: the Docusaurus fixture's two component pages
(tabs, partials, details, figures, page-defined components, CodeBlock, Mermaid, DocCardList)
copied N times, built with the release binary.

    python3 bench/components.py --copies 500 --runs 3
"""
import argparse
import os
import shutil
import subprocess
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE = os.path.join(REPO, "tests", "fixtures", "docusaurus")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--docgen", default=os.path.join(REPO, "target", "release", "docgen"))
    args = parser.parse_args()
    if not os.path.exists(args.docgen):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    work = tempfile.mkdtemp(prefix="docgen-components-")
    site = os.path.join(work, "site")
    shutil.copytree(FIXTURE, site)
    pages = os.path.join(site, "docs", "panduan")
    first = open(os.path.join(pages, "1-memasang.mdx")).read()
    second = open(os.path.join(pages, "2-menulis.mdx")).read()
    instances = 0
    for i in range(args.copies):
        folder = os.path.join(site, "docs", "massal", f"b{i:04d}")
        shutil.copytree(os.path.join(pages, "img"), os.path.join(folder, "img"))
        with open(os.path.join(folder, "memasang.mdx"), "w") as f:
            f.write(first.replace("../_bagian", "../../_bagian"))
        with open(os.path.join(folder, "menulis.mdx"), "w") as f:
            f.write(second)
        instances += sum(text.count(f"<{tag}") for text in (first, second)
                         for tag in ("Tabs", "TabItem", "details", "Admonition", "Figure", "Image",
                                     "YouTube", "ThemedImage", "CodeBlock", "DocCard", "Mermaid",
                                     "Sorot", "Kustom", "Prasyarat"))
    times = []
    for _ in range(args.runs):
        out = os.path.join(work, "out")
        start = time.perf_counter()
        subprocess.run([args.docgen, "build", "--root", site, "--out", out], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    times.sort()
    print(f"{2 * args.copies} component pages, about {instances} component instances")
    print(f"median of {args.runs} clean builds: {times[len(times) // 2]:.2f} s  {[round(t, 2) for t in times]}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
