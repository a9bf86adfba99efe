"""The check rules, one module per group; :mod:`journeymap.checks.codes` lists them all."""
