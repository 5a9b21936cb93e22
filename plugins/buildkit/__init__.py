"""Shared machinery of the build's speed work: one place for each mechanism.

- :mod:`.fork`: a forked child process that talks to its parent over pipes
  (the related engine, the content check, the incremental digests, the
  parallel reading, rendering and background generators all use it);
- :mod:`.digest`: stable texts of values and their digests (the no-change
  skip, the page fingerprints, the feed reuse, the content check's cache).

Not a Pelican plugin (no ``register``), and nothing here imports Pelican.
"""
