"""Every image carries its width and height, so the page does not shift as it loads.

Content images without a size of their own get the file's
(``sphinx.util.images.get_image_size``); one whose size cannot be read (an SVG
with only a viewBox) is a warning naming file and line. The sidebar logo's
size goes to _templates/sidebar/brand.html as ``os2_logo_size``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.images import get_image_size

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


class ImageSizes(SphinxPostTransform):
    """Width and height from the file, for content images with no size given."""

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for image in self.document.findall(nodes.image):
            if any(key in image for key in ("width", "height", "scale")):
                continue  # the author's size (or scale) stands
            uri = image.get("uri", "")
            if "://" in uri or uri.startswith("data:") or uri.endswith("*"):
                continue
            size = get_image_size(Path(self.env.srcdir) / uri)
            if size is None:
                logger.warning(
                    f"Billedets bredde og højde kan ikke læses af filen {uri}. Skriv dem i "
                    "billedet (fx :width: 640 og :height: 480 i et {image}-direktiv), så "
                    "siden ikke hopper, mens billedet hentes.",
                    location=image, type="os2", subtype="image",
                )  # fmt: skip
            else:
                image["width"], image["height"] = str(size[0]), str(size[1])


def _logo_size(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    logo = app.config.html_logo
    if logo and "://" not in logo:
        context["os2_logo_size"] = get_image_size(Path(app.confdir) / logo)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_post_transform(ImageSizes)
    app.connect("html-page-context", _logo_size)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
