"""Commit subjects are at most 72 characters (details go into the body): checks every commit after BASE.

    python .ci/commit_betreffs.py [BASE]      # BASE default d32c4ee; exit 1 and a list of the long ones

Older history (up to and including BASE) has longer subjects and is left as it is.
"""

from __future__ import annotations

import subprocess
import sys

BASIS = "d32c4ee"
HOECHSTENS = 72


def zu_lange(basis: str = BASIS, repo: str = ".") -> list[tuple[str, str]]:
    """(commit, subject) of every commit after ``basis`` whose subject is longer than 72 characters."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", repo, *args], check=True, capture_output=True, text=True, encoding="utf-8"
        ).stdout

    try:
        git("rev-parse", "--verify", "--quiet", f"{basis}^{{commit}}")
    except subprocess.CalledProcessError:
        raise SystemExit(
            f"Commit {basis} fehlt (flacher Klon?); bitte `git fetch --unshallow` und erneut prüfen."
        ) from None
    zeilen = git("log", "--format=%h%x00%s", f"{basis}..HEAD").splitlines()
    return [(h, s) for h, s in (z.split("\0", 1) for z in zeilen) if len(s) > HOECHSTENS]


def main(argv: list[str]) -> int:
    lang = zu_lange(argv[1] if len(argv) > 1 else BASIS)
    for commit, betreff in lang:
        print(f"{commit}: Betreff hat {len(betreff)} Zeichen (höchstens {HOECHSTENS}): {betreff}")
    return 1 if lang else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
