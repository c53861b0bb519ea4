"""errcat: one canonical error catalog (YAML) rendered into an error-code documentation site.

Data flows one way: catalog YAML -> strict load and checks -> typed model -> renderers -> site glue.
Nothing in this package imports mkdocs except its adapter, :mod:`errcat.mkdocs` (the plugin and the macros pluglet).
"""

from importlib.metadata import PackageNotFoundError, version

from .loader import load_catalog
from .model import Api, Catalog, Code
from .problems import CatalogError, Problem

try:
    __version__ = version("errcat")
except PackageNotFoundError:  # run from a checkout that was never installed
    __version__ = "0+unknown"

__all__ = ["Api", "Catalog", "CatalogError", "Code", "Problem", "load_catalog"]
