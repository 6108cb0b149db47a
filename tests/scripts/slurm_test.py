#!/usr/bin/env python3
"""dpnp's Slurm templates under a real Slurm (issue 10). A single-node cluster on this machine (Debian's
slurm-wlm and munge, installed when missing; munged, slurmctld and slurmd started as root and stopped by
pid at the end), driven with the commands of docs/running-on-clusters.md:

- series: the CPU template, copied and adapted as the docs say (one node, two tasks,
  --signal=B:USR1@20), submitted with `-J NAME --time=1` on the command line for a chain that needs
  about three 1-minute segments. Every dataset of the result equals an uninterrupted mpirun run bit for
  bit (the per-iteration wall times aside); every job kept the name and the time limit and ended
  COMPLETED; one log file holds the whole series, without errors or --cpu-bind warnings.
- stop: preemption with requeue (`scontrol requeue JOBID`): dpnp checkpoints, the job submits nothing,
  and Slurm's requeued job resumes; then `scancel JOBID` leaves a valid checkpoint written at the stop
  and no new job; the same sbatch command continues the chain to the uninterrupted result.
- early signal: SIGUSR1 to the batch shell (as --signal=B:USR1 sends it) 0.2 s after dpnp's ranks
  start, with srun and with the mpirun fallback: dpnp exits with 75 and a resumable checkpoint, and the
  next segment finishes the chain with the uninterrupted result.
- changed config: a finished chain's folder submitted with another prior stops at once (FAILED, exit
  code 2), naming the differing key and what to do; the checkpoint stays.

Exit code 77 (CTest: skipped) only where this machine cannot run the Slurm daemons; the reason says
which check failed.

Usage: slurm_test.py --dpnp BUILD/src/dpnp --work DIR
"""
import argparse
import ctypes
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import h5py
import numpy as np

import chain_runs as cr

