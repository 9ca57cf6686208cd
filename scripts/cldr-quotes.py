#!/usr/bin/env python3
"""Write src/bookbuild/data/quotes.json: the quotation marks of every language in CLDR.

Usage: npm pack cldr-misc-full@45 && tar xzf cldr-misc-full-45.0.0.tgz
       python3 scripts/cldr-quotes.py package/main > src/bookbuild/data/quotes.json

Only languages and language-script pairs are kept (regional variants use their language's marks).
"""

import json
import sys
from pathlib import Path

found = {}
for folder in sorted(Path(sys.argv[1]).iterdir()):
    parts = folder.name.split("-")
    if len(parts) > 2 or (len(parts) == 2 and len(parts[1]) != 4):
        continue
    data = json.loads((folder / "delimiters.json").read_text(encoding="utf-8"))
    marks = next(iter(data["main"].values()))["delimiters"]
    found[folder.name.replace("-", "_")] = [marks["quotationStart"], marks["quotationEnd"],
                                            marks["alternateQuotationStart"], marks["alternateQuotationEnd"]]
json.dump({"source": "CLDR 45 (cldr-misc-full), delimiters", "quotes": found}, sys.stdout, ensure_ascii=False,
          indent=0, sort_keys=True)
print()
