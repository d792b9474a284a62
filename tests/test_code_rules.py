"""Rules about the source code itself, checked by reading it."""
import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "realpolitik"

# `is` is right against singletons and sentinels; anything else compared by identity is suspect.
SINGLETONS = (type(None), bool, type(Ellipsis))


def _identity_comparisons(tree: ast.AST):
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        for op, left, right in zip(node.ops, operands, operands[1:]):
            if not isinstance(op, (ast.Is, ast.IsNot)):
                continue
            if any(isinstance(side, ast.Constant) and isinstance(side.value, SINGLETONS) for side in (left, right)):
                continue
            if any(isinstance(side, ast.Name) and side.id.isupper() for side in (left, right)):
                continue  # a module's own sentinel constant (ERA_MARK)
            yield node.lineno, ast.unparse(node)


def test_no_identity_comparison_between_objects():
    """spaCy builds a new Token (and Span) object on every access, so `token.head is token` is never
    true, not even for the root: a loop climbing heads with `is` never ends. Compare `.i` instead.
    Identity is kept for None, True, False, Ellipsis and a module's own sentinel constants."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found += [f"{path.relative_to(SRC)}:{line}: {code}" for line, code in _identity_comparisons(tree)]
    assert not found, "identity comparisons (compare .i or use ==):\n" + "\n".join(found)


def test_the_scan_sees_a_token_identity_comparison():
    tree = ast.parse("while node.head is not node:\n    node = node.head\nx = a is None")
    assert [code for _, code in _identity_comparisons(tree)] == ["node.head is not node"]


def _runs(text: str, size: int = 7) -> set[tuple[str, ...]]:
    import re

    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def test_no_seven_word_run_of_a_seed_article_is_in_the_repository():
    """The seed articles are for measuring: no sentence of theirs (no run of seven words) may be copied
    into code, tests, rules or data."""
    import pytest

    from conftest import ROOT, SHARED

    seeds = sorted((SHARED / "corpus" / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip("needs ../shared/corpus/seeds")
    seed_runs = set().union(*(_runs(path.read_text(encoding="utf-8")) for path in seeds))
    tracked = [p for p in ROOT.rglob("*") if p.is_file() and ".git" not in p.parts and ".venv" not in p.parts
               and "__pycache__" not in p.parts and p.suffix in {".py", ".yaml", ".yml", ".md", ".txt", ".jsonl",
                                                                  ".json", ".html", ".toml", ".cfg"}
               and ".pytest_cache" not in p.parts and not p.name.endswith(".egg-info")]
    copied = {}
    for path in tracked:
        found = _runs(path.read_text(encoding="utf-8", errors="ignore")) & seed_runs
        if found:
            copied[str(path.relative_to(ROOT))] = " ".join(sorted(found)[0])
    assert not copied, copied


def test_the_run_check_sees_a_copied_run():
    assert _runs("one two three four five six seven eight") & _runs("zero one two three four five six seven")