SKIP = 77
CROP = (150, 180, 128, 128)
SERIES_SECONDS = 70  # sampling time of the series' chain: about 3 segments of a 1-minute limit
SCANCEL_SECONDS = 25
ENV = dict(cr.ENV, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")


def check(condition: bool, what: str, log: Path = None) -> bool:
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition and log and log.exists():
        print("     " + log.read_text(errors="replace")[-4000:].replace("\n", "\n     "), flush=True)
    return condition


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def die_with_parent():
    """Daemons get SIGTERM if this test is killed (a CTest timeout) before it stops them."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class Cluster:
    """munged, slurmctld and slurmd in the foreground, as children of this process, with their state
    in a short temporary folder (munge's socket path must fit a sockaddr_un)."""

    def __init__(self, cpus: int):
        self.cpus = cpus
        self.base = Path(tempfile.mkdtemp(prefix="dpnp-slurm-"))
        self.base.chmod(0o755)  # munged: every folder above its socket must be searchable
        self.conf = self.base / "slurm.conf"
        self.daemons = []
        self.env = dict(ENV, SLURM_CONF=str(self.conf))

    def install(self) -> str:
        """'' when slurm-wlm and munge are there (installed now if needed); otherwise why not."""
        needed = ["munged", "slurmctld", "slurmd", "sbatch", "srun", "scontrol", "squeue", "scancel"]
        if all(shutil.which(tool) for tool in needed):
            return ""
        if os.environ.get("DPNP_SKIP_APT") == "1":
            return "slurm-wlm and munge are not installed and DPNP_SKIP_APT=1 forbids installing them"
        if not shutil.which("apt-get"):
            return "slurm-wlm and munge are not installed and there is no apt-get"
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "slurm-wlm", "munge"]
        print("installing slurm-wlm and munge with apt-get", flush=True)
        result = subprocess.run(install, capture_output=True, text=True, env=env)
        if result.returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], capture_output=True, env=env)
            result = subprocess.run(install, capture_output=True, text=True, env=env)
        if result.returncode != 0:
            return f"'{' '.join(install)}' failed: {(result.stderr or result.stdout).strip()[-500:]}"
        missing = [tool for tool in needed if not shutil.which(tool)]
        return f"{', '.join(missing)} missing after installing slurm-wlm and munge" if missing else ""

    def write_config(self) -> None:
        for folder in ("munge", "state", "spool", "log", "run"):
            (self.base / folder).mkdir()
        (self.base / "munge").chmod(0o700)
        key = self.base / "munge/munge.key"
        key.write_bytes(os.urandom(1024))
        key.chmod(0o400)
        (self.base / "plugstack.conf").write_text("")
        run, log = self.base / "run", self.base / "log"
        self.conf.write_text(f"""ClusterName=dpnptest
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
SlurmctldPort={free_port()}
SlurmdPort={free_port()}
AuthType=auth/munge
AuthInfo=socket={run}/munge.socket,cred_expire=20
CredType=cred/munge
StateSaveLocation={self.base}/state
SlurmdSpoolDir={self.base}/spool
SlurmctldPidFile={run}/slurmctld.pid
SlurmdPidFile={run}/slurmd.pid
SlurmctldLogFile={log}/slurmctld.log
SlurmdLogFile={log}/slurmd.log
PlugStackConfig={self.base}/plugstack.conf
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/builtin
SchedulerParameters=sched_interval=2
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
ReturnToService=2
MinJobAge=900
KillWait=30
JobCompType=jobcomp/filetxt
JobCompLoc={log}/jobcomp.txt
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
NodeName=localhost NodeAddr=127.0.0.1 CPUs={self.cpus} State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=2 State=UP
""")

    def start(self) -> str:
        """'' once the node is idle; otherwise which daemon failed, with its log."""
        self.write_config()
        munge, run, log = self.base / "munge", self.base / "run", self.base / "log"
        commands = {
            "munged": ["munged", "--foreground", f"--socket={run}/munge.socket", f"--key-file={munge}/munge.key",
                       f"--pid-file={run}/munged.pid", f"--log-file={log}/munged.log", f"--seed-file={munge}/seed"],
            "slurmctld": ["slurmctld", "-D", "-f", str(self.conf)],
            "slurmd": ["slurmd", "-D", "-f", str(self.conf), "-N", "localhost"],
        }
        for name, command in commands.items():
            out = open(log / f"{name}.out", "w")
            self.daemons.append((name, subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=self.env,
                                                        preexec_fn=die_with_parent)))
            if name == "munged" and not cr.wait_for(lambda: (run / "munge.socket").exists(), 20, 0.1):
                return self.failure("munged did not create its socket")
        if not cr.wait_for(lambda: self.node_state() == "idle", 60, 0.5):
            return self.failure(f"the node did not become idle (state '{self.node_state()}')")
        return ""

    def failure(self, what: str) -> str:
        lines = [what]
        for name, process in self.daemons:
            if process.poll() is not None:
                lines.append(f"{name} exited with code {process.returncode}")
            for path in (self.base / "log").glob(f"{name}*"):
                lines.append(f"--- {path.name}:\n" + path.read_text(errors="replace")[-1500:])
        return "\n".join(lines)

    def node_state(self) -> str:
        result = self.command(["sinfo", "-h", "-o", "%T"], check=False)
        return result.stdout.strip() if result.returncode == 0 else ""

    def command(self, command, cwd=None, check=True, env=None) -> subprocess.CompletedProcess:
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env or self.env, timeout=60)
        if check and result.returncode != 0:
            raise RuntimeError(f"{' '.join(map(str, command))} failed: {result.stderr.strip()}")
        return result

    def job(self, job_id: str) -> dict:
        """scontrol's record of a job (kept MinJobAge seconds after its end)."""
        text = self.command(["scontrol", "show", "job", "-o", job_id], check=False).stdout
        return dict(re.findall(r"(\S+?)=(\S*)", text))

    def jobs_named(self, name: str) -> list:
        return self.command(["squeue", "-h", "-n", name, "-o", "%i"]).stdout.split()

    def stop(self) -> None:
        """Cancels what still runs, then stops the daemons by pid (slurmd first)."""
        if any(process.poll() is None for _, process in self.daemons):
            self.command(["scancel", "--full", "--signal=KILL", "-u", "root"], check=False)
            cr.wait_for(lambda: not self.command(["squeue", "-h"], check=False).stdout.strip(), 15, 0.5)
        for name, process in reversed(self.daemons):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        shutil.rmtree(self.base, ignore_errors=True)


