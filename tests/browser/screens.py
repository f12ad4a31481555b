"""Where the browser tests run and put their screenshots, the viewports they use, and the admin
steps several journeys share."""

import os
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 900}


def login(journey, user, label):
    journey.login(user.username, f"pw-{user.username}", label)


def footer_action(page, name):
    """A button of the editor's footer menu (the ones after the first are in its drop-up)."""
    button = page.locator(f"footer button[name='{name}'], footer button[data-workflow-action-name='{name}']").first
    if not button.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    button.click()
