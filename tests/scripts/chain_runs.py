"""Running small dpnp chains under mpirun and interrupting them, for signal_test.py and
fault_trials.py: configs, processes and their ranks, checkpoint checks, result comparison."""
import os
import signal
import subprocess
import time
from pathlib import Path

import h5py
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
MPIRUN = ROOT / "scripts/mpirun.sh"
# Ranks that busy-poll MPI on a machine with fewer free cores than ranks take turns at the scheduler's
# pace: collective HDF5 writes then cost ~0.4 s instead of 10 ms. Yielding when idle avoids that.
ENV = dict(os.environ, OMP_NUM_THREADS="1", OMPI_MCA_mpi_yield_when_idle="1")


def write_config(path: Path, output: Path, iterations: int, checkpoint_every: int, crop=(150, 180, 64, 64),
                 progress_every: int = 10) -> Path:
    """A TV inpainting chain on a crop of the demo image, one thread per rank."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"""run: {{threads: 1}}
truth: {{path: "{ROOT / 'data/images/dandelion_512.png'}", crop: [{', '.join(map(str, crop))}]}}
observation: {{missing_fraction: 0.6, snr_db: 20}}
prior: {{type: tv, mu: 15, rho: 0.01}}
sampler: {{iterations: {iterations}, burn_in: 40, keep_samples: 4, flush_every: 5}}
output: {{path: "{output}", checkpoint_every: {checkpoint_every}, progress_every: {progress_every}}}
""")
    return path


def command(dpnp: str, config: Path, ranks: int, extra=()) -> list:
    return [str(MPIRUN), "-n", str(ranks), dpnp, "sample", str(config), *extra]


def start(dpnp: str, config: Path, ranks: int, log: Path, extra=()) -> subprocess.Popen:
    """Starts mpirun in its own session (so that a stuck job can be killed whole), output to `log`."""
    with open(log, "w") as out:
        return subprocess.Popen(command(dpnp, config, ranks, extra), stdout=out, stderr=subprocess.STDOUT, env=ENV,
                                start_new_session=True)


def finish(process: subprocess.Popen, timeout: float) -> int:
    """Waits for mpirun; kills the whole session if it outlives `timeout`. Returns the exit code."""
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return -9


def run(dpnp: str, config: Path, ranks: int, log: Path, extra=(), timeout: float = 120) -> int:
    return finish(start(dpnp, config, ranks, log, extra), timeout)


def children(pid: int) -> list:
    """Processes whose parent is `pid` (the ranks, for mpirun)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may contain spaces: the parent pid follows the last ')'.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def rank_pids(mpirun: subprocess.Popen, ranks: int, timeout: float = 30) -> list:
    """The pids of the ranks of `mpirun`, once all of them have started."""
    wait_for(lambda: len(children(mpirun.pid)) >= ranks or mpirun.poll() is not None, timeout)
    return children(mpirun.pid)


def wait_for(predicate, timeout: float, poll: float = 0.01) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(poll)
    return predicate()


def signal_all(pids, sig) -> None:
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def checkpoint_problem(path: Path) -> str:
    """'' when `path` is a complete, self-consistent dpnp checkpoint; otherwise what is wrong."""
    try:
        with h5py.File(path, "r") as f:
            if f.attrs.get("complete") != 1:
                return "not marked complete"
            iteration = int(f.attrs["iteration"])
            if len(f["trace/potential"]) != iteration or len(f["trace/seconds"]) != iteration:
                return f"trace does not cover {iteration} iterations"
            x, mean = f["variables/x"], f["welford/mean"]
            if x.shape[-2:] != mean.shape[-2:] or f["ring/samples"].shape[1:] != mean.shape:
                return "inconsistent shapes"
            for name in ("variables/x", "variables/z", "welford/mean", "welford/m2"):
                if not np.isfinite(f[name][()]).all():
                    return f"{name} is not finite"
    except (OSError, KeyError) as error:
        return f"unreadable: {error}"
    return ""


def checkpoint_iteration(path: Path) -> int:
    with h5py.File(path, "r") as f:
        return int(f.attrs["iteration"])


def result_difference(result: Path, reference: Path) -> float:
    """Largest relative difference of /mmse and /variance (inf when a file is missing)."""
    if not result.exists():
        return float("inf")
    worst = 0.0
    with h5py.File(result, "r") as a, h5py.File(reference, "r") as b:
        for name in ("mmse", "variance"):
            x, y = a[name][()].astype(np.float64), b[name][()].astype(np.float64)
            worst = max(worst, float(np.linalg.norm(x - y) / max(np.linalg.norm(y), 1e-300)))
    return worst
