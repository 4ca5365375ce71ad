"""Draw the program's icon: 留 in white on a rounded warm-orange square.

    python packaging/make_icon.py

writes resources/icons/liushou-desktop.png (the window and .desktop icon) and
packaging/icons/liushou-desktop.ico (the Windows program icon).

The character is drawn with the bundled Droid Sans Fallback (resources/fonts), so the
icon looks the same on any machine. build.sh and build.ps1 run this when the icons are
missing; commit the results so a build does not depend on Pillow's rendering version.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "resources" / "fonts" / "DroidSansFallbackFull.ttf"
ICO_OUT = Path(__file__).resolve().parent / "icons"  # the Windows icon (build input)
PNG_OUT = ROOT / "resources" / "icons"  # the window and .desktop icon (shipped)
SIZE = 256
BACKGROUND = (230, 110, 40, 255)  # warm orange, readable on light and dark task bars
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw(size: int = SIZE) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    canvas = ImageDraw.Draw(image)
    canvas.rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 6, fill=BACKGROUND)
    font = ImageFont.truetype(str(FONT), int(size * 0.74))
    left, top, right, bottom = canvas.textbbox((0, 0), "留", font=font)
    x = (size - (right - left)) / 2 - left
    y = (size - (bottom - top)) / 2 - top
    canvas.text((x, y), "留", font=font, fill=(255, 255, 255, 255))
    return image


def main(png_out: Path = PNG_OUT, ico_out: Path = ICO_OUT) -> int:
    image = draw()
    for folder in (png_out, ico_out):
        folder.mkdir(parents=True, exist_ok=True)
    image.save(png_out / "liushou-desktop.png")
    image.save(ico_out / "liushou-desktop.ico", sizes=ICO_SIZES)
    print(f"wrote {png_out / 'liushou-desktop.png'} and {ico_out / 'liushou-desktop.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
