"""Pure algorithm engines: typed, deterministic, no Django imports.

Each engine takes and returns plain data (frozen dataclasses or numpy arrays),
comes with an independent checker, and has a benchmark under ``bench/``.
"""
