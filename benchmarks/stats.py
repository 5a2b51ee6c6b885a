"""The summary of repeated measurements that the benchmark reports."""

from __future__ import annotations

import statistics


def summary(samples: list[float]) -> dict:
    """Median, range and every sample."""
    return {
        "median": statistics.median(samples),
        "min": min(samples),
        "max": max(samples),
        "runs": len(samples),
        "samples": samples,
    }