def submit(cluster: Cluster, work: Path, name: str, time_limit: str, config: Path, extra_env=None, options=()) -> str:
    """The documented submission: sbatch -J NAME --time=LIMIT my_cpu.sbatch CONFIG [OPTIONS], from the
    project folder."""
    env = dict(cluster.env, **(extra_env or {}))
    result = cluster.command(["sbatch", "-J", name, f"--time={time_limit}", "my_cpu.sbatch", config.name, *options],
                             cwd=work, env=env)
    return result.stdout.split()[-1]


def adapted_template(work: Path) -> None:
    """cpu.sbatch copied away from dpnp_job.sh and adapted to this machine: one node, two single-core
    tasks, the time-limit warning 20 s before a 1-minute limit (Slurm sends it up to 30 s earlier)."""
    text = (cr.ROOT / "scripts/slurm/cpu.sbatch").read_text()
    for old, new in (("--nodes=2", "--nodes=1"), ("--ntasks-per-node=8", "--ntasks-per-node=2"),
                     ("--cpus-per-task=8", "--cpus-per-task=1"), ("--signal=B:USR1@180", "--signal=B:USR1@20")):
        if old not in text:
            raise RuntimeError(f"scripts/slurm/cpu.sbatch has no '#SBATCH {old}' line to adapt")
        text = text.replace(old, new)
    work.mkdir(parents=True, exist_ok=True)
    (work / "my_cpu.sbatch").write_text(text)


def wait_for_series(cluster: Cluster, name: str, timeout: float) -> bool:
    """True once no job of the series is pending or running."""
    return cr.wait_for(lambda: not cluster.jobs_named(name), timeout, 1.0)


def series_jobs(log_text: str, first: str) -> list:
    return [first] + re.findall(r"submitted the next segment as job (\d+)", log_text)


def datasets_differ(result: Path, reference: Path) -> list:
    """The datasets of `reference` that `result` lacks or holds other values of, bit for bit
    (trace/seconds, the wall time per iteration, aside)."""
    if not result.exists():
        return ["(no result file)"]
    names = []
    with h5py.File(reference, "r") as f:
        f.visititems(lambda name, item: names.append(name) if isinstance(item, h5py.Dataset) else None)
    differ = []
    with h5py.File(result, "r") as a, h5py.File(reference, "r") as b:
        for name in names:
            if name == "trace/seconds":
                continue
            if name not in a or a[name].shape != b[name].shape or a[name].dtype != b[name].dtype:
                differ.append(name)
                continue
            x, y = a[name][()], b[name][()]
            if x.tobytes() != y.tobytes():
                differ.append(name)
    return differ


def reference_run(args, folder: Path, iterations: int, checkpoint_every: int) -> (Path, float):
    """An uninterrupted 2-rank mpirun run of the chain; returns its result and wall time."""
    result = folder / "run.h5"
    config = cr.write_config(folder / "config.yaml", result, iterations, checkpoint_every, CROP, progress_every=1000)
    started = time.monotonic()
    code = cr.run(args.dpnp, config, 2, folder / "run.log", timeout=600)
    seconds = time.monotonic() - started
    if not check(code == 0, f"{folder.name}: uninterrupted mpirun run of {iterations} iterations ({seconds:.0f} s)",
                 folder / "run.log"):
        raise RuntimeError("the reference run failed")
    return result, seconds


def calibrate(args) -> float:
    """Seconds per iteration of the test chain on 2 ranks here."""
    folder = Path(args.work) / "calibration"
    result = folder / "run.h5"
    config = cr.write_config(folder / "config.yaml", result, 1000, 0, CROP, progress_every=1000)
    if cr.run(args.dpnp, config, 2, folder / "run.log") != 0:
        raise RuntimeError("calibration run failed:\n" + (folder / "run.log").read_text()[-2000:])
    with h5py.File(result, "r") as f:
        return float(np.sum(f["trace/seconds"][()])) / 1000


