"""The command line. Commands are thin: they parse arguments, run the
pipeline, print diagnostics and set the exit code (0 ok, 1 content errors,
2 usage errors)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from gloss import __version__, lsp
from gloss.anchoring import history
from gloss.commands.init import init_site
from gloss.commands.scaffold import ascii_slug_hint, default_slug, new_bundle, schema_text, site_schema
from gloss.content.bundles import slug_problem
from gloss.content.config import load_config
from gloss.content.theme import default_theme
from gloss.core import cache as disk
from gloss.core.diagnostics import Diagnostic
from gloss.preview.notesapi import NotesApi
from gloss.preview.serve import LiveState, PreviewServer
from gloss.preview.watch import BuildReport, Rebuilder, watch
from gloss.publish.deploy import DeployError, deploy, describe, plan, warnings
from gloss.publish.write import WriteRefused, check_target, mount_note, remove_stale, write_failure
from gloss.site import stream
from gloss.site.pipeline import Options, Result
from gloss.text.languages import tag_problem


def _templates(arg: str | None) -> Path:
    """The site's theme folder, whose files override the default theme's (it may not exist)."""
    return Path(arg) if arg is not None else Path("templates")


def _theme_folders(args: argparse.Namespace) -> list[Path]:
    """Every folder the theme is read from: the site's overrides and the default theme."""
    return [_templates(args.templates), default_theme()]


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--content", default="content", help="the content folder (default: content/)")
    common.add_argument(
        "--templates",
        default=None,
        help="the site's theme folder, overriding the default theme file by file (default: templates/)",
    )
    common.add_argument("--out", default="site", help="the output folder (default: site/)")

    parser = argparse.ArgumentParser(prog="gloss", description="Build annotated reading digests.")
    parser.add_argument("--version", action="version", version=f"gloss {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", parents=[common], help="build the site")
    build.add_argument("--drafts", action="store_true", help="include articles with draft: true")
    build.add_argument("--base-url", help="override site.yaml's base_url")
    build.add_argument("--clean", action="store_true", help="write every file anew (no carried-over files)")
    build.add_argument("--no-search", action="store_true", help="keep the last search index as it is (faster previews)")
    build.add_argument("--watch", action="store_true", help="rebuild whenever content or templates change")
    build.add_argument("--jobs", type=int, default=0, help="worker processes for parsing (default: all cores)")
    build.add_argument("--timings", action="store_true", help="print how long each stage took")
    build.add_argument(
        "--no-cache",
        action="store_true",
        help=f"neither read nor write the persistent cache ({disk.FOLDER}/ beside the content folder)",
    )

    check = commands.add_parser("check", parents=[common], help="validate content and links; write nothing")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--drafts", action="store_true", help="include drafts")
    check.add_argument(
        "--base-url",
        help="override site.yaml's base_url, as the build to check will "
        "(then the cache and the last site are shared with it)",
    )

    _authoring_commands(commands, common)
    return parser


