"""Reference data (a library shared by the plugins, not a Pelican plugin).

See :mod:`plugins.reference.data`.
"""

from .data import (
    Country,
    FormerProvince,
    Lookup,
    Organization,
    Province,
    ReferenceData,
    Section,
    Subsection,
    list_name,
    load_reference_data,
    reference_for,
)

__all__ = [
    "Country",
    "FormerProvince",
    "Lookup",
    "Organization",
    "Province",
    "ReferenceData",
    "Section",
    "Subsection",
    "list_name",
    "load_reference_data",
    "reference_for",
]
