"""Build the documentation site offline, without Quarto: `python tools/build_docs.py` writes it to `_docs/`.

It does what `nbdev_docs` does before it calls Quarto (refresh `nbs/nbdev.yml`, the module index and `nbs/sidebar.yml`,
then process the notebooks into `_proc/`: `show_doc` cells rendered, directives applied), and then renders `_proc/`
with smalldocs, a pure-Python renderer that reads the same `_quarto.yml`. Nothing is executed: the pages show the
outputs committed in the notebooks (re-execute them with `tools/run_notebooks.py`). Where Quarto is installed,
`nbdev_docs` builds the site from the same files. Never call `nbdev_docs`/`nbdev_preview`/`nbdev_proc_nbs` without
Quarto: they try to download and install it.

`--check` then loads every page in headless Chromium (Playwright, with Debian's `/usr/bin/chromium`) over http and
fails on a link to a page or anchor that does not exist, a page that does not load, a JavaScript error, shows a broken image, has an empty body, or whose
search finds nothing for a word the site certainly holds. KaTeX (maths) is served from the site itself where Debian's
`libjs-katex` is installed (`apt install libjs-katex`), so formulas render offline and the check fails on any that did not;
elsewhere KaTeX and the fonts come from CDNs, as with Quarto: they load only online, so the check lists their hosts instead
of failing on them (offline, maths then shows as its LaTeX source)."""
import argparse, configparser, functools, http.server, json, os, re, shutil, sys, threading, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KATEX_CDN = "https://cdn.jsdelivr.net/npm/katex@0.16.11/dist"   # where smalldocs' pages load KaTeX from
DEBIAN_KATEX = Path("/usr/share/javascript/katex")               # Debian's libjs-katex


def process_notebooks():
    "Run nbdev's pre-render steps (no Quarto needed); the `_proc` folder they fill"
    from nbdev.quarto import refresh_quarto_yml, nbdev_sidebar
    from nbdev.doclinks import _build_modidx
    from nbdev.serve import proc_nbs
    refresh_quarto_yml()
    _build_modidx()
    nbdev_sidebar.__wrapped__()
    return Path(proc_nbs(force=True))


def use_output_names(proc):
    "Rename each processed notebook to the `output-file` nbdev gave it (00_spectral -> spectral), as Quarto names the pages"
    renames = {}
    for nb in sorted(proc.rglob("*.ipynb")):
        cells = json.loads(nb.read_text())["cells"]
        front = "".join(cells[0]["source"]) if cells and cells[0]["cell_type"] == "raw" else ""
        m = re.search(r"^output-file:\s*(\S+)\.html\s*$", front, re.M)
        if m and m.group(1) != nb.stem:
            renames[nb.relative_to(proc).as_posix()] = nb.with_name(m.group(1) + ".ipynb").relative_to(proc).as_posix()
            nb.rename(nb.with_name(m.group(1) + ".ipynb"))
    sidebar = proc/"sidebar.yml"
    text = sidebar.read_text()
    for old, new in renames.items(): text = re.sub(rf"(?<=[\s/]){re.escape(old)}\b", new, text)
    sidebar.write_text(text)
    return renames


def doc_url():
    "The site's address from settings.ini (doc_host + doc_baseurl), which nbdev writes into its links"
    cfg = configparser.ConfigParser(); cfg.read(ROOT/"settings.ini")
    return cfg["DEFAULT"]["doc_host"].rstrip("/") + "/" + cfg["DEFAULT"]["doc_baseurl"].strip("/") + "/"


def relative_links(out):
    "Point nbdev's absolute links into this site (doc_host) at the pages in `out`, so the site works offline and anywhere"
    url = doc_url()
    for page in out.rglob("*.html"):
        up = "../" * (len(page.relative_to(out).parts) - 1)
        text = page.read_text()
        if url in text: page.write_text(text.replace(url, up))


def page_ids(out):
    "The element ids of every page of `out`, by page path relative to it"
    return {page.relative_to(out).as_posix(): set(re.findall(r'\bid="([^"]+)"', page.read_text())) for page in out.rglob("*.html")}


def fix_anchors(out):
    "nbdev links `_name` to `#_name`; smalldocs (like pandoc) drops the leading underscores from heading ids: point the links there"
    ids = page_ids(out)
    for page in out.rglob("*.html"):
        name = page.relative_to(out).as_posix()
        def fix(m):
            target, anchor = m.group(1), m.group(2)
            dest = os.path.normpath((Path(name).parent/target).as_posix()) if target else name
            found = ids.get(dest, set())
            return m.group(0) if anchor in found or anchor.lstrip("_") not in found else f'href="{target}#{anchor.lstrip("_")}"'
        text = page.read_text()
        new = re.sub(r'href="([^"#:]*\.html|)#(_[^"]+)"', fix, text)
        if new != text: page.write_text(new)


def render(proc, out):
    "Render the processed notebooks in `proc` with smalldocs into `out` (replaced); the renderer's warnings"
    from smalldocs.site import build
    use_output_names(proc)
    site = build(str(proc), quiet=True)
    built = proc/"_docs"
    if not built.is_dir(): raise SystemExit(f"smalldocs wrote no {built}")
    if out.exists(): shutil.rmtree(out)
    shutil.move(str(built), str(out))
    relative_links(out)
    fix_anchors(out)
    return [w for w in site.warnings if "output-file is not read" not in w]   # handled by use_output_names


