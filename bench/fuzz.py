"""Long fuzz runs of the extractor in its box with mutated corpus files (issue 7 item 13).

Run:  .venv/bin/python bench/fuzz.py [--cases 500] [--seconds 0] [--seed 1] [--memory-mb 512]

Each case: a corpus file, a mutation (tests/trust/_mutate.py: truncate, bitflip, swap_members,
lying_sizes, flate_bomb, deep_nesting, splice) and a seed. Outcomes counted: parsed, refused (by
message), and anything else (a failure: an exception that is not a clean Chinese refusal, or a case
past the wall-clock limit). Printed: inputs tried, outcomes, worst time, worst child peak memory
(RSS), and how much this (the server's) process grew. Exit status 1 if any case failed.
"""
from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

from review import sandbox  # noqa: E402
from review.extract import UnsupportedFile  # noqa: E402
from tests.conftest import CORPUS  # noqa: E402
from tests.trust import _mutate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=0, help="stop after this long (0: run all cases)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--memory-mb", type=int, default=512)
    parser.add_argument("--cpu-seconds", type=int, default=20)
    parser.add_argument("--wall-seconds", type=float, default=30)
    args = parser.parse_args()
    limits = sandbox.Limits(memory=args.memory_mb << 20, cpu_seconds=args.cpu_seconds, wall_seconds=args.wall_seconds)
    seeds = sorted(p for p in CORPUS.iterdir() if p.suffix in (".docx", ".pdf"))
    rnd = random.Random(args.seed)
    outcomes, by_kind, failures = Counter(), Counter(), []
    worst_time, worst_peak_kb = (0.0, ""), (0, "")
    rss_start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    tried = 0
    for _ in range(args.cases):
        if args.seconds and time.monotonic() - started > args.seconds:
            break
        path, kind, seed = rnd.choice(seeds), rnd.choice(_mutate.KINDS), rnd.randrange(2**32)
        label = f"{path.name}/{kind}/{seed}"
        data = _mutate.mutate(path.read_bytes(), kind, seed)
        t = time.monotonic()
        try:
            sandbox.run("extract", data, limits)
            outcome = "parsed"
        except UnsupportedFile as refusal:
            outcome = "refused: " + refusal.message[:30]
        except Exception as exc:  # not a clean refusal: a failure
            outcome = "FAILED"
            failures.append((label, repr(exc)))
        took = time.monotonic() - t
        if took > args.wall_seconds + 5:
            failures.append((label, f"took {took:.1f} s"))
        tried += 1
        outcomes[outcome] += 1
        by_kind[(kind, outcome == "parsed")] += 1
        worst_time = max(worst_time, (took, label))
        peak = sandbox.last_peak_kb() or 0
        worst_peak_kb = max(worst_peak_kb, (peak, label))
    rss_end = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"inputs tried: {tried} in {time.monotonic() - started:.0f} s "
          f"(limits: {args.memory_mb} MiB address space above the child's start, {args.cpu_seconds} s CPU, "
          f"{args.wall_seconds:.0f} s wall)")
    for outcome, n in outcomes.most_common():
        print(f"  {n:5}  {outcome}")
    for kind in _mutate.KINDS:
        print(f"  {kind:14} parsed {by_kind[(kind, True)]:4}  refused {by_kind[(kind, False)]:4}")
    print(f"worst time: {worst_time[0]:.2f} s ({worst_time[1]})")
    print(f"worst child peak RSS (reported by children that finished): {worst_peak_kb[0] / 1024:.0f} MiB "
          f"({worst_peak_kb[1]})")
    print(f"this process's peak RSS: {rss_start / 1024:.0f} -> {rss_end / 1024:.0f} MiB")
    print(f"failures: {len(failures)}")
    for label, why in failures[:20]:
        print("  FAILED", label, why)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
