"""One ``wikilint PATH ...`` run: discover, read, lint (through the one pipeline), fix, report."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from wikilint.cli.args import lint_parser
from wikilint.cli.common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    LINE_FORMATS,
    SUBCOMMANDS,
    Messages,
    UsageError,
    config_error_line,
    is_tty,
)
from wikilint.cli.progress import Progress
from wikilint.records import ValueRecord

if TYPE_CHECKING:
    from wikilint.config.model import Config, RuleSet
    from wikilint.config.resolve import ConfigResolver
    from wikilint.io.discovery import Target
    from wikilint.io.files import WikiFile
    from wikilint.lint.baseline import Baseline
    from wikilint.lint.rule import Finding, Rule
    from wikilint.output import Formatter

__all__ = ["LintRun", "FileReport", "lint_command", "lint_text_with"]


def lint_text_with(rules: RuleSet, config: Config, dialect: str, text: str, path: str
                   ) -> tuple[list[Finding], list[Any], Any]:
    """Lint one text with a configured rule set, through the one pipeline.

    Returns (findings, rule errors, source).  Module-level so that dump
    workers (other processes) run exactly what a file run does.
    """
    from wikilint.api import lint_with

    result = lint_with(rules, config, dialect, text, path)
    return result.findings, result.errors, result.source


class FileReport(ValueRecord):
    """What linting one file produced."""

    __slots__ = ("path", "source", "findings", "fixed", "diff", "fixed_text", "ok")
    path: str
    source: Any  # SourceFile of the text reported on
    findings: list[Finding]
    fixed: int
    diff: str
    fixed_text: str | None
    ok: bool

    def __init__(self, path: str, source: Any = None, findings: list[Finding] | None = None,
                 fixed: int = 0, diff: str = "", fixed_text: str | None = None,
                 ok: bool = True) -> None:
        self.path = path
        self.source = source
        self.findings = [] if findings is None else findings
        self.fixed = fixed
        self.diff = diff
        self.fixed_text = fixed_text
        self.ok = ok


class LintRun:
    """One ``wikilint PATH ...`` invocation."""

    def __init__(self, args: argparse.Namespace, stdout: TextIO, stderr: TextIO):
        self.args = args
        self.stdout = stdout
        self.stderr = stderr
        self.messages = Messages(stderr)
        self.bad_configs: set[str] = set()
        self.rule_sets: dict[tuple[int, tuple[str, ...]], tuple[Config, RuleSet]] = {}
        self.all_rules: tuple[type[Rule], ...] = ()

    # -- configuration ----------------------------------------------------
    def make_resolver(self) -> ConfigResolver:
        from wikilint.config.model import Overrides
        from wikilint.config.resolve import ConfigResolver
        from wikilint.lint.rule import Severity

        a = self.args
        overrides = Overrides(
            select=tuple(a.select) if a.select is not None else None,
            ignore=tuple(a.ignore) if a.ignore is not None else None,
            extend_select=tuple(a.extend_select), extend_ignore=tuple(a.extend_ignore),
            exclude=tuple(a.exclude) if a.exclude is not None else None,
            extend_exclude=tuple(a.extend_exclude),
            extend_include=tuple(getattr(a, "extend_include", None) or ()),
            fail_on=Severity(a.fail_on) if a.fail_on else None)
        return ConfigResolver(explicit=a.config, isolated=a.isolated, overrides=overrides)

    def config_for(self, resolver: ConfigResolver, path: str) -> Config | None:
        """The path's configuration, or None (reported once) when it is broken."""
        from wikilint.config.model import ConfigError

        try:
            return resolver.for_path(path)
        except ConfigError as exc:
            line = config_error_line(exc)
            if line not in self.bad_configs:
                self.bad_configs.add(line)
                self.messages.error(line)
            return None

    def rule_set(self, config: Config, path: str) -> RuleSet:
        key = (id(config), config.ignored_for(path))
        cached = self.rule_sets.get(key)
        if cached is None or cached[0] is not config:  # the entry holds its config: a unique id
            cached = self.rule_sets[key] = (config, config.rule_set(path))
        return cached[1]

    # -- the run ----------------------------------------------------------
    def run(self) -> int:
        from wikilint.config.model import ConfigError

        a = self.args
        self.check_arguments()
        self.report_plugin_problems()
        resolver = self.make_resolver()
        self.check_selectors(resolver)
        if a.config or a.isolated:
            try:  # one configuration for everything: a broken one stops the run
                resolver.for_path(os.getcwd())
            except ConfigError as exc:
                self.messages.error(config_error_line(exc))
                return EXIT_ERROR
        baseline = None
        if a.baseline:
            baseline = self.load_baseline(a.baseline)
            if baseline is None:
                return EXIT_ERROR
        targets = [] if a.wiki else self.discover(resolver)  # --wiki: titles, not paths
        if a.diff:
            return self.run_diff(targets, resolver)
        return self.run_report(targets, resolver, baseline)

    def check_arguments(self) -> None:
        from wikilint.cli.wiki import check_wiki_arguments

        a = self.args
        check_wiki_arguments(a)
        if a.show_fixed and not a.baseline:
            raise UsageError("wikilint: error: --show-fixed needs --baseline FILE")
        if a.unsafe_fixes and not (a.fix or a.diff):
            raise UsageError("wikilint: error: --unsafe-fixes needs --fix or --diff")
        if a.stdin_filename and a.paths and "-" not in a.paths:
            raise UsageError("wikilint: error: --stdin-filename names standard input: "
                             "pass - as the path")
        if a.paths.count("-") > 1:
            raise UsageError("wikilint: error: standard input (-) can be read only once")
        if a.write_baseline and (a.fix or a.diff):
            raise UsageError("wikilint: error: --write-baseline cannot be combined with "
                             "--fix or --diff")
        if not a.paths and not a.wiki:
            a.paths = ["-"] if a.stdin_filename else ["."]

    def check_selectors(self, resolver: ConfigResolver | None = None) -> None:
        """Unknown rules on the command line are a usage error, before any file is read.

        A code or name that no built-in or plugin rule has may be a pack rule's
        (``packs:`` in a configuration): it is accepted when the configuration
        of the working folder or of a path given knows it (each configuration
        checks it again when applied, so a file whose configuration lacks it
        gets a located error).
        """
        from wikilint.config.model import available_rules
        from wikilint.lint.selection import SelectionError, parse_selector

        a = self.args
        if not (a.select or a.ignore or a.extend_select or a.extend_ignore):
            return  # nothing to check: no rule module is imported for it
        rules = available_rules()
        for flag, keys in (("--select", a.select), ("--ignore", a.ignore),
                           ("--extend-select", a.extend_select),
                           ("--extend-ignore", a.extend_ignore)):
            for key in keys or ():
                try:
                    parse_selector(key, rules)
                except SelectionError as exc:
                    if not self.configured_rule(resolver, key):
                        raise UsageError(f"wikilint: error: {flag}: {exc}") from None

    def configured_rule(self, resolver: ConfigResolver | None, key: str) -> bool:
        """Whether a configuration the run will use has a (pack) rule matching ``key``."""
        from wikilint.config.model import ConfigError
        from wikilint.lint.selection import SelectionError, parse_selector

        if resolver is None:
            return False
        from wikilint.config.resolve import ConfigResolver

        # the configurations as written (the command line's other keys not applied yet)
        plain = ConfigResolver(explicit=resolver.explicit, isolated=resolver.isolated)
        places = [os.getcwd()] + [p for p in (self.args.paths or ()) if p != "-"]
        for place in dict.fromkeys(places):
            try:
                config = plain.for_path(place)
                parse_selector(key, config.available)
            except (ConfigError, SelectionError, OSError):
                continue
            return True
        return False

    def report_plugin_problems(self) -> None:
        from wikilint.rules.registry import plugin_rules

        for warning in plugin_rules()[1]:
            self.messages.warning(f"wikilint: warning: plugin '{warning.plugin}' could not be "
                                  f"loaded and was skipped: {warning.message}")

    def load_baseline(self, path: str) -> Baseline | None:
        from wikilint.lint.baseline import Baseline, BaselineError

        try:
            return Baseline.load(path)
        except BaselineError as exc:
            self.messages.error(f"{exc}")
            return None

    def discover(self, resolver: ConfigResolver) -> list[Target]:
        from wikilint.config.model import WALKED_EXTENSIONS, ConfigError, default_config
        from wikilint.io.discovery import discover

        fallback = default_config()

        def config(path: str) -> Config:
            return self.config_for(resolver, path) or fallback

        def dialect_of(path: str) -> str | None:
            return config(path).dialect_of(path)

        def is_excluded(path: str) -> bool:
            return config(path).is_excluded(path)

        def is_walked(path: str) -> bool:
            return config(path).is_walked(path)

        def gitignore(folder: str) -> bool:
            return config(folder).respect_gitignore

        try:  # quietly: the working folder's configuration is reported if a file uses it
            cwd_config = resolver.for_path(os.getcwd())
        except ConfigError:
            cwd_config = fallback
        walked = tuple(dict.fromkeys(WALKED_EXTENSIONS + cwd_config.declared_extensions))
        targets, problems = discover(self.args.paths, dialect_of=dialect_of,
                                     is_excluded=is_excluded, forced_dialect=self.args.dialect,
                                     stdin_filename=self.args.stdin_filename,
                                     extensions=walked, is_walked=is_walked,
                                     gitignore=gitignore,
                                     prune_excluded=not cwd_config.has_negated_excludes)
        for problem in problems:
            if problem.path in SUBCOMMANDS and problem.message == "no such file or folder":
                problem = problem._replace(message=(
                    f"{problem.message} (to run the '{problem.path}' subcommand, put it "
                    f"first: wikilint {problem.path} …)"))
            if problem.level == "error":
                self.messages.error(problem.line())
            elif problem.level == "warning":
                self.messages.warning(problem.line())
            else:
                self.messages.note(problem.line())
        return targets

    # -- reading and linting one file ----------------------------------------
    def shown_path(self, target: Target) -> str:
        if target.path == "-":
            return self.args.stdin_filename or "<stdin>"
        return target.path

    def read(self, target: Target) -> WikiFile | None:
        from wikilint.io.files import (
            DEFAULT_MAX_BYTES,
            BinaryFileError,
            InputError,
            read_wiki_file,
            too_large_message,
            wiki_file_from_bytes,
        )

        a = self.args
        limit = DEFAULT_MAX_BYTES if a.max_file_size is None else a.max_file_size
        shown = self.shown_path(target)
        try:
            if target.path == "-":
                raw = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else \
                    sys.stdin.read().encode("utf-8")
                if limit and len(raw) > limit:
                    raise InputError(too_large_message(len(raw), limit), shown)
                return wiki_file_from_bytes(raw, shown, a.encoding)
            return read_wiki_file(target.path, a.encoding, limit)
        except BinaryFileError as exc:
            self.messages.note(f"{shown}: note: {exc.message}")
        except InputError as exc:
            self.messages.error(f"{shown}: error: {exc.message}")
        return None

    def linter(self, target: Target, rules: RuleSet, config: Config
               ) -> Callable[[str], tuple[list[Finding], Any]]:
        """lint(text) -> (findings after suppression, source); rule crashes reported once."""
        shown = self.shown_path(target)
        reported: set[str] = set()

        def lint(text: str) -> tuple[list[Finding], Any]:
            findings, errors, source = lint_text_with(rules, config, target.dialect, text, shown)
            self.rule_errors(shown, errors, reported)
            return findings, source

        return lint

    def rule_errors(self, shown: str, errors: Sequence[Any], reported: set[str]) -> None:
        for err in errors:
            if err.rule not in reported:
                reported.add(err.rule)
                self.messages.error(f"{shown}: error: rule '{err.rule}' failed and was "
                                    f"skipped: {err.message}")

    def lint_file(self, target: Target, config: Config, fix: bool) -> FileReport | None:
        wikifile = self.read(target)
        if wikifile is None:
            return None
        rules = self.rule_set(config, target.path if target.path != "-" else
                              self.shown_path(target))
        lint = self.linter(target, rules, config)
        errors_before = len(self.messages.errors)
        report = FileReport(self.shown_path(target))
        if not fix:
            report.findings, report.source = lint(wikifile.text)
        else:
            report = self.fix_file(target, wikifile, lint, report)
        report.ok = len(self.messages.errors) == errors_before
        return report

    def fix_file(self, target: Target, wikifile: WikiFile,
                 lint: Callable[[str], tuple[list[Finding], Any]],
                 report: FileReport) -> FileReport:
        from wikilint.io.files import InputError, write_wiki_file
        from wikilint.lint.fixes import fix_text, unified_diff

        outcome = fix_text(wikifile.text, lambda text: lint(text)[0], self.args.unsafe_fixes)
        # the fixed text is linted again for the report (lint() caches nothing)
        report.findings, report.source = lint(outcome.new_text)
        if not outcome.changed:
            return report
        if self.args.diff:
            report.diff = unified_diff(report.path, wikifile.text, outcome.new_text)
            report.fixed = len(outcome.applied)
            return report
        if target.path == "-":
            report.fixed_text = outcome.new_text
            report.fixed = len(outcome.applied)
            return report
        try:
            write_wiki_file(wikifile, outcome.new_text)
            report.fixed = len(outcome.applied)
        except (InputError, OSError) as exc:  # this file only: the run goes on to the next
            message = exc.message if isinstance(exc, InputError) else \
                f"cannot write: {exc.strerror or exc}; not written"
            self.messages.error(f"{report.path}: error: {message}")
            report.findings, report.source = lint(wikifile.text)
        return report

    def each_file(self, targets: Sequence[Target], resolver: ConfigResolver, fix: bool,
                  progress: Progress) -> Any:
        from wikilint.io.dumps import is_dump

        if self.args.wiki:
            from wikilint.cli.wiki import wiki_reports

            yield from wiki_reports(self, resolver)
            return
        if not fix:  # an engine: this process, -j N workers or a Dask cluster; the cache
            from wikilint.cli.execute import lint_reports

            yield from lint_reports(self, targets, resolver, progress)
            return
        for target in targets:  # --fix and --diff: one file after another, here
            config = self.config_for(resolver, target.path if target.path != "-"
                                     else (self.args.stdin_filename or os.getcwd()))
            if config is None:
                progress.advance(target.path)
                continue
            if target.path != "-" and is_dump(target.path):
                self.messages.error(f"{target.path}: error: --fix and --diff cannot edit "
                                    "pages inside an XML dump")
                progress.advance(target.path)
                continue
            report = self.lint_file(target, config, fix)
            progress.advance(target.path)
            if report is not None:
                yield target, config, report

    # -- modes ----------------------------------------------------------------
    def run_diff(self, targets: Sequence[Target], resolver: ConfigResolver) -> int:
        progress = Progress(self.stderr, len(targets), self.progress_wanted("text"))
        self.messages.before_write = progress.clear
        changed = fixes = 0
        for _, _, report in self.each_file(targets, resolver, True, progress):
            if report.diff:
                progress.clear()
                self.stdout.write(report.diff)
                self.stdout.flush()
                progress.redraw()
                changed += 1
                fixes += report.fixed
        progress.clear()
        if changed:
            self.messages.note(f"wikilint: {fixes} fix{'es' if fixes != 1 else ''} in "
                               f"{changed} file{'s' if changed != 1 else ''} would be applied "
                               "(--diff writes nothing)")
        else:
            self.messages.note("wikilint: no fixes to apply")
        if self.messages.errors:
            return EXIT_ERROR
        return EXIT_FINDINGS if changed else EXIT_OK

    def progress_wanted(self, fmt: str) -> bool:
        a = self.args
        if not a.progress or fmt not in LINE_FORMATS or not is_tty(self.stderr):
            return False
        return bool(a.output_file) or is_tty(self.stdout)

    def open_output(self) -> TextIO:
        if not self.args.output_file:
            return self.stdout
        try:
            return open(self.args.output_file, "w", encoding="utf-8", newline="")
        except OSError as exc:
            raise UsageError(f"wikilint: error: cannot write {self.args.output_file}: "
                             f"{exc.strerror or exc}") from None

    def use_color(self, stream: TextIO) -> bool:
        choice = self.args.color
        if choice != "auto":
            return choice == "always"
        if os.environ.get("NO_COLOR"):
            return False
        if os.environ.get("FORCE_COLOR"):
            return True
        return not self.args.output_file and is_tty(stream)

    def run_report(self, targets: Sequence[Target], resolver: ConfigResolver,
                   baseline: Baseline | None) -> int:
        from wikilint.config.model import available_rules
        from wikilint.output import Summary, get_formatter, resolve_format

        a = self.args
        fmt = resolve_format(a.format)
        fix_stdin = a.fix and any(t.path == "-" for t in targets)
        stream = self.stderr if fix_stdin and not a.output_file else self.open_output()
        formatter = None
        records: list[tuple[str, Finding, str]] = []
        summary = Summary(statistics=a.statistics)
        failing = 0
        try:
            if not a.write_baseline:
                formatter = get_formatter(fmt, stream, color=self.use_color(stream),
                                          rules=available_rules, show_source=a.show_source)
                formatter.start()
            progress = Progress(self.stderr, len(targets), self.progress_wanted(fmt))
            self.messages.before_write = progress.clear
            summary.files_with_findings = 0
            for target, config, report in self.each_file(targets, resolver, a.fix, progress):
                summary.files += 1
                summary.fixed += report.fixed
                if report.fixed_text is not None:
                    self.stdout.write(report.fixed_text)
                findings = self.after_baseline(report, baseline, records)
                if formatter is not None:
                    if findings:  # the bar steps aside for the file's findings, then returns
                        progress.clear()
                    self.emit(formatter, report, findings)
                    if findings:
                        stream.flush()
                        progress.redraw()
                summary.files_with_findings += bool(findings)
                summary.findings += len(findings)
                summary.by_rule.update(f.code for f in findings)
                if self.editable(target):  # not pages of a dump or a live wiki
                    fixes = [f.fix for f in findings if f.fix is not None]
                    summary.fixable += sum(1 for x in fixes if x.safe or a.unsafe_fixes)
                    summary.unsafe_fixable += sum(1 for x in fixes
                                                  if not x.safe and not a.unsafe_fixes)
                failing += sum(1 for f in findings if f.severity.rank >= config.fail_on.rank)
            progress.clear()
            if baseline is not None and a.show_fixed:
                self.show_fixed(baseline, fmt, stream)
            summary.errors = list(self.messages.errors)
            if formatter is not None:
                formatter.finish(summary)
        finally:
            if stream is not self.stdout and stream is not self.stderr:
                stream.close()
        if a.write_baseline:
            return self.write_baseline(records)
        if self.messages.errors:
            return EXIT_ERROR
        if failing and not a.exit_zero:
            return EXIT_FINDINGS
        return EXIT_OK

    @staticmethod
    def editable(target: Target | None) -> bool:
        """Can --fix edit what ``target`` is (a file or standard input, not a dump's page
        nor a page of a live wiki)?"""
        from wikilint.io.dumps import is_dump

        return target is not None and (target.path == "-" or not is_dump(target.path))

    def after_baseline(self, report: FileReport, baseline: Baseline | None,
                       records: list[tuple[str, Finding, str]]) -> list[Finding]:
        a = self.args
        if baseline is None and not a.write_baseline:
            return report.findings
        from wikilint.lint.baseline import baseline_path_key, fingerprint_findings

        text = report.source.text if report.source is not None else ""
        findings = report.findings
        if a.write_baseline:
            key = baseline_path_key(report.path, a.write_baseline)
            prints = fingerprint_findings(findings, text, key)
            records.extend((key, f, fp) for f, fp in zip(findings, prints, strict=True))
        if baseline is None:
            return findings
        key = baseline_path_key(report.path, baseline.path)
        return baseline.new_findings(key, findings, fingerprint_findings(findings, text, key))

    @staticmethod
    def emit(formatter: Formatter, report: FileReport, findings: Sequence[Finding]) -> None:
        formatter.begin_file(report.path, report.source)
        for finding in findings:
            formatter.handle(finding)
        formatter.end_file(report.path)

    def show_fixed(self, baseline: Baseline, fmt: str, stream: TextIO) -> None:
        gone = baseline.fixed()
        out = stream if fmt in LINE_FORMATS else self.stderr
        for e in gone:
            out.write(f"{e.path}:{e.line}: {e.code} fixed (was in the baseline): "
                      f"{e.message} ({e.rule})\n")
        out.write(f"{len(gone)} baseline finding{'s' if len(gone) != 1 else ''} "
                  "no longer reported.\n")

    def write_baseline(self, records: list[tuple[str, Finding, str]]) -> int:
        from wikilint.lint.baseline import write_baseline

        try:
            count = write_baseline(self.args.write_baseline, records)
        except OSError as exc:
            self.messages.error(f"{self.args.write_baseline}: error: cannot write baseline: "
                                f"{exc.strerror or exc}")
            return EXIT_ERROR
        self.messages.note(f"wikilint: recorded {count} finding{'s' if count != 1 else ''} "
                           f"in {self.args.write_baseline}")
        return EXIT_ERROR if self.messages.errors else EXIT_OK


def lint_command(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    args = lint_parser().parse_args(list(argv))
    return LintRun(args, stdout, stderr).run()