def _authoring_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """new, serve, schema, init and deploy (build and check: ``_parser``)."""
    new = commands.add_parser("new", parents=[common], help="scaffold an article bundle")
    new.add_argument("title")
    new.add_argument("--date", type=dt.date.fromisoformat, default=None, help="the digest day (YYYY-MM-DD)")
    new.add_argument("--lang", default=None, help="the article's language (default: site.yaml's language)")
    new.add_argument("--slug", default=None, help="the folder name (default: from the title)")

    serve = commands.add_parser("serve", parents=[common], help="build, serve and rebuild on every save")
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="the port (default 8000)")
    serve.add_argument("--drafts", action="store_true", help="include drafts")
    serve.add_argument("--search", action="store_true", help="also rebuild the search index on every save (slow)")

    commands.add_parser("schema", parents=[common], help="print the JSON Schema of notes.yaml")

    init = commands.add_parser("init", help="scaffold a whole site: content, sample article, editor and CI set-up")
    init.add_argument("folder", nargs="?", default=".", help="the site's folder (default: the current one)")
    init.add_argument("--title", default="My Digest", help="the site's title (default: My Digest)")
    init.add_argument(
        "--base-url",
        default="https://example.org/",
        help="where the site will live (default: https://example.org/; the workflow sets GitHub Pages')",
    )
    init.add_argument("--language", default="en", help="the site's language, BCP 47 (default: en)")

    lsp.add_parser(commands)
    publish = commands.add_parser("deploy", parents=[common], help="commit the built site to a branch and push it")
    publish.add_argument("--branch", default="gh-pages", help="the branch to commit to (default: gh-pages)")
    publish.add_argument("--remote", default="origin", help="the remote to push to (default: origin)")
    publish.add_argument("--message", default=None, help="the commit message (default: names the source commit)")
    publish.add_argument("--dry-run", action="store_true", help="say what would be done; change nothing")
    publish.add_argument("--no-search", action="store_true", help="publish even when the search page has no index")


def _report(diagnostics: Sequence[Diagnostic], strict: bool = False) -> None:
    """Every diagnostic, then the count of errors; with ``strict``, of warnings alone too."""
    for d in diagnostics:
        print(d.format(), file=sys.stderr)
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    said_warnings = f"{warnings} warning{'s' * (warnings != 1)}"
    if errors:
        print(f"{errors} error{'s' * (errors != 1)}" + (f", {said_warnings}" if warnings else ""), file=sys.stderr)
    elif strict and warnings:
        print(f"{said_warnings} (--strict: warnings fail)", file=sys.stderr)


def _usage_problem(args: argparse.Namespace) -> str | None:
    """A mistake in the command line itself (exit 2), before any content is read."""
    if not Path(args.content).is_dir():
        return f"--content {args.content}: no such folder"
    if args.templates is not None and not Path(args.templates).is_dir():
        return f"--templates {args.templates}: no such folder"
    base_url = getattr(args, "base_url", None)
    if base_url is not None and not re.match(r"^https?://[^/\s]+(/\S*)?$", base_url):
        return f"--base-url {base_url}: not an absolute http(s) URL"
    return None


def _progress_bar(stage: str, done: int, total: int) -> None:
    """A one-line progress bar on the terminal (stderr), redrawn in place."""
    width = 30
    filled = width * done // max(total, 1)
    end = "\n" if done >= total else ""
    sys.stderr.write(f"\r{stage:<10} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}{end}")
    sys.stderr.flush()


def _options(args: argparse.Namespace) -> Options:
    jobs = getattr(args, "jobs", 1) or (os.cpu_count() or 1)
    return Options(
        Path(args.content),
        _templates(args.templates),
        drafts=args.drafts,
        base_url=getattr(args, "base_url", None),
        jobs=jobs,
        search=(args.command == "build" and not args.no_search and not args.watch)
        or (args.command == "serve" and args.search),
        check_links=args.command == "check",
        cache=None if getattr(args, "no_cache", False) else disk.folder_for(Path(args.content)),
        cache_writes=args.command != "check",
        progress=_progress_bar if args.command == "build" and sys.stderr.isatty() else None,
    )


def _last_build(options: Options, out: Path) -> tuple[disk.Store, str, str]:
    """Where the last build into ``out`` is recorded, and this build's fingerprint."""
    assert options.cache is not None
    settings = repr((options.drafts, options.base_url, options.search, str(options.content), str(options.templates)))
    fingerprint = disk.fingerprint(
        [options.content, options.templates, default_theme()], disk.salt() + settings.encode()
    )
    return disk.Store(options.cache / "builds"), disk.key(os.fsencode(os.path.abspath(out))), fingerprint


