"""Command line: `python -m dpnp_report report RESULT.h5 [-o OUT.html] [--stretch S]` and
`python -m dpnp_report previews RESULT.h5 [--max-side N]`. Bad inputs print one line
`dpnp: error: ...` naming the input and the fix, and exit with code 2 (as dpnp does)."""
import argparse
import os
import sys
from pathlib import Path

from .common import STRETCHES, ReportInputError

EXIT_BAD_INPUT = 2


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise ReportInputError(f"{message}; see python -m dpnp_report --help")


def parse(argv):
    parser = Parser(prog="python -m dpnp_report", description="HTML report and PNG previews of a dpnp result file")
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser("report", help="one self-contained HTML report")
    report.add_argument("result", help="result file written by dpnp sample (output.path)")
    report.add_argument("-o", "--output", help="HTML file to write (default: <result stem>_report.html beside it)")
    report.add_argument("--stretch", choices=("auto",) + STRETCHES, default="auto",
                        help="stretch shown first (all four are in the page); auto: z-scale for large dynamic range")
    report.add_argument("--max-side", type=int, default=800, help="images are box-averaged to this longer side")
    previews = commands.add_parser("previews", help="PNG previews with colour bars beside the result")
    previews.add_argument("result")
    previews.add_argument("--max-side", type=int, default=1024)
    previews.add_argument("--stretch", choices=("auto",) + STRETCHES, default="auto")
    return parser.parse_args(argv)


def report_path(result, output):
    if output is None:
        result = Path(result)
        return result.with_name(f"{result.stem}_report.html")
    target = Path(output)
    if target.is_dir():
        raise ReportInputError(f"report output '{target}': is a directory; give a file name such as report.html")
    if not target.parent.is_dir():
        raise ReportInputError(f"report output '{target}': the folder '{target.parent}' does not exist; create it or "
                               f"choose another -o")
    if target.exists() and Path(result).exists() and os.path.samefile(target, result):
        raise ReportInputError(f"report output '{target}': is the result file itself; give another -o such as "
                               f"report.html")
    return target


def write_atomically(target, text):
    # The process id keeps two reports of the same result (dpnp report under mpirun) apart until the rename.
    temporary = target.with_name(f"{target.name}.{os.getpid()}.partial")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(target)
    except OSError as e:
        temporary.unlink(missing_ok=True)
        raise ReportInputError(f"report output '{target}': cannot be written ({e.strerror}); choose a writable -o") from None


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    # In a run's log (previews), a problem is a warning: the run itself has succeeded.
    prefix = "dpnp previews: not written:" if argv[:1] == ["previews"] else "dpnp: error:"
    try:
        args = parse(argv)
        if args.max_side < 16:
            raise ReportInputError(f"--max-side {args.max_side}: too small; give at least 16")
        try:
            from . import previews, report  # numpy, h5py and matplotlib are needed from here on
        except ImportError as e:
            raise ReportInputError(f"{e.name or 'a package'} is missing from {sys.executable}; install it with "
                                   f"{sys.executable} -m pip install matplotlib h5py (scripts/setup.sh does)") from None
        if args.command == "report":
            target = report_path(args.result, args.output)
            text, stretch = report.build(args.result, args.stretch, args.max_side)
            write_atomically(target, text)
            print(f"dpnp report: wrote {target} ({len(text) / 1e6:.1f} MB, stretch {stretch})")
        else:
            written = previews.write_previews(args.result, args.max_side, args.stretch)
            print(f"dpnp previews: wrote {', '.join(str(p) for p in written)}")
        return 0
    except ReportInputError as e:
        print(f"{prefix} {e}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
