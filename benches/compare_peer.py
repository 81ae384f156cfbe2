#!/usr/bin/env python3
"""Time targetsim against the NumPy peer on one scenario, alternating runs.

Usage: python3 benches/compare_peer.py --peer PEER.py [SCENARIO] [--paths N] [--rounds R]

PEER.py is the NumPy peer: the same model as an analyst would write it in
NumPy, reading the same scenario file. It is not part of this repository;
give its path (or set TARGETSIM_PEER).

Each round runs the peer, then targetsim with `--summary full` and with
`--summary targets`, and prints each one's `seconds` (simulation time, as
each reports it), the speed-up over the peer, and the largest |z| between
targetsim's target probabilities and the peer's (z = difference over the
combined binomial standard error). Needs a release build
(`cargo build --release`) and NumPy; run from the repository root.
"""

import argparse
import json
import math
import os
import subprocess

TARGETSIM = os.path.join("target", "release", "targetsim")


def peer(script, scenario, paths):
    # The peer's BLAS threads are left to their defaults, minus the two
    # variables this VM sets for its own processor model.
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    out = subprocess.run(
        ["python3", script, scenario, "--paths", str(paths)],
        capture_output=True, text=True, env=env, check=True,
    ).stdout
    return json.loads(out)


def targetsim(scenario, paths, summary):
    out = subprocess.run(
        [TARGETSIM, "run", scenario, "--paths", str(paths), "--format", "json", "--summary", summary],
        capture_output=True, text=True, check=True,
    ).stdout
    return json.loads(out)


def worst_z(ours, theirs, paths):
    worst = 0.0
    for t in ours["targets"]:
        match = [p for p in theirs["targets"] if p["indicator"] == t["indicator"] and p["value"] == t["value"]]
        if not match:
            raise SystemExit(f"the peer has no target on {t['indicator']} {t['op']} {t['value']}")
        a, b = t["probability"], match[0]["probability"]
        se = math.sqrt(a * (1 - a) / paths + b * (1 - b) / paths)
        if se > 0:
            worst = max(worst, abs(a - b) / se)
    return worst


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario", nargs="?", default="benches/scenarios/peer-12.toml")
    ap.add_argument("--peer", default=os.environ.get("TARGETSIM_PEER"),
                    help="the NumPy peer script (default: $TARGETSIM_PEER)")
    ap.add_argument("--paths", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args()
    if not a.peer:
        ap.error("give the NumPy peer's path with --peer PEER.py (or set TARGETSIM_PEER)")
    for r in range(1, a.rounds + 1):
        theirs = peer(a.peer, a.scenario, a.paths)
        line = f"round {r}: peer {theirs['seconds']:.3f} s"
        for summary in ("full", "targets"):
            ours = targetsim(a.scenario, a.paths, summary)
            s = ours["timing"]["seconds"]
            z = worst_z(ours, theirs, a.paths)
            line += f" | {summary} {s:.3f} s ({theirs['seconds'] / s:.1f}x, worst |z| {z:.2f})"
        print(line, flush=True)


if __name__ == "__main__":
    main()
