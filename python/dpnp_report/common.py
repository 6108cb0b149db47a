"""What the command line needs before numpy, h5py and matplotlib are imported (so that a missing
package is reported in one line)."""

STRETCHES = ("linear", "asinh", "log", "zscale")


class ReportInputError(Exception):
    """A bad input: one line naming it and the fix; exit code 2."""
