"""MkDocs hook: one API reference page per public module, found by walking the package.

A module is public when no part of its dotted name starts with an underscore. New public modules
(for instance ``coupang_async.redis``) get a page as soon as they exist, without editing
``mkdocs.yml``. Each page renders the module's own public names (its ``__all__`` when it has one)
and the names it re-exports from internal modules; names re-exported from another public module
are linked to that module's page instead of being rendered twice.

The package is read statically with griffe (the library mkdocstrings uses), so optional extras
such as ``redis`` need not be installed to find a module.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import griffe
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

PACKAGE = "coupang_async"
ROOT = Path(__file__).resolve().parents[2]
NAV_TITLE = "API reference"


def _is_public(path: str) -> bool:
    return not any(part.startswith("_") for part in path.split("."))


def public_modules(package: griffe.Module | None = None) -> list[griffe.Module]:
    """Every public module of the package (the package first), sorted by dotted name."""
    if package is None:
        loaded = griffe.load(PACKAGE, search_paths=[str(ROOT)], resolve_aliases=False)
        if not isinstance(loaded, griffe.Module):
            raise TypeError(f"{PACKAGE} did not load as a module")
        package = loaded
    found: list[griffe.Module] = [package]

    def walk(module: griffe.Module) -> None:
        for name, sub in module.modules.items():
            if sub.is_alias or name.startswith("_") or not isinstance(sub, griffe.Module):
                continue
            found.append(sub)
            walk(sub)

    walk(package)
    return sorted(found, key=lambda m: (m.path != PACKAGE, m.path))


def _exported_names(module: griffe.Module) -> list[str]:
    if module.exports is not None:
        return [name for name in module.exports if isinstance(name, str)]
    return [
        name
        for name, member in module.members.items()
        if not name.startswith("_") and not member.is_alias and not member.is_module
    ]


def _owner_module(path: str) -> str:
    """The dotted module part of an object's canonical path (``a.b.C`` -> ``a.b``)."""
    return path.rsplit(".", 1)[0]


def _rendered_on_own_page(target: str, modules: dict[str, griffe.Module]) -> bool:
    """True when `target` (a canonical path) is a module with a page, or a name that its module's
    page renders itself (so that a link to it resolves)."""
    if target in modules:
        return True
    owner, _, name = target.rpartition(".")
    module = modules.get(owner)
    if module is None:
        return False
    member = module.members.get(name)
    return member is not None and not member.is_alias and name in _exported_names(module)


def page_source(module: griffe.Module, modules: dict[str, griffe.Module] | None = None) -> str:
    """The Markdown of one module's page (`modules`: every public module, by dotted name)."""
    if modules is None:
        modules = {m.path: m for m in _MODULES}
    rendered: list[str] = []
    linked: list[tuple[str, str]] = []
    for name in _exported_names(module):
        member = module.members.get(name)
        if member is None:
            continue
        if member.is_alias:
            target = member.target_path
            elsewhere = member.is_module or _owner_module(target) != module.path
            if _is_public(target) and elsewhere and _rendered_on_own_page(target, modules):
                linked.append((name, target))
                continue
        rendered.append(name)
    lines = [
        f"::: {module.path}",
        "    options:",
        "      show_root_heading: true",
        "      show_root_full_path: true",
        "      heading_level: 1",
        f"      members: [{', '.join(rendered)}]" if rendered else "      members: false",
        "",
    ]
    if linked:
        lines += ["## Also available here", ""]
        lines += [
            f"- `{module.path}.{name}`: see [`{target}`][{target}]" for name, target in linked
        ]
        lines.append("")
    return "\n".join(lines)


def page_uri(module: griffe.Module) -> str:
    """Where a module's page lives in the site's sources."""
    return f"reference/{module.path}.md"


_MODULES: list[griffe.Module] = []


def on_config(config: MkDocsConfig, **_: Any) -> MkDocsConfig:
    """Fill the nav's API reference section with one entry per public module."""
    _MODULES[:] = public_modules()
    # Short titles in the sidebar (the full dotted name heads each page).
    entries = [
        {
            module.path.removeprefix(f"{PACKAGE}.")
            if module.path != PACKAGE
            else PACKAGE: page_uri(module)
        }
        for module in _MODULES
    ]
    nav = config.nav or []
    for index, item in enumerate(nav):
        if isinstance(item, dict) and NAV_TITLE in item:
            nav[index] = {NAV_TITLE: entries}
            break
    else:
        nav.append({NAV_TITLE: entries})
    config.nav = nav
    return config


def on_files(files: Files, config: MkDocsConfig, **_: Any) -> Files:
    """Add the generated pages (they exist only in memory, never on disk)."""
    for module in _MODULES:
        files.append(File.generated(config, page_uri(module), content=page_source(module)))
    return files
