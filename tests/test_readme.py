"""The README's two set-up commands exist, and CI runs the second one verbatim."""

from __future__ import annotations

import re


def setup_commands(readme: str) -> list[str]:
    section = readme.split("## Set up on a fresh machine", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", section, re.S)]


def test_readme_opens_with_exactly_two_commands(repo):
    readme = (repo / "README.md").read_text()
    assert readme.index("## Set up on a fresh machine") < readme.index("## What this is")
    commands = setup_commands(readme)
    assert len(commands) == 2 and all("\n" not in c for c in commands)
    assert "autograder grade examples/" in commands[0] and commands[1].endswith("pytest")


def test_ci_runs_the_readme_test_command(repo):
    test_command = setup_commands((repo / "README.md").read_text())[1]
    ci = (repo / ".ci/run").read_text()
    assert test_command in ci.splitlines()