def cmd_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    out = Path(args.out)
    try:
        check_target(
            out, [Path(args.content), *_theme_folders(args), Path.cwd()], [Path(args.content), *_theme_folders(args)]
        )
    except WriteRefused as exc:
        print(f"gloss build: --out {args.out}: {exc}", file=sys.stderr)
        return 2
    if args.watch:
        return _watch(args, Rebuilder(_options(args), out))
    options = _options(args)
    if options.cache is not None:
        store, name, fingerprint = _last_build(options, out)
        last = store.get(name)
        if (
            not args.clean
            and isinstance(last, disk.LastBuild)
            and last.fingerprint == fingerprint
            and last.tree == disk.tree_state(out)
            and all(history.state(p) == s for p, s in last.history)
        ):
            remove_stale(out)  # (what a build killed before this one left)
            _report(last.diagnostics)
            print(f"{last.summary}; nothing changed since ({time.perf_counter() - started:.2f}s)", file=sys.stderr)
            return 0
    try:
        result: Result = stream.build(options, out, reuse=not args.clean)
    except OSError as exc:  # disk full, read-only or not ours: one line, the old site intact
        print(f"gloss build: {write_failure(out, exc)}", file=sys.stderr)
        return 1
    _report(result.diagnostics)
    if not result.written:
        return 1
    summary = f"built {result.pages} pages, {result.files} files into {out}/"
    if options.cache is not None:
        store.put(
            name,
            disk.LastBuild(
                fingerprint,
                disk.tree_state(out),
                tuple(result.diagnostics),
                summary,
                tuple((p, history.state(p)) for p in result.history),
            ),
        )
    if args.timings:
        for stage, wall, cpu in result.timings:
            print(f"  {stage:<13} {wall:7.2f}s wall {cpu:7.2f}s CPU (this process)", file=sys.stderr)
    indexed, shards = result.shards
    searched = f"; search index: {indexed} of {shards} shards indexed again" if shards else ""
    print(
        f"built {result.pages} pages, {result.files} files ({result.made} made, {result.kept} kept as they were) "
        f"into {out}/{mount_note(out)} in {time.perf_counter() - started:.2f}s{searched}",
        file=sys.stderr,
    )
    return 0


def _print_report(report: BuildReport) -> None:
    _report(report.diagnostics)
    if report.ok:
        print(f"rebuilt in {report.seconds * 1000:.0f} ms: {report.files()}", file=sys.stderr)


def _watch(args: argparse.Namespace, rebuilder: Rebuilder, state: LiveState | None = None) -> int:
    """Build, then rebuild after every burst of changes until interrupted."""
    stop = threading.Event()
    folders = [Path(args.content), *_theme_folders(args)]

    def on_build(report: BuildReport) -> None:
        _print_report(report)
        if state is not None:
            state.publish(report)

    print(f"watching {', '.join(str(f) for f in folders)} (Ctrl-C to stop)", file=sys.stderr)
    try:
        watch(rebuilder, folders, on_build, stop, build_first=True)  # (watching first: no save is missed)
    except KeyboardInterrupt:
        stop.set()
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    out = Path(args.out)
    try:
        check_target(
            out, [Path(args.content), *_theme_folders(args), Path.cwd()], [Path(args.content), *_theme_folders(args)]
        )
    except WriteRefused as exc:
        print(f"gloss serve: --out {args.out}: {exc}", file=sys.stderr)
        return 2
    config, problems = load_config(Path(args.content))
    state = LiveState(base_path := config.base_path if config else "/")
    out.mkdir(parents=True, exist_ok=True)
    rebuilder = Rebuilder(_options(args), out)
    try:
        server = PreviewServer((args.host, args.port), out, state, NotesApi(rebuilder))
    except OSError as exc:
        print(f"gloss serve: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return 2
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"serving {out}/ at http://{host}:{server.server_address[1]}{base_path}", file=sys.stderr)
    try:
        return _watch(args, rebuilder, state=state)
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()


