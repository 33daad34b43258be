"""Writes the Quickfind benchmark table into docs/benchmarks.md between markers."""
import json, os, platform, re, subprocess, sys

results, log_dir, contacts = sys.argv[1], sys.argv[2], sys.argv[3]
rows = [json.loads(line) for line in open(results) if line.strip().startswith("{")]

def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=20).stdout.strip()
    except Exception:
        return ""

cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip() or platform.processor()
mem = sh("free -g | awk '/Mem:/ {print $2}'")
machine = f"{os.cpu_count()} cores ({cpu}), {mem} GiB RAM, {platform.system()} {platform.release()}; " \
          f"SQLite bundled with sqlx (libsqlite3-sys), {sh('psql --version') or 'PostgreSQL'}"

out = [
    "<!-- quickfind:begin (written by `make bench`; do not edit by hand) -->",
    f"Machine: {machine}.",
    "",
    "| engine | contacts | queries | p50 ms | p95 ms | p99 ms | 1–2 char p95 ms | naive p95 ms | naive / Quickfind at p95 |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
]
for r in rows:
    out.append(f"| {r['engine']} | {r['contacts']:,} | {r['queries']:,} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | "
               f"{r['short_query_p95_ms']} | {r['baseline_p95_ms']} | {r['ratio_p95']}× |")
for r in rows:
    log = os.path.join(log_dir, f"quickfind-{r['engine']}-{contacts}.log")
    if os.path.exists(log):
        lines = open(log).read().splitlines()
        start = next((i for i, l in enumerate(lines) if l.startswith("Quickfind on ")), None)
        if start is not None:
            out += ["", f"Per query class, {r['engine']}:", "", "```"] + lines[start:-1] + ["```"]
out.append("<!-- quickfind:end -->")
block = "\n".join(out)

path = "docs/benchmarks.md"
doc = open(path).read()
pattern = re.compile(r"<!-- quickfind:begin.*?<!-- quickfind:end -->", re.S)
if pattern.search(doc):
    doc = pattern.sub(lambda _: block, doc)
else:
    doc = doc.rstrip() + "\n\n## Quickfind (`make bench`)\n\n" + block + "\n"
open(path, "w").write(doc)
print(block)
