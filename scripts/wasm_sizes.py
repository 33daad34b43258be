#!/usr/bin/env python3
"""What each page downloads: the main WebAssembly bundle plus the pieces of its lazy route
(from `__wasm_split_manifest.json`), each file brotli-11 compressed on its own as the server
serves it. Usage: scripts/wasm_sizes.py [target/site/pkg]  (needs Python `brotli`)."""
import json
import os
import sys

import brotli

pkg = sys.argv[1] if len(sys.argv) > 1 else "target/site/pkg"
manifest = json.load(open(os.path.join(pkg, "__wasm_split_manifest.json")))
cache = {}


def br(name):
    if name not in cache:
        path = os.path.join(pkg, name if name.endswith(".wasm") else name + ".wasm")
        with open(path, "rb") as f:
            cache[name] = len(brotli.compress(f.read(), quality=11))
    return cache[name]


main = br("callerdesk.wasm")
print(f"main bundle callerdesk.wasm: {main:,} B brotli")
print(f"{'piece':<55} {'files':>5} {'pieces B':>10} {'own B':>8} {'total B':>10}")
for key in sorted(manifest):
    pieces = manifest[key]
    total = sum(br(p) for p in pieces)
    own = sum(br(p) for p in pieces if p.startswith("split_"))
    name = key.rsplit("_", 1)[0]
    print(f"{name:<55} {len(pieces):>5} {total:>10,} {own:>8,} {main + total:>10,}")
