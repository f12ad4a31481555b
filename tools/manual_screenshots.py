#!/usr/bin/env python
"""Copy the browser journeys' screenshots the 操作手册 shows into its static folder.

    make manual-screenshots        (runs the three journeys, then this)
    .venv/bin/python tools/manual_screenshots.py [--artifacts test-artifacts]

The journeys (tests/browser/test_admin_journey.py, test_office_request_journey.py,
test_office_annual_report_journey.py) save one PNG per step in ``test-artifacts/<journey>/``;
``cms/manual_figures.py`` names the steps the manual shows. Each is scaled to 1000 px wide and cut
at 1400 px tall (the top of the page is what the manual explains), then written to
``cms/static/cms/manual/``. Commit the images: the manual ships them.
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cms.manual_figures import FIGURES, STATIC_DIR  # noqa: E402

WIDTH, MAX_HEIGHT = 1000, 1400


def copy(source, target):
    from PIL import Image

    with Image.open(source) as image:
        scale = WIDTH / image.width
        resized = image.convert("RGB").resize((WIDTH, round(image.height * scale)), Image.LANCZOS)
        resized.crop((0, 0, WIDTH, min(resized.height, MAX_HEIGHT))).save(target, optimize=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--artifacts", default=str(ROOT / "test-artifacts"))
    args = parser.parse_args()
    folder = ROOT / "cms" / "static" / STATIC_DIR
    folder.mkdir(parents=True, exist_ok=True)
    missing = []
    for _chapter, journey, label, image, _caption in FIGURES:
        found = sorted(Path(args.artifacts, journey).glob(f"[0-9][0-9]-{label}.png"))
        if not found:
            missing.append(f"{journey}/NN-{label}.png")
            continue
        copy(found[-1], folder / image)
        print(f"{found[-1].relative_to(args.artifacts)} → cms/static/{STATIC_DIR}/{image}")
    if missing:
        raise SystemExit("missing (run the journeys first): " + ", ".join(missing))


if __name__ == "__main__":
    main()
