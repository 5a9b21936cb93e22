"""The theme's compiled templates, and what each reads, made once per build.

Pelican makes one Jinja environment per generator (about ten a run), and a
build of two language editions is two Pelican runs. Each environment
compiled the theme's templates again, and the page-reuse session parsed
them again to learn which context names they read: in the English run of a
10,000-article build that was 0.9 s of compiling and 0.8 s of parsing, for
templates the Vietnamese run had already compiled (cProfile of that run).

A :class:`TemplateCache` keeps both for as long as its owner keeps it:
scripts/build.py makes one for all the runs of one build, and a caller may
pass its own (``extra={TEMPLATES_KEY: …}``) to keep it across builds. It
lives in the settings under :data:`TEMPLATES_KEY`, which names how the build
runs, never what it writes: the settings digests leave it out
(plugins/incremental ``HOW_KEYS``, scripts/build_manifest.py ``WHERE_KEYS``).

What is cached is keyed by what it is made from, so a stale entry is never
used: the template's name and file, a checksum of its source (Jinja's own
bucket check), and what of the environment the parser or the compiler
reads. Parse facts: :func:`syntax_key` (delimiters, whitespace options,
extensions, policies). Compiled code: :func:`environment_key`, that plus
the filters and tests the source names, each with its implementation: the
optimizer runs a filter on constant arguments at compile time
(``{{ 3 | month_name }}`` is compiled to the text), so two editions whose
``month_name`` differ never share the code of a template that names it,
while the many templates that name neither share it (in a build of both
editions, 37 of the theme's 43 templates are compiled once, not twice).

Nothing here imports Pelican.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import MutableMapping
from typing import Any

from jinja2 import BytecodeCache, TemplateSyntaxError, meta
from jinja2.bccache import Bucket

from plugins.buildkit.run import BuildScoped, stored

TEMPLATES_KEY = "PORTAL_TEMPLATES"

# Environment attributes the lexer, the parser or the code generator reads
# (jinja2/lexer.py get_lexer, jinja2/compiler.py).
_SYNTAX = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
    "sandboxed",
    "intercepted_binops",
    "intercepted_unops",
)


def _name_of(value: Any) -> str:
    """A callable or class by name (its repr would carry an address)."""
    if value is None or isinstance(value, bool | str | int):
        return repr(value)
    module = getattr(value, "__module__", "") or ""
    name = getattr(value, "__qualname__", None) or type(value).__qualname__
    return f"{module}.{name}"


def _value_text(value: Any) -> str:
    if isinstance(value, dict | list | tuple | float | str | int | bool) or value is None:
        return repr(value)
    return _name_of(value)


def _implementation(value: Any) -> str:
    """A filter, test or finalize function, for the compile key.

    A module's function, a class or a builtin: its module and name. An
    object made for one environment (a closure, an instance such as
    Pelican's ``strftime``), whose behaviour is in its state: what it says
    it is made from, in a ``template_key`` attribute (plugins/sanitize's
    ``finalize``), else its identity, which shares nothing."""
    described = getattr(value, "template_key", None)
    if isinstance(described, str):
        return described
    name = _name_of(value)
    if (
        value is None
        or isinstance(value, bool)
        or (
            (inspect.isfunction(value) or inspect.isclass(value) or inspect.isbuiltin(value))
            and "<locals>" not in name
        )
    ):
        return name
    return f"{name}@{id(value):x}"


def _named_in(table: dict[str, Any], source: str) -> list[str]:
    # The compiler looks a filter or test up by name (and may call it, on
    # constants); how it passes the context, environment or eval context
    # depends on its marker. A name absent from the source reaches no code.
    return [
        f"{name}:{getattr(table[name], 'jinja_pass_arg', '')}:{_implementation(table[name])}"
        for name in sorted(table)
        if name in source
    ]


def syntax_key(env: Any) -> str:
    """What two environments must share to parse a source alike."""
    parts = [_name_of(type(env)), _name_of(env.code_generator_class)]
    parts += [f"{name}={getattr(env, name, None)!r}" for name in _SYNTAX]
    parts += [f"ext={_name_of(type(ext))}" for _, ext in sorted(env.extensions.items())]
    # jinja2.ext.i18n reads these while parsing {% trans %}
    parts += [f"newstyle_gettext={getattr(env, 'newstyle_gettext', None)!r}"]
    parts += [f"policy {name}={_value_text(value)}" for name, value in sorted(env.policies.items())]
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()


def environment_key(env: Any, source: str) -> str:
    """What two environments must share to compile ``source`` to the same code."""
    parts = [
        syntax_key(env),
        # both called at compile time (jinja2/nodes.py EvalContext)
        f"autoescape={_implementation(env.autoescape)}",
        f"finalize={_implementation(env.finalize)}",
        f"undefined={_name_of(env.undefined)}",
    ]
    parts += ["filters", *_named_in(env.filters, source), "tests", *_named_in(env.tests, source)]
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()


class TemplateCache(BuildScoped, BytecodeCache):
    """Jinja's bytecode cache, in memory, plus each template's parse facts.

    A forked child inherits what its parent cached; what it compiles itself
    stays in the child. So :meth:`warm` compiles the theme in the parent
    before the render processes fork. Copies share it, a pickle is empty
    (:class:`~plugins.buildkit.run.BuildScoped`).
    """

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, Any]] = {}
        self._facts: dict[tuple[str, str, str], tuple[frozenset[str], tuple[str, ...]]] = {}

    # --- Jinja's BytecodeCache ----------------------------------------------

    def get_bucket(self, environment: Any, name: str, filename: str | None, source: str) -> Bucket:
        """Jinja's bucket, its key extended with :func:`environment_key`."""
        key = f"{self.get_cache_key(name, filename)}:{environment_key(environment, source)}"
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        known = self._code.get(bucket.key)
        if known is not None and known[0] == bucket.checksum:
            bucket.code = known[1]  # code objects are immutable: shared as they are

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = (bucket.checksum, bucket.code)

    def clear(self) -> None:
        self._code.clear()
        self._facts.clear()

    # --- what a template reads ----------------------------------------------

    def facts(self, env: Any, name: str) -> tuple[frozenset[str], tuple[str, ...]]:
        """(the context names template ``name`` reads itself, the templates
        it extends, includes or imports; all of the loader's when one is
        chosen at run time)."""
        source = env.loader.get_source(env, name)[0]
        key = (syntax_key(env), name, self.get_source_checksum(source))
        known = self._facts.get(key)
        if known is None:
            tree = env.parse(source, name)
            referenced: list[str] = []
            for found in meta.find_referenced_templates(tree):
                referenced.extend(env.list_templates() if found is None else [found])
            known = self._facts[key] = (
                frozenset(meta.find_undeclared_variables(tree)),
                tuple(referenced),
            )
        return known

    def warm(self, env: Any) -> int:
        """Compile every template of ``env``'s loader that is not another
        theme's (``!simple/…``), so that forked children find them compiled;
        returns how many. One that does not compile is left for the page
        that uses it to report, as it would be without this."""
        count = 0
        for name in env.list_templates():
            if name.startswith("!"):
                continue
            try:
                env.get_template(name)
            except TemplateSyntaxError:
                continue
            count += 1
        return count

    def __repr__(self) -> str:
        return f"TemplateCache({len(self._code)} compiled, {len(self._facts)} parsed)"


def template_cache(settings: MutableMapping[str, Any]) -> TemplateCache:
    """The cache of the build ``settings`` belong to (made on first use)."""
    return stored(settings, TEMPLATES_KEY, TemplateCache)
