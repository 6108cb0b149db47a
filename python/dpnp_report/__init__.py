"""dpnp's result report and previews: reads a result file (docs/output.md) with h5py and renders
figures with matplotlib. Run it as `dpnp report RESULT.h5` or `python -m dpnp_report` with this
folder's parent on PYTHONPATH."""