def chain_folder(args, name: str, iterations: int, checkpoint_every: int) -> (Path, Path):
    work = Path(args.work) / name
    adapted_template(work)
    config = cr.write_config(work / "chain.yaml", work / "run.h5", iterations, checkpoint_every, CROP,
                             progress_every=1000)
    return work, config


def series(args, cluster: Cluster, per_iteration: float) -> bool:
    iterations = int(SERIES_SECONDS / per_iteration)
    reference, reference_seconds = reference_run(args, Path(args.work) / "series-reference", iterations, 5000)
    work, config = chain_folder(args, "series", iterations, 5000)
    name = "dpnp-series"
    started = time.monotonic()
    first = submit(cluster, work, name, "1", config)
    finished = wait_for_series(cluster, name, max(300, 3 * reference_seconds))
    seconds = time.monotonic() - started
    log = work / f"{name}-{first}.out"
    text = log.read_text(errors="replace") if log.exists() else ""
    jobs = series_jobs(text, first)
    ok = check(finished, f"series: ended after {seconds:.0f} s, {len(jobs)} segment(s) (jobs {', '.join(jobs)})", log)
    ok &= check(len(jobs) >= 2, f"series: the chain needed {len(jobs)} segments (at least 2 expected)", log)
    records = {job: cluster.job(job) for job in jobs}
    kept = all(r.get("JobName") == name and r.get("TimeLimit") == "00:01:00" for r in records.values())
    ok &= check(kept, "series: every job kept -J and --time of the command line: " +
                ", ".join(f"{job} {r.get('JobName')} {r.get('TimeLimit')}" for job, r in records.items()))
    states = {job: f"{r.get('JobState')} {r.get('ExitCode')}" for job, r in records.items()}
    ok &= check(all(s == "COMPLETED 0:0" for s in states.values()),
                f"series: every job ended COMPLETED with exit code 0 ({states})")
    segments = len(re.findall(r"^dpnp_job: job \d+: segment", text, re.M))
    ok &= check(segments == len(jobs) and not list(work.glob(f"{name}-*.out"))[1:],
                f"series: one log file ({log.name}) holds all {segments} segments")
    # dpnp's own info lines may name an error measure ("Monte-Carlo error"), and its convergence verdict
    # warns about a chain this short; every other line may not.
    errors = [line for line in text.splitlines() if re.search(r"error|warn|cpu.bind", line, re.I)
              and not re.match(r"\[\d\d:\d\d:\d\d\] ((info|debug) |warn(ing)? convergence: )", line)]
    ok &= check(not errors, f"series: no error or warning in the log ({errors[:3]})")
    stops = re.findall(r"info stopped by SIGUSR1 after iteration (\d+)", text)
    ok &= check(len(stops) == len(jobs) - 1, f"series: {len(stops)} planned stops logged as information")
    differ = datasets_differ(work / "run.h5", reference)
    return ok & check(not differ, f"series: every dataset equals the uninterrupted run bit for bit "
                                  f"(different: {differ or 'none'})", log)