def local_katex(out, source=DEBIAN_KATEX):
    "Copy KaTeX (scripts, styles, fonts) into `out/site_libs/katex` and point the pages there, so maths render offline; whether it could"
    if not (source/"katex.min.js").is_file() or not (source/"contrib"/"auto-render.js").is_file(): return False
    shutil.copytree(source, out/"site_libs"/"katex", dirs_exist_ok=True)   # symlinks followed: Debian links the fonts in
    for page in out.rglob("*.html"):
        text = page.read_text()
        if KATEX_CDN not in text: continue
        here = "../" * (len(page.relative_to(out).parts) - 1) + "site_libs/katex"
        page.write_text(text.replace(f"{KATEX_CDN}/contrib/auto-render.min.js", f"{here}/contrib/auto-render.js").replace(KATEX_CDN, here))
    return True


UNRENDERED_MATHS = r"""[...(function* walk(n) { for (const c of n.childNodes) {
    if (c.nodeType === 3) yield c; else if (!['PRE', 'CODE', 'SCRIPT', 'STYLE'].includes(c.nodeName)) yield* walk(c); } })(document.body)]
  .map(t => t.textContent).filter(t => t.includes('\\(') || t.includes('\\[')).map(t => t.trim().slice(0, 60))
  .concat([...document.querySelectorAll('.katex-error')].map(e => e.textContent.slice(0, 60)))"""


def pages(out):
    "The HTML pages of the site in `out`, as paths relative to it"
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))


def broken_links(out):
    "Links between pages of `out` whose page or anchor does not exist, as (page, link) pairs"
    ids, links = page_ids(out), []
    for page in out.rglob("*.html"):
        text, name = page.read_text(), page.relative_to(out).as_posix()
        links += [(name, href) for href in re.findall(r'href="([^"]+)"', text) if not re.match(r"[a-z]+:|//|mailto:", href)]
    bad = []
    for name, href in links:
        target, _, anchor = href.partition("#")
        page = (Path(name).parent/target).as_posix() if target else name
        page = os.path.normpath(page)
        if target and not target.endswith(".html"): continue   # assets: css, js, images (the browser check loads those)
        if page not in ids: bad.append((name, href))
        elif anchor and anchor not in ids[page]: bad.append((name, href))
    return bad


def serve(out):
    "Serve `out` over http on a free local port in a background thread; (server, base url)"
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args): pass
    handler = functools.partial(Quiet, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def check_in_browser(out, search_word="SpecBlock", maths=False):
    "Load every page of `out` in headless Chromium; a list of problems (empty when all is well); `maths`: fail on a formula KaTeX left unrendered"
    from playwright.sync_api import sync_playwright
    problems = [f"{name}: broken link {href}" for name, href in broken_links(out)]
    server, base = serve(out)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=["--no-sandbox"])
            page = browser.new_page()
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "Failed to load resource" not in m.text else None)
            external, rendered = set(), 0
            def failed(r):
                if r.url.startswith(base): errors.append(f"{r.url} failed ({r.failure})")
                else: external.add(r.url.split("/")[2])   # fonts and KaTeX come from CDNs: they load only online
            page.on("requestfailed", failed)
            page.on("response", lambda r: errors.append(f"{r.url}: HTTP {r.status}") if r.status >= 400 else None)
            for name in pages(out):
                errors.clear()
                resp = page.goto(base + name, wait_until="load")
                if resp is None or resp.status != 200: problems.append(f"{name}: HTTP {resp and resp.status}"); continue
                page.wait_for_timeout(100)
                broken = page.evaluate("[...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")
                text = page.evaluate("document.body.innerText.trim().length")
                problems += [f"{name}: broken image {src}" for src in broken]
                problems += [f"{name}: JavaScript error: {e}" for e in errors]
                if text < 200: problems.append(f"{name}: almost empty ({text} characters of text)")
                if maths:
                    problems += [f"{name}: maths not rendered: {t!r}" for t in page.evaluate(UNRENDERED_MATHS)]
                    rendered += page.evaluate("document.querySelectorAll('.katex').length")
            found = search(page, base, search_word)
            if not found: problems.append(f"search: nothing found for {search_word!r}")
            else: print(f"search for {search_word!r}: {len(found)} results")
            if maths: print(f"maths: {rendered} formulas rendered by the site's own KaTeX")
            if external: print(f"not checked (loaded from the network when online): {', '.join(sorted(external))}")
            browser.close()
    finally: server.shutdown()
    return problems


def search(page, base, word):
    "The result links the site's search shows for `word` (smalldocs' search box, over http)"
    page.goto(base + "index.html", wait_until="load")
    box = page.locator("input[type=search], #search-input, input[name=q]").first
    if box.count() == 0: return []
    box.fill(word)
    page.wait_for_timeout(800)
    return page.evaluate("[...document.querySelectorAll('.search-results a, #search-results a, .dropdown-menu a')].map(a => a.href)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="load every page in headless Chromium and fail on problems")
    args = parser.parse_args()
    os.chdir(ROOT)
    start = time.perf_counter()
    proc = process_notebooks()
    warnings = render(proc, ROOT/"_docs")
    names = pages(ROOT/"_docs")
    maths = local_katex(ROOT/"_docs")
    print(f"{len(names)} pages in _docs/ ({time.perf_counter() - start:.0f} s); KaTeX "
          + ("served from the site (Debian's libjs-katex)" if maths else f"from {KATEX_CDN} (install libjs-katex to render maths offline)"))
    for w in warnings: print(f"warning: {w}")
    if args.check:
        problems = check_in_browser(ROOT/"_docs", maths=maths)
        for p in problems: print(f"problem: {p}")
        print(f"browser check: {len(names)} pages, {len(problems)} problems")
        if problems: sys.exit(1)


if __name__ == "__main__":
    main()
