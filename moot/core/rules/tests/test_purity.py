"""The rules core is plain Python: importing it must not import Django."""

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[1]


def test_no_module_in_the_rules_core_imports_django() -> None:
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "django"]
    assert offenders == []


def test_importing_the_rules_core_loads_no_django() -> None:
    code = (
        "import sys, moot.core.rules, moot.core.rules.deadlines, moot.core.rules.proscription, "
        "moot.core.rules.sanctions; print(any(m.split('.')[0] == 'django' for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