def stop_and_continue(args, cluster: Cluster, per_iteration: float) -> bool:
    """Preemption with requeue (scontrol requeue), then scancel, then the same sbatch command again."""
    iterations = int(SCANCEL_SECONDS / per_iteration)
    every = max(10, iterations // 40)
    reference, _ = reference_run(args, Path(args.work) / "stop-reference", iterations, every)
    work, config = chain_folder(args, "stop", iterations, every)
    name = "dpnp-stop"
    first = submit(cluster, work, name, "2", config)
    checkpoint = work / "run.ckpt.h5"
    log = work / f"{name}-{first}.out"
    read = lambda: log.read_text(errors="replace") if log.exists() else ""

    # Preemption with --requeue (the template's): Slurm stops the job with SIGTERM and runs it again.
    ok = check(cr.wait_for(lambda: checkpoint.exists() or not cluster.jobs_named(name), 120, 0.1),
               "requeue: the job wrote a checkpoint", log)
    cluster.command(["scontrol", "requeue", first])
    resumed = cr.wait_for(lambda: "requeued by Slurm (restart 1)" in read() and
                          read().count("continuing from the checkpoint") == 1 or not cluster.jobs_named(name), 120, 0.2)
    text = read()
    ok &= check(resumed and "stopped by SIGTERM" in text and "the series ends here" in text and
                "continuing from the checkpoint" in text,
                "requeue: dpnp checkpointed on SIGTERM, submitted nothing, and the requeued job resumed", log)
    ok &= check(series_jobs(text, first) == [first], "requeue: no new job was submitted")
    requeued_at = cr.checkpoint_iteration(checkpoint) if checkpoint.exists() else -1

    # scancel: a checkpoint at the stop, and no next segment.
    cr.wait_for(lambda: (checkpoint.exists() and cr.checkpoint_iteration(checkpoint) > requeued_at)
                or not cluster.jobs_named(name), 120, 0.1)
    cluster.command(["scancel", first])
    ended = wait_for_series(cluster, name, 60)
    text = read()
    ok &= check(ended, "scancel: the running job ended", log)
    record = cluster.job(first)
    ok &= check(record.get("JobState") == "CANCELLED", f"scancel: job {first} is {record.get('JobState')}")
    ok &= check(series_jobs(text, first) == [first] and not cluster.jobs_named(name),
                "scancel: no new job was submitted", log)
    problem = cr.checkpoint_problem(checkpoint) if checkpoint.exists() else "missing"
    stops = re.findall(r"stopped by SIGTERM after iteration (\d+)", text)
    at = cr.checkpoint_iteration(checkpoint) if not problem else -1
    ok &= check(not problem and len(stops) == 2 and int(stops[-1]) == at > requeued_at,
                f"scancel: checkpoint written at the stop ({problem or f'iteration {at}'}; log: stops at {stops})", log)

    again = submit(cluster, work, name, "2", config)  # continue: the same command
    ended = wait_for_series(cluster, name, 300)
    log = work / f"{name}-{again}.out"
    text = read()
    ok &= check(ended and f"continuing from the checkpoint {checkpoint} at iteration {at}" in text and
                cluster.job(again).get("JobState") == "COMPLETED",
                f"continue: the same sbatch command continued the chain from iteration {at} (job {again})", log)
    differ = datasets_differ(work / "run.h5", reference)
    return ok & check(not differ, f"continue: every dataset equals the uninterrupted run (different: {differ or 'none'})")


def rank_started(dpnp: str, config: Path) -> bool:
    """Whether a rank of `dpnp sample CONFIG` (not a --dry-run) runs: the dpnp launcher, or dpnp-main,
    which it becomes within a millisecond."""
    launcher = os.path.realpath(dpnp)
    targets = {launcher, os.path.join(os.path.dirname(launcher), "dpnp-main")}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.readlink(entry / "exe") not in targets:
                continue
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"sample" in argv and str(config.name).encode() in argv and b"--dry-run" not in argv:
            return True
    return False


def early_signal(args, cluster: Cluster, reference: Path, launcher: str) -> bool:
    label = f"early signal ({launcher})"
    work, config = chain_folder(args, f"early-{launcher}", 300, 100)
    name = f"dpnp-early-{launcher}"
    first = submit(cluster, work, name, "2", config, {"DPNP_LAUNCHER": launcher})
    seen = cr.wait_for(lambda: rank_started(args.dpnp, config) or not cluster.jobs_named(name), 120, 0.005)
    seen = seen and bool(cluster.jobs_named(name))
    time.sleep(0.2)
    cluster.command(["scancel", "--batch", "--signal=USR1", first], check=False)  # as --signal=B:USR1 does
    ended = wait_for_series(cluster, name, 180)
    log = work / f"{name}-{first}.out"
    text = log.read_text(errors="replace") if log.exists() else ""
    jobs = series_jobs(text, first)
    ok = check(seen and ended, f"{label}: SIGUSR1 0.2 s after the ranks started; the series ended (jobs {jobs})", log)
    ok &= check("dpnp exited with code 75" in text and "info stopped by SIGUSR1" in text,
                f"{label}: dpnp checkpointed and exited with 75", log)
    resumed = re.search(r"continuing from the checkpoint \S+ at iteration (\d+)", text)
    ok &= check(len(jobs) == 2 and resumed is not None,
                f"{label}: the next segment resumed from the checkpoint "
                f"({resumed.group(0) if resumed else 'no resume'})", log)
    states = [cluster.job(job).get("JobState") for job in jobs]
    ok &= check(states == ["COMPLETED"] * len(jobs), f"{label}: jobs ended {states}")
    differ = datasets_differ(work / "run.h5", reference)
    return ok & check(not differ, f"{label}: every dataset equals the uninterrupted run (different: {differ or 'none'})")


def changed_config(args, cluster: Cluster) -> bool:
    """The finished chain of early-auto submitted again with a changed prior: the job stops at once and
    says what to do; the checkpoint stays."""
    work = Path(args.work) / "early-auto"
    config, checkpoint = work / "chain.yaml", work / "run.ckpt.h5"
    before = cr.checkpoint_iteration(checkpoint) if checkpoint.exists() else -1
    name = "dpnp-changed"
    job = submit(cluster, work, name, "2", config, options=["--set", "prior.mu=30"])
    ended = wait_for_series(cluster, name, 120)
    log = work / f"{name}-{job}.out"
    text = log.read_text(errors="replace") if log.exists() else ""
    record = cluster.job(job)
    ok = check(ended and "belongs to another chain (prior.mu is 15 there and 30 here)" in text and
               "add --restart after the config" in text,
               "changed config: the job names the differing key and says what to do", log)
    ok &= check(f"{record.get('JobState')} {record.get('ExitCode')}" == "FAILED 2:0",
                f"changed config: job ended {record.get('JobState')} with {record.get('ExitCode')} (FAILED 2:0 expected)")
    return ok & check(before > 0 and cr.checkpoint_iteration(checkpoint) == before,
                      f"changed config: the checkpoint of the finished chain is kept (iteration {before})")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dpnp", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    args.dpnp = str(Path(args.dpnp).resolve())
    shutil.rmtree(args.work, ignore_errors=True)
    Path(args.work).mkdir(parents=True)
    started = time.monotonic()
    # A CTest timeout or Ctrl-C must still stop the daemons.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))

    if os.geteuid() != 0:
        print("SKIP: slurm_test needs root to start slurmd and munged (this machine: uid %d)" % os.geteuid())
        return SKIP
    cluster = Cluster(max(2, os.cpu_count() or 1))
    reason = cluster.install()
    if reason:
        print(f"SKIP: cannot install Slurm: {reason}")
        return SKIP
    try:
        reason = cluster.start()
        if reason:
            print(f"SKIP: this machine cannot run the Slurm daemons: {reason}")
            return SKIP
        check(True, f"single-node Slurm up ({cluster.cpus} CPUs) in {time.monotonic() - started:.0f} s")
        os.environ["SLURM_CONF"] = str(cluster.conf)
        cluster.env["DPNP"] = args.dpnp  # as the docs say: dpnp on PATH, or DPNP exported

        per_iteration = calibrate(args)
        print(f"     {per_iteration * 1e3:.2f} ms per iteration on 2 ranks", flush=True)
        ok = series(args, cluster, per_iteration)
        ok &= stop_and_continue(args, cluster, per_iteration)
        reference, _ = reference_run(args, Path(args.work) / "early-reference", 300, 100)
        ok &= early_signal(args, cluster, reference, "auto")
        ok &= early_signal(args, cluster, reference, "mpirun")
        ok &= changed_config(args, cluster)
    except RuntimeError as error:
        ok = check(False, str(error))
    finally:
        cluster.stop()
    print(f"{'all checks passed' if ok else 'SOME CHECKS FAILED'} ({time.monotonic() - started:.0f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
