"""The lazy public API of the package root."""

import importlib
import pkgutil
import types

import journeymap as jm


def test_every_export_stays_the_api_object_after_all_submodules_are_imported() -> None:
    # Importing a submodule binds its name on the package; a submodule named like an
    # exported function (``journeymap.report`` vs ``jm.report``) would shadow it.
    for module in pkgutil.walk_packages(jm.__path__, "journeymap."):
        if module.name.endswith("__main__"):
            continue
        importlib.import_module(module.name)
    for name in jm.__all__:
        assert not isinstance(getattr(jm, name), types.ModuleType), name


def test_unknown_attribute_raises_attribute_error() -> None:
    try:
        jm.no_such_thing  # noqa: B018
    except AttributeError as error:
        assert "no_such_thing" in str(error)
    else:
        raise AssertionError("expected AttributeError")
