#!/usr/bin/env python
"""Write README.md from nbs/index.ipynb (Quarto, which `nbdev_readme` needs, cannot be installed offline).

Usage: python tools/make_readme.py           # rewrite README.md
       python tools/make_readme.py --check   # exit 1 if README.md is not what the notebook gives
Markdown cells are copied; code cells are shown as Python blocks with their saved outputs (stderr, where
warnings go, left out), except cells marked `#| hide`; `#|` directive lines are dropped. The notebook is not executed: run it in Jupyter
(or `jupyter nbconvert --to notebook --execute --inplace nbs/index.ipynb`) to refresh its outputs.
"""
import json, re, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
nb_path, readme_path = root/"nbs"/"index.ipynb", root/"README.md"
header = "<!-- Generated from nbs/index.ipynb by tools/make_readme.py: edit the notebook, not this file. -->\n\n"


def _text(x): return "".join(x) if isinstance(x, list) else x


def _outputs(cell):
    for out in cell.get("outputs", []):
        if out["output_type"] == "stream":
            if out.get("name") == "stderr": continue
            text = _text(out["text"])
        elif "data" in out and "text/plain" in out["data"]: text = _text(out["data"]["text/plain"])
        else: continue
        yield "```\n" + text.rstrip("\n") + "\n```"


def repo_links(md):
    "Links to notebooks are relative to nbs/ (where the docs site has its pages); in README they need the nbs/ prefix"
    return re.sub(r"\]\((?![a-z]+:|/|#|nbs/)([^)\s]+\.ipynb(?:#[^)]*)?)\)", r"](nbs/\1)", md)


def render(nb):
    parts = []
    for cell in nb["cells"]:
        src = _text(cell["source"])
        if cell["cell_type"] == "markdown": parts.append(repo_links(src.strip()))
        elif cell["cell_type"] == "code":
            lines = src.splitlines()
            if any(l.strip().replace(" ", "") in ("#|hide", "#|include:false") for l in lines): continue
            code = "\n".join(l for l in lines if not l.startswith("#|")).strip()
            if code: parts.append("```python\n" + code + "\n```")
            parts.extend(_outputs(cell))
    return header + "\n\n".join(p for p in parts if p) + "\n"


def main():
    text = render(json.loads(nb_path.read_text(encoding="utf-8")))
    if "--check" in sys.argv:
        if not readme_path.exists() or readme_path.read_text(encoding="utf-8") != text:
            print("README.md is out of date with nbs/index.ipynb: run `python tools/make_readme.py` and commit README.md")
            return 1
        return 0
    readme_path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__": sys.exit(main())