def cmd_check(args: argparse.Namespace) -> int:
    result = stream.check(_options(args), Path(args.out))
    _report(result.diagnostics, strict=args.strict)
    failed = any(d.severity == "error" for d in result.diagnostics) or (args.strict and result.diagnostics)
    if not failed:
        print(f"ok: {result.articles} article{'s' * (result.articles != 1)}, no errors", file=sys.stderr)
    return 1 if failed else 0


def cmd_new(args: argparse.Namespace) -> int:
    if args.lang is None:
        config, _ = load_config(Path(args.content))
        args.lang = config.language if config else "en"
    if problem := tag_problem(args.lang):
        print(f"gloss new: --lang {problem}", file=sys.stderr)
        return 2
    slug = args.slug or default_slug(args.title)
    if problem := slug_problem(slug):
        print(f"gloss new: {problem} (pass --slug)", file=sys.stderr)
        return 2
    content = Path(args.content)
    bundle = content / f"{(args.date or dt.date.today()):%Y/%m}" / slug
    if bundle.exists():
        print(f"{bundle}:1:1: a bundle with this slug exists already; pass --slug", file=sys.stderr)
        return 1
    if content.parent.is_dir() and (written := site_schema(content)):
        print(f"gloss new: wrote {written} (the schema the notes point at, for editors' YAML tooling)", file=sys.stderr)
    try:
        bundle = new_bundle(content, args.title, args.date or dt.date.today(), args.lang, slug)
    except FileExistsError as exc:
        print(f"{exc.filename}:1:1: a bundle with this slug exists already; pass --slug", file=sys.stderr)
        return 1
    if hint := ascii_slug_hint(args.title, slug) if not args.slug else None:
        print(f"gloss new: {hint}", file=sys.stderr)
    print("gloss new: a draft (draft: true) with placeholders; `check` warns until they are replaced", file=sys.stderr)
    print(bundle)
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    if lang_problem := tag_problem(args.language):
        problem = f"--language {lang_problem}"
    elif not re.match(r"^https?://[^/\s]+(/\S*)?$", args.base_url):
        problem = f"--base-url {args.base_url}: not an absolute http(s) URL"
    elif folder.exists() and not folder.is_dir():
        problem = f"{folder} exists and is not a folder"
    else:
        problem = None
    if problem:
        print(f"gloss init: {problem}", file=sys.stderr)
        return 2
    base_url = args.base_url if args.base_url.endswith("/") else args.base_url + "/"
    try:
        created = init_site(folder, args.title, base_url, args.language, dt.date.today())
    except OSError as exc:
        print(f"gloss init: cannot write {exc.filename or folder}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for rel in created.written:
        print(f"created {folder / rel}")
    for rel in created.kept:
        print(f"left alone (exists already): {folder / rel}", file=sys.stderr)
    for note in created.notes:
        print("note: " + note.replace("\n", "\n      "), file=sys.stderr)  # a note's lines under its first
    print(f"next: cd {folder} && gloss serve" if str(folder) != "." else "next: gloss serve", file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    sys.stdout.write(schema_text())
    return 0


def cmd_deploy(args: argparse.Namespace) -> int:
    try:
        where = Path.cwd(), Path(args.out), Path(args.content), args.branch, args.remote, args.message
        p = plan(*where, search=not args.no_search, theme=_theme_folders(args))
        sys.stderr.write("".join(f"gloss deploy: {said}\n" for said in warnings(p)))
        print("\n".join(describe(p)) if args.dry_run else deploy(p))
    except DeployError as exc:
        print(f"gloss deploy: {exc}", file=sys.stderr)
        return 1
    return 0


COMMANDS = {
    "build": cmd_build,
    "check": cmd_check,
    "new": cmd_new,
    "schema": cmd_schema,
    "serve": cmd_serve,
    "deploy": cmd_deploy,
    "init": cmd_init,
    "lsp": lsp.run,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command in ("build", "check", "serve") and (problem := _usage_problem(args)):
        print(f"gloss {args.command}: {problem}", file=sys.stderr)
        return 2
    return COMMANDS[args.command](args)
