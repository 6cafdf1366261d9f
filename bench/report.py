"""Reporting shared by the benchmarks: percentiles, units, and plain-text tables."""

from dataclasses import dataclass


def percentile(ordered: list[int], p: float) -> float:
    """Nearest rank: the smallest sample with at least p% of samples at or below it."""
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def duration(ns: float) -> str:
    if ns < 100_000:
        return f"{ns / 1000:.1f} µs"
    if ns < 1_000_000:
        return f"{ns / 1000:.0f} µs"
    return f"{ns / 1_000_000:.2f} ms"


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def mark(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def table(title: str, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    """First column left-aligned, the others right-aligned."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells: tuple[str, ...]) -> str:
        first, *rest = (str(cell) for cell in cells)
        return "  ".join(
            [first.ljust(widths[0]), *(c.rjust(w) for c, w in zip(rest, widths[1:], strict=True))]
        )

    print(f"\n{title}")
    print(line(header))
    print("  ".join("-" * width for width in widths))
    for row in rows:
        print(line(row))


@dataclass(frozen=True, slots=True)
class Latency:
    """p50, p99 and the worst of a run's samples, in nanoseconds."""

    samples: int
    p50: float
    p99: float
    max: int

    @classmethod
    def of(cls, samples_ns: list[int]) -> "Latency":
        ordered = sorted(samples_ns)
        return cls(len(ordered), percentile(ordered, 50), percentile(ordered, 99), ordered[-1])
