"""Communes and wards (a library shared by the plugins, not a Pelican plugin).

Since 1 July 2025 Viet Nam has two levels: 34 provinces and 3,321
communes, wards and special zones. Articles written before that name
districts and communes that no longer exist. The ``Localities:`` field
accepts both; :mod:`plugins.localities.gazetteer` resolves a name to its
current unit and province with the field's own libraries:

* ``vietnam-provinces``: the current units and their official codes;
* ``vietnamadminunits``: the pre-2025 units and their conversion.

Both are loaded lazily, the first time a name needs them, and each
resolution is cached for the process (see the module's docstring).
"""

from .gazetteer import (
    CURRENT_KINDS,
    FORMER_KINDS,
    Gazetteer,
    Locality,
    Resolution,
    Unit,
    before_reorganisation,
    split_localities,
)

__all__ = [
    "CURRENT_KINDS",
    "FORMER_KINDS",
    "Gazetteer",
    "Locality",
    "Resolution",
    "Unit",
    "before_reorganisation",
    "split_localities",
]
