"""Writes the Contact Activity benchmark table into docs/benchmarks.md between markers."""
import json, re, sys

results = sys.argv[1]
rows = [json.loads(line) for line in open(results) if line.strip().startswith("{")]
goals = {"contact-page": 20, "contact-comms-search": 10}
out = [
    "<!-- contact:begin (written by `make bench`; do not edit by hand) -->",
    "| bench | engine | runs | p50 ms | p95 ms | p99 ms | goal p95 ms | no-index baseline p95 ms (runs) |",
    "|---|---|---:|---:|---:|---:|---:|---:|",
]
for r in rows:
    out.append(f"| {r['bench']} | {r['engine']} | {r['n']:,} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | "
               f"{goals.get(r['bench'], '-')} | {r['baseline_p95_ms']:,} ({r['baseline_n']}) |")
out.append("<!-- contact:end -->")
block = "\n".join(out)
path = "docs/benchmarks.md"
doc = open(path).read()
pattern = re.compile(r"<!-- contact:begin.*?<!-- contact:end -->", re.S)
if pattern.search(doc):
    doc = pattern.sub(lambda _: block, doc)
else:
    doc = doc.rstrip() + "\n\n## Contact Activity page (`make bench`)\n\n" + block + "\n"
open(path, "w").write(doc)
print(block)
