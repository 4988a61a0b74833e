"""Fill a deploy template: replace @NAME@ placeholders with NAME=value arguments.

    python deploy/render.py TEMPLATE OUTPUT NAME=value ...

Fails, naming it, if a placeholder is left without a value.
"""

import re
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    template, output, *pairs = argv
    values = dict(pair.split("=", 1) for pair in pairs)
    text = Path(template).read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    left = sorted(set(re.findall(r"@([A-Z_]+)@", text)))
    if left:
        print(f"{template}: no value for {', '.join(left)}", file=sys.stderr)
        return 1
    Path(output).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
