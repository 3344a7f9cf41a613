"""schemathesis hooks of the fuzz stage (loaded through schemathesis.toml)."""

import ast
import inspect
import json

import schemathesis

# The DID resolver answers in DID media types that are JSON; without these, schemathesis would skip
# checking those bodies against the contract.
@schemathesis.deserializer(
    "application/did-resolution",
    "application/did",
    "application/did+json",
    "application/did+ld+json",
)
def did_json(ctx, response):
    return json.loads(response.content)


def _prime_lambda_cache():
    # CPython before 3.11.9 and 3.12.3 can raise "SystemError: AST constructor recursion depth mismatch"
    # (python/cpython#106905) when hypothesis first parses a module's source deep in a call stack, as it
    # does for the lambdas of schemathesis' coverage phase. That source is parsed once here, near the top
    # of the stack, into a cache shared by the worker threads (hypothesis' own is per thread), so the
    # deep parse never happens. Internal API of the hypothesis version pinned in run-fuzz.mjs; if it
    # moves, the stage runs as it would without this.
    try:
        from hypothesis.internal import lambda_sources
        from schemathesis.specs.openapi.coverage import _schema

        lines = tuple(inspect.findsource(_schema)[0])
        shared = {lines: lambda_sources.extract_all_lambdas(ast.parse("".join(lines)))}
        lambda_sources.AST_LAMBDAS_CACHE = shared
    except Exception:  # noqa: BLE001 - a workaround only
        pass


def _tolerate_ast_recursion_bug():
    # The priming above covers the module it names; others can hit the same CPython bug while hypothesis
    # only wants a lambda's source to describe it in reports. A description that fails that way reads
    # "lambda: <unknown>" (what hypothesis itself answers when confused) instead of crashing the run.
    try:
        from hypothesis.internal import lambda_sources

        original = lambda_sources._lambda_description

        def described(f, *args, **kwargs):
            try:
                return original(f, *args, **kwargs)
            except SystemError:
                return "lambda: <unknown>"

        lambda_sources._lambda_description = described
    except Exception:  # noqa: BLE001 - a workaround only
        pass


_prime_lambda_cache()
_tolerate_ast_recursion_bug()
