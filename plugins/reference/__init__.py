"""Reference data (a library shared by the plugins, not a Pelican plugin).

See :mod:`plugins.reference.data`.
"""

from .data import (
    ENGLISH_KINDS,
    LANGUAGES,
    Country,
    FormerProvince,
    Lookup,
    Organization,
    Province,
    ReferenceData,
    Section,
    Subsection,
    has_english_name,
    list_name,
    load_reference_data,
    missing_english,
    reference_for,
)

__all__ = [
    "ENGLISH_KINDS",
    "LANGUAGES",
    "Country",
    "FormerProvince",
    "Lookup",
    "Organization",
    "Province",
    "ReferenceData",
    "Section",
    "Subsection",
    "has_english_name",
    "list_name",
    "load_reference_data",
    "missing_english",
    "reference_for",
]
