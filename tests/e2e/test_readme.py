"""The README a newcomer follows, run as written (issue 15, part 4).

Every ```sh block of README.md runs, in order, in one bash (so `ACCOUNT=…` in one block is known
in the next) with `set -euo pipefail`, in a fresh folder laid out as a checkout after `make run`:
berth started by the test on a free port with its data in ./berth-data, and `scripts/` at hand.
A block preceded by `<!-- readme-test: skip … -->` is not run (`make run` itself), one preceded
by `<!-- readme-test: pip-aws-only … -->` only with pip's aws. The README is run once with each
aws CLI (pip's 1.x and Debian's 2.9) as `aws` on PATH.

The only changes made to the text are the ones a real machine forces: the port berth got instead
of 5000, and the walkthrough's one-minute wait for a CloudTrail digest shortened, berth being
started with a two-second digest interval here (the README starts it with 60 s).
"""
import os
import re
import subprocess

import pytest

from conftest import BERTH_BIN, DEBIAN_AWS, PIP_AWS, REPO_ROOT, Berth

README = os.path.join(REPO_ROOT, "README.md")
BLOCK = re.compile(r"(?:<!-- readme-test: ([\w-]+)[^>]*-->\n)?```sh\n(.*?)```", re.S)
DIGEST_INTERVAL_S = "2"


def readme_blocks(cli):
    """(line, text) of every sh block this CLI runs."""
    with open(README, encoding="utf-8") as f:
        text = f.read()
    blocks = []
    for match in BLOCK.finditer(text):
        mark = match.group(1)
        if mark == "skip" or (mark == "pip-aws-only" and cli != "pip"):
            continue
        assert mark in (None, "skip", "pip-aws-only"), f"unknown readme-test mark {mark}"
        blocks.append((text.count("\n", 0, match.start(2)) + 1, match.group(2)))
    return blocks


def readme_script(cli, endpoint):
    host = endpoint.removeprefix("http://")
    parts = ["set -euo pipefail",
             'trap \'echo "README line $BLOCK_LINE failed: $BASH_COMMAND" >&2\' ERR']
    for line, block in readme_blocks(cli):
        block = block.replace("127.0.0.1:5000", host).replace("sleep 60\n", "sleep 5\n")
        parts += [f"BLOCK_LINE={line}", f'echo "### README line {line} at $(date +%T)"', block]
    return "\n".join(parts) + "\n"


@pytest.fixture
def checkout_folder(tmp_path):
    """A folder that looks like a checkout where `make run` started berth."""
    os.symlink(os.path.join(REPO_ROOT, "scripts"), tmp_path / "scripts")
    berth = Berth(str(tmp_path / "berth-data"))
    berth.extra_args = ["--trail-digest-interval", DIGEST_INTERVAL_S]
    berth.start()
    yield tmp_path, berth
    assert berth.stop() == 0, berth.logs()


@pytest.mark.parametrize("cli", ["pip", "debian"])
def test_every_readme_command_runs(checkout_folder, cli):
    folder, berth = checkout_folder
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    os.symlink(PIP_AWS if cli == "pip" else DEBIAN_AWS, bin_dir / "aws")
    # A newcomer's shell: no credentials or region of the test run leak in.
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(PATH=f"{bin_dir}:{env['PATH']}", HOME=str(folder),
               REGISTRY_AUTH_FILE=str(folder / "auth.json"), AWS_PAGER="")
    script = readme_script(cli, berth.endpoint)
    proc = subprocess.run(["bash", "-c", script], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=900)
    assert proc.returncode == 0, (proc.stdout[-4000:] + "\n" + proc.stderr[-4000:])
    # What the README says happens, happened: the image was pushed and pulled back, the trail
    # validated, the widget drawn.
    assert (folder / "pulled" / "index.json").exists()
    with open(folder / "pulls.png", "rb") as png:
        assert png.read(8) == b"\x89PNG\r\n\x1a\n"
    if cli == "pip":
        assert re.search(r"([1-9]\d*)/\1 digest files valid", proc.stdout), proc.stdout[-3000:]


def command_line_section():
    with open(README, encoding="utf-8") as f:
        text = f.read()
    return text.split("## Command line", 1)[1].split("\n## ", 1)[0]


def subcommand_paths():
    """Every subcommand path of berth (`serve`, `user create`, …), from its --help."""
    found = []
    pending = [[]]
    while pending:
        path = pending.pop()
        out = subprocess.run([BERTH_BIN, *path, "--help"], capture_output=True, text=True).stdout
        listed = out.split("Subcommands:", 1)[1] if "Subcommands:" in out else ""
        subs = re.findall(r"^  ([a-z][\w-]*)\s{2,}", listed, re.M)
        if path:
            found.append((path, out))
        pending += [path + [s] for s in subs]
    return found


def test_every_flag_is_in_the_command_line_section():
    """The README's flag list is complete: every option of every subcommand appears in it."""
    section = command_line_section()
    commands = subcommand_paths()
    assert any(path == ["serve"] for path, _ in commands)
    missing = []
    for path, help_text in commands:
        for flag in set(re.findall(r"^\s+(--[a-z][\w-]*)", help_text, re.M)) - {"--help"}:
            if flag not in section:
                missing.append(f"berth {' '.join(path)} {flag}")
    assert not missing, "not in README's Command line section: " + ", ".join(sorted(missing))
