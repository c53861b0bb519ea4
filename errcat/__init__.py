"""errcat: one canonical error catalog (YAML) rendered into an error-code documentation site.

Data flows one way: catalog YAML -> strict load and checks -> typed model -> renderers -> site glue.
Nothing in this package imports mkdocs; ``hooks.py`` and ``macros.py`` at the repository root adapt it.
"""

from .loader import load_catalog
from .model import Api, Catalog, Code
from .problems import CatalogError, Problem

__all__ = ["Api", "Catalog", "CatalogError", "Code", "Problem", "load_catalog"]
