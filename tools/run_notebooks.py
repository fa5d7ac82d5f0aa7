"""Execute notebooks in place so the docs show their results: `python tools/run_notebooks.py [--keep-slow] nbs/00_spectral.ipynb ...`.

Each notebook runs in a fresh Jupyter kernel in its own folder (slow cells included; `cuda` cells lose their outputs
when no GPU is visible, since a CPU run of them says nothing). Third-party warnings that are not about specnet
(fastai under torch 2.14, fastai's note on pickle in `load_learner`) are silenced; any other stderr output, or a
path of this machine in an output, is reported and fails the run. Then run `nbdev_clean`, which keeps outputs.

`--keep-slow` does not run the slow cells and keeps the outputs they have (for notebooks whose slow cells take long and
whose code did not change): the rest runs as usual. Use it only where later cells do not need what a slow cell makes.
`--keep-slow=38,61` does that for the slow cells at those indices only (the notebook's cells counted from 0)."""
import json, os, re, subprocess, sys
from pathlib import Path

SILENCED = ["ignore:`torch.jit.script` is deprecated:FutureWarning", "ignore:load_learner` uses Python's insecure pickle:UserWarning"]

def machine_paths():
    "Absolute paths of this machine that must not appear in committed outputs"
    root = Path(__file__).resolve().parents[1]
    return [str(p) for p in {root, root.parent, Path.home(), Path(sys.prefix)}] + ["/tmp/"]

def problems(nb):
    "Cells with stderr output or a machine path in their outputs, as (cell index, what) pairs"
    found, paths = [], machine_paths()
    for i, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            if out.get("name") == "stderr": found.append((i, "stderr: " + "".join(out["text"])[:200]))
            text = json.dumps(out.get("text", "")) + json.dumps(out.get("data", {}).get("text/plain", ""))
            found += [(i, f"machine path {p}") for p in paths if p in text]
    return found

def save(path, nb):
    "Write notebook `nb` to `path` as Jupyter does (indent 1, a final newline)"
    Path(path).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")

SLOW = re.compile(r"^#\|\s*slow", re.M)

def run(path, cuda, keep_slow=False):
    "Execute the notebook at `path` in place (slow cells left as they are if `keep_slow`: all, or a set of cell indices); the problems its outputs still have"
    kept = {}
    if keep_slow:
        nb = json.loads(Path(path).read_text())
        for i, cell in enumerate(nb["cells"]):
            if cell["cell_type"] == "code" and SLOW.search("".join(cell["source"])) and (keep_slow is True or i in keep_slow):
                kept[i] = cell["source"], cell.get("outputs", []), cell.get("execution_count")
                cell["source"] = ["#| slow (not run: --keep-slow)"]
        save(path, nb)
    env = {**os.environ, "PYTHONWARNINGS": ",".join(SILENCED)}
    res = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", "--inplace",
                          "--ExecutePreprocessor.timeout=3600", str(path)], env=env, capture_output=True, text=True)
    nb = json.loads(Path(path).read_text())
    for i, (source, outputs, count) in kept.items():
        nb["cells"][i].update(source=source, outputs=outputs, execution_count=count)
    if kept: save(path, nb)
    if res.returncode: return [(None, "execution failed:\n" + res.stderr[-3000:])]
    if not cuda:
        for cell in nb["cells"]:
            if cell["cell_type"] == "code" and re.search(r"^#\|\s*cuda", "".join(cell["source"]), re.M): cell["outputs"] = []
        save(path, nb)
    return problems(nb)

if __name__ == "__main__":
    import torch
    cuda, bad = torch.cuda.is_available(), False
    flags = [a for a in sys.argv[1:] if a.startswith("--keep-slow")]
    keep_slow = bool(flags) and ({int(i) for i in flags[0].split("=", 1)[1].split(",")} if "=" in flags[0] else True)
    for path in [a for a in sys.argv[1:] if not a.startswith("--keep-slow")]:
        for i, what in run(path, cuda, keep_slow):
            print(f"{path} cell {i}: {what}"); bad = True
    sys.exit(1 if bad else 0)
