"""deploy/github-pages.yml: the job that builds holds no publishing power.

The build runs the test suite and the exercises' code from Markdown (confined, see
overrides/hooks/exercises.py); the OIDC token (id-token: write) and pages: write
belong to the deploy job alone, which only hands the built artifact to Pages.
"""

from __future__ import annotations

from pathlib import Path

import yaml

WORKFLOW = Path(__file__).resolve().parents[2] / "deploy" / "github-pages.yml"


def test_only_the_deploy_job_can_publish_and_it_runs_no_repository_code() -> None:
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert flow["permissions"] == {"contents": "read"}
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    assert build.get("permissions") == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    # Deploy: no checkout, no shell step; only the Pages action with the artifact.
    assert [step.get("uses", "").split("@")[0] for step in deploy["steps"]] == [
        "actions/deploy-pages"
    ]
    assert not any("run" in step for step in deploy["steps"])
    assert any(step.get("uses", "").startswith("actions/upload-pages-artifact") for step in build["steps"])


def test_only_the_build_step_has_the_published_address() -> None:
    """The tests build for their own machine and read 127.0.0.1 links (robots, sitemap,
    404 pages, QR codes): a job-wide SITE_URL would fail them before anything publishes."""
    build = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["build"]
    assert "SITE_URL" not in build.get("env", {})
    with_address = [step["run"] for step in build["steps"] if "SITE_URL" in step.get("env", {})]
    assert with_address == ["tools/dev build"]


def test_the_checkout_leaves_no_token_behind() -> None:
    """The build runs Markdown's exercise code (confined) and pushes nothing: the checkout
    keeps no credentials in .git/config."""
    build = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["build"]
    [checkout] = [s for s in build["steps"] if s.get("uses", "").startswith("actions/checkout")]
    assert checkout["with"]["persist-credentials"] is False
